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
        @Option(help: "First month, YYYY-MM.") var from: String
        @Option(help: "Last month, YYYY-MM (inclusive).") var to: String
        @Option(help: "directorate, service, agent or channel.") var by: SatisfactionDimension = .directorate
        @Option(help: "month, quarter or year.") var period: SatisfactionPeriod = .month
        @Option(help: "Only this directorate.") var directorate: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard MonthRange(from: from, to: to) != nil else { throw ValidationError("--from and --to must be months YYYY-MM, --from not after --to") }
        }

        func run() async throws {
            let range = MonthRange(from: from, to: to)!
            let records = try await database.open().surveyRecords(resolvedFrom: range.start, to: range.end, directorates: directorate.map { [$0] })
            print(Satisfaction.csv(Satisfaction.rows(records, by: by, period: period)), terminator: "")
        }
    }
}
