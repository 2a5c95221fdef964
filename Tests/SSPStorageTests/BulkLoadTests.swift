import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// Issue 12: the demo seed's million tickets go through a `BulkLoad`, which must store exactly what
/// the ordinary stores store for the same use cases: the same rows, ids, numbers, clocks, events,
/// comments and surveys.
@Suite("Bulk load")
struct BulkLoadTests {
    /// Ticket lives over three weeks of June 2025 through the use cases: an approval, a rejection,
    /// questions, internal notes, a resolution with its survey answered, a reopen, a confirmation,
    /// a cancellation, auto-close and the SLA scan.
    static func journeys(desk: TicketDesk, surveys: SurveyDesk, clock: ManualClock, people: People) async throws {
        let admin = FileTicketRequest(
            serviceCode: "IT-017", subject: "Admin-rechten", answers: ["reason": .text("Installatie"), "duration_days": .number(30)], channel: .portal)
        func at(_ text: String) { clock.set(Instants.at(text)) }
        for day in 2...20 {
            let date = String(format: "2025-06-%02d", day)
            guard ![.saturday, .sunday].contains(LocalDate(iso: date)!.weekday) else { continue }
            at("\(date)T09:00:00+02:00")
            let laptop = try await desk.file(laptopRequest("Laptop \(day)"), by: day.isMultiple(of: 2) ? people.requesterA : people.requesterB)
            let rights = try await desk.file(admin, by: people.requesterA)
            at("\(date)T09:30:00+02:00")
            if day.isMultiple(of: 5) {
                _ = try await desk.apply(.reject, to: rights.number, by: people.manager, reason: "Niet nodig.")
            } else {
                _ = try await desk.apply(.approve, to: rights.number, by: people.manager)
            }
            if day.isMultiple(of: 6) {
                _ = try await desk.apply(.cancel, to: laptop.number, by: try #require(try await desk.directory.user(id: laptop.requesterID)))
                continue
            }
            at("\(date)T10:00:00+02:00")
            _ = try await desk.assign(laptop.number, to: people.agentIT.email, by: people.agentIT)
            _ = try await desk.apply(.start, to: laptop.number, by: people.agentIT)
            if day.isMultiple(of: 3) {
                _ = try await desk.comment(on: laptop.number, body: "Welk model?", visibility: .reply, by: people.agentIT)
                _ = try await desk.apply(.askRequester, to: laptop.number, by: people.agentIT)
                at("\(date)T11:00:00+02:00")
                let requester = try #require(try await desk.directory.user(id: laptop.requesterID))
                _ = try await desk.comment(on: laptop.number, body: "Een Dell.", visibility: .reply, by: requester)
            }
            _ = try await desk.comment(on: laptop.number, body: "Interne nota.", visibility: .note, by: people.agentIT)
            at("\(date)T14:00:00+02:00")
            _ = try await desk.apply(.resolve, to: laptop.number, by: people.agentIT)
            if let survey = try await surveys.scheduled(of: laptop.number, by: .operator), survey.state == .invited {
                clock.set(survey.invitedAt.addingTimeInterval(3_600))
                let requester = try #require(try await desk.directory.user(id: laptop.requesterID))
                _ = try await surveys.answer(laptop.number, score: day % 5 + 1, comment: "Dank u.", by: requester)
            }
            if day.isMultiple(of: 4) {
                at("\(date)T16:00:00+02:00")
                let requester = try #require(try await desk.directory.user(id: laptop.requesterID))
                _ = try await desk.apply(.reopen, to: laptop.number, by: requester)
            }
            if day == 10 {
                at("2025-06-11T08:00:00+02:00")
                _ = try await desk.apply(.confirm, to: laptop.number, by: try #require(try await desk.directory.user(id: laptop.requesterID)))
            }
            if day == 3 {
                at("2025-06-11T08:30:00+02:00")
                #expect(try await desk.closeResolvedTickets().count == 1)
            }
        }
        at("2025-06-30T12:00:00+02:00")
        while try await !desk.closeResolvedTickets().isEmpty {}
        while try await !desk.scanSLA().isEmpty {}
    }

    static let tables = ["ticket", "ticket_event", "ticket_comment", "survey", "ticket_counter"]

    @Test("the same journeys through the ordinary stores and through a bulk load give the same rows, table by table")
    func sameRows() async throws {
        try await withTemporaryDatabase { ordinary, _ in
            try await withTemporaryDatabase { bulkDatabase, _ in
                let people = try await seedDirectory(ordinary)
                let bulkPeople = try await seedDirectory(bulkDatabase)
                #expect(bulkPeople.requesterA.id == people.requesterA.id)
                let clock = ManualClock(Instants.at("2025-06-02T09:00:00+02:00"))
                let desk = TicketDesk(tickets: ordinary, catalogue: ordinary, directory: ordinary, approvals: ordinary, clock: clock)
                try await Self.journeys(desk: desk, surveys: SurveyDesk(desk: desk, surveys: ordinary), clock: clock, people: people)

                clock.set(Instants.at("2025-06-02T09:00:00+02:00"))
                let bulk = try await BulkLoad.open(bulkDatabase)
                let bulkDesk = TicketDesk(tickets: bulk, catalogue: bulk, directory: bulk, approvals: bulk, clock: clock)
                try await Self.journeys(desk: bulkDesk, surveys: SurveyDesk(desk: bulkDesk, surveys: bulk), clock: clock, people: bulkPeople)
                try await bulk.flush()
                #expect(bulk.pendingRows == 0)

                for table in Self.tables {
                    let expected = try await ordinary.rowsForTesting(table)
                    let loaded = try await bulkDatabase.rowsForTesting(table)
                    #expect(loaded == expected, "\(table)")
                }
                // The search index too: the bulk load writes comments before their tickets, each ticket's
                // document once; the ordinary stores rewrite it at each comment. The same tokens result.
                let index = try await ordinary.searchIndexForTesting()
                #expect(index.count > 30 * 10)
                #expect(try await bulkDatabase.searchIndexForTesting() == index)
                // 15 weekdays (2–6, 9–13, 16–20 June): 30 tickets; 3 laptops cancelled (days 6, 12, 18) and
                // 3 rights requests rejected (days 5, 10, 20), which cancels them.
                let tickets = try await ordinary.rowsForTesting("ticket")
                #expect(tickets.count == 30)
                #expect(tickets.filter { $0.contains("status:\"cancelled\"") }.count == 6)
                #expect(try await ordinary.rowsForTesting("survey").count >= 1)
            }
        }
    }

    @Test("a bulk load refuses a database that has tickets, and refuses to change the directory or the catalogue")
    func refusals() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let bulk = try await BulkLoad.open(db)
            await #expect(throws: StorageError.self) { try await bulk.deactivate([people.requesterA.id]) }
            await #expect(throws: StorageError.self) { try await bulk.setFallbackApprover(people.manager.id, administration: "BM") }
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: ManualClock(Instants.t0))
            _ = try await desk.file(laptopRequest(), by: people.requesterA)
            await #expect(throws: StorageError.self) { try await BulkLoad.open(db) }
        }
    }
}
