import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SSPAPI
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@testable import SSPWeb

/// A browser, as far as the portal can tell: keeps cookies, sends the site's Origin on POSTs.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var language = "nl-BE,nl;q=0.9"

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let html: String
        var location: String? { headers[.location] }

        /// The value of the hidden input `name` (the first one).
        func hidden(_ name: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, form: [String: String]? = nil, origin: String? = "http://localhost") async throws -> Page {
        var headers: HTTPFields = [:]
        headers[.host] = "localhost"
        headers[.acceptLanguage] = language
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            if let origin { headers[.origin] = origin }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(
                string: form.map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
                    .joined(separator: "&"))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            for field in response.headers[values: .setCookie] {
                let pair = field.split(separator: ";").first!.split(separator: "=", maxSplits: 1)
                let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || field.contains("Max-Age=0") { self.cookies[name] = nil } else { self.cookies[name] = value }
            }
            return Page(status: response.status, headers: response.headers, html: String(buffer: response.body))
        }
    }

    func get(_ uri: String) async throws -> Page { try await send(.get, uri) }

    /// Files IT-017 (temporary administrator rights, which needs the line manager's approval) through
    /// its form: the form page and the answer to the filing.
    func fileAdminRights() async throws -> (form: Page, filed: Page) {
        let form = try await get("/services/IT-017")
        let filed = try await send(
            .post, "/services/IT-017",
            form: ["csrf": form.hidden("csrf") ?? "", "subject": "Admin-rechten", "answers.reason": "Installatie", "answers.duration_days": "30"])
        return (form, filed)
    }

    /// Signs in through the form.
    @discardableResult
    func signIn(_ email: String, _ password: String) async throws -> Page {
        let form = try await get("/sign-in")
        return try await send(.post, "/sign-in", form: ["csrf": form.hidden("csrf") ?? "", "next": "/", "email": email, "password": password])
    }
}

extension HTTPField.Name {
    static var host: Self { Self("Host")! }
}

/// The portal on a temporary database with the real catalogue and the test people (password
/// `correct horse battery` for each), through the router.
func withPortal(_ test: @Sendable (Browser, AppDatabase, People, ManualClock) async throws -> Void) async throws {
    try await withTemporaryDatabase { db, _ in
        let people = try await seedDirectory(db)
        let clock = ManualClock(Instants.t0)
        let useCases = UseCases(database: db, clock: clock)
        for user in [people.requesterA, people.requesterB, people.manager, people.agentIT] {
            try await useCases.people.setPassword("correct horse battery", for: user.email, in: useCases.passwords, by: .operator)
        }
        let router = try buildRouter(useCases)
        try await Portal(useCases: useCases, logger: Logger(label: "test")).register(on: router)
        try await Application(router: router).test(.router) { client in
            try await test(Browser(client), db, people, clock)
        }
    }
}

@Suite("Portal: sign-in, sessions, CSRF, languages, filing")
struct PortalTests {
    @Test("every text exists in nl, fr and en, and every {{t.key}} of the templates has an entry")
    func translations() throws {
        for (key, entry) in Strings.table {
            #expect(!entry.nl.isEmpty && !entry.fr.isEmpty && !entry.en.isEmpty, "\(key) is missing a language")
        }
        let folder = Portal.resource("templates")
        var used: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /\{\{t\.([a-z_]+)\}\}/) { used.insert(String(match.1)) }
        }
        #expect(used.count > 60)
        #expect(used.subtracting(Strings.table.keys) == [])
        // Dates in Brussels time and the local format
        let instant = Instants.at("2026-06-03T10:00:00+02:00")
        #expect(Formats(language: .nl).date(LocalDate(year: 2026, month: 6, day: 3)) == "3 juni 2026")
        #expect(Formats(language: .fr).date(LocalDate(year: 2026, month: 6, day: 3)) == "3 juin 2026")
        #expect(Formats(language: .nl).dateTime(instant)?.contains("10:00") == true)
        #expect(Portal.language(acceptLanguage: "de-DE,fr-BE;q=0.8,nl;q=0.7") == .fr)
        #expect(Portal.language(acceptLanguage: "de-DE") == nil)
    }

    @Test("sign-in: wrong password and unknown account get the same page; the session cookie is HttpOnly and SameSite=Lax; headers on every page")
    func signIn() async throws {
        try await withPortal { browser, _, people, _ in
            // An anonymous visit goes to the sign-in page, which is in the browser's language
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location?.hasPrefix("/sign-in?next=") == true)
            browser.language = "fr-BE,fr;q=0.9"
            let form = try await browser.get("/sign-in")
            #expect(form.html.contains("<html lang=\"fr\">"))
            #expect(form.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            #expect(form.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("unsafe-inline") == false)
            #expect(form.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(form.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")

            let wrong = try await browser.signIn(people.requesterA.email, "not the password")
            let unknown = try await browser.signIn("nobody@sprb.brussels", "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.html.contains("Adresse e-mail ou mot de passe incorrect."))
            func withoutToken(_ html: String) -> String { html.replacing(/name="csrf" value="[^"]*"/, with: "").replacing(/value="[^"]*@[^"]*"/, with: "") }
            #expect(withoutToken(wrong.html) == withoutToken(unknown.html))

            let signedIn = try await browser.signIn(people.requesterA.email, "correct horse battery")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/")
            let setCookie = signedIn.headers[values: .setCookie].first { $0.hasPrefix("ssp_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(!setCookie.contains("Secure"))  // not behind TLS in this test
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.html.contains("Anaïs Lefèvre"))
            #expect(page.html.contains("<html lang=\"fr\">"))
            // Browse by directorate, with the active services of each (IT 47, HR 30 of the real catalogue)
            #expect(page.html.contains("<a href=\"/catalogue/IT\">Support informatique (SSP-IT)</a> <span class=\"meta\">47 services</span>"))
            #expect(page.html.contains("<a href=\"/catalogue/HR\">Ressources humaines</a> <span class=\"meta\">30 services</span>"))
            // A session id in the URL is ignored
            let stolen = browser.cookies["ssp_session"]!
            let other = Browser(browser.client)
            #expect(try await other.get("/?ssp_session=\(stolen)").status == .seeOther)
        }
    }

    @Test("five failures lock the account for the quiet period with 429 and Retry-After; one failure never does")
    func throttle() async throws {
        try await withPortal { browser, _, people, clock in
            func attempt(_ password: String) async throws -> Browser.Page {
                try await Browser(browser.client).signIn(people.requesterB.email, password)  // a browser without a session each time
            }
            #expect(try await attempt("wrong").status == .unauthorized)
            #expect(try await attempt("correct horse battery").status == .seeOther)
            for _ in 0..<5 { #expect(try await attempt("wrong").status == .unauthorized) }
            let locked = try await attempt("correct horse battery")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "900")
            #expect(locked.html.contains("900"))
            clock.advance(by: 15 * 60)
            #expect(try await attempt("correct horse battery").status == .seeOther)
        }
    }

    @Test("filing: a missing field comes back in French next to the field with what was typed; no CSRF token or another origin writes nothing")
    func filing() async throws {
        try await withPortal { browser, db, people, _ in
            try await browser.signIn(people.requesterA.email, "correct horse battery")  // Anaïs prefers French
            let form = try await browser.get("/services/IT-002")
            #expect(form.status == .ok)
            let csrf = try #require(form.hidden("csrf"))
            var typed = ["subject": "Mon portable ne démarre plus", "answers.problem": "Écran noir", "answers.can_work": "no", "answers.asset_tag": ""]

            // Without the token, and from another site: refused, the form given back, nothing written
            let noToken = try await browser.send(.post, "/services/IT-002", form: typed)
            #expect(noToken.status == .forbidden)
            #expect(noToken.html.contains("Mon portable ne démarre plus"))
            typed["csrf"] = csrf
            let foreign = try await browser.send(.post, "/services/IT-002", form: typed, origin: "https://evil.example")
            #expect(foreign.status == .forbidden)
            #expect(try await db.tickets(TicketQuery(scope: .all)).tickets.isEmpty)

            let missing = try await browser.send(.post, "/services/IT-002", form: typed)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.html.contains("<p class=\"field-error\" id=\"f-asset_tag-error\">Ce champ est obligatoire.</p>"))
            #expect(missing.html.contains("value=\"Mon portable ne démarre plus\""))
            #expect(missing.html.contains(">Écran noir</textarea>"))

            typed["answers.asset_tag"] = "GOB-12345"
            typed["submission"] = try #require(form.hidden("submission"))
            let filed = try await browser.send(.post, "/services/IT-002", form: typed)
            #expect(filed.status == .seeOther)
            #expect(filed.location == "/requests/SSP-2025-000001?filed=1")
            // The form's submission key: sending it again (a double click) files nothing more.
            let again = try await browser.send(.post, "/services/IT-002", form: typed)
            #expect(again.location == "/requests/SSP-2025-000001?filed=1")
            #expect(try await db.tickets(TicketQuery(scope: .all)).tickets.count == 1)
            let ticket = try await browser.get(filed.location!)
            #expect(ticket.html.contains("SSP-2025-000001"))
            // Filed Monday 2 June 2025 09:00, P2: first response 10:00, resolution 17:00 (Brussels time)
            #expect(ticket.html.contains("2 juin 2025") && ticket.html.contains("10:00") && ticket.html.contains("17:00"))
            let mine = try await browser.get("/requests")
            #expect(mine.html.contains("/requests/SSP-2025-000001"))
            #expect(mine.html.contains("Mon portable ne démarre plus"))

            // Another requester opening it gets exactly the page of a missing ticket
            let other = Browser(browser.client)
            try await other.signIn(people.requesterB.email, "correct horse battery")
            let foreignTicket = try await other.get("/requests/SSP-2025-000001")
            let missingTicket = try await other.get("/requests/SSP-2025-000099")
            #expect(foreignTicket.status == .notFound)
            func content(_ html: String) -> String { html.replacing(/name="back" value="[^"]*"/, with: "") }  // the page's own URL
            #expect(content(foreignTicket.html) == content(missingTicket.html))

            // After sign-out the old cookie is refused
            let old = browser.cookies["ssp_session"]!
            let out = try await browser.send(.post, "/sign-out", form: ["csrf": ticket.hidden("csrf")!])
            #expect(out.location == "/sign-in?out=1")
            browser.cookies["ssp_session"] = old
            #expect(try await browser.get("/requests").status == .seeOther)
        }
    }

    @Test("the line manager sees the request awaiting approval and approves it; the requester cannot")
    func approval() async throws {
        try await withPortal { browser, _, people, _ in
            try await browser.signIn(people.requesterA.email, "correct horse battery")
            let (form, filed) = try await browser.fileAdminRights()
            #expect(form.html.contains("id=\"approval-notice\""))
            #expect(filed.status == .seeOther)
            let own = try await browser.get("/requests/SSP-2025-000001")
            #expect(!own.html.contains("id=\"action-approve\""))
            #expect(own.html.contains("id=\"action-cancel\""))
            // Cancelling needs its box ticked (it cannot be undone): without it, said next to the actions, nothing changes.
            #expect(own.html.contains("<input id=\"confirm-cancel\" name=\"confirm\" type=\"checkbox\" value=\"yes\" required>"))
            let unconfirmed = try await browser.send(
                .post, "/requests/SSP-2025-000001/transition", form: ["csrf": own.hidden("csrf")!, "action": "cancel"])
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(unconfirmed.html.contains("Cochez « Oui, annuler cette demande » pour l&#39;annuler : c&#39;est définitif."))
            #expect(unconfirmed.html.contains("status-awaiting_approval"))

            let manager = Browser(browser.client)
            try await manager.signIn(people.manager.email, "correct horse battery")
            let list = try await manager.get("/approvals")
            #expect(list.html.contains("/requests/SSP-2025-000001"))
            #expect(list.html.contains("Anaïs Lefèvre"))
            let page = try await manager.get("/requests/SSP-2025-000001")
            let approved = try await manager.send(
                .post, "/requests/SSP-2025-000001/transition", form: ["csrf": page.hidden("csrf")!, "action": "approve"])
            #expect(approved.location == "/approvals")
            #expect(try await browser.get("/requests/SSP-2025-000001").html.contains("status-new"))
            #expect(try await manager.get("/requests/SSP-2025-000001").status == .notFound)  // the relation ended with the decision
        }
    }

    @Test("an unknown address gets the portal's not-found page in the person's language; the API keeps its problem+json")
    func unknownAddress() async throws {
        try await withPortal { browser, _, people, _ in
            let anonymous = try await browser.get("/nope/deeper?x=1")
            #expect(anonymous.status == .notFound)
            #expect(anonymous.headers[.contentType]?.hasPrefix("text/html") == true)
            try await browser.signIn(people.requesterA.email, "correct horse battery")
            let page = try await browser.get("/servicess")
            #expect(page.status == .notFound)
            #expect(page.html.contains("<html lang=\"fr\""))
            let api = try await browser.get("/api/v1/nope")  // no bearer token: the API's 401, as before
            #expect(api.status == .unauthorized)
            #expect(api.headers[.contentType] == "application/problem+json")
            // The portal's own pages still answer.
            #expect(try await browser.get("/requests").status == .ok)
        }
    }

    @Test("a rejection needs a reason (said next to the actions); the requester then reads it on the ticket page")
    func rejectionReason() async throws {
        try await withPortal { browser, _, people, _ in
            try await browser.signIn(people.requesterA.email, "correct horse battery")
            _ = try await browser.fileAdminRights()
            let manager = Browser(browser.client)
            try await manager.signIn(people.manager.email, "correct horse battery")
            let page = try await manager.get("/requests/SSP-2025-000001")
            // A reason of only spaces is refused with a message next to the actions (it was silent) and changes nothing.
            let blank = try await manager.send(.post, "/requests/SSP-2025-000001/transition", form: ["csrf": page.hidden("csrf")!, "action": "reject", "reason": "   "])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.html.contains("<div class=\"error-summary\" role=\"alert\" id=\"action-error\"><p>Dit veld is verplicht.</p></div>"))
            #expect(blank.html.contains("status-awaiting_approval"))
            _ = try await manager.send(
                .post, "/requests/SSP-2025-000001/transition",
                form: ["csrf": blank.hidden("csrf")!, "action": "reject", "reason": "Pas nécessaire: le logiciel est déjà installé."])
            let own = try await browser.get("/requests/SSP-2025-000001")
            #expect(own.html.contains("<dt>Motif du refus</dt><dd class=\"pre\" id=\"rejection-reason\">Pas nécessaire: le logiciel est déjà installé.</dd>"))
            #expect(own.html.contains("<h2>Réponses au formulaire</h2>"))
        }
    }

    @Test("the survey of the invitation link: shown without sign-in, nothing recorded until it is sent, answered once; others refused")
    func survey() async throws {
        try await withPortal { browser, db, people, clock in
            let useCases = UseCases(database: db, clock: clock)
            // HR surveys every ticket, 60 minutes after its resolution
            let request = FileTicketRequest(
                serviceCode: "HR-001", subject: "Attest voor de bank",
                answers: ["purpose": .text("bank_loan"), "language": .text("nl"), "include_salary": .bool(false), "paper_copy": .bool(false)], channel: .portal)
            let ticket = try await useCases.tickets.file(request, by: people.requesterB)
            _ = try await useCases.tickets.assign(ticket.number, to: people.agentHR.email, by: people.agentHR)
            _ = try await useCases.tickets.apply(.resolve, to: ticket.number, by: people.agentHR)
            clock.advance(by: 2 * 3600)
            let view = try await useCases.surveys.survey(of: ticket.number, by: people.requesterB)
            let page = try await browser.get("/survey/\(view.token)")
            #expect(page.status == .ok)
            #expect(page.html.contains("name=\"score\" id=\"score-5\" value=\"5\""))
            #expect(try await db.survey(id: view.survey.id)?.answeredAt == nil)  // looking records nothing
            let noScore = try await browser.send(.post, "/survey/\(view.token)", form: ["comment": "Snel"])
            #expect(noScore.status == .unprocessableContent)
            #expect(noScore.html.contains("Kies een score van 1 tot 5."))
            #expect(noScore.html.contains(">Snel</textarea>"))
            let answered = try await browser.send(.post, "/survey/\(view.token)", form: ["score": "4", "comment": "Snel geholpen"])
            #expect(answered.status == .ok)
            #expect(answered.html.contains("Uw mening is geregistreerd."))
            let stored = try #require(try await db.survey(id: view.survey.id))
            #expect(stored.score == 4)
            #expect(stored.comment == "Snel geholpen")
            #expect(try await browser.get("/survey/\(view.token)").html.contains("Deze enquête werd al beantwoord."))
            #expect(try await browser.get("/survey/not-a-token").status == .notFound)
            // Someone else signed in may not answer it
            let other = Browser(browser.client)
            try await other.signIn(people.requesterA.email, "correct horse battery")
            #expect(try await other.get("/survey/\(view.token)").status == .forbidden)
        }
    }

    @Test("a first-password link sets the password once, with the policy's errors in the person's language")
    func firstPassword() async throws {
        try await withPortal { browser, db, people, clock in
            let useCases = UseCases(database: db, clock: clock)
            let invitation = try await useCases.invitations.invite(people.agentHR.email, by: .operator)
            let link = "/first-password/\(invitation.secret)"
            let form = try await browser.get(link)
            #expect(form.status == .ok)
            #expect(form.html.contains("helene.martin@sprb.brussels"))
            let csrf = try #require(form.hidden("csrf"))
            let short = try await browser.send(.post, link, form: ["csrf": csrf, "password": "kort", "confirmation": "kort"])
            #expect(short.status == .unprocessableContent)
            #expect(short.html.contains("Minstens 12 tekens."))
            // 40 letters with an accent are 80 bytes, over bcrypt's 72: said as characters with accents counting twice
            let accents = String(repeating: "é", count: 40)
            let long = try await browser.send(.post, link, form: ["csrf": short.hidden("csrf") ?? "", "password": accents, "confirmation": accents])
            #expect(long.status == .unprocessableContent)
            #expect(long.html.contains("Te lang: hoogstens 72 tekens, waarbij een letter met een accent dubbel telt."))
            // Each page given back carries a fresh token (and its cookie)
            let differ = try await browser.send(
                .post, link, form: ["csrf": long.hidden("csrf") ?? "", "password": "een lange zin als wachtwoord", "confirmation": "iets anders"])
            #expect(differ.html.contains("De twee wachtwoorden verschillen."))
            let set = try await browser.send(
                .post, link, form: ["csrf": differ.hidden("csrf") ?? "", "password": "een lange zin als wachtwoord", "confirmation": "een lange zin als wachtwoord"])
            #expect(set.location == "/sign-in?password=1")
            #expect(try await browser.get(link).status == .notFound)  // once only
            #expect(try await browser.signIn(people.agentHR.email, "een lange zin als wachtwoord").status == .seeOther)
            // A new link replaces an earlier one; twelve spaces are no password; a used link is gone
            let first = try await useCases.invitations.invite(people.requesterA.email, by: .operator)
            let second = try await useCases.invitations.invite(people.requesterA.email, by: .operator)
            #expect(try await useCases.invitations.person(of: first.secret) == nil)
            #expect(try await useCases.invitations.person(of: second.secret)?.id == people.requesterA.id)
            let spaces = String(repeating: " ", count: 12)
            await #expect(throws: TicketError.invalid([FieldProblem(field: "password", message: "at least 12 characters", code: .other, detail: "12")])) {
                _ = try await useCases.invitations.accept(second.secret, password: spaces, confirmation: spaces)
            }
            _ = try await useCases.invitations.accept(second.secret, password: "een lange zin als wachtwoord", confirmation: "een lange zin als wachtwoord")
            #expect(try await useCases.invitations.person(of: second.secret) == nil)
            // A week later an unused link no longer works
            let late = try await useCases.invitations.invite(people.requesterB.email, by: .operator)
            clock.advance(by: 7 * 86_400 + 1)
            #expect(try await Browser(browser.client).get("/first-password/\(late.secret)").status == .notFound)
        }
    }

    @Test("sessions: a form loaded 20 minutes earlier still works, 30 idle minutes end the session, 10 hours end it whatever the activity")
    func sessionTimeouts() async throws {
        try await withPortal { browser, db, people, clock in
            try await browser.signIn(people.requesterA.email, "correct horse battery")
            let form = try await browser.get("/services/IT-002")
            let secondTab = try await browser.get("/services/IT-002")
            clock.advance(by: 20 * 60)
            var typed = ["subject": "Tab 1", "answers.asset_tag": "GOB-1", "answers.problem": "Zwart", "answers.can_work": "no", "csrf": form.hidden("csrf")!]
            #expect(try await browser.send(.post, "/services/IT-002", form: typed).status == .seeOther)
            typed["subject"] = "Tab 2"
            typed["csrf"] = secondTab.hidden("csrf")!
            #expect(try await browser.send(.post, "/services/IT-002", form: typed).status == .seeOther)
            #expect(try await db.tickets(TicketQuery(scope: .all)).tickets.count == 2)
            // 29 minutes idle: still signed in; then 31 more: signed out on the server
            clock.advance(by: 29 * 60)
            #expect(try await browser.get("/requests").status == .ok)
            clock.advance(by: 31 * 60)
            #expect(try await browser.get("/requests").status == .seeOther)
            // Active every 20 minutes for 10 hours: the absolute timeout ends it
            try await browser.signIn(people.requesterA.email, "correct horse battery")
            for _ in 0..<29 {
                clock.advance(by: 20 * 60)
                #expect(try await browser.get("/requests").status == .ok)
            }
            clock.advance(by: 20 * 60)  // 10 h after sign-in
            #expect(try await browser.get("/requests").status == .seeOther)
        }
    }

    @Test("search on the home page: staff's words rank, nothing found offers the directorates and the counter, syntax is only text")
    func search() async throws {
        try await withPortal { browser, _, people, _ in
            try await browser.signIn(people.requesterA.email, "correct horse battery")  // French
            let screen = try await browser.get("/?q=mon%20%C3%A9cran%20ne%20marche%20pas")
            #expect(screen.status == .ok)
            let first = screen.html.range(of: "<ul class=\"services\" id=\"results\">").map { String(screen.html[$0.upperBound...].prefix(200)) } ?? ""
            #expect(first.contains("/services/IT-003"), "\(first)")
            // A GET form sends spaces as "+": the box shows the words and a service code goes first.
            let plus = try await browser.get("/?q=IT-008+imprimante")
            #expect(plus.html.contains("value=\"IT-008 imprimante\""))
            let firstResult = plus.html.range(of: "id=\"results\">").map { String(plus.html[$0.upperBound...].prefix(120)) } ?? ""
            #expect(firstResult.contains("/services/IT-008"), "\(firstResult)")
            // Operators are only words ("near" is one: it finds a near-miss incident report).
            #expect(try await browser.get("/?q=%22%20OR%20NEAR%28").status == .ok)
            for q in ["zzzxq", "%2A%2A%2A", "%22%20%28%29%20-"] {
                let page = try await browser.get("/?q=\(q)")
                #expect(page.status == .ok, "\(q)")
                #expect(page.html.contains("id=\"no-results\""), "\(q)")
                // HR's general service, the other directorates' addresses, the counter.
                #expect(page.html.contains("<a href=\"/services/HR-030\">Autre question aux RH</a>"), "\(q)")
                #expect(page.html.contains("mailto:ssp-it@sprb.brussels"), "\(q)")
                #expect(page.html.contains("Tour Iris, rez-de-chaussée"), "\(q)")
                #expect(page.html.contains("mailto:ssp@sprb.brussels"), "\(q)")
            }
        }
    }

    @Test("my requests: a search finds the person's own requests by their words or number, in their language, never another's")
    func searchMyRequests() async throws {
        try await withPortal { browser, db, people, clock in
            let desk = TicketDesk(tickets: db, catalogue: db, directory: db, approvals: db, clock: clock)
            let mine = try await desk.file(
                FileTicketRequest(serviceCode: "IT-002", subject: "Écran noir au démarrage", answers: laptopAnswers, channel: .portal), by: people.requesterA)
            _ = try await desk.file(
                FileTicketRequest(serviceCode: "IT-002", subject: "Écran qui clignote", answers: laptopAnswers, channel: .portal), by: people.requesterB)
            try await browser.signIn(people.requesterA.email, "correct horse battery")  // French
            let found = try await browser.get("/requests?q=ECRAN+demarrage&show=all")
            #expect(found.status == .ok)
            #expect(found.html.contains("value=\"ECRAN demarrage\""))
            #expect(found.html.contains("<h2 id=\"search-result\">Demandes contenant « ECRAN demarrage »</h2>"))
            #expect(found.html.contains("/requests/\(mine.number.rawValue)"))
            // Bram's ticket has the word too, and stays his.
            let word = try await browser.get("/requests?q=%C3%A9cran&show=all")
            #expect(word.html.contains("/requests/\(mine.number.rawValue)"))
            #expect(!word.html.contains("clignote"))
            let none = try await browser.get("/requests?q=clignote&show=all")
            #expect(none.html.contains("Aucune demande trouvée pour « clignote »."))
            let byNumber = try await browser.get("/requests?q=\(mine.number.rawValue.lowercased())&show=all")
            #expect(byNumber.html.contains("/requests/\(mine.number.rawValue)"))
            for q in ["%22", "%2A", "NEAR%28", "-%20AND"] {
                let page = try await browser.get("/requests?q=\(q)&show=all")
                #expect(page.status == .ok, "\(q)")
                #expect(page.html.contains("Aucune demande trouvée pour"), "\(q)")
            }
        }
    }

    @Test("a number answer of any size shows on the ticket page (1e300 once stopped the server)")
    func hugeNumber() async throws {
        try await withPortal { browser, _, people, _ in
            try await browser.signIn(people.requesterA.email, "correct horse battery")
            let form = try await browser.get("/services/IT-017")
            let filed = try await browser.send(
                .post, "/services/IT-017", form: ["csrf": form.hidden("csrf")!, "subject": "Groot", "answers.reason": "Test", "answers.duration_days": "1e300"])
            #expect(filed.status == .seeOther)
            let page = try await browser.get(filed.location!)
            #expect(page.status == .ok)
            #expect(page.html.contains("1e+300"))
        }
    }

    @Test("desks: without an inventory the page says so; with one, a person whose administration has no zone sees the first zone")
    func desksWithoutZone() async throws {
        try await withPortal { browser, db, people, _ in
            try await browser.signIn(people.agentIT.email, "correct horse battery")  // BCIT: no zone of its own
            let none = try await browser.get("/desks")
            #expect(none.status == .ok)
            #expect(none.html.contains("Il n&#39;y a pas encore de postes à réserver."))
            try await seedDesks(db)  // zones IRIS-F12-BM and IRIS-F13-BH
            let page = try await browser.get("/desks")
            #expect(page.status == .ok)
            #expect(page.html.contains("id=\"book-IRIS-F12-001\""))
            #expect(try await browser.get("/desks?zone=IRIS-F13-BH").html.contains("id=\"book-IRIS-F13-002\""))
        }
    }

    @Test("the desk grid offers only what can be booked: a closed day says so without a grid; a colleague's fixed desk is not a button")
    func deskGridOffersOnlyBookable() async throws {
        try await withPortal { browser, db, people, _ in
            try await seedDesks(db)
            try await browser.signIn(people.requesterA.email, "correct horse battery")  // French, Brussels Mobility: floor 12
            let saturday = try await browser.get("/desks?date=2025-06-07&slot=day")
            #expect(saturday.status == .ok)
            #expect(saturday.html.contains("id=\"desk-day-refusal\">Le bâtiment est fermé ce jour-là : choisissez-en un autre.</p>"))
            #expect(!saturday.html.contains("id=\"book-IRIS"))
            let tuesday = try await browser.get("/desks?date=2025-06-03&slot=day")
            #expect(tuesday.html.contains("id=\"book-IRIS-F12-001\""))
            #expect(!tuesday.html.contains("id=\"book-IRIS-F12-006\""))
            #expect(tuesday.html.contains("aria-label=\"IRIS-F12-006 poste attitré\""))
            #expect(!tuesday.html.contains("desk-day-refusal"))
            // A forged booking of the closed day: refused in French, on that page.
            let refused = try await browser.send(
                .post, "/desks/book", form: ["csrf": tuesday.hidden("csrf") ?? "", "date": "2025-06-07", "slot": "day", "desk": "IRIS-F12-001"])
            #expect(refused.status == .conflict)
            #expect(refused.html.contains("Le bâtiment est fermé ce jour-là"))
            #expect(!refused.html.contains("closed on"))
        }
    }

    @Test("a refused booking comes back on the day and slot the person chose, with the reason")
    func refusedBookingKeepsTheDay() async throws {
        try await withPortal { browser, db, people, _ in
            try await seedDesks(db)
            try await browser.signIn(people.requesterB.email, "correct horse battery")  // Dutch, Brussels Housing: floor 13
            let page = try await browser.get("/desks?date=2025-06-04&slot=morning")
            let csrf = page.hidden("csrf") ?? ""
            let booked = try await browser.send(.post, "/desks/book", form: ["csrf": csrf, "date": "2025-06-04", "slot": "morning", "desk": "IRIS-F13-001"])
            #expect(booked.status == .seeOther)
            // A second desk the same morning: refused, and the page stays on Wednesday 4 June, morning.
            let refused = try await browser.send(.post, "/desks/book", form: ["csrf": csrf, "date": "2025-06-04", "slot": "morning", "desk": "IRIS-F13-002"])
            #expect(refused.status == .conflict)
            #expect(refused.html.contains("id=\"date\" name=\"date\" type=\"date\" value=\"2025-06-04\""))
            #expect(refused.html.contains("<option value=\"morning\" selected>"))
            #expect(refused.html.contains("role=\"alert\""))
        }
    }

    @Test("a desk's QR-code link offers the check-in; a desk the inventory does not have is not found, with no check-in button")
    func deskLink() async throws {
        try await withPortal { browser, db, people, _ in
            try await seedDesks(db)
            try await browser.signIn(people.requesterB.email, "correct horse battery")  // Dutch
            let desk = try await browser.get("/desk/IRIS-F13-001")
            #expect(desk.status == .ok)
            #expect(desk.html.contains("id=\"desk-check-in\""))
            let unknown = try await browser.get("/desk/NOPE-404")
            #expect(unknown.status == .notFound)
            #expect(unknown.html.contains("<h1>Niet gevonden</h1>"))
            #expect(!unknown.html.contains("desk-check-in"))
        }
    }
}
