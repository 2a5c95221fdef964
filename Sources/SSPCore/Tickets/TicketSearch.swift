import Foundation

/// What a person typed in a ticket search, read as words (issue 13, "Ticket search").
///
/// The rule, in one place for the API, the portal and the CLI:
/// - A ticket matches when every term occurs in its number, subject, description, form answers
///   or conversation (internal notes only for those who may read them: the `readNotes` row of
///   `Access.table`). Case and accents never matter (`ECRAN` finds `écran`).
/// - A term is a run of letters, digits and private-use characters (the characters SQLite's
///   `unicode61` tokenizer keeps); everything else separates terms and means nothing, so quotes,
///   `-`, `(`, `AND`, `NEAR(` are plain text or spaces and no input is an error.
/// - A term followed by `*` is a prefix (`imprim*` finds `imprimante`), when it has at least
///   `minimumPrefixLength` characters; a shorter one is a whole word. Prefixes are written
///   out by the person, as in Zammad and Jira: at a million tickets, the prefix of a common word
///   costs 60-90 ms of index reading, a whole word about 1 ms (the issue 12 benchmark).
/// - Input that is exactly a ticket number (`SSP-2026-000123`, any case, spaces around) finds
///   that ticket and nothing else.
/// - At most `maximumTerms` terms count (the rest is ignored); input beyond `maximumLength`
///   characters is ignored.
public struct TicketSearchText: Sendable, Hashable, CustomStringConvertible {
    /// One word of the search.
    public struct Term: Sendable, Hashable {
        /// The word as typed (case and accents are folded by the index, not here).
        public var text: String
        /// Whether tickets with a word starting with `text` match too.
        public var isPrefix: Bool

        public init(_ text: String, isPrefix: Bool = false) {
            self.text = text
            self.isPrefix = isPrefix
        }
    }

    public static let maximumTerms = 8
    public static let maximumLength = 500
    public static let minimumPrefixLength = 2

    /// The words, in the order typed; empty when the input had none (or was a ticket number).
    public var terms: [Term]
    /// The ticket number when the whole input is one.
    public var number: TicketNumber?

    /// Reads `input` by the rule above; never fails.
    public init(_ input: String) {
        let trimmed = String(input.prefix(Self.maximumLength)).trimmingCharacters(in: .whitespacesAndNewlines)
        if let number = TicketNumber(parsing: trimmed.uppercased()) {
            self.number = number
            terms = []
            return
        }
        number = nil
        var terms: [Term] = []
        var word = String.UnicodeScalarView()
        func finish(prefix: Bool) {
            guard !word.isEmpty else { return }
            if terms.count < Self.maximumTerms {
                let text = String(word)
                terms.append(Term(text, isPrefix: prefix && text.count >= Self.minimumPrefixLength))
            }
            word.removeAll()
        }
        for scalar in trimmed.unicodeScalars {
            if Self.isWordCharacter(scalar) {
                word.append(scalar)
            } else {
                finish(prefix: scalar == "*")
            }
        }
        finish(prefix: false)
        self.terms = terms
    }

    /// Whether there is nothing to look for (no term and no number): such a search finds no ticket.
    public var isEmpty: Bool { terms.isEmpty && number == nil }

    /// The search as it was understood: `SSP-2026-000123`, or the terms with `*` after prefixes.
    public var description: String {
        number?.rawValue ?? terms.map { $0.isPrefix ? $0.text + "*" : $0.text }.joined(separator: " ")
    }

    /// Letters, digits, private use (`unicode61`'s default categories "L* N* Co") and combining
    /// marks, so that a decomposed `é` stays in its word.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .privateUse,
            .nonspacingMark, .spacingMark, .enclosingMark:
            true
        default:
            false
        }
    }
}
