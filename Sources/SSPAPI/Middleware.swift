import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
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

/// The OpenAPI runtime percent-encodes header values (`%2Fapi%2Fv1…`, `%2242%22`); a `Location`
/// must be a URI reference (RFC 9110 §10.2.2) and an `ETag` a quoted string (§8.8.3), so both are
/// decoded back.
struct LocationHeaderMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for name in [HTTPField.Name.location, .eTag] {
            if let value = response.headers[name], let decoded = value.removingPercentEncoding { response.headers[name] = decoded }
        }
        return response
    }
}

/// `Idempotency-Key` on the API's POST requests (`IdempotencyDesk` gives the rules): the first
/// request with a key runs and its answer is kept; a retry with the same key and request gets that
/// answer again, with `Idempotent-Replayed: true`, and runs nothing. Without authentication (a
/// survey link) or without the header, a request runs as usual. Runs after `BodyLimitMiddleware`,
/// so the body it digests is the one the handler reads.
struct IdempotencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let desk: IdempotencyDesk
    let bodyLimit: Int
    /// The headers kept and replayed with the body.
    static var keptHeaders: [HTTPField.Name] { [.contentType, .location] }
    static var replayed: HTTPField.Name { HTTPField.Name("Idempotent-Replayed")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, request.uri.path.hasPrefix("/api/v1/"), let header = request.headers[.idempotencyKey],
            let user = RequestIdentity.user
        else { return try await next(request, context) }
        let key = try IdempotencyDesk.key(fromHeader: header)
        var request = request
        let body = try await request.collectBody(upTo: bodyLimit)
        let fingerprint = Self.fingerprint(request, body: Data(body.readableBytesView))
        switch try await desk.begin(key: key, fingerprint: fingerprint, by: user) {
        case let .replay(kept):
            var headers = HTTPFields()
            for (name, value) in kept.headers { if let name = HTTPField.Name(name) { headers[name] = value } }
            headers[Self.replayed] = "true"
            return Response(status: .init(code: kept.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: kept.body)))
        case .inFlight:
            throw Problem(
                status: .conflict, slug: "idempotency-key-in-use", title: "A request with this Idempotency-Key is still running",
                detail: "retry when it has been answered")
        case .reused:
            throw Problem(
                status: .unprocessableContent, slug: "idempotency-key-reused", title: "This Idempotency-Key was used for another request",
                detail: "a key belongs to one request (method, path, query and body): choose a new key for a new request")
        case .proceed:
            break
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // A problem is an answer (kept and replayed); anything else is a 500 (the key is released).
            guard let problem = Problem.from(error), problem.status.code < 500 else {
                try? await desk.abandon(key: key, by: user)
                throw error
            }
            response = problem.response(instance: request.uri.path)
        }
        let collector = CollectingBodyWriter()
        try await response.body.write(collector)
        var kept: [String: String] = [:]
        for name in Self.keptHeaders { if let value = response.headers[name] { kept[name.canonicalName] = value } }
        try await desk.finish(key: key, by: user, response: KeptResponse(status: Int(response.status.code), headers: kept, body: Data(collector.buffer.readableBytesView)))
        var sent = response
        sent.body = .init(byteBuffer: collector.buffer)
        return sent
    }
}

extension IdempotencyMiddleware {
    /// SHA-256 (hex) of the method, path, query and body. A JSON body counts by its value, not its
    /// bytes: a client that encodes the same object again may order its keys differently (Swift's
    /// own `JSONEncoder` does), and that is the same request.
    static func fingerprint(_ request: Request, body: Data) -> String {
        var digest = SHA256()
        digest.update(data: Data("\(request.method.rawValue) \(request.uri.path)?\(request.uri.query ?? "")\n".utf8))
        if let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]),
            let canonical = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        {
            digest.update(data: Data("json\n".utf8))
            digest.update(data: canonical)
        } else {
            digest.update(data: body)
        }
        return digest.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Collects a response body in memory (API answers are small JSON documents). A class: writing a
/// body consumes its writer, and the collected bytes are read afterwards.
final class CollectingBodyWriter: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension HTTPField.Name {
    static var idempotencyKey: Self { Self("Idempotency-Key")! }
}

/// The characters of a request id taken from a client (no space, quote or control character reaches a log line).
private let requestIDCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/")

/// `X-Request-ID` (issue 14): the id nginx or the client sent (1–200 of `A-Z a-z 0-9 - _ . : /`),
/// or a new UUID; it is the `request_id` of every log line of the request and is sent back on the
/// response, so that a complaint, nginx's log and ours meet. First of every route, API and portal.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let sent = request.headers[Self.header].flatMap { (1...200).contains($0.count) && $0.allSatisfy(requestIDCharacters.contains) ? $0 : nil }
        let id = sent ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }
}
