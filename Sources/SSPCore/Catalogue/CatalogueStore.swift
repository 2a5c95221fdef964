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
    /// changes anything raises `catalogueRevision()` by one.
    /// - Throws: a storage error when two active general services of one directorate would be stored.
    func importCatalogue(_ catalogue: Catalogue) async throws -> CatalogueImportReport
    func directorates() async throws -> [Directorate]
    func directorate(code: String) async throws -> Directorate?
    /// Services matching `query`, ordered by code.
    func services(_ query: ServiceQuery) async throws -> [Service]
    func service(code: String) async throws -> Service?
    /// The number of active services of each directorate that has one.
    func activeServiceCounts() async throws -> [String: Int]
    func calendar(id: String) async throws -> BusinessCalendar?
    /// A number that grows with every import that changed the catalogue (shared by every instance
    /// on the same database): the search index is rebuilt when it differs from the one it was built at.
    func catalogueRevision() async throws -> Int64
    /// The SSP counter, or `nil` before a catalogue with `counter.yaml` was imported.
    func counter() async throws -> ServiceCounter?
}
