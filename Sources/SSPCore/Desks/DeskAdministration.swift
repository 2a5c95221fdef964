import Foundation

/// The facilities use cases: the desk inventory, building settings, out-of-service periods and
/// head-counts (`Access.table`, `.manageDesks`: facilities managers and administrators).
extension DeskBooking {
    /// Imports the inventory rows (idempotent by desk code; desks absent from the rows are kept).
    public func importInventory(_ rows: [DeskInventoryRow], by actor: User) async throws -> DeskImportReport {
        try Access.require(.manageDesks, actor)
        return try await desks.importDesks(rows)
    }

    /// The inventory as rows of the desk CSV.
    public func exportInventory(by actor: User) async throws -> [DeskInventoryRow] {
        try Access.require(.manageDesks, actor)
        return try await desks.exportDesks()
    }

    /// Building `code` as stored, or `nil`.
    public func storedBuilding(_ code: String, by actor: User) async throws -> Building? {
        try Access.require(.manageDesks, actor)
        return try await desks.building(code: code)
    }

    /// Saves a building's booking settings.
    /// - Throws: `DeskError.invalid` (its `problems`, or a calendar the catalogue lacks).
    public func saveBuilding(_ building: Building, by actor: User) async throws {
        try Access.require(.manageDesks, actor)
        guard try await catalogue.calendar(id: building.calendarID) != nil else {
            throw DeskError.invalid([FieldProblem(field: "calendar", message: "no calendar '\(building.calendarID)' (import the catalogue)")])
        }
        try await desks.saveBuilding(building)
    }

    /// Puts a desk out of service for a period (its reason within `TextRule.line`).
    /// - Throws: `AccessError.notPermitted`, `DeskError.invalid` (reason, or `to` before `from`), `.deskNotFound`.
    public func addOutage(_ outage: DeskOutage, by actor: User) async throws {
        try Access.require(.manageDesks, actor)
        let problems = TextRule.line.problems(outage.reason, field: "reason")
        guard problems.isEmpty else { throw DeskError.invalid(problems) }
        try await desks.addOutage(outage)
    }

    /// The out-of-service periods (of one desk, or all).
    public func outages(desk: String?, by actor: User) async throws -> [DeskOutage] {
        try Access.require(.manageDesks, actor)
        return try await desks.outages(deskCode: desk)
    }

    /// The head-counts per administration with the day each is valid from.
    public func headCounts(by actor: User) async throws -> [HeadCount] {
        try Access.require(.manageDesks, actor)
        return try await desks.headCounts()
    }

    /// Sets one administration's head-count from a day on.
    public func setHeadCount(_ headCount: HeadCount, by actor: User) async throws {
        try Access.require(.manageDesks, actor)
        try await desks.setHeadCount(headCount)
    }

    /// Takes every administration's head-count from the directory (active people) from `day` on
    /// (a local date; `nil`: today in Brussels). Returns the counts set, by administration.
    public func syncHeadCounts(from day: LocalDate?, by actor: User) async throws -> [(administration: String, count: Int, from: LocalDate)] {
        try Access.require(.manageDesks, actor)
        let day = day ?? LocalDate(clock.now(), in: Brussels.calendar)
        var set: [(administration: String, count: Int, from: LocalDate)] = []
        for (administration, count) in try await desks.directoryHeadCounts().sorted(by: { $0.key < $1.key }) {
            try await desks.setHeadCount(HeadCount(administration: administration, validFrom: day, count: count, source: "directory"))
            set.append((administration, count, day))
        }
        return set
    }

    /// Loads past bookings as they were (a migration from an earlier booking tool, or demo history).
    /// - Returns: the number stored.
    public func loadHistory(_ bookings: [Booking], by actor: User) async throws -> Int {
        try Access.require(.manageDesks, actor)
        return try await desks.loadBookings(bookings)
    }

    /// Releases now the bookings not checked in by their deadline (ssp-server does it each minute).
    public func releaseNoShows(by actor: User) async throws -> Int {
        try Access.require(.manageDesks, actor)
        return try await releaseNoShows()
    }
}

/// What the facilities' floor view shows of one desk on one day (issue 13).
public struct FloorDesk: Sendable, Equatable {
    /// A half-day of the desk.
    public enum State: String, Sendable, CaseIterable {
        case free
        case booked
        case checkedIn = "checked_in"
        /// Booked and not checked in by the deadline (the release service recorded it).
        case noShow = "no_show"
        case outOfService = "out_of_service"
    }

    public var desk: Desk
    public var floor: Int
    /// The out-of-service period covering the day, if any.
    public var outage: DeskOutage?
    public var morning: State
    public var afternoon: State
    /// Who holds the desk in the morning and the afternoon, only for those who chose to share where
    /// they sit (`DeskBooking.setSharesPresence`); `nil` otherwise.
    public var morningHolder: String?
    public var afternoonHolder: String?
}

/// A building's desks on one day, floor by floor, for facilities.
public struct FloorPlan: Sendable, Equatable {
    public var building: Building
    public var date: LocalDate
    /// Every floor with desks, lowest first.
    public var floors: [Int]
    /// The zones of the building, by code.
    public var zones: [Zone]
    /// The desks of the asked floor and zone, by code.
    public var desks: [FloorDesk]
    /// The day's no-shows in the building (all floors), by desk.
    public var noShows: [Booking]
}

extension DeskBooking {
    /// The desks of `building` on `date` (a local date of the building), of `floor` (the lowest
    /// when `nil`) and `zone` (all of the floor when `nil`), each half-day free, booked, checked in,
    /// a no-show or out of service; names only of people who share where they sit.
    /// - Throws: `AccessError.notPermitted` (facilities and administrators only), `DeskError.buildingNotFound`,
    ///   `.invalid`, `.zoneNotFound` (a zone of another floor or building).
    public func floorPlan(building code: String?, floor: Int?, zone: String?, date: LocalDate, by actor: User) async throws -> FloorPlan {
        try Access.require(.manageDesks, actor)
        let building = try await building(code)
        let zones = try await desks.zones(building: building.code).sorted { $0.code < $1.code }
        let floors = Array(Set(zones.map(\.floor))).sorted()
        let floor = floor.flatMap { floors.contains($0) ? $0 : nil } ?? floors.first ?? 0
        var chosen = zones.filter { $0.floor == floor }
        if let zone {
            guard let found = chosen.first(where: { $0.code == zone }) else { throw DeskError.zoneNotFound(zone) }
            chosen = [found]
        }
        let available = try await desks.availability(zones: chosen.map(\.code), date: date, slot: .day)
        let bookings = try await desks.bookings(building: building.code, date: date)
        let shared = try await desks.sharedPresence(building: building.code, date: date)
        let outages = try await desks.outages(deskCode: nil).filter { $0.covers(date) }
        let plan = available.sorted { $0.desk.code < $1.desk.code }.map { availability -> FloorDesk in
            let desk = availability.desk
            let outage = outages.first { $0.deskCode == desk.code }
            func state(_ covers: (Slot) -> Bool) -> (FloorDesk.State, String?) {
                if outage != nil || availability.outOfService { return (.outOfService, nil) }
                // A no-show releases the desk: a walk-in after it holds the desk, and is what the day shows.
                let matching = bookings.filter { $0.deskCode == desk.code && covers($0.slot) }
                guard let booking = matching.first(where: \.state.holdsDesk) ?? matching.first else { return (.free, nil) }
                let holder = shared.first { $0.deskCode == desk.code && covers($0.slot) }?.name
                switch booking.state {
                case .checkedIn: return (.checkedIn, holder)
                case .noShow: return (.noShow, nil)
                case .booked, .cancelled: return (.booked, holder)
                }
            }
            let (morning, morningHolder) = state(\.coversMorning)
            let (afternoon, afternoonHolder) = state(\.coversAfternoon)
            return FloorDesk(
                desk: desk, floor: availability.floor, outage: outage, morning: morning, afternoon: afternoon, morningHolder: morningHolder,
                afternoonHolder: afternoonHolder)
        }
        return FloorPlan(
            building: building, date: date, floors: floors, zones: zones, desks: plan, noShows: bookings.filter { $0.state == .noShow })
    }

    /// Books a desk for `person` (facilities booking for a colleague at the desk or on the phone):
    /// the rules of `book` as if the person booked themselves.
    /// - Throws: `AccessError.notPermitted` (facilities and administrators only), and what `book` throws.
    public func book(
        for person: User, date: LocalDate, slot: Slot, desk deskCode: String? = nil, zone: String? = nil, by actor: User
    ) async throws -> Booking {
        try Access.require(.manageDesks, actor)
        return try await book(person, date: date, slot: slot, desk: deskCode, zone: zone)
    }
}
