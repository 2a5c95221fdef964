import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore
import SSPStorage

extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}
extension OccupancyGrouping: ExpressibleByArgument {}
extension OccupancyBucket: ExpressibleByArgument {}

/// The date range of a desk report, both days included (local dates of the building).
struct DeskRangeOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD.") var from: LocalDate
    @Option(help: "Last day, YYYY-MM-DD (inclusive; at most 366 days after --from).") var to: LocalDate
    @Option(help: "Building code (needed only when there are several).") var building: String?
    @Option(help: "Highest acceptable peak occupancy, percent (sizes releasable and needed desks).") var target: Double = 90

    func validate() throws {
        do { _ = try Occupancy.target(percent: target) } catch { throw ValidationError("--target is a percentage from 1 to 100") }
    }

    func facts(_ useCases: UseCases) async throws -> OccupancyFacts {
        try await useCases.desks.facts(.operator, building: building, from: from, to: to)
    }
}

struct Desks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Flex desks: inventory, buildings, head-counts, no-show release and occupancy against the 0.6 norm.",
        subcommands: [
            Import.self, Export.self, BuildingCommand.self, OutOfService.self, HeadCounts.self, Release.self,
            Report.self, HeatMap.self, Capacity.self,
        ])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the desk inventory CSV (zones and desks by code; idempotent).",
            discussion: "Columns: \(DeskCSV.columns.joined(separator: ",")). Every problem is reported as file: line N: column: message; nothing is imported then.")
        @Argument(help: "CSV file.") var file: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let report = try await database.open().desks.importInventory(try DeskCSV.parse(try readText(file)), by: .operator)
                print("\(file): \(report.inserted) desks added, \(report.updated) updated, \(report.unchanged) unchanged, in \(report.zones) zones")
            } catch let DeskError.invalid(problems) {
                throw nothingImported(file, problems)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the desk inventory as CSV (the import's format).")
        @Option(help: "Output file (default: standard output).") var output: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try write(DeskCSV.render(try await database.open().desks.exportInventory(by: .operator)), to: output)
        }
    }

    struct BuildingCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "building", abstract: "Show a building's booking settings, or change them with the options given.")
        @Argument(help: "Building code, e.g. IRIS.") var code: String
        @Option(help: "Name.") var name: String?
        @Option(name: .customLong("time-zone"), help: "IANA time zone of the slot times.") var timeZone: String?
        @Option(help: "Business calendar whose business days are open days.") var calendar: String?
        @Option(help: "Morning slot, HH:mm-HH:mm.") var morning: String?
        @Option(help: "Afternoon slot, HH:mm-HH:mm (starts where the morning ends).") var afternoon: String?
        @Option(name: .customLong("check-in-opens"), help: "Minutes before a slot's start that check-in opens.") var checkInOpens: Int?
        @Option(name: .customLong("check-in-deadline"), help: "Minutes after a slot's start by which to check in.") var checkInDeadline: Int?
        @Option(name: .customLong("horizon-days"), help: "How many days ahead staff may book.") var horizonDays: Int?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let desks = try database.open().desks
            let stored = try await desks.storedBuilding(code, by: .operator)
            var building = stored ?? Building(code: code, name: name ?? code)
            func slot(_ text: String, _ option: String) throws -> (Int, Int) {
                let parts = text.split(separator: "-").map(String.init)
                guard parts.count == 2, let from = ClockTime.minutes(parts[0]), let to = ClockTime.minutes(parts[1]) else {
                    throw CLIError("--\(option): expected HH:mm-HH:mm, got '\(text)'")
                }
                return (from, to)
            }
            if let name { building.name = name }
            if let timeZone { building.timeZoneID = timeZone }
            if let calendar { building.calendarID = calendar }
            if let morning { (building.dayStartMinute, building.middayMinute) = try slot(morning, "morning") }
            if let afternoon {
                let (from, to) = try slot(afternoon, "afternoon")
                guard from == building.middayMinute else { throw CLIError("--afternoon must start where the morning ends (\(ClockTime.text(building.middayMinute)))") }
                building.dayEndMinute = to
            }
            if let checkInOpens { building.checkInOpensMinutes = checkInOpens }
            if let checkInDeadline { building.checkInDeadlineMinutes = checkInDeadline }
            if let horizonDays { building.bookingHorizonDays = horizonDays }
            let changes =
                [name, timeZone, calendar, morning, afternoon].contains { $0 != nil }
                || [checkInOpens, checkInDeadline, horizonDays].contains { $0 != nil }
            if changes {
                do { try await desks.saveBuilding(building, by: .operator) } catch let DeskError.invalid(problems) {
                    throw CLIError(problems.map { "building \(code): \($0)" }.joined(separator: "\n"))
                }
            } else if stored == nil {
                throw CLIError("no building \(code) (import the inventory, or give settings to create it)")
            }
            print(
                """
                \(building.code) — \(building.name)
                  time zone: \(building.timeZoneID), open days: business days of \(building.calendarID)
                  morning \(ClockTime.text(building.dayStartMinute))–\(ClockTime.text(building.middayMinute)), afternoon \(ClockTime.text(building.middayMinute))–\(ClockTime.text(building.dayEndMinute))
                  check-in from \(building.checkInOpensMinutes) min before the start until \(building.checkInDeadlineMinutes) min after it
                  bookings up to \(building.bookingHorizonDays) days ahead
                """)
        }
    }

    struct OutOfService: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "out-of-service", abstract: "Put a desk out of service for a period (it leaves the available count), or list the periods.")
        @Option(help: "Desk code.") var desk: String?
        @Option(help: "First day, YYYY-MM-DD.") var from: LocalDate?
        @Option(help: "Last day, YYYY-MM-DD (inclusive).") var to: LocalDate?
        @Option(help: "Why (shown to facilities).") var reason: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let desks = try database.open().desks
            if let desk, let from, let to {
                try await desks.addOutage(DeskOutage(deskCode: desk, from: from, to: to, reason: reason ?? ""), by: .operator)
            } else if from != nil || to != nil {
                throw ValidationError("--desk, --from and --to go together")
            }
            for outage in try await desks.outages(desk: desk, by: .operator) {
                print("\(outage.deskCode)  \(outage.from) – \(outage.to)  \(tty(outage.reason))")
            }
        }
    }

    struct HeadCounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "headcount", abstract: "Head-counts per administration over time (the denominators of attendance and the desk-sharing ratio).",
            subcommands: [List.self, Set.self, Sync.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the head-counts with the day each is valid from.")
            @OptionGroup var database: DatabaseOptions
            func run() async throws {
                for h in try await database.open().desks.headCounts(by: .operator) { print("\(h.administration)\t\(h.validFrom)\t\(h.count)\t\(h.source)") }
            }
        }

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set an administration's head-count from a day on (facilities' figure).")
            @Option(help: "Administration code, e.g. BM.") var administration: String
            @Option(help: "Valid from, YYYY-MM-DD.") var from: LocalDate
            @Option(help: "People.") var count: Int
            @OptionGroup var database: DatabaseOptions
            func run() async throws {
                try await database.open().desks.setHeadCount(
                    HeadCount(administration: administration, validFrom: from, count: count, source: "facilities"), by: .operator)
                print("\(administration): \(count) from \(from)")
            }
        }

        struct Sync: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Take every administration's head-count from the staff directory (active people).")
            @Option(help: "Valid from, YYYY-MM-DD (default: today in Brussels).") var from: LocalDate?
            @OptionGroup var database: DatabaseOptions
            func run() async throws {
                for set in try await database.open().desks.syncHeadCounts(from: from, by: .operator) {
                    print("\(set.administration): \(set.count) from \(set.from)")
                }
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release now the bookings not checked in by their deadline (ssp-server does this every minute).")
        @OptionGroup var database: DatabaseOptions
        func run() async throws {
            print("\(try await database.open().desks.releaseNoShows(by: .operator)) no-show(s) released")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Occupancy against the 0.6 norm per day, week or month and per building, floor, zone or administration.",
            discussion: """
                Per open day: occupancy = checked-in desks / available desks; booking rate = booked desks / available desks;
                no-show rate = no-shows / bookings; attendance = people checked in / head-count; ratio = desks / head-count.
                Averages, peaks and p90 (nearest rank) are over the bucket's open days. Releasable desks keep the peak under --target.
                """)
        @OptionGroup var range: DeskRangeOptions
        @Option(help: "building, floor, zone or administration.") var by: OccupancyGrouping = .building
        @Option(help: "day, week or month.") var bucket: OccupancyBucket = .month
        @Option(help: "text or csv.") var format: String = "text"
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard ["text", "csv"].contains(format) else { throw ValidationError("--format is text or csv") }
        }

        func run() async throws {
            let started = Date()
            let facts = try await range.facts(try database.open())
            let rows = Occupancy.report(facts, by: by, bucket: bucket, target: range.target / 100)
            if format == "csv" {
                print(OccupancyExport.csv(rows, target: range.target / 100), terminator: "")
            } else {
                print(OccupancyExport.text(rows, building: facts.building, target: range.target / 100), terminator: "")
                print("\n\(facts.bookings.count) bookings over \(facts.openDays.count) open days, computed in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            }
        }
    }

    struct HeatMap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heatmap", abstract: "The weekly heat map (weekday × floor, mean occupancy rate) as SVG.")
        @OptionGroup var range: DeskRangeOptions
        @Option(help: "Language of the labels (nl, fr, en).") var language: Language = .nl
        @Option(help: "Output file (default: standard output).") var output: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let facts = try await range.facts(try database.open())
            try write(OccupancyExport.heatMapSVG(Occupancy.heatMap(facts), building: facts.building, from: range.from, to: range.to, language: language), to: output)
        }
    }

    struct Capacity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Desks needed if an administration's head-count changes, or for a new tenant, sized on the observed peak attendance.")
        @OptionGroup var range: DeskRangeOptions
        @Option(help: "Administration whose head-count changes (omit for a new tenant).") var administration: String?
        @Option(parsing: .unconditional, help: "People added (negative: leaving, e.g. --change -40), or the new tenant's size.") var change: Int
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let facts = try await range.facts(try database.open())
            print(
                OccupancyExport.text(
                    try Occupancy.capacity(facts, administration: administration, change: change, target: range.target / 100),
                    target: range.target / 100), terminator: "")
        }
    }
}

/// Writes `text` to `path`, or to standard output without one.
func write(_ text: String, to path: String?) throws {
    guard let path else { return print(text, terminator: "") }
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw CLIError("\(path): cannot write: \(error.localizedDescription)")
    }
    print("\(path): written")
}
