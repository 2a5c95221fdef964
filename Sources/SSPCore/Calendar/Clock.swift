import Foundation

/// The source of "now" for every rule that depends on time. Injected so that
/// tests can fix time and background services can be driven deterministically.
public protocol Clock: Sendable {
    /// The current instant (UTC; `Date` carries no time zone).
    func now() -> Date
}

extension Clock {
    /// Now, to the millisecond: the precision instants are stored with, so a value read back
    /// equals the one returned when it was written.
    public func nowToTheMillisecond() -> Date {
        Date(timeIntervalSince1970: (now().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}

/// The real wall clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Time-zone helpers. The server's own time zone is never used: business
/// time, buckets and display are in Europe/Brussels (DESIGN.md, "Time").
public enum Brussels {
    /// The Europe/Brussels time zone (CET/CEST).
    public static let timeZone = TimeZone(identifier: "Europe/Brussels")!

    /// A Gregorian calendar fixed to Europe/Brussels.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// Formats an instant as ISO 8601 with the explicit Brussels offset,
    /// e.g. `2025-10-24T15:00:00+02:00`.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(isoStyle)
    }

    /// Parses ISO 8601 with an explicit offset (`Z` or `±hh:mm`), with or without fractional seconds.
    public static func parseISO8601(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: isoStyle) { return date }
        return try? Date(text, strategy: isoFractionalStyle)
    }

    private static let isoStyle = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone)
    private static let isoFractionalStyle = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, includingFractionalSeconds: true, timeZone: timeZone)

    /// The calendar year of `date` in Brussels (a ticket filed at
    /// 2025-12-31T23:30:00Z belongs to 2026).
    public static func year(of date: Date) -> Int {
        calendar.component(.year, from: date)
    }
}

/// A clock that stays where it is set: tests, and the demo seed replaying a past year.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock to `instant`.
    public func set(_ instant: Date) { lock.withLock { current = instant } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
