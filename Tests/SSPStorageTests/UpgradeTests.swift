import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// Upgrades (issue 14): a database of the first released schema, with data, opened by this build.
@Suite("Upgrade")
struct UpgradeTests {
    @Test("a v1 database with people, a resolved ticket, its comments and history upgrades to the current schema with every fact kept")
    func fromTheFirstSchema() async throws {
        try await withTemporaryDatabase { source, sourcePath in
            // The data, made by this build: a ticket filed, assigned, answered, noted and resolved after 3 business minutes.
            let people = try await seedDirectory(source)
            let clock = ManualClock(Instants.t0)
            let desk = TicketDesk(tickets: source, catalogue: source, directory: source, approvals: source, clock: clock)
            let number = try await desk.file(laptopRequest("Laptop blijft zwart na update"), by: people.requesterA).number
            _ = try await desk.assign(number, to: people.agentIT.email, by: people.agentIT)
            _ = try await desk.comment(on: number, body: "Houd de aan-knop 30 seconden in", visibility: .reply, by: people.agentIT)
            _ = try await desk.comment(on: number, body: "Moederbord?", visibility: .note, by: people.agentIT)
            clock.set(Instants.at("2025-06-02T09:03:00+02:00"))
            _ = try await desk.apply(.resolve, to: number, by: people.agentIT)
            let before = try await desk.view(number, by: people.agentIT)

            // The same facts in a file of the v1 schema (is_agent/is_admin flags, one agent relation per directorate).
            let folder = URL(fileURLWithPath: sourcePath).deletingLastPathComponent()
            let oldPath = folder.appendingPathComponent("v1/ssp.sqlite").path
            try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("v1").path, withIntermediateDirectories: true)
            let ticketColumns = """
                id, number, service_code, directorate_code, requester_id, filed_by_id, assignee_id, channel, subject, description, answers,
                impact, urgency, priority, status, created_at, updated_at, first_responded_at, resolved_at, closed_at, first_response_due_at,
                resolution_due_at, first_response_clock, resolution_clock, sla_check_at, sla_status
                """
            try AppDatabase.createForTesting(
                path: oldPath, upTo: "v1-catalogue-directory-tickets",
                statements: [
                    "ATTACH DATABASE '\(sourcePath)' AS src",
                    "INSERT INTO calendar SELECT id, definition FROM src.calendar",
                    "INSERT INTO directorate SELECT code, calendar_id, definition FROM src.directorate",
                    "INSERT INTO service(id, code, directorate_code, active, definition) SELECT id, code, directorate_code, active, definition FROM src.service",
                    """
                    INSERT INTO user(id, email, name, organisation, administration, language, is_agent, is_admin, manager_id, active)
                    SELECT id, email, name, organisation, administration, language,
                        EXISTS (SELECT 1 FROM src.user_role r WHERE r.user_id = u.id AND r.role = 'agent'),
                        EXISTS (SELECT 1 FROM src.user_role r WHERE r.user_id = u.id AND r.role = 'admin'), manager_id, active
                    FROM src.user u
                    """,
                    "INSERT INTO user_directorate SELECT user_id, directorate_code FROM src.user_directorate WHERE relation = 'agent'",
                    "INSERT INTO ticket_counter SELECT year, last FROM src.ticket_counter",
                    "INSERT INTO ticket(\(ticketColumns)) SELECT \(ticketColumns) FROM src.ticket",
                    "INSERT INTO ticket_comment SELECT id, ticket_id, author_id, visibility, body, created_at FROM src.ticket_comment",
                    "INSERT INTO ticket_event SELECT id, ticket_id, actor_id, at, kind, from_value, to_value, payload FROM src.ticket_event",
                    "DETACH DATABASE src",
                ])

            // When this build opens it
            let upgraded = try AppDatabase(path: oldPath)
            #expect(try upgraded.appliedMigrations() == (try source.appliedMigrations()))
            // Then the people keep their roles, the ticket its every field, comment and event
            let agent = try #require(try await upgraded.user(email: people.agentIT.email))
            #expect(agent.roles == [.requester, .agent])
            #expect(agent.directorates == ["IT"])
            #expect(try await upgraded.user(email: people.admin.email)?.roles == [.requester, .admin])
            let after = try await TicketDesk(tickets: upgraded, catalogue: upgraded, directory: upgraded, approvals: upgraded, clock: clock)
                .view(number, by: agent)
            #expect(after.ticket == before.ticket)
            #expect(after.comments == before.comments)
            #expect(after.events.map(\.kind) == [.filed, .assigned, .statusChanged, .commented, .commented, .statusChanged])
            #expect(after.events == before.events)
            // and the columns later releases derive from them are filled in: the SLA facts (v8, v13) and the search index (v9).
            let facts = "SELECT resolution_minutes || '/' || resolution_target_minutes || '/' || resolution_breached || '/' || reopened FROM ticket"
            #expect(try await upgraded.executeForTesting(facts) == "3/480/0/0")
            let found = try await TicketDesk(tickets: upgraded, catalogue: upgraded, directory: upgraded, approvals: upgraded, clock: clock)
                .list(TicketQuery(scope: .all, text: TicketSearchText("zwart")), by: agent)
            #expect(found.tickets.map(\.number) == [number])
            #expect(try await upgraded.executeForTesting("PRAGMA integrity_check") == "ok")
        }
    }
}
