import Foundation

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

    /// The state for every rule at `now` (UTC instant): a booking still `booked` after its check-in
    /// `deadline` is a no-show whether or not the release pass has run yet (issue 14: a booking
    /// cancelled in that gap vanished from the occupancy report). Past means `now > deadline`, as
    /// for check-in.
    public func at(_ now: Date, deadline: Date) -> BookingState {
        self == .booked && now > deadline ? .noShow : self
    }
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

    public init(
        id: Int64, deskCode: String, zoneCode: String, floor: Int, buildingCode: String, userID: UserID, date: LocalDate, slot: Slot,
        state: BookingState, walkIn: Bool, createdAt: Date, checkInOpensAt: Date, checkInDeadline: Date,
        checkedInAt: Date? = nil, releasedAt: Date? = nil, cancelledAt: Date? = nil
    ) {
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
    /// `state` as every rule sees it at `now` (`BookingState.at(_:deadline:)`).
    public func state(at now: Date) -> BookingState { state.at(now, deadline: checkInDeadline) }

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

    public init(
        userID: UserID, deskCode: String?, zoneCodes: [String] = [], kinds: Set<DeskKind> = [.flex], date: LocalDate, slot: Slot,
        state: BookingState, createdAt: Date, checkInOpensAt: Date, checkInDeadline: Date
    ) {
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
