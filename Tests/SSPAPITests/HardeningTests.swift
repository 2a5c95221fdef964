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
            // Ready: the test database holds the catalogue.
            #expect(try await api.get("/ready", as: nil).text == #"{"status":"ready"}"#)
        }
    }

    @Test("/ready is 503 until the catalogue is loaded")
    func readiness() async throws {
        let db = try AppDatabase()
        let app = Application(router: try buildRouter(UseCases(database: db, clock: ManualClock(Instants.t0))))
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains(#""detail":"no catalogue is loaded""#))
            }
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    @Test("X-Request-ID: the one sent comes back; none, or one with other characters, gets a new UUID")
    func requestID() async throws {
        try await API.run { api in
            let header = HTTPField.Name("X-Request-ID")!
            #expect(try await api.request(.get, "/api/v1/me", as: api.people.admin, headers: [header: "nginx-7f3a:42"]).headers[header] == "nginx-7f3a:42")
            let made = try #require(try await api.request(.get, "/api/v1/me", as: api.people.admin).headers[header])
            #expect(UUID(uuidString: made) != nil)
            let refused = try #require(try await api.request(.get, "/health", as: nil, headers: [header: "a b\"c"]).headers[header])
            #expect(UUID(uuidString: refused) != nil)
            // Errors carry it too.
            #expect(UUID(uuidString: try #require(try await api.get("/api/v1/tickets/SSP-2025-999999", as: api.people.admin).headers[header])) != nil)
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

/// `Idempotency-Key` on the API's POST requests (issue 14).
@Suite("Idempotency-Key")
struct IdempotencyKeyTests {
    static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    @Test("the same key and body replay the first answer and file one ticket; another body is a 422; keys are per person")
    func replay() async throws {
        try await API.run { api in
            let first = try await api.request(.post, "/api/v1/tickets", as: api.people.requesterA, body: laptopBody, headers: Self.key("8e0f-retry-1"))
            #expect(first.status == .created)
            #expect(first.headers[Self.replayed] == nil)
            // The structured-field form of the same key is the same key.
            let again = try await api.request(.post, "/api/v1/tickets", as: api.people.requesterA, body: laptopBody, headers: Self.key("\"8e0f-retry-1\""))
            #expect(again.status == .created)
            #expect(again.text == first.text)
            #expect(again.headers[.location] == first.headers[.location])
            #expect(again.headers[.location] == "/api/v1/tickets/\(first.string("number")!)")
            #expect(again.headers[.contentType] == first.headers[.contentType])
            #expect(again.headers[Self.replayed] == "true")
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket") == "1")

            var other = laptopBody
            other.subject = "Een ander scherm"
            let reused = try await api.request(.post, "/api/v1/tickets", as: api.people.requesterA, body: other, headers: Self.key("8e0f-retry-1"))
            #expect(reused.status == .unprocessableContent)
            #expect(reused.string("type") == Problem.typeBase + "idempotency-key-reused")
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket") == "1")

            // Another person's identical key is another key.
            let theirs = try await api.request(.post, "/api/v1/tickets", as: api.people.requesterB, body: laptopBody, headers: Self.key("8e0f-retry-1"))
            #expect(theirs.status == .created)
            #expect(theirs.string("number") != first.string("number"))
            // No key: every request runs.
            #expect(try await api.file(as: api.people.requesterA).status == .created)
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket") == "3")

            for bad in ["", "\"\"", String(repeating: "k", count: 101), "clé"] {
                let refused = try await api.request(.post, "/api/v1/tickets", as: api.people.requesterA, body: laptopBody, headers: Self.key(bad))
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.string("type") == Problem.typeBase + "invalid-idempotency-key")
            }
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket") == "3")
        }
    }

    @Test("12 concurrent sends of one key: one ticket; each answer is the ticket (201) or 409 in use")
    func concurrentSends() async throws {
        try await API.run { api in
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let reply = try await api.request(.post, "/api/v1/tickets", as: api.people.requesterA, body: laptopBody, headers: Self.key("double-click"))
                        return (reply.status, reply.string("number") ?? reply.string("type"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket") == "1")
            let number = try #require(try await api.db.executeForTesting("SELECT number FROM ticket"))
            for (status, value) in statuses {
                #expect(
                    (status == .created && value == number) || (status == .conflict && value == Problem.typeBase + "idempotency-key-in-use"), "\(status) \(value ?? "")")
            }
            #expect(statuses.contains { $0.0 == .created })
        }
    }

    @Test("a comment's key: replayed within 24 hours, a new request after; an answer left in flight by a dead process is taken over")
    func lifetimeAndAbandonment() async throws {
        try await API.run { api in
            let number = try await api.file(as: api.people.requesterA).string("number")!
            let body = CommentBody(body: "Nog steeds zwart", visibility: "reply")
            let path = "/api/v1/tickets/\(number)/comments"
            #expect(try await api.request(.post, path, as: api.people.requesterA, body: body, headers: Self.key("c-1")).status == .created)
            api.clock.set(Instants.at("2025-06-03T08:59:59+02:00"))  // 23:59:59 later
            #expect(try await api.request(.post, path, as: api.people.requesterA, body: body, headers: Self.key("c-1")).headers[Self.replayed] == "true")
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket_comment") == "1")
            api.clock.set(Instants.at("2025-06-03T09:00:00+02:00"))  // 24 hours: expired
            let anew = try await api.request(.post, path, as: api.people.requesterA, body: body, headers: Self.key("c-1"))
            #expect(anew.status == .created)
            #expect(anew.headers[Self.replayed] == nil)
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket_comment") == "2")

            // A process killed while answering left its key in flight: refused for 2 minutes, then taken over.
            let started = Int64(Instants.at("2025-06-03T09:00:00+02:00").timeIntervalSince1970 * 1000)
            _ = try await api.db.executeForTesting(
                """
                INSERT INTO idempotency_key(user_id, key, fingerprint, state, started_at, expires_at)
                SELECT \(api.people.requesterA.id.rawValue), 'c-2', fingerprint, 'in_flight', \(started), \(started + 86_400_000)
                FROM idempotency_key WHERE key = 'c-1'
                """)
            api.clock.set(Instants.at("2025-06-03T09:01:59+02:00"))
            let running = try await api.request(.post, path, as: api.people.requesterA, body: body, headers: Self.key("c-2"))
            #expect(running.status == .conflict)
            #expect(running.string("type") == Problem.typeBase + "idempotency-key-in-use")
            api.clock.set(Instants.at("2025-06-03T09:02:01+02:00"))
            #expect(try await api.request(.post, path, as: api.people.requesterA, body: body, headers: Self.key("c-2")).status == .created)
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket_comment") == "3")
        }
    }
}

/// `ETag` and `If-Match` on tickets, taking a ticket, concurrent writers (issue 14).
@Suite("Ticket versions")
struct TicketVersionTests {
    static func ifMatch(_ value: String) -> HTTPFields { [.ifMatch: value] }

    @Test("ETag is the version the reader sees; If-Match with a stale version is a 412 with the current one, nothing written; a no-op keeps it")
    func ifMatch() async throws {
        try await API.run { api in
            let number = try await api.file(as: api.people.requesterA).string("number")!
            // The filed event is event 1.
            let read = try await api.get("/api/v1/tickets/\(number)", as: api.people.agentIT)
            #expect(read.headers[.eTag] == "\"1\"")
            let assigned = try await api.request(
                .put, "/api/v1/tickets/\(number)/assignment", as: api.people.agentIT, body: AssignmentBody(assignee: api.people.agentIT.email),
                headers: Self.ifMatch("\"1\""))
            #expect(assigned.status == .ok)
            #expect(assigned.headers[.eTag] == "\"3\"")  // assigned (2) and status_changed new → assigned (3)
            // The same agent's second request with the version it read first is stale now: 412, nothing written.
            let before = try await api.writes()
            let stale = try await api.transition(number, "start", as: api.people.agentIT, headers: Self.ifMatch("\"1\""))
            #expect(stale.status == .preconditionFailed)
            #expect(stale.string("type") == Problem.typeBase + "version-mismatch")
            #expect(stale.string("current_etag") == "\"3\"")
            #expect(stale.headers[.eTag] == "\"3\"")
            // A weak tag never matches; a list is not one of ours.
            #expect(try await api.transition(number, "start", as: api.people.agentIT, headers: Self.ifMatch("W/\"3\"")).status == .preconditionFailed)
            #expect(try await api.writes() == before)
            // The current version, or *, goes through.
            let started = try await api.transition(number, "start", as: api.people.agentIT, headers: Self.ifMatch("\"3\""))
            #expect(started.status == .ok)
            #expect(started.headers[.eTag] == "\"4\"")
            // An internal note moves the agent's version, not the requester's: a requester learns nothing of notes.
            _ = try await api.comment(number, "Schijf vervangen", visibility: "note", as: api.people.agentIT)
            #expect(try await api.get("/api/v1/tickets/\(number)", as: api.people.agentIT).headers[.eTag] == "\"5\"")
            #expect(try await api.get("/api/v1/tickets/\(number)", as: api.people.requesterA).headers[.eTag] == "\"4\"")
            // A comment needs no If-Match, and honours one.
            #expect(try await api.comment(number, "Dank u", as: api.people.requesterA).status == .created)
            let staleComment = try await api.request(
                .post, "/api/v1/tickets/\(number)/comments", as: api.people.requesterA, body: CommentBody(body: "Nog een", visibility: "reply"),
                headers: Self.ifMatch("\"4\""))
            #expect(staleComment.status == .preconditionFailed)
            // Setting the impact and urgency the ticket has changes nothing and keeps the version.
            let version = try await api.get("/api/v1/tickets/\(number)", as: api.people.agentIT).headers[.eTag]
            let same = try await api.request(
                .put, "/api/v1/tickets/\(number)/priority", as: api.people.agentIT, body: PriorityBody(impact: "medium", urgency: "high"),
                headers: Self.ifMatch(version ?? ""))
            #expect(same.status == .ok)
            #expect(same.headers[.eTag] == version)
        }
    }

    @Test("two agents taking one ticket at the same moment, 10 rounds: exactly one gets it, one event; the other gets 409 naming who")
    func take() async throws {
        try await API.run { api in
            for _ in 0..<10 {
                let number = try await api.file(as: api.people.requesterA).string("number")!
                let answers = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status, String?).self) { group in
                    for agent in [api.people.agentIT, api.people.agentIT2] {
                        group.addTask {
                            let reply = try await api.assign(number, to: "me", as: agent)
                            return (agent.name, reply.status, reply.string("detail"))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let winners = answers.filter { $0.1 == .ok }
                #expect(winners.count == 1)
                let loser = try #require(answers.first { $0.1 != .ok })
                #expect(loser.1 == .conflict)
                #expect(loser.2 == "ticket \(number) is already assigned to \(winners.first?.0 ?? "")")
                let events = try await api.db.executeForTesting(
                    "SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.number = '\(number)' AND e.kind = 'assigned'")
                #expect(events == "1")
            }
            // Taking a ticket one holds already is a no-op (200).
            let number = try await api.file(as: api.people.requesterA).string("number")!
            #expect(try await api.assign(number, to: "me", as: api.people.agentIT).status == .ok)
            #expect(try await api.assign(number, to: "me", as: api.people.agentIT).status == .ok)
        }
    }

    @Test("20 concurrent writers on one ticket (comments and transitions) never get a 5xx")
    func concurrentWriters() async throws {
        try await API.run { api in
            let number = try await api.file(as: api.people.requesterA).string("number")!
            _ = try await api.assign(number, to: api.people.agentIT.email, as: api.people.agentIT)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        switch n % 4 {
                        case 0: try await api.transition(number, "start", as: api.people.agentIT).status
                        case 1: try await api.comment(number, "Antwoord \(n)", as: api.people.agentIT).status
                        case 2: try await api.comment(number, "Vraag \(n)", as: api.people.requesterA).status
                        default: try await api.comment(number, "Notitie \(n)", visibility: "note", as: api.people.agentIT2).status
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
            #expect(statuses.filter { $0 == .created }.count == 15)
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM ticket_comment") == "15")
        }
    }
}

/// `ETag` and `If-Match` on desk bookings (issue 14).
@Suite("Booking versions")
struct BookingVersionTests {
    @Test("a booking's ETag is its state; If-Match with a state it left is a 412 with the current one, and nothing changes")
    func bookingIfMatch() async throws {
        try await API.run { api in
            try await seedDesks(api.db)
            let a = api.people.requesterA
            let booked = try await api.request(.post, "/api/v1/desks/bookings", as: a, body: BookingBody(date: "2025-06-03", slot: "day", desk: "IRIS-F12-001"))
            let id = try #require(booked["id"] as? Int)
            let read = try await api.get("/api/v1/desks/bookings/\(id)", as: a)
            #expect(read.headers[.eTag] == "\"booked\"")
            api.clock.set(Instants.at("2025-06-03T08:10:00+02:00"))
            let checkedIn = try await api.request(.post, "/api/v1/desks/bookings/\(id)/check-in", as: a, headers: [.ifMatch: "\"booked\""])
            #expect(checkedIn.status == .ok)
            #expect(checkedIn.headers[.eTag] == "\"checked_in\"")
            // A second device still showing "booked" cancels: 412, the booking stays checked in.
            let stale = try await api.request(.post, "/api/v1/desks/bookings/\(id)/cancel", as: a, headers: [.ifMatch: "\"booked\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.string("type") == Problem.typeBase + "version-mismatch")
            #expect(stale.string("current_etag") == "\"checked_in\"")
            #expect(try await api.get("/api/v1/desks/bookings/\(id)", as: a).string("state") == "checked_in")
            // Someone else's booking stays not found, If-Match or not.
            #expect(try await api.request(.post, "/api/v1/desks/bookings/\(id)/cancel", as: api.people.requesterB, headers: [.ifMatch: "\"booked\""]).status == .notFound)
        }
    }
}
