import Foundation

/// How long a free-text field may be and which characters it may hold: the one rule every text a
/// person types goes through before it is stored (subjects, descriptions, answers, comments,
/// reasons, survey comments, canned replies, PDCA actions, desk outages).
///
/// - Length is counted twice: in characters (what a person sees, `String.count`) and in UTF-8
///   bytes (at most 4 per character allowed). One "character" can be built from thousands of
///   joined scalars (emoji with zero-width joiners): a 200-character subject must not be 980 KB
///   (issue 14).
/// - Control characters are refused, never cut: U+0000–U+001F but tab, line feed and carriage
///   return (the last two only where several lines are allowed), U+007F and U+0080–U+009F. SQLite
///   text binding ends at a NUL, so storing one would silently cut the text (issue 14). Format
///   characters (bidi overrides, zero-width joiners) are kept as typed: they belong to real text,
///   and what prints untrusted text to a terminal neutralises them (`TerminalText`).
public struct TextRule: Sendable, Equatable {
    /// The most characters (extended grapheme clusters).
    public var characters: Int
    /// The most UTF-8 bytes: `4 × characters`.
    public var bytes: Int { characters * 4 }
    /// Whether line breaks are allowed.
    public var multiline: Bool

    public init(characters: Int, multiline: Bool) {
        self.characters = characters
        self.multiline = multiline
    }

    /// A subject: one line, 200 characters.
    public static let subject = TextRule(characters: 200, multiline: false)
    /// A `text` form answer, a title, a name: one line, 500 characters.
    public static let line = TextRule(characters: 500, multiline: false)
    /// A description, a `long_text` answer, a comment, a reason: 20,000 characters.
    public static let long = TextRule(characters: 20_000, multiline: true)
    /// A survey comment: 2,000 characters.
    public static let surveyComment = TextRule(characters: 2_000, multiline: true)

    /// The problems of `text` in field `field` (empty when it passes): `.tooLong` (detail: the
    /// character limit; the message names bytes when only the byte cap is passed),
    /// `.singleLine`, `.controlCharacter` (detail: the first one as `U+XXXX`). Emptiness is the
    /// caller's rule.
    public func problems(_ text: String, field: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let control = text.unicodeScalars.first(where: { Self.isRefused($0) }) {
            let code = "U+" + String(format: "%04X", control.value)
            problems.append(FieldProblem(field: field, message: "contains the control character \(code)", code: .controlCharacter, detail: code))
        }
        if text.utf8.count > bytes {
            problems.append(FieldProblem(field: field, message: "at most \(characters) characters and \(bytes) bytes of UTF-8", code: .tooLong, detail: String(characters)))
        } else if text.count > characters {
            problems.append(FieldProblem(field: field, message: "at most \(characters) characters", code: .tooLong, detail: String(characters)))
        }
        if !multiline, text.contains(where: \.isNewline) {
            problems.append(FieldProblem(field: field, message: "a single line of text", code: .singleLine))
        }
        return problems
    }

    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x0A, 0x0D: false  // a line break: `.singleLine` speaks for one-line fields
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}

/// Untrusted text made safe to print on a terminal (issue 14: subjects reach an administrator's
/// terminal through `ssp-admin`): control characters (C0 but tab, DEL, C1, which start escape
/// sequences) and bidirectional controls (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069,
/// which reorder what follows) are shown as `\u{XXXX}`; line breaks as `\n` where one line is
/// printed. Everything else, accents included, is kept.
public enum TerminalText {
    /// `text` neutralised; `oneLine` also writes line feeds and carriage returns as `\n`, `\r`.
    public static func neutralised(_ text: String, oneLine: Bool = true) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where oneLine: result += "\\n"
            case 0x0D where oneLine: result += "\\r"
            case 0x09, 0x0A, 0x0D: result.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                result += "\\u{" + String(format: "%04X", scalar.value) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
