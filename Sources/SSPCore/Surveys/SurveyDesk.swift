import Foundation

/// A survey as its requester sees it, with the ticket it is about.
public struct SurveyView: Sendable, Equatable {
    public var survey: Survey
    public var ticket: Ticket
    /// The invitation token (for a link without login).
    public var token: String
}

/// The survey use cases: look (never records anything), answer (requester only, once,
/// within the window) and the satisfaction indicators.
public struct SurveyDesk: Sendable {
    public let desk: TicketDesk
    public let surveys: any SurveyStore

    public init(desk: TicketDesk, surveys: any SurveyStore) {
        self.desk = desk
        self.surveys = surveys
    }

    /// The survey of ticket `number` for its requester.
    /// - Throws: `TicketError.ticketNotFound` when the ticket is not visible; `SurveyError.notFound`
    ///   for anyone but the requester (404, nothing revealed), or when there is no invitation (yet).
    public func survey(of number: TicketNumber, by actor: User) async throws -> SurveyView {
        let ticket = try await desk.view(number, by: actor).ticket
        guard ticket.requesterID == actor.id, let survey = try await surveys.survey(ofTicket: ticket.id),
            survey.state == .invited, desk.clock.now() >= survey.invitedAt
        else { throw SurveyError.notFound }
        return SurveyView(survey: survey, ticket: ticket, token: surveys.surveyToken(id: survey.id))
    }

    /// The survey decided for ticket `number`, whether or not its invitation has gone out yet (an
    /// administrator's look at the survey's state; `Access.table`, `.listAllTickets`).
    public func scheduled(of number: TicketNumber, by actor: User) async throws -> Survey? {
        try Access.require(.listAllTickets, actor)
        guard let ticket = try await desk.tickets.ticket(number: number) else { throw TicketError.ticketNotFound(number.rawValue) }
        return try await surveys.survey(ofTicket: ticket.id)
    }

    /// The survey an invitation token stands for. Reading records nothing.
    /// - Parameter actor: the signed-in person, if any; someone other than the requester is refused.
    /// - Throws: `SurveyError.notFound` (forged token, not invited, not yet sent), `.notTheRequester`.
    public func survey(token: String, by actor: User?) async throws -> SurveyView {
        guard let id = surveys.surveyID(token: token), let survey = try await surveys.survey(id: id),
            survey.state == .invited, desk.clock.now() >= survey.invitedAt,
            let ticket = try await desk.tickets.ticket(id: survey.ticketID)
        else { throw SurveyError.notFound }
        if let actor, actor.id != survey.requesterID { throw SurveyError.notTheRequester }
        return SurveyView(survey: survey, ticket: ticket, token: token)
    }

    /// Answers through the invitation token (without login, or signed in as the requester).
    public func answer(token: String, score: Int, comment: String?, by actor: User?) async throws -> Survey {
        let view = try await survey(token: token, by: actor)
        return try await record(view.survey, score: score, comment: comment, by: view.survey.requesterID)
    }

    /// Answers as the signed-in requester of ticket `number`.
    public func answer(_ number: TicketNumber, score: Int, comment: String?, by actor: User) async throws -> Survey {
        let view = try await survey(of: number, by: actor)
        return try await record(view.survey, score: score, comment: comment, by: actor.id)
    }

    private func record(_ survey: Survey, score: Int, comment: String?, by userID: UserID) async throws -> Survey {
        let now = desk.clock.now()
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        try survey.checkAnswer(score: score, comment: comment, by: userID, at: now)
        return try await surveys.answerSurvey(id: survey.id, score: score, comment: comment?.isEmpty == true ? nil : comment, at: now)
    }

    /// The satisfaction indicators over `range` for the directorates `actor` may see
    /// (`Access.table`, `.readReport(.satisfaction)`: quality officers and administrators all, agents
    /// and team leads their own).
    /// - Throws: `AccessError.notPermitted` for other staff, or for a `directorate` not theirs.
    public func satisfaction(
        _ range: MonthRange, by dimension: SatisfactionDimension, period: SatisfactionPeriod,
        directorate: String? = nil, actor: User
    ) async throws -> [SatisfactionRow] {
        let records = try await surveys.surveyRecords(
            resolvedFrom: range.start, to: range.end, directorates: try Access.figures(.readReport(.satisfaction), of: actor, directorate: directorate))
        return Satisfaction.rows(records, by: dimension, period: period)
    }

    /// The satisfaction of the whole of what `actor` may read (`directorate`, or every directorate
    /// they may see) per period: one row per period, its group `directorate` or
    /// `SLACompliance.wholeScope`, with the small-group suppression of `satisfaction`.
    /// - Throws: as `satisfaction`.
    public func satisfactionTrend(_ range: MonthRange, period: SatisfactionPeriod, directorate: String? = nil, actor: User) async throws -> [SatisfactionRow] {
        let records = try await surveys.surveyRecords(
            resolvedFrom: range.start, to: range.end, directorates: try Access.figures(.readReport(.satisfaction), of: actor, directorate: directorate))
        let scope = directorate ?? SLACompliance.wholeScope
        return Satisfaction.rows(
            records.map {
                var record = $0
                record.directorateCode = scope
                return record
            }, by: .directorate, period: period)
    }
}
