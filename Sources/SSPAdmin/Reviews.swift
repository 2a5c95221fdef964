import ArgumentParser
import Foundation
import SSPCore
import SSPStorage

extension ImprovementAction.Status: ExpressibleByArgument {}

/// `ssp-admin review`: PDCA reviews of a directorate or the whole SSP.
struct Reviews: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "PDCA quality reviews (Plan, Do, Check, Act).",
        subcommands: [Create.self, Show.self, Close.self, Export.self, Action.self])

    static func desk(_ database: DatabaseOptions) throws -> ReviewDesk {
        try database.open().reviews
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the review of a scope and period; targets carry over from the scope's previous review.")
        @Option(help: "A directorate code, or SSP for all.") var scope: String
        @Option(help: "Period: YYYY-MM, YYYY-Qn or YYYY (Brussels calendar).") var period: String
        @Option(help: "A target INDICATOR>=VALUE or INDICATOR<=VALUE (repeatable; replaces the carried ones), e.g. csat>=85.")
        var target: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var targets: [Target] = []
            for text in target {
                let comparator: Target.Comparator = text.contains(">=") ? .atLeast : .atMost
                let parts = text.components(separatedBy: comparator.rawValue)
                guard parts.count == 2, let indicator = Indicator(rawValue: parts[0]), let value = Double(parts[1]) else {
                    throw CLIError("--target '\(text)': expected INDICATOR>=VALUE or INDICATOR<=VALUE with one of \(Indicator.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                targets.append(Target(indicator, comparator, value))
            }
            let review = try await Reviews.desk(database).create(scope: scope.uppercased(), period: period, targets: targets.isEmpty ? nil : targets, by: .operator)
            print(
                "review \(review.id): \(review.scope) \(review.period.label), targets \(review.targets.map { "\($0.indicator.rawValue)\($0.comparator.rawValue)\(ReviewExport.number($0.value))" }.joined(separator: ", "))"
            )
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a review: facts, checks with trend, services pulling down, comments, actions.")
        @Argument var id: Int64
        @Option var language: Language = .en
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            print(ReviewExport.text(try await Reviews.desk(database).report(id, by: .operator), language: language), terminator: "")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a review (its open actions carry into the next review of the scope).")
        @Argument var id: Int64
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let report = try await Reviews.desk(database).close(id, by: .operator)
            print("review \(report.review.id) closed")
        }
    }

    struct Export: AsyncParsableCommand {
        enum Format: String, ExpressibleByArgument { case csv, html }
        static let configuration = CommandConfiguration(abstract: "Export a review as CSV or as a printable HTML page with SVG charts.")
        @Argument var id: Int64
        @Option var format: Format = .html
        @Option var language: Language = .nl
        @Option(help: "Output file (default: standard output).") var output: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let report = try await Reviews.desk(database).report(id, by: .operator)
            let text = format == .csv ? ReviewExport.csv(report) : ReviewExport.html(report, language: language)
            try write(text, to: output)
        }
    }

    struct Action: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Improvement actions of a review.", subcommands: [Add.self, Set.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an improvement action to an open review.")
            @Argument var review: Int64
            @Option var title: String
            @Option var owner: String
            @Option(help: "Due date YYYY-MM-DD.") var due: String
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                guard let date = LocalDate(iso: due) else { throw CLIError("--due '\(due)' is not a date YYYY-MM-DD") }
                let action = try await Reviews.desk(database).addAction(to: review, title: title, owner: owner, due: date, by: .operator)
                print("action \(action.id) added to review \(review)")
            }
        }

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set an action's status (open, done, dropped).")
            @Argument var id: Int64
            @Option var status: ImprovementAction.Status
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let action = try await Reviews.desk(database).setAction(id, status: status, by: .operator)
                print("action \(action.id): \(action.status.rawValue)")
            }
        }
    }
}
