import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import SSPCore

/// Settings of the HTTP application.
public struct APIConfiguration: Sendable {
    /// Address to listen on; default `127.0.0.1`.
    public var host: String
    /// Port; default 8080 (0 picks a free port).
    public var port: Int
    /// Largest accepted request body, in bytes; default 1 MiB. Larger bodies get 413.
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}

/// The request context of every route (API and portal): Hummingbird's core storage and the
/// client's address (the portal throttles sign-in per address).
public struct SSPRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer; `nil` in router tests without a socket.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The router: `/health` (alive), `/ready` (database and catalogue), `/api/v1/openapi.yaml` and the `/api/v1` operations
/// of `openapi.yaml`, behind the problem, body-limit and bearer-token middleware.
/// Handlers call `useCases` only.
public func buildRouter(_ useCases: UseCases, configuration: APIConfiguration = .init()) throws -> Router<SSPRequestContext> {
    // HEAD answers wherever GET does (a survey link checked by a mail client or a proxy).
    let router = Router(context: SSPRequestContext.self, options: .autoGenerateHeadEndpoints)
    let spec = try openAPIDocument()
    router.middlewares.add(RequestIDMiddleware())
    // Request counts and latency per route, method and status (swift-metrics; a no-op until a
    // backend is bootstrapped, as ssp-server does with Prometheus).
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(ProblemMiddleware())
    // Authentication first: an anonymous client cannot make the server buffer a body.
    router.middlewares.add(AuthMiddleware(people: useCases.people))
    router.middlewares.add(BodyLimitMiddleware(limit: configuration.maxBodyBytes))
    router.middlewares.add(IdempotencyMiddleware(desk: useCases.idempotency, bodyLimit: configuration.maxBodyBytes))
    router.middlewares.add(LocationHeaderMiddleware())
    router.middlewares.add(DeclaredRoutesMiddleware(routes: try DeclaredRoutes(document: spec)))
    router.get("/health") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }
    // Ready to serve: the database answers (it was migrated when opened) and holds the catalogue.
    // 503 otherwise, so that a load balancer or systemd sends nobody to an instance that cannot file.
    router.get("/ready") { _, _ in
        let catalogueLoaded: Bool
        do { catalogueLoaded = try await !useCases.catalogue.isEmpty() } catch {
            throw Problem(status: .serviceUnavailable, slug: "not-ready", title: "Not ready", detail: "the database does not answer")
        }
        guard catalogueLoaded else { throw Problem(status: .serviceUnavailable, slug: "not-ready", title: "Not ready", detail: "no catalogue is loaded") }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready"}"#)))
    }
    router.get("/api/v1/openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: spec)))
    }
    let handler = APIHandler(
        desk: useCases.tickets, surveys: useCases.surveys, reviews: useCases.reviews, desks: useCases.desks,
        catalogue: useCases.catalogue, people: useCases.people)
    try handler.registerHandlers(
        on: router, serverURL: URL(string: "/api/v1")!,
        // Keys in the order of the schema, not sorted: sorting every object was a share of each
        // response's JSON encoding, itself 23–84 % of a ticket, queue or listing response (issue 12).
        configuration: Configuration(dateTranscoder: BrusselsDateTranscoder(), jsonEncodingOptions: [.withoutEscapingSlashes]))
    return router
}

/// The HTTP application.
///
/// Configuration (see `APIConfiguration`): `host` (String, default
/// 127.0.0.1), `port` (Int, default 8080), `maxBodyBytes` (Int, default 1 MiB).
public func buildApplication(_ useCases: UseCases, configuration: APIConfiguration = .init(), logger: Logger) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(useCases, configuration: configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ssp"),
        logger: logger)
}

/// The OpenAPI document (the contract), as shipped in the module's resources.
public func openAPIDocument() throws -> Data {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "openapi.yaml"])
    }
    return try Data(contentsOf: url)
}
