import Foundation

/// The flex-desk use cases: book, check in (from the portal or the desk's link), walk in,
/// cancel, release no-shows, and the occupancy reports. The API and ssp-admin call these.
///
/// Time rules run in the building's zone (Europe/Brussels for the Iris Tower), never the
/// server's: "today", slot start and end, the check-in window and its deadline.
public struct DeskBooking: Sendable {
    public let desks: any DeskStore
    public let catalogue: any CatalogueStore
    public let clock: any Clock

    public init(desks: any DeskStore, catalogue: any CatalogueStore, clock: any Clock) {
        self.desks = desks
        self.catalogue = catalogue
        self.clock = clock
    }

    /// The longest report range, in days (a year and a day, for leap years).
    public static let maximumReportDays = 366

    /// Books a desk for `slot` on `date` (a local date in the building's zone).
    ///
    /// With `desk`: that desk. Without: any free desk (first by code) of `zone`, or of the zones
    /// assigned to the person's administration, picked atomically; `accessible` asks for an
    /// accessible desk instead of a flex one.
    /// Rules: the date is an open day of the building, from today up to the booking horizon
    /// (`Building.bookingHorizonDays`), and the slot's check-in deadline has not passed.
    /// - Throws: `DeskError.invalid` (date, slot, zone), `.deskNotFound`, `.zoneNotFound`, `.deskTaken`,
    ///   `.alreadyBooked`, `.noFreeDesk`, `.deskUnavailable`.
    public func book(
        _ user: User, date: LocalDate, slot: Slot, desk deskCode: String? = nil, zone zoneCode: String? = nil,
        accessible: Bool = false
    ) async throws -> Booking {
        let (building, zoneCodes) = try await place(user, desk: deskCode, zone: zoneCode)
        let now = clock.now()
        if let refusal = try await dayRefusal(building, date: date, slot: slot, now: now) {
            throw DeskError.invalid([refusal.problem(on: date, in: building)])
        }
        let window = building.checkInWindow(of: slot, on: date)
        return try await desks.book(
            NewBooking(
                userID: user.id, deskCode: deskCode, zoneCodes: zoneCodes, kinds: accessible ? [.accessible] : [.flex], date: date, slot: slot,
                state: .booked, createdAt: now, checkInOpensAt: window.opens, checkInDeadline: window.deadline), administration: user.administration)
    }

    /// Checks in booking `id` of `user`, from check-in opening until its deadline (both inclusive).
    /// Checking in an already checked-in booking returns it unchanged.
    /// - Throws: `DeskError.bookingNotFound` (also for someone else's), `.checkInNotOpen`,
    ///   `.checkInClosed` (late: the booking is or will be a no-show), `.bookingFinal` (cancelled).
    public func checkIn(_ user: User, booking id: Int64) async throws -> Booking {
        let booking = try await booking(user, id: id)
        return try await desks.checkIn(bookingID: booking.id, at: clock.now())
    }

    /// The desk's own check-in link (or QR code): checks in the person's booking of this desk
    /// today, or, without one, walks in: books the desk and checks in at once.
    /// A walk-in takes `slot` if given, else the full day before midday (the morning if the
    /// afternoon is taken) and the afternoon after; it is possible from check-in opening
    /// until the slot's end.
    /// - Throws: as `checkIn`, and for a walk-in `DeskError.checkInNotOpen` (before the slot's check-in opens),
    ///   `.slotEnded`, `.deskTaken`, `.alreadyBooked`, `.deskUnavailable`, `.invalid` (building closed today).
    public func checkIn(_ user: User, atDesk deskCode: String, slot requested: Slot? = nil) async throws -> Booking {
        let (building, _) = try await place(user, desk: deskCode, zone: nil)
        let now = clock.now()
        let today = building.localDate(of: now)
        let mine = try await desks.bookings(of: user.id, from: today, to: today).filter { $0.deskCode == deskCode && $0.state != .cancelled }
        if let booking = mine.first(where: { $0.state == .booked && $0.checkInRefusal(at: now) == nil })
            ?? mine.first(where: { $0.state == .checkedIn && now < building.interval(of: $0.slot, on: today).end })
        {
            return try await desks.checkIn(bookingID: booking.id, at: now)
        }
        // Their booking of this desk is later today: come back when check-in opens (no walk-in on top of it).
        if let later = mine.first(where: { $0.state == .booked && now < $0.checkInOpensAt }) {
            throw DeskError.checkInNotOpen(opensAt: later.checkInOpensAt)
        }
        guard try await isOpen(building, on: today) else { throw DeskError.invalid([FieldProblem(field: "date", message: "the building is closed on \(today)")]) }
        let midday = building.instant(today, minute: building.middayMinute)
        let candidates: [Slot] = requested.map { [$0] } ?? (now < midday ? [.day, .morning] : [.afternoon])
        var lastError: any Error = DeskError.invalid([FieldProblem(field: "slot", message: "no slot")])
        for slot in candidates {
            let interval = building.interval(of: slot, on: today)
            let window = building.checkInWindow(of: slot, on: today)
            guard window.opens <= now else {
                lastError = DeskError.checkInNotOpen(opensAt: window.opens)
                continue
            }
            guard now < interval.end else {
                lastError = DeskError.slotEnded(slot: slot, end: interval.end)
                continue
            }
            do {
                return try await desks.book(
                    NewBooking(
                        userID: user.id, deskCode: deskCode, date: today, slot: slot, state: .checkedIn, createdAt: now,
                        checkInOpensAt: window.opens, checkInDeadline: window.deadline), administration: user.administration)
            } catch let error as DeskError {
                guard case .deskTaken = error else { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// Cancels one booking of `user` (not once checked in, released or cancelled).
    /// - Throws: `DeskError.bookingNotFound`, `.bookingFinal`.
    public func cancel(_ user: User, booking id: Int64) async throws -> Booking {
        let booking = try await booking(user, id: id)
        let now = clock.now()
        guard booking.state(at: now) == .booked else { throw DeskError.bookingFinal(booking.state(at: now)) }
        guard let cancelled = try await desks.cancel(userID: user.id, ids: [id], from: booking.date, to: booking.date, at: now).first else {
            // Changed state between the read and the write.
            throw DeskError.bookingFinal(try await desks.booking(id: id)?.state ?? .cancelled)
        }
        return cancelled
    }

    /// Cancels every booking of `user` still `booked` with a date in `[from, to]` (leave,
    /// training), in one transaction. Checked-in bookings and no-shows (released or past their
    /// check-in deadline) are kept.
    /// - Throws: `DeskError.invalid` when `to` is before `from` or the range exceeds 366 days.
    public func cancel(_ user: User, from: LocalDate, to: LocalDate) async throws -> [Booking] {
        try Self.checkRange(from: from, to: to)
        return try await desks.cancel(userID: user.id, ids: nil, from: from, to: to, at: clock.now())
    }

    /// The person's own bookings with a date in `[from, to]` (nobody else's are ever listed).
    /// - Throws: `DeskError.invalid` for a reversed range or one over 366 days.
    public func bookings(_ user: User, from: LocalDate, to: LocalDate) async throws -> [Booking] {
        try Self.checkRange(from: from, to: to)
        return try await desks.bookings(of: user.id, from: from, to: to)
    }

    /// Desk `code`, as its QR code's link shows it before a check-in (`.bookDesk`).
    /// - Throws: `AccessError.notPermitted`, `DeskError.deskNotFound` for a code the inventory does not have.
    public func desk(_ user: User, code: String) async throws -> Desk {
        try Access.require(.bookDesk, user)
        guard let desk = try await desks.desk(code: code) else { throw DeskError.deskNotFound(code) }
        return desk
    }

    /// Booking `id` of `user` (`.manageBooking`: only its owner; nobody learns someone else's exists).
    /// - Throws: `DeskError.bookingNotFound`, also for someone else's booking.
    public func booking(_ user: User, id: Int64) async throws -> Booking {
        guard let booking = try await desks.booking(id: id) else { throw DeskError.bookingNotFound(id) }
        try Access.require(.manageBooking, Access.relations(of: user, toPossessionOf: booking.userID), orHide: DeskError.bookingNotFound(id))
        return booking
    }

    /// The colleagues who chose to share where they sit in `building` (the only building when `nil`) on `date`.
    /// - Throws: `DeskError.buildingNotFound`, `.invalid` (several buildings and none named).
    public func sharedPresence(_ user: User, building code: String?, date: LocalDate) async throws -> [SharedPresence] {
        try Access.require(.readSharedPresence, user)
        return try await desks.sharedPresence(building: try await building(code).code, date: date)
    }

    /// Whether `user` shares where they sit with colleagues (off until they opt in).
    public func sharesPresence(_ user: User) async throws -> Bool {
        try Access.require(.setPresenceSharing, Access.relations(of: user, toPossessionOf: user.id))
        return try await desks.sharesPresence(user.id)
    }

    /// Sets whether `user` shares where they sit; returns the choice as stored.
    public func setSharesPresence(_ user: User, _ shares: Bool) async throws -> Bool {
        try Access.require(.setPresenceSharing, Access.relations(of: user, toPossessionOf: user.id))
        try await desks.setSharesPresence(user.id, shares)
        return try await desks.sharesPresence(user.id)
    }

    /// Releases the bookings not checked in by their deadline (the background service, each minute).
    /// - Returns: the number of no-shows recorded.
    public func releaseNoShows() async throws -> Int {
        try await desks.releaseNoShows(at: clock.now())
    }

    /// Every zone of every building, by code (what a person may pick to book in).
    public func zones(_ user: User) async throws -> [Zone] {
        try Access.require(.bookDesk, user)
        return try await desks.zones(building: nil).sorted { $0.code < $1.code }
    }

    /// The desks of `zone` (or of the person's administration's zones) with whether each is free
    /// for `user` to book: not taken, not out of service, not someone else's fixed desk, on a day
    /// and slot `dayRefusal` does not refuse (the rules of `book`).
    public func availability(_ user: User, date: LocalDate, slot: Slot, zone: String?) async throws -> [DeskAvailability] {
        let (building, zones) = try await place(user, desk: nil, zone: zone)
        let refused = try await dayRefusal(building, date: date, slot: slot, now: clock.now()) != nil
        return try await desks.availability(zones: zones, date: date, slot: slot).map { availability in
            var availability = availability
            if refused || !availability.desk.isBookable(by: user.id) { availability.free = false }
            return availability
        }
    }

    /// Why no desk can be booked for `slot` of `date` (a local date in the building's zone) where
    /// `user` books (`zone`, or their administration's zones): `nil` when desks can be booked.
    /// - Throws: as `availability`.
    public func dayRefusal(_ user: User, date: LocalDate, slot: Slot, zone: String?) async throws -> BookingDayRefusal? {
        let (building, _) = try await place(user, desk: nil, zone: zone)
        return try await dayRefusal(building, date: date, slot: slot, now: clock.now())
    }

    /// The day's rules of `book`: from today up to the booking horizon, an open day of the
    /// building, before the slot's check-in deadline.
    private func dayRefusal(_ building: Building, date: LocalDate, slot: Slot, now: Date) async throws -> BookingDayRefusal? {
        let today = building.localDate(of: now)
        let horizon = today.adding(days: building.bookingHorizonDays)
        if date < today { return .past }
        if date > horizon { return .beyondHorizon(lastDay: horizon) }
        if try await !isOpen(building, on: date) { return .closed }
        let deadline = building.checkInWindow(of: slot, on: date).deadline
        if now > deadline { return .deadlinePassed(deadline) }
        return nil
    }

    // MARK: reports (facilities and administrators only: aggregates, never names)

    /// The occupancy facts of `building` (the only building when `nil`) over `[from, to]`.
    /// - Throws: `DeskError.notPermitted` for staff without the facilities or admin role,
    ///   `.invalid` for a bad range, `.buildingNotFound`.
    public func facts(_ user: User, building code: String?, from: LocalDate, to: LocalDate) async throws -> OccupancyFacts {
        try Access.require(.readReport(.occupancy), user)
        try Self.checkRange(from: from, to: to)
        let building = try await building(code)
        var facts = try await desks.occupancyFacts(building: building.code, from: from, to: to)
        facts.openDays = try await openDays(building, from: from, to: to)
        // A booking past its check-in deadline counts as the no-show it is, released or not.
        let now = clock.now()
        for index in facts.bookings.indices { facts.bookings[index].state = facts.bookings[index].state.at(now, deadline: facts.bookings[index].checkInDeadline) }
        return facts
    }

    /// Building `code`, or the only building when `code` is `nil` (the one rule for a default building).
    /// - Throws: `DeskError.buildingNotFound`, `.invalid` when there are none or several and none is named.
    public func building(_ code: String?) async throws -> Building {
        if let code {
            guard let found = try await desks.building(code: code) else { throw DeskError.buildingNotFound(code) }
            return found
        }
        let all = try await desks.buildings()
        guard all.count == 1 else {
            throw DeskError.invalid([
                FieldProblem(
                    field: "building", message: all.isEmpty ? "no building: import the desk inventory first" : "name one of \(all.map(\.code).joined(separator: ", "))")
            ])
        }
        return all[0]
    }

    /// The building's open days in `[from, to]`: business days of its calendar.
    public func openDays(_ building: Building, from: LocalDate, to: LocalDate) async throws -> [LocalDate] {
        guard let calendar = try await catalogue.calendar(id: building.calendarID) else {
            throw DeskError.invalid([FieldProblem(field: "calendar", message: "building \(building.code): unknown calendar '\(building.calendarID)'")])
        }
        var days: [LocalDate] = []
        var day = from
        while day <= to {
            if calendar.isBusinessDay(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    static func checkRange(from: LocalDate, to: LocalDate) throws {
        if to < from { throw DeskError.invalid([FieldProblem(field: "to", message: "\(to) is before \(from)")]) }
        if from.adding(days: maximumReportDays) <= to {
            throw DeskError.invalid([FieldProblem(field: "to", message: "a range covers at most \(maximumReportDays) days")])
        }
    }

    private func isOpen(_ building: Building, on date: LocalDate) async throws -> Bool {
        try await !openDays(building, from: date, to: date).isEmpty
    }

    /// The building and the zones a request is about: the desk's, the zone's, or the zones of the
    /// person's administration (in every building; the first building's when several).
    private func place(_ user: User, desk deskCode: String?, zone zoneCode: String?) async throws -> (Building, [String]) {
        var zone: Zone?
        if let deskCode {
            guard let desk = try await desks.desk(code: deskCode) else { throw DeskError.deskNotFound(deskCode) }
            if let zoneCode, zoneCode != desk.zoneCode {
                throw DeskError.invalid([FieldProblem(field: "zone", message: "desk \(deskCode) is in zone \(desk.zoneCode), not \(zoneCode)")])
            }
            zone = try await desks.zone(code: desk.zoneCode)
        } else if let zoneCode {
            guard let found = try await desks.zone(code: zoneCode) else { throw DeskError.zoneNotFound(zoneCode) }
            zone = found
        }
        if let zone {
            guard let building = try await desks.building(code: zone.buildingCode) else { throw DeskError.buildingNotFound(zone.buildingCode) }
            return (building, [zone.code])
        }
        guard let administration = user.administration else {
            throw DeskError.invalid([FieldProblem(field: "zone", message: "you belong to no administration: name a zone")])
        }
        let mine = try await desks.zones(building: nil).filter { $0.administration == administration }
        guard let first = mine.first, let building = try await desks.building(code: first.buildingCode) else {
            throw DeskError.invalid([FieldProblem(field: "zone", message: "no zone is assigned to \(administration): name a zone")])
        }
        return (building, mine.filter { $0.buildingCode == building.code }.map(\.code))
    }
}

/// Why no desk at all can be booked for a slot of a day (`DeskBooking.dayRefusal`).
public enum BookingDayRefusal: Sendable, Equatable {
    /// The day is before today (in the building's zone).
    case past
    /// The day is after the booking horizon (`Building.bookingHorizonDays`); `lastDay` is the last bookable one.
    case beyondHorizon(lastDay: LocalDate)
    /// The building is closed that day (a weekend or a holiday of its calendar).
    case closed
    /// The slot's check-in deadline (an instant) has passed: only a walk-in check-in at a free desk remains.
    case deadlinePassed(Date)

    /// The refusal of `date` as `book` reports it: a problem of the field `date` or `slot` (English, for the API and the CLI).
    public func problem(on date: LocalDate, in building: Building) -> FieldProblem {
        switch self {
        case .past: FieldProblem(field: "date", message: "\(date) is in the past")
        case let .beyondHorizon(lastDay): FieldProblem(field: "date", message: "bookings open \(building.bookingHorizonDays) days ahead, up to \(lastDay)")
        case .closed: FieldProblem(field: "date", message: "the building is closed on \(date)")
        case let .deadlinePassed(deadline):
            FieldProblem(field: "slot", message: "the check-in deadline \(Brussels.iso8601(deadline)) has passed: check in at a free desk instead")
        }
    }
}
