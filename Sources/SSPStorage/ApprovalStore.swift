import Foundation
import GRDB
import SSPCore

extension AppDatabase: ApprovalStore {
    public func fallbackApprovers() async throws -> [String: UserID] {
        try await writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT administration, user_id FROM approval_fallback").map {
                    ($0["administration"] as String, UserID($0["user_id"] as Int64))
                })
        }
    }

    public func setFallbackApprover(_ id: UserID?, administration: String) async throws {
        try await writer.write { db in
            if let id {
                try db.execute(
                    sql: """
                        INSERT INTO approval_fallback(administration, user_id) VALUES (?, ?)
                        ON CONFLICT(administration) DO UPDATE SET user_id = excluded.user_id
                        """, arguments: [administration, id.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM approval_fallback WHERE administration = ?", arguments: [administration])
            }
        }
    }

    public func addDelegation(manager: UserID, delegate: UserID, from: LocalDate, to: LocalDate, at now: Date) async throws -> ApprovalDelegation {
        do {
            return try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO approval_delegation(manager_id, delegate_id, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?)
                        """, arguments: [manager.rawValue, delegate.rawValue, from.description, to.description, now.unixMillis])
                return ApprovalDelegation(id: db.lastInsertedRowID, managerID: manager, delegateID: delegate, startsOn: from, endsOn: to, createdAt: now)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER && error.message == "approval_delegation_overlap" {
            throw ApprovalError.delegationOverlaps(manager: try await user(id: manager)?.email ?? manager.description)
        }
    }

    public func removeDelegation(id: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM approval_delegation WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    public func delegations(manager: UserID?, endingFrom day: LocalDate) async throws -> [ApprovalDelegation] {
        try await writer.read { db in
            var sql = "SELECT * FROM approval_delegation WHERE ends_on >= ?"
            var arguments: StatementArguments = [day.description]
            if let manager {
                sql += " AND manager_id = ?"
                _ = arguments.append(contentsOf: [manager.rawValue])
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY starts_on, id", arguments: arguments).map { row in
                guard let startsOn = LocalDate(iso: row["starts_on"]), let endsOn = LocalDate(iso: row["ends_on"]) else {
                    throw StorageError.corrupt("approval_delegation \(row["id"] as Int64): bad dates")
                }
                return ApprovalDelegation(
                    id: row["id"], managerID: UserID(row["manager_id"] as Int64), delegateID: UserID(row["delegate_id"] as Int64),
                    startsOn: startsOn, endsOn: endsOn, createdAt: row.instant("created_at")!)
            }
        }
    }

    public func strandedApprovals(limit: Int) async throws -> [TicketNumber] {
        try await writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT ticket.number FROM ticket LEFT JOIN user ON user.id = ticket.approver_id
                    WHERE ticket.status = 'awaiting_approval' AND (user.id IS NULL OR user.active = 0)
                    ORDER BY ticket.id LIMIT ?
                    """, arguments: [limit]
            ).map(TicketNumber.init(rawValue:))
        }
    }
}
