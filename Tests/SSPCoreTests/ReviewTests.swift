import Foundation
import SSPCore
import SSPTestSupport
import Testing

@Suite("PDCA review definitions")
struct ReviewTests {
    private func survey(_ service: String, _ score: Int?, comment: String? = nil, day: Int = 10) -> SurveyRecord {
        SurveyRecord(
            directorateCode: "IT", serviceCode: service, agentID: nil, channel: .portal,
            resolvedAt: Instants.at(String(format: "2025-06-%02dT10:00:00+02:00", day)), score: score, reopened: false, comment: comment)
    }

    private func resolution(_ used: Int, target: Int = 480, reopened: Bool = false) -> SLARecord {
        SLARecord(
            directorateCode: "IT", serviceCode: "IT-002", priority: .p2, resolvedAt: Instants.at("2025-06-10T10:00:00+02:00"),
            firstResponseMinutes: 10, resolutionMinutes: used, resolutionTargetMinutes: target, reopened: reopened)
    }

    @Test("periods: months, quarters, years in Brussels, and the ones before")
    func periods() throws {
        let quarter = try #require(ReviewPeriod(label: "2025-Q2"))
        #expect(quarter.start == Instants.at("2025-03-31T22:00:00Z"))
        #expect(quarter.end == Instants.at("2025-06-30T22:00:00Z"))
        #expect(quarter.previous().label == "2025-Q1")
        #expect(quarter.previous(4).label == "2024-Q2")
        #expect(ReviewPeriod(label: "2025-01")?.previous().label == "2024-12")
        #expect(ReviewPeriod(label: "2025")?.end == Instants.at("2025-12-31T23:00:00Z"))
        #expect(ReviewPeriod(label: "2025-Q5") == nil)
        #expect(ReviewPeriod(label: "2025-13") == nil)
    }

    @Test("the Do facts: 10 sent, answers 5,5,4,3,2,1 → response 60.0 %, CSAT 50.0 %; 4 resolutions, 1 breached, 1 reopened")
    func facts() {
        let surveys = [5, 5, 4, 3, 2, 1].map { survey("IT-002", $0) } + (0..<4).map { _ in survey("IT-002", nil) }
        let resolutions = [resolution(100), resolution(200), resolution(600), resolution(300, reopened: true)]
        let facts = PeriodFacts.compute(period: "2025-06", filed: 12, backlog: 3, resolutions: resolutions, surveys: surveys)
        #expect(
            facts.values == [
                .volume: 12, .backlog: 3, .responseRate: 60.0, .csat: 50.0, .slaCompliance: 75.0, .reopenRate: 25.0,
                .medianResolutionMinutes: 200,
            ])
        let check = Target(.csat, .atLeast, 85)
        #expect(check.isMet(by: facts.values[.csat]) == false)
        #expect(Target(.reopenRate, .atMost, 25).isMet(by: 25) == true)
        #expect(check.isMet(by: nil) == nil)
    }

    @Test("services pulling CSAT down: answers × gap to the overall CSAT, from 5 answers")
    func pullingDown() {
        // IT-001: 5 answers, 1 satisfied (20 %). IT-002: 5 answers, all satisfied. IT-003: 2 unhappy answers, too few to name.
        let surveys =
            [1, 2, 2, 3, 5].map { survey("IT-001", $0) } + [5, 5, 4, 4, 5].map { survey("IT-002", $0) }
            + [1, 1].map { survey("IT-003", $0) }
        let impacts = ReviewCheck.pullingDown(surveys)
        #expect(impacts.map(\.serviceCode) == ["IT-001"])
        // Overall: 12 answers, 6 satisfied = 50 %; IT-001 at 20 % → 5 × 0.3 = 1.5 satisfied answers missing
        #expect(impacts.first?.impact == 1.5)
        #expect(impacts.first?.csatPercent == 20.0)
    }

    @Test("comments: newest first, at most five")
    func comments() {
        let surveys = (1...7).map { survey("IT-002", 4, comment: "c\($0)", day: $0) } + [survey("IT-002", 5)]
        #expect(ReviewCheck.comments(surveys) == ["c7", "c6", "c5", "c4", "c3"])
    }

    @Test("comments on confidential tickets are never sampled, though their scores count")
    func confidentialComments() {
        var secret = survey("HR-008", 2, comment: "Mijn collega X pest mij", day: 9)
        secret.confidential = true
        let surveys = [survey("IT-002", 4, comment: "Snel geholpen", day: 8), secret]
        #expect(ReviewCheck.comments(surveys) == ["Snel geholpen"])
        #expect(ReviewCheck.pullingDown(surveys, limit: 5).map(\.serviceCode).contains("HR-008") == ReviewCheck.pullingDown([secret], limit: 5).map(\.serviceCode).contains("HR-008"))
    }

    @Test("CSV export neutralises formulas and doubles quotes")
    func csv() {
        let review = Review(
            id: 1, scope: "IT", period: ReviewPeriod(label: "2025-06")!, targets: Target.defaults, status: .open,
            createdAt: Instants.t0, closedAt: nil)
        let facts = PeriodFacts.compute(period: "2025-06", filed: 1, backlog: 0, resolutions: [], surveys: [])
        let report = ReviewReport(
            review: review, facts: facts, history: [], checks: [], pullingDown: [], comments: ["=HYPERLINK(\"x\")"],
            actions: [ImprovementAction(id: 1, reviewID: 1, title: "+Bel terug", owner: "@lead", due: LocalDate(year: 2025, month: 7, day: 1), status: .open)],
            slaByService: [], volumeByMonth: [])
        let csv = ReviewExport.csv(report)
        #expect(csv.contains("comment,\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(csv.contains("action,'+Bel terug,,,,,'@lead,2025-07-01,open"))
        let html = ReviewExport.html(report, language: .fr)
        #expect(html.contains("<html lang=\"fr\">"))
        #expect(html.contains("Revue PDCA"))
        #expect(html.contains("« =HYPERLINK(&quot;x&quot;) »"))
        #expect(html.contains("<svg"))
    }
}
