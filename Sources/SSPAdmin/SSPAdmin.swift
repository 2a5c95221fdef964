import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore
import SSPSnowball
import SSPStorage

/// `ssp-admin`: administration of an SSP instance (database, catalogue, directory, tokens, tickets, demo data).
/// Every failure prints a message naming the file, line and field where there is one, and exits non-zero.
@main
struct SSPAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssp-admin",
        abstract: "Administer the SSP (Single Service Point) service desk.",
        subcommands: [
            DB.self, Backup.self, Restore.self, CatalogCommand.self, CalendarCommand.self, SLACommand.self, Surveys.self, Reviews.self, Users.self, Approvals.self, Tokens.self, Tickets.self,
            Desks.self, Demo.self,
        ])
}

/// Options shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database file (env SSP_DB_PATH; default ./data/ssp.sqlite).")
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["SSP_DB_PATH"] ?? "./data/ssp.sqlite"
    }

    /// The database file itself, opened and migrated: for `db migrate` only.
    func openDatabase() throws -> AppDatabase {
        do { return try AppDatabase(path: resolvedPath) } catch {
            throw CLIError("\(resolvedPath): cannot open the database: \(error)")
        }
    }

    /// The use cases over the database: what every command calls, as `User.operator`.
    func open(clock: any Clock = SystemClock()) throws -> UseCases {
        UseCases(database: try openDatabase(), clock: clock)
    }
}

/// Where the catalogue files are.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"), help: "Catalogue directory (env SSP_CATALOG_PATH; default ./Catalog).")
    var path: String?

    var resolvedPath: String { path ?? Self.defaultPath }

    static var defaultPath: String { ProcessInfo.processInfo.environment["SSP_CATALOG_PATH"] ?? "./Catalog" }
}

/// The months a report covers (Brussels calendar) and an optional directorate.
struct ReportRangeOptions: ParsableArguments {
    @Option(help: "First month, YYYY-MM.") var from: String
    @Option(help: "Last month, YYYY-MM (inclusive).") var to: String
    @Option(help: "Only this directorate.") var directorate: String?

    func validate() throws {
        guard MonthRange(from: from, to: to) != nil else { throw ValidationError("--from and --to must be months YYYY-MM, --from not after --to") }
    }

    /// Valid after `validate()`.
    var range: MonthRange { MonthRange(from: from, to: to)! }
    var directorates: Set<String>? { directorate.map { [$0] } }
}

/// A failure with a message for the operator; exits with code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Text typed by someone else (subjects, names, comments), neutralised before it reaches the
/// administrator's terminal: escape sequences and bidi overrides are shown, not obeyed (issue 14).
func tty(_ text: String, oneLine: Bool = true) -> String { TerminalText.neutralised(text, oneLine: oneLine) }

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The text of `file`, read as UTF-8.
func readText(_ file: String) throws -> String {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("\(file): cannot read the file as UTF-8") }
    return text
}

/// Prints every problem of an import of `file` (`file: line N: column: message`) and returns the error that ends it.
func nothingImported(_ file: String, _ problems: [FieldProblem]) -> CLIError {
    for problem in problems { printError("\(file): \(problem)") }
    return CLIError("\(file): \(problems.count) problem(s), nothing imported")
}

/// Loads the catalogue directory, printing every problem; throws when there is any.
func loadCatalogue(_ path: String) throws -> Catalogue {
    let result = CatalogueLoader.load(directory: URL(fileURLWithPath: path))
    guard result.isValid else {
        for problem in result.problems { printError("\(path)/\(problem)") }
        throw CLIError("\(result.problems.count) problem(s) in \(path)")
    }
    return result.catalogue
}

struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Database maintenance.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the database if missing and migrate it to the current schema.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let db = try database.openDatabase()  // opening migrates
            print("\(database.resolvedPath): schema at \(try db.appliedMigrations().last ?? "none")")
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database while the server runs (SQLite's online backup) and check the copy.",
        discussion: """
            The copy is checked before it takes FILE's place: PRAGMA integrity_check, the row count of every table \
            against the database's in the copied snapshot, and the schema version. Exit 1 and no FILE when a check fails.
            """)
    @Option(name: .customLong("to"), help: "The backup file to write (replaced if it exists).") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let db = try database.openDatabase()
        let report: BackupReport
        do { report = try db.backup(to: file) } catch let error as BackupError { throw CLIError("\(file): \(error)") }
        print(describe(report, file))
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup, then migrate it if the backup is older.",
        discussion: "Refused while an ssp-server runs on the database, and for a backup that fails its integrity check or was made by a newer SSP.")
    @Argument(help: "The backup file (from ssp-admin backup).") var from: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let report: BackupReport
        do { report = try AppDatabase.restore(from: from, to: database.resolvedPath) } catch let error as BackupError {
            throw CLIError("restore refused: \(error)")
        }
        print(describe(report, database.resolvedPath))
    }
}

/// `PATH: schema v…, N rows in T tables (tickets …), B bytes, in S s`.
func describe(_ report: BackupReport, _ path: String) -> String {
    let rows = report.rows.values.reduce(0, +)
    let key = ["ticket", "ticket_event", "ticket_comment", "booking", "user"].map { "\($0) \(report.rows[$0] ?? 0)" }.joined(separator: ", ")
    return "\(path): schema \(report.schema), \(rows) rows in \(report.rows.count) tables (\(key)), \(report.bytes) bytes, in \(String(format: "%.2f", report.seconds)) s"
}

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Validate, import and list the service catalogue.",
        subcommands: [Validate.self, Import.self, List.self, SearchEval.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the catalogue files; report every problem with file, line and field.")
        @Argument(help: "Catalogue directory (default: SSP_CATALOG_PATH or ./Catalog).") var directory: String?

        func run() async throws {
            let path = directory ?? CatalogOptions.defaultPath
            let catalogue = try loadCatalogue(path)
            print(
                "\(path): OK — \(catalogue.directorates.count) directorates, \(catalogue.services.count) services (\(catalogue.services.filter(\.active).count) active), \(catalogue.calendars.count) calendars"
            )
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import the catalogue (idempotent by code; dropped services become inactive).")
        @Argument(help: "Catalogue directory (default: SSP_CATALOG_PATH or ./Catalog).") var directory: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let catalogue = try loadCatalogue(directory ?? CatalogOptions.defaultPath)
            let report = try await database.open().catalogue.importCatalogue(catalogue, by: .operator)
            print(
                """
                directorates: \(report.directoratesInserted) added, \(report.directoratesUpdated) updated
                services: \(report.servicesInserted) added, \(report.servicesUpdated) updated, \(report.servicesDeactivated) deactivated
                calendars: \(report.calendarsUpserted) added or updated
                """)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the imported services.")
        @Option(help: "Only this directorate's services.") var directorate: String?
        @Option(help: "Search text, ranked as on the portal (any language; inactive services are never found).") var search: String?
        @Flag(help: "Include inactive services (listing only).") var all = false
        @Option(help: "Language of the names, and the searcher's language (nl, fr, en).") var language: Language = .en
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let catalogue = try database.open().catalogue
            let services: [Service]
            if let search {
                services = try await catalogue.search(search, directorateCode: directorate, language: language, for: nil, by: .operator).services.map(\.service)
            } else {
                services = try await catalogue.services(ServiceQuery(directorateCode: directorate, includeInactive: all), by: .operator).map(\.service)
            }
            for service in services {
                let flags = [
                    service.kind.rawValue, Priority.matrix(impact: service.defaultImpact, urgency: service.defaultUrgency).rawValue,
                    service.approval == .lineManager ? "approval" : nil, service.active ? nil : "inactive",
                ].compactMap { $0 }
                print("\(service.code.padding(toLength: 8, withPad: " ", startingAt: 0)) \(service.name.text(in: language))  [\(flags.joined(separator: ", "))]")
            }
            print("\(services.count) service(s)")
        }
    }

    struct SearchEval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search-eval",
            abstract: "Run the search evaluation set against the catalogue files; print the share found in the top 3 and every miss.",
            discussion: """
                Searches the catalogue as loaded from the files (no database), as the portal does. Exits 1 when the \
                share found in the top 3 is under --floor, or when the set or the catalogue has problems.
                """)
        @Argument(help: "Catalogue directory (default: SSP_CATALOG_PATH or ./Catalog).") var directory: String?
        @Option(help: "The evaluation set (default: <catalogue>/eval/search-queries.yaml).") var queries: String?
        @Option(help: "The lowest acceptable share found in the top 3, in percent.") var floor: Double = 0

        func run() async throws {
            let path = directory ?? CatalogOptions.defaultPath
            let catalogue = try loadCatalogue(path)
            let file = queries ?? URL(fileURLWithPath: path).appendingPathComponent("eval/search-queries.yaml").path
            guard let yaml = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("\(file): not readable as UTF-8 text") }
            let (set, problems) = SearchEvaluation.load(yaml: yaml, file: file, catalogue: catalogue)
            guard problems.isEmpty else {
                for problem in problems { printError(problem.description) }
                throw ExitCode.failure
            }
            let search = CatalogueSearch(services: catalogue.services, analyzer: TextAnalyzer(stemmer: SnowballStemmer.shared))
            let outcomes = SearchEvaluation.run(set, on: search)
            for outcome in outcomes where !outcome.foundInTop3 {
                let rank = outcome.rank.map { "rank \($0)" } ?? "not found"
                print(
                    "miss  \(file):\(outcome.query.line)  \"\(outcome.query.text)\" (\(outcome.query.language.rawValue)): expected \(outcome.query.expected.joined(separator: " or ")), \(rank); top 3: \(outcome.top.isEmpty ? "nothing" : outcome.top.joined(separator: ", "))"
                )
            }
            func share(_ count: Int) -> String { String(format: "%d/%d = %.1f %%", count, outcomes.count, 100 * Double(count) / Double(max(outcomes.count, 1))) }
            let top3 = outcomes.filter(\.foundInTop3).count
            print("first: \(share(outcomes.filter { $0.rank == 1 }.count))")
            print("top 3: \(share(top3))")
            print(
                "found at any rank: \(share(outcomes.filter { $0.rank != nil }.count)); services shown per query: \(String(format: "%.1f", Double(outcomes.map(\.count).reduce(0, +)) / Double(max(outcomes.count, 1))))"
            )
            for language in Language.allCases {
                let ofLanguage = outcomes.filter { $0.query.language == language }
                print("  \(language.rawValue): \(ofLanguage.filter(\.foundInTop3).count)/\(ofLanguage.count) in the top 3")
            }
            // The search alone, in this process (no HTTP, no JSON): 10 rounds of the whole set.
            let clock = ContinuousClock()
            var times: [Duration] = []
            for _ in 0..<10 {
                for query in set {
                    let start = clock.now
                    _ = search.search(query.text, language: query.language)
                    times.append(clock.now - start)
                }
            }
            times.sort()
            func microseconds(_ share: Double) -> String {
                let time = times[min(times.count - 1, Int(share * Double(times.count)))]
                return String(format: "%.0f µs", Double(time.components.attoseconds) / 1e12 + Double(time.components.seconds) * 1e6)
            }
            print("search time per query (\(times.count) searches in this process): median \(microseconds(0.5)), p99 \(microseconds(0.99))")
            if 100 * Double(top3) < floor * Double(outcomes.count) {
                printError("top 3 share under the floor of \(floor) %")
                throw ExitCode.failure
            }
        }
    }
}

extension Language: ExpressibleByArgument {}
extension TicketStatus: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {}
