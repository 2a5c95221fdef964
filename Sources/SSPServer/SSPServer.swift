import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SSPAPI
import SSPCatalog
import SSPCore
import SSPStorage
import SSPWeb
import ServiceLifecycle
import Synchronization
import SystemPackage
import UnixSignals
import Yams

/// `ssp-server`: the SSP HTTP API and the staff portal (`/`) with its background services, in one
/// service-lifecycle group that stops gracefully on SIGTERM/SIGINT.
///
/// Configuration, flags over environment over defaults:
///
/// | flag | environment | default |
/// |---|---|---|
/// | `--host` | `SSP_HTTP_HOST` | `127.0.0.1` |
/// | `--port` | `SSP_HTTP_PORT` | `8080` |
/// | `--db` | `SSP_DB_PATH` | `./data/ssp.sqlite` |
/// | `--catalog` | `SSP_CATALOG_PATH` | `./Catalog` |
/// | `--log-level` | `SSP_LOG_LEVEL` | `info` |
/// | | `SSP_LOG_FORMAT` | `text` (or `json`: one JSON object per line) |
/// | `--config` | `SSP_CONFIG_FILE` | none: a YAML file of the keys above (`ServerSettings.keys`) |
/// | | `SSP_PORTAL_SECURE_COOKIES` | `false` (set `true` behind TLS) |
@main
struct SSPServer {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.contains("--help") || arguments.contains("-h") {
            print(
                """
                USAGE: ssp-server [--host HOST] [--port PORT] [--db PATH] [--catalog DIR] [--log-level LEVEL] [--config FILE.yaml]
                Environment: SSP_HTTP_HOST, SSP_HTTP_PORT, SSP_DB_PATH, SSP_CATALOG_PATH, SSP_LOG_LEVEL, SSP_LOG_FORMAT,
                SSP_PORTAL_SECURE_COOKIES, SSP_CONFIG_FILE. Flags win over the environment, the environment over the file.
                """)
            return
        }
        let flags = CommandLineArgumentsProvider().mapKeys { key in
            switch key.components {
            case ["http", "host"]: ["host"]
            case ["http", "port"]: ["port"]
            case ["db", "path"]: ["db"]
            case ["catalog", "path"]: ["catalog"]
            case ["config", "file"]: ["config"]
            default: key
            }
        }
        let environment = EnvironmentVariablesProvider().prefixKeys(with: "ssp")
        // An optional YAML file (`--config`, `SSP_CONFIG_FILE`) under the flags and the environment.
        var providers: [any ConfigProvider] = [flags, environment]
        if let file = ConfigReader(providers: [flags, environment]).string(forKey: "config.file") {
            do {
                try ServerSettings.checkKeys(ofFile: file)
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(file)))
            } catch {
                FileHandle.standardError.write(Data("ssp-server: \(file): \(error)\n".utf8))
                exit(2)
            }
        }
        let config = ConfigReader(providers: providers)
        let host = config.string(forKey: "http.host", default: "127.0.0.1")
        let port = config.int(forKey: "http.port", default: 8080)
        let dbPath = config.string(forKey: "db.path", default: "./data/ssp.sqlite")
        let catalogPath = config.string(forKey: "catalog.path", default: "./Catalog")
        let levelName = config.string(forKey: "log.level", default: "info")
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            FileHandle.standardError.write(Data("ssp-server: --log-level/SSP_LOG_LEVEL '\(levelName)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        let format = config.string(forKey: "log.format", default: "text")
        guard ["text", "json"].contains(format) else {
            FileHandle.standardError.write(Data("ssp-server: SSP_LOG_FORMAT '\(format)' is not text or json\n".utf8))
            exit(2)
        }
        LoggingSystem.bootstrap { label in
            guard format == "text" else { return JSONLogHandler(label: label, logLevel: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "ssp-server")
        // swift-metrics into Prometheus: Hummingbird's request metrics, the jobs' runs, the figures of /metrics.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        // Held for the server's lifetime: `ssp-admin restore` refuses to replace a database a server runs on.
        guard let live = try LiveLock(databasePath: dbPath, exclusive: false) else {
            logger.critical("cannot lock the database", metadata: ["path": "\(dbPath)"])
            exit(1)
        }
        defer { live.release() }
        // Migrations and the first catalogue import under the start-up lock: a second server
        // started at the same moment waits, then finds both done.
        let db: AppDatabase
        do {
            db = try await AppDatabase.open(path: dbPath) { db in
                let catalogue = UseCases(database: db, clock: SystemClock()).catalogue
                guard try await catalogue.isEmpty() else { return }
                let result = CatalogueLoader.load(directory: URL(fileURLWithPath: catalogPath))
                guard result.isValid else {
                    for problem in result.problems { logger.critical("catalogue: \(catalogPath)/\(problem)") }
                    exit(1)
                }
                let report = try await catalogue.importCatalogue(result.catalogue, by: .operator)
                logger.info(
                    "catalogue imported on first start",
                    metadata: [
                        "path": "\(catalogPath)", "directorates": "\(report.directoratesInserted)", "services": "\(report.servicesInserted)",
                    ])
            }
        } catch {
            logger.critical("cannot open the database", metadata: ["path": "\(dbPath)", "error": "\(error)"])
            exit(1)
        }
        let useCases = UseCases(database: db, clock: SystemClock())
        // The catalogue search's index (about 155 services in three languages) is built once here, not by the first search.
        try await useCases.catalogue.prepareSearch()
        let desk = useCases.tickets
        let secureCookies = config.bool(forKey: "portal.secure-cookies", default: false)
        let router = try buildRouter(useCases, configuration: APIConfiguration(host: host, port: port))
        try await Portal(useCases: useCases, configuration: PortalConfiguration(secureCookies: secureCookies), logger: logger).register(on: router)
        let figures = OperationsMetrics(registry: registry, operations: useCases.operations, databasePath: dbPath)
        router.get("/metrics") { _, _ in
            try await figures.update()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "ssp"), logger: logger)
        logger.info("SSP starting", metadata: ["address": "\(host):\(port)", "db": "\(dbPath)"])
        let group = ServiceGroup(
            services: [
                app,
                PeriodicService(name: "auto-close", logger: logger) { try await desk.closeResolvedTickets().count },
                PeriodicService(name: "sla-scan", logger: logger) { try await desk.scanSLA().count },
                PeriodicService(name: "no-show-release", unit: "booking(s)", logger: logger) {
                    try await useCases.desks.releaseNoShows()
                },
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        try await group.run()
        try? db.checkpoint()
        logger.info("SSP stopped")
    }
}

/// Runs `work` now and then every `interval` until the service group shuts
/// down: the auto-close (5 business days after resolution), the SLA scan
/// (at-risk and breach marks, escalations) and the no-show release of desk
/// bookings not checked in by their deadline, each once a minute.
struct PeriodicService: ServiceLifecycle.Service {
    let name: String
    /// What `work` counts, for the log line.
    var unit = "ticket(s)"
    let logger: Logger
    var interval: Duration = .seconds(60)
    /// One pass; returns how many tickets it changed.
    let work: @Sendable () async throws -> Int

    func run() async throws {
        let duration = Metrics.Timer(label: "ssp_job_duration_seconds", dimensions: [("job", name)], preferredDisplayUnit: .seconds)
        let succeeded = Counter(label: "ssp_job_runs_total", dimensions: [("job", name), ("outcome", "ok")])
        let failed = Counter(label: "ssp_job_runs_total", dimensions: [("job", name), ("outcome", "failed")])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let started = ContinuousClock.now
                do {
                    let changed = try await work()
                    let elapsed = (ContinuousClock.now - started).components
                    duration.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
                    succeeded.increment()
                    if changed > 0 { logger.info("\(name): \(changed) \(unit)") }
                } catch is CancellationError {
                    break  // shutting down: the pass was cut short, nothing failed
                } catch {
                    failed.increment()
                    logger.error("\(name) failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// The figures of `OperationsDesk` as Prometheus gauges, set at each scrape of `/metrics`:
/// `ssp_tickets_filed`, `ssp_open_tickets`, `ssp_sla_at_risk_tickets`, `ssp_sla_breached_tickets`
/// (per `directorate`), `ssp_bookings_today` (per `state`), `ssp_database_bytes` (the file and its WAL).
final class OperationsMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let operations: OperationsDesk
    let databasePath: String
    /// The directorates seen with open tickets so far: their gauges go to 0, not stale, when none is left.
    private let directorates = Mutex<Set<String>>([])

    init(registry: PrometheusCollectorRegistry, operations: OperationsDesk, databasePath: String) {
        self.registry = registry
        self.operations = operations
        self.databasePath = databasePath
    }

    func update() async throws {
        let figures = try await operations.figures()
        let known = directorates.withLock { seen in
            seen.formUnion(figures.openBacklog.keys)
            return seen
        }
        registry.makeGauge(name: "ssp_tickets_filed", help: "Tickets ever filed").set(Double(figures.ticketsFiled))
        for (name, help, values) in [
            ("ssp_open_tickets", "Open tickets (awaiting approval to waiting on the requester)", figures.openBacklog),
            ("ssp_sla_at_risk_tickets", "Open tickets at risk of breaching their SLA", figures.atRisk),
            ("ssp_sla_breached_tickets", "Open tickets that breached their SLA", figures.breached),
        ] {
            // Every directorate with open tickets now, and 0 for one that had some at an earlier scrape.
            for directorate in known {
                registry.makeGauge(name: name, labels: [("directorate", directorate)], help: help).set(Double(values[directorate] ?? 0))
            }
        }
        for state in BookingState.allCases {
            registry.makeGauge(name: "ssp_bookings_today", labels: [("state", state.rawValue)], help: "Desk bookings of today (Brussels), by state")
                .set(Double(figures.bookingsToday[state] ?? 0))
        }
        let wal = (try? FileManager.default.attributesOfItem(atPath: databasePath + "-wal")[.size] as? NSNumber)?.int64Value ?? 0
        registry.makeGauge(name: "ssp_database_bytes", help: "Size of the database file and its WAL").set(Double(figures.databaseBytes + wal))
    }
}

/// The settings `ssp-server` reads, by their configuration key (a file's nested YAML keys joined
/// by dots; the environment's `SSP_` names: `SSP_HTTP_PORT` is `http.port`).
enum ServerSettings {
    static let keys: Set<String> = [
        "http.host", "http.port", "db.path", "catalog.path", "log.level", "log.format", "portal.secure-cookies",
    ]

    struct UnknownKeys: Error, CustomStringConvertible {
        var keys: [String]
        var description: String {
            "unknown setting\(keys.count == 1 ? "" : "s") \(keys.joined(separator: ", ")) (known: \(ServerSettings.keys.sorted().joined(separator: ", ")))"
        }
    }

    /// A config file's keys must all be known: a misspelt one (`http.prot`) is an error at start,
    /// not a setting silently ignored (issue 14).
    /// - Throws: `UnknownKeys`, or the file's read or YAML error.
    static func checkKeys(ofFile path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let root = try Yams.load(yaml: text) else { return }
        guard let mapping = root as? [String: Any] else { throw UnknownKeys(keys: ["(the file is not a mapping of keys)"]) }
        func flatten(_ value: Any, _ prefix: String) -> [String] {
            guard let mapping = value as? [String: Any] else { return [prefix] }
            return mapping.flatMap { key, value in flatten(value, prefix.isEmpty ? key : prefix + "." + key) }
        }
        let unknown = flatten(mapping, "").filter { !keys.contains($0) }.sorted()
        guard unknown.isEmpty else { throw UnknownKeys(keys: unknown) }
    }
}
