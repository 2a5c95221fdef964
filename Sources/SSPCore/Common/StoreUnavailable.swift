import Foundation

/// The database cannot take the operation now, through no fault of the request (issue 14): the
/// disk is full, the file is read-only, or it stayed locked past the busy timeout. Nothing was
/// written (SQLite rolled the transaction back). Reads may still work; a write may succeed once
/// the cause is gone, with no restart. The API answers 503 with `Retry-After`.
public struct StoreUnavailable: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// No space left on the device (or the file-size limit reached).
        case full
        /// The file or its folder is read-only.
        case readOnly = "read_only"
        /// Another connection held the database past the busy timeout.
        case busy
        /// The operating system refused a read or a write.
        case io
    }

    public var reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .full: "the database's disk is full"
        case .readOnly: "the database is read-only"
        case .busy: "the database is busy"
        case .io: "the database's disk refused a read or a write"
        }
    }
}
