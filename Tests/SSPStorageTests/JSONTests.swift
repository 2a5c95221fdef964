import Foundation
import Testing

@testable import SSPStorage

@Suite("Stored JSON")
struct JSONTests {
    @Test(
        "a string object is written exactly as JSONEncoder writes it, escapes and sorted keys included",
        arguments: [
            [:],
            ["service": "IT-002", "priority": "P2", "channel": "portal"],
            ["reason": "Niet prioritair / pas prioritaire.", "comment_id": "12"],
            ["quote": "il a dit \"oui\"", "backslash": "C:\\temp", "lines": "een\ntwee\r\ndrie\tvier", "bell": "\u{07}\u{08}\u{0C}\u{1F}"],
            ["é": "Crèvecœur – déjà vu 👍", "Z": "upper before lower", "a_b": "x", "a": "y", "a-b": "z", "10": "ten", "9": "nine"],
        ])
    func stringObject(_ object: [String: String]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(object), as: UTF8.self)
        #expect(JSON.encode(object) == expected)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(JSON.encode(object).utf8)) == object)
    }
}
