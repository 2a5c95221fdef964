import Foundation
import Synchronization

/// A calendar date (no time, no zone), e.g. a holiday.
public struct LocalDate: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `nil` when malformed or not a real date (2025-02-30).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The local date of `instant` in `calendar`'s time zone (a Gregorian calendar: its zone's
    /// offset at that instant, then integer arithmetic; `dateComponents` was 4 % of a queue page).
    public init(_ instant: Date, in calendar: Calendar) {
        guard calendar.identifier == .gregorian else {
            let c = calendar.dateComponents([.year, .month, .day], from: instant)
            self.init(year: c.year!, month: c.month!, day: c.day!)
            return
        }
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + calendar.timeZone.secondsFromGMT(for: instant)
        self.init(daysSinceEpoch: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (negative before). Integer
    /// arithmetic, no zone (H. Hinnant, "chrono-compatible low-level date algorithms", days_from_civil).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (the inverse of `daysSinceEpoch`, civil_from_days).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let m = (5 * dayOfYear + 2) / 153
        let month = m < 10 ? m + 3 : m - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * m + 2) / 5 + 1)
    }

    /// The date `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The day of the week (1970-01-01 was a Thursday).
    public var weekday: Weekday { Weekday.allCases[((daysSinceEpoch + 3) % 7 + 7) % 7] }

    /// Days in `month` of `year` (Gregorian leap years).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Local times of day as minutes after midnight (0…1440), written `HH:MM`.
public enum ClockTime {
    /// Parses `HH:MM` from 00:00 to 24:00; `nil` otherwise.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else {
            return nil
        }
        return h * 60 + m
    }

    /// `HH:MM` of a minute of the day.
    public static func text(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}

/// Day of the week, Monday first (ISO 8601).
public enum Weekday: String, Codable, Sendable, CaseIterable, Hashable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

}

/// An opening window of one day, in minutes since local midnight: `[from, to)`.
/// `to` may be 1440 (24:00). Windows never cross midnight (validation refuses it).
public struct OpeningWindow: Codable, Sendable, Hashable {
    public var fromMinute: Int
    public var toMinute: Int

    public init(fromMinute: Int, toMinute: Int) {
        self.fromMinute = fromMinute
        self.toMinute = toMinute
    }
}

/// How a holiday's date is found each year.
public enum HolidayRule: Codable, Sendable, Hashable {
    /// The same month and day every year (1 Jan, 21 Jul, 8 May …).
    case fixed(month: Int, day: Int)
    /// `offset` days after Easter Sunday (Easter Monday +1, Ascension +39, Whit Monday +50).
    case easter(offset: Int)
    /// One date only (a one-off closing day).
    case once(LocalDate)
}

/// A named holiday of a calendar.
public struct Holiday: Codable, Sendable, Hashable {
    public var rule: HolidayRule
    public var name: LocalizedText

    public init(rule: HolidayRule, name: LocalizedText) {
        self.rule = rule
        self.name = name
    }
}

/// A business-hours calendar: weekly opening windows and holidays in a time zone.
///
/// All arithmetic is on instants; local times are used only to find the
/// edges of the opening windows, so DST changes are exact. Holidays are
/// calendar dates in the calendar's own zone, never the server's.
public struct BusinessCalendar: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: LocalizedText
    public var timeZoneID: String { didSet { memo = Memo() } }
    public var week: [Weekday: [OpeningWindow]] { didSet { memo = Memo() } }
    public var holidays: [Holiday] { didSet { memo = Memo() } }
    /// What the arithmetic derives from the fields above, computed once per calendar value and
    /// shared by its copies; a change of those fields starts a new one. Issue 12: an agent queue
    /// spent 44 % of its time recomputing each day's holidays and windows for every row.
    private var memo = Memo()

    enum CodingKeys: String, CodingKey { case id, name, timeZoneID, week, holidays }

    public init(id: String, name: LocalizedText, timeZoneID: String, week: [Weekday: [OpeningWindow]], holidays: [Holiday]) {
        self.id = id
        self.name = name
        self.timeZoneID = timeZoneID
        self.week = week
        self.holidays = holidays
    }

    public static func == (a: BusinessCalendar, b: BusinessCalendar) -> Bool {
        a.id == b.id && a.name == b.name && a.timeZoneID == b.timeZoneID && a.week == b.week && a.holidays == b.holidays
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(name)
        hasher.combine(timeZoneID)
        hasher.combine(week)
        hasher.combine(holidays)
    }

    /// Derived values of one calendar: its Foundation calendar in its zone, the holiday dates of
    /// each year asked for, and the opening windows (as instants) of each date asked for.
    private final class Memo: Sendable {
        /// More dates than ten years of queries would ask for: past it the windows start afresh.
        static let dayLimit = 8_000
        let zone = Mutex<Calendar?>(nil)
        let holidayDates = Mutex<[Int: Set<LocalDate>]>([:])
        let windows = Mutex<[LocalDate: [DateInterval]]>([:])
    }

    private var calendar: Calendar {
        if let zone = memo.zone.withLock({ $0 }) { return zone }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZoneID) ?? Brussels.timeZone
        memo.zone.withLock { $0 = calendar }
        return calendar
    }

    /// Easter Sunday of `year` (Gregorian; anonymous algorithm of Meeus/Jones/Butcher).
    public static func easterSunday(year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)
    }

    /// The holidays falling in `year`, sorted by date.
    public func holidays(in year: Int) -> [(date: LocalDate, name: LocalizedText)] {
        var result: [(date: LocalDate, name: LocalizedText)] = []
        for holiday in holidays {
            switch holiday.rule {
            case let .fixed(month, day):
                result.append((LocalDate(year: year, month: month, day: day), holiday.name))
            case let .easter(offset):
                result.append((Self.easterSunday(year: year).adding(days: offset), holiday.name))
            case let .once(date) where date.year == year:
                result.append((date, holiday.name))
            case .once:
                continue
            }
        }
        return result.sorted { $0.date < $1.date }
    }

    /// Whether `date` is a holiday of this calendar.
    public func isHoliday(_ date: LocalDate) -> Bool {
        if let dates = memo.holidayDates.withLock({ $0[date.year] }) { return dates.contains(date) }
        let dates = Set(holidays(in: date.year).map(\.date))
        memo.holidayDates.withLock { $0[date.year] = dates }
        return dates.contains(date)
    }

    /// Whether `date` has opening hours (a weekday with windows, not a holiday).
    public func isBusinessDay(_ date: LocalDate) -> Bool {
        !(week[weekday(of: date)] ?? []).isEmpty && !isHoliday(date)
    }

    /// Whether the calendar is open at `instant`.
    public func isOpen(at instant: Date) -> Bool {
        windows(on: localDate(of: instant)).contains { $0.start <= instant && instant < $0.end }
    }

    /// The instant reached after `minutes` business minutes counted from `start`.
    ///
    /// Time outside the opening windows does not count; starting outside
    /// hours counts from the next opening. `minutes` ≤ 0 returns `start`.
    /// A calendar with no opening hours in ten years returns `Date.distantFuture`.
    public func add(businessMinutes minutes: Int, to start: Date) -> Date {
        add(businessSeconds: TimeInterval(minutes * 60), to: start)
    }

    /// The instant reached after `seconds` business seconds counted from `start` (see `add(businessMinutes:to:)`).
    public func add(businessSeconds seconds: TimeInterval, to start: Date) -> Date {
        guard seconds > 0 else { return start }
        var remaining = seconds
        var day = localDate(of: start)
        for _ in 0..<3660 {
            for window in windows(on: day) where window.end > start {
                let from = max(window.start, start)
                let available = window.end.timeIntervalSince(from)
                if remaining <= available { return from.addingTimeInterval(remaining) }
                remaining -= available
            }
            day = day.adding(days: 1)
        }
        return .distantFuture
    }

    /// Business minutes (rounded down) between two instants; 0 when `end` ≤ `start`.
    public func businessMinutes(from start: Date, to end: Date) -> Int {
        Int(businessSeconds(from: start, to: end) / 60)
    }

    /// Business seconds between two instants (exact); 0 when `end` ≤ `start`.
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        var seconds: TimeInterval = 0
        var day = localDate(of: start)
        let last = localDate(of: end)
        while day <= last {
            for window in windows(on: day) {
                let from = max(window.start, start), to = min(window.end, end)
                if to > from { seconds += to.timeIntervalSince(from) }
            }
            day = day.adding(days: 1)
        }
        return seconds
    }

    /// `days` business days after `start`, at the same local time of day
    /// (resolved Friday 14:00 + 5 business days = the next Friday 14:00 when
    /// no holiday intervenes).
    public func add(businessDays days: Int, to start: Date) -> Date {
        var date = localDate(of: start)
        var counted = 0
        while counted < days {
            date = date.adding(days: 1)
            if isBusinessDay(date) { counted += 1 }
        }
        let time = calendar.dateComponents([.hour, .minute, .second], from: start)
        return calendar.date(
            from: DateComponents(
                year: date.year, month: date.month, day: date.day,
                hour: time.hour, minute: time.minute, second: time.second)) ?? start
    }

    /// The local calendar date of `instant` in this calendar's zone.
    public func localDate(of instant: Date) -> LocalDate { LocalDate(instant, in: calendar) }

    /// The opening windows of `date` as instants (none on holidays).
    func windows(on date: LocalDate) -> [DateInterval] {
        if let windows = memo.windows.withLock({ $0[date] }) { return windows }
        let windows: [DateInterval] =
            isHoliday(date)
            ? []
            : (week[weekday(of: date)] ?? []).compactMap { window in
                let start = instant(date, minute: window.fromMinute)
                let end = instant(date, minute: window.toMinute)
                return end > start ? DateInterval(start: start, end: end) : nil
            }
        memo.windows.withLock { cache in
            if cache.count >= Memo.dayLimit { cache.removeAll(keepingCapacity: true) }
            cache[date] = windows
        }
        return windows
    }

    private func instant(_ date: LocalDate, minute: Int) -> Date {
        if minute >= 1440 { return instant(date.adding(days: 1), minute: minute - 1440) }
        return calendar.date(
            from: DateComponents(
                year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60))!
    }

    /// The day of the week of a calendar date.
    public func weekday(of date: LocalDate) -> Weekday { date.weekday }
}

// Encoded as JSON object keys ("monday": …) rather than an array of pairs.
extension Weekday: CodingKeyRepresentable {}
