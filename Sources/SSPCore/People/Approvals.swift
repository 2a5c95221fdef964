import Foundation

/// A line manager's approvals handed to a delegate for an absence: from `startsOn` to `endsOn`,
/// Brussels dates, both inclusive (issue 9, "People come and go"). Periods of one manager never
/// overlap (a database constraint).
public struct ApprovalDelegation: Sendable, Equatable {
    public var id: Int64
    public var managerID: UserID
    public var delegateID: UserID
    /// Local dates in Europe/Brussels, inclusive.
    public var startsOn: LocalDate
    public var endsOn: LocalDate
    /// UTC instant.
    public var createdAt: Date

    public init(id: Int64, managerID: UserID, delegateID: UserID, startsOn: LocalDate, endsOn: LocalDate, createdAt: Date) {
        self.id = id
        self.managerID = managerID
        self.delegateID = delegateID
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.createdAt = createdAt
    }

    /// Whether `day` (a Brussels date) falls in the period.
    public func covers(_ day: LocalDate) -> Bool { startsOn <= day && day <= endsOn }
}

/// Why a request went to its approver.
public enum ApproverSource: String, Sendable, Equatable {
    /// The requester's own line manager.
    case lineManager = "line_manager"
    /// The line manager is inactive: the first active manager above them.
    case managerAbove = "manager_above"
    /// Nobody active up the chain: the fallback approver of the requester's administration.
    case fallback
}

/// Refusals of the approval use cases.
public enum ApprovalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The manager already has a delegate on some day of the period (the periods would overlap).
    case delegationOverlaps(manager: String)
    /// No delegation with this id.
    case delegationNotFound(Int64)

    public var description: String {
        switch self {
        case let .delegationOverlaps(manager): "\(manager) already has a delegate on a day of this period"
        case let .delegationNotFound(id): "no delegation \(id)"
        }
    }
}

/// Fallback approvers and delegations, and the pending approvals that lost their approver.
public protocol ApprovalStore: Sendable {
    /// The fallback approver of each administration that has one.
    func fallbackApprovers() async throws -> [String: UserID]
    /// Sets (`nil`: removes) the fallback approver of `administration`.
    func setFallbackApprover(_ id: UserID?, administration: String) async throws
    /// Stores a delegation. - Throws: `ApprovalError.delegationOverlaps` when the manager already
    /// has a delegate on one of its days (the `approval_delegation_no_overlap` constraint).
    func addDelegation(manager: UserID, delegate: UserID, from: LocalDate, to: LocalDate, at now: Date) async throws -> ApprovalDelegation
    /// Removes delegation `id`; false when there is none.
    func removeDelegation(id: Int64) async throws -> Bool
    /// Delegations ending on or after `day` (a Brussels date), of `manager` only when given, by start date.
    func delegations(manager: UserID?, endingFrom day: LocalDate) async throws -> [ApprovalDelegation]
    /// The approvals awaiting a decision whose approver is missing or no longer active.
    func strandedApprovals(limit: Int) async throws -> [TicketNumber]
}

/// Who decides a request's approval (issue 9): the requester's line manager while active; else
/// the first active manager up the chain; else the fallback approver of the requester's
/// administration. A delegate decides for an approver on the days of a delegation.
public struct ApprovalRouting: Sendable {
    public let directory: any DirectoryStore
    public let approvals: any ApprovalStore
    public let clock: any Clock

    /// How far up a management chain the search goes (the organisation has far fewer levels).
    static let chainLimit = 12

    public init(directory: any DirectoryStore, approvals: any ApprovalStore, clock: any Clock) {
        self.directory = directory
        self.approvals = approvals
        self.clock = clock
    }

    /// The active approver of a request of `requester`, and why; `nil` when nobody active is found.
    public func approver(for requester: User) async throws -> (id: UserID, source: ApproverSource)? {
        try await approver(startingAt: requester.managerID, administration: requester.administration, skipping: requester.id)
    }

    private func approver(
        startingAt start: UserID?, administration: String?, skipping requester: UserID
    ) async throws
        -> (id: UserID, source: ApproverSource)?
    {
        var next = start
        var seen: Set<UserID> = [requester]
        var isFirst = true
        while let id = next, seen.count <= Self.chainLimit, !seen.contains(id) {
            seen.insert(id)
            guard let person = try await directory.user(id: id) else { break }
            if person.active { return (id, isFirst ? .lineManager : .managerAbove) }
            isFirst = false
            next = person.managerID
        }
        if let administration, let fallback = try await approvals.fallbackApprovers()[administration], fallback != requester,
            let person = try await directory.user(id: fallback), person.active
        {
            return (fallback, .fallback)
        }
        return nil
    }

    /// Who may decide `ticket`'s approval today: its approver and, in a delegation period, the
    /// delegate; never its requester.
    public func deciders(of ticket: Ticket) async throws -> Set<UserID> {
        guard ticket.status == .awaitingApproval, let approver = ticket.approverID else { return [] }
        let today = self.today
        let delegates = try await approvals.delegations(manager: approver, endingFrom: today).filter { $0.covers(today) }.map(\.delegateID)
        // Nobody decides on their own request, not even as a delegate.
        return Set([approver] + delegates).subtracting([ticket.requesterID])
    }

    /// The approvers `user` decides for today: the managers who delegated to them for today.
    public func approvers(decidedBy user: User) async throws -> Set<UserID> {
        let today = self.today
        return Set(
            try await approvals.delegations(manager: nil, endingFrom: today)
                .filter { $0.delegateID == user.id && $0.covers(today) }.map(\.managerID))
    }

    /// The delegate deciding for `approver` today, if any.
    func delegate(of approver: UserID) async throws -> UserID? {
        let today = self.today
        return try await approvals.delegations(manager: approver, endingFrom: today).first { $0.covers(today) }?.delegateID
    }

    /// Today's date in Brussels.
    var today: LocalDate { LocalDate(clock.now(), in: Brussels.calendar) }
}

/// What moving stranded approvals did.
public struct ApprovalReroute: Sendable, Equatable {
    /// Tickets that got a new approver, with it.
    public var moved: [(number: TicketNumber, from: UserID?, to: UserID)]
    /// Tickets still waiting on nobody active: their administration needs a fallback approver.
    public var stranded: [TicketNumber]

    public init(moved: [(number: TicketNumber, from: UserID?, to: UserID)] = [], stranded: [TicketNumber] = []) {
        self.moved = moved
        self.stranded = stranded
    }

    public static func == (a: ApprovalReroute, b: ApprovalReroute) -> Bool {
        a.moved.map { "\($0.number.rawValue) \($0.from?.rawValue ?? 0) \($0.to.rawValue)" } == b.moved.map { "\($0.number.rawValue) \($0.from?.rawValue ?? 0) \($0.to.rawValue)" }
            && a.stranded == b.stranded
    }
}

/// The approval use cases: deactivating people, fallback approvers, delegations, and moving the
/// approvals of people who left (each move is an `approver_changed` event).
public struct ApprovalDesk: Sendable {
    public let routing: ApprovalRouting
    public let tickets: any TicketStore

    public init(routing: ApprovalRouting, tickets: any TicketStore) {
        self.routing = routing
        self.tickets = tickets
    }

    /// Deactivates person `email` (a leaver): their tokens stop at once (authentication requires an
    /// active person), and the approvals waiting on them move on (`rerouteStranded`).
    /// - Throws: `AccessError.notPermitted` (administrators only), `TicketError.userNotFound`.
    public func deactivate(_ email: String, by actor: User) async throws -> (User, ApprovalReroute) {
        try Access.require(.manageUsers, actor)
        guard var person = try await routing.directory.user(email: email) else { throw TicketError.userNotFound(email) }
        try await routing.directory.deactivate([person.id])
        person.active = false
        return (person, try await rerouteStranded(by: actor))
    }

    /// Moves every pending approval whose approver is missing or inactive to the requester's first
    /// active manager up the chain, or the fallback approver of their administration, with an
    /// `approver_changed` event (reason `approver_inactive`). Tickets with nobody to go to are
    /// listed as stranded and keep waiting until a fallback approver is set.
    public func rerouteStranded(by actor: User) async throws -> ApprovalReroute {
        try Access.require(.manageUsers, actor)
        var result = ApprovalReroute()
        let now = self.now
        for number in try await routing.approvals.strandedApprovals(limit: 10_000) {
            guard let ticket = try await tickets.ticket(number: number), let requester = try await routing.directory.user(id: ticket.requesterID) else { continue }
            // The requester's chain again: it skips the inactive approver (and anyone inactive above).
            guard let next = try await routing.approver(for: requester) else {
                result.stranded.append(number)
                continue
            }
            let from = ticket.approverID
            _ = try await tickets.change(number) { ticket in
                guard ticket.status == .awaitingApproval, ticket.approverID == from else { return TicketChange(events: []) }
                return TicketChange(events: ticket.moveApproval(to: next.id, source: next.source, at: now))
            }
            result.moved.append((number, from, next.id))
        }
        return result
    }

    /// The fallback approver of each administration, with the person.
    public func fallbackApprovers(by actor: User) async throws -> [(administration: String, approver: User)] {
        try Access.require(.manageUsers, actor)
        let fallbacks = try await routing.approvals.fallbackApprovers()
        let people = try await routing.directory.users(ids: Set(fallbacks.values))
        return fallbacks.sorted { $0.key < $1.key }.compactMap { entry in people[entry.value].map { (entry.key, $0) } }
    }

    /// Sets the fallback approver of `administration` to the active person `email` (`nil`: removes
    /// it), then moves the approvals that waited on nobody.
    /// - Throws: `AccessError.notPermitted`, `TicketError.invalid` (`approver`: no active person).
    public func setFallbackApprover(_ email: String?, administration: String, by actor: User) async throws -> ApprovalReroute {
        try Access.require(.manageUsers, actor)
        var id: UserID?
        if let email {
            guard let person = try await routing.directory.user(email: email), person.active else {
                throw TicketError.invalid([FieldProblem(field: "approver", message: "no active person with e-mail \(email)")])
            }
            id = person.id
        }
        try await routing.approvals.setFallbackApprover(id, administration: administration)
        return try await rerouteStranded(by: actor)
    }

    /// Delegates `managerEmail`'s approvals to `delegateEmail` from `from` to `to` (Brussels dates,
    /// inclusive): requests filed in the period and those already pending become approvable by the
    /// delegate on those days; the decision's event records `on_behalf_of` the manager.
    /// The manager may set their own delegation; administrators anyone's.
    /// - Throws: `AccessError.notPermitted`, `TicketError.userNotFound`, `TicketError.invalid`
    ///   (inactive delegate, the manager themself, a period ending before it starts or in the past),
    ///   `ApprovalError.delegationOverlaps`.
    public func delegate(_ managerEmail: String, to delegateEmail: String, from: LocalDate, to end: LocalDate, by actor: User) async throws -> ApprovalDelegation {
        guard let manager = try await routing.directory.user(email: managerEmail) else { throw TicketError.userNotFound(managerEmail) }
        try Access.require(.delegateApprovals, Access.relations(of: actor, toPossessionOf: manager.id))
        var problems: [FieldProblem] = []
        let delegate = try await routing.directory.user(email: delegateEmail)
        if delegate?.active != true { problems.append(FieldProblem(field: "delegate", message: "no active person with e-mail \(delegateEmail)")) }
        if delegate?.id == manager.id { problems.append(FieldProblem(field: "delegate", message: "a manager cannot delegate to themself")) }
        if end < from { problems.append(FieldProblem(field: "to", message: "the period ends (\(end)) before it starts (\(from))")) }
        if end < routing.today { problems.append(FieldProblem(field: "to", message: "the period ended on \(end), before today (\(routing.today))")) }
        guard problems.isEmpty, let delegate else { throw TicketError.invalid(problems) }
        return try await routing.approvals.addDelegation(manager: manager.id, delegate: delegate.id, from: from, to: end, at: now)
    }

    /// The current and future delegations, of `managerEmail` only when given.
    /// - Throws: `AccessError.notPermitted` (someone else's, unless administrator), `TicketError.userNotFound`.
    public func delegations(of managerEmail: String?, by actor: User) async throws -> [ApprovalDelegation] {
        var manager: User?
        if let managerEmail {
            guard let found = try await routing.directory.user(email: managerEmail) else { throw TicketError.userNotFound(managerEmail) }
            manager = found
        }
        try Access.require(.delegateApprovals, manager.map { Access.relations(of: actor, toPossessionOf: $0.id) } ?? Access.roleRelations(of: actor))
        return try await routing.approvals.delegations(manager: manager?.id, endingFrom: routing.today)
    }

    /// Ends delegation `id` (administrators).
    /// - Throws: `AccessError.notPermitted`, `ApprovalError.delegationNotFound`.
    public func removeDelegation(_ id: Int64, by actor: User) async throws {
        try Access.require(.manageUsers, actor)
        guard try await routing.approvals.removeDelegation(id: id) else { throw ApprovalError.delegationNotFound(id) }
    }

    private var now: Date { routing.clock.nowToTheMillisecond() }
}
