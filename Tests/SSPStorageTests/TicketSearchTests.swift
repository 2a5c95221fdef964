import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@Suite("Ticket search: the words typed")
struct TicketSearchTextTests {
    @Test("words are runs of letters and digits; *, quotes, -, ( and operators are plain text or separators")
    func terms() {
        let text = TicketSearchText(#"  Imprim* "cassée" -toner AND NEAR(x, 2) {subject}:écran^ a* "#)
        #expect(
            text.terms == [
                .init("Imprim", isPrefix: true), .init("cassée"), .init("toner"), .init("AND"), .init("NEAR"), .init("x"), .init("2"),
                .init("subject"),
            ])
        #expect(text.number == nil)
        // The ninth word on is ignored; a one-letter prefix is a whole word.
        #expect(TicketSearchText("écran^ a* b").terms == [.init("écran"), .init("a"), .init("b")])
        #expect(TicketSearchText("1 2 3 4 5 6 7 8 9 10").terms.map(\.text) == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(TicketSearchText("laptop*").description == "laptop*")
    }

    @Test("a ticket number alone, in any case, is that number; inside other words it is three words")
    func number() {
        #expect(TicketSearchText(" ssp-2026-000123 ").number == TicketNumber(year: 2026, sequence: 123))
        #expect(TicketSearchText(" ssp-2026-000123 ").terms == [])
        #expect(TicketSearchText("SSP-2026-000123 printer").number == nil)
        #expect(TicketSearchText("SSP-2026-000123 printer").terms.map(\.text) == ["SSP", "2026", "000123", "printer"])
    }

    @Test("input with no word is empty: quotes, stars, dashes, emoji only")
    func empty() {
        for input in ["", "   ", "\"", "*", "-- -", "\"\"*", "😀 ✓", "(((", "\u{0}"] {
            #expect(TicketSearchText(input).isEmpty, "\(input)")
        }
        #expect(!TicketSearchText("x").isEmpty)
    }
}

@Suite("Ticket search: within what each person may read")
struct TicketSearchTests {
    struct World {
        var db: AppDatabase
        var people: People
        var desk: TicketDesk
        var anais: Ticket
        var bram: Ticket
        var rights: Ticket
    }

    /// Anaïs's laptop ticket (a reply and an internal note on it), Bram's printer ticket, and
    /// Anaïs's request for admin rights awaiting her manager Pieter's approval.
    func withWorld(_ body: (World) async throws -> Void) async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            let anais = try await desk.file(
                FileTicketRequest(
                    serviceCode: "IT-002", subject: "Écran noir au démarrage", description: "Le portable reste noir.",
                    answers: ["asset_tag": .text("GOB-12345"), "problem": .text("Zwart scherm"), "can_work": .bool(false)], channel: .portal),
                by: people.requesterA)
            clock.advance(by: 60)
            _ = try await desk.comment(on: anais.number, body: "Nous passons à votre bureau demain.", visibility: .reply, by: people.agentIT)
            clock.advance(by: 60)
            _ = try await desk.comment(on: anais.number, body: "Carte mère à remplacer, toner ok.", visibility: .note, by: people.agentIT)
            clock.advance(by: 60)
            let bram = try await desk.file(
                FileTicketRequest(
                    serviceCode: "IT-002", subject: "Printer drukt zwarte strepen", description: "Toner vervangen helpt niet.",
                    answers: ["asset_tag": .text("GOB-777"), "problem": .text("Strepen"), "can_work": .bool(true)], channel: .portal),
                by: people.requesterB)
            clock.advance(by: 60)
            let rights = try await desk.file(
                FileTicketRequest(
                    serviceCode: "IT-017", subject: "Adminrechten voor QGIS", answers: ["reason": .text("Installatie QGIS"), "duration_days": .number(30)],
                    channel: .portal),
                by: people.requesterA)
            try await body(World(db: db, people: people, desk: desk, anais: anais, bram: bram, rights: rights))
        }
    }

    func found(_ world: World, _ input: String, by user: User) async throws -> [String] {
        try await world.desk.list(TicketQuery(scope: .all, text: TicketSearchText(input)), by: user).tickets.map(\.subject)
    }

    /// Expects `user`'s search for `input` to find the tickets of these subjects, newest first.
    func expect(_ world: World, _ input: String, by user: User, _ subjects: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let found = try await found(world, input, by: user)
        #expect(found == subjects, "\(input)", sourceLocation: sourceLocation)
    }

    @Test("staff find their own tickets only; agents of IT find both; an agent of HR finds none of IT's")
    func scope() async throws {
        try await withWorld { w in
            // "GOB" is in both asset tags; "toner" in Bram's description and in the note on Anaïs's.
            try await expect(w, "gob", by: w.people.requesterA, ["Écran noir au démarrage"])
            try await expect(w, "gob", by: w.people.requesterB, ["Printer drukt zwarte strepen"])
            try await expect(w, "gob", by: w.people.agentIT, ["Printer drukt zwarte strepen", "Écran noir au démarrage"])
            try await expect(w, "gob", by: w.people.agentHR, [])
            try await expect(w, "gob", by: w.people.admin, ["Printer drukt zwarte strepen", "Écran noir au démarrage"])
        }
    }

    @Test("internal notes match for agents and administrators only")
    func notes() async throws {
        try await withWorld { w in
            try await expect(w, "mère", by: w.people.agentIT, ["Écran noir au démarrage"])
            try await expect(w, "mère", by: w.people.admin, ["Écran noir au démarrage"])
            try await expect(w, "mère", by: w.people.requesterA, [])
            // Bram's own word matches his ticket; the note's "toner" does not give Anaïs's ticket to her.
            try await expect(w, "toner", by: w.people.requesterA, [])
            try await expect(w, "toner", by: w.people.agentIT, ["Printer drukt zwarte strepen", "Écran noir au démarrage"])
            // Replies are public: the requester finds her ticket by the agent's reply.
            try await expect(w, "bureau demain", by: w.people.requesterA, ["Écran noir au démarrage"])
        }
    }

    @Test("case and accents do not matter; every word must occur; word* is a prefix")
    func matching() async throws {
        try await withWorld { w in
            let agent = w.people.agentIT
            try await expect(w, "ECRAN demarrage", by: agent, ["Écran noir au démarrage"])
            try await expect(w, "écran strepen", by: agent, [])
            try await expect(w, "zwart", by: agent, ["Écran noir au démarrage"])  // the answer "Zwart scherm"
            try await expect(w, "zwart*", by: agent, ["Printer drukt zwarte strepen", "Écran noir au démarrage"])
            try await expect(w, "print", by: agent, [])
            try await expect(w, "PRINT*", by: agent, ["Printer drukt zwarte strepen"])
            try await expect(w, "qgis 30", by: w.people.requesterA, ["Adminrechten voor QGIS"])  // text and number answers
        }
    }

    @Test("a ticket number finds that ticket for those who may read it, and nothing for others")
    func number() async throws {
        try await withWorld { w in
            let number = w.anais.number.rawValue
            try await expect(w, number.lowercased(), by: w.people.requesterA, ["Écran noir au démarrage"])
            try await expect(w, number, by: w.people.agentIT, ["Écran noir au démarrage"])
            try await expect(w, number, by: w.people.requesterB, [])
            try await expect(w, number, by: w.people.agentHR, [])
            // Its digits alone are a word of the number.
            try await expect(w, String(number.suffix(6)), by: w.people.requesterA, ["Écran noir au démarrage"])
        }
    }

    @Test("the approver finds the request awaiting their decision, and loses it once decided")
    func approver() async throws {
        try await withWorld { w in
            try await expect(w, "qgis", by: w.people.manager, ["Adminrechten voor QGIS"])
            try await expect(w, "écran", by: w.people.manager, [])
            _ = try await w.desk.apply(.approve, to: w.rights.number, by: w.people.manager)
            try await expect(w, "qgis", by: w.people.manager, [])
            try await expect(w, "qgis", by: w.people.agentIT, ["Adminrechten voor QGIS"])
        }
    }

    @Test("a confidential ticket is found by its requester, not by the directorate's agents")
    func confidential() async throws {
        try await withWorld { w in
            let sick = try await w.desk.file(
                FileTicketRequest(
                    serviceCode: "HR-008", subject: "Ziektebriefje griep",
                    answers: [
                        "start_date": .date(LocalDate(year: 2025, month: 6, day: 2)), "end_date": .date(LocalDate(year: 2025, month: 6, day: 4)),
                        "may_leave_home": .bool(false),
                    ], channel: .portal),
                by: w.people.requesterB)
            #expect(sick.confidential)
            try await expect(w, "griep", by: w.people.requesterB, ["Ziektebriefje griep"])
            try await expect(w, "griep", by: w.people.agentHR, [])
            try await expect(w, sick.number.rawValue, by: w.people.agentHR, [])
            try await expect(w, "griep", by: w.people.admin, ["Ziektebriefje griep"])
        }
    }

    @Test("pages follow the cursor, newest first, and filters narrow the search")
    func paging() async throws {
        try await withWorld { w in
            let agent = w.people.agentIT
            let first = try await w.desk.list(TicketQuery(scope: .all, text: TicketSearchText("gob"), limit: 1), by: agent)
            #expect(first.tickets.map(\.number) == [w.bram.number])
            let second = try await w.desk.list(TicketQuery(scope: .all, text: TicketSearchText("gob"), after: first.next, limit: 1), by: agent)
            #expect(second.tickets.map(\.number) == [w.anais.number])
            #expect(second.next == nil)
            let bramOnly = try await w.desk.list(TicketQuery(scope: .all, requesterID: w.people.requesterB.id, text: TicketSearchText("gob")), by: agent)
            #expect(bramOnly.tickets.map(\.number) == [w.bram.number])
            let awaiting = try await w.desk.list(TicketQuery(scope: .all, status: .awaitingApproval, text: TicketSearchText("gob qgis")), by: agent)
            #expect(awaiting.tickets == [])
            await #expect(throws: TicketError.self) {
                _ = try await w.desk.list(TicketQuery(scope: .all, sort: .due, text: TicketSearchText("gob")), by: agent)
            }
        }
    }

    @Test("no input is an error: FTS5 syntax, unbalanced quotes, lone operators, very long input")
    func hostileInput() async throws {
        try await withWorld { w in
            let inputs = [
                "\"", "*", "-", "AND", "OR", "NOT", "NEAR(", "NEAR(a b", "a OR b", "\"unbalanced", "{subject}:x", "subject:x", "^x", "x^",
                "a + b", "'; DROP TABLE ticket; --", "😀", "\u{301}", String(repeating: "écran ", count: 400), "SSP-9999-999999", "ssp-2026-12",
            ]
            for input in inputs {
                for user in [w.people.requesterA, w.people.agentIT, w.people.admin, w.people.manager] {
                    _ = try await found(w, input, by: user)
                }
            }
            try await expect(w, "NEAR(écran", by: w.people.agentIT, [])
            try await expect(w, "'écran' -noir", by: w.people.agentIT, ["Écran noir au démarrage"])
            #expect(try await w.db.ticket(number: w.anais.number) != nil)
        }
    }

    @Test("the index follows every comment: words of older comments stay found, the index stays sound")
    func indexFollowsComments() async throws {
        try await withWorld { w in
            for index in 1...5 {
                _ = try await w.desk.comment(on: w.bram.number, body: "Update \(index): woord\(index)", visibility: index.isMultiple(of: 2) ? .note : .reply, by: w.people.agentIT)
            }
            for index in 1...5 {
                try await expect(w, "woord\(index)", by: w.people.agentIT, ["Printer drukt zwarte strepen"])
                try await expect(w, "woord\(index)", by: w.people.requesterB, (index.isMultiple(of: 2) ? [] : ["Printer drukt zwarte strepen"]))
            }
            #expect(try await w.db.executeForTesting("INSERT INTO ticket_search(ticket_search, rank) VALUES ('integrity-check', 0)") == nil)
        }
    }
}
