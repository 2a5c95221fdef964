import Foundation
import OpenAPIRuntime
import SSPCore

/// The satisfaction-survey operations: from the ticket and from the invitation link.
extension APIHandler {
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
}
