import Foundation
import OpenAPIRuntime
import SSPCore

/// The SLA and satisfaction reports (occupancy is with the desks).
extension APIHandler {
    func slaComplianceReport(_ input: Operations.SlaComplianceReport.Input) async throws -> Operations.SlaComplianceReport.Output {
        let user = try RequestIdentity.current()
        let range = try monthRange(input.query.from, input.query.to)
        let period: ReportPeriod = input.query.period.map { wire($0) } ?? .month
        let rows = try await desk.slaCompliance(range, period: period, directorate: input.query.directorate, by: user)
        let wantsCSV = input.headers.accept.sortedByQuality().first?.contentType == .csv
        if wantsCSV { return .ok(.init(body: .csv(HTTPBody(SLACompliance.csv(rows))))) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        rows: rows.map { row in
                            .init(
                                directorate: row.directorateCode, service: row.serviceCode, priority: wire(row.priority), period: row.period,
                                tickets: row.tickets, met: row.met, breached: row.breached, compliancePercent: row.compliancePercent,
                                firstResponseMedianMinutes: row.firstResponseMedian, firstResponseP90Minutes: row.firstResponseP90,
                                resolutionMedianMinutes: row.resolutionMedian, resolutionP90Minutes: row.resolutionP90)
                        }))))
    }

    func satisfactionReport(_ input: Operations.SatisfactionReport.Input) async throws -> Operations.SatisfactionReport.Output {
        let user = try RequestIdentity.current()
        let range = try monthRange(input.query.from, input.query.to)
        let rows = try await surveys.satisfaction(
            range, by: input.query.by.map { wire($0) } ?? .directorate, period: input.query.period.map { wire($0) } ?? .month,
            directorate: input.query.directorate, actor: user)
        return .ok(
            .init(
                body: .json(
                    .init(
                        rows: rows.map { row in
                            .init(
                                group: row.group, period: row.period, sent: row.sent, answered: row.answered,
                                responseRatePercent: row.responseRatePercent, csatPercent: row.csatPercent, meanScore: row.meanScore,
                                tooFewAnswers: row.tooFewAnswers, reopenedAnswered: row.reopenedAnswered)
                        }))))
    }
}
