import Foundation

/// How widely a ticket's subject affects the organisation (ITIL).
public enum Impact: String, Codable, Sendable, CaseIterable, Hashable {
    case high, medium, low
}

/// How quickly the business needs the ticket handled (ITIL).
public enum Urgency: String, Codable, Sendable, CaseIterable, Hashable {
    case high, medium, low
}

/// Ticket priority, P1 (critical) to P5 (planning).
public enum Priority: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case p1 = "P1", p2 = "P2", p3 = "P3", p4 = "P4", p5 = "P5"

    /// The standard ITIL impact × urgency matrix (ITIL 4, Incident Management;
    /// the same 3×3 grid as ITIL v3 Service Operation, table 4.1):
    ///
    /// | impact \ urgency | high | medium | low |
    /// |---|---|---|---|
    /// | high   | P1 | P2 | P3 |
    /// | medium | P2 | P3 | P4 |
    /// | low    | P3 | P4 | P5 |
    public static func matrix(impact: Impact, urgency: Urgency) -> Priority {
        let score = weight(impact) + weight(urgency)  // 0 (high, high) … 4 (low, low)
        return allCases[score]
    }

    private static func weight(_ impact: Impact) -> Int {
        switch impact {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }

    private static func weight(_ urgency: Urgency) -> Int {
        switch urgency {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }
}

// Encoded as JSON object keys ("P1": …) rather than an array of pairs.
extension Priority: CodingKeyRepresentable {}
