import Foundation

/// What a person (or the system) can do to a ticket's status.
public enum TicketAction: String, Codable, Sendable, CaseIterable, Hashable {
    /// The requester's line manager approves a request that needs approval.
    case approve
    /// The line manager rejects it, with a reason.
    case reject
    /// An agent (re)assigns the ticket to an agent of its directorate.
    case assign
    /// An agent starts work.
    case start
    /// An agent asks the requester for information (pauses the resolution clock).
    case askRequester = "ask_requester"
    /// The requester answers a question: a public reply while waiting.
    case reply
    /// An agent resolves the ticket.
    case resolve
    /// The requester reopens a resolved ticket (within 10 calendar days).
    case reopen
    /// The requester confirms the resolution; the ticket closes.
    case confirm
    /// The requester withdraws a ticket that is not resolved yet.
    case cancel
    /// The system closes a resolved ticket 5 business days after resolution.
    case close
}

/// The relation of an actor to one ticket: `Relation`, the vocabulary of the access table.
public typealias ActorRole = Relation

/// One row of the transition table: from which statuses an action goes to which status.
/// Who may take it is the access table's row `.transition(action)`.
public struct TransitionRule: Sendable, Equatable {
    public var action: TicketAction
    public var from: Set<TicketStatus>
    /// The new status; `nil` keeps the current one (a reassignment).
    public var to: TicketStatus?
}

/// The ticket lifecycle: every allowed transition, in one table; who may make it is `Access.table`.
///
/// Anything not in the table is refused (`TicketError.illegalTransition` when
/// the action does not exist from the current status, `AccessError.notPermitted` when it
/// does but not for this actor).
public enum Lifecycle {
    /// Statuses in which the requester may still cancel ("while not resolved").
    public static let open: Set<TicketStatus> = [.awaitingApproval, .new, .assigned, .inProgress, .waitingOnRequester]

    public static let rules: [TransitionRule] = [
        .init(action: .approve, from: [.awaitingApproval], to: .new),
        .init(action: .reject, from: [.awaitingApproval], to: .cancelled),
        .init(action: .assign, from: [.new], to: .assigned),
        .init(action: .assign, from: [.assigned, .inProgress, .waitingOnRequester], to: nil),
        .init(action: .start, from: [.assigned], to: .inProgress),
        .init(action: .askRequester, from: [.inProgress], to: .waitingOnRequester),
        .init(action: .reply, from: [.waitingOnRequester], to: .inProgress),
        .init(action: .resolve, from: [.assigned, .inProgress, .waitingOnRequester], to: .resolved),
        .init(action: .reopen, from: [.resolved], to: .inProgress),
        .init(action: .confirm, from: [.resolved], to: .closed),
        .init(action: .cancel, from: open, to: .cancelled),
        .init(action: .close, from: [.resolved], to: .closed),
    ]

    /// Calendar days after resolution during which the requester may reopen.
    public static let reopenWindowDays = 10
    /// Business days after resolution after which the system closes a ticket.
    public static let autoCloseBusinessDays = 5

    /// The rule that lets someone with `roles` take `action` from `status`.
    /// - Throws: `TicketError.illegalTransition` if no rule has this action from this status,
    ///   `AccessError.notPermitted` if one does but `Access.table` does not grant it to `roles`.
    public static func rule(for action: TicketAction, from status: TicketStatus, roles: Set<Relation>) throws -> TransitionRule {
        guard let rule = rules.first(where: { $0.action == action && $0.from.contains(status) }) else {
            throw TicketError.illegalTransition(action: action.rawValue, from: status)
        }
        guard Access.allows(.transition(action), roles) else { throw AccessError.notPermitted(.transition(action)) }
        return rule
    }
}

extension Ticket {
    /// Applies `action` by an actor with `roles` at `now`, per `Lifecycle.rules`.
    ///
    /// - Parameters:
    ///   - actorID: `nil` for the system.
    ///   - reason: required for `reject` (stored in the event payload).
    ///   - assignee: required for `assign`; must already be checked to be an agent of the directorate.
    /// - Returns: the events to append (one `status_changed`, or one `assigned`; none for a
    ///   reassignment to the current assignee, which changes nothing).
    /// - Throws: `TicketError` (illegal transition, not permitted, reopen window expired, invalid reason).
    public mutating func apply(
        _ action: TicketAction, by actorID: UserID?, roles: Set<ActorRole>, at now: Date,
        reason: String? = nil, assignee: UserID? = nil
    ) throws -> [NewTicketEvent] {
        let rule = try Lifecycle.rule(for: action, from: status, roles: roles)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        switch action {
        case .reject where (reason ?? "").isEmpty:
            throw TicketError.invalid([FieldProblem(field: "reason", message: "a rejection needs a reason", code: .required)])
        case .assign where assignee == nil:
            throw TicketError.invalid([FieldProblem(field: "assignee", message: "required")])
        case .reopen:
            let deadline = Brussels.calendar.date(byAdding: .day, value: Lifecycle.reopenWindowDays, to: resolvedAt ?? now)!
            if now > deadline { throw TicketError.reopenWindowExpired(resolvedAt: resolvedAt ?? now) }
        default:
            break
        }
        if let reason {
            let problems = TextRule.long.problems(reason, field: "reason")
            guard problems.isEmpty else { throw TicketError.invalid(problems) }
        }
        // Re-assigning a ticket to its current assignee changes nothing: no event, no new `updatedAt`.
        if action == .assign, assignee == assigneeID, rule.to == nil || rule.to == status { return [] }
        var payload = ["action": action.rawValue]
        if let reason, !reason.isEmpty { payload["reason"] = reason }
        // A delegate decides for the approver: the event reads "D for M".
        if action == .approve || action == .reject, let approverID, actorID != approverID { payload["on_behalf_of"] = approverID.description }
        var events: [NewTicketEvent] = []
        if action == .assign, let assignee {
            events.append(
                NewTicketEvent(
                    actorID: actorID, at: now, kind: .assigned,
                    from: assigneeID.map(\.description), to: assignee.description, payload: payload))
            assigneeID = assignee
        }
        if let to = rule.to, to != status {
            events.append(NewTicketEvent(actorID: actorID, at: now, kind: .statusChanged, from: status.rawValue, to: to.rawValue, payload: payload))
            status = to
        }
        switch action {
        case .resolve: resolvedAt = now
        case .reopen: resolvedAt = nil
        case .confirm, .close, .cancel, .reject: closedAt = now
        default: break
        }
        // The directorate's first move is the first response; the requester's own actions are not.
        let actingAs = Access.granting(.transition(action)).intersection(roles)
        if !actingAs.isDisjoint(with: Access.workers), firstRespondedAt == nil { firstRespondedAt = now }
        updatedAt = now
        return events
    }

    /// Hands the pending approval to `approver` (its approver left): one `approver_changed` event
    /// from the old approver's id to the new one's, by the system. Nothing when the ticket no
    /// longer awaits approval or the approver is the same.
    public mutating func moveApproval(to approver: UserID, source: ApproverSource, at now: Date) -> [NewTicketEvent] {
        guard status == .awaitingApproval, approverID != approver else { return [] }
        let event = NewTicketEvent(
            actorID: nil, at: now, kind: .approverChanged, from: approverID?.description, to: approver.description,
            payload: ["reason": "approver_inactive", "source": source.rawValue])
        approverID = approver
        updatedAt = now
        return [event]
    }

    /// Adds a comment by an actor with `roles` at `now`.
    ///
    /// A requester's public reply while `waiting_on_requester` is the `reply`
    /// transition (back to `in_progress`); an agent's public reply is a first
    /// response. Internal notes are for agents of the directorate only.
    /// - Throws: `.ticketFinal` on closed/cancelled tickets (nothing changes),
    ///   `AccessError.notPermitted` for a note or reply that `Access.table` does not grant,
    ///   `.invalid` for an empty or over-long body.
    public mutating func comment(
        _ body: String, visibility: CommentVisibility, by actorID: UserID, roles: Set<ActorRole>, at now: Date
    ) throws -> TicketChange {
        guard !status.isFinal else { throw TicketError.ticketFinal(status) }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw TicketError.invalid([FieldProblem(field: "body", message: "required", code: .required)]) }
        let problems = TextRule.long.problems(text, field: "body")
        guard problems.isEmpty else { throw TicketError.invalid(problems) }
        let permission: Permission = visibility == .note ? .addNote : .reply
        guard Access.allows(permission, roles) else { throw AccessError.notPermitted(permission) }
        let worker = !roles.isDisjoint(with: Access.workers)
        var events: [NewTicketEvent] = []
        if visibility == .reply, worker, firstRespondedAt == nil { firstRespondedAt = now }
        if visibility == .reply, status == .waitingOnRequester, roles.contains(.requester), !worker {
            events += try apply(.reply, by: actorID, roles: roles, at: now)
        }
        events.insert(NewTicketEvent(actorID: actorID, at: now, kind: .commented, payload: ["visibility": visibility.rawValue]), at: 0)
        updatedAt = now
        return TicketChange(events: events, comment: NewComment(authorID: actorID, visibility: visibility, body: text, createdAt: now))
    }
}
