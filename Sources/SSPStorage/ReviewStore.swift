import Foundation
import GRDB
import SSPCore

extension AppDatabase: ReviewStore {
    static func review(row: Row) throws -> Review {
        guard let period = ReviewPeriod(label: row["period_label"]) else { throw DatabaseError(message: "review.period_label: unexpected value") }
        return Review(
            id: row["id"], scope: row["scope"], period: period, targets: try JSON.decode([Target].self, row["targets"]),
            status: try AppDatabase.decode(row, "status"), createdAt: row.instant("created_at")!, closedAt: row.instant("closed_at"))
    }

    static func action(row: Row) throws -> ImprovementAction {
        let due: String = row["due_date"]
        guard let date = LocalDate(iso: due) else { throw StorageError.corrupt("review_action.due_date = '\(due)'") }
        return ImprovementAction(
            id: row["id"], reviewID: row["review_id"], title: row["title"], owner: row["owner"],
            due: date, status: try decode(row, "status"))
    }

    public func action(id: Int64) async throws -> ImprovementAction? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM review_action WHERE id = ?", arguments: [id]).map(Self.action(row:))
        }
    }

    public func createReview(scope: String, period: ReviewPeriod, targets: [Target], at now: Date) async throws -> Review {
        do {
            return try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO review(scope, period_kind, period_label, period_start, period_end, targets, status, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
                        """,
                    arguments: [
                        scope, period.kind.rawValue, period.label, period.start.unixMillis, period.end.unixMillis,
                        try JSON.encode(targets), now.unixMillis,
                    ])
                return try Self.review(row: try Row.fetchOne(db, sql: "SELECT * FROM review WHERE id = ?", arguments: [db.lastInsertedRowID])!)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ReviewError.duplicate(scope: scope, period: period.label)
        }
    }

    public func review(id: Int64) async throws -> Review? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM review WHERE id = ?", arguments: [id]).map(Self.review(row:)) }
    }

    public func reviews(scope: String) async throws -> [Review] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review WHERE scope = ? ORDER BY period_start DESC, id DESC", arguments: [scope]).map(Self.review(row:))
        }
    }

    public func closeReview(id: Int64, at now: Date) async throws -> Review {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review WHERE id = ?", arguments: [id]) else { throw ReviewError.notFound(id) }
            guard row["status"] as String == "open" else { throw ReviewError.closed(id) }
            try db.execute(sql: "UPDATE review SET status = 'closed', closed_at = ? WHERE id = ?", arguments: [now.unixMillis, id])
            return try Self.review(row: try Row.fetchOne(db, sql: "SELECT * FROM review WHERE id = ?", arguments: [id])!)
        }
    }

    public func addAction(reviewID: Int64, title: String, owner: String, due: LocalDate, at now: Date) async throws -> ImprovementAction {
        try await writer.write { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM review WHERE id = ?", arguments: [reviewID]) else {
                throw ReviewError.notFound(reviewID)
            }
            guard status == "open" else { throw ReviewError.closed(reviewID) }
            try db.execute(
                sql: """
                    INSERT INTO review_action(review_id, title, owner, due_date, status, created_at) VALUES (?, ?, ?, ?, 'open', ?)
                    """, arguments: [reviewID, title, owner, due.description, now.unixMillis])
            return try Self.action(row: try Row.fetchOne(db, sql: "SELECT * FROM review_action WHERE id = ?", arguments: [db.lastInsertedRowID])!)
        }
    }

    public func setAction(id: Int64, status: ImprovementAction.Status, at now: Date) async throws -> ImprovementAction {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE review_action SET status = ?, closed_at = ? WHERE id = ?",
                arguments: [status.rawValue, status == .open ? nil : now.unixMillis, id])
            guard db.changesCount == 1, let row = try Row.fetchOne(db, sql: "SELECT * FROM review_action WHERE id = ?", arguments: [id]) else {
                throw ReviewError.actionNotFound(id)
            }
            return try Self.action(row: row)
        }
    }

    public func actions(for review: Review) async throws -> [ImprovementAction] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT review_action.* FROM review_action JOIN review ON review.id = review_action.review_id
                    WHERE review_action.review_id = ?
                       OR (review.scope = ? AND review.period_start < ? AND review_action.status = 'open')
                    ORDER BY review_action.due_date, review_action.id
                    """, arguments: [review.id, review.scope, review.period.start.unixMillis]
            ).map(Self.action(row:))
        }
    }

    public func ticketCounts(from: Date, to: Date, directorates: Set<String>?) async throws -> (filed: Int, backlog: Int) {
        try await writer.read { db in
            // Every directorate when none is named: the same index ranges, one per directorate.
            var scope = "directorate_code IN (SELECT code FROM directorate)"
            var scopeArguments: StatementArguments = []
            if let directorates {
                guard !directorates.isEmpty else { return (0, 0) }
                scope = "directorate_code IN (\(databaseQuestionMarks(count: directorates.count)))"
                scopeArguments = StatementArguments(directorates.sorted())
            }
            func count(_ condition: String, _ arguments: StatementArguments) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket WHERE \(scope) AND \(condition)", arguments: scopeArguments + arguments) ?? 0
            }
            let filed = try count("created_at >= ? AND created_at < ?", [from.unixMillis, to.unixMillis])
            // Open at `to`: filed before, and neither resolved (as far as the last resolution tells) nor
            // cancelled or closed before. Both happen after filing, so the backlog is what finishes at or
            // after `to` (open tickets finish at Int64.max) less what was filed at or after it: two counts
            // on index ranges from `to` on (ticket_directorate_finished, ticket_directorate_created), short
            // for the recent periods a review reads, instead of every ticket filed before `to` (issue 12).
            let finished = """
                min(coalesce(resolved_at, 9223372036854775807),
                    CASE WHEN status IN ('cancelled', 'closed') THEN coalesce(closed_at, 9223372036854775807) ELSE 9223372036854775807 END)
                """
            let backlog = try count("\(finished) >= ?", [to.unixMillis]) - count("created_at >= ?", [to.unixMillis])
            return (filed, backlog)
        }
    }
}
