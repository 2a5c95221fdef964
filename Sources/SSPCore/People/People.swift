import Foundation

/// Identifier of a person in the staff directory.
public struct UserID: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: UserID, b: UserID) -> Bool { a.rawValue < b.rawValue }
}

/// A role in SSP. Every person is a requester; agents work for one or more directorates;
/// facilities manage the desk inventory and read occupancy aggregates (never who sat where).
public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    case requester, agent, admin, facilities
}

/// A person of the staff directory.
public struct User: Codable, Sendable, Equatable, Hashable, Identifiable {
    public var id: UserID
    public var name: String
    /// Unique, compared case-insensitively.
    public var email: String
    /// The employing body, e.g. `GOB`; the Iris Tower also hosts other regional bodies.
    public var organisation: String
    /// The administration ("bestuur") within the organisation, e.g. `BM` (Brussels Mobility); optional.
    public var administration: String?
    public var language: Language
    public var roles: Set<Role>
    /// Directorate codes an agent works for (empty for non-agents).
    public var directorates: Set<String>
    public var managerID: UserID?
    public var active: Bool

    public init(
        id: UserID, name: String, email: String, organisation: String, administration: String?,
        language: Language, roles: Set<Role>, directorates: Set<String>, managerID: UserID?, active: Bool = true
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.organisation = organisation
        self.administration = administration
        self.language = language
        self.roles = roles
        self.directorates = directorates
        self.managerID = managerID
        self.active = active
    }

    /// Whether this person handles tickets of `directorate`.
    public func isAgent(of directorate: String) -> Bool {
        roles.contains(.agent) && directorates.contains(directorate)
    }
}

/// A person to add to or update in the directory (import, `users add`), keyed by e-mail.
public struct NewUser: Sendable, Equatable {
    public var name: String
    public var email: String
    public var organisation: String
    public var administration: String?
    public var language: Language
    public var roles: Set<Role>
    public var directorates: Set<String>
    /// E-mail of the line manager, resolved after every row of an import is in.
    public var managerEmail: String?

    public init(
        name: String, email: String, organisation: String, administration: String?, language: Language,
        roles: Set<Role>, directorates: Set<String>, managerEmail: String?
    ) {
        self.name = name
        self.email = email
        self.organisation = organisation
        self.administration = administration
        self.language = language
        self.roles = roles.union([.requester])
        self.directorates = directorates
        self.managerEmail = managerEmail
    }
}

/// An API token as listed (the secret itself is shown once, at creation, and stored only as a SHA-256 hash).
public struct APIToken: Sendable, Equatable {
    public var id: Int64
    public var userID: UserID
    public var name: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int64, userID: UserID, name: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.name = name
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
