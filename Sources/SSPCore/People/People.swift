import Foundation

/// Identifier of a person in the staff directory.
public struct UserID: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: UserID, b: UserID) -> Bool { a.rawValue < b.rawValue }
}

/// A role in SSP; a person may hold several (issue 9, "Roles the organisation really has").
///
/// What each role may do is written once, in `Access.table`; this enum only names them.
public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    /// Every staff member: files and follows their own requests.
    case requester
    /// Works the tickets of the directorates in `User.directorates`.
    case agent
    /// Team lead of the directorates in `User.leads`: assigns within them, sees their confidential
    /// tickets, receives their at-risk escalations (`TicketDesk.scanSLA`), reads their reports and reviews.
    case teamLead = "team_lead"
    /// Staffs the SSP counter in the Iris Tower: files on behalf of any staff member (channel
    /// `counter` or `phone`) and follows what they filed; not an agent of any directorate.
    case counterClerk = "counter_clerk"
    /// Quality and Performance (Brussels Synergy): every SLA, satisfaction and occupancy report,
    /// creates and closes PDCA reviews and their actions; never ticket contents.
    case qualityOfficer = "quality_officer"
    /// Facilities manager: desks, booking settings, occupancy reports (aggregates, never who sat where).
    case facilities
    /// Users, roles, catalogue, tokens; reads everything.
    case admin
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
    /// Directorate codes this person is team lead of (empty unless `roles` has `.teamLead`).
    public var leads: Set<String>
    public var managerID: UserID?
    public var active: Bool

    public init(
        id: UserID, name: String, email: String, organisation: String, administration: String?,
        language: Language, roles: Set<Role>, directorates: Set<String>, leads: Set<String> = [], managerID: UserID?, active: Bool = true
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.organisation = organisation
        self.administration = administration
        self.language = language
        self.roles = roles
        self.directorates = directorates
        self.leads = leads
        self.managerID = managerID
        self.active = active
    }

    /// Whether this person handles tickets of `directorate`.
    public func isAgent(of directorate: String) -> Bool {
        roles.contains(.agent) && directorates.contains(directorate)
    }

    /// Whether this person is team lead of `directorate`.
    public func isTeamLead(of directorate: String) -> Bool {
        roles.contains(.teamLead) && leads.contains(directorate)
    }

    /// Whether this person works tickets of `directorate` (its agent or team lead): the one who may be assigned.
    public func works(for directorate: String) -> Bool {
        isAgent(of: directorate) || isTeamLead(of: directorate)
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
    /// Directorates this person is team lead of.
    public var leads: Set<String>
    /// E-mail of the line manager, resolved after every row of an import is in.
    public var managerEmail: String?

    /// - Parameters:
    ///   - directorates: the directorates of an agent; for a team lead who is not an agent, those they lead.
    ///   - leads: the directorates of a team lead; `nil` means `directorates` when `roles` has `.teamLead`.
    public init(
        name: String, email: String, organisation: String, administration: String?, language: Language,
        roles: Set<Role>, directorates: Set<String>, leads: Set<String>? = nil, managerEmail: String?
    ) {
        self.name = name
        self.email = email
        self.organisation = organisation
        self.administration = administration
        self.language = language
        self.roles = roles.union([.requester])
        let isAgent = roles.contains(.agent)
        self.directorates = isAgent || !roles.contains(.teamLead) || leads != nil ? directorates : []
        self.leads = roles.contains(.teamLead) ? leads ?? directorates : []
        self.managerEmail = managerEmail
    }

    /// Problems of the role set (empty when consistent): agents and team leads need directorates,
    /// other people none; a counter clerk is not an agent of any directorate (issue 9).
    public var roleProblems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if roles.contains(.agent), directorates.isEmpty { problems.append(FieldProblem(field: "directorates", message: "an agent needs at least one directorate")) }
        if !roles.contains(.agent), !directorates.isEmpty {
            problems.append(FieldProblem(field: "directorates", message: "only agents work for directorates (add 'agent' to roles)"))
        }
        if roles.contains(.teamLead), leads.isEmpty { problems.append(FieldProblem(field: "directorates", message: "a team lead needs the directorate they lead")) }
        if roles.contains(.counterClerk), roles.contains(.agent) {
            problems.append(FieldProblem(field: "roles", message: "a counter clerk is not an agent of a directorate"))
        }
        return problems
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

extension User {
    /// Whoever runs `ssp-admin` on the server. They hold the database file already, so the access
    /// table sees an administrator who is also facilities manager and quality officer. Id 0 is
    /// never a stored person: nothing this identity does is recorded as someone's act.
    public static let `operator` = User(
        id: UserID(0), name: "ssp-admin", email: "ssp-admin@localhost", organisation: "", administration: nil, language: .en,
        roles: [.requester, .admin, .facilities, .qualityOfficer], directorates: [], managerID: nil)
}
