import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@Suite("Surveys in storage")
struct SurveyStorageTests {
    @Test("one survey per ticket under 20 concurrent resolution attempts and under reopen and second resolution")
    func exactlyOne() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.at("2025-06-02T09:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            // Given an assigned HR ticket (HR surveys every ticket) …
            let number = try await desk.file(FileTicketRequest(serviceCode: "HR-006", subject: "Dossier"), by: people.requesterA).number
            let hrAgent = people.agentHR
            _ = try await desk.assign(number, to: hrAgent.email, by: hrAgent)
            // … when 20 resolutions race, exactly one succeeds and one survey exists
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 { group.addTask { (try? await desk.apply(.resolve, to: number, by: hrAgent)) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await db.executeForTesting("SELECT count(*) FROM survey") == "1")
            // … and a reopen and second resolution add none; an answer given before stays
            let ticket = try #require(try await db.ticket(number: number))
            let survey = try #require(try await db.survey(ofTicket: ticket.id))
            #expect(survey.state == .invited)
            #expect(survey.invitedAt == Instants.at("2025-06-02T10:00:00+02:00"))  // HR: 60 minutes after resolution
            clock.set(Instants.at("2025-06-02T11:00:00+02:00"))
            _ = try await SurveyDesk(desk: desk, surveys: db).answer(number, score: 4, comment: "Vlot", by: people.requesterA)
            _ = try await desk.apply(.reopen, to: number, by: people.requesterA)
            _ = try await desk.apply(.resolve, to: number, by: hrAgent)
            #expect(try await db.executeForTesting("SELECT count(*) || '/' || score FROM survey") == "1/4")
            // The reopen shows in the indicators
            let range = try #require(MonthRange(from: "2025-06", to: "2025-06"))
            let rows = try await SurveyDesk(desk: desk, surveys: db).satisfaction(range, by: .service, period: .month, actor: people.admin)
            #expect(rows.map(\.reopenedAnswered) == [1])
        }
    }

    @Test("cancelled tickets get no survey; the agent who filed on someone's behalf cannot answer; looking records nothing")
    func whoAnswers() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.at("2025-06-02T09:00:00+02:00"))
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            let surveys = SurveyDesk(desk: desk, surveys: db)
            let cancelled = try await desk.file(FileTicketRequest(serviceCode: "HR-006", subject: "Niet meer nodig"), by: people.requesterB).number
            _ = try await desk.apply(.cancel, to: cancelled, by: people.requesterB)
            // Filed at the counter by the HR agent for Bram, resolved by her
            var request = FileTicketRequest(serviceCode: "HR-006", subject: "Inzage", channel: .counter)
            request.requesterEmail = people.requesterB.email
            let number = try await desk.file(request, by: people.agentHR).number
            _ = try await desk.assign(number, to: people.agentHR.email, by: people.agentHR)
            _ = try await desk.apply(.resolve, to: number, by: people.agentHR)
            #expect(try await db.executeForTesting("SELECT count(*) FROM survey") == "1")
            clock.set(Instants.at("2025-06-02T12:00:00+02:00"))

            await #expect(throws: SurveyError.notFound) { try await surveys.answer(number, score: 5, comment: nil, by: people.agentHR) }
            let view = try await surveys.survey(of: number, by: people.requesterB)
            await #expect(throws: SurveyError.notTheRequester) { try await surveys.answer(token: view.token, score: 5, comment: nil, by: people.agentHR) }
            _ = try await surveys.survey(token: view.token, by: nil)
            #expect(try await db.executeForTesting("SELECT count(*) FROM survey WHERE answered_at IS NOT NULL") == "0")
            await #expect(throws: SurveyError.notFound) { try await surveys.survey(token: view.token + "x", by: nil) }
            await #expect(throws: SurveyError.notFound) { try await surveys.survey(token: "1.forged", by: nil) }

            // Without login, the token answers for the requester, once
            let answered = try await surveys.answer(token: view.token, score: 2, comment: "  Te lang gewacht  ", by: nil)
            #expect(answered.score == 2)
            #expect(answered.comment == "Te lang gewacht")
            await #expect(throws: SurveyError.alreadyAnswered) { try await surveys.answer(token: view.token, score: 5, comment: nil, by: nil) }
        }
    }
}
