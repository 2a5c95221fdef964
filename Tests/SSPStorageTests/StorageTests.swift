import Foundation
import SSPCatalog
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

private func desk(_ db: AppDatabase, at instant: Date = Instants.t0) -> (TicketDesk, ManualClock) {
    let clock = ManualClock(instant)
    return (TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock), clock)
}

@Suite("Storage")
struct StorageTests {
    @Test("a filed ticket reads back equal from the file, with its number, due times and first event")
    func roundTrip() async throws {
        try await withTemporaryDatabase { db, path in
            // Given the real catalogue and people; Monday 2025-06-02 09:00 CEST
            let people = try await seedDirectory(db)
            let (desk, _) = desk(db)
            // When Anaïs files an IT-002 (medium impact, high urgency → P2: 60 / 480 business minutes)
            let filed = try await desk.file(laptopRequest(), by: people.requesterA)
            // Then it is stored as filed, numbered in the Brussels year, due at 10:00 and 17:00 the same day
            #expect(filed.number.rawValue == "SSP-2025-000001")
            #expect(filed.priority == .p2)
            #expect(filed.firstResponseDueAt == Instants.at("2025-06-02T10:00:00+02:00"))
            #expect(filed.resolutionDueAt == Instants.at("2025-06-02T17:00:00+02:00"))
            let reopened = try AppDatabase(path: path)
            #expect(try await reopened.ticket(number: filed.number) == filed)
            let events = try await reopened.events(of: filed.id)
            #expect(events.map(\.kind) == [.filed])
            #expect(events.first?.payload == ["channel": "portal", "priority": "P2", "service": "IT-002"])
        }
    }

    @Test("the event log is append-only: UPDATE and DELETE are refused by the database")
    func appendOnly() async throws {
        try await withTemporaryDatabase { db, path in
            let people = try await seedDirectory(db)
            _ = try await desk(db).0.file(laptopRequest(), by: people.requesterA)
            for sql in ["UPDATE ticket_event SET kind = 'filed'", "DELETE FROM ticket_event"] {
                let result = try await db.executeForTesting(sql)
                #expect(result?.contains("append-only") == true, "\(sql)")
            }
            let ticket = try #require(try await db.ticket(number: TicketNumber(year: 2025, sequence: 1)))
            #expect(try await db.events(of: ticket.id).count == 1)
        }
    }

    @Test("50 concurrent filings get 50 distinct consecutive numbers")
    func concurrentNumbers() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let (desk, _) = desk(db)
            let numbers = try await withThrowingTaskGroup(of: TicketNumber.self) { group in
                for i in 0..<50 { group.addTask { try await desk.file(laptopRequest("Laptop \(i)"), by: people.requesterA).number } }
                return try await group.reduce(into: [TicketNumber]()) { $0.append($1) }
            }
            #expect(Set(numbers).count == 50)
            #expect(Set(numbers.map(\.rawValue)) == Set((1...50).map { TicketNumber(year: 2025, sequence: $0).rawValue }))
        }
    }

    @Test("a submission key files once: 20 concurrent sends give one ticket; another key, another filer or other contents file anew")
    func submissionKey() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let (desk, _) = desk(db)
            var request = laptopRequest()
            request.submissionKey = "form-7f3a"
            let sent = request
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await desk.file(sent, by: people.requesterA).number.rawValue } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(numbers) == ["SSP-2025-000001"])
            #expect(try await db.tickets(TicketQuery(scope: .all)).tickets.count == 1)
            #expect(try await db.rowsForTesting("ticket_event").count == 1)
            // The same key from someone else, or another key: new tickets.
            #expect(try await desk.file(request, by: people.requesterB).number.rawValue == "SSP-2025-000002")
            request.submissionKey = "form-8b21"
            #expect(try await desk.file(request, by: people.requesterA).number.rawValue == "SSP-2025-000003")
            // The first key with another subject (the form changed after going back): a new ticket;
            // sent again, that one keeps no key and files once more, while the first key still finds the first.
            request.submissionKey = "form-7f3a"
            request.subject = "Laptop start niet, tweede"
            #expect(try await desk.file(request, by: people.requesterA).number.rawValue == "SSP-2025-000004")
            request.subject = "Laptop start niet"
            #expect(try await desk.file(request, by: people.requesterA).number.rawValue == "SSP-2025-000001")
            // The database keeps one ticket per filer and key.
            let duplicate = try await db.executeForTesting(
                "INSERT INTO ticket_submission(filer_id, key, ticket_id, created_at) VALUES (\(people.requesterA.id.rawValue), 'form-7f3a', 4, 0)")
            #expect(duplicate?.contains("UNIQUE constraint failed") == true)
            request.submissionKey = String(repeating: "k", count: 101)
            await #expect(throws: TicketError.self) { try await desk.file(request, by: people.requesterA) }
        }
    }

    @Test("cursor pagination returns every ticket exactly once while tickets are filed between pages")
    func cursorPagination() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let (desk, clock) = desk(db)
            // Given 25 tickets, two per instant so that ties are broken by id
            var existing: [TicketNumber] = []
            for i in 0..<25 {
                if i % 2 == 0 { clock.advance(by: 60) }
                existing.append(try await desk.file(laptopRequest("T\(i)"), by: people.requesterA).number)
            }
            // When paging by 10, filing 3 new tickets before each next page
            var seen: [TicketNumber] = []
            var cursor: TicketCursor?
            var pages = 0
            repeat {
                let page = try await desk.list(TicketQuery(scope: .all, after: cursor, limit: 10), by: people.agentIT)
                seen += page.tickets.map(\.number)
                cursor = page.next
                pages += 1
                for j in 0..<3 {
                    clock.advance(by: 1)
                    _ = try await desk.file(laptopRequest("new \(pages).\(j)"), by: people.requesterA)
                }
            } while cursor != nil && pages < 10
            // Then the 25 that existed came once each, newest first, in 3 pages
            #expect(pages == 3)
            #expect(seen == existing.reversed())
        }
    }

    @Test("catalogue import is idempotent; changed texts update in place; dropped services become inactive, tickets keep them")
    func catalogueImport() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            var catalogue = CatalogueLoader.load(directory: Repository.catalog).catalogue
            // Re-import of the same files changes nothing
            #expect(try await db.importCatalogue(catalogue).isUnchanged)
            let ticket = try await desk(db).0.file(laptopRequest(), by: people.requesterA)
            // A changed text updates; a dropped service is deactivated, not deleted
            let index = catalogue.services.firstIndex { $0.code == "IT-003" }!
            catalogue.services[index].name.fr = "Débloquer mon compte"
            catalogue.services.removeAll { $0.code == "IT-002" }
            var report = try await db.importCatalogue(catalogue)
            #expect(report.servicesUpdated == 1)
            #expect(report.servicesDeactivated == 1)
            #expect(report.servicesInserted == 0)
            #expect(try await db.service(code: "IT-003")?.name.fr == "Débloquer mon compte")
            #expect(try await db.service(code: "IT-002")?.active == false)
            #expect(try await db.services(ServiceQuery()).count == 153)  // 155 − IT-002 − the already inactive IT-042
            #expect(try await db.ticket(number: ticket.number)?.serviceCode == "IT-002")
            report = try await db.importCatalogue(catalogue)
            #expect(report.isUnchanged)
        }
    }

    @Test("the catalogue revision moves with every import that changes something, and each instance's search follows it")
    func catalogueRevision() async throws {
        try await withTemporaryDatabase { db, _ in
            _ = try await seedDirectory(db)
            // Two instances on one database: each keeps its own search index.
            let first = UseCases(database: db, clock: ManualClock(Instants.t0))
            let second = UseCases(database: db, clock: ManualClock(Instants.t0))
            let revision = try await db.catalogueRevision()
            #expect(try await second.catalogue.search("fietsvergoeding", language: .nl, for: nil, by: .operator).services.first?.service.code == "HR-028")
            var catalogue = CatalogueLoader.load(directory: Repository.catalog).catalogue
            #expect(try await db.importCatalogue(catalogue).isUnchanged)
            #expect(try await db.catalogueRevision() == revision)
            // A renamed service is found under its new name by the other instance at once.
            let index = catalogue.services.firstIndex { $0.code == "HR-028" }!
            catalogue.services[index].name.nl = "Velopremie"
            catalogue.services[index].description.nl = "Een premie per fietskilometer."
            catalogue.services[index].keywords.nl = ["tweewieler"]
            _ = try await first.catalogue.importCatalogue(catalogue, by: .operator)
            #expect(try await db.catalogueRevision() == revision + 1)
            #expect(try await second.catalogue.search("velopremie", language: .nl, for: nil, by: .operator).services.map(\.service.code) == ["HR-028"])
            #expect(try await second.catalogue.search("tweewieler", language: .nl, for: nil, by: .operator).services.map(\.service.code) == ["HR-028"])
            // A dropped service is no longer found (inactive services never are).
            catalogue.services.removeAll { $0.code == "IT-044" }
            _ = try await first.catalogue.importCatalogue(catalogue, by: .operator)
            #expect(try await db.catalogueRevision() == revision + 2)
            #expect(!(try await second.catalogue.search("laptop gestolen", language: .nl, for: nil, by: .operator).services.map(\.service.code).contains("IT-044")))
            #expect(try await db.services(ServiceQuery(directorateCode: "TRA")).count == 10)
        }
    }

    @Test("a directorate has at most one active general service: the database refuses a second, and the flag can move")
    func oneGeneralService() async throws {
        try await withTemporaryDatabase { db, _ in
            _ = try await seedDirectory(db)
            #expect(try await db.services(ServiceQuery(directorateCode: "HR")).filter(\.general).map(\.code) == ["HR-030"])
            // The constraint itself, without the loader's check: a second general HR service is refused.
            var catalogue = CatalogueLoader.load(directory: Repository.catalog).catalogue
            let hr007 = catalogue.services.firstIndex { $0.code == "HR-007" }!
            catalogue.services[hr007].general = true
            await #expect(throws: (any Error).self) { try await db.importCatalogue(catalogue) }
            #expect(try await db.services(ServiceQuery(directorateCode: "HR")).filter(\.general).map(\.code) == ["HR-030"])
            // Moving the flag from HR-030 to HR-007 in one import works (the old flag goes first).
            let hr030 = catalogue.services.firstIndex { $0.code == "HR-030" }!
            catalogue.services[hr030].general = false
            _ = try await db.importCatalogue(catalogue)
            #expect(try await db.services(ServiceQuery(directorateCode: "HR")).filter(\.general).map(\.code) == ["HR-007"])
        }
    }

    @Test("directory import resolves managers after all rows, and rolls back entirely on an unknown manager")
    func directory() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            #expect(people.requesterA.managerID == people.manager.id)
            #expect(try await db.isManager(people.manager.id))
            #expect(!(try await db.isManager(people.requesterB.id)))
            let before = try await db.users(limit: 100, offset: 0)
            let error = await #expect(throws: TicketError.self) {
                try await db.upsertUsers([
                    NewUser(
                        name: "Nieuw", email: "nieuw@sprb.brussels", organisation: "GOB", administration: nil, language: .nl,
                        roles: [], directorates: [], managerEmail: "nobody@sprb.brussels")
                ])
            }
            #expect(error == .invalid([FieldProblem(field: "row 1: manager", message: "no user with e-mail nobody@sprb.brussels")]))
            #expect(try await db.users(limit: 100, offset: 0) == before)
            // Re-importing the same person changes nothing
            let again = try await db.upsertUsers([
                NewUser(
                    name: "Bram Coppens", email: "BRAM.COPPENS@sprb.brussels", organisation: "GOB", administration: "BH", language: .nl,
                    roles: [], directorates: [], managerEmail: nil)
            ])
            #expect(again.unchanged == 1)
        }
    }

    @Test("tokens authenticate until revoked; only their hash is stored")
    func tokens() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let (token, secret) = try await db.createToken(for: people.agentIT.id, name: "test", at: Instants.t0)
            #expect(secret.hasPrefix("ssp_"))
            #expect(secret.count == 47)
            #expect(try await db.authenticate(secret: secret)?.email == people.agentIT.email)
            #expect(try await db.authenticate(secret: secret + "x") == nil)
            #expect(try await db.executeForTesting("SELECT 1 FROM api_token WHERE token_hash = '\(secret)'") == nil)
            #expect(try await db.revokeToken(id: token.id, at: Instants.t0))
            #expect(try await db.authenticate(secret: secret) == nil)
            #expect(!(try await db.revokeToken(id: token.id, at: Instants.t0)))
        }
    }

    @Test("resolved tickets close 5 business days later, by the system, and not before")
    func autoClose() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            // Given a ticket resolved on Friday 2025-06-06 14:00 CEST (Whit Monday 9 June is a holiday)
            let (desk, clock) = desk(db, at: Instants.at("2025-06-06T10:00:00+02:00"))
            let number = try await desk.file(laptopRequest(), by: people.requesterA).number
            _ = try await desk.assign(number, to: people.agentIT.email, by: people.agentIT)
            clock.set(Instants.at("2025-06-06T14:00:00+02:00"))
            _ = try await desk.apply(.resolve, to: number, by: people.agentIT)
            // When the scan runs just before Monday 16 June 14:00, nothing closes; at 14:00 it does
            clock.set(Instants.at("2025-06-16T13:59:59+02:00"))
            #expect(try await desk.closeResolvedTickets() == [])
            clock.set(Instants.at("2025-06-16T14:00:00+02:00"))
            #expect(try await desk.closeResolvedTickets() == [number])
            let ticket = try await db.ticket(number: number)
            #expect(ticket?.status == .closed)
            #expect(ticket?.closedAt == Instants.at("2025-06-16T14:00:00+02:00"))
            let last = try await db.events(of: ticket!.id).last
            #expect(last?.actorID == nil)
            #expect(last?.payload["action"] == "close")
            #expect(try await desk.closeResolvedTickets() == [])
        }
    }
}
