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

    /// Formats an instant as ISO 8601 with the explicit Brussels offset, to the second (truncated),
    /// e.g. `2025-10-24T15:00:00+02:00`. The offset comes from the time-zone database; the digits
    /// from integer arithmetic (issue 12: `ISO8601FormatStyle` was 4 % of a queue page, 8 dates a
    /// ticket). Tested against `ISO8601FormatStyle` over 1970–2100 and both DST changes.
    public static func iso8601(_ date: Date) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let second = local - day * 86_400
        let date = LocalDate(daysSinceEpoch: day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let year = String(date.year), hours = abs(offset) / 3_600, minutes = abs(offset) % 3_600 / 60
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(date.month) + "-" + two(date.day) + "T"
            + two(second / 3_600) + ":" + two(second % 3_600 / 60) + ":" + two(second % 60)
            + (offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + two(hours) + ":" + two(minutes))
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
