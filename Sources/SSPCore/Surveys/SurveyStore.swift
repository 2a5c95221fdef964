import Foundation

/// Satisfaction surveys.
public protocol SurveyStore: Sendable {
    func survey(ofTicket ticketID: TicketID) async throws -> Survey?
    func survey(id: Int64) async throws -> Survey?
    /// Records an answer once: throws `SurveyError.alreadyAnswered` if another answer got there first.
    func answerSurvey(id: Int64, score: Int, comment: String?, at now: Date) async throws -> Survey
    /// The invitation token of a survey: unguessable (HMAC of its id with a secret of this database), usable only for it.
    func surveyToken(id: Int64) -> String
    /// The survey id a token stands for, or `nil` for a forged or malformed token.
    func surveyID(token: String) -> Int64?
    /// Invited surveys of tickets resolved in `[from, to)`, in `directorates` (`nil`: all).
    func surveyRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SurveyRecord]
}
