import Foundation
import GRDB
import SSPCore
import Synchronization

/// Stores for filing many tickets through SSPCore's use cases at once: the demo seed's million
/// tickets (issue 12: 45 tickets/s when each step was its own durable transaction).
///
/// The use cases (`TicketDesk`, `SurveyDesk`) run unchanged on it, with every rule of a real
/// filing; only where their results go differs. Tickets, comments, events and surveys are kept in
/// memory with the ids the database would give them, and written in one transaction per
/// `startFlush()` or `flush()`; the catalogue, the directory and the approval settings are read once
/// at `open` and frozen. A read of something no longer in memory waits for the writes started, and
/// every listing or report writes what is pending first: both see everything loaded so far.
///
/// For a database without tickets only (ids and numbers are allocated here), and one loader at a
/// time: no other writer may file tickets while it runs. Changes to the directory, approvals or
/// catalogue through it throw `StorageError` ("read-only during a bulk load").
public final class BulkLoad: Sendable {
    let database: AppDatabase
    private let catalogue: CatalogueSnapshot
    private let people: [UserID: User]
    private let peopleByEmail: [String: User]
    private let managers: Set<UserID>
    private let leads: [String: [User]]
    private let fallbacks: [String: UserID]
    private let allDelegations: [ApprovalDelegation]
    private let state: Mutex<State>
    /// The last write started by `startFlush()`, which waits for the one before it.
    private let writing = Mutex<Task<Void, any Error>?>(nil)

    private struct State {
        var nextTicketID: Int64 = 1
        var nextCommentID: Int64 = 1
        var nextEventID: Int64 = 1
        var nextSurveyID: Int64 = 1
        var lastNumber: [Int: Int] = [:]
        /// Tickets not yet written, by number, with whether they are new (else loaded to change).
        var tickets: [String: (ticket: Ticket, isNew: Bool)] = [:]
        var order: [String] = []
        /// Comments and events not yet written, by ticket, with their ids (allocated here, in order).
        var comments: [TicketID: [Comment]] = [:]
        var events: [TicketID: [TicketEvent]] = [:]
        var commentCount = 0
        var eventCount = 0
        /// Tickets filed by this load and never written: their comments and events are all in memory.
        var unwritten: Set<TicketID> = []
        var surveys: [Int64: Survey] = [:]
        var surveyOfTicket: [TicketID: Int64] = [:]
        /// Every invitation of the load, by requester: what `surveyInvitations` counts.
        var invitations: [UserID: [Date]] = [:]
        /// The load's tickets now resolved (not closed), with their resolution instant: auto-close's candidates.
        var resolved: [TicketNumber: Date] = [:]
        var pending: Int { tickets.count + commentCount + eventCount + surveys.count }

        /// Appends `events` of `ticketID` with the next ids; a comment's event names the comment.
        mutating func record(_ events: [NewTicketEvent], of ticketID: TicketID, commentID: Int64?) {
            for event in events {
                self.events[ticketID, default: []].append(
                    TicketEvent(
                        id: nextEventID, ticketID: ticketID, actorID: event.actorID, at: event.at, kind: event.kind, from: event.from, to: event.to,
                        payload: AppDatabase.storedPayload(of: event, commentID: commentID)))
                nextEventID += 1
                eventCount += 1
            }
        }
    }

    /// Reads the catalogue, the directory and the approval settings of `database`.
    /// - Throws: `StorageError` when the database already has tickets.
    public static func open(_ database: AppDatabase) async throws -> BulkLoad {
        let hasTickets = try await database.writer.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ticket)") ?? false }
        guard !hasTickets else { throw StorageError(description: "a bulk load needs a database without tickets") }
        let catalogue = try await database.snapshot()
        let users = try await database.users(limit: Int.max, offset: 0)
        var leads: [String: [User]] = [:]
        for directorate in catalogue.directorates { leads[directorate.code] = try await database.teamLeads(of: directorate.code) }
        return BulkLoad(
            database: database, catalogue: catalogue, users: users, leads: leads, fallbacks: try await database.fallbackApprovers(),
            delegations: try await database.delegations(manager: nil, endingFrom: LocalDate(year: 1, month: 1, day: 1)))
    }

    private init(
        database: AppDatabase, catalogue: CatalogueSnapshot, users: [User], leads: [String: [User]], fallbacks: [String: UserID], delegations: [ApprovalDelegation]
    ) {
        self.database = database
        self.catalogue = catalogue
        people = Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        peopleByEmail = Dictionary(users.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        managers = Set(users.filter(\.active).compactMap(\.managerID))
        self.leads = leads
        self.fallbacks = fallbacks
        allDelegations = delegations
        state = Mutex(State())
    }

    /// Rows waiting for `flush()`: tickets, comments, events and surveys.
    public var pendingRows: Int { state.withLock { $0.pending } }

    /// Writes everything kept so far in one transaction (one fsync), with the ticket counters, and
    /// waits until it and every earlier write are done.
    /// - Throws: the database's error of this write or of an earlier `startFlush()`.
    public func flush() async throws {
        startFlush()
        try await settle()
    }

    /// Starts writing everything kept so far in the background, after the writes already started,
    /// and returns at once: the next tickets are filed while SQLite writes these (the two cores
    /// work at once). An error surfaces at the next `flush()`.
    public func startFlush() {
        let batch = state.withLock { state -> State in
            var batch = State()
            swap(&batch.tickets, &state.tickets)
            swap(&batch.order, &state.order)
            swap(&batch.comments, &state.comments)
            swap(&batch.events, &state.events)
            swap(&batch.surveys, &state.surveys)
            swap(&batch.commentCount, &state.commentCount)
            swap(&batch.eventCount, &state.eventCount)
            state.unwritten = []
            batch.lastNumber = state.lastNumber
            return batch
        }
        guard batch.pending > 0 else { return }
        writing.withLock { current in
            let previous = current
            current = Task { [database] in
                try await previous?.value
                try await Self.write(batch, to: database)
            }
        }
    }

    /// Waits for the writes started so far: what is no longer in memory is then in the database.
    private func settle() async throws {
        try await writing.withLock { $0 }?.value
    }

    private static func write(_ batch: State, to database: AppDatabase) async throws {
        try await database.writer.write { db in
            // Comments before their tickets (the foreign keys are checked at commit): a new ticket's
            // search document is then written once, with its comments, by the ticket's trigger (v9),
            // instead of once more for each comment.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let comment = try db.cachedStatement(
                sql: "INSERT INTO ticket_comment(id, ticket_id, author_id, visibility, body, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            for c in batch.comments.values.joined().sorted(by: { $0.id < $1.id }) {
                try comment.execute(arguments: [c.id, c.ticketID.rawValue, c.authorID.rawValue, c.visibility.rawValue, c.body, c.createdAt.unixMillis])
            }
            for number in batch.order {
                guard let (ticket, isNew) = batch.tickets[number] else { continue }
                if isNew { try TicketRecord(ticket).insert(db) } else { try TicketRecord(ticket).update(db) }
            }
            for event in batch.events.values.joined().sorted(by: { $0.id < $1.id }) {
                try AppDatabase.insert(db, event: event)
            }
            let survey = try db.cachedStatement(
                sql: """
                    INSERT INTO survey(id, ticket_id, requester_id, state, invited_at, expires_at, answered_at, score, comment)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET answered_at = excluded.answered_at, score = excluded.score, comment = excluded.comment
                    """)
            for s in batch.surveys.values.sorted(by: { $0.id < $1.id }) {
                try survey.execute(arguments: [
                    s.id, s.ticketID.rawValue, s.requesterID.rawValue, s.state.rawValue, s.invitedAt.unixMillis, s.expiresAt.unixMillis,
                    s.answeredAt?.unixMillis, s.score, s.comment,
                ])
            }
            for (year, last) in batch.lastNumber {
                try db.execute(
                    sql: "INSERT INTO ticket_counter(year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)",
                    arguments: [year, last])
            }
        }
    }

    static let readOnly = StorageError(description: "the catalogue, the directory and the approvals are read-only during a bulk load")
}

extension BulkLoad: TicketStore {
    public func file(_ draft: Ticket, events: [NewTicketEvent], submission: String?) async throws -> Ticket {
        guard submission == nil else { throw StorageError(description: "a bulk load files no ticket with a submission key") }
        return state.withLock { state in
            var ticket = draft
            let year = Brussels.year(of: draft.createdAt)
            let sequence = state.lastNumber[year, default: 0] + 1
            state.lastNumber[year] = sequence
            ticket.number = TicketNumber(year: year, sequence: sequence)
            ticket.id = TicketID(state.nextTicketID)
            state.nextTicketID += 1
            state.tickets[ticket.number.rawValue] = (ticket, true)
            state.order.append(ticket.number.rawValue)
            state.unwritten.insert(ticket.id)
            state.record(events, of: ticket.id, commentID: nil)
            return ticket
        }
    }

    public func ticket(number: TicketNumber) async throws -> Ticket? {
        if let pending = state.withLock({ $0.tickets[number.rawValue]?.ticket }) { return pending }
        try await settle()
        return try await database.ticket(number: number)
    }

    public func ticket(id: TicketID) async throws -> Ticket? {
        if let pending = state.withLock({ $0.tickets.values.first { $0.ticket.id == id }?.ticket }) { return pending }
        try await settle()
        return try await database.ticket(id: id)
    }

    public func tickets(_ query: TicketQuery) async throws -> TicketPage {
        try await flush()
        return try await database.tickets(query)
    }

    /// The seed writes each ticket alone and never passes a revision: `since` is always empty.
    public func change(
        _ number: TicketNumber, since revision: Int64?, _ change: @Sendable (inout Ticket, _ since: [TicketEvent]) throws -> TicketChange
    ) async throws -> (Ticket, Comment?) {
        precondition(revision == nil, "the bulk load keeps no revisions")
        if state.withLock({ $0.tickets[number.rawValue] == nil }) {
            try await settle()
            guard let stored = try await database.ticket(number: number) else { throw TicketError.ticketNotFound(number.rawValue) }
            state.withLock { state in
                if state.tickets[number.rawValue] == nil {
                    state.tickets[number.rawValue] = (stored, false)
                    state.order.append(number.rawValue)
                }
            }
        }
        return try state.withLock { state in
            guard case (var ticket, let isNew)? = state.tickets[number.rawValue] else { throw TicketError.ticketNotFound(number.rawValue) }
            let result = try change(&ticket, [])
            state.tickets[number.rawValue] = (ticket, isNew)
            state.resolved[number] = ticket.status == .resolved ? ticket.resolvedAt : nil
            var comment: Comment?
            if let new = result.comment {
                comment = Comment(
                    id: state.nextCommentID, ticketID: ticket.id, authorID: new.authorID, visibility: new.visibility, body: new.body,
                    createdAt: new.createdAt)
                state.nextCommentID += 1
                state.comments[ticket.id, default: []].append(comment!)
                state.commentCount += 1
            }
            state.record(result.events, of: ticket.id, commentID: comment?.id)
            // One survey per ticket: a second resolution adds none (as the unique ticket_id does).
            if let new = result.survey, state.surveyOfTicket[ticket.id] == nil {
                let survey = Survey(
                    id: state.nextSurveyID, ticketID: ticket.id, requesterID: new.requesterID, state: new.state, invitedAt: new.invitedAt,
                    expiresAt: new.expiresAt)
                state.nextSurveyID += 1
                state.surveys[survey.id] = survey
                state.surveyOfTicket[ticket.id] = survey.id
                if survey.state == .invited { state.invitations[survey.requesterID, default: []].append(survey.invitedAt) }
            }
            return (ticket, comment)
        }
    }

    /// From memory for a ticket of this load not yet written (a survey answer reads its ticket's
    /// view); otherwise written first and read from the database.
    public func history(of number: TicketNumber) async throws -> (ticket: Ticket, comments: [Comment], events: [TicketEvent])? {
        let pending = state.withLock { state -> (Ticket, [Comment], [TicketEvent])? in
            guard let ticket = state.tickets[number.rawValue]?.ticket, state.unwritten.contains(ticket.id) else { return nil }
            return (ticket, state.comments[ticket.id] ?? [], state.events[ticket.id] ?? [])
        }
        if let pending { return pending }
        try await flush()
        return try await database.history(of: number)
    }

    public func surveyInvitations(of requester: UserID, since: Date, until: Date) async throws -> Int {
        state.withLock { state in (state.invitations[requester] ?? []).count { $0 > since && $0 <= until } }
    }

    public func ticketsDueForSLACheck(at instant: Date, limit: Int) async throws -> [TicketNumber] {
        try await flush()
        return try await database.ticketsDueForSLACheck(at: instant, limit: limit)
    }

    public func slaRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SLARecord] {
        try await flush()
        return try await database.slaRecords(resolvedFrom: from, to: to, directorates: directorates)
    }

    /// The seed adds no watchers.
    public func watchers(of id: TicketID) async throws -> [UserID] { [] }
    public func addWatcher(_ watcher: UserID, to id: TicketID, by actor: UserID, at now: Date) async throws { throw Self.readOnly }
    public func removeWatcher(_ watcher: UserID, from id: TicketID) async throws -> Bool { throw Self.readOnly }

    public func backlog(of directorate: String) async throws -> BacklogCounts {
        try await flush()
        return try await database.backlog(of: directorate)
    }

    /// From memory: the database had no tickets when the load began, so the load's resolved ones are all there are.
    public func resolvedTickets(resolvedBefore instant: Date, limit: Int) async throws -> [TicketNumber] {
        state.withLock { state in
            state.resolved.filter { $0.value <= instant }.sorted { ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue) }.prefix(limit).map(\.key)
        }
    }
}

extension BulkLoad: SurveyStore {
    public func survey(ofTicket ticketID: TicketID) async throws -> Survey? {
        if let pending = state.withLock({ state in state.surveyOfTicket[ticketID].flatMap { state.surveys[$0] } }) { return pending }
        try await settle()
        return try await database.survey(ofTicket: ticketID)
    }

    public func survey(id: Int64) async throws -> Survey? {
        if let pending = state.withLock({ $0.surveys[id] }) { return pending }
        try await settle()
        return try await database.survey(id: id)
    }

    public func answerSurvey(id: Int64, score: Int, comment: String?, at now: Date) async throws -> Survey {
        let answered = try state.withLock { state -> Survey? in
            guard var survey = state.surveys[id] else { return nil }
            guard survey.answeredAt == nil, survey.state == .invited else { throw SurveyError.alreadyAnswered }
            survey.answeredAt = now
            survey.score = score
            survey.comment = comment
            state.surveys[id] = survey
            return survey
        }
        if let answered { return answered }
        try await settle()
        return try await database.answerSurvey(id: id, score: score, comment: comment, at: now)
    }

    public func surveyToken(id: Int64) -> String { database.surveyToken(id: id) }

    public func surveyID(token: String) -> Int64? { database.surveyID(token: token) }

    public func surveyRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SurveyRecord] {
        try await flush()
        return try await database.surveyRecords(resolvedFrom: from, to: to, directorates: directorates)
    }
}

extension BulkLoad: CatalogueStore {
    public func importCatalogue(_ catalogue: Catalogue) async throws -> CatalogueImportReport { throw Self.readOnly }
    public func snapshot() async throws -> CatalogueSnapshot { catalogue }
}

extension BulkLoad: DirectoryStore {
    public func user(id: UserID) async throws -> User? { people[id] }
    public func user(email: String) async throws -> User? { peopleByEmail[email.trimmingCharacters(in: .whitespaces).lowercased()] }
    public func users(ids: Set<UserID>) async throws -> [UserID: User] { people.filter { ids.contains($0.key) } }
    public func users(limit: Int, offset: Int) async throws -> [User] { try await database.users(limit: limit, offset: offset) }
    public func upsertUsers(_ users: [NewUser], leavers: Bool) async throws -> UserImportReport { throw Self.readOnly }
    public func deactivate(_ ids: [UserID]) async throws { throw Self.readOnly }
    public func teamLeads(of directorate: String) async throws -> [User] { leads[directorate] ?? [] }
    public func workers(of directorate: String) async throws -> [User] {
        people.values.filter { $0.active && $0.works(for: directorate) }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }
    public func isManager(_ id: UserID) async throws -> Bool { managers.contains(id) }
}

extension BulkLoad: ApprovalStore {
    public func fallbackApprovers() async throws -> [String: UserID] { fallbacks }
    public func setFallbackApprover(_ id: UserID?, administration: String) async throws { throw Self.readOnly }
    public func addDelegation(manager: UserID, delegate: UserID, from: LocalDate, to: LocalDate, at now: Date) async throws -> ApprovalDelegation {
        throw Self.readOnly
    }
    public func removeDelegation(id: Int64) async throws -> Bool { throw Self.readOnly }
    public func delegations(manager: UserID?, endingFrom day: LocalDate) async throws -> [ApprovalDelegation] {
        allDelegations.filter { $0.endsOn >= day && (manager == nil || $0.managerID == manager) }
    }
    public func strandedApprovals(limit: Int) async throws -> [TicketNumber] {
        try await flush()
        return try await database.strandedApprovals(limit: limit)
    }
}
