import Foundation
import SSPCatalog
import SSPCore
import SSPSnowball
import SSPTestSupport
import Testing

/// The real catalogue (with its keywords) searched with the Snowball stemmers, as ssp-server does.
private let catalogue = CatalogueLoader.load(directory: Repository.catalog).catalogue
private let search = CatalogueSearch(services: catalogue.services, analyzer: TextAnalyzer(stemmer: SnowballStemmer.shared))

private func codes(_ text: String, _ language: Language) -> [String] {
    search.search(text, language: language).map(\.service.code)
}

@Suite("Catalogue search on the real catalogue")
struct RealCatalogueSearchTests {
    @Test(
        "the queries of issue 11 that found nothing before find their service first",
        arguments: [
            ("printer kapot", Language.nl, "IT-007"), ("mon écran ne marche pas", .fr, "IT-003"), ("ik ben mijn badge kwijt", .nl, "FAC-002"),
            ("réserver une salle", .fr, "FAC-021"), ("loonbrief", .nl, "HR-002"),
            // Elision, a Dutch compound, keywords the directorates wrote (`ziek`, `malade`, `note de frais`).
            ("l'imprimante ne fonctionne plus", .fr, "IT-007"), ("fiets", .nl, "HR-028"), ("ziek", .nl, "HR-008"), ("malade", .fr, "HR-008"),
            ("note de frais", .fr, "FIN-003"),
        ])
    func first(text: String, language: Language, code: String) {
        #expect(codes(text, language).first == code, "\(text) → \(codes(text, language).prefix(5))")
    }

    @Test(
        "a Dutch compound that the texts lack is read as its two words",
        arguments: [
            ("printerstoring", "IT-007"), ("wachtwoordreset", "IT-012"), ("pcprobleem", "IT-002"), ("ziekteattest", "HR-008"),
            ("liftstoring", "FAC-011"), ("vpnverbinding", "IT-035"),
        ])
    func compounds(text: String, code: String) {
        #expect(codes(text, .nl).first == code, "\(text) → \(codes(text, .nl).prefix(5))")
    }

    @Test("a typo is corrected even when it begins another word: 'printr' begins 'print-ready' but means printer")
    func typoThatBeginsAWord() {
        #expect(Set(codes("printr", .nl).prefix(3)).isSuperset(of: ["IT-007", "IT-008"]))
    }

    @Test("a plural and a typo find the printer services in the top 3")
    func pluralAndTypo() {
        // Both "Printer problem" (IT-007) and "Network printer access" (IT-008) answer; the plural's stem is "imprim".
        #expect(Set(codes("imprimantes", .fr).prefix(2)) == ["IT-007", "IT-008"])
        #expect(Set(codes("imprimnte", .fr).prefix(2)) == ["IT-007", "IT-008"])
        #expect(SnowballStemmer.shared.stem("imprimantes", language: .fr) == "imprim")
        #expect(SnowballStemmer.shared.stem("fietsen", language: .nl) == "fiets")
        #expect(SnowballStemmer.shared.stem("printers", language: .en) == "printer")
    }

    @Test("the inactive fax line is never found, and gibberish finds nothing")
    func nothing() {
        #expect(!codes("fax", .nl).contains("IT-042"))
        #expect(codes("zzzxq", .nl).isEmpty)
    }

    @Test("the evaluation set parses against the catalogue and finds at least 95 % of its queries in the top 3")
    func evaluationSet() throws {
        let file = Repository.catalog.appendingPathComponent("eval/search-queries.yaml")
        let (queries, problems) = SearchEvaluation.load(yaml: try String(contentsOf: file, encoding: .utf8), file: file.path, catalogue: catalogue)
        #expect(problems.isEmpty, "\(problems)")
        #expect(queries.count >= 80)
        let outcomes = SearchEvaluation.run(queries, on: search)
        let found = outcomes.filter(\.foundInTop3).count
        #expect(Double(found) >= 0.95 * Double(queries.count), "\(found)/\(queries.count)")
    }

    @Test("evaluation set problems name the line and the field")
    func evaluationProblems() {
        let yaml = """
            queries:
              - {q: "laptop", language: nl, expect: [IT-001]}
              - {q: "Laptop", language: nl, expect: [IT-001]}
              - {q: "fax", language: nl, expect: [IT-042]}
              - {q: "scherm", language: de, expect: [IT-003]}
              - {q: "beeldscherm", language: nl, expect: []}
            """
        let problems = SearchEvaluation.load(yaml: yaml, file: "q.yaml", catalogue: catalogue).problems.map(\.description)
        #expect(
            problems == [
                "q.yaml:3: queries[1].q: 'Laptop' is already query 0",
                "q.yaml:4: queries[2].expect: IT-042 is not an active service of the catalogue",
                "q.yaml:5: queries[3].language: unknown language 'de' (expected one of: nl, fr, en)",
                "q.yaml:6: queries[4].expect: must list 1 to 3 service codes",
            ])
    }
}
