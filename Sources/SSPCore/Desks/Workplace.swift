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

    public init(code: String, name: String, timeZoneID: String = "Europe/Brussels", calendarID: String = "gob-standard",
                dayStartMinute: Int = 480, middayMinute: Int = 780, dayEndMinute: Int = 1080,
                checkInOpensMinutes: Int = 30, checkInDeadlineMinutes: Int = 60, bookingHorizonDays: Int = 28) {
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
        let (from, to) = switch slot {
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
        return (slot.start.addingTimeInterval(-Double(checkInOpensMinutes) * 60),
                min(slot.start.addingTimeInterval(Double(checkInDeadlineMinutes) * 60), slot.end))
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

/// The kind of a desk: bookable by anyone (flex), reserved for its owner (fixed),
/// or a flex desk with an adapted layout (accessible; "any free desk" picks it only when asked).
public enum DeskKind: String, Codable, Sendable, CaseIterable, Hashable {
    case flex, fixed, accessible
}

/// A workstation.
public struct Desk: Codable, Sendable, Equatable, Hashable {
    public var id: Int64
    /// Unique, e.g. `IRIS-F12-034`.
    public var code: String
    public var zoneCode: String
    public var kind: DeskKind
    /// The person a fixed desk belongs to (only fixed desks have one).
    public var ownerID: UserID?
    /// Equipment tags, e.g. `dual-screen`, `docking`, `height-adjustable`.
    public var equipment: [String]
    /// `false` once removed from the inventory (kept for the history of its bookings).
    public var active: Bool

    public init(id: Int64, code: String, zoneCode: String, kind: DeskKind, ownerID: UserID?, equipment: [String], active: Bool = true) {
        self.id = id
        self.code = code
        self.zoneCode = zoneCode
        self.kind = kind
        self.ownerID = ownerID
        self.equipment = equipment
        self.active = active
    }
}

/// A period (local dates, both inclusive) during which a desk is out of service:
/// it cannot be booked and leaves the available count.
public struct DeskOutage: Codable, Sendable, Equatable, Hashable {
    public var deskCode: String
    public var from: LocalDate
    public var to: LocalDate
    public var reason: String

    public init(deskCode: String, from: LocalDate, to: LocalDate, reason: String) {
        self.deskCode = deskCode
        self.from = from
        self.to = to
        self.reason = reason
    }

    public func covers(_ date: LocalDate) -> Bool { from <= date && date <= to }
}

/// What a booking covers: the whole day, or the morning or afternoon half-day.
/// A full day overlaps both halves; morning and afternoon do not overlap.
public enum Slot: String, Codable, Sendable, CaseIterable, Hashable {
    case day, morning, afternoon

    public var coversMorning: Bool { self != .afternoon }
    public var coversAfternoon: Bool { self != .morning }

    /// Whether two bookings of the same desk (or person) on the same date conflict.
    public func overlaps(_ other: Slot) -> Bool {
        (coversMorning && other.coversMorning) || (coversAfternoon && other.coversAfternoon)
    }
}

/// A booking's state. `booked` → `checked_in`, or → `no_show` (released at the
/// check-in deadline), or → `cancelled` by its holder. Only `booked` and
/// `checked_in` hold the desk.
public enum BookingState: String, Codable, Sendable, CaseIterable, Hashable {
    case booked
    case checkedIn = "checked_in"
    case noShow = "no_show"
    case cancelled

    /// Whether the booking holds its desk (and its holder's slot).
    public var holdsDesk: Bool { self == .booked || self == .checkedIn }
}

/// A desk booking of one person for one slot of one date.
public struct Booking: Codable, Sendable, Equatable, Hashable {
    public var id: Int64
    public var deskCode: String
    public var zoneCode: String
    public var floor: Int
    public var buildingCode: String
    public var userID: UserID
    /// Local date in the building's zone.
    public var date: LocalDate
    public var slot: Slot
    public var state: BookingState
    /// Created by checking in at a free desk without a booking.
    public var walkIn: Bool
    /// Instants (UTC).
    public var createdAt: Date
    public var checkInOpensAt: Date
    public var checkInDeadline: Date
    public var checkedInAt: Date?
    /// When the release service recorded the no-show.
    public var releasedAt: Date?
    public var cancelledAt: Date?

    public init(id: Int64, deskCode: String, zoneCode: String, floor: Int, buildingCode: String, userID: UserID, date: LocalDate, slot: Slot,
                state: BookingState, walkIn: Bool, createdAt: Date, checkInOpensAt: Date, checkInDeadline: Date,
                checkedInAt: Date? = nil, releasedAt: Date? = nil, cancelledAt: Date? = nil) {
        self.id = id
        self.deskCode = deskCode
        self.zoneCode = zoneCode
        self.floor = floor
        self.buildingCode = buildingCode
        self.userID = userID
        self.date = date
        self.slot = slot
        self.state = state
        self.walkIn = walkIn
        self.createdAt = createdAt
        self.checkInOpensAt = checkInOpensAt
        self.checkInDeadline = checkInDeadline
        self.checkedInAt = checkedInAt
        self.releasedAt = releasedAt
        self.cancelledAt = cancelledAt
    }
}

extension Booking {
    /// Why the booking cannot be checked in at `now` (`nil`: it can). Check-in runs from
    /// `checkInOpensAt` to `checkInDeadline`, both inclusive, for a `booked` booking; an already
    /// checked-in booking is not refused (checking in again returns it unchanged).
    public func checkInRefusal(at now: Date) -> DeskError? {
        switch state {
        case .checkedIn: return nil
        case .cancelled: return .bookingFinal(.cancelled)
        case .noShow: return .checkInClosed(deadline: checkInDeadline)
        case .booked:
            if now < checkInOpensAt { return .checkInNotOpen(opensAt: checkInOpensAt) }
            if now > checkInDeadline { return .checkInClosed(deadline: checkInDeadline) }
            return nil
        }
    }
}

/// A booking to store. `deskCode == nil` asks the store to pick any free desk of `zoneCodes` atomically.
public struct NewBooking: Sendable, Equatable {
    public var userID: UserID
    public var deskCode: String?
    /// Zones to pick from when `deskCode` is nil, in order of preference.
    public var zoneCodes: [String]
    /// Kinds "any free desk" may pick (flex by default; accessible only when asked).
    public var kinds: Set<DeskKind>
    public var date: LocalDate
    public var slot: Slot
    /// `checked_in` for a walk-in, else `booked`.
    public var state: BookingState
    public var createdAt: Date
    public var checkInOpensAt: Date
    public var checkInDeadline: Date

    public init(userID: UserID, deskCode: String?, zoneCodes: [String] = [], kinds: Set<DeskKind> = [.flex], date: LocalDate, slot: Slot,
                state: BookingState, createdAt: Date, checkInOpensAt: Date, checkInDeadline: Date) {
        self.userID = userID
        self.deskCode = deskCode
        self.zoneCodes = zoneCodes
        self.kinds = kinds
        self.date = date
        self.slot = slot
        self.state = state
        self.createdAt = createdAt
        self.checkInOpensAt = checkInOpensAt
        self.checkInDeadline = checkInDeadline
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

/// One line of the desk inventory CSV (`ssp-admin desks import|export`).
public struct DeskInventoryRow: Sendable, Equatable {
    public var line: Int
    public var buildingCode: String
    public var floor: Int
    public var zoneCode: String
    public var zoneAdministration: String?
    public var deskCode: String
    public var kind: DeskKind
    /// E-mail of a fixed desk's owner.
    public var ownerEmail: String?
    public var equipment: [String]
    public var active: Bool

    public init(line: Int, buildingCode: String, floor: Int, zoneCode: String, zoneAdministration: String?, deskCode: String,
                kind: DeskKind, ownerEmail: String?, equipment: [String], active: Bool) {
        self.line = line
        self.buildingCode = buildingCode
        self.floor = floor
        self.zoneCode = zoneCode
        self.zoneAdministration = zoneAdministration
        self.deskCode = deskCode
        self.kind = kind
        self.ownerEmail = ownerEmail
        self.equipment = equipment
        self.active = active
    }
}

/// What an inventory import did.
public struct DeskImportReport: Sendable, Equatable {
    public var zones = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public init() {}
}

/// A desk as shown when choosing one: whether it is free for a slot, never who holds it.
public struct DeskAvailability: Sendable, Equatable {
    public var desk: Desk
    public var floor: Int
    public var free: Bool
    public var outOfService: Bool
    public init(desk: Desk, floor: Int, free: Bool, outOfService: Bool) {
        self.desk = desk
        self.floor = floor
        self.free = free
        self.outOfService = outOfService
    }
}

/// A colleague's presence, listed only for people who opted in to share it.
public struct SharedPresence: Sendable, Equatable {
    public var name: String
    public var deskCode: String
    public var zoneCode: String
    public var floor: Int
    public var slot: Slot
    public var checkedIn: Bool
    public init(name: String, deskCode: String, zoneCode: String, floor: Int, slot: Slot, checkedIn: Bool) {
        self.name = name
        self.deskCode = deskCode
        self.zoneCode = zoneCode
        self.floor = floor
        self.slot = slot
        self.checkedIn = checkedIn
    }
}

/// Errors of desk booking. SSPAPI maps each to a status and a stable problem type.
public enum DeskError: Error, Equatable, Sendable {
    case buildingNotFound(String)
    case zoneNotFound(String)
    case deskNotFound(String)
    /// No such booking, or someone else's (indistinguishable on purpose).
    case bookingNotFound(Int64)
    /// Another booking holds the desk for an overlapping slot (409).
    case deskTaken(desk: String, date: LocalDate, slot: Slot)
    /// The person already holds a booking for an overlapping slot that day (409).
    case alreadyBooked(date: LocalDate, slot: Slot)
    /// "Any free desk" found none: recorded as a turned-away attempt (409).
    case noFreeDesk(date: LocalDate, slot: Slot)
    /// The desk is out of service, removed, or a fixed desk of someone else (409).
    case deskUnavailable(desk: String, reason: String)
    /// Check-in is not open yet (409).
    case checkInNotOpen(opensAt: Date)
    /// The check-in deadline has passed: the booking is (or is about to be) released as a no-show (409).
    case checkInClosed(deadline: Date)
    /// A walk-in after the end of the slot it would take (409).
    case slotEnded(slot: Slot, end: Date)
    /// The booking is no longer `booked` (409).
    case bookingFinal(BookingState)
    case notPermitted(String)
    case invalid([FieldProblem])
}

extension DeskError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .buildingNotFound(code): "building \(code) not found"
        case let .zoneNotFound(code): "zone \(code) not found"
        case let .deskNotFound(code): "desk \(code) not found"
        case let .bookingNotFound(id): "booking \(id) not found"
        case let .deskTaken(desk, date, slot): "desk \(desk) is already booked on \(date) (\(slot.rawValue))"
        case let .alreadyBooked(date, slot): "you already have a desk on \(date) for an overlapping slot (\(slot.rawValue))"
        case let .noFreeDesk(date, slot): "no free desk on \(date) (\(slot.rawValue)) in the zones asked for"
        case let .deskUnavailable(desk, reason): "desk \(desk) cannot be booked: \(reason)"
        case let .checkInNotOpen(opensAt): "check-in opens at \(Brussels.iso8601(opensAt))"
        case let .checkInClosed(deadline): "the check-in deadline \(Brussels.iso8601(deadline)) has passed: the booking is released as a no-show"
        case let .slotEnded(slot, end): "the \(slot.rawValue) slot ended at \(Brussels.iso8601(end)): no walk-in any more today"
        case let .bookingFinal(state): "the booking is \(state.rawValue)"
        case let .notPermitted(what): "not permitted for you: \(what)"
        case let .invalid(problems): problems.map(\.description).joined(separator: "; ")
        }
    }
}

/// The flex-desk inventory, bookings and occupancy facts as stored.
public protocol DeskStore: Sendable {
    func buildings() async throws -> [Building]
    func building(code: String) async throws -> Building?
    /// Adds or updates a building's settings.
    func saveBuilding(_ building: Building) async throws
    func zones(building: String?) async throws -> [Zone]
    func zone(code: String) async throws -> Zone?
    func desk(code: String) async throws -> Desk?
    /// Imports inventory rows in one transaction (zones and desks upserted by code; owners by e-mail).
    /// - Throws: `DeskError.invalid` naming the line (`line 12: owner_email`); nothing is written then.
    func importDesks(_ rows: [DeskInventoryRow]) async throws -> DeskImportReport
    /// The whole inventory ordered by building, floor, zone and desk code.
    func exportDesks() async throws -> [DeskInventoryRow]
    /// Desks of `zones` with whether each is free for `slot` on `date`.
    func availability(zones: [String], date: LocalDate, slot: Slot) async throws -> [DeskAvailability]
    func addOutage(_ outage: DeskOutage) async throws
    func outages(deskCode: String?) async throws -> [DeskOutage]

    /// Stores a booking. With a desk code: exactly that desk; without: the first free desk
    /// (by code) of `zoneCodes` of an allowed kind, picked inside the write transaction.
    /// The desk and the person may hold at most one booking per overlapping slot: database constraints.
    /// - Throws: `DeskError.deskTaken`, `.alreadyBooked`, `.noFreeDesk` (recorded as turned away), `.deskUnavailable`, `.deskNotFound`.
    func book(_ booking: NewBooking, administration: String?) async throws -> Booking
    func booking(id: Int64) async throws -> Booking?
    /// A person's bookings with `date` in `[from, to]`, by date and slot.
    func bookings(of userID: UserID, from: LocalDate, to: LocalDate) async throws -> [Booking]
    /// Sets `booked` → `checked_in` at `now` under `Booking.checkInRefusal(at:)`, read and written in one
    /// transaction (a release cannot slip in between); an already checked-in booking is returned unchanged.
    /// - Throws: `DeskError.bookingNotFound`, or the refusal.
    func checkIn(bookingID: Int64, at now: Date) async throws -> Booking
    /// Cancels booked (not checked-in) bookings of `userID` with `date` in `[from, to]`; returns them.
    func cancel(userID: UserID, ids: [Int64]?, from: LocalDate, to: LocalDate, at now: Date) async throws -> [Booking]
    /// Releases as no-shows the bookings still `booked` whose deadline is before `now`; returns how many.
    func releaseNoShows(at now: Date) async throws -> Int
    /// Bulk load of bookings with their recorded states and instants (migration from a previous
    /// booking tool, the demo data), in one transaction; `id`, `zoneCode`, `floor` and `buildingCode`
    /// are ignored. The holding constraints apply: an overlapping pair fails the whole load.
    /// - Throws: `DeskError.deskNotFound`, `.deskTaken`, `.alreadyBooked`.
    func loadBookings(_ bookings: [Booking]) async throws -> Int

    func headCounts() async throws -> [HeadCount]
    func setHeadCount(_ headCount: HeadCount) async throws
    /// Active staff per administration in the directory (the `directory` source of head-counts).
    func directoryHeadCounts() async throws -> [String: Int]

    /// The facts an occupancy report over `[from, to]` needs, for one building.
    func occupancyFacts(building: String, from: LocalDate, to: LocalDate) async throws -> OccupancyFacts

    func setSharesPresence(_ userID: UserID, _ shares: Bool) async throws
    func sharesPresence(_ userID: UserID) async throws -> Bool
    /// Holding bookings on `date` of people who opted in to share their presence.
    func sharedPresence(building: String, date: LocalDate) async throws -> [SharedPresence]
}
