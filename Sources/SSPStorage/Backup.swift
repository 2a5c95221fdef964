import Foundation
import GRDB
import SSPCore
import Synchronization

/// What a backup or a restore found in the copy it checked.
public struct BackupReport: Sendable, Equatable {
    /// The last migration applied to the copy (`v14-idempotency-keys`).
    public var schema: String
    /// Rows per table (every table of the schema, shadow tables of the search indexes included).
    public var rows: [String: Int]
    /// The copy's size in bytes.
    public var bytes: Int64
    /// Seconds the copy and its check took.
    public var seconds: Double
}

/// Why a backup or a restore did nothing.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension AppDatabase {
    /// Copies the live database to `path` with SQLite's online backup (a running server keeps
    /// writing meanwhile: the copy is the database as of one transaction), then checks the copy:
    /// `PRAGMA integrity_check` is `ok`, every table has the row count the source had in the
    /// copied snapshot, and the schema version is the source's. The copy is written beside `path`
    /// and renamed onto it only once checked, so `path` is never a half-written backup.
    /// - Throws: `BackupError` when the check fails (nothing is left at `path`), file-system and
    ///   SQLite errors.
    public func backup(to path: String) throws -> BackupReport {
        let started = Date()
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        let destination = try DatabaseQueue(path: partial.path)
        // The counts and the pages come from one read transaction: the same snapshot.
        let expected: (schema: String, rows: [String: Int]) = try writer.read { db in
            let facts = try Self.facts(db)
            try destination.writeWithoutTransaction { copy in try db.backup(to: copy) }
            return facts
        }
        let found = try destination.read { db -> (schema: String, rows: [String: Int], integrity: String) in
            let facts = try Self.facts(db)
            return (facts.schema, facts.rows, try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer")
        }
        try destination.close()
        guard found.integrity == "ok" else { throw BackupError(description: "the copy fails its integrity check: \(found.integrity)") }
        guard found.schema == expected.schema else { throw BackupError(description: "the copy is at \(found.schema), the database at \(expected.schema)") }
        let differing = expected.rows.keys.sorted().filter { found.rows[$0] != expected.rows[$0] }
        guard differing.isEmpty, found.rows.count == expected.rows.count else {
            throw BackupError(description: "the copy's row counts differ in \(differing.joined(separator: ", "))")
        }
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.moveItem(at: partial, to: target)
        let bytes = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value ?? 0
        return BackupReport(schema: found.schema, rows: found.rows, bytes: bytes, seconds: Date().timeIntervalSince(started))
    }

    /// Replaces the database at `path` with the backup at `backupPath`, then migrates it if the
    /// backup is older than this build.
    ///
    /// Refused, with nothing changed, when a live `ssp-server` holds `path` (`LiveLock`), when the
    /// backup fails its integrity check, or when it was made by a newer SSP. While it runs, no
    /// server can start on `path`.
    /// - Returns: the report of the restored database, after migration.
    /// - Throws: `BackupError`, file-system and SQLite errors.
    public static func restore(from backupPath: String, to path: String) throws -> BackupReport {
        let started = Date()
        guard FileManager.default.fileExists(atPath: backupPath) else { throw BackupError(description: "\(backupPath): no such file") }
        guard let live = try LiveLock(databasePath: path, exclusive: true) else {
            throw BackupError(description: "\(path) is held by a running ssp-server: stop it, then restore")
        }
        defer { live.release() }
        var configuration = Configuration()
        configuration.readonly = true
        let source = try DatabaseQueue(path: backupPath, configuration: configuration)
        let checked = try source.read { db -> (integrity: String, applied: [String]) in
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer"
            let applied = try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            return (integrity, applied)
        }
        guard checked.integrity == "ok" else { throw BackupError(description: "\(backupPath) fails its integrity check: \(checked.integrity)") }
        guard !checked.applied.isEmpty else { throw BackupError(description: "\(backupPath) is not an SSP database (no migrations)") }
        let known = Set(migrator.migrations)
        let unknown = checked.applied.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw BackupError(description: "\(backupPath) was made by a newer SSP (unknown migrations: \(unknown.joined(separator: ", ")))")
        }
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        // The backup API writes every page into the destination, in WAL mode as the server runs it.
        let destination = try DatabasePool(path: path)
        try source.backup(to: destination)
        try destination.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try destination.close()
        try source.close()
        live.release()
        let restored = try AppDatabase(path: path)
        let facts = try restored.writer.read { db in try Self.facts(db) }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return BackupReport(schema: facts.schema, rows: facts.rows, bytes: bytes, seconds: Date().timeIntervalSince(started))
    }

    /// The last applied migration and the row count of every ordinary table.
    static func facts(_ db: Database) throws -> (schema: String, rows: [String: Int]) {
        let tables = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name
                """)
        var rows: [String: Int] = [:]
        for table in tables { rows[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0 }
        return (try migrator.appliedMigrations(db).last ?? "none", rows)
    }
}

/// A lock on `<database>.live` that every running `ssp-server` holds shared for its lifetime, so
/// that a restore (which takes it exclusively) never replaces a database under a live server, and
/// no server starts during a restore. `flock`: the lock goes with the process, a crashed server
/// holds nothing.
public final class LiveLock: Sendable {
    private let descriptor: Int32
    private let released = Mutex(false)

    /// Takes the lock: shared (a server; waits while a restore runs) or exclusive without waiting
    /// (a restore; `nil` when a server holds it).
    /// - Throws: `BackupError` when the lock file cannot be opened.
    public init?(databasePath: String, exclusive: Bool) throws {
        let url = URL(fileURLWithPath: databasePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lockPath = url.path + ".live"
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError(description: "\(lockPath): cannot open (errno \(errno))") }
        var result: Int32
        repeat { result = flock(descriptor, exclusive ? LOCK_EX | LOCK_NB : LOCK_SH) } while result != 0 && errno == EINTR
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    public func release() {
        released.withLock { done in
            guard !done else { return }
            done = true
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    deinit { release() }
}

extension AppDatabase {
    /// A database file at `path` migrated only up to `migration` (an old release's schema), with
    /// `statements` run on it afterwards outside a transaction (`ATTACH` allowed): what upgrade
    /// tests start from. Opening it with `init(path:)` then migrates it as a server would.
    /// - Throws: SQLite errors.
    public static func createForTesting(path: String, upTo migration: String, statements: [String]) throws {
        let queue = try DatabaseQueue(path: path, configuration: configuration(log: nil))
        try migrator.migrate(queue, upTo: migration)
        try queue.writeWithoutTransaction { db in
            for statement in statements { try db.execute(sql: statement) }
        }
        try queue.close()
    }
}
