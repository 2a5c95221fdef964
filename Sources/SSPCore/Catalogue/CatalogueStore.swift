import Foundation

/// Filters of a service search.
public struct ServiceQuery: Sendable, Equatable {
    /// Words to find in code, name, description or category in any language,
    /// case- and accent-insensitively ("reservation" finds "Réservation").
    public var text: String?
    public var directorateCode: String?
    public var includeInactive: Bool

    public init(text: String? = nil, directorateCode: String? = nil, includeInactive: Bool = false) {
        self.text = text
        self.directorateCode = directorateCode
        self.includeInactive = includeInactive
    }
}

/// The service catalogue as stored.
public protocol CatalogueStore: Sendable {
    /// Imports a validated catalogue, idempotently by code: changed texts update in
    /// place, services absent from `catalogue` become inactive (never deleted).
    func importCatalogue(_ catalogue: Catalogue) async throws -> CatalogueImportReport
    func directorates() async throws -> [Directorate]
    func directorate(code: String) async throws -> Directorate?
    /// Services matching `query`, ordered by code (by relevance when searching text).
    func services(_ query: ServiceQuery) async throws -> [Service]
    func service(code: String) async throws -> Service?
    /// The number of active services of each directorate that has one.
    func activeServiceCounts() async throws -> [String: Int]
    func calendar(id: String) async throws -> BusinessCalendar?
}
