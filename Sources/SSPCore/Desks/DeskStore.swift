import Foundation

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
    /// The bookings of `building` on `date` that were not cancelled (booked, checked in, no-show),
    /// by floor, desk and slot.
    func bookings(building: String, date: LocalDate) async throws -> [Booking]
}
