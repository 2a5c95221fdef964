// In-process figures of SSP's hot paths (issue 12), with ordo-one/package-benchmark:
//   swift package --package-path Benchmarks benchmark                       (calendar, access, search)
//   SSP_BENCH_DB=/path/demo.sqlite swift package --package-path Benchmarks benchmark   (+ the data set)
// The data-set benchmarks read a `ssp-admin demo seed` database (seeded with --now at 2026-12-01),
// as of 2026-12-01 12:00 Brussels time; they write one PDCA review (FAC, 2026-Q3) if it is missing.
// Each benchmark runs at most 10 s or its iteration limit, whichever comes first.
import Benchmark
import Foundation
import SSPCore
import SSPStorage

let now = Date(timeIntervalSince1970: 1_764_586_800)  // 2026-12-01T12:00:00+01:00

/// The real catalogue's standard calendar shape: Monday–Friday 08:00–17:00 in Brussels, Belgian holidays.
let office: BusinessCalendar = {
    let day = [OpeningWindow(fromMinute: 8 * 60, toMinute: 17 * 60)]
    let name = LocalizedText(nl: "kantoor", fr: "bureau")
    let fixed: [(Int, Int)] = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25), (5, 8)]
    return BusinessCalendar(
        id: "office", name: name, timeZoneID: "Europe/Brussels",
        week: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day],
        holidays: fixed.map { Holiday(rule: .fixed(month: $0.0, day: $0.1), name: name) } + [1, 39, 50].map { Holiday(rule: .easter(offset: $0), name: name) })
}()

struct DataSet: Sendable {
    let useCases: UseCases
    let lead: User
    let quality: User
    /// A staff member without other roles (their own requests only).
    let staff: User
    let review: Int64

    static func open() async throws -> DataSet? {
        guard let path = ProcessInfo.processInfo.environment["SSP_BENCH_DB"] else { return nil }
        let database = try AppDatabase(path: path)
        let useCases = UseCases(database: database, clock: ManualClock(now))
        let people = try await useCases.people.list(limit: 100_000, offset: 0, by: .operator)
        guard let lead = people.first(where: { $0.leads.contains("FAC") }), let quality = people.first(where: { $0.roles.contains(.qualityOfficer) }),
            let staff = people.first(where: { $0.roles.subtracting([.requester]).isEmpty && $0.managerID != nil && $0.active })
        else {
            // Without these people the data-set benchmarks would measure nothing: say so.
            FileHandle.standardError.write(Data("SSP_BENCH_DB: no FAC team lead, quality officer or staff member in \(path)\n".utf8))
            return nil
        }
        let review: Int64
        if let existing = try await database.reviews(scope: "FAC").first(where: { $0.period.label == "2026-Q3" }) {
            review = existing.id
        } else {
            review = try await useCases.reviews.create(scope: "FAC", period: "2026-Q3", by: quality).id
        }
        return DataSet(useCases: useCases, lead: lead, quality: quality, staff: staff, review: review)
    }
}

nonisolated(unsafe) var dataSet: DataSet?

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 100_000)

    Benchmark("calendar: 480 business minutes from a Friday 15:00 over a weekend and a holiday") { benchmark in
        let start = Date(timeIntervalSince1970: 1_747_406_400)  // 2025-05-16T15:00:00+02:00
        for _ in benchmark.scaledIterations { blackHole(office.add(businessMinutes: 480, to: start)) }
    }

    Benchmark("calendar: business minutes over a month") { benchmark in
        let start = Date(timeIntervalSince1970: 1_748_728_800), end = start.addingTimeInterval(30 * 86_400)
        for _ in benchmark.scaledIterations { blackHole(office.businessMinutes(from: start, to: end)) }
    }

    Benchmark("access: an agent's relations to a ticket and the readTicket decision") { benchmark in
        let agent = User(
            id: UserID(7), name: "Agent", email: "agent@sprb.brussels", organisation: "GOB", administration: "BS", language: .fr,
            roles: [.requester, .agent], directorates: ["FAC"], managerID: nil)
        let ticket = Ticket(
            id: TicketID(1), number: TicketNumber(rawValue: "SSP-2026-000001"), serviceCode: "FAC-001", directorateCode: "FAC",
            requesterID: UserID(9), filedByID: UserID(9), assigneeID: nil, channel: .portal, subject: "Bureau", description: "", answers: [:],
            impact: .low, urgency: .low, status: .new, createdAt: now, updatedAt: now, confidential: false, approverID: nil)
        for _ in benchmark.scaledIterations {
            blackHole(Access.allows(.readTicket, Access.relations(of: agent, on: ticket, approvers: [])))
        }
    }

    Benchmark("data set: agent queue, 50 open FAC tickets by due", configuration: .init(maxIterations: 2_000)) { benchmark in
        guard let dataSet else { return }
        let query = TicketQuery(scope: .all, directorateCode: "FAC", openOnly: true, sort: .due, limit: 50)
        for _ in benchmark.scaledIterations { blackHole(try await dataSet.useCases.tickets.list(query, by: dataSet.lead)) }
    }

    // Ticket search: words of the demo's texts, "opgelost" in 92 % of the tickets, "iris tower" in 57 %.
    for (name, words, who) in [
        ("common word 'opgelost', FAC team lead", "opgelost", \DataSet.lead),
        ("two common words 'iris tower', a staff member's own", "iris tower", \DataSet.staff),
        ("prefix of a common word 'opgel*', FAC team lead", "opgel*", \DataSet.lead),
    ] {
        Benchmark("data set: ticket search, \(name), 50 per page", configuration: .init(maxIterations: 2_000)) { benchmark in
            guard let dataSet else { return }
            let query = TicketQuery(scope: .all, text: TicketSearchText(words), limit: 50)
            for _ in benchmark.scaledIterations { blackHole(try await dataSet.useCases.tickets.list(query, by: dataSet[keyPath: who])) }
        }
    }

    Benchmark("data set: catalogue search 'badge perdu' (fr)", configuration: .init(maxIterations: 20_000)) { benchmark in
        guard let dataSet else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try await dataSet.useCases.catalogue.search("badge perdu", language: .fr, for: dataSet.lead, by: dataSet.lead))
        }
    }

    Benchmark("data set: PDCA review report, FAC 2026-Q3 with four earlier quarters", configuration: .init(maxIterations: 50)) { benchmark in
        guard let dataSet else { return }
        for _ in benchmark.scaledIterations { blackHole(try await dataSet.useCases.reviews.report(dataSet.review, by: dataSet.quality)) }
    }

    Benchmark("data set: SLA compliance by month, whole SSP, 12 months", configuration: .init(maxIterations: 20)) { benchmark in
        guard let dataSet, let range = MonthRange(from: "2025-12", to: "2026-11") else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try await dataSet.useCases.tickets.slaCompliance(range, period: .month, by: dataSet.quality))
        }
    }

    Benchmark("data set: occupancy by month over a year of bookings", configuration: .init(maxIterations: 50)) { benchmark in
        guard let dataSet else { return }
        let from = LocalDate(year: 2025, month: 12, day: 1), to = LocalDate(year: 2026, month: 11, day: 30)
        for _ in benchmark.scaledIterations {
            let facts = try await dataSet.useCases.desks.facts(.operator, building: nil, from: from, to: to)
            blackHole(Occupancy.report(facts, by: .building, bucket: .month))
        }
    }

    Benchmark.setup = { dataSet = try await DataSet.open() }
}
