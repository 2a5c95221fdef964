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
///
/// A cursor belongs to its listing: it carries the `TicketQuery.filterFingerprint` of the query
/// that returned it, and `TicketDesk.list` refuses it with other filters (issue 14: a cursor
/// replayed with other filters gave a silently wrong page).
public struct TicketCursor: Sendable, Equatable, Hashable {
    public var sort: TicketSort
    /// The sort key in milliseconds since 1970 (UTC): creation, or due instant (`Int64.max` for none).
    public var key: Int64
    public var id: TicketID
    /// The `filterFingerprint` of the query whose page ended here (16 hex digits).
    public var filters: String

    public init(sort: TicketSort, key: Int64, id: TicketID, filters: String) {
        self.sort = sort
        self.key = key
        self.id = id
        self.filters = filters
    }

    /// The position of `ticket` in the listing of `query` (its sort and filters).
    public init(after ticket: Ticket, in query: TicketQuery) {
        let instant = query.sort == .newest ? ticket.createdAt : ticket.resolutionDueAt
        self.init(
            sort: query.sort, key: instant.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? .max, id: ticket.id,
            filters: query.filterFingerprint)
    }

    /// The opaque wire form: base64url of `<sort>.<key>.<id>.<filters>`.
    public var token: String {
        Data("\(sort.rawValue).\(key).\(id.rawValue).\(filters)".utf8).base64URLEncoded
    }

    /// Parses `token`; `nil` when it is not one this type produced.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 4, let sort = TicketSort(rawValue: String(parts[0])), let key = Int64(parts[1]), let id = Int64(parts[2]),
            parts[3].count == 16, parts[3].allSatisfy(\.isHexDigit)
        else { return nil }
        self.init(sort: sort, key: key, id: TicketID(id), filters: String(parts[3]))
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

    /// Continues after the cursor of `token` when it is a cursor of this listing (set the filters
    /// first); a missing, malformed or foreign one leaves `after` nil, the first page (what pages
    /// do with a stale link; the API refuses instead).
    public mutating func resume(at token: String?) {
        after = token.flatMap(TicketCursor.init(token:)).flatMap { $0.filters == filterFingerprint ? $0 : nil }
    }

    /// What a cursor of this listing must match: the filters, the sort and the search, as 16 hex
    /// digits of FNV-1a 64 (stable across processes and instances, unlike `Hasher`). The scope,
    /// the page size and the position are not part of it.
    public var filterFingerprint: String {
        let parts: [String?] = [
            status?.rawValue, directorateCode, assigneeID?.description, requesterID?.description, serviceCode, priority?.rawValue,
            openOnly ? "open" : nil, slaStatus?.rawValue, unassignedOnly ? "unassigned" : nil, watchedBy?.description, sort.rawValue,
            text.map { text in text.number?.rawValue ?? text.terms.map { $0.text + ($0.isPrefix ? "*" : "") }.joined(separator: " ") },
        ]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.map({ $0 ?? "\u{1}" }).joined(separator: "\u{0}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
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
