import Foundation
import SSPCore
import Yams

/// One query of the catalogue search's evaluation set (`Catalog/eval/search-queries.yaml`):
/// what a staff member typed, in which portal language, and the services that are a right answer.
public struct SearchEvaluationQuery: Sendable, Equatable {
    public var text: String
    public var language: Language
    /// One to three service codes; finding any of them in the top 3 counts as found.
    public var expected: [String]
    /// The line of the query in its file.
    public var line: Int
}

/// The evaluation set of the catalogue search (issue 11) and its figures.
public enum SearchEvaluation {
    /// Reads `queries: [{q, language, expect}]`, checking every code against `catalogue` (it must be an
    /// active service) and that no query appears twice.
    /// - Returns: the queries and the problems, with file, line and field.
    public static func load(yaml: String, file: String, catalogue: Catalogue) -> (queries: [SearchEvaluationQuery], problems: [CatalogueProblem]) {
        let reader = NodeReader(file: file)
        guard let root = reader.compose(yaml) else { return ([], reader.problems) }
        reader.allowKeys(root, ["queries"], "")
        let active = Set(catalogue.services.filter(\.active).map(\.code))
        var queries: [SearchEvaluationQuery] = []
        var seen: [String: Int] = [:]
        for (index, node) in (reader.sequence(root["queries"], in: root, field: "queries") ?? []).enumerated() {
            let field = "queries[\(index)]"
            guard reader.mapping(node, in: root, field: field) != nil else { continue }
            reader.allowKeys(node, ["q", "language", "expect"], field)
            let text = reader.string(node, "q", field)
            let language: Language? = reader.enumeration(node, "language", field)
            let codes = (reader.sequence(node["expect"], in: node, field: "\(field).expect") ?? []).compactMap { $0.scalar?.string }
            if node["expect"] != nil, !(1...3).contains(codes.count) {
                reader.problem(node["expect"]!, "\(field).expect", "must list 1 to 3 service codes")
            }
            for code in codes where !active.contains(code) {
                reader.problem(node["expect"]!, "\(field).expect", "\(code) is not an active service of the catalogue")
            }
            if let text, let first = seen[text.lowercased()] {
                reader.problem(node, "\(field).q", "'\(text)' is already query \(first)")
            }
            if let text { seen[text.lowercased()] = seen[text.lowercased()] ?? index }
            if let text, let language, (1...3).contains(codes.count) {
                queries.append(SearchEvaluationQuery(text: text, language: language, expected: codes, line: reader.line(node)))
            }
        }
        return (queries, reader.problems)
    }

    /// What one query gave: the first three codes found and the rank (1-based) of the first right one.
    public struct Outcome: Sendable {
        public var query: SearchEvaluationQuery
        public var top: [String]
        public var rank: Int?
        /// How many services the search showed.
        public var count: Int
        public var foundInTop3: Bool { (rank ?? .max) <= 3 }
    }

    /// Runs every query against `search`, as a person of the query's language.
    public static func run(_ queries: [SearchEvaluationQuery], on search: CatalogueSearch) -> [Outcome] {
        queries.map { query in
            let codes = search.search(query.text, language: query.language).map(\.service.code)
            let rank = codes.firstIndex { query.expected.contains($0) }.map { $0 + 1 }
            return Outcome(query: query, top: Array(codes.prefix(3)), rank: rank, count: codes.count)
        }
    }
}
