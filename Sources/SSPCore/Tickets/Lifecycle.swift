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

/// The relation of an actor to one ticket, which decides what they may do.
public enum ActorRole: String, Sendable, Hashable, CaseIterable {
    /// The person the ticket is for.
    case requester
    /// The agent who filed it on the requester's behalf (sees it; acts only as an agent if they are one).
    case filer
    /// The requester's line manager, for services that need approval.
    case lineManager = "line_manager"
    /// An agent of the ticket's directorate.
    case agent
    /// An administrator (sees every ticket; acts on none by that role).
    case admin
    /// SSP itself (background services).
    case system
}

/// One row of the transition table.
public struct TransitionRule: Sendable, Equatable {
    public var action: TicketAction
    public var from: Set<TicketStatus>
    /// The new status; `nil` keeps the current one (a reassignment).
    public var to: TicketStatus?
    public var by: ActorRole
}

/// The ticket lifecycle: every allowed transition and who may make it, in one table.
///
/// Anything not in the table is refused (`TicketError.illegalTransition` when
/// the action does not exist from the current status, `.notPermitted` when it
/// does but not for this actor).
public enum Lifecycle {
    /// Statuses in which the requester may still cancel ("while not resolved").
    public static let open: Set<TicketStatus> = [.awaitingApproval, .new, .assigned, .inProgress, .waitingOnRequester]

    public static let rules: [TransitionRule] = [
        .init(action: .approve, from: [.awaitingApproval], to: .new, by: .lineManager),
        .init(action: .reject, from: [.awaitingApproval], to: .cancelled, by: .lineManager),
        .init(action: .assign, from: [.new], to: .assigned, by: .agent),
        .init(action: .assign, from: [.assigned, .inProgress, .waitingOnRequester], to: nil, by: .agent),
        .init(action: .start, from: [.assigned], to: .inProgress, by: .agent),
        .init(action: .askRequester, from: [.inProgress], to: .waitingOnRequester, by: .agent),
        .init(action: .reply, from: [.waitingOnRequester], to: .inProgress, by: .requester),
        .init(action: .resolve, from: [.assigned, .inProgress, .waitingOnRequester], to: .resolved, by: .agent),
        .init(action: .reopen, from: [.resolved], to: .inProgress, by: .requester),
        .init(action: .confirm, from: [.resolved], to: .closed, by: .requester),
        .init(action: .cancel, from: open, to: .cancelled, by: .requester),
        .init(action: .close, from: [.resolved], to: .closed, by: .system),
    ]

    /// Calendar days after resolution during which the requester may reopen.
    public static let reopenWindowDays = 10
    /// Business days after resolution after which the system closes a ticket.
    public static let autoCloseBusinessDays = 5

    /// The rule that lets `roles` take `action` from `status`.
    /// - Throws: `TicketError.illegalTransition` if no rule has this action from this status,
    ///   `.notPermitted` if one does but for another role.
    public static func rule(for action: TicketAction, from status: TicketStatus, roles: Set<ActorRole>) throws -> TransitionRule {
        let candidates = rules.filter { $0.action == action && $0.from.contains(status) }
        guard !candidates.isEmpty else { throw TicketError.illegalTransition(action: action.rawValue, from: status) }
        guard let rule = candidates.first(where: { roles.contains($0.by) }) else {
            throw TicketError.notPermitted(action: action.rawValue)
        }
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
    /// - Returns: the events to append (one `status_changed`, or one `assigned`).
    /// - Throws: `TicketError` (illegal transition, not permitted, reopen window expired, invalid reason).
    public mutating func apply(
        _ action: TicketAction, by actorID: UserID?, roles: Set<ActorRole>, at now: Date,
        reason: String? = nil, assignee: UserID? = nil
    ) throws -> [NewTicketEvent] {
        let rule = try Lifecycle.rule(for: action, from: status, roles: roles)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        switch action {
        case .reject where (reason ?? "").isEmpty:
            throw TicketError.invalid([FieldProblem(field: "reason", message: "a rejection needs a reason")])
        case .assign where assignee == nil:
            throw TicketError.invalid([FieldProblem(field: "assignee", message: "required")])
        case .reopen:
            let deadline = Brussels.calendar.date(byAdding: .day, value: Lifecycle.reopenWindowDays, to: resolvedAt ?? now)!
            if now > deadline { throw TicketError.reopenWindowExpired(resolvedAt: resolvedAt ?? now) }
        default:
            break
        }
        var payload = ["action": action.rawValue]
        if let reason, !reason.isEmpty { payload["reason"] = reason }
        var events: [NewTicketEvent] = []
        if action == .assign, let assignee {
            events.append(NewTicketEvent(
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
        if rule.by == .agent, firstRespondedAt == nil { firstRespondedAt = now }
        updatedAt = now
        return events
    }

    /// Adds a comment by an actor with `roles` at `now`.
    ///
    /// A requester's public reply while `waiting_on_requester` is the `reply`
    /// transition (back to `in_progress`); an agent's public reply is a first
    /// response. Internal notes are for agents of the directorate only.
    /// - Throws: `.ticketFinal` on closed/cancelled tickets (nothing changes),
    ///   `.notPermitted` for a note by a non-agent or a comment by someone without a role,
    ///   `.invalid` for an empty or over-long body.
    public mutating func comment(
        _ body: String, visibility: CommentVisibility, by actorID: UserID, roles: Set<ActorRole>, at now: Date
    ) throws -> TicketChange {
        guard !status.isFinal else { throw TicketError.ticketFinal(status) }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw TicketError.invalid([FieldProblem(field: "body", message: "required")]) }
        guard text.count <= FormValidation.longTextLimit else {
            throw TicketError.invalid([FieldProblem(field: "body", message: "at most \(FormValidation.longTextLimit) characters")])
        }
        switch visibility {
        case .note where !roles.contains(.agent): throw TicketError.notPermitted(action: "internal notes are for agents of the directorate")
        case .reply where roles.isDisjoint(with: [.agent, .requester]): throw TicketError.notPermitted(action: "replies are for the requester and the directorate")
        default: break
        }
        var events: [NewTicketEvent] = []
        if visibility == .reply, roles.contains(.agent), firstRespondedAt == nil { firstRespondedAt = now }
        if visibility == .reply, status == .waitingOnRequester, roles.contains(.requester), !roles.contains(.agent) {
            events += try apply(.reply, by: actorID, roles: roles, at: now)
        }
        events.insert(NewTicketEvent(actorID: actorID, at: now, kind: .commented, payload: ["visibility": visibility.rawValue]), at: 0)
        updatedAt = now
        return TicketChange(events: events, comment: NewComment(authorID: actorID, visibility: visibility, body: text, createdAt: now))
    }
}
