import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// `ssp-admin backup` and `restore` (issue 14): SQLite's online backup, checked, and a restore that
/// never replaces a database under a live server.
@Suite("Backup and restore")
struct BackupTests {
    static func desk(_ db: AppDatabase) -> TicketDesk {
        TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: ManualClock(Instants.t0))
    }

    @Test("a backup taken while 4 writers file and comment is one consistent snapshot, checked, and restores to the same rows")
    func backupUnderLoad() async throws {
        try await withTemporaryDatabase { db, path in
            let people = try await seedDirectory(db)
            let desk = Self.desk(db)
            for i in 0..<20 { _ = try await desk.file(laptopRequest("Voor de back-up \(i)"), by: people.requesterA) }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let backupPath = folder.appendingPathComponent("backups/ssp-2025-06-02.sqlite").path
            // 4 writers × 25 tickets, each with a reply: bounded, and running while the backup copies.
            let writers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            for i in 0..<25 {
                                let ticket = try await desk.file(laptopRequest("Schrijver \(writer) nr \(i)"), by: people.requesterA)
                                _ = try await desk.comment(on: ticket.number, body: "Nog iets", visibility: .reply, by: people.requesterA)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            try await Task.sleep(for: .milliseconds(30))
            let report = try await Task.detached { try db.backup(to: backupPath) }.value
            try await writers.value
            let tickets = try #require(report.rows["ticket"])
            #expect((20...120).contains(tickets))
            #expect(report.schema == (try db.appliedMigrations().last))
            #expect(report.bytes > 0)
            // One snapshot: every ticket in the copy has its `filed` event, and every reply its ticket.
            let copy = try AppDatabase(path: backupPath)
            #expect(try await copy.executeForTesting("SELECT count(*) FROM ticket_event WHERE kind = 'filed'") == String(tickets))
            #expect(try await copy.executeForTesting("SELECT count(*) FROM ticket_comment WHERE ticket_id NOT IN (SELECT id FROM ticket)") == "0")
            #expect(try await copy.executeForTesting("PRAGMA integrity_check") == "ok")
            // No partial file is left beside the backup.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("backups").path).filter { $0.contains("partial") } == [])

            let restoredPath = folder.appendingPathComponent("restored/ssp.sqlite").path
            let restored = try AppDatabase.restore(from: backupPath, to: restoredPath)
            #expect(restored.rows == report.rows)
            let reopened = try AppDatabase(path: restoredPath)
            #expect(try await reopened.rowsForTesting("ticket") == (try await copy.rowsForTesting("ticket")))
            #expect(try await reopened.searchIndexForTesting() == (try await copy.searchIndexForTesting()))
        }
    }

    @Test("restore refuses a database a live server holds, a backup from a newer SSP and a file that is no database; the database is unchanged")
    func restoreRefusals() async throws {
        try await withTemporaryDatabase { db, path in
            let people = try await seedDirectory(db)
            _ = try await Self.desk(db).file(laptopRequest("Blijft"), by: people.requesterA)
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let backupPath = folder.appendingPathComponent("b.sqlite").path
            _ = try db.backup(to: backupPath)
            _ = try await Self.desk(db).file(laptopRequest("Na de back-up"), by: people.requesterA)
            let before = try await db.rowsForTesting("ticket")

            let server = try #require(try LiveLock(databasePath: path, exclusive: false))
            #expect { try AppDatabase.restore(from: backupPath, to: path) } throws: { error in
                "\(error)" == "\(path) is held by a running ssp-server: stop it, then restore"
            }
            server.release()

            let newer = try AppDatabase(path: backupPath)
            _ = try await newer.executeForTesting("INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
            #expect { try AppDatabase.restore(from: backupPath, to: path) } throws: { error in
                "\(error)" == "\(backupPath) was made by a newer SSP (unknown migrations: v99-from-the-future)"
            }

            let garbage = folder.appendingPathComponent("garbage.sqlite").path
            try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
            #expect(throws: (any Error).self) { try AppDatabase.restore(from: garbage, to: path) }
            #expect(try await db.rowsForTesting("ticket") == before)
            #expect(before.count == 2)
        }
    }
}
