import Foundation

// The flex-desk model: building → floor → zone → desk → bookings (DESIGN.md,
// "Main entities"). The 0.6 desks-per-person norm of the Iris Tower is in FACTS.md.

/// A building with the settings its bookings run on. Slot times are local
/// times in `timeZoneID` (Europe/Brussels for the Iris Tower), whatever the server's zone.
public struct Building: Codable, Sendable, Equatable, Hashable {
    public var code: String
    public var name: String
    public var timeZoneID: String
    /// Business calendar (`Catalog/calendars.yaml`) whose business days are the building's open days.
    public var calendarID: String
    /// Minutes after local midnight: start of the morning (and of a full day), 480 = 08:00.
    public var dayStartMinute: Int
    /// End of the morning and start of the afternoon, 780 = 13:00.
    public var middayMinute: Int
    /// End of the afternoon (and of a full day), 1080 = 18:00.
    public var dayEndMinute: Int
    /// Check-in opens this many minutes before a slot starts (default 30).
    public var checkInOpensMinutes: Int
    /// A booking must be checked in within this many minutes of its slot's start
    /// (default 60); the deadline never falls after the slot's end.
    public var checkInDeadlineMinutes: Int
    /// How far ahead staff may book, in calendar days from today (default 28 = 4 weeks).
    public var bookingHorizonDays: Int

    public init(
        code: String, name: String, timeZoneID: String = "Europe/Brussels", calendarID: String = "gob-standard",
        dayStartMinute: Int = 480, middayMinute: Int = 780, dayEndMinute: Int = 1080,
        checkInOpensMinutes: Int = 30, checkInDeadlineMinutes: Int = 60, bookingHorizonDays: Int = 28
    ) {
        self.code = code
        self.name = name
        self.timeZoneID = timeZoneID
        self.calendarID = calendarID
        self.dayStartMinute = dayStartMinute
        self.middayMinute = middayMinute
        self.dayEndMinute = dayEndMinute
        self.checkInOpensMinutes = checkInOpensMinutes
        self.checkInDeadlineMinutes = checkInDeadlineMinutes
        self.bookingHorizonDays = bookingHorizonDays
    }

    /// The settings' problems (empty when valid): a known time zone, 0 ≤ start < midday < end ≤ 1440,
    /// non-negative check-in minutes, a horizon of 1–366 days.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if code.range(of: #"^[A-Z0-9][A-Z0-9-]{0,19}$"#, options: .regularExpression) == nil {
            problems.append(FieldProblem(field: "code", message: "1–20 capitals, digits or '-' (got '\(code)')"))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(FieldProblem(field: "name", message: "required")) }
        if TimeZone(identifier: timeZoneID) == nil { problems.append(FieldProblem(field: "time_zone", message: "unknown time zone '\(timeZoneID)'")) }
        if !(0 <= dayStartMinute && dayStartMinute < middayMinute && middayMinute < dayEndMinute && dayEndMinute <= 1440) {
            problems.append(FieldProblem(field: "slots", message: "need 00:00 ≤ morning start < midday < afternoon end ≤ 24:00"))
        }
        if checkInOpensMinutes < 0 { problems.append(FieldProblem(field: "check_in_opens", message: "must be ≥ 0 minutes")) }
        if checkInDeadlineMinutes < 0 { problems.append(FieldProblem(field: "check_in_deadline", message: "must be ≥ 0 minutes")) }
        if !(1...366).contains(bookingHorizonDays) { problems.append(FieldProblem(field: "horizon_days", message: "must be 1–366 days")) }
        return problems
    }

    /// A Gregorian calendar in the building's zone.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZoneID) ?? Brussels.timeZone
        return calendar
    }

    /// The local date of `instant` in the building's zone.
    public func localDate(of instant: Date) -> LocalDate { LocalDate(instant, in: calendar) }

    /// The instant of local `minute` (after midnight) on `date`, in the building's zone.
    public func instant(_ date: LocalDate, minute: Int) -> Date {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60))!
    }

    /// The slot's start and end instants on `date`.
    public func interval(of slot: Slot, on date: LocalDate) -> DateInterval {
        let (from, to) =
            switch slot {
            case .day: (dayStartMinute, dayEndMinute)
            case .morning: (dayStartMinute, middayMinute)
            case .afternoon: (middayMinute, dayEndMinute)
            }
        return DateInterval(start: instant(date, minute: from), end: instant(date, minute: to))
    }

    /// When check-in opens (`checkInOpensMinutes` before the start) and its deadline
    /// (`checkInDeadlineMinutes` after the start, capped at the slot's end), as instants.
    public func checkInWindow(of slot: Slot, on date: LocalDate) -> (opens: Date, deadline: Date) {
        let slot = interval(of: slot, on: date)
        return (
            slot.start.addingTimeInterval(-Double(checkInOpensMinutes) * 60),
            min(slot.start.addingTimeInterval(Double(checkInDeadlineMinutes) * 60), slot.end)
        )
    }

}

/// A floor of a building (`level` 0 = ground floor).
public struct Floor: Codable, Sendable, Equatable, Hashable {
    public var buildingCode: String
    public var level: Int
    public init(buildingCode: String, level: Int) {
        self.buildingCode = buildingCode
        self.level = level
    }
}

/// A zone ("neighbourhood") of a floor, optionally assigned to one administration.
public struct Zone: Codable, Sendable, Equatable, Hashable {
    /// Unique across buildings, e.g. `IRIS-F12-BM`.
    public var code: String
    public var buildingCode: String
    public var floor: Int
    /// The administration ("bestuur", e.g. `BM`) whose neighbourhood this is, or `nil` (shared).
    public var administration: String?

    public init(code: String, buildingCode: String, floor: Int, administration: String?) {
        self.code = code
        self.buildingCode = buildingCode
        self.floor = floor
        self.administration = administration
    }
}

/// The head-count of an administration from `validFrom` (a local date) until the next entry.
/// Set by facilities or taken from the staff directory; ratios use the one valid on the day.
public struct HeadCount: Codable, Sendable, Equatable, Hashable {
    public var administration: String
    public var validFrom: LocalDate
    public var count: Int
    /// `directory` or `facilities`.
    public var source: String

    public init(administration: String, validFrom: LocalDate, count: Int, source: String) {
        self.administration = administration
        self.validFrom = validFrom
        self.count = count
        self.source = source
    }
}
