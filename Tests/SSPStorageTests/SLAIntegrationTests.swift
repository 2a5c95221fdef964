import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@Suite("SLA clocks on tickets, the scan and escalation")
struct SLAIntegrationTests {
    @Test("a P2 ticket: first response met, at risk, paused while waiting, breached once, escalated by the IT rules")
    func lifecycle() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.at("2025-06-12T10:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            // Given IT-002 (P2: first response 60, resolution 480 business minutes) filed Thursday 10:00
            let number = try await desk.file(laptopRequest(), by: people.requesterA).number
            var ticket = try #require(try await db.ticket(number: number))
            #expect(ticket.firstResponseDueAt == Instants.at("2025-06-12T11:00:00+02:00"))
            #expect(ticket.resolutionDueAt == Instants.at("2025-06-13T09:00:00+02:00"))
            #expect(ticket.slaCheckAt == Instants.at("2025-06-12T10:48:00+02:00"))  // 80 % of the first response's 60 minutes

            // When the agent assigns at 10:30: a state change by an agent is the first response (30 minutes, met)
            clock.set(Instants.at("2025-06-12T10:30:00+02:00"))
            _ = try await desk.assign(number, to: people.agentIT.email, by: people.agentIT)
            _ = try await desk.apply(.start, to: number, by: people.agentIT)
            ticket = try #require(try await db.ticket(number: number))
            let calendar = try #require(try await db.calendar(id: "gob-standard"))
            #expect(ticket.firstResponseClock?.state(at: clock.now(), on: calendar) == .met)
            #expect(ticket.firstResponseClock?.usedMinutes(at: clock.now(), on: calendar) == 30)
            #expect(ticket.slaCheckAt == Instants.at("2025-06-12T16:24:00+02:00"))  // 384 of 480 minutes

            // The scan before 16:24 marks nothing; at 16:30 the resolution clock is at risk and the team lead is notified
            clock.set(Instants.at("2025-06-12T16:00:00+02:00"))
            #expect(try await desk.scanSLA() == [])
            clock.set(Instants.at("2025-06-12T16:30:00+02:00"))
            #expect(try await desk.scanSLA() == [number])
            #expect(try await desk.scanSLA() == [])  // idempotent
            ticket = try #require(try await db.ticket(number: number))
            #expect(ticket.slaStatus == .atRisk)
            var events = try await db.events(of: ticket.id)
            #expect(events.suffix(2).map(\.kind) == [.slaAtRisk, .escalated])
            #expect(events.last?.to == "ssp-it-lead@sprb.brussels")
            #expect(events.last?.payload == ["clock": "resolution", "trigger": "at_risk", "action": "notify", "recipients": "catalogue"])  // IT has no team lead here

            // Waiting on the requester from Friday 08:30 (450 used) pauses the clock: no due time, not "at risk"
            clock.set(Instants.at("2025-06-13T08:30:00+02:00"))
            _ = try await desk.apply(.askRequester, to: number, by: people.agentIT)
            ticket = try #require(try await db.ticket(number: number))
            #expect(ticket.resolutionDueAt == nil)
            #expect(ticket.slaStatus == nil)
            #expect(ticket.slaCheckAt == nil)
            clock.set(Instants.at("2025-06-16T09:00:00+02:00"))
            #expect(try await desk.scanSLA() == [])

            // The requester's reply on Monday 10:00 resumes it: 30 minutes left, due 10:30
            clock.set(Instants.at("2025-06-16T10:00:00+02:00"))
            _ = try await desk.comment(on: number, body: "Het is een Dell.", visibility: .reply, by: people.requesterA)
            ticket = try #require(try await db.ticket(number: number))
            #expect(ticket.status == .inProgress)
            #expect(ticket.resolutionDueAt == Instants.at("2025-06-16T10:30:00+02:00"))
            #expect(ticket.slaStatus == .atRisk)

            // At 10:31 the scan records the breach once and raises the ticket to IT's coordinator
            clock.set(Instants.at("2025-06-16T10:31:00+02:00"))
            #expect(try await desk.scanSLA() == [number])
            clock.set(Instants.at("2025-06-16T10:45:00+02:00"))
            #expect(try await desk.scanSLA() == [])
            ticket = try #require(try await db.ticket(number: number))
            #expect(ticket.slaStatus == .breached)
            events = try await db.events(of: ticket.id)
            #expect(events.filter { $0.kind == .slaBreached }.count == 1)
            #expect(events.last?.to == "ssp-it-coordinator@sprb.brussels")
            #expect(events.last?.payload["action"] == "raise")

            // Resolved at 11:00: 420 (Thursday) + 30 (Friday) + 60 (Monday) = 510 business minutes used, breached
            clock.set(Instants.at("2025-06-16T11:00:00+02:00"))
            ticket = try await desk.apply(.resolve, to: number, by: people.agentIT)
            #expect(ticket.resolutionClock?.usedMinutes(at: clock.now(), on: calendar) == 510)
            #expect(ticket.resolutionClock?.state(at: clock.now(), on: calendar) == .breached)
            #expect(ticket.slaCheckAt == nil)
        }
    }

    @Test("a P1 network outage runs on the 24/7 calendar; lowered to P3 it runs on office hours")
    func p1Calendar() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            // Saturday 2025-06-07 10:00: IT-036 (high × high → P1: 15 / 120 minutes, p1_calendar always-open)
            let clock = ManualClock(Instants.at("2025-06-07T10:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            let outage = FileTicketRequest(
                serviceCode: "IT-036", subject: "Geen netwerk op 12",
                answers: [
                    "floor": .number(12), "scope": .text("floor"), "medium": .text("both"),
                ])
            let number = try await desk.file(outage, by: people.requesterA).number
            var ticket = try #require(try await db.ticket(number: number))
            #expect(ticket.firstResponseDueAt == Instants.at("2025-06-07T10:15:00+02:00"))
            #expect(ticket.resolutionDueAt == Instants.at("2025-06-07T12:00:00+02:00"))
            // Lowered at 10:05 to medium × medium → P3 (120 / 960) on gob-standard: 5 real minutes are kept as used
            clock.set(Instants.at("2025-06-07T10:05:00+02:00"))
            ticket = try await desk.reprioritise(number, impact: .medium, urgency: .medium, by: people.agentIT)
            // The remaining 115 minutes count from the next opening: Whit Monday 9 June is closed, Tuesday 10 June 08:00 + 115
            #expect(ticket.firstResponseDueAt == Instants.at("2025-06-10T09:55:00+02:00"))
        }
    }

    @Test("a priority change re-targets the clocks, keeping the time used")
    func reprioritise() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.at("2025-06-02T09:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            let number = try await desk.file(laptopRequest(), by: people.requesterA).number
            // An hour later the agent lowers it to low × low → P5 (IT: 960 / 4800 business minutes)
            clock.set(Instants.at("2025-06-02T10:00:00+02:00"))
            await #expect(throws: AccessError.notPermitted(.reprioritise)) {
                try await desk.reprioritise(number, impact: .low, urgency: .low, by: people.requesterA)
            }
            let ticket = try await desk.reprioritise(number, impact: .low, urgency: .low, by: people.agentIT)
            #expect(ticket.priority == .p5)
            #expect(ticket.firstResponseDueAt == Instants.at("2025-06-03T16:00:00+02:00"))
            // 4800 minutes from Monday 09:00 skip Whit Monday (9 June): Friday 13 June 17:00
            #expect(ticket.resolutionDueAt == Instants.at("2025-06-13T17:00:00+02:00"))
            #expect(ticket.firstRespondedAt == nil)
            let last = try await db.events(of: ticket.id).last
            #expect(last?.kind == .priorityChanged)
            #expect(last?.from == "P2")
            #expect(last?.to == "P5")
        }
    }

    @Test("the queue lists what is due first, paused tickets last, and filters breached tickets; its cursor pages once each")
    func queue() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.at("2025-06-02T09:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            // P2 at 09:00 (due 17:00), P1 at 09:30 (due 13:30 by IT's P1 240), P2 at 10:00 then waiting (no due)
            let a = try await desk.file(laptopRequest("A"), by: people.requesterA).number
            clock.set(Instants.at("2025-06-02T09:30:00+02:00"))
            var urgent = laptopRequest("B")
            urgent.impact = .high
            let b = try await desk.file(urgent, by: people.agentIT).number
            clock.set(Instants.at("2025-06-02T10:00:00+02:00"))
            let c = try await desk.file(laptopRequest("C"), by: people.requesterA).number
            _ = try await desk.assign(c, to: people.agentIT.email, by: people.agentIT)
            _ = try await desk.apply(.start, to: c, by: people.agentIT)
            _ = try await desk.apply(.askRequester, to: c, by: people.agentIT)

            var seen: [TicketNumber] = []
            var cursor: TicketCursor?
            repeat {
                let page = try await desk.list(TicketQuery(scope: .all, directorateCode: "IT", openOnly: true, sort: .due, after: cursor, limit: 2), by: people.agentIT)
                seen += page.tickets.map(\.number)
                cursor = page.next
            } while cursor != nil
            #expect(seen == [b, a, c])

            // At 14:00 the P1 is breached (first response and resolution) and A's first response (60 minutes, none given);
            // C had its first response at assignment
            clock.set(Instants.at("2025-06-02T14:00:00+02:00"))
            while try await !desk.scanSLA().isEmpty {}
            let breached = try await desk.list(TicketQuery(scope: .all, slaStatus: .breached), by: people.agentIT)
            #expect(breached.tickets.map(\.number) == [b, a])
            let b1 = try #require(try await db.ticket(number: b))
            #expect(try await db.events(of: b1.id).filter { $0.kind == .slaBreached }.compactMap { $0.payload["clock"] } == ["first_response", "resolution"])
        }
    }
}
