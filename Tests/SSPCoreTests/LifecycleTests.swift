import Foundation
import SSPCore
import SSPTestSupport
import Testing

/// The transitions the issue allows, written out by hand independently of
/// `Lifecycle.rules`: (action, from, role) → to. `nil` keeps the status.
private let allowed: [(TicketAction, TicketStatus, ActorRole, TicketStatus?)] = [
    (.approve, .awaitingApproval, .lineManager, .new),
    (.reject, .awaitingApproval, .lineManager, .cancelled),
    (.assign, .new, .agent, .assigned),
    (.assign, .assigned, .agent, nil),
    (.assign, .inProgress, .agent, nil),
    (.assign, .waitingOnRequester, .agent, nil),
    (.start, .assigned, .agent, .inProgress),
    (.askRequester, .inProgress, .agent, .waitingOnRequester),
    (.reply, .waitingOnRequester, .requester, .inProgress),
    (.resolve, .assigned, .agent, .resolved),
    (.resolve, .inProgress, .agent, .resolved),
    (.resolve, .waitingOnRequester, .agent, .resolved),
    (.reopen, .resolved, .requester, .inProgress),
    (.confirm, .resolved, .requester, .closed),
    (.cancel, .awaitingApproval, .requester, .cancelled),
    (.cancel, .new, .requester, .cancelled),
    (.cancel, .assigned, .requester, .cancelled),
    (.cancel, .inProgress, .requester, .cancelled),
    (.cancel, .waitingOnRequester, .requester, .cancelled),
    (.close, .resolved, .system, .closed),
]

/// The relations that work a ticket: each may do what the table above gives `.agent`.
private let workers: Set<ActorRole> = [.agent, .assignee, .teamLead]

private func ticket(_ status: TicketStatus, resolvedAt: Date? = nil) -> Ticket {
    Ticket(
        id: TicketID(1), number: TicketNumber(year: 2025, sequence: 1), serviceCode: "IT-002", directorateCode: "IT",
        requesterID: UserID(1), filedByID: UserID(1), assigneeID: status == .new || status == .awaitingApproval ? nil : UserID(9),
        channel: .portal, subject: "s", description: "", answers: [:], impact: .medium, urgency: .medium,
        status: status, createdAt: Instants.t0, updatedAt: Instants.t0,
        resolvedAt: status == .resolved ? (resolvedAt ?? Instants.t0) : nil)
}

@Suite("Ticket lifecycle")
struct LifecycleTests {
    @Test("every (action, status, role) is allowed exactly as the hand-written table says, and refused otherwise")
    func everyTransition() throws {
        var checked = 0
        for action in TicketAction.allCases {
            for status in TicketStatus.allCases {
                for role in ActorRole.allCases {
                    // Given a ticket in `status`, resolved just now where relevant
                    var subject = ticket(status)
                    let expected = allowed.first { $0.0 == action && $0.1 == status && ($0.2 == role || ($0.2 == .agent && workers.contains(role))) }
                    // When the role takes the action
                    let attempt = Result { try subject.apply(action, by: UserID(2), roles: [role], at: Instants.t0.addingTimeInterval(60), reason: "r", assignee: UserID(9)) }
                    // Then it succeeds exactly when the table lists it
                    if let expected {
                        #expect(throws: Never.self, "\(action) from \(status) by \(role)") { try attempt.get() }
                        #expect(subject.status == (expected.3 ?? status), "\(action) from \(status) by \(role)")
                    } else {
                        let anyRoleMay = allowed.contains { $0.0 == action && $0.1 == status }
                        if anyRoleMay {
                            let error = #expect(throws: AccessError.self, "\(action) from \(status) by \(role)") { try attempt.get() }
                            #expect(error == .notPermitted(.transition(action)))
                        } else {
                            let error = #expect(throws: TicketError.self, "\(action) from \(status) by \(role)") { try attempt.get() }
                            #expect(error == .illegalTransition(action: action.rawValue, from: status))
                        }
                        #expect(subject.status == status)
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == TicketAction.allCases.count * TicketStatus.allCases.count * ActorRole.allCases.count)
        #expect(checked == 11 * 8 * 14)
    }

    @Test("a transition writes one status_changed event with from and to")
    func transitionEvent() throws {
        var subject = ticket(.assigned)
        let events = try subject.apply(.start, by: UserID(9), roles: [.agent], at: Instants.t0)
        #expect(events == [NewTicketEvent(actorID: UserID(9), at: Instants.t0, kind: .statusChanged, from: "assigned", to: "in_progress", payload: ["action": "start"])])
        #expect(subject.firstRespondedAt == Instants.t0)
    }

    @Test("reopen is allowed up to 10 calendar days after resolution, not after")
    func reopenWindow() throws {
        // Resolved Monday 2025-06-02 09:00 CEST: the window ends Thursday 2025-06-12 09:00 CEST
        let resolved = Instants.at("2025-06-02T09:00:00+02:00")
        var inTime = ticket(.resolved, resolvedAt: resolved)
        _ = try inTime.apply(.reopen, by: UserID(1), roles: [.requester], at: Instants.at("2025-06-12T09:00:00+02:00"))
        #expect(inTime.status == .inProgress)
        #expect(inTime.resolvedAt == nil)

        var late = ticket(.resolved, resolvedAt: resolved)
        #expect(throws: TicketError.reopenWindowExpired(resolvedAt: resolved)) {
            try late.apply(.reopen, by: UserID(1), roles: [.requester], at: Instants.at("2025-06-12T09:00:01+02:00"))
        }
        #expect(late.status == .resolved)
    }

    @Test("reopen window counts Brussels calendar days across the DST change")
    func reopenAcrossDST() throws {
        // Resolved Friday 2025-10-24 15:00 CEST; 10 calendar days later is Monday 2025-11-03 15:00 CET (one hour more of wall time)
        let resolved = Instants.at("2025-10-24T15:00:00+02:00")
        var subject = ticket(.resolved, resolvedAt: resolved)
        _ = try subject.apply(.reopen, by: UserID(1), roles: [.requester], at: Instants.at("2025-11-03T15:00:00+01:00"))
        #expect(subject.status == .inProgress)
    }

    @Test("a rejection needs a reason")
    func rejectNeedsReason() {
        var subject = ticket(.awaitingApproval)
        #expect(throws: TicketError.invalid([FieldProblem(field: "reason", message: "a rejection needs a reason", code: .required)])) {
            try subject.apply(.reject, by: UserID(3), roles: [.lineManager], at: Instants.t0, reason: "  ")
        }
        #expect(subject.status == .awaitingApproval)
    }

    @Test("a comment on a closed or cancelled ticket is refused and changes nothing")
    func commentOnFinal() {
        for status in [TicketStatus.closed, .cancelled] {
            var subject = ticket(status)
            let before = subject
            #expect(throws: TicketError.ticketFinal(status)) {
                try subject.comment("Nog een vraag", visibility: .reply, by: UserID(1), roles: [.requester], at: Instants.t0)
            }
            #expect(subject == before)
        }
    }

    @Test("the requester's reply while waiting puts the ticket back in progress; elsewhere it keeps the status")
    func requesterReply() throws {
        var waiting = ticket(.waitingOnRequester)
        let change = try waiting.comment("Hier is de info", visibility: .reply, by: UserID(1), roles: [.requester], at: Instants.t0)
        #expect(waiting.status == .inProgress)
        #expect(change.events.map(\.kind) == [.commented, .statusChanged])
        #expect(change.comment?.body == "Hier is de info")

        var working = ticket(.inProgress)
        let other = try working.comment("Nog iets", visibility: .reply, by: UserID(1), roles: [.requester], at: Instants.t0)
        #expect(working.status == .inProgress)
        #expect(other.events.map(\.kind) == [.commented])
    }

    @Test("only agents write internal notes; an agent's reply is the first response")
    func notes() throws {
        var subject = ticket(.assigned)
        #expect(throws: AccessError.notPermitted(.addNote)) {
            try subject.comment("psst", visibility: .note, by: UserID(1), roles: [.requester], at: Instants.t0)
        }
        _ = try subject.comment("Ik kijk ernaar", visibility: .reply, by: UserID(9), roles: [.agent], at: Instants.t0)
        #expect(subject.firstRespondedAt == Instants.t0)
        #expect(subject.status == .assigned)
    }
}

@Suite("ITIL priority matrix")
struct PriorityTests {
    @Test(
        "impact × urgency gives the standard 3×3 matrix",
        arguments: [
            (Impact.high, Urgency.high, Priority.p1), (.high, .medium, .p2), (.high, .low, .p3),
            (.medium, .high, .p2), (.medium, .medium, .p3), (.medium, .low, .p4),
            (.low, .high, .p3), (.low, .medium, .p4), (.low, .low, .p5),
        ])
    func matrix(impact: Impact, urgency: Urgency, expected: Priority) {
        #expect(Priority.matrix(impact: impact, urgency: urgency) == expected)
    }
}
