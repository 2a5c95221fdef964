import Foundation

/// A parsed CSV record with the 1-based line it starts on.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
}

/// Errors of `CSV.parse`.
public struct CSVError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

/// RFC 4180 CSV: comma separated, fields optionally in double quotes, `""`
/// for a quote inside a quoted field, quoted fields may span lines. A leading
/// UTF-8 BOM (spreadsheet exports) is skipped.
public enum CSV {
    /// - Throws: `CSVError` for an unterminated quoted field or text after a closing quote.
    public static func parse(_ text: String) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var inQuotes = false, afterQuote = false
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            afterQuote = false
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 }
                    else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case ",":
                    fields.append(field); field = ""; afterQuote = false
                case "\r":
                    break
                case "\n":
                    endRecord(); line += 1; recordLine = line
                case "\"" where field.isEmpty && !afterQuote:
                    inQuotes = true
                default:
                    if afterQuote { throw CSVError(line: line, message: "text after a closing quote") }
                    field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw CSVError(line: recordLine, message: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One field for a CSV line: quoted when it holds a comma, quote or line
    /// break (quotes doubled); a cell starting with `=`, `+`, `-`, `@`, tab or
    /// carriage return is prefixed with an apostrophe so spreadsheets never run
    /// it as a formula (OWASP, CSV injection).
    public static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
