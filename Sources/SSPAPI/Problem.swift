import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import SSPCore

/// An RFC 9457 problem: what the API answers for every error.
///
/// `type` is a stable URI, `https://ssp.sprb.brussels/problems/<slug>`; clients
/// branch on it, never on `title` or `detail`.
public struct Problem: Error, Equatable, Sendable {
    /// Base of every problem `type` URI.
    public static let typeBase = "https://ssp.sprb.brussels/problems/"

    public var status: HTTPResponse.Status
    /// The last path segment of `type`, e.g. `invalid-field`.
    public var slug: String
    public var title: String
    public var detail: String?
    /// For 422: every invalid field.
    public var errors: [FieldProblem]
    /// Sent as `Retry-After` (seconds), for a 503 that a retry may fix.
    public var retryAfterSeconds: Int?
    /// The current `ETag` of the resource, for a 412: sent as the header and as `current_etag`.
    public var currentETag: String?

    public init(status: HTTPResponse.Status, slug: String, title: String, detail: String? = nil, errors: [FieldProblem] = []) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    static let unauthorized = Problem(status: .unauthorized, slug: "unauthorized", title: "A valid bearer token is required")
    static let notFound = Problem(status: .notFound, slug: "not-found", title: "No such resource")
    static func malformed(_ detail: String) -> Problem {
        Problem(status: .badRequest, slug: "malformed-request", title: "The request is malformed", detail: detail)
    }
    static func cursorMismatch(_ problems: [FieldProblem]) -> Problem {
        Problem(
            status: .badRequest, slug: "cursor-mismatch", title: "The cursor belongs to another listing",
            detail: problems.map(\.description).joined(separator: "; "), errors: problems)
    }
    static func invalid(_ problems: [FieldProblem]) -> Problem {
        Problem(
            status: .unprocessableContent, slug: "invalid-field", title: "One or more fields are invalid",
            detail: problems.map(\.description).joined(separator: "; "), errors: problems)
    }

    /// The mapping of access-table refusals: 403 (the refusals that must look like a missing
    /// object are thrown by Core as that object's not-found error).
    init(_ error: AccessError) {
        self = Problem(status: .forbidden, slug: "not-permitted", title: "You may not do this", detail: error.description)
    }

    /// The one mapping from domain errors to HTTP (exhaustive: a new case must be placed here).
    init(_ error: TicketError) {
        switch error {
        case .ticketNotFound:
            self = Problem(status: .notFound, slug: "ticket-not-found", title: "No such ticket", detail: error.description)
        case .serviceNotFound:
            self = Problem(status: .notFound, slug: "service-not-found", title: "No such service", detail: error.description)
        case .userNotFound:
            self = Problem(status: .notFound, slug: "user-not-found", title: "No such person", detail: error.description)
        case .illegalTransition:
            self = Problem(status: .conflict, slug: "illegal-transition", title: "The transition is not possible from the ticket's status", detail: error.description)
        case .notPermitted:
            self = Problem(status: .forbidden, slug: "not-permitted", title: "You may not do this on this ticket", detail: error.description)
        case .reopenWindowExpired:
            self = Problem(status: .conflict, slug: "reopen-window-expired", title: "The reopen window has passed", detail: error.description)
        case .ticketFinal:
            self = Problem(status: .conflict, slug: "ticket-final", title: "The ticket is closed or cancelled", detail: error.description)
        case let .invalid(problems):
            self = .invalid(problems)
        case .changedMeanwhile:
            self = Problem(status: .conflict, slug: "ticket-changed", title: "The ticket was changed since you read it", detail: error.description)
        case .versionMismatch:
            self = Problem(status: .preconditionFailed, slug: "version-mismatch", title: "The ticket is no longer at the version of If-Match", detail: error.description)
        case .alreadyAssigned:
            self = Problem(status: .conflict, slug: "ticket-taken", title: "Someone else took the ticket", detail: error.description)
        }
    }

    /// The mapping of survey errors.
    init(_ error: SurveyError) {
        switch error {
        case .notFound:
            self = Problem(status: .notFound, slug: "survey-not-found", title: "No such survey", detail: error.description)
        case .notTheRequester:
            self = Problem(status: .forbidden, slug: "not-the-requester", title: "Only the requester answers the survey", detail: error.description)
        case .alreadyAnswered:
            self = Problem(status: .conflict, slug: "survey-answered", title: "The survey has already been answered", detail: error.description)
        case .expired:
            self = Problem(status: .conflict, slug: "survey-expired", title: "The answer window has closed", detail: error.description)
        case let .invalid(problems):
            self = .invalid(problems)
        }
    }

    /// The mapping of review errors.
    init(_ error: ReviewError) {
        switch error {
        case .notFound:
            self = Problem(status: .notFound, slug: "review-not-found", title: "No such review", detail: error.description)
        case .actionNotFound:
            self = Problem(status: .notFound, slug: "review-action-not-found", title: "No such improvement action", detail: error.description)
        case .duplicate:
            self = Problem(status: .conflict, slug: "review-exists", title: "A review of this scope and period exists", detail: error.description)
        case .closed:
            self = Problem(status: .conflict, slug: "review-closed", title: "The review is closed", detail: error.description)
        case let .invalid(problems):
            self = .invalid(problems)
        }
    }

    /// The mapping of approval-delegation errors.
    init(_ error: ApprovalError) {
        switch error {
        case .delegationOverlaps:
            self = Problem(status: .conflict, slug: "delegation-overlaps", title: "The manager already has a delegate on a day of this period", detail: error.description)
        case .delegationNotFound:
            self = Problem(status: .notFound, slug: "delegation-not-found", title: "No such delegation", detail: error.description)
        }
    }

    /// The mapping of desk-booking errors.
    init(_ error: DeskError) {
        let detail = error.description
        switch error {
        case .buildingNotFound: self = Problem(status: .notFound, slug: "building-not-found", title: "No such building", detail: detail)
        case .zoneNotFound: self = Problem(status: .notFound, slug: "zone-not-found", title: "No such zone", detail: detail)
        case .deskNotFound: self = Problem(status: .notFound, slug: "desk-not-found", title: "No such desk", detail: detail)
        case .bookingNotFound: self = Problem(status: .notFound, slug: "booking-not-found", title: "No such booking", detail: detail)
        case .deskTaken: self = Problem(status: .conflict, slug: "desk-taken", title: "The desk is already booked for this slot", detail: detail)
        case .alreadyBooked: self = Problem(status: .conflict, slug: "already-booked", title: "You already have a desk for this slot", detail: detail)
        case .noFreeDesk: self = Problem(status: .conflict, slug: "no-free-desk", title: "No free desk in the zones asked for", detail: detail)
        case .deskUnavailable: self = Problem(status: .conflict, slug: "desk-unavailable", title: "The desk cannot be booked", detail: detail)
        case .checkInNotOpen: self = Problem(status: .conflict, slug: "check-in-not-open", title: "Check-in is not open yet", detail: detail)
        case .checkInClosed: self = Problem(status: .conflict, slug: "check-in-closed", title: "The check-in deadline has passed", detail: detail)
        case .slotEnded: self = Problem(status: .conflict, slug: "slot-ended", title: "The slot has ended", detail: detail)
        case .bookingFinal: self = Problem(status: .conflict, slug: "booking-final", title: "The booking can no longer change", detail: detail)
        case .notPermitted: self = Problem(status: .forbidden, slug: "not-permitted", title: "You may not do this", detail: detail)
        case let .invalid(problems): self = .invalid(problems)
        }
    }

    /// Any error thrown below the API, as a problem; `nil` for unexpected errors (a 500).
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let error as any ProblemConvertible:
            return error.problem
        case let error as DecodingError:
            return from(decoding: error)
        case let error as ServerError:
            // A request without a JSON body (every GET, the desk's check-in link, check-in and cancel by id)
            // can only fail to decode in its path or query: a bad parameter (400), not a body field.
            if let decoding = error.underlyingError as? DecodingError,
                error.request.method == .get || error.request.headerFields[.contentType] == nil
            {
                return .malformed("a path or query parameter is invalid: \(Problem.message(decoding))")
            }
            if let problem = from(error.underlyingError) { return problem }
            if error.httpStatus == .unsupportedMediaType {
                return Problem(status: .unsupportedMediaType, slug: "unsupported-media-type", title: "The body must be application/json")
            }
            if error.httpStatus.code >= 400, error.httpStatus.code < 500 {
                return Problem(status: error.httpStatus, slug: "malformed-request", title: "The request is malformed", detail: "\(error.underlyingError)")
            }
            return nil
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge:
                return Problem(status: .contentTooLarge, slug: "body-too-large", title: "The request body is over the limit", detail: error.body)
            case .notFound:
                return .notFound
            case .methodNotAllowed:
                return Problem(status: .methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed")
            case let status where status.code < 500:
                return Problem(status: status, slug: "malformed-request", title: "The request is malformed", detail: error.body)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// JSON that does not parse is malformed (400); JSON that parses but has a
    /// wrong or missing field is an invalid field (422, naming it).
    static func from(decoding error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            (codingPath + [key].compactMap { $0 }).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case let .keyNotFound(key, context):
            return .invalid([FieldProblem(field: path(context.codingPath, key), message: "required")])
        case let .typeMismatch(_, context) where context.codingPath.isEmpty,
            let .valueNotFound(_, context) where context.codingPath.isEmpty:
            return .malformed("the body must be a JSON object")
        case let .dataCorrupted(context) where context.codingPath.isEmpty:
            return .malformed("the body is not valid JSON")
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return .invalid([FieldProblem(field: path(context.codingPath), message: message(error))])
        @unknown default:
            return .malformed("\(error)")
        }
    }

    /// A decoding error in words for people, without Swift type names.
    static func message(_ error: DecodingError) -> String {
        switch error {
        case let .typeMismatch(type, _):
            switch type {
            case is String.Type: return "must be a string"
            case is Bool.Type: return "must be true or false"
            case is Int.Type, is Int64.Type, is Double.Type: return "must be a number"
            default: return "has the wrong type"
            }
        case .valueNotFound: return "must not be null"
        case .keyNotFound: return "required"
        case let .dataCorrupted(context):
            // The generated enums say "Cannot initialize X from invalid String value v".
            if let value = context.debugDescription.components(separatedBy: "invalid String value ").last,
                context.debugDescription.contains("invalid String value")
            {
                return "'\(value)' is not an allowed value"
            }
            return "is not a valid value"
        @unknown default: return "is not a valid value"
        }
    }

    /// The `application/problem+json` response.
    func response(instance: String) -> Response {
        var object: [String: Any] = [
            "type": Self.typeBase + slug, "title": title, "status": Int(status.code), "instance": instance,
        ]
        if let detail { object["detail"] = detail }
        if let currentETag { object["current_etag"] = currentETag }
        if !errors.isEmpty { object["errors"] = errors.map { ["field": $0.field, "message": $0.message] } }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"ssp\"" }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if let currentETag { headers[.eTag] = currentETag }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A domain error of Core with its one problem. Every domain error enum conforms here, and each
/// conformance is an exhaustive `switch` above, so a new case cannot silently become a 500.
protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension AccessError: ProblemConvertible { var problem: Problem { Problem(self) } }
extension TicketError: ProblemConvertible { var problem: Problem { Problem(self) } }
extension SurveyError: ProblemConvertible { var problem: Problem { Problem(self) } }
extension ReviewError: ProblemConvertible { var problem: Problem { Problem(self) } }
extension DeskError: ProblemConvertible { var problem: Problem { Problem(self) } }
extension ApprovalError: ProblemConvertible { var problem: Problem { Problem(self) } }
extension StoreUnavailable: ProblemConvertible {
    /// 503 with `Retry-After: 5`: nothing was written, and the same request may succeed later.
    var problem: Problem {
        var problem = Problem(status: .serviceUnavailable, slug: "storage-unavailable", title: "The database cannot take this now", detail: description)
        problem.retryAfterSeconds = 5
        return problem
    }
}
extension IdempotencyError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case let .invalidKey(rule):
            Problem(status: .badRequest, slug: "invalid-idempotency-key", title: "The Idempotency-Key header is not a key", detail: rule)
        }
    }
}

/// Turns every error thrown by the routes into an RFC 9457 response; unexpected
/// errors are logged and answered with a generic 500 that reveals nothing.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Problem.from(error) {
                if problem.status == .serviceUnavailable {
                    context.logger.warning("request refused by the database", metadata: ["path": "\(request.uri.path)", "detail": "\(problem.detail ?? "")"])
                }
                return problem.response(instance: request.uri.path)
            }
            // The error only: a ServerError's description carries the request's headers, bearer token included.
            let cause = (error as? ServerError).map { "\($0.operationID): \(String(reflecting: $0.underlyingError))" } ?? String(reflecting: error)
            context.logger.error("unexpected error", metadata: ["error": "\(cause)", "path": "\(request.uri.path)"])
            return Problem(status: .internalServerError, slug: "internal-error", title: "Internal error").response(instance: request.uri.path)
        }
    }
}
