import Foundation

/// A stemming algorithm per language: the catalogue search's view of the Snowball stemmers
/// (`SSPSnowball` implements it with the Snowball project's C library).
public protocol Stemmer: Sendable {
    /// The stem of `word` (one lower-case word, accents as typed) by `language`'s algorithm,
    /// e.g. `imprimantes` → `imprim` in French, `fietsen` → `fiets` in Dutch.
    func stem(_ word: String, language: Language) -> String
}

/// One word of a text as the search compares it.
public struct SearchTerm: Hashable, Sendable {
    /// The word lower-cased and without accents (`Écrans` → `ecrans`).
    public var word: String
    /// Its stems, folded the same way: the stem of the word as written and the stem of the folded
    /// word, which differ for some accented endings (`sécurité` → `secur`, `securite` → `securit`).
    /// One or two values, never empty.
    public var stems: [String]
}

/// Turns a text into the terms the catalogue search indexes and looks up (issue 11): case and
/// accents folded, French elision removed (`l'imprimante` → `imprimante`), the language's stop
/// words dropped, every word stemmed by the language's Snowball algorithm.
///
/// Words are runs of letters and digits; an apostrophe inside a word is an elision in French and
/// joins the word in Dutch and English (`risico's` → `risicos`); a hyphenated word gives its parts
/// and the joined word (`e-mail` → `e`, `mail`, `email`, then words of one character are dropped).
public struct TextAnalyzer: Sendable {
    public let stemmer: any Stemmer

    public init(stemmer: any Stemmer) { self.stemmer = stemmer }

    /// The terms of `text` in `language`, in order, stop words and one-character words left out.
    public func terms(_ text: String, language: Language) -> [SearchTerm] {
        Self.words(text, language: language).compactMap { word in
            let folded = Self.fold(word)
            guard folded.count > 1, !StopWords.contains(folded, language: language) else { return nil }
            guard folded.contains(where: \.isLetter) else { return SearchTerm(word: folded, stems: [folded]) }
            let stems = [Self.fold(stemmer.stem(word, language: language)), stemmer.stem(folded, language: language)]
            return SearchTerm(word: folded, stems: stems[0] == stems[1] ? [stems[0]] : stems)
        }
    }

    /// Lower case without diacritics (`Coördinatie` → `coordinatie`), the same in every locale.
    public static func fold(_ text: String) -> String {
        // Most words typed are ASCII, where folding is lower-casing (Foundation's folding costs ~1 µs a call).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// French articles and pronouns written before an apostrophe (`l'`, `d'`, `qu'`…).
    static let elisions: Set<String> = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]

    /// The lower-case words of `text` (accents kept), after elision and hyphen handling.
    static func words(_ text: String, language: Language) -> [String] {
        var words: [String] = []
        var current = ""
        var parts: [String] = []  // the pieces of a hyphenated word so far
        func endPart() {
            var word = current
            current = ""
            if word.contains("'") {
                let pieces = word.split(separator: "'").map(String.init)
                if language == .fr, pieces.count > 1, elisions.contains(pieces[0]) {
                    word = pieces.dropFirst().joined()
                } else {
                    word = pieces.joined()
                }
            }
            if !word.isEmpty { parts.append(word) }
        }
        func endWord() {
            endPart()
            words.append(contentsOf: parts)
            if parts.count > 1 { words.append(parts.joined()) }
            parts = []
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "’" || character == "ʼ" {
                if !current.isEmpty { current.append("'") }
            } else if character == "-" || character == "‑" {
                endPart()
            } else {
                endWord()
            }
        }
        endWord()
        return words
    }
}
