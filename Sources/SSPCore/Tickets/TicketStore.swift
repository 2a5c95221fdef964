import Foundation

/// Tickets, their comments and their append-only events.
public protocol TicketStore: Sendable {
    /// Stores a new ticket with the next number of its Brussels year and its
    /// first events, in one transaction; `ticket.id` and `ticket.number` are
    /// ignored and allocated here. Safe under concurrency: each call gets a distinct number.
    ///
    /// With `submission` (`FileTicketRequest.submissionKey`): when `ticket.filedByID` already filed
    /// a ticket with that key and it `isSameSubmission(as:)` this one, returns that ticket and
    /// writes nothing; with other contents (a form changed after going back), files a new ticket
    /// that keeps no key. One ticket per filer and key is a database constraint, so concurrent
    /// calls with one key file one ticket.
    func file(_ ticket: Ticket, events: [NewTicketEvent], submission: String?) async throws -> Ticket
    func ticket(number: TicketNumber) async throws -> Ticket?
    func ticket(id: TicketID) async throws -> Ticket?
    func tickets(_ query: TicketQuery) async throws -> TicketPage
    /// Reads the ticket, runs `change` on it and writes the result, the comment
    /// and the events in one write transaction; nothing is written if `change` throws.
    /// - Throws: `TicketError.ticketNotFound`, or what `change` throws.
    /// Hands `change` the ticket's events with an id above `revision`
    /// (oldest first; none when `revision` is `nil`), read in the same write transaction: what
    /// others did since a page showed the ticket at that revision (`TicketView.revision`).
    func change(
        _ number: TicketNumber, since revision: Int64?, _ change: @Sendable (inout Ticket, _ since: [TicketEvent]) throws -> TicketChange
    ) async throws -> (Ticket, Comment?)
    /// The ticket with all its comments (notes included) and events, oldest first, read in one
    /// transaction; `nil` when there is no such ticket. Callers leave out what the reader may not see.
    func history(of number: TicketNumber) async throws -> (ticket: Ticket, comments: [Comment], events: [TicketEvent])?
    /// Survey invitations (state `invited`) of `requester` sent in `(since, until]`.
    func surveyInvitations(of requester: UserID, since: Date, until: Date) async throws -> Int
    /// Numbers of tickets whose `slaCheckAt` is at or before `instant`, earliest first (the SLA scan's work).
    func ticketsDueForSLACheck(at instant: Date, limit: Int) async throws -> [TicketNumber]
    /// The SLA facts of tickets resolved (and not reopened since) in `[from, to)`, in `directorates`
    /// (`nil`: all). Cancelled tickets are never included.
    func slaRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SLARecord]
    /// Numbers of resolved tickets resolved at or before `instant` (candidates for auto-close).
    func resolvedTickets(resolvedBefore instant: Date, limit: Int) async throws -> [TicketNumber]
    /// The open tickets of `directorate` in figures, confidential ones included.
    func backlog(of directorate: String) async throws -> BacklogCounts
    /// The colleagues following ticket `id`, by when they were added.
    func watchers(of id: TicketID) async throws -> [UserID]
    /// Adds `watcher` to ticket `id` (nothing when already there).
    /// - Throws: `TicketError.invalid` (field `watchers`) when the ticket has `TicketDesk.maximumWatchers` already.
    func addWatcher(_ watcher: UserID, to id: TicketID, by actor: UserID, at now: Date) async throws
    /// - Returns: whether `watcher` was following ticket `id`.
    func removeWatcher(_ watcher: UserID, from id: TicketID) async throws -> Bool
}

extension TicketStore {
    /// `file(_:events:submission:)` without a submission key: always a new ticket.
    public func file(_ ticket: Ticket, events: [NewTicketEvent]) async throws -> Ticket {
        try await file(ticket, events: events, submission: nil)
    }

    /// `change(_:since:_:)` without a revision.
    public func change(_ number: TicketNumber, _ change: @Sendable (inout Ticket) throws -> TicketChange) async throws -> (Ticket, Comment?) {
        try await self.change(number, since: nil) { ticket, _ in try change(&ticket) }
    }
}
