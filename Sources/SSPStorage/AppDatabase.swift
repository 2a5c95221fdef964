import Crypto
import Foundation
import GRDB
import SSPCore
import Synchronization

/// The SSP database: a GRDB `DatabasePool` on a file (WAL) or a `DatabaseQueue` in memory.
///
/// Every connection runs with `foreign_keys=ON`, `synchronous=FULL` (an
/// acknowledged ticket survives a power cut) and a 5 s busy timeout. The
/// initialiser runs the migrator, so an instance always has the current schema.
/// It implements SSPCore's store protocols; no GRDB type leaves this module.
public final class AppDatabase: Sendable {
    /// The GRDB pool (a file) or queue (in memory).
    let base: any DatabaseWriter
    /// `base` as every store method uses it: disk and lock failures become `StoreUnavailable`.
    var writer: StoreWriter { StoreWriter(base: base) }
    /// Key of the survey invitation tokens (HMAC-SHA256), kept in the database.
    let surveyKey: SymmetricKey
    /// The catalogue last read and the revision it was read at (`snapshot()`).
    let catalogueCache = Mutex<CatalogueSnapshot?>(nil)

    /// Every SQL statement run, with its values, while `recordStatements` is on (tests of query plans).
    let statementLog: StatementLog?

    /// Opens (creating the file and its directory if missing) and migrates the database at `path`.
    /// - Parameter recordingStatements: keep the text of every statement run for `recordStatements`
    ///   (query-plan tests); off in production, where it would cost a closure call per statement.
    /// - Throws: file-system errors, or a `DatabaseError` when the file is not an SSP database.
    ///
    /// Processes opening the same file at the same moment take turns (`StartupLock`): the first
    /// migrates, the others wait and find nothing to do (issue 14: two servers started together
    /// on a new file died of `table already exists` or `database is locked`).
    public convenience init(path: String, recordingStatements: Bool) throws {
        let lock = try StartupLock(databasePath: path)
        defer { lock.release() }
        try self.init(unlockedPath: path, recordingStatements: recordingStatements)
    }

    /// Opens and migrates the database at `path` like `init(path:)`, then runs `prepare` (the
    /// server's first catalogue import) while still holding the start-up lock, so that a second
    /// process started at the same moment waits for both and then finds nothing to do.
    /// - Throws: what `init(path:)` and `prepare` throw.
    public static func open(path: String, prepare: @Sendable (AppDatabase) async throws -> Void) async throws -> AppDatabase {
        let lock = try StartupLock(databasePath: path)
        defer { lock.release() }
        let database = try AppDatabase(unlockedPath: path, recordingStatements: false)
        try await prepare(database)
        return database
    }

    private init(unlockedPath path: String, recordingStatements: Bool) throws {
        let log = recordingStatements ? StatementLog() : nil
        statementLog = log
        base = try DatabasePool(path: path, configuration: Self.configuration(log: log))
        try Self.refuseNewerSchema(base, path: path)
        try Self.migrator.migrate(base)
        surveyKey = try Self.surveyKey(base)
    }

    /// Opens (creating the file and its directory if missing) and migrates the database at `path`.
    /// - Throws: file-system errors, or a `DatabaseError` when the file is not an SSP database.
    public convenience init(path: String) throws { try self.init(path: path, recordingStatements: false) }

    /// An in-memory database (tests that do not need WAL behaviour).
    public init() throws {
        statementLog = nil
        base = try DatabaseQueue(configuration: Self.configuration(log: nil))
        try Self.migrator.migrate(base)
        surveyKey = try Self.surveyKey(base)
    }

    /// A database migrated by a newer SSP (a migration this build does not know) is never touched:
    /// running this build's code on it could corrupt what the newer one wrote (issue 14).
    static func refuseNewerSchema(_ writer: any DatabaseWriter, path: String) throws {
        let (superseded, applied) = try writer.read { db in
            try (Self.migrator.hasBeenSuperseded(db), try db.tableExists("grdb_migrations") ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : [])
        }
        guard superseded else { return }
        let known = Set(Self.migrator.migrations)
        throw StorageError(
            description: "\(path) was migrated by a newer SSP (unknown migrations: \(applied.filter { !known.contains($0) }.sorted().joined(separator: ", "))); install that version or a later one")
    }

    private static func surveyKey(_ writer: any DatabaseWriter) throws -> SymmetricKey {
        let data = try writer.read { db in try Data.fetchOne(db, sql: "SELECT value FROM app_secret WHERE name = 'survey_token_key'") }
        guard let data else { throw DatabaseError(message: "app_secret.survey_token_key is missing") }
        return SymmetricKey(data: data)
    }

    static func configuration(log: StatementLog?) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if let log {
                db.trace(options: .statement) { event in
                    if case let .statement(statement) = event { log.record(statement.expandedSQL) }
                }
            }
        }
        return configuration
    }

    /// The statements (values bound in) that `work` ran, in order, with SQLite's query plan of each
    /// `SELECT`: one line per step (`SEARCH ticket USING INDEX ticket_open_due (directorate_code=?)`).
    /// Only on a database opened with `recordingStatements: true`.
    public func recordStatements(during work: () async throws -> Void) async throws -> [(sql: String, plan: [String])] {
        guard let statementLog else { preconditionFailure("open the database with recordingStatements: true") }
        statementLog.start()
        try await work()
        let statements = statementLog.stop().filter { $0.uppercased().hasPrefix("SELECT") }
        return try await writer.read { db in
            try statements.map { sql in
                (sql, try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String })
            }
        }
    }

    /// The names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Migrates to the current schema (already done by `init`; idempotent).
    /// - Returns: the migrations that were applied by this call.
    public func migrate() throws -> [String] {
        let before = Set(try appliedMigrations())
        try Self.migrator.migrate(base)
        return try appliedMigrations().filter { !before.contains($0) }
    }

    /// Checkpoints the WAL into the main file (used before a file copy backup and on shutdown).
    public func checkpoint() throws {
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}

/// An exclusive advisory lock (`flock`) on `<database>.lock` beside the database, held while a
/// process migrates a database and imports its first catalogue; another process blocks until it is
/// released. The lock goes with the process: a crashed holder releases it.
final class StartupLock: Sendable {
    private let descriptor: Int32
    private let released = Mutex(false)

    /// Creates the database's folder if missing, then waits for the lock.
    /// - Throws: `CocoaError` when the lock file cannot be opened.
    init(databasePath: String) throws {
        let url = URL(fileURLWithPath: databasePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lockPath = url.path + ".lock"
        descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: lockPath, NSUnderlyingErrorKey: POSIXError(.init(rawValue: errno) ?? .EIO)])
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        released.withLock { done in
            guard !done else { return }
            done = true
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    deinit { release() }
}

/// The statements run while recording (`AppDatabase.recordStatements`).
final class StatementLog: Sendable {
    private let statements = Mutex<[String]?>(nil)
    func start() { statements.withLock { $0 = [] } }
    func stop() -> [String] {
        statements.withLock { log in
            defer { log = nil }
            return log ?? []
        }
    }
    func record(_ sql: String) { statements.withLock { $0?.append(sql) } }
}

extension AppDatabase {
    /// Runs raw SQL for tests that prove a constraint holds or count rows:
    /// returns the database's error message, the first column of the first
    /// row as text, or `nil` when the statement returned no row.
    public func executeForTesting(_ sql: String) async throws -> String? {
        do {
            return try await writer.write { db in
                try Row.fetchOne(db, sql: sql).map { row in
                    let value: DatabaseValue = row[0]
                    return String.fromDatabaseValue(value) ?? value.description
                }
            }
        } catch let error as DatabaseError {
            return error.message
        }
    }
}

extension AppDatabase {
    /// Every row of `table` in rowid order, each as `[column:value …]` (tests that compare two databases).
    public func rowsForTesting(_ table: String) async throws -> [String] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid").map(\.description) }
    }

    /// Every token of the ticket search index as `term, ticket id, column, offset` (tests compare two loads).
    public func searchIndexForTesting() async throws -> [String] {
        try await writer.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.ticket_search_instance USING fts5vocab(main, ticket_search, instance)")
            return try Row.fetchAll(db, sql: "SELECT term, doc, col, offset FROM temp.ticket_search_instance ORDER BY term, doc, col, offset").map(\.description)
        }
    }
}

/// A stored row that does not decode into its domain type: the database was written by
/// something else than this code, or by hand. Thrown instead of falling back to a default.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    static func corrupt(_ what: String) -> StorageError { StorageError(description: "corrupt row: \(what)") }
}

extension AppDatabase {
    /// The enum stored in `column` of `row`.
    /// - Throws: `StorageError` for a value the enum does not know (never a silent default).
    static func decode<E: RawRepresentable>(_ row: Row, _ column: String) throws -> E where E.RawValue == String {
        let raw: String = row[column]
        guard let value = E(rawValue: raw) else { throw StorageError.corrupt("\(column) = '\(raw)'") }
        return value
    }
}
