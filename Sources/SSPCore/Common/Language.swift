import Foundation

/// A language a staff member can read SSP in. Dutch and French are equal and
/// required by the Brussels language laws; English is a courtesy (FACTS.md).
public enum Language: String, Codable, Sendable, CaseIterable, Hashable {
    case nl, fr, en
}

/// A user-facing text in Dutch, French and (optionally) English.
///
/// Every text a staff member sees must exist in `nl` and `fr`; `en` falls back
/// to `nl` when absent.
public struct LocalizedText: Codable, Sendable, Equatable, Hashable {
    public var nl: String
    public var fr: String
    public var en: String?

    public init(nl: String, fr: String, en: String? = nil) {
        self.nl = nl
        self.fr = fr
        self.en = en
    }

    /// The text in `language`; English falls back to Dutch when missing.
    public func text(in language: Language) -> String {
        switch language {
        case .nl: nl
        case .fr: fr
        case .en: en ?? nl
        }
    }
}
