import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The person a request acts for, set by `AuthMiddleware` for the duration of the request.
enum RequestIdentity {
    @TaskLocal static var user: User?

    /// The authenticated user; the API routes run only after `AuthMiddleware` set it.
    static func current() throws -> User {
        guard let user else { throw Problem.unauthorized }
        return user
    }
}

/// Requires `Authorization: Bearer <token>` on every route under `/api/v1`
/// except the OpenAPI document.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let people: PeopleDesk

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/v1/"), path != "/api/v1/openapi.yaml" else { return try await next(request, context) }
        // Survey invitations work without login; a token given anyway must be valid.
        if path.hasPrefix("/api/v1/surveys/"), request.headers[.authorization] == nil { return try await next(request, context) }
        guard let header = request.headers[.authorization],
            header.count > 7, header.prefix(7).lowercased() == "bearer ",
            let user = try await people.authenticate(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else { throw Problem.unauthorized }
        return try await RequestIdentity.$user.withValue(user) {
            try await next(request, context)
        }
    }
}

/// Refuses bodies over `limit` bytes with 413 before any handler reads them:
/// at once from `Content-Length`, else while collecting a chunked body.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HTTPError(.contentTooLarge, message: "the body has \(length) bytes; the limit is \(limit)")
        }
        guard request.method == .post || request.method == .put || request.method == .patch else { return try await next(request, context) }
        var request = request
        _ = try await request.collectBody(upTo: limit)
        return try await next(request, context)
    }
}

/// The OpenAPI runtime percent-encodes header values (`%2Fapi%2Fv1…`); a
/// `Location` must be a URI reference (RFC 9110 §10.2.2), so it is decoded back.
struct LocationHeaderMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let location = response.headers[.location], let decoded = location.removingPercentEncoding {
            response.headers[.location] = decoded
        }
        return response
    }
}
