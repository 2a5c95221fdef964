import Foundation
import OpenAPIRuntime
import SSPCore

/// The ticket operations: filing, listing, reading, comments, transitions, priority, assignment.
extension APIHandler {
    func fileTicket(_ input: Operations.FileTicket.Input) async throws -> Operations.FileTicket.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let ticket = try await desk.file(
            FileTicketRequest(
                serviceCode: body.service, subject: body.subject, description: body.description ?? "",
                answers: (body.answers?.additionalProperties ?? [:]).mapValues(\.core),
                channel: body.channel.map { wire($0) } ?? .api,
                // An empty requester is no requester (the caller files for themself), as an empty filter is no filter.
                requesterEmail: body.requester.flatMap { $0.isEmpty ? nil : $0 },
                impact: body.impact.map { wire($0) }, urgency: body.urgency.map { wire($0) },
                // The Idempotency-Key is also the filing's submission key: a retry after a crash between the
                // ticket's commit and the kept answer still files nothing twice.
                submissionKey: try input.headers.idempotencyKey.map(IdempotencyDesk.key(fromHeader:))), by: user)
        let detail = try await detail(try await desk.filed(ticket, by: user))
        return .created(.init(headers: .init(location: "/api/v1/tickets/\(ticket.number)"), body: .json(detail)))
    }

    func getTicket(_ input: Operations.GetTicket.Input) async throws -> Operations.GetTicket.Output {
        let user = try RequestIdentity.current()
        let view = try await desk.view(try number(input.path.number), by: user)
        return .ok(.init(headers: .init(eTag: ETag.of(view)), body: .json(try await detail(view))))
    }

    func listTickets(_ input: Operations.ListTickets.Input) async throws -> Operations.ListTickets.Output {
        let user = try RequestIdentity.current()
        var query = input.query
        // An empty parameter (`?assignee=`) means no filter.
        func present(_ value: String?) -> String? { value?.isEmpty == true ? nil : value }
        query.directorate = present(query.directorate)
        query.assignee = present(query.assignee)
        query.requester = present(query.requester)
        query.service = present(query.service)
        query.cursor = present(query.cursor)
        query.q = present(query.q)
        var problems: [FieldProblem] = []
        var cursor: TicketCursor?
        if let token = query.cursor {
            cursor = TicketCursor(token: token)
            if cursor == nil { problems.append(FieldProblem(field: "cursor", message: "not a cursor returned by this API")) }
        }
        if let limit = query.limit, !(1...200).contains(limit) { problems.append(FieldProblem(field: "limit", message: "must be 1 to 200")) }
        func person(_ email: String?, _ field: String) async throws -> UserID? {
            guard let email else { return nil }
            if email == "me" { return user.id }
            guard let found = try await people.person(email: email, by: user) else {
                problems.append(FieldProblem(field: field, message: "no user \(email)"))
                return nil
            }
            return found.id
        }
        let assignee = try await person(query.assignee, "assignee")
        let requester = try await person(query.requester, "requester")
        let sort: TicketSort = query.sort.map { wire($0) } ?? .newest
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        let page: TicketPage
        do {
            page = try await desk.list(
                TicketQuery(
                    scope: .all, status: query.status.map { wire($0) }, directorateCode: query.directorate, assigneeID: assignee,
                    requesterID: requester, serviceCode: query.service, priority: query.priority.map { wire($0) },
                    openOnly: query.open ?? false, slaStatus: query.sla.map { wire($0) }, sort: sort,
                    text: query.q.map(TicketSearchText.init), after: cursor, limit: query.limit ?? 50), by: user)
        } catch TicketError.invalid(let problems) where problems.allSatisfy({ $0.field == "cursor" }) {
            // A cursor replayed with other filters is a bad query parameter, like a malformed one.
            throw Problem.cursorMismatch(problems)
        }
        return .ok(.init(body: .json(.init(tickets: try await wireTickets(page.tickets), nextCursor: page.next?.token))))
    }

    func addComment(_ input: Operations.AddComment.Input) async throws -> Operations.AddComment.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let number = try number(input.path.number)
        let (_, comment) = try await conditionally(number, input.headers.ifMatch, by: user) { version in
            try await desk.comment(on: number, body: body.body, visibility: body.visibility.map { wire($0) } ?? .reply, by: user, ifVersion: version)
        }
        return .created(.init(body: .json(.init(comment, people: [user.id: user]))))
    }

    func applyTransition(_ input: Operations.ApplyTransition.Input) async throws -> Operations.ApplyTransition.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let number = try number(input.path.number)
        let ticket = try await conditionally(number, input.headers.ifMatch, by: user) { version in
            try await desk.apply(wire(body.action), to: number, by: user, reason: body.reason, ifVersion: version)
        }
        return .ok(.init(headers: .init(eTag: await currentETag(number, by: user)), body: .json(try await wireTicket(ticket))))
    }

    func reprioritiseTicket(_ input: Operations.ReprioritiseTicket.Input) async throws -> Operations.ReprioritiseTicket.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let number = try number(input.path.number)
        let ticket = try await conditionally(number, input.headers.ifMatch, by: user) { version in
            try await desk.reprioritise(number, impact: wire(body.impact), urgency: wire(body.urgency), by: user, ifVersion: version)
        }
        return .ok(.init(headers: .init(eTag: await currentETag(number, by: user)), body: .json(try await wireTicket(ticket))))
    }

    func assignTicket(_ input: Operations.AssignTicket.Input) async throws -> Operations.AssignTicket.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let number = try number(input.path.number)
        // `me`: take the ticket, only while nobody else holds it.
        let taking = body.assignee == "me"
        let ticket = try await conditionally(number, input.headers.ifMatch, by: user) { version in
            try await desk.assign(number, to: taking ? user.email : body.assignee, by: user, ifVersion: version, onlyIfUnassigned: taking)
        }
        return .ok(.init(headers: .init(eTag: await currentETag(number, by: user)), body: .json(try await wireTicket(ticket))))
    }

    /// Runs `change` with the version of `If-Match` (`nil` without the header or with `*`); a
    /// stale version is a 412 carrying the ticket's current `ETag`.
    private func conditionally<T>(_ number: TicketNumber, _ ifMatch: String?, by user: User, _ change: (Int64?) async throws -> T) async throws -> T {
        let version: Int64?
        switch ETag.parse(ifMatch) {
        case .absent, .any: version = nil
        // A weak or foreign tag never matches (RFC 9110 §13.1.1: strong comparison); -1 is before every event.
        case let .tag(tag): version = Int64(tag).flatMap { $0 >= 0 ? $0 : nil } ?? -1
        case .unmatchable: version = -1
        }
        do {
            return try await change(version)
        } catch TicketError.versionMismatch(let ticket) {
            var problem = Problem(TicketError.versionMismatch(ticket))
            problem.currentETag = await currentETag(number, by: user)
            throw problem
        }
    }

    /// The ticket's `ETag` for `user` now; `nil` when the change left them unable to read it (a
    /// line manager's approval ends their relation to the ticket).
    private func currentETag(_ number: TicketNumber, by user: User) async -> String? {
        (try? await desk.view(number, by: user)).map(ETag.of)
    }
}

/// Entity tags. A ticket's: its `TicketView.version` for the reader, quoted (`"42"`), moving with
/// every event the reader sees (the SLA figures computed at read time, used and remaining
/// minutes, may differ between two answers with the same tag). A booking's: its state
/// (`"booked"`), since a booking only ever changes state, once.
enum ETag {
    static func of(_ view: TicketView) -> String { "\"\(view.version)\"" }
    static func of(_ booking: Booking) -> String { "\"\(booking.state.rawValue)\"" }

    enum Condition: Equatable {
        /// No `If-Match`, or `*`.
        case absent, any
        /// One strong tag: what is between its quotes.
        case tag(String)
        /// Weak, a list, or not a tag: matches nothing.
        case unmatchable
    }

    static func parse(_ header: String?) -> Condition {
        guard let header else { return .absent }
        let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if tags == ["*"] { return .any }
        guard tags.count == 1, let tag = tags.first, tag.count >= 3, tag.hasPrefix("\""), tag.hasSuffix("\"") else { return .unmatchable }
        return .tag(String(tag.dropFirst().dropLast()))
    }
}
