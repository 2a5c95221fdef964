import Foundation

/// Filters of a service listing (text search is `CatalogueDesk.search`).
public struct ServiceQuery: Sendable, Equatable {
    public var directorateCode: String?
    public var includeInactive: Bool

    public init(directorateCode: String? = nil, includeInactive: Bool = false) {
        self.directorateCode = directorateCode
        self.includeInactive = includeInactive
    }
}

/// The service catalogue as stored.
public protocol CatalogueStore: Sendable {
    /// Imports a validated catalogue, idempotently by code: changed texts update in
    /// place, services absent from `catalogue` become inactive (never deleted). An import that
    /// changes anything raises the revision by one.
    /// - Throws: a storage error when two active general services of one directorate would be stored.
    func importCatalogue(_ catalogue: Catalogue) async throws -> CatalogueImportReport
    /// The whole catalogue at its current revision, read at once: what a use case reads its
    /// services, directorates and calendars from (one read per request, issue 12). An import by any
    /// instance on the same database is seen by the next call.
    func snapshot() async throws -> CatalogueSnapshot
}

extension CatalogueStore {
    /// Ordered by code.
    public func directorates() async throws -> [Directorate] { try await snapshot().directorates }
    public func directorate(code: String) async throws -> Directorate? { try await snapshot().directorate(code: code) }
    /// Services matching `query`, ordered by code.
    public func services(_ query: ServiceQuery) async throws -> [Service] { try await snapshot().services(query) }
    public func service(code: String) async throws -> Service? { try await snapshot().service(code: code) }
    /// The number of active services of each directorate that has one.
    public func activeServiceCounts() async throws -> [String: Int] { try await snapshot().activeServiceCounts }
    public func calendar(id: String) async throws -> BusinessCalendar? { try await snapshot().calendar(id: id) }
    /// A number that grows with every import that changed the catalogue (shared by every instance
    /// on the same database): the search index is rebuilt when it differs from the one it was built at.
    public func catalogueRevision() async throws -> Int64 { try await snapshot().revision }
    /// The SSP counter, or `nil` before a catalogue with `counter.yaml` was imported.
    public func counter() async throws -> ServiceCounter? { try await snapshot().counter }
}

/// The whole catalogue at one revision (155 services, 8 directorates, their calendars, the
/// counter), decoded once and kept by the store while the revision is unchanged.
public struct CatalogueSnapshot: Sendable {
    public let revision: Int64
    /// Ordered by code.
    public let directorates: [Directorate]
    /// Every service, inactive ones included, ordered by code.
    public let services: [Service]
    public let calendars: [String: BusinessCalendar]
    public let counter: ServiceCounter?
    /// Active services per directorate (directorates without one are absent).
    public let activeServiceCounts: [String: Int]
    private let directorateByCode: [String: Directorate]
    private let serviceByCode: [String: Service]

    public init(revision: Int64, directorates: [Directorate], services: [Service], calendars: [BusinessCalendar], counter: ServiceCounter?) {
        self.revision = revision
        self.directorates = directorates.sorted { $0.code < $1.code }
        directorateByCode = Dictionary(directorates.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.services = services.sorted { $0.code < $1.code }
        serviceByCode = Dictionary(services.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.calendars = Dictionary(calendars.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.counter = counter
        activeServiceCounts = services.filter(\.active).reduce(into: [:]) { $0[$1.directorateCode, default: 0] += 1 }
    }

    public func directorate(code: String) -> Directorate? { directorateByCode[code] }
    public func service(code: String) -> Service? { serviceByCode[code] }
    public func calendar(id: String) -> BusinessCalendar? { calendars[id] }

    /// The services matching `query`, ordered by code.
    public func services(_ query: ServiceQuery) -> [Service] {
        services.filter { (query.includeInactive || $0.active) && (query.directorateCode == nil || $0.directorateCode == query.directorateCode) }
    }
}
