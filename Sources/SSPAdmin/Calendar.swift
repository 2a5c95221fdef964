import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore

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
        commandName: "sla", abstract: "Check SLA arithmetic on a calendar before it goes live.", subcommands: [Due.self])

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
