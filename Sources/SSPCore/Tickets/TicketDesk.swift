import Foundation

/// A request to file a ticket, as it comes from the portal, the API or the counter.
public struct FileTicketRequest: Sendable, Equatable {
    public var serviceCode: String
    public var subject: String
    public var description: String
    public var answers: [String: FormValue]
    public var channel: Channel
    /// E-mail of the person the ticket is for, when an agent or a counter clerk files on someone's
    /// behalf; `nil` = the actor.
    public var requesterEmail: String?
    /// Only agents and team leads of the service's directorate override its default impact and urgency.
    public var impact: Impact?
    public var urgency: Urgency?
    /// A key the filer's client chose for this one submission (a form's hidden field), at most
    /// `FileTicketRequest.maximumSubmissionKeyLength` characters: filing again with the same key by
    /// the same person returns the ticket of the first filing and files nothing (a refreshed
    /// receipt page, a double click). `nil`: every filing is a new ticket.
    public var submissionKey: String?

    public static let maximumSubmissionKeyLength = 100

    public init(
        serviceCode: String, subject: String, description: String = "", answers: [String: FormValue] = [:],
        channel: Channel = .api, requesterEmail: String? = nil, impact: Impact? = nil, urgency: Urgency? = nil, submissionKey: String? = nil
    ) {
        self.serviceCode = serviceCode
        self.subject = subject
        self.description = description
        self.answers = answers
        self.channel = channel
        self.requesterEmail = requesterEmail
        self.impact = impact
        self.urgency = urgency
        self.submissionKey = submissionKey
    }
}

/// A ticket as one actor may see it: its visible comments and events and the actor's roles.
public struct TicketView: Sendable, Equatable {
    public var ticket: Ticket
    public var comments: [Comment]
    public var events: [TicketEvent]
    public var roles: Set<ActorRole>
    /// The id of the ticket's last event, notes included even when `events` leaves them out (0
    /// for none): a change made "as of this revision" is refused when someone else changed the
    /// ticket after it (`TicketDesk.apply(_:to:by:reason:unchangedSince:)` and the others).
    public var revision: Int64
    /// The id of the last event this actor sees (0 for none): the ticket's version for them, the
    /// API's `ETag`. An internal note changes it only for those who read notes, so a requester
    /// learns nothing of notes from it. Changes with `ifVersion` are refused when it moved.
    public var version: Int64 { events.last?.id ?? 0 }

    public init(ticket: Ticket, comments: [Comment], events: [TicketEvent], roles: Set<ActorRole>, revision: Int64? = nil) {
        self.ticket = ticket
        self.comments = comments
        self.events = events
        self.roles = roles
        self.revision = revision ?? events.last?.id ?? 0
    }

    /// The events of `events` that an actor with `roles` sees: all for those who read notes, the
    /// others without the notes' `commented` events.
    static func visible(_ events: [TicketEvent], to roles: Set<ActorRole>) -> [TicketEvent] {
        Access.allows(.readNotes, roles) ? events : events.filter { $0.payload["visibility"] != CommentVisibility.note.rawValue }
    }

    /// The changes that refuse a change made by `actor` as of `revision`: the events after it by
    /// another person. The system's own events (the SLA scan marking a clock at risk, an
    /// escalation) and the actor's own changes (in another tab) do not (issue 13: "when a colleague
    /// changed the ticket since the page was loaded").
    public static func changes(_ events: [TicketEvent], after revision: Int64, against actor: UserID) -> [TicketEvent] {
        events.filter { $0.id > revision && $0.actorID != nil && $0.actorID != actor }
    }
}

/// The ticket use cases (`FileTicket`, `ApplyTransition`, `AddComment`, …),
/// shared by the API, the admin CLI and background services so they can never disagree.
/// Each checks the access matrix, then makes one storage transaction.
public struct TicketDesk: Sendable {
    public let tickets: any TicketStore
    public let catalogue: any CatalogueStore
    public let directory: any DirectoryStore
    public let clock: any Clock
    /// Who decides approvals (line manager, manager above, fallback, delegate).
    public let approvals: ApprovalRouting

    public init(tickets: any TicketStore, catalogue: any CatalogueStore, directory: any DirectoryStore, approvals: any ApprovalStore, clock: any Clock) {
        self.tickets = tickets
        self.catalogue = catalogue
        self.directory = directory
        self.clock = clock
        self.approvals = ApprovalRouting(directory: directory, approvals: approvals, clock: clock)
    }

    /// Files a ticket for `actor`, or on behalf of `requesterEmail` (an agent or team lead of the
    /// service's directorate, or a counter clerk: `Access.table`, `.fileOnBehalf`).
    ///
    /// Checks the service is active and open to the requester, validates the
    /// form, computes priority by the ITIL matrix and the SLA due instants on the
    /// directorate's calendar. Services needing approval start in `awaiting_approval`, with the
    /// approver `ApprovalRouting.approver(for:)` finds (never an inactive person; 422 on `service`
    /// when there is nobody: no active manager up the chain and no fallback approver).
    /// A counter clerk files at the counter or by phone: channel `counter` or `phone` (issue 9).
    /// - Throws: `TicketError.serviceNotFound`, `.userNotFound` (requester e-mail),
    ///   `AccessError.notPermitted` (filing for someone else, setting impact or urgency),
    ///   `TicketError.notPermitted` (a managers-only service), `.invalid` (every field problem at once).
    public func file(_ request: FileTicketRequest, by actor: User) async throws -> Ticket {
        let catalogue = try await self.catalogue.snapshot()
        guard let service = catalogue.service(code: request.serviceCode), let directorate = catalogue.directorate(code: service.directorateCode)
        else { throw TicketError.serviceNotFound(request.serviceCode) }
        try Access.require(.fileTicket, actor)
        let relations = Access.relations(of: actor, toDirectorate: directorate.code)
        var problems = FormValidation.problems(subject: request.subject, description: request.description)
        if let key = request.submissionKey, key.isEmpty || key.count > FileTicketRequest.maximumSubmissionKeyLength {
            problems.append(
                FieldProblem(
                    field: "submission", message: "1 to \(FileTicketRequest.maximumSubmissionKeyLength) characters", code: .tooLong,
                    detail: String(FileTicketRequest.maximumSubmissionKeyLength)))
        }
        if !service.active { problems.append(FieldProblem(field: "service", message: "service \(service.code) is no longer offered")) }

        var requester = actor
        if let email = request.requesterEmail, email.caseInsensitiveCompare(actor.email) != .orderedSame {
            try Access.require(.fileOnBehalf, relations)
            guard let other = try await directory.user(email: email), other.active else { throw TicketError.userNotFound(email) }
            requester = other
            let asClerkOnly = Access.granting(.fileOnBehalf).intersection(relations) == [.counterClerk]
            if asClerkOnly, ![.counter, .phone].contains(request.channel) {
                problems.append(FieldProblem(field: "channel", message: "the counter files on behalf at the counter or by phone: counter or phone"))
            }
        }
        if request.impact != nil || request.urgency != nil {
            try Access.require(.setPriorityAtFiling, relations)
        }
        if service.audience == .managers, !(try await directory.isManager(requester.id)) {
            throw TicketError.notPermitted(action: "\(service.code) is for line managers only")
        }
        var approver: (id: UserID, source: ApproverSource)?
        if service.approval == .lineManager {
            approver = try await approvals.approver(for: requester)
            if approver == nil {
                problems.append(
                    FieldProblem(
                        field: "service",
                        message: "\(service.code) needs the line manager's approval and the requester has no active line manager or fallback approver in the directory"))
            }
        }
        let answers: [String: FormValue]
        do {
            answers = try FormValidation.validate(answers: request.answers, against: service.form)
        } catch let TicketError.invalid(formProblems) {
            problems += formProblems
            answers = [:]
        }
        guard problems.isEmpty else { throw TicketError.invalid(problems) }

        let now = self.now
        let impact = request.impact ?? service.defaultImpact
        let urgency = request.urgency ?? service.defaultUrgency
        let status: TicketStatus = service.approval == .lineManager ? .awaitingApproval : .new
        var ticket = Ticket(
            id: TicketID(0), number: TicketNumber(rawValue: ""), serviceCode: service.code, directorateCode: directorate.code,
            requesterID: requester.id, filedByID: actor.id, assigneeID: nil, channel: request.channel,
            subject: request.subject.trimmingCharacters(in: .whitespacesAndNewlines), description: request.description,
            answers: answers, impact: impact, urgency: urgency, status: status, createdAt: now, updatedAt: now,
            confidential: service.confidential, approverID: approver?.id)
        // The SLA clocks start when the directorate receives the ticket: at filing, or at approval.
        SLAContext(service: service, directorate: directorate, catalogue: catalogue).run(&ticket, at: now)
        var payload = ["channel": request.channel.rawValue, "priority": ticket.priority.rawValue, "service": service.code]
        if let approver {
            payload["approver"] = approver.id.description
            payload["approver_source"] = approver.source.rawValue
            if let delegate = try await approvals.delegate(of: approver.id) { payload["delegate"] = delegate.description }
        }
        let event = NewTicketEvent(actorID: actor.id, at: now, kind: .filed, to: status.rawValue, payload: payload)
        return try await tickets.file(ticket, events: [event], submission: request.submissionKey)
    }

    /// The ticket with its comments and events as `actor` may see them.
    /// - Throws: `TicketError.ticketNotFound` when missing or invisible to `actor`.
    public func view(_ number: TicketNumber, by actor: User) async throws -> TicketView {
        // One read for the ticket and its history; what the actor may not see is left out here.
        guard let (ticket, comments, events) = try await tickets.history(of: number) else { throw TicketError.ticketNotFound(number.rawValue) }
        let roles = Access.relations(
            of: actor, on: ticket, approvers: try await approvals.deciders(of: ticket), watchers: Set(try await tickets.watchers(of: ticket.id)))
        guard Access.allows(.readTicket, roles) else { throw TicketError.ticketNotFound(number.rawValue) }
        guard !Access.allows(.readNotes, roles) else { return TicketView(ticket: ticket, comments: comments, events: events, roles: roles) }
        return TicketView(
            ticket: ticket, comments: comments.filter { $0.visibility == .reply }, events: TicketView.visible(events, to: roles), roles: roles,
            revision: events.last?.id ?? 0)
    }

    /// What the person who just filed `ticket` is shown: the ticket as `view` shows it, or, when
    /// they may not read it (a counter clerk filing a confidential request), what they typed and
    /// its number only, once, with no comment and no history.
    public func filed(_ ticket: Ticket, by actor: User) async throws -> TicketView {
        do { return try await view(ticket.number, by: actor) } catch TicketError.ticketNotFound {
            return TicketView(ticket: ticket, comments: [], events: [], roles: Access.roleRelations(of: actor))
        }
    }

    /// A page of the tickets `actor` may see (scope derived from `Access.table`, `.readTicket`).
    ///
    /// With `query.text`, the tickets matching the search (`TicketSearchText`), newest filed
    /// first; its terms match internal notes only of the tickets whose notes `actor` may read
    /// (`.readNotes`). A search with nothing to look for finds no ticket.
    /// - Throws: `TicketError.invalid` (field `sort`) for a search sorted other than newest first;
    ///   (field `cursor`) for a cursor of a listing with other filters, sort or search.
    public func list(_ query: TicketQuery, by actor: User) async throws -> TicketPage {
        var query = query
        if let after = query.after, after.filters != query.filterFingerprint {
            throw TicketError.invalid([FieldProblem(field: "cursor", message: "a cursor of a listing with other filters: start again without it")])
        }
        let approvingFor = try await approvals.approvers(decidedBy: actor)
        query.scope = Access.scope(of: actor, approvingFor: approvingFor)
        query.notesScope = nil
        query.limit = min(max(query.limit, 1), 200)
        if let text = query.text {
            guard query.sort == .newest else {
                throw TicketError.invalid([FieldProblem(field: "sort", message: "search results are newest first: sort must be newest")])
            }
            if text.isEmpty { return TicketPage(tickets: [], next: nil) }
            query.notesScope = Access.scope(of: actor, for: .readNotes, approvingFor: approvingFor)
        }
        return try await tickets.tickets(query)
    }

    /// The open tickets of `directorate` in figures, for its team lead (`Access.table`, `.readBacklog`).
    /// - Throws: `AccessError.notPermitted`.
    public func backlog(of directorate: String, by actor: User) async throws -> BacklogCounts {
        try Access.require(.readBacklog, Access.relations(of: actor, toDirectorate: directorate))
        return try await tickets.backlog(of: directorate)
    }

    /// Whom `actor` may assign `directorate`'s tickets to, and filter its queue by: its active agents
    /// and team leads, by name (`assign(_:to:by:unchangedSince:)` accepts exactly these).
    /// - Throws: `AccessError.notPermitted` unless `actor` assigns the directorate's tickets.
    public func assignees(in directorate: String, by actor: User) async throws -> [User] {
        try Access.require(.transition(.assign), Access.relations(of: actor, toDirectorate: directorate))
        return try await directory.workers(of: directorate).filter { $0.works(for: directorate) }
    }

    // MARK: Watchers

    /// At most this many colleagues follow one ticket.
    public static let maximumWatchers = 20

    /// The colleagues following the ticket, for whoever reads it.
    /// - Throws: `.ticketNotFound`.
    public func watchers(of number: TicketNumber, by actor: User) async throws -> [User] {
        let (ticket, _, _) = try await visibleTicket(number, to: actor)
        let ids = try await tickets.watchers(of: ticket.id)
        let people = try await directory.users(ids: Set(ids))
        return ids.compactMap { people[$0] }
    }

    /// Adds the active colleague `email` to the ticket's watchers: they read the ticket and its public
    /// conversation (`Access.table`, `.watcher`), never its notes, and do not reply.
    /// - Throws: `.ticketNotFound`, `AccessError.notPermitted` (only the requester chooses), `.invalid`
    ///   (field `watcher`, its `detail` saying which: `unknown` (no such active colleague), `requester`
    ///   (the requester themself), `confidential`, `too_many` (more than `maximumWatchers`)).
    public func addWatcher(_ email: String, to number: TicketNumber, by actor: User) async throws {
        let (ticket, roles, _) = try await visibleTicket(number, to: actor)
        try Access.require(.manageWatchers, roles)
        guard !ticket.confidential else {
            throw TicketError.invalid([FieldProblem(field: "watcher", message: "a confidential request cannot be followed by colleagues", detail: "confidential")])
        }
        guard let watcher = try await directory.user(email: email.trimmingCharacters(in: .whitespaces)), watcher.active else {
            throw TicketError.invalid([FieldProblem(field: "watcher", message: "no active colleague with e-mail \(email)", detail: "unknown")])
        }
        guard watcher.id != ticket.requesterID else {
            throw TicketError.invalid([FieldProblem(field: "watcher", message: "the requester follows their own request already", detail: "requester")])
        }
        try await tickets.addWatcher(watcher.id, to: ticket.id, by: actor.id, at: now)
    }

    /// Removes `watcher` from the ticket's watchers: the requester removes anyone, a watcher themself.
    /// - Throws: `.ticketNotFound`, `AccessError.notPermitted`.
    public func removeWatcher(_ watcher: UserID, from number: TicketNumber, by actor: User) async throws {
        let (ticket, roles, _) = try await visibleTicket(number, to: actor)
        try Access.require(watcher == actor.id && !roles.contains(.requester) ? .stopWatching : .manageWatchers, roles)
        _ = try await tickets.removeWatcher(watcher, from: ticket.id)
    }

    /// The requests awaiting `actor`'s decision, oldest first: those they are the approver of, and
    /// those of the managers who delegated to them today (never their own).
    public func awaitingApproval(by actor: User, limit: Int = 200) async throws -> [Ticket] {
        let deciding = try await approvals.approvers(decidedBy: actor).union([actor.id])
        let query = TicketQuery(scope: .visibleTo(user: actor.id, [.approver(deciding)]), status: .awaitingApproval, limit: min(max(limit, 1), 200))
        return try await tickets.tickets(query).tickets.filter { $0.requesterID != actor.id }.sorted { ($0.createdAt, $0.id.rawValue) < ($1.createdAt, $1.id.rawValue) }
    }

    /// Applies a lifecycle action (`approve`, `start`, `resolve`, …) for `actor`.
    ///
    /// Every change below takes `unchangedSince`: the `TicketView.revision` the actor's page showed.
    /// With it, the change is refused when another person changed the ticket after it
    /// (`TicketView.changes(_:after:against:)`), checked in the change's own write transaction.
    /// And `ifVersion` (the API's `If-Match`): the `TicketView.version` the actor last saw; the
    /// change is refused (`.versionMismatch`) when the ticket as the actor sees it changed at all
    /// since, by anyone, themselves and the system included.
    /// - Throws: `.ticketNotFound` (missing or invisible), `.illegalTransition`, `.notPermitted`,
    ///   `.reopenWindowExpired`, `.invalid` (missing reason or assignee), `.changedMeanwhile`, `.versionMismatch`.
    public func apply(
        _ action: TicketAction, to number: TicketNumber, by actor: User, reason: String? = nil, unchangedSince revision: Int64? = nil,
        ifVersion version: Int64? = nil
    ) async throws -> Ticket {
        guard action != .assign else { throw TicketError.invalid([FieldProblem(field: "action", message: "use the assign operation to assign")]) }
        let (current, roles, sla) = try await visibleTicket(number, to: actor)
        let now = self.now
        // A resolution decides the ticket's one survey (kept only the first time).
        let recentInvitations =
            action == .resolve
            ? try await tickets.surveyInvitations(of: current.requesterID, since: now.addingTimeInterval(-30 * 86_400), until: now) : 0
        return try await tickets.change(number, since: version ?? revision) { ticket, since in
            try Self.require(ticket, since, by: actor, roles: roles, version: version)
            let events = try ticket.apply(action, by: actor.id, roles: roles, at: now, reason: reason)
            sla.run(&ticket, at: now)
            let survey =
                action == .resolve
                ? NewSurvey.decide(
                    ticketID: ticket.id, requesterID: ticket.requesterID, resolvedAt: now,
                    settings: sla.directorate.survey, recentInvitations: recentInvitations) : nil
            return TicketChange(events: events, survey: survey)
        }.0
    }

    /// Changes impact and urgency (hence the priority) and re-targets the SLA clocks.
    /// - Throws: `.ticketNotFound`, `.notPermitted` (not an agent of the directorate), `.ticketFinal`, `.changedMeanwhile`,
    ///   `.versionMismatch`.
    public func reprioritise(
        _ number: TicketNumber, impact: Impact, urgency: Urgency, by actor: User, unchangedSince revision: Int64? = nil, ifVersion version: Int64? = nil
    ) async throws -> Ticket {
        let (_, roles, sla) = try await visibleTicket(number, to: actor)
        let now = self.now
        return try await tickets.change(number, since: version ?? revision) { ticket, since in
            try Self.require(ticket, since, by: actor, roles: roles, version: version)
            let targets = sla.service.slaTargets(priority: Priority.matrix(impact: impact, urgency: urgency), directorate: sla.directorate)
            return TicketChange(
                events: try ticket.reprioritise(
                    impact: impact, urgency: urgency, by: actor.id, roles: roles, at: now, targets: targets,
                    from: sla.calendar(for: ticket.priority), on: sla.calendar(for: Priority.matrix(impact: impact, urgency: urgency))))
        }.0
    }

    /// Assigns the ticket to `assigneeEmail`, an agent or team lead of the ticket's directorate.
    /// With `onlyIfUnassigned` ("assign to me", "take it"), refused with `.alreadyAssigned` when
    /// someone else holds the ticket by the time the write runs: of two agents taking it at the
    /// same moment, exactly one does, with one event.
    /// - Throws: `.ticketNotFound`, `.userNotFound`, `.invalid` (assignee not an agent of the directorate),
    ///   `.illegalTransition`, `.notPermitted`, `.changedMeanwhile`, `.versionMismatch`, `.alreadyAssigned`.
    public func assign(
        _ number: TicketNumber, to assigneeEmail: String, by actor: User, unchangedSince revision: Int64? = nil, ifVersion version: Int64? = nil,
        onlyIfUnassigned: Bool = false
    ) async throws -> Ticket {
        let (ticket, roles, sla) = try await visibleTicket(number, to: actor)
        try Access.require(.transition(.assign), roles)
        guard let assignee = try await directory.user(email: assigneeEmail), assignee.active else {
            throw TicketError.invalid([FieldProblem(field: "assignee", message: "no active user \(assigneeEmail)")])
        }
        guard assignee.works(for: ticket.directorateCode) else {
            throw TicketError.invalid([FieldProblem(field: "assignee", message: "\(assigneeEmail) is not an agent of \(ticket.directorateCode)")])
        }
        let now = self.now
        let holders = onlyIfUnassigned ? try await directory.workers(of: ticket.directorateCode) : []
        return try await tickets.change(number, since: version ?? revision) { ticket, since in
            try Self.require(ticket, since, by: actor, roles: roles, version: version)
            if onlyIfUnassigned, let holder = ticket.assigneeID, holder != assignee.id {
                throw TicketError.alreadyAssigned(ticket.number.rawValue, to: holders.first { $0.id == holder }?.name ?? "user \(holder)")
            }
            let events = try ticket.apply(.assign, by: actor.id, roles: roles, at: now, assignee: assignee.id)
            sla.run(&ticket, at: now)
            return TicketChange(events: events)
        }.0
    }

    /// Adds a public reply or an internal note.
    /// A comment never needs `ifVersion` (it changes nothing another change relies on), but honours it.
    /// - Throws: `.ticketNotFound`, `.ticketFinal`, `.notPermitted`, `.invalid`, `.changedMeanwhile`, `.versionMismatch`.
    public func comment(
        on number: TicketNumber, body: String, visibility: CommentVisibility, by actor: User, unchangedSince revision: Int64? = nil,
        ifVersion version: Int64? = nil
    ) async throws -> (Ticket, Comment) {
        let (_, roles, sla) = try await visibleTicket(number, to: actor)
        let now = self.now
        let (ticket, comment) = try await tickets.change(number, since: version ?? revision) { ticket, since in
            try Self.require(ticket, since, by: actor, roles: roles, version: version)
            let change = try ticket.comment(body, visibility: visibility, by: actor.id, roles: roles, at: now)
            sla.run(&ticket, at: now)
            return change
        }
        return (ticket, comment!)
    }

    /// Closes every ticket resolved at least `Lifecycle.autoCloseBusinessDays`
    /// business days ago on its directorate's calendar (the system's transition).
    /// - Returns: the numbers closed.
    public func closeResolvedTickets(batch: Int = 500) async throws -> [TicketNumber] {
        let now = self.now
        // 5 business days never take fewer than 5 calendar days.
        let candidates = try await tickets.resolvedTickets(
            resolvedBefore: now.addingTimeInterval(-Double(Lifecycle.autoCloseBusinessDays) * 86_400), limit: batch)
        let catalogue = try await self.catalogue.snapshot()
        var closed: [TicketNumber] = []
        for number in candidates where try await close(number, at: now, catalogue: catalogue) { closed.append(number) }
        return closed
    }

    /// Closes one ticket if it is due: still resolved, `Lifecycle.autoCloseBusinessDays` business
    /// days after its resolution on its calendar (what `closeResolvedTickets` does for each candidate;
    /// the demo seed closes each of its tickets at that instant).
    /// - Returns: whether it closed it.
    public func closeIfDue(_ number: TicketNumber) async throws -> Bool {
        try await close(number, at: now, catalogue: try await catalogue.snapshot())
    }

    /// When resolved `ticket` is due to close: `Lifecycle.autoCloseBusinessDays` business days after
    /// its resolution, at the same local time, on its calendar; `nil` when it is not resolved (or its
    /// calendar is missing).
    public func closingInstant(of ticket: Ticket) async throws -> Date? {
        guard let sla = SLAContext(ticket, catalogue: try await catalogue.snapshot()) else { return nil }
        return Self.closingInstant(of: ticket, sla: sla)
    }

    private static func closingInstant(of ticket: Ticket, sla: SLAContext) -> Date? {
        guard ticket.status == .resolved, let resolvedAt = ticket.resolvedAt, let calendar = sla.calendar(for: ticket.priority) else { return nil }
        return calendar.add(businessDays: Lifecycle.autoCloseBusinessDays, to: resolvedAt)
    }

    private func close(_ number: TicketNumber, at now: Date, catalogue: CatalogueSnapshot) async throws -> Bool {
        guard let ticket = try await tickets.ticket(number: number), let sla = SLAContext(ticket, catalogue: catalogue),
            let closing = Self.closingInstant(of: ticket, sla: sla), closing <= now
        else { return false }
        do {
            _ = try await tickets.change(number) { ticket in
                let events = try ticket.apply(.close, by: nil, roles: [.system], at: now)
                sla.run(&ticket, at: now)
                return TicketChange(events: events)
            }
            return true
        } catch TicketError.illegalTransition {
            return false  // reopened or confirmed meanwhile
        }
    }

    /// The SLA scan: marks every clock that reached 80 % of its target or went
    /// past it since the last scan, once, with the directorate's escalation
    /// rules (at risk: to its active team leads), as events in the ticket's history. Idempotent; run each minute.
    /// - Returns: the numbers of the tickets that got new marks.
    public func scanSLA(batch: Int = 1_000) async throws -> [TicketNumber] {
        let now = self.now
        var marked: [TicketNumber] = []
        var contexts: [String: SLAContext] = [:]
        var teamLeads: [String: [String]] = [:]
        let catalogue = try await self.catalogue.snapshot()
        for number in try await tickets.ticketsDueForSLACheck(at: now, limit: batch) {
            guard let current = try await tickets.ticket(number: number) else { continue }
            if contexts[current.serviceCode] == nil { contexts[current.serviceCode] = SLAContext(current, catalogue: catalogue) }
            guard let sla = contexts[current.serviceCode], let calendar = sla.calendar(for: current.priority) else { continue }
            if teamLeads[current.directorateCode] == nil {
                teamLeads[current.directorateCode] = try await directory.teamLeads(of: current.directorateCode).map(\.email)
            }
            let leads = teamLeads[current.directorateCode] ?? []
            let (ticket, _) = try await tickets.change(number) { ticket in
                TicketChange(events: ticket.markSLA(at: now, on: calendar, rules: sla.directorate.escalation, teamLeads: leads))
            }
            if ticket.clocks.contains(where: { $0.atRiskMarkedAt == now || $0.breachMarkedAt == now }) { marked.append(number) }
        }
        return marked
    }

    /// The calendar `ticket`'s SLA clocks run on (for showing them), or `nil` if it is missing.
    public func slaCalendar(of ticket: Ticket) async throws -> BusinessCalendar? {
        try await slaCalendars(of: [ticket])[0]
    }

    /// The calendar of each ticket's SLA clocks, in order, from one read of the catalogue (a queue page).
    public func slaCalendars(of tickets: [Ticket]) async throws -> [BusinessCalendar?] {
        let catalogue = try await catalogue.snapshot()
        return tickets.map { SLAContext($0, catalogue: catalogue)?.calendar(for: $0.priority) }
    }

    var now: Date { clock.nowToTheMillisecond() }

    /// Throws `.changedMeanwhile` when `since` holds a change by another person.
    /// With `version` (If-Match): no event the actor sees since it; else (a page's revision): no
    /// other person's event since it (`since` holds the events after whichever was given).
    private static func require(_ ticket: Ticket, _ since: [TicketEvent], by actor: User, roles: Set<ActorRole>, version: Int64?) throws {
        if version != nil {
            guard TicketView.visible(since, to: roles).isEmpty else { throw TicketError.versionMismatch(ticket.number.rawValue) }
        } else {
            guard TicketView.changes(since, after: 0, against: actor.id).isEmpty else { throw TicketError.changedMeanwhile(ticket.number.rawValue) }
        }
    }

    private func visibleTicket(_ number: TicketNumber, to actor: User) async throws -> (Ticket, Set<ActorRole>, SLAContext) {
        guard let ticket = try await tickets.ticket(number: number), let sla = SLAContext(ticket, catalogue: try await catalogue.snapshot()) else {
            throw TicketError.ticketNotFound(number.rawValue)
        }
        let roles = Access.relations(
            of: actor, on: ticket, approvers: try await approvals.deciders(of: ticket), watchers: Set(try await tickets.watchers(of: ticket.id)))
        guard Access.allows(.readTicket, roles) else { throw TicketError.ticketNotFound(number.rawValue) }
        return (ticket, roles, sla)
    }
}

/// What the SLA rules of one ticket need: its service, directorate and calendars.
struct SLAContext: Sendable {
    let service: Service
    let directorate: Directorate
    /// The directorate's calendar, and the service's P1 calendar if it has one; a
    /// calendar missing from the database leaves the clocks as they are.
    let calendars: [String: BusinessCalendar]

    init(service: Service, directorate: Directorate, catalogue: CatalogueSnapshot) {
        self.service = service
        self.directorate = directorate
        var calendars: [String: BusinessCalendar] = [:]
        for id in Set([directorate.calendarID] + [service.p1CalendarID].compactMap { $0 }) {
            calendars[id] = catalogue.calendar(id: id)
        }
        self.calendars = calendars
    }

    init?(_ ticket: Ticket, catalogue: CatalogueSnapshot) {
        guard let service = catalogue.service(code: ticket.serviceCode), let directorate = catalogue.directorate(code: ticket.directorateCode)
        else { return nil }
        self.init(service: service, directorate: directorate, catalogue: catalogue)
    }

    /// The calendar a ticket of `priority` runs on.
    func calendar(for priority: Priority) -> BusinessCalendar? {
        calendars[service.calendarID(priority: priority, directorate: directorate)]
    }

    /// Runs the clock rules on `ticket` after a change at `now`, with the targets and calendar of its current priority.
    func run(_ ticket: inout Ticket, at now: Date) {
        guard let calendar = calendar(for: ticket.priority) else { return }
        ticket.runClocks(at: now, targets: service.slaTargets(priority: ticket.priority, directorate: directorate), on: calendar)
    }
}
