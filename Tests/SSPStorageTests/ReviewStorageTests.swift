import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@Suite("PDCA reviews in storage")
struct ReviewStorageTests {
    @Test("targets carry over, one review per scope and period, open actions carry into the next review, facts from the tickets")
    func lifecycle() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.at("2025-06-02T09:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            let reviews = ReviewDesk(reviews: db, tickets: db, surveys: db, catalogue: db, clock: clock)
            // Given two IT tickets in June: one resolved within its 480 minutes, one still open; one in July
            let a = try await desk.file(laptopRequest("A"), by: people.requesterA).number
            _ = try await desk.file(laptopRequest("B"), by: people.requesterA)
            _ = try await desk.assign(a, to: people.agentIT.email, by: people.agentIT)
            clock.set(Instants.at("2025-06-02T11:00:00+02:00"))
            _ = try await desk.apply(.resolve, to: a, by: people.agentIT)
            clock.set(Instants.at("2025-07-01T09:00:00+02:00"))
            _ = try await desk.file(laptopRequest("C"), by: people.requesterA)

            // The first review gets the default targets; a second one of the same scope and period is refused
            let june = try await reviews.create(scope: "IT", period: "2025-06", targets: [Target(.csat, .atLeast, 80), Target(.slaCompliance, .atLeast, 95)], by: .operator)
            await #expect(throws: ReviewError.duplicate(scope: "IT", period: "2025-06")) { try await reviews.create(scope: "IT", period: "2025-06", by: .operator) }
            await #expect(throws: ReviewError.self) { try await reviews.create(scope: "XX", period: "2025-06", by: .operator) }
            let action = try await db.addAction(
                reviewID: june.id, title: "Terugbellen bij P2", owner: "ssp-it-lead@sprb.brussels",
                due: LocalDate(year: 2025, month: 7, day: 31), at: clock.now())
            let report = try await reviews.report(june.id, by: .operator)
            #expect(report.facts.values[.volume] == 2)
            #expect(report.facts.values[.backlog] == 1)
            #expect(report.facts.values[.slaCompliance] == 100.0)
            #expect(report.facts.values[.medianResolutionMinutes] == 120)
            #expect(report.facts.values[.csat] == nil)  // too few answers
            #expect(report.checks.map(\.met) == [nil, true])
            #expect(report.history.map(\.period) == ["2025-05", "2025-04", "2025-03", "2025-02"])
            #expect(report.volumeByMonth.map(\.tickets) == [2])

            // July carries June's targets and its open action; a done action does not carry
            _ = try await db.closeReview(id: june.id, at: clock.now())
            await #expect(throws: ReviewError.closed(june.id)) { try await db.closeReview(id: june.id, at: clock.now()) }
            let july = try await reviews.create(scope: "IT", period: "2025-07", by: .operator)
            #expect(july.targets == june.targets)
            #expect(try await db.actions(for: july).map(\.id) == [action.id])
            _ = try await db.setAction(id: action.id, status: .done, at: clock.now())
            #expect(try await db.actions(for: july).isEmpty)
            #expect(try await db.actions(for: june).map(\.status) == [.done])
            let ssp = try await reviews.create(scope: "SSP", period: "2025", by: .operator)
            #expect(ssp.targets == Target.defaults)
            #expect(try await reviews.report(ssp.id, by: .operator).facts.values[.volume] == 3)
        }
    }
}
