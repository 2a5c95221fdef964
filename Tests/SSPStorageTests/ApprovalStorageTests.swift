import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// IT-017 (temporary administrator rights) needs the line manager's approval.
private let adminRights = FileTicketRequest(
    serviceCode: "IT-017", subject: "Admin-rechten", answers: ["reason": .text("Installatie"), "duration_days": .number(30)], channel: .portal)

private func person(
    _ name: String, _ email: String, _ administration: String = "BM", _ language: Language = .nl, manager: String? = nil,
    roles: Set<Role> = [], directorates: Set<String> = [], leads: Set<String>? = nil
) -> NewUser {
    NewUser(
        name: name, email: email, organisation: "GOB", administration: administration, language: language, roles: roles,
        directorates: directorates, leads: leads, managerEmail: manager)
}

/// Sofie Peeters, director of Brussels Mobility, line manager of Pieter Maes (who manages Anaïs).
private func addDirector(_ useCases: UseCases) async throws -> User {
    _ = try await useCases.people.upsert(
        [
            person("Sofie Peeters", "sofie.peeters@sprb.brussels"),
            person("Pieter Maes", "pieter.maes@sprb.brussels", manager: "sofie.peeters@sprb.brussels"),
        ], by: .operator)
    return try #require(try await useCases.people.person(email: "sofie.peeters@sprb.brussels", by: .operator))
}

@Suite("People come and go: approvals, leavers, delegation, escalation to team leads")
struct ApprovalStorageTests {
    @Test("a leaver's pending approval moves to their own manager with an event; their token stops; new filings skip them")
    func leaverMovesToManagerAbove() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            let useCases = UseCases(database: db, clock: clock)
            let director = try await addDirector(useCases)
            // Given Anaïs's request awaiting Pieter's approval, and a token of Pieter's
            let filed = try await useCases.tickets.file(adminRights, by: people.requesterA)
            #expect(filed.approverID == people.manager.id)
            let firstEvent = try #require(try await db.events(of: filed.id).first)
            #expect(firstEvent.payload["approver"] == people.manager.id.description)
            #expect(firstEvent.payload["approver_source"] == "line_manager")
            let secret = try await useCases.people.createToken(for: people.manager.email, name: "cli", at: Instants.t0, by: .operator).secret
            #expect(try await useCases.people.authenticate(token: secret)?.id == people.manager.id)

            // When Pieter leaves at 10:00
            clock.set(Instants.at("2025-06-02T10:00:00+02:00"))
            let (left, reroute) = try await useCases.approvals.deactivate(people.manager.email, by: .operator)
            #expect(left.active == false)
            #expect(reroute.moved.map(\.number) == [filed.number])
            #expect(reroute.moved.first?.from == people.manager.id)
            #expect(reroute.moved.first?.to == director.id)
            #expect(reroute.stranded == [])

            // Then the token is refused, Sofie holds the approval, and the history says so once
            #expect(try await useCases.people.authenticate(token: secret) == nil)
            let moved = try #require(try await db.ticket(number: filed.number))
            #expect(moved.approverID == director.id)
            #expect(moved.status == .awaitingApproval)
            let events = try await db.events(of: filed.id)
            #expect(events.map(\.kind) == [.filed, .approverChanged])
            #expect(events.last?.from == people.manager.id.description)
            #expect(events.last?.to == director.id.description)
            #expect(events.last?.actorID == nil)
            #expect(events.last?.payload == ["reason": "approver_inactive", "source": "manager_above"])
            #expect(events.last?.at == Instants.at("2025-06-02T10:00:00+02:00"))
            // A second run moves nothing
            #expect(try await useCases.approvals.rerouteStranded(by: .operator) == ApprovalReroute())

            // Sofie approves as the approver herself: no "for"
            let approved = try await useCases.tickets.apply(.approve, to: filed.number, by: director)
            #expect(approved.status == .new)
            #expect(try await db.events(of: filed.id).last?.payload == ["action": "approve"])

            // A new request of Anaïs's goes straight to Sofie
            let next = try await useCases.tickets.file(adminRights, by: people.requesterA)
            #expect(next.approverID == director.id)
            #expect(try await db.events(of: next.id).first?.payload["approver_source"] == "manager_above")
        }
    }

    @Test("nobody active up the chain: stranded until the administration's fallback approver is set, then theirs; filings refused meanwhile")
    func fallbackApprover() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let useCases = UseCases(database: db, clock: ManualClock(Instants.t0))
            _ = try await useCases.people.upsert([person("Lotte Claes", "lotte.claes@sprb.brussels")], by: .operator)
            let lotte = try #require(try await db.user(email: "lotte.claes@sprb.brussels"))
            // Given a request awaiting Pieter, who has no manager himself, and he leaves
            let filed = try await useCases.tickets.file(adminRights, by: people.requesterA)
            let (_, reroute) = try await useCases.approvals.deactivate(people.manager.email, by: .operator)
            #expect(reroute.moved.isEmpty)
            #expect(reroute.stranded == [filed.number])
            // Then a new filing is refused on `service` (never waits on nobody), and writes nothing
            await #expect(
                throws: TicketError.invalid([
                    FieldProblem(
                        field: "service",
                        message: "IT-017 needs the line manager's approval and the requester has no active line manager or fallback approver in the directory")
                ])
            ) {
                _ = try await useCases.tickets.file(adminRights, by: people.requesterA)
            }
            #expect(try await db.tickets(TicketQuery(scope: .all)).tickets.count == 1)
            // An inactive person cannot be a fallback approver
            await #expect(throws: TicketError.invalid([FieldProblem(field: "approver", message: "no active person with e-mail pieter.maes@sprb.brussels")])) {
                _ = try await useCases.approvals.setFallbackApprover(people.manager.email, administration: "BM", by: .operator)
            }
            // When Lotte becomes BM's fallback approver, the stranded request moves to her
            let set = try await useCases.approvals.setFallbackApprover(lotte.email, administration: "BM", by: .operator)
            #expect(set.moved.map(\.to) == [lotte.id])
            #expect(try await db.ticket(number: filed.number)?.approverID == lotte.id)
            #expect(try await db.events(of: filed.id).last?.payload == ["reason": "approver_inactive", "source": "fallback"])
            // and the next filing goes to her
            let next = try await useCases.tickets.file(adminRights, by: people.requesterA)
            #expect(next.approverID == lotte.id)
            #expect(try await db.events(of: next.id).first?.payload["approver_source"] == "fallback")
            // Only administrators set fallbacks and deactivate people
            await #expect(throws: AccessError.notPermitted(.manageUsers)) {
                _ = try await useCases.approvals.setFallbackApprover(nil, administration: "BM", by: people.requesterA)
            }
            await #expect(throws: AccessError.notPermitted(.manageUsers)) {
                _ = try await useCases.approvals.deactivate(people.requesterB.email, by: people.agentIT)
            }
        }
    }

    @Test("an inactive person is never set as line manager; a full import deactivates the leavers and moves their approvals")
    func importLeavers() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let useCases = UseCases(database: db, clock: ManualClock(Instants.t0))
            let director = try await addDirector(useCases)
            let filed = try await useCases.tickets.file(adminRights, by: people.requesterA)
            // The whole directory again, without Pieter: he has left
            let everyone = [
                person("Anaïs Lefèvre", "anais.lefevre@sprb.brussels", "BM", .fr, manager: "sofie.peeters@sprb.brussels"),
                person("Bram Coppens", "bram.coppens@sprb.brussels", "BH"),
                person("Émile Dubois", "emile.dubois@sprb.brussels", "BCIT", .fr, roles: [.agent], directorates: ["IT"]),
                person("Zoë Janssens", "zoe.janssens@sprb.brussels", "BCIT", roles: [.agent], directorates: ["IT"]),
                person("Hélène Martin", "helene.martin@sprb.brussels", "BS", .fr, roles: [.agent], directorates: ["HR"]),
                person("Daan Willems", "daan.willems@sprb.brussels", "BS", roles: [.admin]),
                person("Sofie Peeters", "sofie.peeters@sprb.brussels"),
            ]
            // A row naming the leaver as manager is refused, and nothing is written (Pieter stays active)
            var withLeaverAsManager = everyone
            withLeaverAsManager[1].managerEmail = "pieter.maes@sprb.brussels"
            await #expect(
                throws: TicketError.invalid([
                    FieldProblem(
                        field: "row 2: manager", message: "pieter.maes@sprb.brussels is no longer active and cannot be a line manager")
                ])
            ) {
                _ = try await useCases.people.upsert(withLeaverAsManager, leavers: true, by: .operator)
            }
            #expect(try await db.user(id: people.manager.id)?.active == true)

            let (report, reroute) = try await useCases.people.upsert(everyone, leavers: true, by: .operator)
            #expect(report.deactivated == ["pieter.maes@sprb.brussels"])
            #expect(report.inserted == 0)
            #expect(report.updated == 1)  // Anaïs: her manager is now Sofie
            #expect(report.unchanged == 6)
            #expect(try await db.user(id: people.manager.id)?.active == false)
            #expect(reroute.moved.map(\.number) == [filed.number])
            #expect(try await db.ticket(number: filed.number)?.approverID == director.id)

            // A later import without the flag cannot name him as a manager either
            await #expect(
                throws: TicketError.invalid([
                    FieldProblem(
                        field: "row 1: manager", message: "pieter.maes@sprb.brussels is no longer active and cannot be a line manager")
                ])
            ) {
                _ = try await useCases.people.upsert([person("Bram Coppens", "bram.coppens@sprb.brussels", "BH", manager: "pieter.maes@sprb.brussels")], by: .operator)
            }
        }
    }

    @Test("delegation for an absence: pending and new requests approvable by the delegate in the period only, the event reads D for M")
    func delegation() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            // Friday 30 May 2025: Anaïs files before Pieter's absence
            let clock = ManualClock(Instants.at("2025-05-30T09:00:00+02:00"))
            let useCases = UseCases(database: db, clock: clock)
            let pending = try await useCases.tickets.file(adminRights, by: people.requesterA)
            // Pieter delegates to Bram from Monday 2 to Friday 6 June (inclusive); he may set his own
            let delegation = try await useCases.approvals.delegate(
                people.manager.email, to: people.requesterB.email, from: LocalDate(year: 2025, month: 6, day: 2), to: LocalDate(year: 2025, month: 6, day: 6),
                by: people.manager)
            #expect(delegation.delegateID == people.requesterB.id)
            // Before the period Bram sees nothing of it
            await #expect(throws: TicketError.ticketNotFound(pending.number.rawValue)) { _ = try await useCases.tickets.view(pending.number, by: people.requesterB) }
            #expect(try await useCases.tickets.list(TicketQuery(scope: .all), by: people.requesterB).tickets.isEmpty)

            // Monday 2 June 09:00: a request filed in the period names the delegate
            clock.set(Instants.at("2025-06-02T09:00:00+02:00"))
            let during = try await useCases.tickets.file(adminRights, by: people.requesterA)
            #expect(during.approverID == people.manager.id)
            #expect(try await db.events(of: during.id).first?.payload["delegate"] == people.requesterB.id.description)
            // Bram lists both, with the approver relation only
            let listed = try await useCases.tickets.list(TicketQuery(scope: .all), by: people.requesterB).tickets.map(\.number)
            #expect(Set(listed) == [pending.number, during.number])
            #expect(try await useCases.tickets.view(pending.number, by: people.requesterB).roles == [.staff, .lineManager])
            // Bram approves the pending one: "Bram for Pieter"
            let approved = try await useCases.tickets.apply(.approve, to: pending.number, by: people.requesterB)
            #expect(approved.status == .new)
            let decision = try #require(try await db.events(of: pending.id).last)
            #expect(decision.actorID == people.requesterB.id)
            #expect(decision.payload == ["action": "approve", "on_behalf_of": people.manager.id.description])
            // The decision ends his relation to it (404, like a missing ticket)
            await #expect(throws: TicketError.ticketNotFound(pending.number.rawValue)) { _ = try await useCases.tickets.view(pending.number, by: people.requesterB) }

            // Monday 9 June, after the period: Bram no longer decides, Pieter does
            clock.set(Instants.at("2025-06-09T09:00:00+02:00"))
            await #expect(throws: TicketError.ticketNotFound(during.number.rawValue)) {
                _ = try await useCases.tickets.apply(.approve, to: during.number, by: people.requesterB)
            }
            let rejected = try await useCases.tickets.apply(.reject, to: during.number, by: people.manager, reason: "Niet nodig")
            #expect(rejected.status == .cancelled)
            #expect(try await db.events(of: during.id).last?.payload == ["action": "reject", "reason": "Niet nodig"])
        }
    }

    @Test("a requester who is her approver's delegate never decides her own request, nor lists it as awaiting her")
    func noSelfApproval() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let useCases = UseCases(database: db, clock: ManualClock(Instants.t0))
            // Pieter delegates to Anaïs, whose line manager he is; then Anaïs files a request he approves
            _ = try await useCases.approvals.delegate(
                people.manager.email, to: people.requesterA.email, from: LocalDate(year: 2025, month: 6, day: 2), to: LocalDate(year: 2025, month: 6, day: 6),
                by: people.manager)
            let own = try await useCases.tickets.file(adminRights, by: people.requesterA)
            #expect(own.approverID == people.manager.id)
            #expect(try await useCases.tickets.view(own.number, by: people.requesterA).roles == [.staff, .requester, .filer])  // no line_manager
            await #expect(throws: AccessError.notPermitted(.transition(.approve))) {
                _ = try await useCases.tickets.apply(.approve, to: own.number, by: people.requesterA)
            }
            #expect(try await useCases.tickets.awaitingApproval(by: people.requesterA).isEmpty)
            #expect(try await useCases.tickets.awaitingApproval(by: people.manager).map(\.number) == [own.number])
        }
    }

    @Test("delegation rules: one delegate per manager a day (a constraint, under concurrency), own or by an administrator, not in the past")
    func delegationRules() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let useCases = UseCases(database: db, clock: ManualClock(Instants.t0))  // Monday 2 June 2025
            func day(_ d: Int) -> LocalDate { LocalDate(year: 2025, month: 6, day: d) }
            // Anaïs may not set her manager's delegation; Pieter may not delegate to himself or end it before it starts
            await #expect(throws: AccessError.notPermitted(.delegateApprovals)) {
                _ = try await useCases.approvals.delegate(people.manager.email, to: people.requesterB.email, from: day(2), to: day(6), by: people.requesterA)
            }
            await #expect(throws: TicketError.invalid([FieldProblem(field: "delegate", message: "a manager cannot delegate to themself")])) {
                _ = try await useCases.approvals.delegate(people.manager.email, to: people.manager.email, from: day(2), to: day(6), by: people.manager)
            }
            await #expect(
                throws: TicketError.invalid([
                    FieldProblem(field: "to", message: "the period ends (2025-06-01) before it starts (2025-06-03)"),
                    FieldProblem(field: "to", message: "the period ended on 2025-06-01, before today (2025-06-02)"),
                ])
            ) {
                _ = try await useCases.approvals.delegate(people.manager.email, to: people.requesterB.email, from: day(3), to: day(1), by: people.manager)
            }
            // Ten overlapping periods at once (the administrator and Pieter racing): exactly one is stored
            let results = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        do {
                            _ = try await useCases.approvals.delegate(
                                people.manager.email, to: index % 2 == 0 ? people.requesterB.email : people.agentIT.email,
                                from: day(2 + index % 3), to: day(10 + index % 4), by: index % 2 == 0 ? people.manager : people.admin)
                            return true
                        } catch ApprovalError.delegationOverlaps(let manager) {
                            #expect(manager == people.manager.email)
                            return false
                        } catch {
                            Issue.record("unexpected \(error)")
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await useCases.approvals.delegations(of: people.manager.email, by: people.manager).count == 1)
            // A period after it (from the 15th) is fine; the table refuses an overlapping row even written directly
            _ = try await useCases.approvals.delegate(people.manager.email, to: people.requesterB.email, from: day(15), to: day(20), by: people.admin)
            await #expect(throws: ApprovalError.delegationOverlaps(manager: people.manager.email)) {
                _ = try await db.addDelegation(manager: people.manager.id, delegate: people.agentIT.id, from: day(20), to: day(21), at: Instants.t0)
            }
            #expect(try await useCases.approvals.delegations(of: nil, by: people.admin).count == 2)
            await #expect(throws: AccessError.notPermitted(.delegateApprovals)) { _ = try await useCases.approvals.delegations(of: nil, by: people.manager) }
        }
    }

    @Test("an at-risk clock is escalated to the directorate's active team leads; the catalogue address only when it has none")
    func escalationToTeamLeads() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            // Zoë and Jan lead IT; Jan has left
            _ = try await db.upsertUsers([
                person("Zoë Janssens", "zoe.janssens@sprb.brussels", roles: [.agent, .teamLead], directorates: ["IT"]),
                person("Jan Vermeulen", "jan.vermeulen@sprb.brussels", roles: [.teamLead], directorates: ["IT"]),
                person("Ann Bosmans", "ann.bosmans@sprb.brussels", roles: [.teamLead], directorates: ["IT"]),
            ])
            let jan = try #require(try await db.user(email: "jan.vermeulen@sprb.brussels"))
            try await db.deactivate([jan.id])
            // IT-002 filed Monday 09:00 (P2: first response 60 business minutes, at risk at 48)
            let clock = ManualClock(Instants.t0)
            let useCases = UseCases(database: db, clock: clock)
            let it = try await useCases.tickets.file(laptopRequest(), by: people.requesterA)
            clock.set(Instants.at("2025-06-02T09:49:00+02:00"))
            #expect(try await useCases.tickets.scanSLA() == [it.number])
            let escalation = try #require(try await db.events(of: it.id).last)
            #expect(escalation.kind == .escalated)
            #expect(escalation.to == "ann.bosmans@sprb.brussels, zoe.janssens@sprb.brussels")  // by name: Ann, Zoë
            #expect(escalation.payload == ["clock": "first_response", "trigger": "at_risk", "action": "notify", "recipients": "team_leads"])
        }
    }
}
