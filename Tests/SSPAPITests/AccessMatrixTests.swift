import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SSPAPI
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// The seven roles of issue 9, one person each.
private enum Persona: String, CaseIterable, Sendable {
    case requester, agent, teamLead, counterClerk, qualityOfficer, facilities, admin
}

/// How the object of a request stands to the person making it (or, for reports and reviews, whose figures).
private enum Variant: String, Sendable {
    /// No particular object (filing, booking, a catalogue read).
    case none
    /// The person's own: their request (in HR, non-confidential), their booking.
    case own
    /// Another staff member's object in HR, not confidential.
    case anothers
    /// Another staff member's ticket in IT; for figures and reviews: IT's.
    case otherDirectorate
    /// Another staff member's unassigned HR-008 (medical certificate): confidential.
    case confidential
    /// Figures or a review of HR.
    case hr
    /// The SSP-wide review.
    case ssp
}

/// The relations each persona holds, written by hand from issue 9 (not computed by `Access`):
/// the matrix then checks that the server answers exactly what `Access.table` grants them.
private func relations(_ persona: Persona, _ variant: Variant) -> Set<Relation> {
    var relations: Set<Relation> = [.staff]
    switch persona {
    case .counterClerk: relations.insert(.counterClerk)
    case .qualityOfficer: relations.insert(.qualityOfficer)
    case .facilities: relations.insert(.facilities)
    case .admin: relations.insert(.admin)
    case .requester, .agent, .teamLead: break
    }
    if variant == .own { relations.formUnion([.requester, .owner]) }
    let hrObject = [.own, .anothers, .hr].contains(variant)
    if persona == .agent, hrObject { relations.insert(.agent) }  // never towards the confidential one
    if persona == .teamLead, hrObject || variant == .confidential { relations.insert(.teamLead) }
    return relations
}

/// One row of the matrix: an operation of the OpenAPI document.
private struct Row: Sendable {
    var variants: [Variant]
    /// The permission the request needs.
    var permission: @Sendable (Variant) -> Permission
    /// The permission to know the object exists; a refusal without it is 404, with it 403.
    /// `nil`: the object is always known to exist (filing, reports, token links): refusals are 403.
    var read: Permission?
    /// What the answer is when the table grants it.
    var success: HTTPResponse.Status
    /// Creates what the request acts on (for `variant`, acting as `actor`) and sends it.
    var send: @Sendable (Matrix, User, Variant) async throws -> Reply
    /// Filing relates the person to the service's directorate, not to a ticket: a confidential
    /// HR service is HR's like any other (agents and team leads of HR file on behalf in it).
    var towardsDirectorate = false
}

/// The API with the four extra personas (team lead of HR, counter clerk, quality officer,
/// facilities manager), the desk inventory and the fixtures' helpers.
private struct Matrix: Sendable {
    let api: API
    let useCases: UseCases
    let personas: [Persona: User]
    let tokens: [String: String]

    static func run(_ body: @Sendable (Matrix) async throws -> Void) async throws {
        try await API.run { api in
            try await seedDesks(api.db)
            _ = try await api.db.upsertUsers([
                NewUser(
                    name: "Lotte Peeters", email: "lotte.peeters@sprb.brussels", organisation: "GOB", administration: "BM", language: .nl,
                    roles: [.teamLead], directorates: ["HR"], managerEmail: nil),
                NewUser(
                    name: "Karim Benali", email: "karim.benali@sprb.brussels", organisation: "GOB", administration: "BM", language: .fr,
                    roles: [.counterClerk], directorates: [], managerEmail: nil),
                NewUser(
                    name: "Sofie Claes", email: "sofie.claes@sprb.brussels", organisation: "GOB", administration: "BM", language: .nl,
                    roles: [.qualityOfficer], directorates: [], managerEmail: nil),
                NewUser(
                    name: "Wout Jacobs", email: "wout.jacobs@sprb.brussels", organisation: "GOB", administration: "BM", language: .nl,
                    roles: [.facilities], directorates: [], managerEmail: nil),
            ])
            func get(_ email: String) async throws -> User { try #require(try await api.db.user(email: email)) }
            let people = api.people
            var personas: [Persona: User] = [.requester: people.requesterA, .agent: people.agentHR, .admin: people.admin]
            personas[.teamLead] = try await get("lotte.peeters@sprb.brussels")
            personas[.counterClerk] = try await get("karim.benali@sprb.brussels")
            personas[.qualityOfficer] = try await get("sofie.claes@sprb.brussels")
            personas[.facilities] = try await get("wout.jacobs@sprb.brussels")
            var tokens = api.tokens
            for user in personas.values where tokens[user.email] == nil {
                tokens[user.email] = try await api.db.createToken(for: user.id, name: "matrix", at: Instants.t0).secret
            }
            // 08:30 on Monday 2 June 2025: the morning's check-in is open.
            api.clock.set(Instants.at("2025-06-02T08:30:00+02:00"))
            try await body(Matrix(api: api, useCases: UseCases(database: api.db, clock: api.clock), personas: personas, tokens: tokens))
        }
    }

    func request(_ method: HTTPRequest.Method, _ uri: String, as user: User, body: (some Encodable)? = Optional<String>.none) async throws -> Reply {
        if let recorder = CountRecorder.current { recorder.before = try await counts() }
        var headers: HTTPFields = [.authorization: "Bearer \(tokens[user.email]!)"]
        let buffer = try body.map { ByteBuffer(bytes: try JSONEncoder().encode($0)) }
        if buffer != nil { headers[.contentType] = "application/json" }
        return try await api.client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return Reply(status: response.status, headers: response.headers, json: json, text: text)
        }
    }

    var lead: User { personas[.teamLead]! }
    var other: User { api.people.requesterB }

    /// A ticket for `variant` as seen by `actor`, brought to `status` by the directorate.
    func ticket(_ variant: Variant, for actor: User, status: TicketStatus = .new) async throws -> TicketNumber {
        let desk = useCases.tickets
        let request: FileTicketRequest
        var requester = other
        switch variant {
        case .otherDirectorate:
            request = laptopRequest("Laptop")
        case .confidential:
            request = FileTicketRequest(
                serviceCode: "HR-008", subject: "Ziektebriefje",
                answers: [
                    "start_date": .text("2025-06-02"), "end_date": .text("2025-06-06"), "may_leave_home": .bool(false),
                ])
        default:
            request = FileTicketRequest(serviceCode: "HR-030", subject: "Vraag", answers: ["question": .text("Hoeveel verlof?")])
            if variant == .own { requester = actor }
        }
        let number = try await desk.file(request, by: requester).number
        let worker = variant == .otherDirectorate ? api.people.agentIT : lead
        guard status != .new else { return number }
        _ = try await desk.assign(number, to: worker.email, by: worker)
        if [.inProgress, .waitingOnRequester, .resolved].contains(status) { _ = try await desk.apply(.start, to: number, by: worker) }
        if status == .waitingOnRequester { _ = try await desk.apply(.askRequester, to: number, by: worker) }
        if status == .resolved { _ = try await desk.apply(.resolve, to: number, by: worker) }
        return number
    }

    /// A resolved ticket whose survey invitation has gone out, and its token.
    func surveyed(_ variant: Variant, for actor: User) async throws -> (TicketNumber, String) {
        let number = try await ticket(variant, for: actor, status: .resolved)
        _ = try await api.db.executeForTesting("UPDATE survey SET invited_at = \(Int64(api.clock.now().timeIntervalSince1970 * 1000) - 60_000)")
        let requester = variant == .own ? actor : other
        let token = (try? await useCases.surveys.survey(of: number, by: requester))?.token ?? "none"
        return (number, token)
    }

    /// The review of `variant`'s scope for a period no other review of the run uses.
    func review(_ variant: Variant, period: String) async throws -> Review {
        try await useCases.reviews.create(scope: scope(variant), period: period, by: .operator)
    }

    func scope(_ variant: Variant) -> String { variant == .hr ? "HR" : variant == .otherDirectorate ? "IT" : "SSP" }

    /// A booking of the actor (`own`) or of another staff member, today's morning at a desk of floor 12.
    func booking(_ variant: Variant, for actor: User) async throws -> Booking {
        let owner = variant == .own ? actor : other
        return try await useCases.desks.book(owner, date: LocalDate(year: 2025, month: 6, day: 2), slot: .morning, desk: variant == .own ? "IRIS-F12-002" : "IRIS-F12-003")
    }

    /// Rows of every table: a refusal must change none.
    func counts() async throws -> String {
        let tables =
            try await api.db.executeForTesting(
                """
                SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT LIKE 'service_search%' ORDER BY name)
                """) ?? ""
        var result: [String] = []
        for table in tables.split(separator: ",") {
            result.append("\(table)=\(try await api.db.executeForTesting("SELECT count(*) || ':' || total(rowid) FROM \"\(table)\"") ?? "?")")
        }
        return result.joined(separator: " ")
    }
}

private let ticketVariants: [Variant] = [.own, .anothers, .otherDirectorate, .confidential]
private let reviewVariants: [Variant] = [.hr, .otherDirectorate, .ssp]
private let figureVariants: [Variant] = [.none, .hr, .otherDirectorate]
private let json = "application/json"

/// The rows, by operationId. A new operation in `openapi.yaml` without a row fails the test.
private let rows: [String: Row] = {
    func ticketRow(
        _ permission: Permission, status: TicketStatus = .new, success: HTTPResponse.Status = .ok,
        _ send: @escaping @Sendable (Matrix, User, TicketNumber) async throws -> Reply
    ) -> Row {
        Row(variants: ticketVariants, permission: { _ in permission }, read: .readTicket, success: success) { matrix, actor, variant in
            try await send(matrix, actor, try await matrix.ticket(variant, for: actor, status: status))
        }
    }
    func transition(_ action: TicketAction, from status: TicketStatus) -> Row {
        ticketRow(.transition(action), status: status) { m, actor, number in
            try await m.request(.post, "/api/v1/tickets/\(number)/transitions", as: actor, body: TransitionBody(action: action.rawValue, reason: "r"))
        }
    }
    func objectless(_ permission: Permission, success: HTTPResponse.Status = .ok, _ send: @escaping @Sendable (Matrix, User) async throws -> Reply) -> Row {
        Row(variants: [.none], permission: { _ in permission }, read: nil, success: success) { m, actor, _ in try await send(m, actor) }
    }
    func figures(_ kind: ReportKind, _ path: String) -> Row {
        Row(variants: figureVariants, permission: { _ in .readReport(kind) }, read: nil, success: .ok) { m, actor, variant in
            let directorate = variant == .none ? "" : "&directorate=\(m.scope(variant))"
            return try await m.request(.get, "\(path)?from=2025-06&to=2025-06\(directorate)", as: actor)
        }
    }
    func reviewRow(
        _ permission: Permission, success: HTTPResponse.Status = .ok,
        _ send: @escaping @Sendable (Matrix, User, Review) async throws -> Reply
    ) -> Row {
        Row(variants: reviewVariants, permission: { _ in permission }, read: .readReview, success: success) { m, actor, variant in
            try await send(m, actor, try await m.review(variant, period: "2025-05"))
        }
    }
    func bookingRow(_ send: @escaping @Sendable (Matrix, User, Booking) async throws -> Reply) -> Row {
        Row(variants: [.own, .anothers], permission: { _ in .manageBooking }, read: .manageBooking, success: .ok) { m, actor, variant in
            try await send(m, actor, try await m.booking(variant, for: actor))
        }
    }
    let occupancy = "from=2025-06-02&to=2025-06-06"
    return [
        "getMe": objectless(.readProfile) { m, actor in try await m.request(.get, "/api/v1/me", as: actor) },
        "listDirectorates": objectless(.readCatalogue) { m, actor in try await m.request(.get, "/api/v1/directorates", as: actor) },
        "listServices": objectless(.readCatalogue) { m, actor in try await m.request(.get, "/api/v1/services?q=verlof", as: actor) },
        "getService": objectless(.readCatalogue) { m, actor in try await m.request(.get, "/api/v1/services/HR-030", as: actor) },
        "fileTicket": Row(
            variants: [.own, .anothers, .otherDirectorate, .confidential],
            permission: { $0 == .own ? .fileTicket : .fileOnBehalf }, read: nil, success: .created
        ) { m, actor, variant in
            let service = variant == .otherDirectorate ? "IT-002" : variant == .confidential ? "HR-008" : "HR-030"
            let answers: [String: JSONValue] =
                variant == .otherDirectorate
                ? ["asset_tag": .string("GOB-1"), "problem": .string("Zwart scherm"), "can_work": .bool(false)]
                : variant == .confidential
                    ? ["start_date": .string("2025-06-02"), "end_date": .string("2025-06-06"), "may_leave_home": .bool(false)]
                    : ["question": .string("Hoeveel verlof?")]
            return try await m.request(
                .post, "/api/v1/tickets", as: actor,
                body: FileBody(
                    service: service, subject: "Aan de balie", answers: answers, channel: "counter",
                    requester: variant == .own ? nil : m.other.email))
        } ~ { $0.towardsDirectorate = true },
        "listTickets": objectless(.readProfile) { m, actor in try await m.request(.get, "/api/v1/tickets", as: actor) },
        "getTicket": ticketRow(.readTicket) { m, actor, number in try await m.request(.get, "/api/v1/tickets/\(number)", as: actor) },
        "addComment": ticketRow(.reply, status: .assigned, success: .created) { m, actor, number in
            try await m.request(.post, "/api/v1/tickets/\(number)/comments", as: actor, body: CommentBody(body: "Een vraag", visibility: "reply"))
        },
        "addComment.note": ticketRow(.addNote, status: .assigned, success: .created) { m, actor, number in
            try await m.request(.post, "/api/v1/tickets/\(number)/comments", as: actor, body: CommentBody(body: "Nota", visibility: "note"))
        },
        // `approve` and `reject` need the line manager, a relation no persona holds here: the lifecycle
        // and API tests cover them; `close` is the system's and not in the contract.
        "applyTransition": transition(.start, from: .assigned),
        "applyTransition.ask_requester": transition(.askRequester, from: .inProgress),
        "applyTransition.reply": transition(.reply, from: .waitingOnRequester),
        "applyTransition.resolve": transition(.resolve, from: .inProgress),
        "applyTransition.reopen": transition(.reopen, from: .resolved),
        "applyTransition.confirm": transition(.confirm, from: .resolved),
        "applyTransition.cancel": transition(.cancel, from: .new),
        "reprioritiseTicket": ticketRow(.reprioritise, status: .assigned) { m, actor, number in
            try await m.request(.put, "/api/v1/tickets/\(number)/priority", as: actor, body: PriorityBody(impact: "high", urgency: "high"))
        },
        "assignTicket": ticketRow(.transition(.assign)) { m, actor, number in
            let ticket = try await m.api.db.ticket(number: number)!
            let assignee = ticket.directorateCode == "IT" ? m.api.people.agentIT : m.lead
            return try await m.request(.put, "/api/v1/tickets/\(number)/assignment", as: actor, body: AssignmentBody(assignee: assignee.email))
        },
        "getTicketSurvey": Row(variants: ticketVariants, permission: { _ in .answerSurvey }, read: .answerSurvey, success: .ok) { m, actor, variant in
            try await m.request(.get, "/api/v1/tickets/\(try await m.surveyed(variant, for: actor).0)/survey", as: actor)
        },
        "answerTicketSurvey": Row(variants: ticketVariants, permission: { _ in .answerSurvey }, read: .answerSurvey, success: .ok) { m, actor, variant in
            try await m.request(.post, "/api/v1/tickets/\(try await m.surveyed(variant, for: actor).0)/survey", as: actor, body: SurveyBody(score: 4))
        },
        "getSurveyByToken": Row(variants: [.own, .anothers], permission: { _ in .answerSurvey }, read: nil, success: .ok) { m, actor, variant in
            try await m.request(.get, "/api/v1/surveys/\(try await m.surveyed(variant, for: actor).1)", as: actor)
        },
        "answerSurveyByToken": Row(variants: [.own, .anothers], permission: { _ in .answerSurvey }, read: nil, success: .ok) { m, actor, variant in
            try await m.request(.post, "/api/v1/surveys/\(try await m.surveyed(variant, for: actor).1)", as: actor, body: SurveyBody(score: 4))
        },
        "createReview": Row(variants: reviewVariants, permission: { _ in .manageReviews }, read: nil, success: .created) { m, actor, variant in
            try await m.request(.post, "/api/v1/reviews", as: actor, body: ReviewBody(scope: m.scope(variant), period: "2025-04"))
        },
        "getReview": reviewRow(.readReview) { m, actor, review in try await m.request(.get, "/api/v1/reviews/\(review.id)", as: actor) },
        "closeReview": reviewRow(.manageReviews) { m, actor, review in try await m.request(.post, "/api/v1/reviews/\(review.id)/close", as: actor) },
        "addReviewAction": reviewRow(.manageReviews, success: .created) { m, actor, review in
            try await m.request(.post, "/api/v1/reviews/\(review.id)/actions", as: actor, body: ActionBody(title: "Terugbellen", owner: "HR", due: "2025-09-30"))
        },
        "setReviewAction": reviewRow(.manageReviews) { m, actor, review in
            let action = try await m.useCases.reviews.addAction(to: review.id, title: "Terugbellen", owner: "HR", due: LocalDate(year: 2025, month: 9, day: 30), by: .operator)
            return try await m.request(.put, "/api/v1/review-actions/\(action.id)", as: actor, body: ["status": "done"])
        },
        "satisfactionReport": figures(.satisfaction, "/api/v1/reports/satisfaction"),
        "slaComplianceReport": figures(.sla, "/api/v1/reports/sla"),
        "listDesks": objectless(.bookDesk) { m, actor in try await m.request(.get, "/api/v1/desks?date=2025-06-04&zone=IRIS-F12-BM", as: actor) },
        "checkInAtDesk": objectless(.bookDesk) { m, actor in try await m.request(.post, "/api/v1/desks/IRIS-F12-004/check-in", as: actor) },
        "listMyBookings": objectless(.bookDesk) { m, actor in try await m.request(.get, "/api/v1/desks/bookings?from=2025-06-02&to=2025-06-30", as: actor) },
        "bookDesk": objectless(.bookDesk, success: .created) { m, actor in
            try await m.request(.post, "/api/v1/desks/bookings", as: actor, body: BookingBody(date: "2025-06-04", slot: "day", zone: "IRIS-F12-BM"))
        },
        "cancelMyBookings": objectless(.bookDesk) { m, actor in
            try await m.request(.post, "/api/v1/desks/bookings/cancellations", as: actor, body: RangeBody(from: "2025-06-20", to: "2025-06-20"))
        },
        "getBooking": bookingRow { m, actor, booking in try await m.request(.get, "/api/v1/desks/bookings/\(booking.id)", as: actor) },
        "checkInBooking": bookingRow { m, actor, booking in try await m.request(.post, "/api/v1/desks/bookings/\(booking.id)/check-in", as: actor) },
        "cancelBooking": bookingRow { m, actor, booking in try await m.request(.post, "/api/v1/desks/bookings/\(booking.id)/cancel", as: actor) },
        "listSharedPresence": objectless(.readSharedPresence) { m, actor in try await m.request(.get, "/api/v1/desks/presence?date=2025-06-02", as: actor) },
        "getPresenceSharing": Row(variants: [.own], permission: { _ in .setPresenceSharing }, read: nil, success: .ok) { m, actor, _ in
            try await m.request(.get, "/api/v1/me/presence-sharing", as: actor)
        },
        "setPresenceSharing": Row(variants: [.own], permission: { _ in .setPresenceSharing }, read: nil, success: .ok) { m, actor, _ in
            try await m.request(.put, "/api/v1/me/presence-sharing", as: actor, body: ["share": true])
        },
        "occupancyReport": objectless(.readReport(.occupancy)) { m, actor in try await m.request(.get, "/api/v1/reports/occupancy?\(occupancy)", as: actor) },
        "occupancyHeatMap": objectless(.readReport(.occupancy)) { m, actor in
            try await m.request(.get, "/api/v1/reports/occupancy/heatmap?\(occupancy)", as: actor)
        },
        "occupancyCapacity": objectless(.readReport(.occupancy)) { m, actor in
            try await m.request(.get, "/api/v1/reports/occupancy/capacity?\(occupancy)&change=10&administration=BM", as: actor)
        },
    ]
}()

infix operator ~ : AdditionPrecedence
/// A row changed by `change`.
private func ~ (row: Row, change: (inout Row) -> Void) -> Row {
    var row = row
    change(&row)
    return row
}

/// What the table says the answer to `row` with `variant` by `persona` is.
private func expected(_ row: Row, _ persona: Persona, _ variant: Variant) -> HTTPResponse.Status {
    let held = relations(persona, row.towardsDirectorate && variant == .confidential ? .anothers : variant)
    let permission = row.permission(variant)
    // Figures without a directorate: a directorate relation to any of the person's directorates will do.
    let granted =
        variant == .none && permission.isReport
        ? Access.allows(permission, held.union(persona == .agent ? [.agent] : persona == .teamLead ? [.teamLead] : []))
        : Access.allows(permission, held)
    if granted { return row.success }
    // The SSP-wide review is the role relations' alone.
    if let read = row.read, !Access.allows(read, held) { return .notFound }
    return .forbidden
}

extension Permission {
    fileprivate var isReport: Bool { if case .readReport = self { true } else { false } }
}

@Suite("Access matrix: every operation × role × object")
struct AccessMatrixTests {
    @Test("every OpenAPI operation has a row")
    func everyOperationHasARow() throws {
        let spec = String(decoding: try openAPIDocument(), as: UTF8.self)
        let operations = Set(spec.matches(of: /operationId: (\w+)/).map { String($0.1) })
        #expect(operations.count == 36)
        #expect(operations.subtracting(rows.keys.map { String($0.split(separator: ".")[0]) }).isEmpty)
        #expect(Set(rows.keys.map { String($0.split(separator: ".")[0]) }).subtracting(operations).isEmpty)
    }

    @Test(
        "the answer is what the access table grants; refusals are 404 for unknowable objects, 403 otherwise, and write nothing",
        arguments: Persona.allCases)
    fileprivate func matrix(_ persona: Persona) async throws {
        var checked = 0
        for (name, row) in rows.sorted(by: { $0.key < $1.key }) {
            for variant in row.variants {
                try await Matrix.run { m in
                    let actor = m.personas[persona]!
                    let want = expected(row, persona, variant)
                    // Fixtures are created inside `send`; the counts are taken around the request alone.
                    let reply = try await withKnownCounts(m) { try await row.send(m, actor, variant) }
                    #expect(reply.reply.status == want, "\(name) \(variant) by \(persona): \(reply.reply.text.prefix(300))")
                    if want.code >= 400 {
                        #expect(reply.before == reply.after, "\(name) \(variant) by \(persona) wrote despite \(reply.reply.status)")
                    }
                }
                checked += 1
            }
        }
        // 42 rows (36 operations; comments as reply and note; transitions as seven actions) and their objects.
        #expect(checked == 107)
    }

    @Test("a counter clerk files at the counter for a colleague, follows it, and may not file through the portal channel")
    func counterClerk() async throws {
        try await Matrix.run { m in
            let clerk = m.personas[.counterClerk]!
            // Given a colleague at the counter, when the clerk files for them by phone
            let filed = try await m.request(
                .post, "/api/v1/tickets", as: clerk,
                body: FileBody(
                    service: "IT-002", subject: "Laptop kapot", answers: ["asset_tag": .string("GOB-7"), "problem": .string("Scherm"), "can_work": .bool(false)],
                    channel: "phone", requester: m.other.email))
            // Then the ticket is the colleague's, filed by the clerk, and the clerk sees it in their list
            #expect(filed.status == .created)
            #expect((filed["requester"] as? [String: Any])?["email"] as? String == m.other.email)
            #expect((filed["filed_by"] as? [String: Any])?["email"] as? String == clerk.email)
            #expect(filed.string("channel") == "phone")
            let listed = try await m.request(.get, "/api/v1/tickets", as: clerk)
            #expect((listed["tickets"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == [filed.string("number")!])
            // A filing on behalf through the portal channel is refused, naming the field, and writes nothing
            let before = try await m.counts()
            let portal = try await m.request(
                .post, "/api/v1/tickets", as: clerk,
                body: FileBody(
                    service: "HR-030", subject: "Vraag", answers: ["question": .string("?")], channel: "portal", requester: m.other.email))
            #expect(portal.status == .unprocessableContent)
            #expect((portal["errors"] as? [[String: Any]])?.first?["field"] as? String == "channel")
            #expect(try await m.counts() == before)
            // A confidential filing answers the clerk once; afterwards the ticket is the directorate's
            let confidential = try await m.request(
                .post, "/api/v1/tickets", as: clerk,
                body: FileBody(
                    service: "HR-008", subject: "Ziektebriefje",
                    answers: [
                        "start_date": .string("2025-06-02"), "end_date": .string("2025-06-04"), "may_leave_home": .bool(true),
                    ],
                    channel: "counter", requester: m.other.email))
            #expect(confidential.status == .created)
            #expect(confidential.string("subject") == "Ziektebriefje")
            #expect(try await m.request(.get, "/api/v1/tickets/\(confidential.string("number")!)", as: clerk).status == .notFound)
        }
    }

    @Test("a confidential HR ticket: invisible to an HR agent until assigned, read by the team lead, its survey comment never in the review")
    func confidentialTicket() async throws {
        try await Matrix.run { m in
            let agent = m.api.people.agentHR
            let number = try await m.ticket(.confidential, for: agent)
            // The HR agent neither reads it nor finds it in the queue; the team lead does
            #expect(try await m.request(.get, "/api/v1/tickets/\(number)", as: agent).status == .notFound)
            let queue = try await m.request(.get, "/api/v1/tickets?directorate=HR", as: agent)
            #expect((queue["tickets"] as? [Any])?.count == 0)
            #expect(try await m.request(.get, "/api/v1/tickets/\(number)", as: m.lead).status == .ok)
            // Once the team lead assigns it to the agent, the agent works it
            #expect(try await m.request(.put, "/api/v1/tickets/\(number)/assignment", as: m.lead, body: AssignmentBody(assignee: agent.email)).status == .ok)
            #expect(try await m.request(.get, "/api/v1/tickets/\(number)", as: agent).status == .ok)
            _ = try await m.useCases.tickets.apply(.start, to: number, by: agent)
            _ = try await m.useCases.tickets.apply(.resolve, to: number, by: agent)
            // The requester answers the survey with a comment; a non-confidential HR ticket gets one too
            _ = try await m.api.db.executeForTesting("UPDATE survey SET invited_at = \(Int64(m.api.clock.now().timeIntervalSince1970 * 1000) - 60_000)")
            _ = try await m.useCases.surveys.answer(number, score: 2, comment: "Mijn chef pest mij", by: m.other)
            let open = try await m.surveyed(.anothers, for: agent).0
            _ = try await m.useCases.surveys.answer(open, score: 5, comment: "Vlot geholpen", by: m.other)
            // The quality officer's HR review counts both answers and samples the open comment only
            let review = try await m.request(.post, "/api/v1/reviews", as: m.personas[.qualityOfficer]!, body: ReviewBody(scope: "HR", period: "2025-06"))
            #expect(review.status == .created)
            #expect(review["comments"] as? [String] == ["Vlot geholpen"])
            #expect(!review.text.contains("pest"))
            #expect(!review.text.contains("Ziektebriefje"))
        }
    }

    @Test("the list scope equals the tickets the table lets each person read, on tickets in every relation")
    func listScopeEqualsTable() async throws {
        try await Matrix.run { m in
            // Every relation: own, filed on behalf (by the counter), another's, another directorate's,
            // confidential unassigned and assigned, awaiting approval of the manager, in every status.
            var numbers: [TicketNumber] = []
            for persona in Persona.allCases {
                let actor = m.personas[persona]!
                for variant in ticketVariants {
                    for status: TicketStatus in [.new, .assigned, .resolved] { numbers.append(try await m.ticket(variant, for: actor, status: status)) }
                }
            }
            let clerk = m.personas[.counterClerk]!
            numbers.append(
                try await m.useCases.tickets.file(
                    FileTicketRequest(
                        serviceCode: "HR-030", subject: "Balie", answers: ["question": .text("?")], channel: .counter, requesterEmail: m.other.email), by: clerk
                ).number)
            numbers.append(
                try await m.useCases.tickets.file(
                    FileTicketRequest(
                        serviceCode: "PRE-002", subject: "Balie", answers: ["preferred_language": .text("fr"), "contact_preference": .text("email")],
                        channel: .phone, requesterEmail: m.other.email), by: clerk
                ).number)
            let confidentialAssigned = try await m.ticket(.confidential, for: clerk)
            _ = try await m.useCases.tickets.assign(confidentialAssigned, to: m.api.people.agentHR.email, by: m.lead)
            numbers.append(confidentialAssigned)
            numbers.append(
                try await m.useCases.tickets.file(
                    FileTicketRequest(
                        serviceCode: "HR-005", subject: "Cumul",
                        answers: [
                            "activity": .text("Lesgever"), "hours_per_week": .number(4), "paid": .bool(true),
                            "start_date": .text("2025-09-01"),
                        ]), by: m.api.people.requesterA
                ).number)
            let everyone = Array(m.personas.values) + [m.api.people.manager, m.api.people.agentIT, m.other]
            var compared = 0
            for person in everyone {
                var listed: Set<TicketNumber> = []
                var query = TicketQuery(scope: .all, limit: 200)
                repeat {
                    let page = try await m.useCases.tickets.list(query, by: person)
                    listed.formUnion(page.tickets.map(\.number))
                    query.after = page.next
                } while query.after != nil
                var readable: Set<TicketNumber> = []
                for number in numbers where (try? await m.useCases.tickets.view(number, by: person)) != nil { readable.insert(number) }
                #expect(listed == readable, "\(person.email)")
                compared += numbers.count
            }
            let expectedTickets = 7 * 4 * 3 + 4
            #expect(numbers.count == expectedTickets)
            #expect(compared == 10 * expectedTickets)
        }
    }
}

/// The row counts taken by `Matrix.request` just before it sends: after the fixtures exist.
private final class CountRecorder: @unchecked Sendable {
    @TaskLocal static var current: CountRecorder?
    private let lock = NSLock()
    private var value: String?
    var before: String? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Runs `body` (fixtures, then one request) and returns its reply with the row counts just
/// before the request and after it.
private func withKnownCounts(_ m: Matrix, _ body: @Sendable () async throws -> Reply) async throws -> (reply: Reply, before: String, after: String) {
    let recorder = CountRecorder()
    let reply = try await CountRecorder.$current.withValue(recorder) {
        try await body()
    }
    let after = try await m.counts()
    return (reply, recorder.before ?? "not recorded", after)
}
