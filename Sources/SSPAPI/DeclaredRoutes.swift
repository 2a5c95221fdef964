import Foundation
import HTTPTypes
import Hummingbird
import SSPCore
import Yams

/// The operations `openapi.yaml` declares: for each path template, its methods and the query
/// parameters each method takes. The API answers only what the document says (issue 14):
/// - a declared path with an undeclared method: 405 problem+json with `Allow`;
/// - a query parameter the operation does not declare (`GET /tickets?qq=…`): 400
///   `unknown-query-parameter` naming it, instead of ignoring it and answering everything.
struct DeclaredRoutes: Sendable {
    struct Route: Sendable {
        /// Path segments under `/api/v1`; `nil` for a `{parameter}` segment.
        var segments: [String?]
        /// Method → the names of its query parameters.
        var methods: [HTTPRequest.Method: Set<String>]
    }

    let routes: [Route]

    /// Reads the paths of an OpenAPI 3 document (YAML), resolving `#/components/parameters/…`.
    /// - Throws: `DecodingError.dataCorrupted` when the document has no `paths`.
    init(document: Data) throws {
        guard let root = try Yams.load(yaml: String(decoding: document, as: UTF8.self)) as? [String: Any],
            let paths = root["paths"] as? [String: Any]
        else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "openapi.yaml has no paths")) }
        let shared = (root["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        func queryNames(_ list: Any?) -> Set<String> {
            Set(
                (list as? [Any] ?? []).compactMap { entry -> String? in
                    var parameter = entry as? [String: Any] ?? [:]
                    if let reference = parameter["$ref"] as? String, let name = reference.split(separator: "/").last {
                        parameter = shared[String(name)] as? [String: Any] ?? [:]
                    }
                    return parameter["in"] as? String == "query" ? parameter["name"] as? String : nil
                })
        }
        routes = paths.map { template, item in
            let item = item as? [String: Any] ?? [:]
            let common = queryNames(item["parameters"])
            var methods: [HTTPRequest.Method: Set<String>] = [:]
            for (name, operation) in item {
                guard let method = HTTPRequest.Method(name.uppercased()), name != "parameters" else { continue }
                methods[method] = common.union(queryNames((operation as? [String: Any])?["parameters"]))
            }
            if let get = methods[.get], methods[.head] == nil { methods[.head] = get }
            let segments = template.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }
            return Route(segments: segments, methods: methods)
        }
    }

    /// The route of `path` (under `/api/v1`, percent-encoded as sent): of the templates that
    /// match, the one with the most literal segments (`/desks/bookings/cancellations` before
    /// `/desks/bookings/{id}`).
    func route(of path: Substring) -> Route? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return routes.filter { route in
            route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { literal, part in literal.map { $0 == part } ?? !part.isEmpty }
        }.max { $0.segments.compactMap { $0 }.count < $1.segments.compactMap { $0 }.count }
    }
}

/// Checks every `/api/v1` request against `DeclaredRoutes` before the generated handlers see it.
struct DeclaredRoutesMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: DeclaredRoutes
    static var prefix: String { "/api/v1" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix + "/"), path != Self.prefix + "/openapi.yaml",
            let route = routes.route(of: path.dropFirst(Self.prefix.count))
        else { return try await next(request, context) }
        guard let declared = route.methods[request.method] else {
            var response = Problem(
                status: .methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed",
                detail: "\(request.method.rawValue) is not an operation of \(path)"
            ).response(instance: path)
            response.headers[.allow] = route.methods.keys.map(\.rawValue).sorted().joined(separator: ", ")
            return response
        }
        let unknown = Set(request.uri.queryParameters.map { String($0.key) }).subtracting(declared).sorted()
        guard unknown.isEmpty else {
            let accepted = declared.isEmpty ? "none" : declared.sorted().joined(separator: ", ")
            throw Problem(
                status: .badRequest, slug: "unknown-query-parameter", title: "The request has a query parameter this operation does not take",
                detail: "unknown query parameter\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")) (accepted: \(accepted))",
                errors: unknown.map { FieldProblem(field: $0, message: "not a query parameter of this operation") })
        }
        return try await next(request, context)
    }
}
