import Foundation
import HTTPTypes
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@testable import SSPWeb

/// Files IT-002 (a laptop failure, no approval) for `requester` through the use case.
private func fileLaptopFailure(_ db: AppDatabase, _ clock: ManualClock, by requester: User, subject: String = "Laptop start niet") async throws -> Ticket {
    let useCases = UseCases(database: db, clock: clock)
    return try await useCases.tickets.file(
        FileTicketRequest(
            serviceCode: "IT-002", subject: subject, description: "Zwart scherm sinds vanochtend",
            answers: ["asset_tag": .text("BCIT-4411"), "problem": .text("Blijft zwart"), "can_work": .bool(false)]),
        by: requester)
}

/// The text between `<tag id="id"…>` and the next `<`.
private func element(_ html: String, id: String) -> String? {
    guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
    let rest = html[start.upperBound...]
    guard let close = rest.firstIndex(of: ">") else { return nil }
    return String(rest[rest.index(after: close)...].prefix { $0 != "<" })
}

@Suite("Portal: the agents' queue, the ticket search and the workspace (issue 13)")
struct WorkspaceTests {
    @Test("an IT agent finds the ticket in the queue, assigns it, inserts a canned reply in the requester's language, sends it and resolves")
    func resolveWithCannedReply() async throws {
        try await withPortal { browser, db, people, clock in
            let ticket = try await fileLaptopFailure(db, clock, by: people.requesterA)
            let useCases = UseCases(database: db, clock: clock)
            let reply = try await useCases.cannedReplies.save(
                CannedReply(
                    directorateCode: "IT", key: "laptop-ready", title: LocalizedText(nl: "Laptop klaar", fr: "Portable prêt"),
                    body: LocalizedText(nl: "Beste {requester}, uw laptop ({number}) is klaar.", fr: "Bonjour {requester}, votre portable ({number}) est prêt. {agent}")),
                by: people.admin)
            try await browser.signIn(people.agentIT.email, "correct horse battery")
            let queue = try await browser.get("/queue")
            #expect(queue.status == .ok)
            #expect(queue.html.contains("href=\"/tickets/\(ticket.number.rawValue)\""))
            // IT-002 is P2 (medium impact, high urgency): its first response is due in 1 business hour, none used yet.
            // Émile reads French (his own language, set at sign-in).
            #expect(queue.html.contains("<span class=\"priority priority-P2\">P2</span>"))
            #expect(queue.html.contains("<strong>En cours</strong> <span class=\"meta\">(première réponse)</span><br>encore 1 h de temps ouvré<br>"))
            #expect(queue.html.contains("value=\"0\" aria-label=\"première réponse: 0 %\""))
            #expect(!queue.html.contains("id=\"backlog\""))  // an agent, not a team lead

            var page = try await browser.get("/tickets/\(ticket.number.rawValue)")
            #expect(page.status == .ok)
            #expect(element(page.html, id: "ticket-status") == "Nouvelle")
            let assigned = try await browser.send(
                .post, "/tickets/\(ticket.number.rawValue)/assign", form: ["csrf": page.hidden("csrf")!, "revision": page.hidden("revision")!, "assignee": "me"])
            #expect(assigned.location == "/tickets/\(ticket.number.rawValue)?done=assign")
            page = try await browser.get(assigned.location!)
            #expect(element(page.html, id: "ticket-status") == "Attribuée")
            #expect(element(page.html, id: "ticket-assignee") == "Émile Dubois")

            // Inserting sends nothing: the text comes back in the textarea, in French (Anaïs's language), filled in.
            let inserted = try await browser.send(
                .post, "/tickets/\(ticket.number.rawValue)/comment",
                form: ["csrf": page.hidden("csrf")!, "revision": page.hidden("revision")!, "canned": String(reply.id), "insert": "1", "body": ""])
            #expect(inserted.status == .ok)
            let text = "Bonjour Anaïs Lefèvre, votre portable (\(ticket.number.rawValue)) est prêt. Émile Dubois"
            #expect(inserted.html.contains(">\(text)</textarea>"))
            #expect(try await useCases.tickets.view(ticket.number, by: people.agentIT).comments.isEmpty)

            let sent = try await browser.send(
                .post, "/tickets/\(ticket.number.rawValue)/comment",
                form: ["csrf": page.hidden("csrf")!, "revision": inserted.hidden("revision")!, "body": text, "visibility": "reply"])
            #expect(sent.location == "/tickets/\(ticket.number.rawValue)?done=reply")
            page = try await browser.get(sent.location!)
            let resolved = try await browser.send(
                .post, "/tickets/\(ticket.number.rawValue)/transition",
                form: ["csrf": page.hidden("csrf")!, "revision": page.hidden("revision")!, "action": "resolve"])
            #expect(resolved.location == "/tickets/\(ticket.number.rawValue)?done=status")
            let view = try await useCases.tickets.view(ticket.number, by: people.requesterA)
            #expect(view.ticket.status == .resolved)
            #expect(view.comments.map(\.body) == [text])
            // The requester's own page is not the workspace: they are sent there.
            let requester = Browser(browser.client)
            try await requester.signIn(people.requesterA.email, "correct horse battery")
            #expect(try await requester.get("/tickets/\(ticket.number.rawValue)").location == "/requests/\(ticket.number.rawValue)")
            #expect(try await requester.get("/queue").status == .forbidden)
        }
    }

    @Test("a form sent twice (a double click) does its work once: one reply from the workspace, one from the requester's page")
    func doubleSubmit() async throws {
        try await withPortal { agent, db, people, clock in
            let ticket = try await fileLaptopFailure(db, clock, by: people.requesterA)
            let useCases = UseCases(database: db, clock: clock)
            try await agent.signIn(people.agentIT.email, "correct horse battery")
            let path = "/tickets/\(ticket.number.rawValue)"
            let page = try await agent.get(path)
            let form = ["csrf": page.hidden("csrf")!, "revision": page.hidden("revision")!, "submission": page.hidden("submission")!, "body": "Ik kom langs."]
            let first = try await agent.send(.post, path + "/comment", form: form)
            let second = try await agent.send(.post, path + "/comment", form: form)
            #expect(first.location == path + "?done=reply")
            #expect(second.location == first.location)
            // The next page has a new key: another reply is another reply.
            let next = try await agent.get(first.location!)
            #expect(next.hidden("submission") != page.hidden("submission"))
            _ = try await agent.send(
                .post, path + "/comment",
                form: ["csrf": next.hidden("csrf")!, "revision": next.hidden("revision")!, "submission": next.hidden("submission")!, "body": "Morgen om 10 uur."])

            let requester = Browser(agent.client)
            try await requester.signIn(people.requesterA.email, "correct horse battery")
            let own = try await requester.get("/requests/\(ticket.number.rawValue)")
            let reply = ["csrf": own.hidden("csrf")!, "submission": own.hidden("submission")!, "body": "Dank u, ik ben er."]
            for _ in 0..<3 {
                #expect(try await requester.send(.post, "/requests/\(ticket.number.rawValue)/reply", form: reply).location == "/requests/\(ticket.number.rawValue)")
            }
            let comments = try await useCases.tickets.view(ticket.number, by: people.agentIT).comments.map(\.body)
            #expect(comments == ["Ik kom langs.", "Morgen om 10 uur.", "Dank u, ik ben er."])
        }
    }

    @Test("two agents change the same ticket: the second is told what changed, and nothing of either is overwritten")
    func conflict() async throws {
        try await withPortal { first, db, people, clock in
            let ticket = try await fileLaptopFailure(db, clock, by: people.requesterA)
            let useCases = UseCases(database: db, clock: clock)
            try await useCases.people.setPassword("correct horse battery", for: people.agentIT2.email, in: useCases.passwords, by: .operator)
            try await first.signIn(people.agentIT.email, "correct horse battery")
            let second = Browser(first.client)
            try await second.signIn(people.agentIT2.email, "correct horse battery")
            let path = "/tickets/\(ticket.number.rawValue)"
            let firstPage = try await first.get(path), secondPage = try await second.get(path)
            #expect(firstPage.hidden("revision") == secondPage.hidden("revision"))

            clock.advance(by: 60)
            let replied = try await first.send(
                .post, path + "/comment", form: ["csrf": firstPage.hidden("csrf")!, "revision": firstPage.hidden("revision")!, "body": "Ik kom langs."])
            #expect(replied.status == .seeOther)
            // Zoë's priority change was made on the page before Émile's reply: refused, and said.
            let refused = try await second.send(
                .post, path + "/priority",
                form: ["csrf": secondPage.hidden("csrf")!, "revision": secondPage.hidden("revision")!, "impact": "high", "urgency": "high"])
            #expect(refused.status == .conflict)
            #expect(refused.html.contains("Een collega wijzigde dit ticket intussen"))
            #expect(refused.html.contains("Émile Dubois, "))
            #expect(refused.html.contains(": antwoord toegevoegd</li>"))
            #expect(try await useCases.tickets.view(ticket.number, by: people.agentIT).ticket.priority == .p2)
            // A reply typed against the old page keeps its text when refused.
            let refusedReply = try await second.send(
                .post, path + "/comment", form: ["csrf": secondPage.hidden("csrf")!, "revision": secondPage.hidden("revision")!, "body": "Ik neem het over."])
            #expect(refusedReply.status == .conflict)
            #expect(refusedReply.html.contains(">Ik neem het over.</textarea>"))
            // Sent again from the page that showed the change, it goes through.
            let again = try await second.send(
                .post, path + "/priority", form: ["csrf": refused.hidden("csrf")!, "revision": refused.hidden("revision")!, "impact": "high", "urgency": "high"])
            #expect(again.location == path + "?done=priority")
            let view = try await useCases.tickets.view(ticket.number, by: people.agentIT)
            #expect(view.ticket.priority == .p1)
            #expect(view.comments.map(\.body) == ["Ik kom langs."])
            // The system's own events (an SLA mark) and one's own changes never refuse.
            #expect(TicketView.changes(view.events, after: 0, against: people.agentIT2.id).map(\.kind) == [.filed, .commented])
        }
    }

    @Test("an HR agent finds no IT ticket by its number in the search and cannot open it by its address")
    func otherDirectorate() async throws {
        try await withPortal { browser, db, people, clock in
            let ticket = try await fileLaptopFailure(db, clock, by: people.requesterA, subject: "Laptop kapot")
            let useCases = UseCases(database: db, clock: clock)
            try await useCases.people.setPassword("correct horse battery", for: people.agentHR.email, in: useCases.passwords, by: .operator)
            try await browser.signIn(people.agentHR.email, "correct horse battery")
            let search = try await browser.get("/search?q=\(ticket.number.rawValue)")
            #expect(search.status == .ok)
            #expect(search.html.contains("id=\"search-none\""))
            #expect(!search.html.contains(ticket.number.rawValue + "</a>"))
            #expect(try await browser.get("/search?q=laptop").html.contains("id=\"search-none\""))
            #expect(try await browser.get("/tickets/\(ticket.number.rawValue)").status == .notFound)
            // The IT agent finds it both ways; any input is text, never an error.
            let agent = Browser(browser.client)
            try await agent.signIn(people.agentIT.email, "correct horse battery")
            #expect(try await agent.get("/search?q=\(ticket.number.rawValue)").html.contains("href=\"/tickets/\(ticket.number.rawValue)\""))
            #expect(try await agent.get("/search?q=lapt*").html.contains("href=\"/tickets/\(ticket.number.rawValue)\""))
            for input in ["%22", "NEAR(", "-", "AND", "%2A", "SSP-2026-"] { #expect(try await agent.get("/search?q=\(input)").status == .ok) }
        }
    }

    @Test("watchers on the request page: the requester adds a colleague (an unknown address said in her French), who follows it and may leave")
    func watchers() async throws {
        try await withPortal { anais, db, people, clock in
            let ticket = try await fileLaptopFailure(db, clock, by: people.requesterA)
            let path = "/requests/\(ticket.number.rawValue)"
            try await anais.signIn(people.requesterA.email, "correct horse battery")
            var page = try await anais.get(path)
            #expect(page.html.contains("id=\"watcher-form\""))
            let unknown = try await anais.send(.post, path + "/watchers", form: ["csrf": page.hidden("csrf")!, "email": "niemand@sprb.brussels"])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.html.contains("Aucun collègue actif avec cette adresse e-mail."))
            #expect(unknown.html.contains("value=\"niemand@sprb.brussels\""))
            let added = try await anais.send(.post, path + "/watchers", form: ["csrf": page.hidden("csrf")!, "email": people.requesterB.email])
            #expect(added.location == path + "#watchers")
            page = try await anais.get(path)
            #expect(page.html.contains("Bram Coppens"))
            let bram = Browser(anais.client)
            try await bram.signIn(people.requesterB.email, "correct horse battery")
            let followed = try await bram.get("/requests")
            #expect(followed.html.contains("id=\"followed\""))
            #expect(followed.html.contains("href=\"\(path)\""))
            let watching = try await bram.get(path)
            #expect(watching.status == .ok)
            #expect(watching.html.contains("Niet langer volgen"))
            #expect(!watching.html.contains("id=\"watcher-form\""))  // only the requester chooses
            #expect(!watching.html.contains("id=\"reply\""))  // watchers read, they do not reply
            let left = try await bram.send(.post, path + "/watchers/\(people.requesterB.id)/remove", form: ["csrf": watching.hidden("csrf")!])
            #expect(left.location == "/requests")
            #expect(try await bram.get(path).status == .notFound)
        }
    }
}
