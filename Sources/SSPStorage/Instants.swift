import Foundation
import GRDB

/// Instants are stored as INTEGER milliseconds since 1970-01-01T00:00:00Z (UTC).
/// Exact, unlike a formatted text (a formatter may truncate 0.123 s stored as
/// 0.12299… to .122), so a cursor or a comparison never drifts by a millisecond.
/// Read them with `datetime(created_at / 1000, 'unixepoch')` in the sqlite3 shell.
extension Date {
    var unixMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(unixMillis: Int64) { self.init(timeIntervalSince1970: Double(unixMillis) / 1000) }
}

extension Row {
    /// The instant in `column` (INTEGER milliseconds), `nil` when NULL.
    func instant(_ column: String) -> Date? {
        (self[column] as Int64?).map(Date.init(unixMillis:))
    }
}
