import Foundation
import OpenAPIRuntime
import SSPCore

/// The PDCA review operations.
extension APIHandler {
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
}
