import Foundation

/// What the SLA scan has recorded about a ticket's clocks, for the queue filters.
public enum SLAStatus: String, Codable, Sendable, CaseIterable, Hashable {
    /// A running clock has used 80 % of its target (and none is breached).
    case atRisk = "at_risk"
    /// A clock went past its target (this stays: the breach happened).
    case breached
}

/// An escalation rule of a directorate (data, `Catalog/<directorate>.yaml`):
/// what happens when a ticket's clock reaches a threshold.
public struct EscalationRule: Codable, Sendable, Equatable, Hashable {
    public enum Trigger: String, Codable, Sendable, CaseIterable, Hashable {
        /// 80 % of a target used.
        case atRisk = "at_risk"
        /// A target exceeded.
        case breach
    }

    public enum Action: String, Codable, Sendable, CaseIterable, Hashable {
        /// Tell someone (e.g. the team lead).
        case notify
        /// Hierarchical escalation: raise the ticket to someone (e.g. the directorate's coordinator).
        case raise
    }

    public var trigger: Trigger
    public var action: Action
    /// Who: an e-mail address (a team lead, a coordinator, a functional mailbox).
    public var to: String

    public init(trigger: Trigger, action: Action, to: String) {
        self.trigger = trigger
        self.action = action
        self.to = to
    }
}

extension Ticket {
    /// The ticket's clocks with their kinds, first response first.
    public var clocks: [SLAClock] { [firstResponseClock, resolutionClock].compactMap { $0 } }

    /// Runs the SLA clock rules after a change at `now`, then refreshes the
    /// derived fields (`firstResponseDueAt`, `resolutionDueAt`, `slaCheckAt`, `slaStatus`).
    ///
    /// - Clocks start when the directorate receives the ticket (filing, or
    ///   approval for services that need it), with `targets` in business minutes.
    /// - First response stops at the first public reply or state change by an agent.
    /// - Resolution pauses in `waiting_on_requester` and while `resolved`, resumes
    ///   when work resumes (reply, reopen) and stops when the ticket closes or is cancelled.
    public mutating func runClocks(at now: Date, targets: SLATargets?, on calendar: BusinessCalendar) {
        if status != .awaitingApproval, status != .cancelled, firstResponseClock == nil, resolutionClock == nil, let targets {
            firstResponseClock = SLAClock(kind: .firstResponse, targetMinutes: targets.firstResponseMinutes, start: now)
            resolutionClock = SLAClock(kind: .resolution, targetMinutes: targets.resolutionMinutes, start: now)
        }
        if let respondedAt = firstRespondedAt { firstResponseClock?.stop(at: respondedAt, on: calendar) }
        switch status {
        case .waitingOnRequester, .resolved:
            resolutionClock?.pause(at: now, on: calendar)
        case .new, .assigned, .inProgress:
            if resolutionClock?.runningSince == nil { resolutionClock?.resume(at: now) }
        case .closed, .cancelled:
            firstResponseClock?.stop(at: now, on: calendar)
            resolutionClock?.stop(at: now, on: calendar)
        case .awaitingApproval:
            break
        }
        refreshSLA(on: calendar)
    }

    /// Changes impact and urgency (an agent's triage) and re-targets the clocks
    /// to the new priority's targets, keeping the time used and the pauses.
    /// - Returns: one `priority_changed` event (its `from` and `to` may be the same priority when
    ///   only impact or urgency changed), or none when impact and urgency stay as they are.
    /// - Throws: `TicketError.notPermitted` for non-agents, `.ticketFinal` on closed or cancelled tickets.
    ///
    /// - Parameters:
    ///   - previousCalendar: the calendar the clocks ran on until now (they move to `calendar`
    ///     when the priority changes to or from a service's 24/7 P1 calendar).
    public mutating func reprioritise(
        impact: Impact, urgency: Urgency, by actorID: UserID, roles: Set<ActorRole>, at now: Date,
        targets: SLATargets?, from previousCalendar: BusinessCalendar?, on calendar: BusinessCalendar?
    ) throws -> [NewTicketEvent] {
        guard !status.isFinal else { throw TicketError.ticketFinal(status) }
        guard Access.allows(.reprioritise, roles) else { throw AccessError.notPermitted(.reprioritise) }
        // The same impact and urgency change nothing: no event, no re-targeting, the same version (issue 14).
        guard impact != self.impact || urgency != self.urgency else { return [] }
        if let previousCalendar {
            firstResponseClock?.checkpoint(at: now, on: previousCalendar)
            resolutionClock?.checkpoint(at: now, on: previousCalendar)
        }
        let before = priority
        self.impact = impact
        self.urgency = urgency
        priority = Priority.matrix(impact: impact, urgency: urgency)
        updatedAt = now
        if let targets, let calendar {
            firstResponseClock?.retarget(minutes: targets.firstResponseMinutes, at: now, on: calendar)
            resolutionClock?.retarget(minutes: targets.resolutionMinutes, at: now, on: calendar)
            refreshSLA(on: calendar)
        }
        // Every change of impact or urgency is an event, also one that keeps the priority: the ticket's
        // version (`TicketView.version`) moves with every change of what it shows.
        return [
            NewTicketEvent(
                actorID: actorID, at: now, kind: .priorityChanged, from: before.rawValue, to: priority.rawValue,
                payload: ["impact": impact.rawValue, "urgency": urgency.rawValue])
        ]
    }

    /// The SLA scan's step for one ticket at `now`: marks clocks that reached
    /// 80 % or went past their target (once each) and applies the directorate's
    /// escalation rules. Idempotent: a second call at the same or a later instant
    /// adds nothing for marks already made.
    /// An at-risk rule goes to the directorate's team leads from the directory (`teamLeads`, their
    /// e-mail addresses), the rule's catalogue address only when there is none; a breach rule goes to
    /// its catalogue address (the directorate's coordinator) (issue 9).
    /// - Returns: `sla_at_risk` / `sla_breached` events and one `escalated` event per matching rule,
    ///   `to` the comma-separated recipients, payload `recipients` = `team_leads` or `catalogue`.
    public mutating func markSLA(at now: Date, on calendar: BusinessCalendar, rules: [EscalationRule], teamLeads: [String] = []) -> [NewTicketEvent] {
        var events: [NewTicketEvent] = []
        for keyPath in [\Ticket.firstResponseClock, \Ticket.resolutionClock] {
            guard var clock = self[keyPath: keyPath] else { continue }
            for mark in clock.mark(at: now, on: calendar) {
                let payload = [
                    "clock": clock.kind.rawValue, "target_minutes": String(clock.targetMinutes),
                    "used_minutes": String(clock.usedMinutes(at: now, on: calendar)),
                ]
                events.append(NewTicketEvent(actorID: nil, at: now, kind: mark == .atRisk ? .slaAtRisk : .slaBreached, payload: payload))
                let trigger: EscalationRule.Trigger = mark == .atRisk ? .atRisk : .breach
                for rule in rules where rule.trigger == trigger {
                    let toTeamLeads = trigger == .atRisk && !teamLeads.isEmpty
                    events.append(
                        NewTicketEvent(
                            actorID: nil, at: now, kind: .escalated, to: toTeamLeads ? teamLeads.joined(separator: ", ") : rule.to,
                            payload: [
                                "clock": clock.kind.rawValue, "trigger": trigger.rawValue, "action": rule.action.rawValue,
                                "recipients": toTeamLeads ? "team_leads" : "catalogue",
                            ]))
                }
            }
            self[keyPath: keyPath] = clock
        }
        refreshSLA(on: calendar)
        return events
    }

    /// Recomputes the stored, derived SLA fields from the clocks.
    /// A running clock's due instant is stored; a paused one has none (it moves
    /// on resume); a stopped one keeps its last due instant for the record.
    public mutating func refreshSLA(on calendar: BusinessCalendar) {
        func due(_ clock: SLAClock?, _ current: Date?) -> Date? {
            guard let clock else { return current }
            if let due = clock.dueAt(on: calendar) { return due }
            return clock.stoppedAt == nil ? nil : current
        }
        firstResponseDueAt = due(firstResponseClock, firstResponseDueAt)
        resolutionDueAt = due(resolutionClock, resolutionDueAt)
        slaCheckAt = clocks.compactMap { $0.nextCheck(on: calendar) }.min()
        if clocks.contains(where: { $0.breachMarkedAt != nil }) {
            slaStatus = .breached
        } else if clocks.contains(where: { $0.atRiskMarkedAt != nil && $0.runningSince != nil }) {
            slaStatus = .atRisk
        } else {
            slaStatus = nil
        }
    }
}

/// One SLA clock as shown to people at an instant.
public struct SLAClockView: Sendable, Equatable {
    public var kind: SLAClock.Kind
    /// Business minutes.
    public var targetMinutes: Int
    public var state: SLAClock.State
    /// When the target is reached if the clock keeps running; `nil` while paused.
    /// For a stopped clock, the last due instant it had.
    public var dueAt: Date?
    /// Business minutes used (rounded down).
    public var usedMinutes: Int
    /// Business minutes left (negative once breached).
    public var remainingMinutes: Int
    public var atRisk: Bool
}

extension Ticket {
    /// The clocks as seen at `now` on the directorate's calendar.
    public func slaView(at now: Date, on calendar: BusinessCalendar) -> [SLAClockView] {
        [(firstResponseClock, firstResponseDueAt), (resolutionClock, resolutionDueAt)].compactMap { clock, storedDue in
            guard let clock else { return nil }
            // The business time used, counted once (day by day over the calendar: a queue row of a
            // ticket open for months counted it five times). A stopped clock runs no more, so its
            // time at `now` is its time at the stop.
            let used = clock.usedSeconds(at: clock.stoppedAt ?? now, on: calendar)
            return SLAClockView(
                kind: clock.kind, targetMinutes: clock.targetMinutes, state: clock.state(used: used),
                dueAt: clock.dueAt(on: calendar) ?? (clock.stoppedAt != nil ? storedDue : nil),
                usedMinutes: Int(used / 60), remainingMinutes: Int((TimeInterval(clock.targetMinutes * 60) - used) / 60),
                atRisk: clock.isAtRisk(used: used))
        }
    }
}

/// What a queue row says of a ticket's SLA (issue 13): the clock that matters now, and its state.
public struct QueueSLA: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Accruing business time, under 80 % of its target.
        case running
        /// Accruing, at 80 % of its target or more (`SLAClock.atRiskShare`).
        case atRisk = "at_risk"
        case breached
        /// On hold (waiting on the requester, resolved).
        case paused
        /// Stopped within target.
        case met
    }

    public var clock: SLAClockView
    public var state: State
    /// Share of the target used, 0…1 (capped at 1 once breached).
    public var usedShare: Double
}

extension Ticket {
    /// The clock a queue shows at `now`: the first-response clock until it stops (an agent
    /// responded), then the resolution clock. `nil` before the directorate receives the ticket.
    public func queueSLA(at now: Date, on calendar: BusinessCalendar) -> QueueSLA? {
        let clocks = slaView(at: now, on: calendar)
        guard
            let clock = clocks.first(where: { $0.kind == .firstResponse && ($0.state == .running || $0.state == .breached && resolutionClock == nil) })
                ?? clocks.first(where: { $0.kind == .resolution }) ?? clocks.first
        else { return nil }
        let state: QueueSLA.State =
            switch clock.state {
            case .running: clock.atRisk ? .atRisk : .running
            case .paused: .paused
            case .met: .met
            case .breached: .breached
            }
        let share = clock.targetMinutes > 0 ? min(1, max(0, Double(clock.usedMinutes) / Double(clock.targetMinutes))) : 1
        return QueueSLA(clock: clock, state: state, usedShare: share)
    }
}
