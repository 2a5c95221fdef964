import Foundation
import GRDB
import SSPCore

extension AppDatabase: CannedReplyStore {
    public func cannedReplies(of directorates: Set<String>) async throws -> [CannedReply] {
        guard !directorates.isEmpty else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM canned_reply WHERE directorate_code IN (\(databaseQuestionMarks(count: directorates.count))) ORDER BY directorate_code, key",
                arguments: StatementArguments(directorates.sorted())
            ).map(Self.cannedReply(row:))
        }
    }

    public func cannedReply(id: Int64) async throws -> CannedReply? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM canned_reply WHERE id = ?", arguments: [id]).map(Self.cannedReply(row:)) }
    }

    public func save(_ reply: CannedReply) async throws -> CannedReply {
        do {
            return try await writer.write { db in
                var reply = reply
                let values: StatementArguments = [
                    reply.directorateCode, reply.key, reply.title.nl, reply.title.fr, reply.title.en, reply.body.nl, reply.body.fr, reply.body.en,
                    reply.updatedAt.unixMillis,
                ]
                if reply.id == 0 {
                    try db.execute(
                        sql: """
                            INSERT INTO canned_reply(directorate_code, key, title_nl, title_fr, title_en, body_nl, body_fr, body_en, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: values)
                    reply.id = db.lastInsertedRowID
                } else {
                    try db.execute(
                        sql: """
                            UPDATE canned_reply SET directorate_code = ?, key = ?, title_nl = ?, title_fr = ?, title_en = ?, body_nl = ?, body_fr = ?,
                            body_en = ?, updated_at = ? WHERE id = ?
                            """, arguments: values + [reply.id])
                    guard db.changesCount == 1 else { throw CannedReplyError.notFound(reply.id) }
                }
                return reply
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw CannedReplyError.duplicateKey(reply.key)
        }
    }

    public func deleteCannedReply(id: Int64) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM canned_reply WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    static func cannedReply(row: Row) -> CannedReply {
        CannedReply(
            id: row["id"], directorateCode: row["directorate_code"], key: row["key"],
            title: LocalizedText(nl: row["title_nl"], fr: row["title_fr"], en: row["title_en"]),
            body: LocalizedText(nl: row["body_nl"], fr: row["body_fr"], en: row["body_en"]), updatedAt: row.instant("updated_at")!)
    }
}
