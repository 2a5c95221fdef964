import Foundation
import GRDB
import SSPCore

extension AppDatabase: IdempotencyStore {
    public func claimIdempotencyKey(
        _ key: String, of user: UserID, fingerprint: String, at now: Date, expiresAt: Date, abandonedBefore: Date
    ) async throws -> IdempotencyClaim {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM idempotency_key WHERE expires_at <= ?", arguments: [now.unixMillis])
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT fingerprint, state, started_at, status, headers, body FROM idempotency_key WHERE user_id = ? AND key = ?",
                    arguments: [user.rawValue, key])
            else {
                try db.execute(
                    sql: """
                        INSERT INTO idempotency_key(user_id, key, fingerprint, state, started_at, expires_at) VALUES (?, ?, ?, 'in_flight', ?, ?)
                        """, arguments: [user.rawValue, key, fingerprint, now.unixMillis, expiresAt.unixMillis])
                return .proceed
            }
            guard row[0] as String == fingerprint else { return .reused }
            if row[1] as String == "done" {
                let headers = try JSON.decode([String: String].self, row[4] as String? ?? "{}")
                return .replay(KeptResponse(status: row[3], headers: headers, body: row[5] as Data? ?? Data()))
            }
            guard Date(unixMillis: row[2]) < abandonedBefore else { return .inFlight }
            // Left in flight by a process that died: this request takes the key over.
            try db.execute(
                sql: "UPDATE idempotency_key SET started_at = ?, expires_at = ? WHERE user_id = ? AND key = ?",
                arguments: [now.unixMillis, expiresAt.unixMillis, user.rawValue, key])
            return .proceed
        }
    }

    public func completeIdempotencyKey(_ key: String, of user: UserID, response: KeptResponse) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE idempotency_key SET state = 'done', status = ?, headers = ?, body = ? WHERE user_id = ? AND key = ?",
                arguments: [response.status, JSON.encode(response.headers), response.body, user.rawValue, key])
        }
    }

    public func releaseIdempotencyKey(_ key: String, of user: UserID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM idempotency_key WHERE user_id = ? AND key = ? AND state = 'in_flight'", arguments: [user.rawValue, key])
        }
    }
}

extension AppDatabase: OperationsStore {
    public func operationalFigures(today: LocalDate) async throws -> OperationalFigures {
        try await writer.read { db in
            // Open tickets per directorate from the queue's index (v7, partial on the open statuses).
            var open: [String: Int] = [:]
            var atRisk: [String: Int] = [:]
            var breached: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT directorate_code, count(*), count(*) FILTER (WHERE sla_status = 'at_risk'), count(*) FILTER (WHERE sla_status = 'breached')
                    FROM ticket WHERE status IN ('awaiting_approval', 'new', 'assigned', 'in_progress', 'waiting_on_requester')
                    GROUP BY directorate_code
                    """)
            {
                open[row[0]] = row[1]
                atRisk[row[0]] = row[2]
                breached[row[0]] = row[3]
            }
            var bookings: [BookingState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM booking WHERE date = ? GROUP BY state", arguments: [today.description]) {
                bookings[try AppDatabase.decode(row, "state")] = row[1]
            }
            let filed = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM ticket") ?? 0
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return OperationalFigures(
                ticketsFiled: filed, openBacklog: open, atRisk: atRisk, breached: breached, bookingsToday: bookings, databaseBytes: pages * pageSize)
        }
    }
}
