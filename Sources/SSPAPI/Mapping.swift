import Foundation
import OpenAPIRuntime
import SSPCore

/// Conversions between Core types and the generated wire types. The API holds
/// no rule: it only translates.

/// Converts between a Core enum and its generated twin, which share raw values
/// by construction (the OpenAPI document lists the same strings); `ContractEnumTests` checks every case.
func wire<A: RawRepresentable, B: RawRepresentable>(_ value: A, as: B.Type = B.self) -> B where A.RawValue == String, B.RawValue == String {
    guard let converted = B(rawValue: value.rawValue) else { preconditionFailure("\(B.self) has no case '\(value.rawValue)'") }
    return converted
}

extension Components.Schemas.LocalizedText {
    init(_ text: LocalizedText) { self.init(nl: text.nl, fr: text.fr, en: text.en) }
}

extension Components.Schemas.SLATargets {
    static func list(_ policy: (Priority) -> SLATargets?) -> [Self] {
        Priority.allCases.compactMap { priority in
            policy(priority).map { Self(priority: wire(priority), firstResponseMinutes: $0.firstResponseMinutes, resolutionMinutes: $0.resolutionMinutes) }
        }
    }
}

extension Components.Schemas.Directorate {
    init(_ directorate: Directorate) {
        self.init(
            code: directorate.code, name: .init(directorate.name),
            contact: .init(email: directorate.contact.email, phone: directorate.contact.phone, location: directorate.contact.location.map { .init($0) }),
            calendar: directorate.calendarID, sla: Components.Schemas.SLATargets.list { directorate.sla.targets(for: $0) })
    }
}

extension Components.Schemas.Service {
    /// The service for the wire; a `summary` (search results) leaves out the form and the SLA.
    init(_ service: Service, directorate: Directorate?, summary: Bool = false) {
        self.init(
            code: service.code, directorate: service.directorateCode, name: .init(service.name),
            description: .init(service.description), category: .init(service.category), kind: wire(service.kind),
            defaultImpact: wire(service.defaultImpact), defaultUrgency: wire(service.defaultUrgency),
            defaultPriority: wire(Priority.matrix(impact: service.defaultImpact, urgency: service.defaultUrgency)),
            approval: wire(service.approval), audience: wire(service.audience), active: service.active,
            form: summary
                ? nil
                : service.form.map { field in
                    .init(
                        key: field.key, _type: wire(field.type), required: field.required, label: .init(field.label),
                        options: field.type == .choice ? field.options.map { .init(value: $0.value, label: .init($0.label)) } : nil)
                },
            sla: summary
                ? nil
                : Components.Schemas.SLATargets.list { priority in
                    directorate.flatMap { service.slaTargets(priority: priority, directorate: $0) } ?? service.sla?.targets(for: priority)
                })
    }
}

extension Components.Schemas.Person {
    init(_ user: User?, id: UserID) {
        self.init(id: id.rawValue, name: user?.name ?? "", email: user?.email ?? "")
    }
}

extension Components.Schemas.FormValue {
    init(_ value: FormValue) {
        switch value {
        case let .text(text): self = .case1(text)
        case let .number(number): self = .case2(number)
        case let .bool(bool): self = .case3(bool)
        case let .date(date): self = .case1(date.description)
        }
    }

    var core: FormValue {
        switch self {
        case let .case1(text): .text(text)
        case let .case2(number): .number(number)
        case let .case3(bool): .bool(bool)
        }
    }
}

extension Components.Schemas.SLAClock {
    init(_ view: SLAClockView) {
        self.init(
            kind: wire(view.kind), targetMinutes: view.targetMinutes, state: wire(view.state), dueAt: view.dueAt,
            usedMinutes: view.usedMinutes, remainingMinutes: view.remainingMinutes, atRisk: view.atRisk)
    }
}

extension Components.Schemas.Ticket {
    init(_ ticket: Ticket, people: [UserID: User], sla: [SLAClockView]) {
        self.init(
            number: ticket.number.rawValue, service: ticket.serviceCode, directorate: ticket.directorateCode,
            requester: .init(people[ticket.requesterID], id: ticket.requesterID),
            filedBy: .init(people[ticket.filedByID], id: ticket.filedByID),
            assignee: ticket.assigneeID.map { .init(people[$0], id: $0) },
            channel: wire(ticket.channel), subject: ticket.subject, description: ticket.description,
            answers: .init(additionalProperties: ticket.answers.mapValues { .init($0) }),
            impact: wire(ticket.impact), urgency: wire(ticket.urgency), priority: wire(ticket.priority),
            status: wire(ticket.status), createdAt: ticket.createdAt, updatedAt: ticket.updatedAt,
            firstRespondedAt: ticket.firstRespondedAt, resolvedAt: ticket.resolvedAt, closedAt: ticket.closedAt,
            firstResponseDueAt: ticket.firstResponseDueAt, resolutionDueAt: ticket.resolutionDueAt,
            sla: sla.isEmpty ? nil : sla.map(Components.Schemas.SLAClock.init), slaStatus: ticket.slaStatus.map { wire($0) })
    }

    /// The people a ticket names.
    static func people(of tickets: [Ticket]) -> Set<UserID> {
        Set(tickets.flatMap { [$0.requesterID, $0.filedByID] + [$0.assigneeID].compactMap { $0 } })
    }
}

extension Components.Schemas.Comment {
    init(_ comment: Comment, people: [UserID: User]) {
        self.init(
            id: comment.id, author: .init(people[comment.authorID], id: comment.authorID),
            visibility: wire(comment.visibility), body: comment.body, createdAt: comment.createdAt)
    }
}

extension Components.Schemas.Event {
    init(_ event: TicketEvent, people: [UserID: User]) {
        self.init(
            id: event.id, actor: event.actorID.map { .init(people[$0], id: $0) }, at: event.at, kind: wire(event.kind),
            from: event.from, to: event.to, payload: .init(additionalProperties: event.payload))
    }
}

/// Dates on the wire: ISO 8601 with the explicit Europe/Brussels offset; any
/// offset is accepted on input.
struct BrusselsDateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String { Brussels.iso8601(date) }

    func decode(_ text: String) throws -> Date {
        guard let date = Brussels.parseISO8601(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "'\(text)' is not an ISO 8601 date-time with an offset"))
        }
        return date
    }
}

extension Components.Schemas.Survey {
    init(_ view: SurveyView) {
        self.init(
            ticket: view.ticket.number.rawValue, subject: view.ticket.subject, service: view.ticket.serviceCode,
            invitedAt: view.survey.invitedAt, expiresAt: view.survey.expiresAt, answeredAt: view.survey.answeredAt,
            score: view.survey.score, comment: view.survey.comment, token: view.token)
    }
}

extension Components.Schemas.ImprovementAction {
    init(_ action: ImprovementAction) {
        self.init(id: action.id, review: action.reviewID, title: action.title, owner: action.owner, due: action.due.description, status: wire(action.status))
    }
}

extension Components.Schemas.PeriodFacts {
    init(_ facts: PeriodFacts) {
        self.init(
            period: facts.period, answered: facts.answered,
            values: .init(additionalProperties: Dictionary(uniqueKeysWithValues: facts.values.map { ($0.key.rawValue, $0.value) })))
    }
}

extension Components.Schemas.Target {
    init(_ target: Target) {
        self.init(indicator: wire(target.indicator), comparator: wire(target.comparator), value: target.value)
    }
}

extension Components.Schemas.ReviewReport {
    init(_ report: ReviewReport) {
        self.init(
            id: report.review.id, scope: report.review.scope, period: report.review.period.label, status: wire(report.review.status),
            facts: .init(report.facts), history: report.history.map(Components.Schemas.PeriodFacts.init),
            checks: report.checks.map { .init(target: .init($0.target), actual: $0.actual, met: $0.met, trend: $0.trend) },
            pullingDown: report.pullingDown.map { .init(service: $0.serviceCode, answered: $0.answered, csatPercent: $0.csatPercent, impact: $0.impact) },
            comments: report.comments, actions: report.actions.map(Components.Schemas.ImprovementAction.init))
    }
}
