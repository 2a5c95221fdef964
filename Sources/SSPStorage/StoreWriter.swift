import Foundation
import GRDB
import SSPCore

/// The database connection(s) as every store method uses them: GRDB's `read` and `write`, with the
/// failures that are the disk's or the lock's, not the request's, turned into `StoreUnavailable`
/// (SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN). The
/// transaction is rolled back either way; other errors pass as they are.
struct StoreWriter: Sendable {
    let base: any DatabaseWriter

    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await base.read(value) } catch { throw Self.mapped(error) }
    }

    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await base.write(updates) } catch { throw Self.mapped(error) }
    }

    func read<T>(_ value: (Database) throws -> T) throws -> T {
        do { return try base.read(value) } catch { throw Self.mapped(error) }
    }

    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do { return try base.write(updates) } catch { throw Self.mapped(error) }
    }

    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        do { return try base.writeWithoutTransaction(updates) } catch { throw Self.mapped(error) }
    }

    /// `StoreUnavailable` for the disk's and the lock's failures, `error` itself otherwise.
    static func mapped(_ error: any Error) -> any Error {
        guard let database = error as? DatabaseError else { return error }
        switch database.resultCode {
        case .SQLITE_FULL: return StoreUnavailable(.full)
        case .SQLITE_READONLY: return StoreUnavailable(.readOnly)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreUnavailable(.busy)
        case .SQLITE_IOERR, .SQLITE_CANTOPEN:
            // A file-size limit (EFBIG) shows as an I/O error on write: the disk is as good as full.
            return StoreUnavailable(database.extendedResultCode == .SQLITE_IOERR_WRITE ? .full : .io)
        default: return error
        }
    }
}
