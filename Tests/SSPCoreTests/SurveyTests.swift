import Foundation
import SSPCore
import SSPTestSupport
import Testing

private func record(
    _ score: Int?, at resolvedAt: String = "2025-03-10T10:00:00+01:00", service: String = "IT-002",
    channel: Channel = .portal, reopened: Bool = false
) -> SurveyRecord {
    SurveyRecord(
        directorateCode: "IT", serviceCode: service, agentID: UserID(9), channel: channel,
        resolvedAt: Instants.at(resolvedAt), score: score, reopened: reopened)
}

@Suite("Satisfaction indicators")
struct SatisfactionTests {
    @Test("10 sent, answers 5,5,4,3,2,1, four unanswered → response 60.0 %, CSAT 50.0 %, mean 3.33")
    func issueExample() {
        // (The cancelled ticket of the example has no survey: it is in no denominator.)
        let records = [5, 5, 4, 3, 2, 1].map { record($0) } + (0..<4).map { _ in record(nil) }
        let rows = Satisfaction.rows(records, by: .directorate, period: .month)
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(row.group == "IT")
        #expect(row.period == "2025-03")
        #expect(row.sent == 10)
        #expect(row.answered == 6)
        #expect(row.responseRatePercent == 60.0)
        #expect(row.csatPercent == 50.0)
        #expect(row.meanScore == 3.33)
        #expect(!row.tooFewAnswers)
    }

    @Test("fewer than 5 answers show no score, only the response rate")
    func smallGroups() {
        let rows = Satisfaction.rows([5, 5, 5, 5].map { record($0) } + [record(nil)], by: .service, period: .quarter)
        #expect(rows.first?.tooFewAnswers == true)
        #expect(rows.first?.csatPercent == nil)
        #expect(rows.first?.meanScore == nil)
        #expect(rows.first?.responseRatePercent == 80.0)
        #expect(rows.first?.period == "2025-Q1")
    }

    @Test("periods are Brussels months, quarters and years: 2025-03-31T22:00:00Z is April")
    func boundaries() {
        let records = [record(5, at: "2025-03-31T21:59:59Z"), record(4, at: "2025-03-31T22:00:00Z"), record(3, at: "2025-12-31T23:30:00Z")]
        #expect(Satisfaction.rows(records, by: .channel, period: .month).map(\.period) == ["2025-03", "2025-04", "2026-01"])
        #expect(Satisfaction.rows(records, by: .channel, period: .quarter).map(\.period) == ["2025-Q1", "2025-Q2", "2026-Q1"])
        #expect(Satisfaction.rows(records, by: .channel, period: .year).map(\.period) == ["2025", "2026"])
    }

    @Test("reopened tickets keep their answer and are counted apart")
    func reopened() {
        let rows = Satisfaction.rows([record(2, reopened: true), record(nil, reopened: true), record(5)], by: .agent, period: .month)
        #expect(rows.first?.group == "9")
        #expect(rows.first?.reopenedAnswered == 1)
    }
}

@Suite("Survey decisions and answers")
struct SurveyDecisionTests {
    private let resolved = Instants.at("2025-06-02T10:00:00+02:00")

    @Test("invited after the delay, 30 Brussels calendar days to answer")
    func invitation() {
        let survey = NewSurvey.decide(
            ticketID: TicketID(1), requesterID: UserID(1), resolvedAt: resolved,
            settings: SurveySettings(delayMinutes: 60), recentInvitations: 0)
        #expect(survey.state == .invited)
        #expect(survey.invitedAt == Instants.at("2025-06-02T11:00:00+02:00"))
        #expect(survey.expiresAt == Instants.at("2025-07-02T11:00:00+02:00"))
    }

    @Test("sampling keeps the given share of tickets, always the same ones; the cap stops a 4th invitation in 30 days")
    func samplingAndCap() {
        let settings = SurveySettings(samplingPercent: 50)
        let states = (1...1000).map { NewSurvey.decide(ticketID: TicketID(Int64($0)), requesterID: UserID(1), resolvedAt: resolved, settings: settings, recentInvitations: 0).state }
        let invited = states.filter { $0 == .invited }.count
        #expect(invited == 500)
        #expect(NewSurvey.decide(ticketID: TicketID(7), requesterID: UserID(1), resolvedAt: resolved, settings: settings, recentInvitations: 0).state == states[6])
        #expect(NewSurvey.decide(ticketID: TicketID(1), requesterID: UserID(1), resolvedAt: resolved, settings: .standard, recentInvitations: 3).state == .capped)
        #expect(NewSurvey.decide(ticketID: TicketID(1), requesterID: UserID(1), resolvedAt: resolved, settings: .standard, recentInvitations: 2).state == .invited)
    }

    @Test("only the requester answers, once, within the window, 1 to 5")
    func answers() {
        let survey = Survey(
            id: 1, ticketID: TicketID(1), requesterID: UserID(1), state: .invited,
            invitedAt: resolved, expiresAt: Instants.at("2025-07-02T10:00:00+02:00"))
        #expect(throws: SurveyError.notTheRequester) { try survey.checkAnswer(score: 5, comment: nil, by: UserID(2), at: resolved) }
        #expect(throws: SurveyError.expired(survey.expiresAt)) { try survey.checkAnswer(score: 5, comment: nil, by: UserID(1), at: Instants.at("2025-07-02T10:00:01+02:00")) }
        #expect(throws: SurveyError.invalid([FieldProblem(field: "score", message: "must be 1 to 5")])) { try survey.checkAnswer(score: 6, comment: nil, by: UserID(1), at: resolved) }
        var answered = survey
        answered.answeredAt = resolved
        answered.score = 4
        #expect(throws: SurveyError.alreadyAnswered) { try answered.checkAnswer(score: 5, comment: nil, by: UserID(1), at: resolved) }
        #expect(throws: Never.self) { try survey.checkAnswer(score: 1, comment: "Te traag", by: UserID(1), at: resolved) }
    }
}
