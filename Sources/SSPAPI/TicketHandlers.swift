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
                channel: body.channel.map { wire($0) } ?? .api, requesterEmail: body.requester,
                impact: body.impact.map { wire($0) }, urgency: body.urgency.map { wire($0) },
                // The Idempotency-Key is also the filing's submission key: a retry after a crash between the
                // ticket's commit and the kept answer still files nothing twice.
                submissionKey: try input.headers.idempotencyKey.map(IdempotencyDesk.key(fromHeader:))), by: user)
        let detail = try await detail(try await desk.filed(ticket, by: user))
        return .created(.init(headers: .init(location: "/api/v1/tickets/\(ticket.number)"), body: .json(detail)))
    }

    func getTicket(_ input: Operations.GetTicket.Input) async throws -> Operations.GetTicket.Output {
        let user = try RequestIdentity.current()
        return .ok(.init(body: .json(try await detail(try await desk.view(try number(input.path.number), by: user)))))
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
        let (_, comment) = try await desk.comment(
            on: try number(input.path.number), body: body.body, visibility: body.visibility.map { wire($0) } ?? .reply, by: user)
        return .created(.init(body: .json(.init(comment, people: [user.id: user]))))
    }

    func applyTransition(_ input: Operations.ApplyTransition.Input) async throws -> Operations.ApplyTransition.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let ticket = try await desk.apply(wire(body.action), to: try number(input.path.number), by: user, reason: body.reason)
        return .ok(.init(body: .json(try await wireTicket(ticket))))
    }

    func reprioritiseTicket(_ input: Operations.ReprioritiseTicket.Input) async throws -> Operations.ReprioritiseTicket.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let ticket = try await desk.reprioritise(try number(input.path.number), impact: wire(body.impact), urgency: wire(body.urgency), by: user)
        return .ok(.init(body: .json(try await wireTicket(ticket))))
    }

    func assignTicket(_ input: Operations.AssignTicket.Input) async throws -> Operations.AssignTicket.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let ticket = try await desk.assign(try number(input.path.number), to: body.assignee, by: user)
        return .ok(.init(body: .json(try await wireTicket(ticket))))
    }
}
