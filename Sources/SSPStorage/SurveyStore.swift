import Crypto
import Foundation
import GRDB
import SSPCore

extension AppDatabase: SurveyStore {
    static func survey(row: Row) throws -> Survey {
        Survey(
            id: row["id"], ticketID: TicketID(row["ticket_id"] as Int64), requesterID: UserID(row["requester_id"] as Int64),
            state: try AppDatabase.decode(row, "state"), invitedAt: row.instant("invited_at")!,
            expiresAt: row.instant("expires_at")!, answeredAt: row.instant("answered_at"), score: row["score"], comment: row["comment"])
    }

    public func survey(ofTicket ticketID: TicketID) async throws -> Survey? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM survey WHERE ticket_id = ?", arguments: [ticketID.rawValue]).map(Self.survey(row:))
        }
    }

    public func survey(id: Int64) async throws -> Survey? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM survey WHERE id = ?", arguments: [id]).map(Self.survey(row:))
        }
    }

    public func answerSurvey(id: Int64, score: Int, comment: String?, at now: Date) async throws -> Survey {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE survey SET answered_at = ?, score = ?, comment = ? WHERE id = ? AND answered_at IS NULL AND state = 'invited'",
                arguments: [now.unixMillis, score, comment, id])
            guard db.changesCount == 1 else { throw SurveyError.alreadyAnswered }
            return try Self.survey(row: try Row.fetchOne(db, sql: "SELECT * FROM survey WHERE id = ?", arguments: [id])!)
        }
    }

    /// `<id>.<base64url HMAC-SHA256(key, "survey:<id>")>`.
    public func surveyToken(id: Int64) -> String {
        "\(id).\(signature(id))"
    }

    public func surveyID(token: String) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[0]) else { return nil }
        let expected = Array(signature(id).utf8), given = Array(parts[1].utf8)
        // Constant-time comparison: the time taken says nothing about how much of a forged token was right.
        guard expected.count == given.count else { return nil }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0 ? id : nil
    }

    private func signature(_ id: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("survey:\(id)".utf8), using: surveyKey)
        return Data(mac).base64URLEncoded
    }

    public func surveyRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SurveyRecord] {
        try await writer.read { db in
            // INDEXED BY: without statistics SQLite reads all of a directorate's tickets through
            // ticket_directorate_finished (3 s for a review at 10^6 tickets) rather than its resolutions in the period.
            var sql = """
                SELECT ticket.directorate_code, ticket.service_code, ticket.assignee_id, ticket.channel, ticket.resolved_at, survey.score, survey.comment, ticket.confidential,
                    ticket.reopened
                FROM survey JOIN ticket INDEXED BY ticket_directorate_resolved ON ticket.id = survey.ticket_id
                WHERE survey.state = 'invited' AND ticket.resolved_at >= ? AND ticket.resolved_at < ?
                """
            var arguments: StatementArguments = [from.unixMillis, to.unixMillis]
            if let directorates {
                guard !directorates.isEmpty else { return [] }
                sql += " AND ticket.directorate_code IN (\(databaseQuestionMarks(count: directorates.count)))"
                _ = arguments.append(contentsOf: StatementArguments(directorates.sorted()))
            } else {
                // Every directorate: one range of ticket_directorate_resolved each, instead of reading every survey.
                sql += " AND ticket.directorate_code IN (SELECT code FROM directorate)"
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SurveyRecord(
                    directorateCode: row["directorate_code"], serviceCode: row["service_code"],
                    agentID: (row["assignee_id"] as Int64?).map { UserID($0) }, channel: try Self.decode(row, "channel"),
                    resolvedAt: row.instant("resolved_at")!, score: row["score"], reopened: row["reopened"], comment: row["comment"],
                    confidential: row["confidential"])
            }
        }
    }
}
