import Foundation
import Synchronization

/// What a catalogue search answers: the services found, best first, or, when nothing matches,
/// where a staff member can still go.
public struct ServiceSearchResult: Sendable {
    public struct Found: Sendable {
        public var service: Service
        public var directorate: Directorate?
        /// The BM25F score (`CatalogueSearch`); only order and ratios mean something.
        public var score: Double
    }

    /// A directorate to turn to when nothing matched: its general service if it has one
    /// ("Other HR question"), else its contact (`directorate.contact`).
    public struct Fallback: Sendable {
        public var directorate: Directorate
        public var generalService: Service?
    }

    public var services: [Found]
    /// True when no service matched: `fallback` and `counter` say where to go instead.
    public var noMatch: Bool { services.isEmpty }
    /// Every directorate, by code, with its general service; empty when something matched.
    public var fallback: [Fallback]
    /// The SSP counter; `nil` when something matched or the catalogue has none.
    public var counter: ServiceCounter?
}

/// The catalogue search's index, kept per process and rebuilt when the catalogue's revision moves
/// (an import here or on another instance).
final class CatalogueSearchCache: Sendable {
    struct Entry: Sendable {
        var revision: Int64
        var search: CatalogueSearch
        var directorates: [Directorate]
        var counter: ServiceCounter?
    }

    private let entry = Mutex<Entry?>(nil)

    func current(revision: Int64) -> Entry? {
        entry.withLock { $0?.revision == revision ? $0 : nil }
    }

    func store(_ new: Entry) {
        entry.withLock { entry in
            if (entry?.revision ?? .min) <= new.revision { entry = new }
        }
    }
}

extension CatalogueDesk {
    /// The active services matching what a person typed, ranked by `CatalogueSearch`'s rules (issue 11),
    /// optionally within one directorate.
    ///
    /// - Parameters:
    ///   - text: the words as typed; only the first 200 characters are read. Any text is valid: quotes,
    ///     `*`, `-`, `AND`, `NEAR`, `col:` are ordinary characters.
    ///   - language: the person's language, whose matches come first.
    ///   - person: who would file (the actor, or the colleague a counter clerk serves): services for
    ///     line managers only are left out unless they manage someone. `nil` (an administrator
    ///     exploring the catalogue): every active service.
    /// - Returns: the services found (inactive ones never), or an empty list with each directorate's
    ///   general service or contact and the counter.
    /// - Throws: `TicketError.invalid` on `q` when `text` has no letter or digit at all (an empty query).
    public func search(
        _ text: String, directorateCode: String? = nil, language: Language, for person: User?, by actor: User
    ) async throws -> ServiceSearchResult {
        try Access.require(.readCatalogue, actor)
        guard text.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw TicketError.invalid([FieldProblem(field: "q", message: "type at least one word to search", code: .required)])
        }
        let entry = try await searchIndex()
        let directorates = Dictionary(uniqueKeysWithValues: entry.directorates.map { ($0.code, $0) })
        var hits = entry.search.search(text, language: language, directorateCode: directorateCode)
        if let person, hits.contains(where: { $0.service.audience == .managers }), !(try await directory.isManager(person.id)) {
            hits.removeAll { $0.service.audience == .managers }
        }
        let found = hits.map { ServiceSearchResult.Found(service: $0.service, directorate: directorates[$0.service.directorateCode], score: $0.score) }
        guard found.isEmpty else { return ServiceSearchResult(services: found, fallback: [], counter: nil) }
        return Self.noMatch(entry)
    }

    /// The answer of a search that found nothing: every directorate with its general service, and the counter.
    public func noMatch(by actor: User) async throws -> ServiceSearchResult {
        try Access.require(.readCatalogue, actor)
        return Self.noMatch(try await searchIndex())
    }

    private static func noMatch(_ entry: CatalogueSearchCache.Entry) -> ServiceSearchResult {
        let general = Dictionary(entry.search.generalServices.map { ($0.directorateCode, $0) }, uniquingKeysWith: { first, _ in first })
        return ServiceSearchResult(
            services: [], fallback: entry.directorates.map { .init(directorate: $0, generalService: general[$0.code]) }, counter: entry.counter)
    }

    /// Builds the search index now if it is missing or stale (ssp-server calls it at start, so the
    /// first search does not pay for it).
    public func prepareSearch() async throws {
        _ = try await searchIndex()
    }

    private func searchIndex() async throws -> CatalogueSearchCache.Entry {
        let snapshot = try await catalogue.snapshot()
        if let entry = searchCache.current(revision: snapshot.revision) { return entry }
        // Built outside the lock: two searches racing after an import may both build, and the
        // later revision is kept.
        let entry = CatalogueSearchCache.Entry(
            revision: snapshot.revision, search: CatalogueSearch(services: snapshot.services(ServiceQuery()), analyzer: analyzer),
            directorates: snapshot.directorates, counter: snapshot.counter)
        searchCache.store(entry)
        return entry
    }
}
