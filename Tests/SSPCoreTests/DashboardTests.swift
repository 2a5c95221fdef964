import Foundation
import SSPCore
import SSPTestSupport
import Testing

@Suite("Dashboards: SLA compliance added up by group and period (issue 13)")
struct DashboardTests {
    private func record(_ directorate: String, _ service: String, _ priority: Priority, _ instant: String, used: Int, target: Int = 480) -> SLARecord {
        SLARecord(
            directorateCode: directorate, serviceCode: service, priority: priority, resolvedAt: Instants.at(instant), firstResponseMinutes: 5,
            resolutionMinutes: used, resolutionTargetMinutes: target)
    }

    @Test("rows of several priorities and services add up per directorate, per service and for everything, by Brussels month")
    func summary() throws {
        let records = [
            // IT, June: IT-002 P2 met twice and breached once, IT-003 P3 met once → 3 of 4
            record("IT", "IT-002", .p2, "2025-06-02T10:00:00+02:00", used: 100), record("IT", "IT-002", .p2, "2025-06-03T10:00:00+02:00", used: 480),
            record("IT", "IT-002", .p2, "2025-06-04T10:00:00+02:00", used: 481), record("IT", "IT-003", .p3, "2025-06-05T10:00:00+02:00", used: 10),
            // HR, June: breached once → 0 of 1; HR, July (Brussels: 1 July 00:30 is July, though 30 June in UTC): met → 1 of 1
            record("HR", "HR-001", .p3, "2025-06-10T10:00:00+02:00", used: 900), record("HR", "HR-001", .p3, "2025-07-01T00:30:00+02:00", used: 1),
        ]
        let rows = SLACompliance.rows(records, period: .month)
        #expect(
            SLACompliance.summary(rows, by: .directorate).map { "\($0.group) \($0.period) \($0.met)/\($0.tickets) \($0.compliancePercent)" } == [
                "HR 2025-06 0/1 0.0", "HR 2025-07 1/1 100.0", "IT 2025-06 3/4 75.0",
            ])
        #expect(
            SLACompliance.summary(rows, by: .service).map { "\($0.group) \($0.period) \($0.met)/\($0.tickets)" } == [
                "HR-001 2025-06 0/1", "HR-001 2025-07 1/1", "IT-002 2025-06 2/3", "IT-003 2025-06 1/1",
            ])
        // Everything: June 3 of 5 = 60 %, July 1 of 1
        #expect(
            SLACompliance.summary(rows, by: nil).map { "\($0.group) \($0.period) \($0.met)/\($0.tickets) \($0.compliancePercent)" } == [
                "SSP 2025-06 3/5 60.0", "SSP 2025-07 1/1 100.0",
            ])
        // Two in three is 66.7 (one decimal), as the report's own rows round
        #expect(SLACompliance.summary(rows, by: .service).first { $0.group == "IT-002" }?.compliancePercent == 66.7)
        #expect(SLACompliance.summary([], by: nil) == [])
    }
}
