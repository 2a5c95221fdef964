import Crypto
import Foundation
import GRDB
import SSPCore

/// The SSP database: a GRDB `DatabasePool` on a file (WAL) or a `DatabaseQueue` in memory.
///
/// Every connection runs with `foreign_keys=ON`, `synchronous=FULL` (an
/// acknowledged ticket survives a power cut) and a 5 s busy timeout. The
/// initialiser runs the migrator, so an instance always has the current schema.
/// It implements SSPCore's store protocols; no GRDB type leaves this module.
public final class AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Key of the survey invitation tokens (HMAC-SHA256), kept in the database.
    let surveyKey: SymmetricKey

    /// Opens (creating the file and its directory if missing) and migrates the database at `path`.
    /// - Throws: file-system errors, or a `DatabaseError` when the file is not an SSP database.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        writer = try DatabasePool(path: path, configuration: Self.configuration())
        try Self.migrator.migrate(writer)
        surveyKey = try Self.surveyKey(writer)
    }

    /// An in-memory database (tests that do not need WAL behaviour).
    public init() throws {
        writer = try DatabaseQueue(configuration: Self.configuration())
        try Self.migrator.migrate(writer)
        surveyKey = try Self.surveyKey(writer)
    }

    private static func surveyKey(_ writer: any DatabaseWriter) throws -> SymmetricKey {
        let data = try writer.read { db in try Data.fetchOne(db, sql: "SELECT value FROM app_secret WHERE name = 'survey_token_key'") }
        guard let data else { throw DatabaseError(message: "app_secret.survey_token_key is missing") }
        return SymmetricKey(data: data)
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    /// The names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Migrates to the current schema (already done by `init`; idempotent).
    /// - Returns: the migrations that were applied by this call.
    public func migrate() throws -> [String] {
        let before = Set(try appliedMigrations())
        try Self.migrator.migrate(writer)
        return try appliedMigrations().filter { !before.contains($0) }
    }

    /// Checkpoints the WAL into the main file (used before a file copy backup and on shutdown).
    public func checkpoint() throws {
        try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
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
