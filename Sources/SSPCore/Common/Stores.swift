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
        /// The ticket awaits approval and its `approver_id` is one of these (the user, and the
        /// managers whose approvals the user holds by delegation today).
        case approver(Set<UserID>)
        /// `assignee_id` is the user and the ticket is of one of these directorates (those the user works for).
        case assignee(Set<String>)
        /// Not confidential, of one of these directorates (the user is their agent).
        case agent(Set<String>)
        /// Of one of these directorates (the user is their team lead), confidential or not.
        case teamLead(Set<String>)
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
    public var sort: TicketSort
    /// Tickets strictly after this position in `sort` order; `nil` for the first page.
    public var after: TicketCursor?
    /// Page size, 1…200.
    public var limit: Int

    public init(
        scope: TicketScope, status: TicketStatus? = nil, directorateCode: String? = nil, assigneeID: UserID? = nil,
        requesterID: UserID? = nil, serviceCode: String? = nil, priority: Priority? = nil,
        openOnly: Bool = false, slaStatus: SLAStatus? = nil, sort: TicketSort = .newest,
        after: TicketCursor? = nil, limit: Int = 50
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
        self.sort = sort
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

/// Filters of a service search.
public struct ServiceQuery: Sendable, Equatable {
    /// Words to find in code, name, description or category in any language,
    /// case- and accent-insensitively ("reservation" finds "Réservation").
    public var text: String?
    public var directorateCode: String?
    public var includeInactive: Bool

    public init(text: String? = nil, directorateCode: String? = nil, includeInactive: Bool = false) {
        self.text = text
        self.directorateCode = directorateCode
        self.includeInactive = includeInactive
    }
}

/// The service catalogue as stored.
public protocol CatalogueStore: Sendable {
    /// Imports a validated catalogue, idempotently by code: changed texts update in
    /// place, services absent from `catalogue` become inactive (never deleted).
    func importCatalogue(_ catalogue: Catalogue) async throws -> CatalogueImportReport
    func directorates() async throws -> [Directorate]
    func directorate(code: String) async throws -> Directorate?
    /// Services matching `query`, ordered by code (by relevance when searching text).
    func services(_ query: ServiceQuery) async throws -> [Service]
    func service(code: String) async throws -> Service?
    func calendar(id: String) async throws -> BusinessCalendar?
}

/// What a directory import did.
public struct UserImportReport: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// E-mails of the active people absent from a full import, now deactivated (leavers).
    public var deactivated: [String] = []
    public init() {}
}

/// The staff directory.
public protocol DirectoryStore: Sendable {
    func user(id: UserID) async throws -> User?
    /// Case-insensitive lookup by e-mail.
    func user(email: String) async throws -> User?
    /// The users with these ids (missing ids are absent from the result).
    func users(ids: Set<UserID>) async throws -> [UserID: User]
    /// Users ordered by name.
    func users(limit: Int, offset: Int) async throws -> [User]
    /// Adds or updates people by e-mail in one transaction; line managers are
    /// resolved by e-mail against the directory after all rows are in.
    /// - Parameter leavers: the rows are the whole directory: every active person absent from them
    ///   is deactivated (and counted in `deactivated`).
    /// - Throws: `TicketError.invalid` naming the row (`row 12: manager`) for an unknown or inactive
    ///   manager (a leaver of the same import included) or an unknown directorate; nothing is written then.
    func upsertUsers(_ users: [NewUser], leavers: Bool) async throws -> UserImportReport
    /// Marks these people inactive (their tokens stop authenticating at once).
    func deactivate(_ ids: [UserID]) async throws
    /// The active team leads of `directorate`, by name.
    func teamLeads(of directorate: String) async throws -> [User]
    /// Whether someone has `id` as line manager.
    func isManager(_ id: UserID) async throws -> Bool
}

extension DirectoryStore {
    /// Adds or updates people, leaving everyone else as they are.
    public func upsertUsers(_ users: [NewUser]) async throws -> UserImportReport { try await upsertUsers(users, leavers: false) }
}

/// Bearer API tokens. Only a SHA-256 hash of each token is stored.
public protocol TokenStore: Sendable {
    /// Creates a token for `userID` and returns its secret (shown once).
    func createToken(for userID: UserID, name: String, at now: Date) async throws -> (APIToken, secret: String)
    /// Revokes token `id`; returns false when there is no such active token.
    func revokeToken(id: Int64, at now: Date) async throws -> Bool
    func tokens(of userID: UserID) async throws -> [APIToken]
    /// The active user owning an unrevoked token with this secret, or `nil`.
    func authenticate(secret: String) async throws -> User?
}

/// Tickets, their comments and their append-only events.
public protocol TicketStore: Sendable {
    /// Stores a new ticket with the next number of its Brussels year and its
    /// first events, in one transaction; `ticket.id` and `ticket.number` are
    /// ignored and allocated here. Safe under concurrency: each call gets a distinct number.
    func file(_ ticket: Ticket, events: [NewTicketEvent]) async throws -> Ticket
    func ticket(number: TicketNumber) async throws -> Ticket?
    func ticket(id: TicketID) async throws -> Ticket?
    func tickets(_ query: TicketQuery) async throws -> TicketPage
    /// Reads the ticket, runs `change` on it and writes the result, the comment
    /// and the events in one write transaction; nothing is written if `change` throws.
    /// - Throws: `TicketError.ticketNotFound`, or what `change` throws.
    func change(_ number: TicketNumber, _ change: @Sendable (inout Ticket) throws -> TicketChange) async throws -> (Ticket, Comment?)
    /// Comments oldest first; notes only when `includeNotes`.
    func comments(of ticketID: TicketID, includeNotes: Bool) async throws -> [Comment]
    /// Events oldest first.
    func events(of ticketID: TicketID) async throws -> [TicketEvent]
    /// Survey invitations (state `invited`) of `requester` sent in `(since, until]`.
    func surveyInvitations(of requester: UserID, since: Date, until: Date) async throws -> Int
    /// Numbers of tickets whose `slaCheckAt` is at or before `instant`, earliest first (the SLA scan's work).
    func ticketsDueForSLACheck(at instant: Date, limit: Int) async throws -> [TicketNumber]
    /// The SLA facts of tickets resolved (and not reopened since) in `[from, to)`, in `directorates`
    /// (`nil`: all). Cancelled tickets are never included.
    func slaRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SLARecord]
    /// Numbers of resolved tickets resolved at or before `instant` (candidates for auto-close).
    func resolvedTickets(resolvedBefore instant: Date, limit: Int) async throws -> [TicketNumber]
}

/// Satisfaction surveys.
public protocol SurveyStore: Sendable {
    func survey(ofTicket ticketID: TicketID) async throws -> Survey?
    func survey(id: Int64) async throws -> Survey?
    /// Records an answer once: throws `SurveyError.alreadyAnswered` if another answer got there first.
    func answerSurvey(id: Int64, score: Int, comment: String?, at now: Date) async throws -> Survey
    /// The invitation token of a survey: unguessable (HMAC of its id with a secret of this database), usable only for it.
    func surveyToken(id: Int64) -> String
    /// The survey id a token stands for, or `nil` for a forged or malformed token.
    func surveyID(token: String) -> Int64?
    /// Invited surveys of tickets resolved in `[from, to)`, in `directorates` (`nil`: all).
    func surveyRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SurveyRecord]
}

extension Data {
    /// Base64url without padding (RFC 4648 §5): safe in URLs and headers.
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
