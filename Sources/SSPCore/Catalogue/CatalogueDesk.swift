import Foundation

/// The catalogue use cases: what every signed-in person reads, and the import an administrator runs.
public struct CatalogueDesk: Sendable {
    public let catalogue: any CatalogueStore
    /// Whether a person manages someone (services for line managers only).
    let directory: any DirectoryStore
    /// How texts become search terms (the Snowball stemmers behind `stemmer`).
    let analyzer: TextAnalyzer
    let searchCache = CatalogueSearchCache()

    public init(catalogue: any CatalogueStore, directory: any DirectoryStore, stemmer: any Stemmer) {
        self.catalogue = catalogue
        self.directory = directory
        self.analyzer = TextAnalyzer(stemmer: stemmer)
    }

    /// The eight directorates, by code.
    public func directorates(by actor: User) async throws -> [Directorate] {
        try Access.require(.readCatalogue, actor)
        return try await catalogue.directorates()
    }

    /// The services matching `query`, each with its directorate, by code.
    public func services(_ query: ServiceQuery, by actor: User) async throws -> [(service: Service, directorate: Directorate?)] {
        try Access.require(.readCatalogue, actor)
        let snapshot = try await catalogue.snapshot()
        return snapshot.services(query).map { ($0, snapshot.directorate(code: $0.directorateCode)) }
    }

    /// The number of services offered (active) by each directorate, for browsing.
    public func serviceCounts(by actor: User) async throws -> [String: Int] {
        try Access.require(.readCatalogue, actor)
        return try await catalogue.activeServiceCounts()
    }

    /// Service `code` with its directorate.
    /// - Throws: `TicketError.serviceNotFound`.
    public func service(code: String, by actor: User) async throws -> (service: Service, directorate: Directorate?) {
        try Access.require(.readCatalogue, actor)
        let snapshot = try await catalogue.snapshot()
        guard let service = snapshot.service(code: code) else { throw TicketError.serviceNotFound(code) }
        return (service, snapshot.directorate(code: service.directorateCode))
    }

    /// The calendar `id`, or `nil`.
    public func calendar(id: String, by actor: User) async throws -> BusinessCalendar? {
        try Access.require(.readCatalogue, actor)
        return try await catalogue.calendar(id: id)
    }

    /// Imports a validated catalogue (idempotent by code; services absent from it become inactive).
    /// - Throws: `AccessError.notPermitted` for anyone but an administrator.
    public func importCatalogue(_ validated: Catalogue, by actor: User) async throws -> CatalogueImportReport {
        try Access.require(.manageCatalogue, actor)
        return try await catalogue.importCatalogue(validated)
    }

    /// Whether the database holds no catalogue yet (a first start).
    public func isEmpty() async throws -> Bool {
        try await catalogue.directorates().isEmpty
    }

    /// The whole catalogue as loaded, inactive services included, for an administrator (the
    /// catalogue pages: services, forms, SLA per priority, calendars).
    /// - Throws: `AccessError.notPermitted`.
    public func loaded(by actor: User) async throws -> CatalogueSnapshot {
        try Access.require(.manageCatalogue, actor)
        return try await catalogue.snapshot()
    }
}
