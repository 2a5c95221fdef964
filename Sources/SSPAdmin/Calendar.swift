import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore
import SSPStorage

/// Reads one calendar of the catalogue directory (validated first).
private func calendar(_ id: String, catalog: String) throws -> BusinessCalendar {
    let catalogue = try loadCatalogue(catalog)
    guard let calendar = catalogue.calendars.first(where: { $0.id == id }) else {
        throw CLIError("\(catalog)/\(CatalogueLoader.calendarsFile): no calendar '\(id)' (known: \(catalogue.calendars.map(\.id).sorted().joined(separator: ", ")))")
    }
    return calendar
}

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Business-hours calendars of the catalogue.", subcommands: [Holidays.self])

    struct Holidays: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a calendar's holidays of one year (dates in the calendar's zone).")
        @Option(help: "Year, e.g. 2026.") var year: Int
        @Option(name: .customLong("calendar"), help: "Calendar id.") var calendarID = "gob-standard"
        @Option(help: "Language of the names (nl, fr, en).") var language: Language = .en
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            guard (1583...9999).contains(year) else { throw ValidationError("--year must be a Gregorian year (1583–9999)") }
        }

        func run() async throws {
            let calendar = try calendar(calendarID, catalog: catalog.resolvedPath)
            let holidays = calendar.holidays(in: year)
            for holiday in holidays {
                let weekday = calendar.weekday(of: holiday.date).rawValue.prefix(3).capitalized
                print("\(holiday.date)  \(weekday)  \(holiday.name.text(in: language))")
            }
            print("\(holidays.count) holiday(s) in \(year) on \(calendar.id)")
        }
    }
}

struct SLACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla", abstract: "SLA arithmetic, the SLA scan and the compliance report.", subcommands: [Due.self, Scan.self, Report.self])

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The due instant of a target in business minutes, with optional pauses.",
            discussion: "Example: ssp-admin sla due --from 2025-10-24T15:00:00+02:00 --minutes 960 → 2025-10-28T13:00:00+01:00")
        @Option(help: "Start instant, ISO 8601 with offset.") var from: String
        @Option(help: "Target in business minutes.") var minutes: Int
        @Option(name: .customLong("calendar"), help: "Calendar id.") var calendarID = "gob-standard"
        @Option(help: "A pause FROM/TO (ISO 8601 instants with offset); repeatable.") var pause: [String] = []
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            guard Brussels.parseISO8601(from) != nil else { throw ValidationError("--from '\(from)' is not an ISO 8601 instant with offset") }
            guard minutes > 0 else { throw ValidationError("--minutes must be a positive number of business minutes") }
            for text in pause { _ = try Self.interval(text) }
        }

        static func interval(_ text: String) throws -> (Date, Date) {
            let parts = text.split(separator: "/").map(String.init)
            guard parts.count == 2, let start = Brussels.parseISO8601(parts[0]), let end = Brussels.parseISO8601(parts[1]), end > start else {
                throw ValidationError("--pause '\(text)' must be FROM/TO, two ISO 8601 instants with offset, FROM before TO")
            }
            return (start, end)
        }

        func run() async throws {
            let calendar = try calendar(calendarID, catalog: catalog.resolvedPath)
            var clock = SLAClock(kind: .resolution, targetMinutes: minutes, start: Brussels.parseISO8601(from)!)
            for (start, end) in try pause.map(Self.interval).sorted(by: { $0.0 < $1.0 }) {
                // A pause that starts after the target is reached changes nothing.
                guard let due = clock.dueAt(on: calendar), due > start else { break }
                clock.pause(at: start, on: calendar)
                clock.resume(at: end)
            }
            print(Brussels.iso8601(clock.dueAt(on: calendar)!))
        }
    }
}

extension ReportPeriod: ExpressibleByArgument {}

extension SLACommand {
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the SLA scan now (ssp-server runs it each minute): mark at-risk and breached clocks, escalate.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let desk = try database.open().tickets
            let started = ContinuousClock.now
            var marked = 0
            while true {
                let batch = try await desk.scanSLA()
                marked += batch.count
                if batch.isEmpty { break }
            }
            let elapsed = ContinuousClock.now - started
            print("\(marked) ticket(s) newly at risk or breached, in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "SLA compliance as CSV: per directorate, service, priority and Brussels month or quarter.",
            discussion: "Counts tickets resolved in the months (cancelled ones never); met = resolution within target in business minutes; percentiles are nearest-rank.")
        @OptionGroup var months: ReportRangeOptions
        @Option(help: "month or quarter.") var period: ReportPeriod = .month
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows = try await database.open().tickets.slaCompliance(months.range, period: period, directorate: months.directorate, by: .operator)
            print(SLACompliance.csv(rows), terminator: "")
        }
    }
}
