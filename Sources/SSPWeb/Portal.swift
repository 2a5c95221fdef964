import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import SSPAPI
import SSPCore

/// Settings of the portal.
public struct PortalConfiguration: Sendable {
    /// Mark cookies `Secure` (the portal is served over TLS, behind a reverse proxy); default false.
    public var secureCookies: Bool

    public init(secureCookies: Bool = false) {
        self.secureCookies = secureCookies
    }
}

/// The web portal for staff (issue 10): server-rendered HTML from Mustache templates, on the same
/// origin as the API, calling the same Core use cases. Every page exists in nl, fr and en.
///
/// Cookies: `ssp_session` (the session's secret; HttpOnly, SameSite=Lax, Secure behind TLS),
/// `ssp_signin` (the sign-in form's anti-forgery token before there is a session), `ssp_lang`
/// (the language switch). A session id in a URL is never read.
public struct Portal: Sendable {
    let useCases: UseCases
    let templates: MustacheLibrary
    let configuration: PortalConfiguration
    let logger: Logger

    static let sessionCookie = "ssp_session"
    static let signInCookie = "ssp_signin"
    static let languageCookie = "ssp_lang"

    /// Loads the templates shipped in the module.
    /// - Throws: when a template does not parse (a defect caught by the tests).
    public init(useCases: UseCases, configuration: PortalConfiguration = .init(), logger: Logger) async throws {
        self.useCases = useCases
        self.configuration = configuration
        self.logger = logger
        templates = try await MustacheLibrary(directory: Self.resource("templates").path)
    }

    /// A folder shipped in the module (`templates`, `static`).
    static func resource(_ folder: String) -> URL {
        Bundle.module.url(forResource: folder, withExtension: nil) ?? Bundle.module.bundleURL.appendingPathComponent(folder)
    }

    /// Registers the portal's routes on `router`, beside the API.
    public func register(on router: Router<SSPRequestContext>) {
        router.get("/sign-in") { request, context in await page(request, context) { try await signInPage(request, $0) } }
        router.post("/sign-in") { request, context in await page(request, context) { try await signIn(request, context, $0) } }
        router.get("/first-password/:secret") { request, context in
            await page(request, context) { try await firstPassword(context.parameters.get("secret") ?? "", $0) }
        }
        router.post("/first-password/:secret") { request, context in
            await page(request, context) { try await setFirstPassword(request, context.parameters.get("secret") ?? "", $0) }
        }
        router.post("/sign-out") { request, context in await page(request, context) { try await signOut(request, $0) } }
        router.post("/language") { request, context in await page(request, context) { try await switchLanguage(request, $0) } }
        router.get("/") { request, context in await page(request, context, signedIn: true) { try await home(request, $0) } }
        router.get("/catalogue/:code") { request, context in
            await page(request, context, signedIn: true) { try await directorate(context.parameters.get("code") ?? "", $0) }
        }
        router.get("/services/:code") { request, context in
            await page(request, context, signedIn: true) { try await serviceForm(context.parameters.get("code") ?? "", $0) }
        }
        router.post("/services/:code") { request, context in
            await page(request, context, signedIn: true) { try await fileRequest(request, context.parameters.get("code") ?? "", $0) }
        }
        router.get("/requests") { request, context in await page(request, context, signedIn: true) { try await requests(request, $0) } }
        router.get("/requests/:number") { request, context in
            await page(request, context, signedIn: true) { try await ticket(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/requests/:number/reply") { request, context in
            await page(request, context, signedIn: true) { try await reply(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/requests/:number/watchers") { request, context in
            await page(request, context, signedIn: true) { try await addWatcher(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/requests/:number/watchers/:id/remove") { request, context in
            await page(request, context, signedIn: true) {
                try await removeWatcher(request, context.parameters.get("number") ?? "", context.parameters.get("id") ?? "", $0)
            }
        }
        router.post("/requests/:number/transition") { request, context in
            await page(request, context, signedIn: true) { try await transition(request, context.parameters.get("number") ?? "", $0) }
        }
        router.get("/survey/:token") { request, context in await page(request, context) { try await surveyPage(context.parameters.get("token") ?? "", $0) } }
        router.post("/survey/:token") { request, context in
            await page(request, context) { try await answerSurvey(request, context.parameters.get("token") ?? "", $0) }
        }
        router.get("/counter") { request, context in await page(request, context, signedIn: true) { try await counter(request, $0) } }
        router.get("/counter/:id") { request, context in
            await page(request, context, signedIn: true) { try await counterPerson(request, context.parameters.get("id") ?? "", $0) }
        }
        router.get("/counter/:id/services/:code") { request, context in
            await page(request, context, signedIn: true) {
                try await counterForm(context.parameters.get("id") ?? "", context.parameters.get("code") ?? "", $0)
            }
        }
        router.post("/counter/:id/services/:code") { request, context in
            await page(request, context, signedIn: true) {
                try await counterFile(request, context.parameters.get("id") ?? "", context.parameters.get("code") ?? "", $0)
            }
        }
        router.get("/desks") { request, context in await page(request, context, signedIn: true) { try await desks(request, $0) } }
        router.post("/desks/book") { request, context in await page(request, context, signedIn: true) { try await bookDesk(request, $0) } }
        router.post("/desks/bookings/:id/check-in") { request, context in
            await page(request, context, signedIn: true) { try await bookingAction(request, context.parameters.get("id") ?? "", checkIn: true, $0) }
        }
        router.post("/desks/bookings/:id/cancel") { request, context in
            await page(request, context, signedIn: true) { try await bookingAction(request, context.parameters.get("id") ?? "", checkIn: false, $0) }
        }
        router.post("/desks/cancellations") { request, context in await page(request, context, signedIn: true) { try await cancelRange(request, $0) } }
        router.get("/desk/:code") { request, context in await page(request, context, signedIn: true) { try await deskLink(context.parameters.get("code") ?? "", $0) } }
        router.post("/desk/:code/check-in") { request, context in
            await page(request, context, signedIn: true) { try await deskCheckIn(request, context.parameters.get("code") ?? "", $0) }
        }
        router.get("/approvals") { request, context in await page(request, context, signedIn: true) { try await approvals($0) } }
        router.get("/queue") { request, context in await page(request, context, signedIn: true) { try await queue(request, $0) } }
        router.get("/search") { request, context in await page(request, context, signedIn: true) { try await ticketSearch(request, $0) } }
        router.get("/tickets/:number") { request, context in
            await page(request, context, signedIn: true) { try await workspace(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/tickets/:number/comment") { request, context in
            await page(request, context, signedIn: true) { try await workspaceComment(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/tickets/:number/transition") { request, context in
            await page(request, context, signedIn: true) { try await workspaceTransition(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/tickets/:number/assign") { request, context in
            await page(request, context, signedIn: true) { try await workspaceAssign(request, context.parameters.get("number") ?? "", $0) }
        }
        router.post("/tickets/:number/priority") { request, context in
            await page(request, context, signedIn: true) { try await workspacePriority(request, context.parameters.get("number") ?? "", $0) }
        }
        router.get("/canned-replies") { request, context in await page(request, context, signedIn: true) { try await cannedReplies($0) } }
        router.get("/canned-replies/new") { request, context in await page(request, context, signedIn: true) { try await cannedReplyForm(nil, request, $0) } }
        router.post("/canned-replies") { request, context in await page(request, context, signedIn: true) { try await saveCannedReply(nil, request, $0) } }
        router.get("/canned-replies/:id") { request, context in
            await page(request, context, signedIn: true) { try await cannedReplyForm(context.parameters.get("id") ?? "", request, $0) }
        }
        router.post("/canned-replies/:id") { request, context in
            await page(request, context, signedIn: true) { try await saveCannedReply(context.parameters.get("id") ?? "", request, $0) }
        }
        router.post("/canned-replies/:id/delete") { request, context in
            await page(request, context, signedIn: true) { try await deleteCannedReply(context.parameters.get("id") ?? "", request, $0) }
        }
        router.get("/facilities/floor") { request, context in
            await page(request, context, signedIn: true) { visit in
                let done = FormBody.query(request)["done"].flatMap { ["outage", "booked"].contains($0) ? $0 : nil }
                return try await floorView(request, visit, notice: done.map { visit.text("floor_done_" + $0) })
            }
        }
        router.post("/facilities/outages") { request, context in await page(request, context, signedIn: true) { try await addOutage(request, $0) } }
        router.post("/facilities/bookings") { request, context in await page(request, context, signedIn: true) { try await bookForColleague(request, $0) } }
        router.get("/facilities/occupancy") { request, context in
            await page(request, context, signedIn: true) { try await occupancyDashboard(request, $0) }
        }
        router.get("/facilities/occupancy.csv") { request, context in await page(request, context, signedIn: true) { try await occupancyCSV(request, $0) } }
        router.get("/admin") { request, context in await page(request, context, signedIn: true) { adminIndex($0) } }
        router.get("/admin/users") { request, context in await page(request, context, signedIn: true) { try await adminUsers(request, $0) } }
        router.get("/admin/users/new") { request, context in await page(request, context, signedIn: true) { try await adminUser(nil, $0) } }
        router.get("/admin/users/:id") { request, context in
            await page(request, context, signedIn: true) { visit in
                let done = FormBody.query(request)["done"].flatMap { ["saved", "deactivated", "revoked"].contains($0) ? $0 : nil }
                return try await adminUser(context.parameters.get("id") ?? "", visit, notice: done.map { visit.text("admin_done_" + $0) })
            }
        }
        router.post("/admin/users") { request, context in await page(request, context, signedIn: true) { try await saveAdminUser(request, $0) } }
        router.post("/admin/users/:id/deactivate") { request, context in
            await page(request, context, signedIn: true) { try await deactivateAdminUser(request, context.parameters.get("id") ?? "", $0) }
        }
        router.post("/admin/users/:id/tokens") { request, context in
            await page(request, context, signedIn: true) { try await createAdminToken(request, context.parameters.get("id") ?? "", $0) }
        }
        router.post("/admin/tokens/:id/revoke") { request, context in
            await page(request, context, signedIn: true) { try await revokeAdminToken(request, context.parameters.get("id") ?? "", $0) }
        }
        router.get("/admin/catalogue") { request, context in await page(request, context, signedIn: true) { try await adminCatalogue($0) } }
        router.get("/admin/catalogue/:code") { request, context in
            await page(request, context, signedIn: true) { try await adminService(context.parameters.get("code") ?? "", $0) }
        }
        router.get("/admin/calendars") { request, context in await page(request, context, signedIn: true) { try await adminCalendars(request, $0) } }
        router.get("/admin/building") { request, context in await page(request, context, signedIn: true) { try await adminBuilding(request, $0) } }
        router.post("/admin/building") { request, context in await page(request, context, signedIn: true) { try await saveAdminBuilding(request, $0) } }
        router.get("/quality") { request, context in await page(request, context, signedIn: true) { try await qualityDashboard(request, $0) } }
        router.get("/quality/sla.csv") { request, context in await page(request, context, signedIn: true) { try await qualityCSV(request, $0, satisfaction: false) } }
        router.get("/quality/satisfaction.csv") { request, context in
            await page(request, context, signedIn: true) { try await qualityCSV(request, $0, satisfaction: true) }
        }
        router.get("/quality/reviews") { request, context in await page(request, context, signedIn: true) { try await reviewList($0) } }
        router.post("/quality/reviews") { request, context in await page(request, context, signedIn: true) { try await createReview(request, $0) } }
        router.get("/quality/reviews/:id") { request, context in
            await page(request, context, signedIn: true) { try await reviewPage(context.parameters.get("id") ?? "", $0) }
        }
        router.post("/quality/reviews/:id/actions") { request, context in
            await page(request, context, signedIn: true) { try await addReviewAction(request, context.parameters.get("id") ?? "", $0) }
        }
        router.post("/quality/reviews/:id/close") { request, context in
            await page(request, context, signedIn: true) { try await closeReview(request, context.parameters.get("id") ?? "", $0) }
        }
        router.get("/quality/reviews/:id/export.csv") { request, context in
            await page(request, context, signedIn: true) { try await reviewExport(context.parameters.get("id") ?? "", $0, html: false) }
        }
        router.get("/quality/reviews/:id/export.html") { request, context in
            await page(request, context, signedIn: true) { try await reviewExport(context.parameters.get("id") ?? "", $0, html: true) }
        }
        router.post("/quality/actions/:id") { request, context in
            await page(request, context, signedIn: true) { try await setReviewAction(request, context.parameters.get("id") ?? "", $0) }
        }
        router.get("/static/:file") { _, context in try staticFile(context.parameters.get("file") ?? "") }
        // Any other address: the portal's "not found" page in the person's language, not the API's
        // JSON (whose own unknown addresses keep their problem+json 404).
        router.get("**") { request, context in
            if request.uri.path.hasPrefix("/api/") { throw HTTPError(.notFound) }
            return await page(request, context) { message($0, status: .notFound, title: "not_found_title", text: "not_found_text") }
        }
    }

    // MARK: Visits and rendering

    /// Who is asking, in which language, from which page.
    struct Visit {
        var user: User?
        var session: WebSession?
        var language: Language
        var path: String
        var request: Request
        /// Someone's requests await this person's decision (the menu shows "To approve").
        var isApprover = false
        var t: [String: String] { Strings.texts(language) }
        var formats: Formats { Formats(language: language) }
        func text(_ key: String, n: Int? = nil) -> String { Strings.text(key, language, n: n) }
    }

    /// Thrown to send an anonymous visitor to the sign-in page.
    struct SignInRequired: Error {}

    private func visit(_ request: Request) async throws -> Visit {
        var user: User?
        var session: WebSession?
        if let secret = request.cookies[Self.sessionCookie]?.value, !secret.isEmpty, let found = try await useCases.sessions.session(secret: secret) {
            (session, user) = found
        }
        let cookieLanguage = request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
        let language = cookieLanguage ?? user?.language ?? Self.language(acceptLanguage: request.headers[.acceptLanguage]) ?? .nl
        var path = request.uri.path
        if let query = request.uri.query, !query.isEmpty { path += "?" + query }
        // The page a POST answers has no address of its own: the language switch (and a sign-in)
        // goes back to the page the form was on.
        if request.method != .get {
            let referer = request.headers[.referer].flatMap(URL.init(string:))
            path = WebSecurity.sameOrigin(request) ? WebSecurity.localPath(referer.map { $0.path + ($0.query.map { "?" + $0 } ?? "") }) : "/"
        }
        var visit = Visit(user: user, session: session, language: language, path: path, request: request)
        if let user { visit.isApprover = !(try await useCases.tickets.awaitingApproval(by: user, limit: 1).isEmpty) }
        return visit
    }

    /// The first of nl, fr, en in an `Accept-Language` header, by its order of preference.
    static func language(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").enumerated().compactMap { index, part -> (Language, Double, Int)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased().split(separator: "-").first, let language = Language(rawValue: String(tag)) else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (language, quality, index)
        }
        return ranked.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }.first?.0
    }

    /// Runs one page: resolves the visit, sends anonymous visitors of signed-in pages to sign in,
    /// and turns every refusal into the page the person expects, in their language.
    private func page(_ request: Request, _ context: SSPRequestContext, signedIn: Bool = false, _ body: (Visit) async throws -> Response) async -> Response {
        var current: Visit?
        do {
            let visit = try await visit(request)
            current = visit
            if signedIn, visit.user == nil { throw SignInRequired() }
            return try await body(visit)
        } catch is SignInRequired {
            // A form sent after the session ended cannot be replayed: back to where it can be filled again.
            let next = current?.path ?? "/"
            return redirect("/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"))
        } catch {
            let visit = current ?? Visit(user: nil, session: nil, language: .nl, path: "/", request: request)
            return errorPage(error, visit)
        }
    }

    private func errorPage(_ error: any Error, _ visit: Visit) -> Response {
        switch error {
        case TicketError.ticketNotFound, TicketError.serviceNotFound, TicketError.userNotFound, DeskError.bookingNotFound, DeskError.buildingNotFound,
            DeskError.deskNotFound, DeskError.zoneNotFound, CannedReplyError.notFound, ReviewError.notFound, ReviewError.actionNotFound:
            return message(visit, status: .notFound, title: "not_found_title", text: "not_found_text")
        case is AccessError, TicketError.notPermitted:
            return message(visit, status: .forbidden, title: "forbidden_title", text: "forbidden_text")
        case TicketError.illegalTransition, TicketError.ticketFinal, TicketError.reopenWindowExpired:
            return message(visit, status: .conflict, title: "forbidden_title", text: "conflict_text")
        case let error as StoreUnavailable:
            // Nothing was written; the same form, sent again in a moment, may go through (issue 14).
            logger.warning("portal write refused by the database", metadata: ["path": "\(visit.request.uri.path)", "reason": "\(error.reason.rawValue)"])
            var response = message(visit, status: .serviceUnavailable, title: "unavailable_title", text: "unavailable_text")
            response.headers[.retryAfter] = "5"
            return response
        default:
            logger.error("portal page failed", metadata: ["path": "\(visit.request.uri.path)", "error": "\(error)"])
            return message(visit, status: .internalServerError, title: "error_title", text: "error_text")
        }
    }

    func message(_ visit: Visit, status: HTTPResponse.Status, title: String, text: String, textValue: String? = nil) -> Response {
        render("message", visit, title: visit.text(title), status: status, ["heading": visit.text(title), "message": textValue ?? visit.text(text)])
    }

    /// Renders `template` with the layout's values (language, texts, person, CSRF token, navigation).
    func render(
        _ template: String, _ visit: Visit, title: String, status: HTTPResponse.Status = .ok, nav: String? = nil, _ data: [String: Any] = [:]
    )
        -> Response
    {
        var context: [String: Any] = [
            "lang": visit.language.rawValue, "t": visit.t, "title": title, "path": visit.path,
            "languages": Language.allCases.map { ["code": $0.rawValue, "label": $0.rawValue.uppercased(), "current": $0 == visit.language] },
            "nav": nav.map { [$0: true] } ?? [:],
        ]
        if let user = visit.user, let session = visit.session {
            context["user"] = ["name": user.name]
            context["csrf"] = session.csrfToken
            context["isApprover"] = visit.isApprover
            context["isClerk"] = Access.allows(.searchDirectory, Access.roleRelations(of: user))
            context["isWorker"] = !Self.queueDirectorates(of: user).isEmpty
            context["isFacilities"] = Access.allows(.manageDesks, Access.roleRelations(of: user))
            // `figures` answers nil for "every directorate" and throws for none.
            context["readsFigures"] =
                (try? { () throws -> Bool in
                    _ = try Access.figures(.readReport(.sla), of: user)
                    return true
                }()) ?? false
            context["isAdmin"] = Access.allows(.manageUsers, Access.roleRelations(of: user)) || Access.allows(.manageDesks, Access.roleRelations(of: user))
        }
        context.merge(data) { _, new in new }
        let html = templates.render(Self.withoutNils(context), withTemplate: template) ?? ""
        return Response(status: status, headers: Self.htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The values with every `nil` left out: Mustache sees an `Optional.none` boxed in `Any` as a value
    /// (a section would render), so an absent value must be absent.
    static func withoutNils(_ value: Any) -> Any? {
        // The common leaves and the texts table (`t`, ~600 strings) hold no optional: no reflection.
        if value is String || value is Int || value is Bool || value is [String: String] { return value }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return withoutNils(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues { withoutNils($0) } }
        if let array = value as? [[String: Any]] { return array.map { $0.compactMapValues { withoutNils($0) } } }
        if let array = value as? [Any] { return array.compactMap { withoutNils($0) } }
        return value
    }

    static let htmlHeaders: HTTPFields = {
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        for (name, value) in WebSecurity.headers { fields[name] = value }
        return fields
    }()

    /// A form sent twice (a double click, a reload of its answer) does its work once (issue 14):
    /// the form's hidden `submission` key is claimed through `IdempotencyDesk` for the signed-in
    /// person. The first send runs `work`; when it ends in a redirect (the change was made), a
    /// second send of the same form is sent to the same place and does nothing; while the first
    /// is still running, the second lands on `landing`. A send that failed (the form again with
    /// its errors) keeps nothing, so the corrected form goes through.
    func once(_ form: FormBody, _ visit: Visit, path: String, landing: String, _ work: () async throws -> Response) async throws -> Response {
        guard let user = visit.user, let submission = form["submission"], let key = try? IdempotencyDesk.key(fromHeader: "form:" + submission) else {
            return try await work()
        }
        switch try await useCases.idempotency.begin(key: key, fingerprint: path + " " + form.fingerprint, by: user) {
        case let .replay(kept): return redirect(kept.headers["Location"] ?? landing)
        case .inFlight: return redirect(landing)
        case .reused: return try await work()  // the same key on another form: not a repeat
        case .proceed: break
        }
        let response: Response
        do { response = try await work() } catch {
            try? await useCases.idempotency.abandon(key: key, by: user)
            throw error
        }
        if response.status == .seeOther, let location = response.headers[.location] {
            try await useCases.idempotency.finish(key: key, by: user, response: KeptResponse(status: 303, headers: ["Location": location], body: Data()))
        } else {
            try await useCases.idempotency.abandon(key: key, by: user)
        }
        return response
    }

    func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var headers = Self.htmlHeaders
        headers[.location] = location
        var response = Response(status: .seeOther, headers: headers)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// A POST of a signed-in person: the body, once its origin and CSRF token are checked.
    /// - Returns: the body, and whether it passed (a refused one is given back to the page, never acted on).
    func checkedForm(_ request: Request, _ visit: Visit) async throws -> (FormBody, passed: Bool) {
        let form = try await FormBody.read(request)
        guard let session = visit.session, WebSecurity.sameOrigin(request), let token = form["csrf"], WebSecurity.equal(token, session.csrfToken) else {
            return (form, false)
        }
        return (form, true)
    }

    private func staticFile(_ name: String) throws -> Response {
        let types = ["ssp.css": "text/css; charset=utf-8", "print.css": "text/css; charset=utf-8", "ssp.js": "text/javascript; charset=utf-8"]
        guard let type = types[name], let data = try? Data(contentsOf: Self.resource("static").appendingPathComponent(name)) else {
            throw HTTPError(.notFound)
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=3600"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Sign-in, sign-out, language

    private func signInPage(
        _ request: Request, _ visit: Visit, error: String? = nil, email: String = "", status: HTTPResponse.Status = .ok
    ) async throws
        -> Response
    {
        if visit.user != nil, error == nil { return redirect(WebSecurity.localPath(request.uri.queryParameters.get("next"))) }
        let token = WebSecurity.randomToken()
        let notice =
            request.uri.queryParameters.get("out") != nil
            ? visit.text("signed_out") : request.uri.queryParameters.get("password") != nil ? visit.text("password_set") : nil
        var response = render(
            "signin", visit, title: visit.text("signin_title"), status: status,
            [
                "signinToken": token, "next": WebSecurity.localPath(request.uri.queryParameters.get("next")), "email": email,
                "error": error as Any, "notice": notice as Any,
            ])
        response.setCookie(cookie(Self.signInCookie, token))
        return response
    }

    /// The first-password link of a new local account (`ssp-admin users invite`).
    private func firstPassword(
        _ secret: String, _ visit: Visit, passwordError: String? = nil, confirmationError: String? = nil, status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        guard let person = try await useCases.invitations.person(of: secret) else {
            return message(visit, status: .notFound, title: "first_password_title", text: "link_invalid")
        }
        let token = WebSecurity.randomToken()
        var response = render(
            "first-password", visit, title: visit.text("first_password_title"), status: status,
            [
                "secret": secret, "email": person.email, "signinToken": token, "passwordHint": visit.text("password_hint", n: PasswordPolicy.minimumLength),
                "passwordError": passwordError as Any, "confirmationError": confirmationError as Any,
            ])
        response.setCookie(cookie(Self.signInCookie, token))
        return response
    }

    private func setFirstPassword(_ request: Request, _ secret: String, _ visit: Visit) async throws -> Response {
        let form = try await FormBody.read(request)
        guard WebSecurity.sameOrigin(request), let token = form["csrf"], let expected = request.cookies[Self.signInCookie]?.value, WebSecurity.equal(token, expected)
        else { return try await firstPassword(secret, visit, passwordError: visit.text("err_form_expired"), status: .forbidden) }
        do {
            _ = try await useCases.invitations.accept(secret, password: form["password"] ?? "", confirmation: form["confirmation"] ?? "")
        } catch TicketError.invalid(let problems) {
            let password = problems.first { $0.field == "password" }.map { problem in
                problem.code == .tooLong
                    ? visit.text("err_password_long", n: PasswordPolicy.maximumBytes) : visit.text("err_password_short", n: PasswordPolicy.minimumLength)
            }
            let confirmation = problems.first { $0.field == "confirmation" }.map { _ in visit.text("err_password_mismatch") }
            return try await firstPassword(secret, visit, passwordError: password, confirmationError: confirmation, status: .unprocessableContent)
        } catch TicketError.userNotFound {
            return message(visit, status: .notFound, title: "first_password_title", text: "link_invalid")
        }
        return redirect("/sign-in?password=1", cookies: [cookie(Self.signInCookie, "", maxAge: 0)])
    }

    private func signIn(_ request: Request, _ context: SSPRequestContext, _ visit: Visit) async throws -> Response {
        let form = try await FormBody.read(request)
        let email = form["email"] ?? ""
        // Login CSRF: the form's token must equal its cookie, and the request come from this site.
        guard WebSecurity.sameOrigin(request), let token = form["csrf"], let expected = request.cookies[Self.signInCookie]?.value,
            WebSecurity.equal(token, expected)
        else {
            return try await signInPage(request, visit, error: visit.text("err_form_expired"), email: email, status: .forbidden)
        }
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        do {
            let (_, user, secret) = try await useCases.sessions.signIn(
                email: email, password: form["password"] ?? "", address: address, ending: request.cookies[Self.sessionCookie]?.value)
            var cookies = [cookie(Self.sessionCookie, secret), cookie(Self.signInCookie, "", maxAge: 0)]
            // The person's own language, unless they switched before signing in.
            if request.cookies[Self.languageCookie] == nil { cookies.append(cookie(Self.languageCookie, user.language.rawValue, maxAge: 365 * 86_400)) }
            return redirect(WebSecurity.localPath(form["next"]), cookies: cookies)
        } catch SignInError.invalidCredentials {
            return try await signInPage(request, visit, error: visit.text("signin_invalid"), email: email, status: .unauthorized)
        } catch SignInError.throttled(let seconds) {
            var response = try await signInPage(request, visit, error: visit.text("signin_throttled", n: seconds), email: email, status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    private func signOut(_ request: Request, _ visit: Visit) async throws -> Response {
        let (_, passed) = try await checkedForm(request, visit)
        guard passed, let session = visit.session else { return redirect("/") }
        try await useCases.sessions.signOut(session)
        return redirect("/sign-in?out=1", cookies: [cookie(Self.sessionCookie, "", maxAge: 0)])
    }

    private func switchLanguage(_ request: Request, _ visit: Visit) async throws -> Response {
        let form = try await FormBody.read(request)
        let back = WebSecurity.localPath(form["back"])
        guard WebSecurity.sameOrigin(request), let language = form["lang"].flatMap(Language.init(rawValue:)) else { return redirect(back) }
        return redirect(back, cookies: [cookie(Self.languageCookie, language.rawValue, maxAge: 365 * 86_400)])
    }
}
