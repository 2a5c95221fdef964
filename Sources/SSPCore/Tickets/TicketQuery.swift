import Foundation

/// Which tickets a listing may return: derived from the access table by `Access.scope(of:for:)`.
public enum TicketScope: Sendable, Equatable {
    /// Every ticket (administrators).
    case all
    /// The tickets towards which `user` holds at least one of the clauses' relations.
    case visibleTo(user: UserID, Set<Clause>)

    /// One relation of the `readTicket` row, as the storage turns it into a condition.
    public enum Clause: Sendable, Hashable {
        /// `requester_id` is the user.
        case requester
        /// `filed_by_id` is the user and the ticket is not confidential.
        case filer
        /// The ticket awaits approval, is not the user's own, and its `approver_id` is one of these
        /// (the user, and the managers whose approvals the user holds by delegation today).
        case approver(Set<UserID>)
        /// `assignee_id` is the user and the ticket is of one of these directorates (those the user works for).
        case assignee(Set<String>)
        /// Not confidential, of one of these directorates (the user is their agent).
        case agent(Set<String>)
        /// Of one of these directorates (the user is their team lead), confidential or not.
        case teamLead(Set<String>)
        /// The user follows the ticket (`ticket_watcher`) and it is not confidential.
        case watcher
    }
}

/// The order of a ticket listing.
public enum TicketSort: String, Codable, Sendable, CaseIterable, Hashable {
    /// Newest first, by (`createdAt`, `id`) descending.
    case newest
    /// The queue: what is due first, by (`resolutionDueAt`, `id`) ascending; tickets
    /// without a running resolution clock (paused, stopped, awaiting approval) come last.
    case due
}

/// A position in a ticket listing: the sort key and id of the last ticket of
/// the previous page. Pages never repeat or skip a ticket when others are
/// filed between them, because the order is total (ties broken by id).
public struct TicketCursor: Sendable, Equatable, Hashable {
    public var sort: TicketSort
    /// The sort key in milliseconds since 1970 (UTC): creation, or due instant (`Int64.max` for none).
    public var key: Int64
    public var id: TicketID

    public init(sort: TicketSort, key: Int64, id: TicketID) {
        self.sort = sort
        self.key = key
        self.id = id
    }

    /// The position of `ticket` in a listing ordered by `sort`.
    public init(after ticket: Ticket, sort: TicketSort) {
        let instant = sort == .newest ? ticket.createdAt : ticket.resolutionDueAt
        self.init(sort: sort, key: instant.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? .max, id: ticket.id)
    }

    /// The opaque wire form: base64url of `<sort>.<key>.<id>`.
    public var token: String {
        Data("\(sort.rawValue).\(key).\(id.rawValue)".utf8).base64URLEncoded
    }

    /// Parses `token`; `nil` when it is not one this type produced.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 3, let sort = TicketSort(rawValue: String(parts[0])), let key = Int64(parts[1]), let id = Int64(parts[2]) else { return nil }
        self.init(sort: sort, key: key, id: TicketID(id))
    }
}

/// Filters and page of a ticket listing.
public struct TicketQuery: Sendable, Equatable {
    public var scope: TicketScope
    public var status: TicketStatus?
    public var directorateCode: String?
    public var assigneeID: UserID?
    public var requesterID: UserID?
    public var serviceCode: String?
    public var priority: Priority?
    /// Only tickets not yet resolved (awaiting approval, new, assigned, in progress, waiting).
    public var openOnly: Bool
    /// Only tickets the SLA scan marked at risk (and not breached), or breached.
    public var slaStatus: SLAStatus?
    /// Only tickets nobody is assigned to.
    public var unassignedOnly: Bool
    /// Only tickets this person follows as a watcher.
    public var watchedBy: UserID?
    public var sort: TicketSort
    /// Only tickets matching this search (`TicketSearchText` gives the rule). The listing is then
    /// newest filed first, by id descending; `sort` must be `.newest` and a cursor's `id` counts.
    public var text: TicketSearchText?
    /// The tickets whose internal notes `text` may match: `TicketDesk.list` derives it from the
    /// `readNotes` row of the access table; `nil`, none (only the public text is searched).
    public var notesScope: TicketScope?
    /// Tickets strictly after this position in `sort` order; `nil` for the first page.
    public var after: TicketCursor?
    /// Page size, 1…200.
    public var limit: Int

    public init(
        scope: TicketScope, status: TicketStatus? = nil, directorateCode: String? = nil, assigneeID: UserID? = nil,
        requesterID: UserID? = nil, serviceCode: String? = nil, priority: Priority? = nil,
        openOnly: Bool = false, slaStatus: SLAStatus? = nil, unassignedOnly: Bool = false, sort: TicketSort = .newest,
        text: TicketSearchText? = nil, after: TicketCursor? = nil, limit: Int = 50
    ) {
        self.scope = scope
        self.status = status
        self.directorateCode = directorateCode
        self.assigneeID = assigneeID
        self.requesterID = requesterID
        self.serviceCode = serviceCode
        self.priority = priority
        self.openOnly = openOnly
        self.slaStatus = slaStatus
        self.unassignedOnly = unassignedOnly
        self.watchedBy = nil
        self.sort = sort
        self.text = text
        self.after = after
        self.limit = limit
    }
}

/// One page of tickets and the cursor of the next page (`nil` on the last page).
public struct TicketPage: Sendable, Equatable {
    public var tickets: [Ticket]
    public var next: TicketCursor?

    public init(tickets: [Ticket], next: TicketCursor?) {
        self.tickets = tickets
        self.next = next
    }
}

/// A directorate's open tickets in figures: what a team lead's queue shows above the list (issue 13).
public struct BacklogCounts: Sendable, Equatable {
    /// Open tickets (awaiting approval, new, assigned, in progress, waiting on the requester).
    public var open: Int
    /// Open tickets nobody is assigned to.
    public var unassigned: Int
    /// Open tickets the SLA scan marked at risk (not breached).
    public var atRisk: Int
    /// Open tickets with a breached clock.
    public var breached: Int

    public init(open: Int, unassigned: Int, atRisk: Int, breached: Int) {
        self.open = open
        self.unassigned = unassigned
        self.atRisk = atRisk
        self.breached = breached
    }
}
