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

    /// Puts a desk out of service for a period.
    public func addOutage(_ outage: DeskOutage, by actor: User) async throws {
        try Access.require(.manageDesks, actor)
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
