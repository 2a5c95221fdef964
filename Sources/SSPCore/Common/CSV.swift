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
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case ",":
                    fields.append(field)
                    field = ""
                    afterQuote = false
                case "\r":
                    break
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
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

/// A data line of a CSV file with a header, read by column name.
public struct CSVRow: Sendable {
    public let line: Int
    let fields: [String]
    let names: [String]

    /// The trimmed value of `column`; empty when the column or the field is absent.
    public func value(_ column: String) -> String {
        guard let index = names.firstIndex(of: column), index < fields.count else { return "" }
        return fields[index].trimmingCharacters(in: .whitespaces)
    }

    /// A problem with `column` of this line, named `line N: column`.
    public func problem(_ column: String, _ message: String) -> FieldProblem {
        FieldProblem(field: "line \(line): \(column)", message: message)
    }
}

extension CSV {
    /// Reads a CSV file whose first line names its columns (any order, compared lower-cased):
    /// checks the header against `columns` and `required`, then calls `row` for every data line
    /// after checking its field count. Every problem is collected, named `line N: column`.
    /// - Returns: the problems (empty when the file is valid as far as `row` says).
    public static func readTable(
        _ text: String, columns: [String], required: Set<String>,
        row: (CSVRow, inout [FieldProblem]) -> Void
    ) -> [FieldProblem] {
        let records: [CSVRecord]
        do { records = try parse(text) } catch let error as CSVError {
            return [FieldProblem(field: "line \(error.line)", message: error.message)]
        } catch {
            return [FieldProblem(field: "line 1", message: "\(error)")]
        }
        guard let header = records.first else { return [FieldProblem(field: "line 1", message: "empty file: a header line is required")] }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [FieldProblem] = []
        for name in names where !columns.contains(name) {
            problems.append(FieldProblem(field: "line 1: \(name)", message: "unknown column (expected: \(columns.joined(separator: ", ")))"))
        }
        for name in required.sorted() where !names.contains(name) {
            problems.append(FieldProblem(field: "line 1: \(name)", message: "missing column"))
        }
        guard problems.isEmpty else { return problems }
        for record in records.dropFirst() {
            let data = CSVRow(line: record.line, fields: record.fields, names: names)
            if record.fields.count != names.count { problems.append(data.problem("", "\(record.fields.count) fields, the header has \(names.count)")) }
            row(data, &problems)
        }
        return problems
    }
}
