import Foundation

/// How a person stands to one object. The access table grants each permission to relations,
/// never to names or to ad-hoc checks; `Access.relations(of:on:approvers:)` and its siblings
/// say which relations a person holds.
///
/// Personal relations (`requester` … `owner`) hold towards one object; directorate relations
/// (`agent`, `teamLead`) towards a directorate's tickets, reports and reviews; role relations
/// (`staff` … `admin`) everywhere, because they come from the person's roles alone.
public enum Relation: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The person a ticket is for.
    case requester
    /// Filed the ticket on the requester's behalf (counter clerk, agent); not on a confidential ticket.
    case filer
    /// Decides a ticket's approval while it awaits it: its approver (`Ticket.approverID`: the
    /// requester's line manager, the first active manager above, or a fallback approver), or the
    /// approver's delegate during a delegation period. The relation ends with the decision (issue 9).
    case lineManager = "line_manager"
    /// Agent of the ticket's (or report's) directorate; never towards a confidential ticket.
    case agent
    /// The agent a ticket is assigned to (the one agent who reads a confidential ticket).
    case assignee
    /// Team lead of the ticket's (or report's) directorate, confidential tickets included.
    case teamLead = "team_lead"
    /// A colleague the requester added to follow the ticket and its public conversation (issue 13);
    /// never on a confidential ticket.
    case watcher
    /// Owns a booking, a presence setting, a token: it is theirs.
    case owner
    /// Every signed-in person.
    case staff
    /// Holds the counter-clerk role.
    case counterClerk = "counter_clerk"
    /// Holds the quality-officer role.
    case qualityOfficer = "quality_officer"
    /// Holds the facilities-manager role.
    case facilities
    /// Holds the administrator role.
    case admin
    /// SSP itself: the background services (auto-close).
    case system

    public static func < (a: Relation, b: Relation) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The reports of SSP, each a permission of its own.
public enum ReportKind: String, Sendable, Hashable, CaseIterable {
    /// SLA compliance (`GET /reports/sla`, `ssp-admin sla report`).
    case sla
    /// Satisfaction indicators (`GET /reports/satisfaction`, `ssp-admin surveys report`).
    case satisfaction
    /// Desk occupancy, heat map and capacity (aggregates only; never who sat where).
    case occupancy
}

/// Everything a person may be allowed to do: the rows of `Access.table`.
public enum Permission: Hashable, Sendable, CustomStringConvertible {
    // Tickets
    /// Read a ticket: fields, public conversation, history.
    case readTicket
    /// File a ticket for oneself.
    case fileTicket
    /// File a ticket for another staff member (relations towards the service's directorate).
    case fileOnBehalf
    /// Set impact and urgency at filing instead of the service's defaults.
    case setPriorityAtFiling
    /// Add a public reply.
    case reply
    /// Add an internal note.
    case addNote
    /// Read internal notes.
    case readNotes
    /// Apply a lifecycle action (`Lifecycle.rules` say from which statuses).
    case transition(TicketAction)
    /// Change impact and urgency after filing.
    case reprioritise
    /// Read a directorate's canned replies and insert them in a reply (issue 13).
    case useCannedReplies
    /// Write and delete a directorate's canned replies.
    case manageCannedReplies
    /// Read a directorate's open tickets in figures (open, unassigned, at risk, breached).
    case readBacklog
    /// Add or remove the colleagues who follow a ticket.
    case manageWatchers
    /// Stop following a ticket one was added to.
    case stopWatching
    /// List tickets on the command line (`ssp-admin tickets`): every ticket, notes included.
    case listAllTickets
    // Surveys
    /// Read and answer the satisfaction survey of a ticket.
    case answerSurvey
    // Reports and reviews
    /// Read a report; directorate relations read their directorate's figures, role relations all.
    case readReport(ReportKind)
    /// Read a PDCA review (directorate relations: their directorate's; role relations: all, SSP-wide too).
    case readReview
    /// Create, close, add and set improvement actions of PDCA reviews.
    case manageReviews
    // Desks
    /// Look for desks, book, list and cancel one's own bookings, check in at a desk.
    case bookDesk
    /// Read, check in or cancel one booking.
    case manageBooking
    /// See colleagues who chose to share where they sit.
    case readSharedPresence
    /// Read or change one's own presence-sharing choice.
    case setPresenceSharing
    /// The desk inventory, building settings, out-of-service periods, head-counts, no-show release.
    case manageDesks
    // Catalogue, directory, tokens
    /// Read the catalogue (directorates, services, forms).
    case readCatalogue
    /// Import the catalogue and calendars.
    case manageCatalogue
    /// Read one's own profile (`GET /me`).
    case readProfile
    /// List people, add, change and deactivate them, set their roles.
    case manageUsers
    /// Create, list and revoke API tokens.
    case manageTokens
    /// Hand one's approvals to a delegate for an absence, and list those delegations.
    case delegateApprovals
    /// Find staff members by name, e-mail or administration (to file on their behalf).
    case searchDirectory
    /// Seed an empty database with demonstration data.
    case seedDemo

    /// A stable name, e.g. `ticket.read`, `transition.approve`, `report.sla` (in error details and the README's table).
    public var description: String {
        switch self {
        case .readTicket: "ticket.read"
        case .fileTicket: "ticket.file"
        case .fileOnBehalf: "ticket.file_on_behalf"
        case .setPriorityAtFiling: "ticket.set_priority_at_filing"
        case .reply: "ticket.reply"
        case .addNote: "ticket.add_note"
        case .readNotes: "ticket.read_notes"
        case let .transition(action): "transition.\(action.rawValue)"
        case .reprioritise: "ticket.reprioritise"
        case .useCannedReplies: "canned_reply.use"
        case .manageCannedReplies: "canned_reply.manage"
        case .readBacklog: "ticket.read_backlog"
        case .manageWatchers: "ticket.manage_watchers"
        case .stopWatching: "ticket.stop_watching"
        case .listAllTickets: "ticket.list_all"
        case .answerSurvey: "survey.answer"
        case let .readReport(kind): "report.\(kind.rawValue)"
        case .readReview: "review.read"
        case .manageReviews: "review.manage"
        case .bookDesk: "desk.book"
        case .manageBooking: "booking.manage"
        case .readSharedPresence: "presence.read_shared"
        case .setPresenceSharing: "presence.set_sharing"
        case .manageDesks: "desk.manage"
        case .readCatalogue: "catalogue.read"
        case .manageCatalogue: "catalogue.manage"
        case .readProfile: "profile.read"
        case .manageUsers: "user.manage"
        case .manageTokens: "token.manage"
        case .delegateApprovals: "approval.delegate"
        case .searchDirectory: "directory.search"
        case .seedDemo: "demo.seed"
        }
    }
}

/// The access table and the relations it is read with: who may do what, in one place (issue 9).
///
/// Every handler (API, CLI, later the portal) calls a Core use case, and every use case asks
/// this table. A person's relations to an object decide; an empty intersection with the row
/// refuses. Refusals are answered as 404 when the person may not read the object (they must
/// not learn it exists) and 403 when they may read it but not do this.
public enum Access {
    /// Agents, assignees and team leads: the relations that work a ticket.
    public static let workers: Set<Relation> = [.agent, .assignee, .teamLead]

    /// The table: each permission and the relations that grant it.
    public static let table: [Permission: Set<Relation>] = [
        // Tickets. An administrator reads everything and acts on no ticket by that role.
        .readTicket: [.requester, .filer, .lineManager, .agent, .assignee, .teamLead, .watcher, .admin],
        .fileTicket: [.staff],
        .fileOnBehalf: [.agent, .teamLead, .counterClerk],
        .setPriorityAtFiling: [.agent, .teamLead],
        .reply: [.requester, .filer, .agent, .assignee, .teamLead],
        .addNote: [.agent, .assignee, .teamLead],
        .readNotes: [.agent, .assignee, .teamLead, .admin],
        .reprioritise: [.agent, .assignee, .teamLead],
        // Canned replies: a directorate's agents use them, its team leads keep them.
        .useCannedReplies: [.agent, .teamLead],
        .manageCannedReplies: [.teamLead, .admin],
        // The team lead's figures above the queue.
        .readBacklog: [.teamLead, .admin],
        // Watchers: the requester chooses them; a watcher may leave.
        .manageWatchers: [.requester],
        .stopWatching: [.watcher],
        .transition(.approve): [.lineManager],
        .transition(.reject): [.lineManager],
        .transition(.assign): [.agent, .assignee, .teamLead],
        .transition(.start): [.agent, .assignee, .teamLead],
        .transition(.askRequester): [.agent, .assignee, .teamLead],
        .transition(.reply): [.requester],
        .transition(.resolve): [.agent, .assignee, .teamLead],
        .transition(.reopen): [.requester],
        .transition(.confirm): [.requester],
        .transition(.cancel): [.requester],
        .transition(.close): [.system],
        .listAllTickets: [.admin],
        // Surveys: the requester's own opinion.
        .answerSurvey: [.requester],
        // Reports and reviews: never ticket contents.
        .readReport(.sla): [.agent, .teamLead, .qualityOfficer, .admin],
        .readReport(.satisfaction): [.agent, .teamLead, .qualityOfficer, .admin],
        .readReport(.occupancy): [.facilities, .qualityOfficer, .admin],
        .readReview: [.agent, .teamLead, .qualityOfficer, .admin],
        .manageReviews: [.qualityOfficer, .admin],
        // Desks.
        .bookDesk: [.staff],
        .manageBooking: [.owner],
        .readSharedPresence: [.staff],
        .setPresenceSharing: [.owner],
        .manageDesks: [.facilities, .admin],
        // Catalogue, directory, tokens.
        .readCatalogue: [.staff],
        .manageCatalogue: [.admin],
        .readProfile: [.staff],
        .manageUsers: [.admin],
        .manageTokens: [.admin],
        .delegateApprovals: [.owner, .admin],
        .searchDirectory: [.counterClerk, .admin],
        .seedDemo: [.admin],
    ]

    /// The relations that grant `permission` (empty for a permission missing from the table: refused).
    public static func granting(_ permission: Permission) -> Set<Relation> { table[permission] ?? [] }

    /// Whether someone with `relations` may do `permission`.
    public static func allows(_ permission: Permission, _ relations: Set<Relation>) -> Bool {
        !granting(permission).isDisjoint(with: relations)
    }

    // MARK: Relations

    /// The relations every person holds by their roles alone.
    public static func roleRelations(of user: User) -> Set<Relation> {
        var relations: Set<Relation> = [.staff]
        if user.roles.contains(.counterClerk) { relations.insert(.counterClerk) }
        if user.roles.contains(.qualityOfficer) { relations.insert(.qualityOfficer) }
        if user.roles.contains(.facilities) { relations.insert(.facilities) }
        if user.roles.contains(.admin) { relations.insert(.admin) }
        return relations
    }

    /// `user`'s relations to `directorate` (its agent, its team lead) and their role relations.
    public static func relations(of user: User, toDirectorate directorate: String) -> Set<Relation> {
        var relations = roleRelations(of: user)
        if user.isAgent(of: directorate) { relations.insert(.agent) }
        if user.isTeamLead(of: directorate) { relations.insert(.teamLead) }
        return relations
    }

    /// `user`'s relations to `ticket`.
    ///
    /// - Parameter approvers: who may decide the ticket's approval today: its approver and, during
    ///   a delegation period, the approver's delegate (`ApprovalRouting.deciders(of:)`). Counts only
    ///   while the ticket awaits approval.
    /// - Parameter watchers: the colleagues following the ticket (`TicketStore.watchers(of:)`).
    /// - Returns: the role relations plus the personal and directorate ones. A confidential ticket
    ///   gives no `filer`, no `watcher` and no `agent` relation: only its requester, its assignee, the directorate's
    ///   team leads and administrators read it.
    public static func relations(of user: User, on ticket: Ticket, approvers: Set<UserID>, watchers: Set<UserID> = []) -> Set<Relation> {
        var relations = roleRelations(of: user)
        if watchers.contains(user.id), !ticket.confidential { relations.insert(.watcher) }
        if ticket.requesterID == user.id { relations.insert(.requester) }
        if ticket.filedByID == user.id, !ticket.confidential { relations.insert(.filer) }
        if ticket.status == .awaitingApproval, approvers.contains(user.id) { relations.insert(.lineManager) }
        if ticket.assigneeID == user.id, user.works(for: ticket.directorateCode) { relations.insert(.assignee) }
        if user.isAgent(of: ticket.directorateCode), !ticket.confidential { relations.insert(.agent) }
        if user.isTeamLead(of: ticket.directorateCode) { relations.insert(.teamLead) }
        return relations
    }

    /// The relations of `user` to something of `owner`'s (a booking, a presence choice, a token).
    public static func relations(of user: User, toPossessionOf owner: UserID) -> Set<Relation> {
        var relations = roleRelations(of: user)
        if owner == user.id { relations.insert(.owner) }
        return relations
    }

    // MARK: Checks

    /// Throws `hidden` unless `relations` grant `permission`: for an object the person may not
    /// know exists, whose refusal is answered exactly as a missing object (404).
    public static func require(_ permission: Permission, _ relations: Set<Relation>, orHide hidden: @autoclosure () -> any Error) throws {
        guard allows(permission, relations) else { throw hidden() }
    }

    /// Throws `AccessError.notPermitted` unless `relations` grant `permission` (the object is visible).
    public static func require(_ permission: Permission, _ relations: Set<Relation>) throws {
        guard allows(permission, relations) else { throw AccessError.notPermitted(permission) }
    }

    /// Throws `AccessError.notPermitted` (403) unless `user`'s role relations grant `permission`:
    /// for operations on no particular object (filing, booking, managing users, …).
    public static func require(_ permission: Permission, _ user: User) throws {
        guard allows(permission, roleRelations(of: user)) else { throw AccessError.notPermitted(permission) }
    }

    /// The directorates whose figures `user` may read with `permission` (a report kind, or reviews).
    /// - Returns: `nil` for all (a role relation grants it), else the directorates where a
    ///   directorate relation grants it, narrowed to `directorate` when one is asked.
    /// - Throws: `AccessError.notPermitted` when nothing is readable, or `directorate` is not.
    public static func figures(_ permission: Permission, of user: User, directorate: String? = nil) throws -> Set<String>? {
        if allows(permission, roleRelations(of: user)) { return directorate.map { [$0] } }
        let candidates = user.directorates.union(user.leads)
        let readable = Set(candidates.filter { allows(permission, relations(of: user, toDirectorate: $0)) })
        if let directorate {
            guard readable.contains(directorate) else { throw AccessError.notPermitted(permission) }
            return [directorate]
        }
        guard !readable.isEmpty else { throw AccessError.notPermitted(permission) }
        return readable
    }

    /// The tickets `user` may list with `permission` (`.readTicket`): the SQL scope of ticket
    /// listings, derived from the table row. Each relation of the row that `user` can hold adds a
    /// clause; a role relation in the row (administrators) makes it every ticket.
    /// - Parameter approvingFor: the approvers `user` decides for today: themself and the managers
    ///   who delegated their approvals to them (`ApprovalRouting.approvers(decidedBy:)`).
    public static func scope(of user: User, for permission: Permission = .readTicket, approvingFor: Set<UserID>) -> TicketScope {
        let row = granting(permission)
        if !row.isDisjoint(with: roleRelations(of: user)) { return .all }
        var clauses: Set<TicketScope.Clause> = []
        for relation in row {
            switch relation {
            case .requester: clauses.insert(.requester)
            case .filer: clauses.insert(.filer)
            case .lineManager: clauses.insert(.approver(approvingFor.union([user.id])))
            case .assignee:
                let worked = (user.roles.contains(.agent) ? user.directorates : []).union(user.roles.contains(.teamLead) ? user.leads : [])
                if !worked.isEmpty { clauses.insert(.assignee(worked)) }
            case .agent: if !user.directorates.isEmpty, user.roles.contains(.agent) { clauses.insert(.agent(user.directorates)) }
            case .teamLead: if !user.leads.isEmpty, user.roles.contains(.teamLead) { clauses.insert(.teamLead(user.leads)) }
            case .watcher: clauses.insert(.watcher)
            case .owner, .staff, .counterClerk, .qualityOfficer, .facilities, .admin, .system: break
            }
        }
        return .visibleTo(user: user.id, clauses)
    }
}

/// A refusal by the access table.
public enum AccessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The person may see the object (or there is none) but the table does not grant this.
    case notPermitted(Permission)

    public var description: String {
        switch self {
        case let .notPermitted(permission):
            let who = Access.granting(permission).sorted().map(\.rawValue).joined(separator: ", ")
            return "not permitted: \(permission) is for \(who.isEmpty ? "nobody" : who)"
        }
    }
}
