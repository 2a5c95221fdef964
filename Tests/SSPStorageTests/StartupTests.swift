import Foundation
import SSPStorage
import SSPTestSupport
import Testing

/// Opening a database file: processes that start together, and a file from a newer SSP (issue 14).
@Suite("Start-up")
struct StartupTests {
    /// Without the start-up lock, 2 rounds of 3 failed with `table calendar already exists`.
    @Test("8 openers of one new file at the same moment, 5 rounds: all succeed, the schema is migrated once", arguments: 1...5)
    func concurrentFirstOpen(round: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssp-startup-\(round)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ssp.sqlite").path
        // Each opener has its own descriptor of the lock file, as a second process would.
        let migrated = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try AppDatabase(path: path).appliedMigrations().count } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let expected = try AppDatabase().appliedMigrations().count
        #expect(migrated == Array(repeating: expected, count: 8))
        let db = try AppDatabase(path: path)
        #expect(try await db.executeForTesting("SELECT count(*) FROM grdb_migrations") == String(expected))
    }

    @Test("a database migrated by a newer SSP is refused, named, and left untouched")
    func newerSchemaIsRefused() async throws {
        try await withTemporaryDatabase { db, path in
            _ = try await db.executeForTesting("INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
            let before = try await db.rowsForTesting("grdb_migrations")
            #expect {
                _ = try AppDatabase(path: path)
            } throws: { error in
                "\(error)" == "\(path) was migrated by a newer SSP (unknown migrations: v99-from-the-future); install that version or a later one"
            }
            #expect(try await db.rowsForTesting("grdb_migrations") == before)
        }
    }
}
