import ArgumentParser
import Foundation
import SSPCore
import SSPStorage

extension SatisfactionDimension: ExpressibleByArgument {}
extension SatisfactionPeriod: ExpressibleByArgument {}

struct Surveys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Satisfaction surveys.", subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Response rate, CSAT and mean score as CSV, per directorate, service, agent or channel and Brussels period.",
            discussion: "Response rate = answered / sent; CSAT = answers scoring 4 or 5 / answers; groups with fewer than 5 answers show no score.")
        @OptionGroup var months: ReportRangeOptions
        @Option(help: "directorate, service, agent or channel.") var by: SatisfactionDimension = .directorate
        @Option(help: "month, quarter or year.") var period: SatisfactionPeriod = .month
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows = try await database.open().surveys.satisfaction(months.range, by: by, period: period, directorate: months.directorate, actor: .operator)
            print(Satisfaction.csv(rows), terminator: "")
        }
    }
}
