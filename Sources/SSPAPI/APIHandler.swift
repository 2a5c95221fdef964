import Foundation
import OpenAPIRuntime
import SSPCore

/// The `/api/v1` operations of `openapi.yaml`. Each translates the wire types,
/// calls the Core use case for the authenticated person and translates back.
/// Errors are thrown and become RFC 9457 problems in `ProblemMiddleware`.
struct APIHandler: APIProtocol {
    let desk: TicketDesk
    let surveys: SurveyDesk
    let reviews: ReviewDesk
    let desks: DeskBooking
    let catalogue: CatalogueDesk
    let people: PeopleDesk

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let user = try RequestIdentity.current()
        return .ok(.init(body: .json(.init(
            id: user.id.rawValue, name: user.name, email: user.email, organisation: user.organisation,
            administration: user.administration, language: wire(user.language),
            roles: Role.allCases.filter(user.roles.contains).map { wire($0) }, directorates: user.directorates.sorted(),
            leads: user.leads.sorted()))))
    }

    func listDirectorates(_ input: Operations.ListDirectorates.Input) async throws -> Operations.ListDirectorates.Output {
        let directorates = try await catalogue.directorates(by: try RequestIdentity.current())
        return .ok(.init(body: .json(.init(directorates: directorates.map(Components.Schemas.Directorate.init)))))
    }

    func listServices(_ input: Operations.ListServices.Input) async throws -> Operations.ListServices.Output {
        let user = try RequestIdentity.current()
        if let q = input.query.q, q.count > 200 { throw Problem.invalid([FieldProblem(field: "q", message: "at most 200 characters")]) }
        let services = try await catalogue.services(ServiceQuery(
            text: input.query.q, directorateCode: input.query.directorate, includeInactive: input.query.includeInactive ?? false), by: user)
        return .ok(.init(body: .json(.init(services: services.map { .init($0.service, directorate: $0.directorate) }))))
    }

    func getService(_ input: Operations.GetService.Input) async throws -> Operations.GetService.Output {
        let (service, directorate) = try await catalogue.service(code: input.path.code, by: try RequestIdentity.current())
        return .ok(.init(body: .json(.init(service, directorate: directorate))))
    }

    func fileTicket(_ input: Operations.FileTicket.Input) async throws -> Operations.FileTicket.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let ticket = try await desk.file(FileTicketRequest(
            serviceCode: body.service, subject: body.subject, description: body.description ?? "",
            answers: (body.answers?.additionalProperties ?? [:]).mapValues(\.core),
            channel: body.channel.map { wire($0) } ?? .api, requesterEmail: body.requester,
            impact: body.impact.map { wire($0) }, urgency: body.urgency.map { wire($0) }), by: user)
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
        if let cursor, cursor.sort != sort { problems.append(FieldProblem(field: "cursor", message: "a cursor of a listing sorted by \(cursor.sort.rawValue)")) }
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        let page = try await desk.list(TicketQuery(
            scope: .all, status: query.status.map { wire($0) }, directorateCode: query.directorate, assigneeID: assignee,
            requesterID: requester, serviceCode: query.service, priority: query.priority.map { wire($0) },
            openOnly: query.open ?? false, slaStatus: query.sla.map { wire($0) }, sort: sort,
            after: cursor, limit: query.limit ?? 50), by: user)
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

    func slaComplianceReport(_ input: Operations.SlaComplianceReport.Input) async throws -> Operations.SlaComplianceReport.Output {
        let user = try RequestIdentity.current()
        let range = try monthRange(input.query.from, input.query.to)
        let period: ReportPeriod = input.query.period.map { wire($0) } ?? .month
        let rows = try await desk.slaCompliance(range, period: period, directorate: input.query.directorate, by: user)
        let wantsCSV = input.headers.accept.sortedByQuality().first?.contentType == .csv
        if wantsCSV { return .ok(.init(body: .csv(HTTPBody(SLACompliance.csv(rows))))) }
        return .ok(.init(body: .json(.init(rows: rows.map { row in
            .init(directorate: row.directorateCode, service: row.serviceCode, priority: wire(row.priority), period: row.period,
                  tickets: row.tickets, met: row.met, breached: row.breached, compliancePercent: row.compliancePercent,
                  firstResponseMedianMinutes: row.firstResponseMedian, firstResponseP90Minutes: row.firstResponseP90,
                  resolutionMedianMinutes: row.resolutionMedian, resolutionP90Minutes: row.resolutionP90)
        }))))
    }

    func getTicketSurvey(_ input: Operations.GetTicketSurvey.Input) async throws -> Operations.GetTicketSurvey.Output {
        let user = try RequestIdentity.current()
        return .ok(.init(body: .json(.init(try await surveys.survey(of: try number(input.path.number), by: user)))))
    }

    func answerTicketSurvey(_ input: Operations.AnswerTicketSurvey.Input) async throws -> Operations.AnswerTicketSurvey.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let number = try number(input.path.number)
        _ = try await surveys.answer(number, score: body.score, comment: body.comment, by: user)
        return .ok(.init(body: .json(.init(try await surveys.survey(of: number, by: user)))))
    }

    func getSurveyByToken(_ input: Operations.GetSurveyByToken.Input) async throws -> Operations.GetSurveyByToken.Output {
        .ok(.init(body: .json(.init(try await surveys.survey(token: input.path.token, by: RequestIdentity.user)))))
    }

    func answerSurveyByToken(_ input: Operations.AnswerSurveyByToken.Input) async throws -> Operations.AnswerSurveyByToken.Output {
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        _ = try await surveys.answer(token: input.path.token, score: body.score, comment: body.comment, by: RequestIdentity.user)
        return .ok(.init(body: .json(.init(try await surveys.survey(token: input.path.token, by: RequestIdentity.user)))))
    }

    func satisfactionReport(_ input: Operations.SatisfactionReport.Input) async throws -> Operations.SatisfactionReport.Output {
        let user = try RequestIdentity.current()
        let range = try monthRange(input.query.from, input.query.to)
        let rows = try await surveys.satisfaction(
            range, by: input.query.by.map { wire($0) } ?? .directorate, period: input.query.period.map { wire($0) } ?? .month,
            directorate: input.query.directorate, actor: user)
        return .ok(.init(body: .json(.init(rows: rows.map { row in
            .init(group: row.group, period: row.period, sent: row.sent, answered: row.answered,
                  responseRatePercent: row.responseRatePercent, csatPercent: row.csatPercent, meanScore: row.meanScore,
                  tooFewAnswers: row.tooFewAnswers, reopenedAnswered: row.reopenedAnswered)
        }))))
    }

    // MARK: Reviews

    func createReview(_ input: Operations.CreateReview.Input) async throws -> Operations.CreateReview.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let targets = body.targets?.map { Target(wire($0.indicator), wire($0.comparator), $0.value) }
        let review = try await reviews.create(scope: body.scope.uppercased(), period: body.period, targets: targets, by: user)
        return .created(.init(headers: .init(location: "/api/v1/reviews/\(review.id)"), body: .json(.init(try await reviews.report(review.id, by: user)))))
    }

    func getReview(_ input: Operations.GetReview.Input) async throws -> Operations.GetReview.Output {
        let report = try await reviews.report(input.path.id, by: try RequestIdentity.current())
        switch input.headers.accept.sortedByQuality().first?.contentType {
        case .csv: return .ok(.init(body: .csv(HTTPBody(ReviewExport.csv(report)))))
        case .html: return .ok(.init(body: .html(HTTPBody(ReviewExport.html(report, language: input.query.language.map { wire($0) } ?? .nl)))))
        default: return .ok(.init(body: .json(.init(report))))
        }
    }

    func closeReview(_ input: Operations.CloseReview.Input) async throws -> Operations.CloseReview.Output {
        .ok(.init(body: .json(.init(try await reviews.close(input.path.id, by: try RequestIdentity.current())))))
    }

    func addReviewAction(_ input: Operations.AddReviewAction.Input) async throws -> Operations.AddReviewAction.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let action = try await reviews.addAction(to: input.path.id, title: body.title, owner: body.owner, due: try date(body.due, "due"), by: user)
        return .created(.init(body: .json(.init(action))))
    }

    func setReviewAction(_ input: Operations.SetReviewAction.Input) async throws -> Operations.SetReviewAction.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        return .ok(.init(body: .json(.init(try await reviews.setAction(input.path.id, status: wire(body.status), by: user)))))
    }

    // MARK: Helpers

    private func monthRange(_ from: String, _ to: String) throws -> MonthRange {
        guard let range = MonthRange(from: from, to: to) else {
            throw Problem.invalid([FieldProblem(field: "from", message: "from and to must be months YYYY-MM, from not after to")])
        }
        return range
    }

    /// A malformed number is answered like a missing ticket (404), never as a hint of what exists.
    private func number(_ text: String) throws -> TicketNumber {
        guard let number = TicketNumber(parsing: text) else { throw TicketError.ticketNotFound(text) }
        return number
    }

    private func wireTicket(_ ticket: Ticket) async throws -> Components.Schemas.Ticket {
        try await wireTickets([ticket])[0]
    }

    /// Tickets on the wire, with their people and their SLA clocks as of now.
    private func wireTickets(_ tickets: [Ticket], people known: [UserID: User]? = nil) async throws -> [Components.Schemas.Ticket] {
        var people = known ?? [:]
        if known == nil { people = try await self.people.people(Components.Schemas.Ticket.people(of: tickets), by: try RequestIdentity.current()) }
        let now = desk.clock.now()
        var calendars: [String: BusinessCalendar?] = [:]  // by service and priority
        var result: [Components.Schemas.Ticket] = []
        for ticket in tickets {
            let key = "\(ticket.serviceCode)/\(ticket.priority.rawValue)"
            if calendars[key] == nil { calendars[key] = .some(try await desk.slaCalendar(of: ticket)) }
            let sla = (calendars[key] ?? nil).map { ticket.slaView(at: now, on: $0) } ?? []
            result.append(.init(ticket, people: people, sla: sla))
        }
        return result
    }

    private func detail(_ view: TicketView) async throws -> Components.Schemas.TicketDetail {
        let ids = Components.Schemas.Ticket.people(of: [view.ticket])
            .union(view.comments.map(\.authorID)).union(view.events.compactMap(\.actorID))
        let people = try await self.people.people(ids, by: try RequestIdentity.current())
        return .init(
            value1: try await wireTickets([view.ticket], people: people)[0],
            value2: .init(comments: view.comments.map { .init($0, people: people) }, events: view.events.map { .init($0, people: people) }))
    }
}
