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
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: user.id.rawValue, name: user.name, email: user.email, organisation: user.organisation,
                        administration: user.administration, language: wire(user.language),
                        roles: Role.allCases.filter(user.roles.contains).map { wire($0) }, directorates: user.directorates.sorted(),
                        leads: user.leads.sorted()))))
    }

    // MARK: Helpers

    func monthRange(_ from: String, _ to: String) throws -> MonthRange {
        guard let range = MonthRange(from: from, to: to) else {
            throw Problem.invalid([FieldProblem(field: "from", message: "from and to must be months YYYY-MM, from not after to")])
        }
        return range
    }

    /// A malformed number is answered like a missing ticket (404), never as a hint of what exists.
    func number(_ text: String) throws -> TicketNumber {
        guard let number = TicketNumber(parsing: text) else { throw TicketError.ticketNotFound(text) }
        return number
    }

    func wireTicket(_ ticket: Ticket) async throws -> Components.Schemas.Ticket {
        try await wireTickets([ticket])[0]
    }

    /// Tickets on the wire, with their people and their SLA clocks as of now.
    func wireTickets(_ tickets: [Ticket], people known: [UserID: User]? = nil) async throws -> [Components.Schemas.Ticket] {
        var people = known ?? [:]
        if known == nil { people = try await self.people.people(Components.Schemas.Ticket.people(of: tickets), by: try RequestIdentity.current()) }
        let now = desk.clock.now()
        return zip(tickets, try await desk.slaCalendars(of: tickets)).map { ticket, calendar in
            .init(ticket, people: people, sla: calendar.map { ticket.slaView(at: now, on: $0) } ?? [])
        }
    }

    func detail(_ view: TicketView) async throws -> Components.Schemas.TicketDetail {
        let ids = Components.Schemas.Ticket.people(of: [view.ticket])
            .union(view.comments.map(\.authorID)).union(view.events.compactMap(\.actorID))
        let people = try await self.people.people(ids, by: try RequestIdentity.current())
        return .init(
            value1: try await wireTickets([view.ticket], people: people)[0],
            value2: .init(comments: view.comments.map { .init($0, people: people) }, events: view.events.map { .init($0, people: people) }))
    }
}
