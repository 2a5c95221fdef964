import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// Issue 12: no request path reads every ticket, event, comment, survey or booking. Each test runs
/// the real use case or store call on a recording database and asserts SQLite's plan of every
/// `SELECT` it ran: the large tables are only searched through an index, never scanned.
@Suite("Query plans of the request paths")
struct QueryPlanTests {
    /// Tables that grow with the years (a million tickets and more).
    static let large = ["ticket", "ticket_event", "ticket_comment", "survey", "booking"]

    /// The plan lines that read one of the large tables from end to end (`SCAN ticket`, also
    /// `SCAN ticket USING INDEX …`, which walks the whole index).
    static func fullScans(_ statements: [(sql: String, plan: [String])]) -> [String] {
        statements.flatMap { statement in
            statement.plan.filter { line in
                large.contains { line.hasPrefix("SCAN \($0) ") || line == "SCAN \($0)" || line.hasPrefix("SCAN \($0) AS") }
            }.map { "\($0)  ←  \(statement.sql)" }
        }
    }

    func withRecordingDatabase(_ body: (AppDatabase, People, TicketDesk, ManualClock) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssp-plan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try AppDatabase(path: directory.appendingPathComponent("ssp.sqlite").path, recordingStatements: true)
        let people = try await seedDirectory(db)
        let clock = ManualClock(Instants.at("2025-06-12T10:00:00+02:00"))
        let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
        // A few tickets in two directorates, one resolved (with its survey), one cancelled.
        for index in 0..<6 {
            let ticket = try await desk.file(laptopRequest("Laptop \(index)"), by: index.isMultiple(of: 2) ? people.requesterA : people.requesterB)
            if index == 1 {
                _ = try await desk.assign(ticket.number, to: people.agentIT.email, by: people.agentIT)
                _ = try await desk.apply(.start, to: ticket.number, by: people.agentIT)
                _ = try await desk.comment(on: ticket.number, body: "Opgelost.", visibility: .reply, by: people.agentIT)
                _ = try await desk.apply(.resolve, to: ticket.number, by: people.agentIT)
            }
            if index == 2 { _ = try await desk.apply(.cancel, to: ticket.number, by: people.requesterA) }
        }
        try await body(db, people, desk, clock)
    }

    @Test("the agent queue reads a directorate's open tickets in due order from ticket_open_due, without sorting")
    func queue() async throws {
        try await withRecordingDatabase { db, people, desk, _ in
            var page: TicketPage?
            let statements = try await db.recordStatements {
                page = try await desk.list(TicketQuery(scope: .all, directorateCode: "IT", openOnly: true, sort: .due, limit: 50), by: people.agentIT)
            }
            // 6 IT-002 tickets filed, one resolved and one cancelled: 4 open ones.
            #expect(page?.tickets.count == 4)
            let queue = try #require(statements.first { $0.sql.contains("FROM ticket ") })
            #expect(queue.plan.contains { $0.hasPrefix("SEARCH ticket USING INDEX ticket_open_due (directorate_code=?") })
            #expect(!queue.plan.contains { $0.contains("TEMP B-TREE") })
            #expect(Self.fullScans(statements) == [])

            // The next page from a cursor: the same index, a range after the cursor's position.
            let cursor = TicketCursor(
                after: try #require(page?.tickets[1]), in: TicketQuery(scope: .all, directorateCode: "IT", openOnly: true, sort: .due))
            let next = try await db.recordStatements {
                _ = try await desk.list(
                    TicketQuery(scope: .all, directorateCode: "IT", openOnly: true, sort: .due, after: cursor, limit: 2), by: people.agentIT)
            }
            let nextQueue = try #require(next.first { $0.sql.contains("FROM ticket ") })
            #expect(nextQueue.plan.contains { $0.hasPrefix("SEARCH ticket USING INDEX ticket_open_due (directorate_code=?") })
            #expect(!nextQueue.plan.contains { $0.contains("TEMP B-TREE") })
        }
    }

    @Test("my requests, newest first, read in order from ticket_requester")
    func myRequests() async throws {
        try await withRecordingDatabase { db, people, desk, _ in
            var page: TicketPage?
            let statements = try await db.recordStatements {
                page = try await desk.list(TicketQuery(scope: .all, requesterID: people.requesterA.id, limit: 25), by: people.requesterA)
            }
            #expect(page?.tickets.count == 3)
            let list = try #require(statements.first { $0.sql.contains("FROM ticket ") })
            #expect(list.plan.contains { $0.hasPrefix("SEARCH ticket USING INDEX ticket_requester (requester_id=?)") })
            #expect(!list.plan.contains { $0.contains("TEMP B-TREE") })
            #expect(Self.fullScans(statements) == [])
        }
    }

    @Test("a ticket search reads the full-text index in rowid order and each match's ticket by key, for agents and for staff")
    func search() async throws {
        try await withRecordingDatabase { db, people, desk, _ in
            for (user, expected) in [(people.agentIT, 6), (people.requesterA, 3), (people.admin, 6)] {
                var page: TicketPage?
                let statements = try await db.recordStatements {
                    page = try await desk.list(TicketQuery(scope: .all, text: TicketSearchText("laptop"), limit: 50), by: user)
                }
                #expect(page?.tickets.count == expected, "\(user.email)")
                let search = try #require(statements.first { $0.sql.contains("FROM ticket_search s CROSS JOIN") })
                #expect(search.plan.contains { $0.hasPrefix("SCAN s VIRTUAL TABLE INDEX") }, "\(search.plan)")
                #expect(search.plan.contains { $0.hasPrefix("SEARCH ticket USING INTEGER PRIMARY KEY (rowid=?)") }, "\(search.plan)")
                #expect(!search.plan.contains { $0.contains("TEMP B-TREE") }, "\(search.plan)")
                #expect(Self.fullScans(statements) == [])
            }
        }
    }

    @Test("a ticket with its comments and events, and the actions on it, search by key")
    func ticket() async throws {
        try await withRecordingDatabase { db, people, desk, _ in
            let number = try #require(try await desk.list(TicketQuery(scope: .all, requesterID: people.requesterA.id), by: people.requesterA).tickets.first).number
            let statements = try await db.recordStatements {
                let view = try await desk.view(number, by: people.agentIT)
                #expect(view.ticket.number == number)
                _ = try await desk.assign(number, to: people.agentIT.email, by: people.agentIT)
                _ = try await desk.comment(on: number, body: "Ik kijk ernaar.", visibility: .reply, by: people.agentIT)
            }
            #expect(statements.count >= 4)
            #expect(Self.fullScans(statements) == [])
        }
    }

    @Test("the SLA scan, auto-close and the survey of a resolution search by index")
    func background() async throws {
        try await withRecordingDatabase { db, _, desk, clock in
            clock.set(Instants.at("2025-07-01T10:00:00+02:00"))
            let statements = try await db.recordStatements {
                _ = try await desk.scanSLA()
                _ = try await desk.closeResolvedTickets()
            }
            #expect(statements.count >= 2)
            #expect(Self.fullScans(statements) == [])
        }
    }

    @Test("the PDCA review's counts, the SLA and survey records of a period search index ranges")
    func reports() async throws {
        try await withRecordingDatabase { db, _, _, _ in
            let from = Instants.at("2025-04-01T00:00:00+02:00"), to = Instants.at("2025-07-01T00:00:00+02:00")
            var counts: (filed: Int, backlog: Int) = (0, 0)
            var wholeSSP: (filed: Int, backlog: Int) = (0, 0)
            let statements = try await db.recordStatements {
                counts = try await db.ticketCounts(from: from, to: to, directorates: ["IT"])
                wholeSSP = try await db.ticketCounts(from: from, to: to, directorates: nil)
                _ = try await db.slaRecords(resolvedFrom: from, to: to, directorates: ["IT"])
                _ = try await db.slaRecords(resolvedFrom: from, to: to, directorates: nil)
                _ = try await db.surveyRecords(resolvedFrom: from, to: to, directorates: ["IT"])
                _ = try await db.surveyRecords(resolvedFrom: from, to: to, directorates: nil)
            }
            // 6 filed in the quarter; at its end 4 are open (one resolved, one cancelled).
            #expect(counts.filed == 6 && counts.backlog == 4)
            #expect(wholeSSP.filed == 6 && wholeSSP.backlog == 4)
            #expect(Self.fullScans(statements) == [])
            // The SLA records are read from the covering index alone, never from the table.
            let sla = statements.filter { $0.sql.contains("resolution_target_minutes") }
            #expect(sla.count == 2)
            #expect(sla.allSatisfy { $0.plan.contains { $0.hasPrefix("SEARCH ticket USING COVERING INDEX ticket_sla_facts (resolved_at>? AND resolved_at<?)") } }, "\(sla.map(\.plan))")
            // The survey records read the period's resolutions of each directorate, not all its tickets.
            let surveys = statements.filter { $0.sql.contains("FROM survey") }
            #expect(surveys.count == 2)
            #expect(
                surveys.allSatisfy { $0.plan.contains { $0.contains("ticket_directorate_resolved (directorate_code=? AND resolved_at>? AND resolved_at<?)") } },
                "\(surveys.map(\.plan))")
        }
    }

    @Test("the backlog at an instant counts tickets filed before it and not yet finished, reopened ones included")
    func backlog() async throws {
        try await withRecordingDatabase { db, people, desk, clock in
            // All six filed on 12 June at 10:00, one resolved and one cancelled at that instant.
            let before = Instants.at("2025-06-12T09:00:00+02:00"), afterFiling = Instants.at("2025-06-12T10:30:00+02:00")
            #expect(try await db.ticketCounts(from: before, to: afterFiling, directorates: ["IT"]) == (6, 4))
            #expect(try await db.ticketCounts(from: before, to: before, directorates: ["IT"]).backlog == 0)
            #expect(try await db.ticketCounts(from: before, to: afterFiling, directorates: ["HR"]) == (0, 0))
            // Reopening the resolved ticket: it is open again (its last resolution is gone).
            let resolved = try #require(try await desk.list(TicketQuery(scope: .all, status: .resolved), by: people.agentIT).tickets.first)
            clock.set(Instants.at("2025-06-12T11:00:00+02:00"))
            _ = try await desk.apply(.reopen, to: resolved.number, by: try #require(try await db.user(id: resolved.requesterID)))
            #expect(try await db.ticketCounts(from: before, to: Instants.at("2025-06-13T00:00:00+02:00"), directorates: ["IT"]).backlog == 5)
            // The reopen is kept on the ticket (trigger ticket_event_reopened) and reaches the SLA record of its next resolution.
            let assignee = try #require(resolved.assigneeID)
            let agent = try #require(try await db.user(id: assignee))
            clock.set(Instants.at("2025-06-12T11:30:00+02:00"))
            _ = try await desk.apply(.resolve, to: resolved.number, by: agent)
            let records = try await db.slaRecords(resolvedFrom: before, to: Instants.at("2025-06-13T00:00:00+02:00"), directorates: ["IT"])
            #expect(records.map(\.reopened) == [true])
            #expect(records.first?.resolvedAt == Instants.at("2025-06-12T11:30:00+02:00"))
            #expect(try await db.executeForTesting("SELECT sum(reopened) FROM ticket") == "1")
            // The clocks' facts written beside them equal what v8 computed from the JSON, on every ticket.
            let differing = """
                SELECT count(*) FROM ticket WHERE
                    first_response_minutes IS NOT CAST(json_extract(first_response_clock, '$.accruedSeconds') / 60 AS INTEGER)
                    OR resolution_minutes IS NOT CAST(json_extract(resolution_clock, '$.accruedSeconds') / 60 AS INTEGER)
                    OR resolution_target_minutes IS NOT json_extract(resolution_clock, '$.targetMinutes')
                """
            #expect(try await db.executeForTesting(differing) == "0")
            #expect(try await db.executeForTesting("SELECT count(*) FROM ticket WHERE resolution_minutes > 0") == "1")
        }
    }
}
