import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore
import SSPStorage

/// `ssp-admin`: administration of an SSP instance (database, catalogue, directory, tokens, tickets, demo data).
/// Every failure prints a message naming the file, line and field where there is one, and exits non-zero.
@main
struct SSPAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssp-admin",
        abstract: "Administer the SSP (Single Service Point) service desk.",
        subcommands: [DB.self, CatalogCommand.self, CalendarCommand.self, SLACommand.self, Surveys.self, Reviews.self, Users.self, Approvals.self, Tokens.self, Tickets.self, Desks.self, Demo.self])
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

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Validate, import and list the service catalogue.",
        subcommands: [Validate.self, Import.self, List.self])

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
        @Option(help: "Search text (any language, accents ignored).") var search: String?
        @Flag(help: "Include inactive services.") var all = false
        @Option(help: "Language of the names (nl, fr, en).") var language: Language = .en
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let services = try await database.open().catalogue.services(
                ServiceQuery(text: search, directorateCode: directorate, includeInactive: all), by: .operator
            ).map(\.service)
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
}

extension Language: ExpressibleByArgument {}
extension TicketStatus: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {}
