import Foundation
import Synchronization

/// JSON for definition columns: sorted keys so that equal values give equal
/// text, which is how imports detect "nothing changed".
enum JSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A string-to-string object as `encode` writes it (sorted keys, slashes as they are), without
    /// the Codable machinery: event payloads, written for every event (issue 12: `JSONEncoder` was
    /// 11 % of a bulk load). `JSONTests` compares both on keys and values that need escaping.
    static func encode(_ object: [String: String]) -> String {
        var text = "{"
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            appendString(key, to: &text)
            text += ":"
            appendString(object[key]!, to: &text)
        }
        return text + "}"
    }

    private static func appendString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

/// A bounded memo of decoded JSON texts. Decoding is a pure function of the text, so a text seen
/// before gives the value decoded then: the same open tickets are read by every queue refresh, and
/// decoding their clocks and answers was 14 % of a queue page (issue 12). Past `limit` texts it
/// starts afresh (at most `limit` values of a few hundred bytes each are kept).
final class DecodeMemo<Value: Decodable & Sendable>: Sendable {
    private let values = Mutex<[String: Value]>([:])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// - Throws: what `JSON.decode` throws for a text that is not a `Value`.
    func decode(_ text: String) throws -> Value {
        if let value = values.withLock({ $0[text] }) { return value }
        let value = try JSON.decode(Value.self, text)
        values.withLock { values in
            if values.count >= limit { values.removeAll(keepingCapacity: true) }
            values[text] = value
        }
        return value
    }
}
