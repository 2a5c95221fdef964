import Foundation

/// What the operators watch, read from the database when `/metrics` is scraped (issue 14).
public struct OperationalFigures: Sendable, Equatable {
    /// Tickets ever filed (never deleted: a counter).
    public var ticketsFiled: Int
    /// Open tickets (awaiting approval to waiting on requester) per directorate code.
    public var openBacklog: [String: Int]
    /// Open tickets the SLA scan marked at risk (not breached), per directorate code.
    public var atRisk: [String: Int]
    /// Open tickets the SLA scan marked breached, per directorate code.
    public var breached: [String: Int]
    /// Today's desk bookings (Brussels date) by state (`booked`, `checked_in`, `no_show`, `cancelled`).
    public var bookingsToday: [BookingState: Int]
    /// The database file's size in bytes (pages × page size, the WAL aside).
    public var databaseBytes: Int64

    public init(
        ticketsFiled: Int, openBacklog: [String: Int], atRisk: [String: Int], breached: [String: Int], bookingsToday: [BookingState: Int],
        databaseBytes: Int64
    ) {
        self.ticketsFiled = ticketsFiled
        self.openBacklog = openBacklog
        self.atRisk = atRisk
        self.breached = breached
        self.bookingsToday = bookingsToday
        self.databaseBytes = databaseBytes
    }
}

public protocol OperationsStore: Sendable {
    /// The figures, with the bookings of `today`.
    func operationalFigures(today: LocalDate) async throws -> OperationalFigures
}

/// The figures of `/metrics`: counts only, never a name or a ticket's text.
public struct OperationsDesk: Sendable {
    let store: any OperationsStore
    let clock: any Clock

    public init(store: any OperationsStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// The figures now; bookings of today's Brussels date.
    public func figures() async throws -> OperationalFigures {
        try await store.operationalFigures(today: LocalDate(clock.now(), in: Brussels.calendar))
    }
}
