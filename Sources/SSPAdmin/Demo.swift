import ArgumentParser
import Foundation
import SSPCore
import SSPStorage

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Demonstration data.", subcommands: [Seed.self])

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an empty database with the 1,575 GOB staff, agents for every directorate, a year of tickets and the Iris Tower desks with their bookings.",
            discussion: "Deterministic: the same --seed gives the same people and tickets. Imports the catalogue first.")
        @Option(help: "Tickets to file over the past year.") var tickets = 8_000
        @Option(help: "Months of desk bookings before today (plus the next two weeks booked).") var bookingMonths = 6
        @Option(help: "Random seed.") var seed: UInt64 = 2023
        @Option(help: "Seed as if it were this instant, ISO 8601 with offset (2026-06-02T12:00:00+02:00); default: now.") var now: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var catalog: CatalogOptions

        func validate() throws {
            if let now, Brussels.parseISO8601(now) == nil { throw ValidationError("--now: '\(now)' is not an ISO 8601 instant with offset") }
        }

        func run() async throws {
            let useCases = try database.open()
            guard try await useCases.tickets.list(TicketQuery(scope: .all, limit: 1), by: .operator).tickets.isEmpty else {
                throw CLIError("\(database.resolvedPath) already has tickets: demo data goes into an empty database (use another --db)")
            }
            _ = try await useCases.catalogue.importCatalogue(try loadCatalogue(catalog.resolvedPath), by: .operator)
            var generator = DemoGenerator(seed: seed)
            let staff = generator.staff()
            let (report, _) = try await useCases.people.upsert(staff, by: .operator)
            print("staff: \(report.inserted) added, \(report.updated) updated (\(staff.count) in \(DemoGenerator.administrations.count) administrations)")
            let started = Date()
            let now = self.now.flatMap(Brussels.parseISO8601) ?? Date()
            let filed = try await generator.fileTickets(count: tickets, in: database, now: now)
            print("tickets: \(filed) filed over the past year in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            let deskStarted = Date()
            let desks = try await generator.seedDesks(months: bookingMonths, in: useCases, now: now)
            print(
                "desks: \(desks.desks) in \(desks.zones) zones on \(desks.floors) floors of the Iris Tower; \(desks.bookings) bookings over \(desks.days) open days in \(String(format: "%.1f", Date().timeIntervalSince(deskStarted))) s"
            )
        }
    }
}

/// Deterministic demo data (SplitMix64), true to the 2023 activity report's head-counts (FACTS.md).
struct DemoGenerator {
    /// GOB's administrations: code, English name, staff (activity report 2023).
    static let administrations: [(code: String, name: String, staff: Int)] = [
        ("BM", "Brussels Mobility", 493), ("BS", "Brussels Synergy", 362), ("BEE", "Brussels Economy and Employment", 240),
        ("BH", "Brussels Housing", 148), ("BFB", "Brussels Finance and Budget", 121), ("BPL", "Brussels Local Authorities", 104),
        ("BI", "Brussels International", 76), ("BCIT", "Brussels ConnectIT", 31),
    ]
    /// Agents per directorate, and the administration that staffs it (IT support is SSP-IT of ConnectIT).
    static let agents: [(directorate: String, count: Int, administration: String)] = [
        ("IT", 12, "BCIT"), ("HR", 8, "BS"), ("FAC", 8, "BS"), ("TRA", 6, "BS"),
        ("LEG", 4, "BS"), ("COM", 4, "BS"), ("FIN", 5, "BFB"), ("PRE", 3, "BS"),
    ]
    /// Share of tickets per directorate (percent).
    static let volume: [String: Int] = ["IT": 46, "FAC": 20, "HR": 14, "TRA": 7, "FIN": 5, "COM": 3, "LEG": 3, "PRE": 2]

    static let firstNames = [
        "Amélie", "Benoît", "Céline", "Chloé", "Dries", "Élodie", "Émile", "Eva", "François", "Frédéric", "Geneviève", "Hélène",
        "Inès", "Jérôme", "Joëlle", "Jonas", "Lena", "Louis", "Lucas", "Maëlle", "Marie", "Mathéo", "Noé", "Noémie", "Raphaël",
        "Sébastien", "Stéphanie", "Thaïs", "Zoë", "Anaïs", "Arnaud", "Bram", "Daan", "Elif", "Fatima", "Hannah", "Ibrahim",
        "Karim", "Laure", "Lotte", "Mehdi", "Nathalie", "Olivier", "Pieter", "Sofie", "Thomas", "Wout", "Yasmina", "Aïcha", "Gaëtan",
    ]
    static let lastNames = [
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois",
        "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Lefèvre", "Leclercq", "Mercier", "Hendrickx", "Vermeulen", "Van den Broeck",
        "Desmet", "Declercq", "Coppens", "Rousseau", "François", "Delcourt", "Gérard", "Hubert", "Noël", "Bogaert", "Verhoeven",
        "El Amrani", "Benali", "Yılmaz", "Kowalski", "Moreau", "Thiry", "Baert", "Poelaert", "Crèvecœur", "Dewaële", "Müller",
        "Van Acker", "Michiels", "Deprez", "Collignon", "Renard", "Lejeune",
    ]

    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    static func emailPart(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
            .replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "ı", with: "i")
            .filter { $0.isLetter }
    }

    /// 1,575 people: per administration a director-general, one line manager per ~12 staff, and staff;
    /// agents are drawn from the administration that staffs each directorate, the first two of each
    /// (one for directorates of fewer than 5) also its team leads; Brussels Synergy staffs the SSP
    /// counter (4 counter clerks) and the Quality and Performance team (3 quality officers).
    mutating func staff() -> [NewUser] {
        var users: [NewUser] = []
        var used = Set<String>()
        for administration in Self.administrations {
            var managers: [String] = []
            let managerCount = max(1, administration.staff / 12)
            var agentSlots = Self.agents.filter { $0.administration == administration.code }.flatMap { Array(repeating: $0.directorate, count: $0.count) }
            var leadsLeft = Dictionary(uniqueKeysWithValues: Self.agents.map { ($0.directorate, $0.count < 5 ? 1 : 2) })
            var clerksLeft = administration.code == "BS" ? 4 : 0
            var qualityLeft = administration.code == "BS" ? 3 : 0
            for index in 0..<administration.staff {
                let first = pick(Self.firstNames), last = pick(Self.lastNames)
                var email = "\(Self.emailPart(first)).\(Self.emailPart(last))".lowercased()
                var suffix = 1
                while used.contains(email) {
                    suffix += 1
                    email = "\(Self.emailPart(first)).\(Self.emailPart(last))\(suffix)".lowercased()
                }
                used.insert(email)
                email += "@sprb.brussels"
                let language: Language = chance(62) ? .fr : chance(92) ? .nl : .en
                let manager: String? = index == 0 ? nil : index <= managerCount ? managers[0] : pick(managers)
                var roles: Set<Role> = [.requester]
                var directorates: Set<String> = []
                if index > managerCount, let directorate = agentSlots.popLast() {
                    roles.insert(.agent)
                    directorates.insert(directorate)
                    // Facilities agents also manage the desks and read occupancy.
                    if directorate == "FAC" { roles.insert(.facilities) }
                    if leadsLeft[directorate, default: 0] > 0 {
                        roles.insert(.teamLead)
                        leadsLeft[directorate, default: 0] -= 1
                    }
                } else if index > managerCount, clerksLeft > 0 {
                    roles.insert(.counterClerk)
                    clerksLeft -= 1
                } else if index > managerCount, qualityLeft > 0 {
                    roles.insert(.qualityOfficer)
                    qualityLeft -= 1
                }
                if index <= managerCount { managers.append(email) }
                users.append(
                    NewUser(
                        name: "\(first) \(last)", email: email, organisation: "GOB", administration: administration.code,
                        language: language, roles: roles, directorates: directorates, managerEmail: manager))
            }
        }
        return users
    }

    /// Files `count` tickets at business hours over the past year and takes each through a
    /// realistic path (approval, assignment, questions, resolution, survey answer, reopen,
    /// confirmation, cancel), through the same use cases as the API, on a `BulkLoad` that writes
    /// them `batchRows` rows at a time (one transaction each) instead of one transaction per step.
    /// The system closes each resolved ticket 5 business days after its resolution, as the
    /// scheduler would; the SLA scan runs at `now` on what is still open.
    mutating func fileTickets(count: Int, in database: DatabaseOptions, now: Date, batchRows: Int = 50_000) async throws -> Int {
        let clock = ManualClock(now)
        let useCases = try database.open(clock: clock)
        let bulk = try await BulkLoad.open(try database.openDatabase())
        let desk = TicketDesk(tickets: bulk, catalogue: bulk, directory: bulk, approvals: bulk, clock: clock)
        let surveys = SurveyDesk(desk: desk, surveys: bulk)
        let people = try await useCases.people.list(limit: 10_000, offset: 0, by: .operator)
        let clerks = people.filter { $0.roles.contains(.counterClerk) }
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        let managerIDs = Set(people.compactMap(\.managerID))
        var servicesByDirectorate: [String: [Service]] = [:]
        for (service, _) in try await useCases.catalogue.services(ServiceQuery(), by: .operator) {
            servicesByDirectorate[service.directorateCode, default: []].append(service)
        }
        let agentsByDirectorate = Dictionary(grouping: people.filter { $0.roles.contains(.agent) }, by: { $0.directorates.first! })
        guard let calendar = try await useCases.catalogue.calendar(id: "gob-standard", by: .operator) else {
            throw CLIError("the catalogue has no calendar gob-standard")
        }
        let end = now
        let start = end.addingTimeInterval(-365 * 86_400)
        let weighted = Self.volume.sorted { $0.key < $1.key }.flatMap { Array(repeating: $0.key, count: $0.value) }
        var filed = 0
        let instants = (0..<count).map { _ in start.addingTimeInterval(Double(int(0..<(365 * 86_400)))) }.sorted()
        for instant in instants {
            if bulk.pendingRows >= batchRows { bulk.startFlush() }
            let filedAt = calendar.add(businessMinutes: 1, to: instant)
            guard filedAt < end else { continue }
            let directorate = pick(weighted)
            let requester = pick(people)
            let candidates = (servicesByDirectorate[directorate] ?? []).filter {
                $0.audience == .allStaff || managerIDs.contains(requester.id)
            }.filter { $0.approval == .none || requester.managerID != nil }
            guard !candidates.isEmpty, let agents = agentsByDirectorate[directorate] else { continue }
            let service = pick(candidates)
            var answers: [String: FormValue] = [:]
            for field in service.form where field.required || chance(50) {
                switch field.type {
                case .text: answers[field.key] = .text("Iris Tower, \(int(1..<25))e")
                case .longText: answers[field.key] = .text("Zie beschrijving / voir description.")
                case .choice: answers[field.key] = .text(pick(field.options).value)
                case .date: answers[field.key] = .text(calendar.localDate(of: filedAt.addingTimeInterval(Double(int(1..<30)) * 86_400)).description)
                case .number: answers[field.key] = .number(Double(int(1..<10)))
                case .yesNo: answers[field.key] = .bool(chance(50))
                }
            }
            let channel: Channel = chance(70) ? .portal : chance(50) ? .counter : chance(60) ? .phone : .api
            // A confidential ticket is handled by a team lead: other agents of the directorate cannot read it unassigned.
            let leads = agents.filter { $0.leads.contains(directorate) }
            let agent = service.confidential && !leads.isEmpty ? pick(leads) : pick(agents)
            clock.set(filedAt)
            // The SSP counter files what staff bring to the desk or phone in.
            let filer = channel == .counter || channel == .phone ? pick(clerks) : requester
            let ticket = try await desk.file(
                FileTicketRequest(
                    serviceCode: service.code, subject: service.name.text(in: requester.language), description: "",
                    answers: answers, channel: channel, requesterEmail: requester.email), by: filer)
            filed += 1
            let number = ticket.number
            func at(_ minutes: Int) -> Bool {
                let next = calendar.add(businessMinutes: minutes, to: clock.now())
                guard next < end else { return false }
                clock.set(next)
                return true
            }
            if ticket.status == .awaitingApproval {
                guard at(int(30..<600)), let manager = requester.managerID.flatMap({ byID[$0] }) else { continue }
                if chance(7) {
                    _ = try await desk.apply(.reject, to: number, by: manager, reason: "Niet prioritair / pas prioritaire.")
                    continue
                }
                _ = try await desk.apply(.approve, to: number, by: manager)
            }
            if chance(4) {
                guard at(int(5..<240)) else { continue }
                _ = try await desk.apply(.cancel, to: number, by: requester)
                continue
            }
            guard at(int(5..<ticket.priority.demoMinutes)) else { continue }
            _ = try await desk.assign(number, to: agent.email, by: agent)
            guard at(int(5..<ticket.priority.demoMinutes)) else { continue }
            _ = try await desk.apply(.start, to: number, by: agent)
            if chance(15) {
                _ = try await desk.comment(on: number, body: "Kunt u dit verduidelijken? / Pouvez-vous préciser ?", visibility: .reply, by: agent)
                _ = try await desk.apply(.askRequester, to: number, by: agent)
                guard at(int(30..<1_500)) else { continue }
                _ = try await desk.comment(on: number, body: "Bien sûr, voici les détails. / Zeker, hier zijn de details.", visibility: .reply, by: requester)
            }
            if chance(20) { _ = try await desk.comment(on: number, body: "Interne nota / note interne.", visibility: .note, by: agent) }
            guard at(int(30..<(ticket.priority.demoMinutes * 6))) else { continue }
            _ = try await desk.comment(on: number, body: "Opgelost. / Résolu.", visibility: .reply, by: agent)
            _ = try await desk.apply(.resolve, to: number, by: agent)
            // About half of the invited requesters answer, mostly satisfied, with a few comments.
            if let survey = try await surveys.scheduled(of: number, by: .operator), survey.state == .invited, chance(50) {
                let answerAt = survey.invitedAt.addingTimeInterval(Double(int(600..<(5 * 86_400))))
                if answerAt < end {
                    let savedNow = clock.now()
                    clock.set(answerAt)
                    let score = pick([5, 5, 5, 4, 4, 4, 4, 3, 3, 2, 1])
                    let comment: String? = chance(25) ? pick(Self.comments(for: score)) : nil
                    _ = try await surveys.answer(number, score: score, comment: comment, by: requester)
                    clock.set(savedNow)
                }
            }
            if chance(6) {
                guard at(int(30..<2_000)) else { continue }
                _ = try await desk.apply(.reopen, to: number, by: requester)
                guard at(int(30..<1_000)) else { continue }
                _ = try await desk.apply(.resolve, to: number, by: agent)
            }
            if chance(30), at(int(10..<1_200)) { _ = try await desk.apply(.confirm, to: number, by: requester) }
            // The scheduler closes what is still resolved 5 business days after its resolution.
            if let resolved = try await desk.tickets.ticket(number: number), let closing = try await desk.closingInstant(of: resolved), closing < end {
                clock.set(closing)
                _ = try await desk.closeIfDue(number)
            }
        }
        clock.set(end)
        while try await !desk.closeResolvedTickets().isEmpty {}
        while try await !desk.scanSLA().isEmpty {}
        try await bulk.flush()
        return filed
    }
}

extension DemoGenerator {
    /// Survey comments in Dutch and French, by score.
    static func comments(for score: Int) -> [String] {
        score >= 4
            ? ["Snel en vriendelijk geholpen.", "Très bon service, merci !", "Duidelijke uitleg aan de balie.", "Rapide et efficace."]
            : ["Het duurde te lang.", "J'ai dû relancer deux fois.", "Niemand liet iets weten.", "Réponse peu claire."]
    }
}

extension Priority {
    /// Typical business minutes per step in the demo (P1 fast, P5 slow).
    var demoMinutes: Int {
        switch self {
        case .p1: 30
        case .p2: 90
        case .p3: 240
        case .p4: 480
        case .p5: 900
        }
    }
}
