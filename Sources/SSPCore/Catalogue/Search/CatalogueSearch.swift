import Foundation

/// The catalogue search index (issue 11): what a staff member types, matched against the active
/// services in Dutch, French and English and ranked by BM25F.
///
/// Rules, each with its figure:
/// - **Fields and weights** (`fieldWeights`): name 5, keywords 3, category 1.5, description 1,
///   form labels and option labels 0.5. BM25F with k1 = 1.2 and b = 0.75 per field (Robertson and
///   Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, §3.5); the idf is
///   BM25's `ln(1 + (N − n + 0.5) / (n + 0.5))` over the services of that language.
/// - **Languages**: the query is analysed in each language (its stop words, its stemmer) and matched
///   against that language's texts; a service's score is its best language's, and a language other
///   than the person's counts 0.9 of its score, so the person's language comes first.
/// - **Partial words and Dutch compounds**: a query word of 3 characters or more also finds the
///   words it begins (`reserv` → `reservation`), and in Dutch a word of 4 or more the compounds it
///   ends (`scherm` → `beeldscherm`); `fiets` finds `fietsvergoeding` as a beginning. Such a match
///   counts 0.5 + 0.4 × (query word length / matched word length) of an exact one.
/// - **Dutch compounds typed**: a Dutch query word of 7 characters or more that the texts lack is
///   read as the two words of the texts it is made of (`printerstoring` → `printer` + `storing`,
///   `verlofaanvraag` → `verlof` + `aanvraag`, a linking s allowed).
/// - **Typos**: a query word of 4 characters or more that no language has exactly, and that is no
///   stop word of any language, also matches the words with the same first character at
///   Damerau–Levenshtein distance 1 (2 from 8 characters), at 0.6 of an exact match; words that
///   exist are never corrected, so typos cannot drown exact matches.
/// - **Ranking**: scores add up over the query words, so a service matching more of them ranks
///   higher and one matching only some still ranks; services scoring under 0.4 of the best are left
///   out. A service code in the query (`IT-017`, `it017`) puts that service first. Ties by code.
public struct CatalogueSearch: Sendable {
    /// The parts of a service the search reads.
    public enum Field: Int, CaseIterable, Sendable {
        case name, keywords, category, description, form
    }

    /// The weight of each field, indexed by `Field.rawValue`.
    public static let fieldWeights: [Double] = [5, 3, 1.5, 1, 0.5]
    static let k1 = 1.2
    static let b = 0.75
    /// The share of its score a service keeps when it matched in a language other than the person's.
    static let otherLanguageFactor = 0.9
    /// Services scoring under this share of the best score are not shown.
    static let relativeCutoff = 0.4
    static let typoWeight = 0.6

    /// One service found, with its score (relative: only the order and ratios mean something).
    public struct Hit: Sendable, Equatable {
        public var service: Service
        public var score: Double
    }

    private struct Posting: Sendable {
        var document: Int
        var score: Double
    }

    private struct LanguageIndex: Sendable {
        /// stem → the services having it, with the stem's BM25F score in each.
        var postings: [String: [Posting]] = [:]
        /// Every folded word of this language's texts → its stems.
        var stemsOfWord: [String: [String]] = [:]
        /// The words, sorted, for "begins with"; and reversed, sorted, for "ends with".
        var sortedWords: [String] = []
        var sortedReversedWords: [String] = []
    }

    /// A word of any language's texts, for the typo step (which compares each word once, whatever
    /// the number of languages it occurs in).
    private struct VocabularyWord: Sendable {
        var word: String
        var scalars: [Unicode.Scalar]
    }

    private let services: [Service]
    private let documentOfCode: [String: Int]
    private let indexes: [Language: LanguageIndex]
    /// Every word of 3 characters or more of the three languages' texts, by first character and
    /// length: the typo step takes the first character as typed (as spell checkers and Lucene's
    /// fuzzy `prefixLength` 1 do), which keeps it to a few hundred comparisons.
    private let vocabulary: [VocabularyKey: [VocabularyWord]]
    private let analyzer: TextAnalyzer

    /// The general services among the indexed ones ("Other HR question"), by code.
    public var generalServices: [Service] { services.filter(\.general) }

    /// Indexes the active services of `services` (inactive ones are never found).
    public init(services: [Service], analyzer: TextAnalyzer) {
        let services = services.filter(\.active).sorted { $0.code < $1.code }
        self.services = services
        self.analyzer = analyzer
        documentOfCode = Dictionary(uniqueKeysWithValues: services.enumerated().map { (Self.codeKey($1.code), $0) })
        var indexes: [Language: LanguageIndex] = [:]
        for language in Language.allCases {
            indexes[language] = Self.index(services, language: language, analyzer: analyzer)
        }
        self.indexes = indexes
        var vocabulary: [VocabularyKey: [VocabularyWord]] = [:]
        for word in Set(indexes.values.flatMap(\.stemsOfWord.keys)).sorted() where word.unicodeScalars.count >= 3 {
            let scalars = Array(word.unicodeScalars)
            vocabulary[VocabularyKey(first: scalars[0], length: scalars.count), default: []].append(VocabularyWord(word: word, scalars: scalars))
        }
        self.vocabulary = vocabulary
    }

    private struct VocabularyKey: Hashable, Sendable {
        var first: Unicode.Scalar
        var length: Int
    }

    /// The texts of `service`'s fields in `language` (`nil` for an English text the catalogue lacks).
    static func fields(of service: Service, in language: Language) -> [String?] {
        func text(_ text: LocalizedText) -> String? { language == .en ? text.en : text.text(in: language) }
        let form = service.form.flatMap { field in [text(field.label)] + field.options.map { text($0.label) } }.compactMap { $0 }
        return [
            text(service.name), service.keywords.terms(in: language).joined(separator: " "), text(service.category),
            text(service.description), form.joined(separator: " "),
        ]
    }

    private static func index(_ services: [Service], language: Language, analyzer: TextAnalyzer) -> LanguageIndex {
        var index = LanguageIndex()
        let fieldCount = Field.allCases.count
        // Per service: term frequency per field for each stem, and each field's length in terms.
        var frequencies: [[String: [Double]]] = []
        var lengths: [[Double]] = []
        for service in services {
            var frequency: [String: [Double]] = [:]
            var length = [Double](repeating: 0, count: fieldCount)
            for (field, text) in fields(of: service, in: language).enumerated() {
                guard let text else { continue }
                let terms = analyzer.terms(text, language: language)
                length[field] = Double(terms.count)
                for term in terms {
                    index.stemsOfWord[term.word] = term.stems
                    for stem in term.stems { frequency[stem, default: [Double](repeating: 0, count: fieldCount)][field] += 1 }
                }
            }
            frequencies.append(frequency)
            lengths.append(length)
        }
        let count = Double(max(services.count, 1))
        let averages = (0..<fieldCount).map { field in max(lengths.reduce(0) { $0 + $1[field] } / count, 1) }
        var documentFrequency: [String: Double] = [:]
        for frequency in frequencies { for stem in frequency.keys { documentFrequency[stem, default: 0] += 1 } }
        for (document, frequency) in frequencies.enumerated() {
            for (stem, perField) in frequency {
                var weighted = 0.0
                for field in 0..<fieldCount where perField[field] > 0 {
                    let normalisation = 1 - b + b * lengths[document][field] / averages[field]
                    weighted += fieldWeights[field] * perField[field] / normalisation
                }
                let n = documentFrequency[stem]!
                let idf = log(1 + (count - n + 0.5) / (n + 0.5))
                index.postings[stem, default: []].append(Posting(document: document, score: idf * weighted * (k1 + 1) / (k1 + weighted)))
            }
        }
        index.sortedWords = index.stemsOfWord.keys.sorted()
        index.sortedReversedWords = index.stemsOfWord.keys.map { String($0.reversed()) }.sorted()
        return index
    }

    /// The services matching `text`, best first, for a person whose language is `language`, among
    /// all services or those of `directorateCode` (the 0.4 cutoff is then relative to that
    /// directorate's best). Reads at most the first 200 characters of `text`; any text is valid
    /// (quotes, `*`, `-`, `AND`… are ordinary characters). Empty when nothing matches.
    public func search(_ text: String, language preferred: Language, directorateCode: String? = nil) -> [Hit] {
        let text = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        // Each language's reading of the query: per query word, the stems it stands for, with weights.
        var expansions: [Language: [[String: Double]]] = [:]
        var queryWords: [Language: [String]] = [:]
        var known = Set<String>()
        for language in Language.allCases {
            let index = indexes[language]!
            var seen = Set<String>()
            var terms = analyzer.terms(text, language: language)
            if language == .nl { terms = terms.flatMap { decompound($0, in: index) } }
            terms = terms.filter { seen.insert($0.word).inserted }
            queryWords[language] = terms.map(\.word)
            expansions[language] = terms.map { term in
                if Self.isExact(term, in: index) { known.insert(term.word) }
                return Self.expand(term, in: index, language: language)
            }
        }
        // Typos: only for words no language has exactly (a word's beginnings may still be a typo:
        // "printr" begins "print-ready" but means "printer"), never for a stop word of any language (a
        // Dutch "mijn" is no French typo). Each unknown word is compared with the vocabulary once.
        var typos: [String: [String]] = [:]
        for language in Language.allCases {
            for word in queryWords[language]! where !known.contains(word) && typos[word] == nil {
                typos[word] = Language.allCases.contains { StopWords.contains(word, language: $0) } ? [] : self.typos(of: word)
            }
        }
        for language in Language.allCases {
            let index = indexes[language]!
            for (i, word) in queryWords[language]!.enumerated() where !known.contains(word) {
                for typo in typos[word] ?? [] {
                    for stem in index.stemsOfWord[typo] ?? [] where (expansions[language]![i][stem] ?? 0) < Self.typoWeight {
                        expansions[language]![i][stem] = Self.typoWeight
                    }
                }
            }
        }
        // Scores by service (the index's position), in arrays: a query touches a few hundred postings.
        let count = services.count
        var best = [Double](repeating: 0, count: count)
        var scores = [Double](repeating: 0, count: count)
        var wordScores = [Double](repeating: 0, count: count)
        for language in Language.allCases {
            let index = indexes[language]!
            let factor = language == preferred ? 1.0 : Self.otherLanguageFactor
            for i in 0..<count { scores[i] = 0 }
            for stems in expansions[language]! {
                var touched: [Int] = []
                for (stem, weight) in stems {
                    for posting in index.postings[stem] ?? [] {
                        if wordScores[posting.document] == 0 { touched.append(posting.document) }
                        wordScores[posting.document] = max(wordScores[posting.document], weight * posting.score)
                    }
                }
                for document in touched {
                    scores[document] += wordScores[document]
                    wordScores[document] = 0
                }
            }
            for i in 0..<count where scores[i] * factor > best[i] { best[i] = scores[i] * factor }
        }
        if let directorateCode {
            for i in 0..<count where services[i].directorateCode != directorateCode { best[i] = 0 }
        }
        let top = best.max() ?? 0
        for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            if let document = documentOfCode[Self.codeKey(String(word))], directorateCode.map({ $0 == services[document].directorateCode }) ?? true {
                best[document] = top + 1
            }
        }
        let first = best.max() ?? 0
        guard first > 0 else { return [] }
        return best.indices.filter { best[$0] > 0 && best[$0] >= first * Self.relativeCutoff }
            .sorted { best[$0] != best[$1] ? best[$0] > best[$1] : $0 < $1 }  // services are in code order
            .map { Hit(service: services[$0], score: best[$0]) }
    }

    /// A Dutch compound that staff type but the texts lack (`printerstoring`, `wachtwoordreset`,
    /// `verlofaanvraag` with its linking s) as the two words it is made of: a word of the texts,
    /// then a word of the texts or one with a stem of them (`reset` for `resetten`); any other term
    /// as it is. Only a word of 7 characters or more without an exact match is split, at the longest
    /// first part (2 characters or more) that works.
    private func decompound(_ term: SearchTerm, in index: LanguageIndex) -> [SearchTerm] {
        let word = Array(term.word)
        guard word.count >= 7, !Self.isExact(term, in: index) else { return [term] }
        func part(_ text: String) -> SearchTerm? {
            if let stems = index.stemsOfWord[text] { return SearchTerm(word: text, stems: stems) }
            guard let analysed = analyzer.terms(text, language: .nl).first, analysed.word == text, Self.isExact(analysed, in: index) else { return nil }
            return analysed
        }
        for split in stride(from: word.count - 3, through: 2, by: -1) {
            let start = String(word[..<split])
            guard let stems = index.stemsOfWord[start] else { continue }
            let first = SearchTerm(word: start, stems: stems)
            let rest = String(word[split...])
            if let second = part(rest) ?? (rest.hasPrefix("s") && rest.count > 3 ? part(String(rest.dropFirst())) : nil) {
                return [first, second]
            }
        }
        return [term]
    }

    /// Whether one of `term`'s stems occurs in `index`'s texts (an exact match, not a beginning or a typo).
    private static func isExact(_ term: SearchTerm, in index: LanguageIndex) -> Bool {
        term.stems.contains { index.postings[$0] != nil }
    }

    /// `IT-017` and `it017` → `it017`; anything else → a key no service has.
    static func codeKey(_ word: String) -> String {
        TextAnalyzer.fold(word).filter { $0 != "-" }
    }

    /// The stems `term` stands for in `index`, with their weight: its own (1), and those of the words it
    /// begins (from 3 characters) or, in Dutch, ends (from 4).
    private static func expand(_ term: SearchTerm, in index: LanguageIndex, language: Language) -> [String: Double] {
        var stems: [String: Double] = [:]
        for stem in term.stems where index.postings[stem] != nil { stems[stem] = 1 }
        func add(_ word: String) {
            guard word != term.word, let wordStems = index.stemsOfWord[word] else { return }
            let weight = 0.5 + 0.4 * Double(term.word.count) / Double(word.count)
            for stem in wordStems where (stems[stem] ?? 0) < weight { stems[stem] = weight }
        }
        let word = term.word
        if word.count >= 3 {
            for candidate in Self.range(beginning: word, in: index.sortedWords) { add(candidate) }
        }
        if language == .nl, word.count >= 4 {
            for reversed in Self.range(beginning: String(word.reversed()), in: index.sortedReversedWords) { add(String(reversed.reversed())) }
        }
        return stems
    }

    /// The elements of `sorted` that begin with `prefix`, by binary search (at most 64).
    private static func range(beginning prefix: String, in sorted: [String]) -> ArraySlice<String> {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < prefix { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < sorted.count, end - low < 64, sorted[end].hasPrefix(prefix) { end += 1 }
        return sorted[low..<end]
    }

    /// The words of any language with `word`'s first character at Damerau–Levenshtein distance 1
    /// (2 from 8 characters) from it.
    private func typos(of word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 4, word.contains(where: \.isLetter) else { return [] }
        let limit = scalars.count >= 8 ? 2 : 1
        var rows = DistanceRows(length: scalars.count)
        var found: [String] = []
        for length in (scalars.count - limit)...(scalars.count + limit) {
            for candidate in vocabulary[VocabularyKey(first: scalars[0], length: length)] ?? []
            where Self.distance(candidate.scalars, scalars, limit: limit, rows: &rows) <= limit {
                found.append(candidate.word)
            }
        }
        return found
    }

    /// The three rows of the distance table, allocated once per query word.
    struct DistanceRows {
        var before: [Int]
        var previous: [Int]
        var current: [Int]

        init(length: Int) {
            before = [Int](repeating: 0, count: length + 1)
            previous = before
            current = before
        }
    }

    /// The optimal-string-alignment distance between `a` and `b` (see the other `distance`).
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        var rows = DistanceRows(length: b.count)
        return distance(a, b, limit: limit, rows: &rows)
    }

    /// The optimal-string-alignment distance (insertions, deletions, substitutions, swaps of two
    /// neighbours) between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. `rows` must
    /// hold at least `b.count + 1` entries each.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int, rows: inout DistanceRows) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        for j in 0...b.count { rows.previous[j] = j }
        for i in 1...a.count {
            rows.current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(rows.previous[j] + 1, rows.current[j - 1] + 1, rows.previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, rows.before[j - 2] + 1) }
                rows.current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&rows.before, &rows.previous)
            swap(&rows.previous, &rows.current)
        }
        return rows.previous[b.count]
    }
}
