import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SSPAPI
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// Bad input found by trying the API as an attacker and a careless client would (issue 14).
@Suite("API hardening")
struct HardeningTests {
    @Test("text is capped in bytes as well as characters, and a control character is refused, never cut")
    func textLimits() async throws {
        try await API.run { api in
            let before = try await api.writes()
            // One "character" of 5,001 scalars (a family emoji joined 1,667 times) is one Character but 18 KB.
            let family = String(repeating: "👨\u{200D}", count: 1_667) + "👦"
            #expect(family.count == 1)
            let joined = try await api.file(FileBody(service: "IT-002", subject: family, answers: laptopBody.answers), as: api.people.requesterA)
            #expect(joined.status == .unprocessableContent)
            #expect(joined.errorFields == ["subject"])
            #expect(joined.string("detail") == "subject: at most 200 characters and 800 bytes of UTF-8")

            // avant\0après was stored as "avant": now refused, naming the field and the character.
            let nul = try await api.file(FileBody(service: "IT-002", subject: "Scherm", description: "avant\u{0}après", answers: laptopBody.answers), as: api.people.requesterA)
            #expect(nul.status == .unprocessableContent)
            #expect(nul.string("detail") == "description: contains the control character U+0000")
            let escape = try await api.file(FileBody(service: "IT-002", subject: "\u{1B}[2Jweg", answers: laptopBody.answers), as: api.people.requesterA)
            #expect(escape.string("detail") == "subject: contains the control character U+001B")
            #expect(try await api.writes() == before)

            // Tab, line breaks (CRLF from a browser's textarea), accents and a bidi mark are text: kept intact.
            let text = "Ligne 1\r\nLigne 2\tavec tabulation, été \u{202E}txt.exe"
            let filed = try await api.file(FileBody(service: "IT-002", subject: "Scherm", description: text, answers: laptopBody.answers), as: api.people.requesterA)
            #expect(filed.status == .created)
            let number = try #require(filed.string("number"))
            #expect(try await api.get("/api/v1/tickets/\(number)", as: api.people.requesterA).string("description") == text)

            let comment = try await api.comment(number, "ok\u{7F}", as: api.people.requesterA)
            #expect(comment.status == .unprocessableContent)
            #expect(comment.string("detail") == "body: contains the control character U+007F")
        }
    }

    @Test("one definition of breached: 240 min 8 s of a 240-minute target is breached in the clock and in the report")
    func breachIsOneRule() async throws {
        try await API.run { api in
            // Given an IT-002 raised to P1 (resolution 240 business minutes) filed Monday 2025-06-02 09:00
            let number = try await api.file(as: api.people.requesterA).string("number")!
            _ = try await api.request(.put, "/api/v1/tickets/\(number)/priority", as: api.people.agentIT, body: PriorityBody(impact: "high", urgency: "high"))
            _ = try await api.assign(number, to: api.people.agentIT.email, as: api.people.agentIT)
            // When it is resolved at 13:00:08, 8 seconds after its due time
            api.clock.set(Instants.at("2025-06-02T13:00:08+02:00"))
            let resolved = try await api.transition(number, "resolve", as: api.people.agentIT)
            #expect(resolved.status == .ok)
            let clocks = try #require(try await api.get("/api/v1/tickets/\(number)", as: api.people.agentIT)["sla"] as? [[String: Any]])
            #expect(clocks[1]["state"] as? String == "breached")
            #expect(clocks[1]["used_minutes"] as? Int == 240)
            // Then the report counts it breached though its whole minutes equal the target
            let row = try #require((try await api.get("/api/v1/reports/sla?from=2025-06&to=2025-06", as: api.people.agentIT)["rows"] as? [[String: Any]])?.first)
            #expect(row["priority"] as? String == "P1")
            #expect(row["met"] as? Int == 0)
            #expect(row["breached"] as? Int == 1)
            #expect(row["resolution_median_minutes"] as? Int == 240)
        }
    }

    @Test("the API answers only what its document declares: unknown query parameters 400, undeclared methods 405 with Allow, HEAD as GET")
    func declaredOperations() async throws {
        try await API.run { api in
            _ = try await api.file(as: api.people.requesterA)
            let unknown = try await api.get("/api/v1/tickets?qq=laptop&open=true", as: api.people.admin)
            #expect(unknown.status == .badRequest)
            #expect(unknown.string("type") == Problem.typeBase + "unknown-query-parameter")
            #expect(unknown.errorFields == ["qq"])
            #expect(try await api.get("/api/v1/tickets?q=laptop&open=true", as: api.people.admin).status == .ok)
            // Path-level and component parameters count: the ticket's own path takes no query parameter.
            let number = try #require(try await api.get("/api/v1/tickets?limit=1", as: api.people.admin).tickets.first)
            #expect(try await api.get("/api/v1/tickets/\(number)?expand=all", as: api.people.admin).status == .badRequest)

            let delete = try await api.request(.delete, "/api/v1/tickets", as: api.people.admin)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, HEAD, POST")
            #expect(delete.string("type") == Problem.typeBase + "method-not-allowed")
            let patch = try await api.request(.patch, "/api/v1/tickets/\(number)/comments", as: api.people.admin)
            #expect(patch.status == .methodNotAllowed)
            #expect(patch.headers[.allow] == "POST")
            // A path the document does not have stays a 404.
            #expect(try await api.get("/api/v1/nothing-here", as: api.people.admin).status == .notFound)

            let head = try await api.request(.head, "/api/v1/tickets/\(number)", as: api.people.admin)
            #expect(head.status == .ok)
            #expect(head.text == "")
            #expect(try await api.request(.head, "/health", as: nil).status == .ok)
        }
    }

    @Test("re-assigning a ticket to its assignee writes no event")
    func reassignmentToTheSameAgent() async throws {
        try await API.run { api in
            let number = try await api.file(as: api.people.requesterA).string("number")!
            #expect(try await api.assign(number, to: api.people.agentIT.email, as: api.people.agentIT).status == .ok)
            let before = try await api.writes()
            api.clock.set(Instants.at("2025-06-02T09:30:00+02:00"))
            let again = try await api.assign(number, to: api.people.agentIT.email, as: api.people.agentIT)
            #expect(again.status == .ok)
            #expect((again["assignee"] as? [String: Any])?["email"] as? String == api.people.agentIT.email)
            #expect(try await api.writes() == before)
            #expect(again.string("updated_at") == "2025-06-02T09:00:00+02:00")
            // Another agent is a change: one `assigned` event.
            _ = try await api.assign(number, to: api.people.agentIT2.email, as: api.people.agentIT)
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket_event WHERE kind = 'assigned'") == "2")
        }
    }
}

extension Reply {
    /// The `field` of each entry of a problem's `errors`.
    var errorFields: [String] { (json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [] }
    /// The numbers of a listing's tickets.
    var tickets: [String] { (json["tickets"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? [] }
}
