import Foundation

/// What a directory import did.
public struct UserImportReport: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// E-mails of the active people absent from a full import, now deactivated (leavers).
    public var deactivated: [String] = []
    public init() {}
}

/// The staff directory.
public protocol DirectoryStore: Sendable {
    func user(id: UserID) async throws -> User?
    /// Case-insensitive lookup by e-mail.
    func user(email: String) async throws -> User?
    /// The users with these ids (missing ids are absent from the result).
    func users(ids: Set<UserID>) async throws -> [UserID: User]
    /// Users ordered by name.
    func users(limit: Int, offset: Int) async throws -> [User]
    /// Adds or updates people by e-mail in one transaction; line managers are
    /// resolved by e-mail against the directory after all rows are in.
    /// - Parameter leavers: the rows are the whole directory: every active person absent from them
    ///   is deactivated (and counted in `deactivated`).
    /// - Throws: `TicketError.invalid` naming the row (`row 12: manager`) for an unknown or inactive
    ///   manager (a leaver of the same import included) or an unknown directorate; nothing is written then.
    func upsertUsers(_ users: [NewUser], leavers: Bool) async throws -> UserImportReport
    /// Marks these people inactive (their tokens stop authenticating at once).
    func deactivate(_ ids: [UserID]) async throws
    /// The active team leads of `directorate`, by name.
    func teamLeads(of directorate: String) async throws -> [User]
    /// The active people who work `directorate`'s tickets (`User.works(for:)`: its agents and team
    /// leads), by name.
    func workers(of directorate: String) async throws -> [User]
    /// Whether someone has `id` as line manager.
    func isManager(_ id: UserID) async throws -> Bool
}

extension DirectoryStore {
    /// Adds or updates people, leaving everyone else as they are.
    public func upsertUsers(_ users: [NewUser]) async throws -> UserImportReport { try await upsertUsers(users, leavers: false) }
}

/// Bearer API tokens. Only a SHA-256 hash of each token is stored.
public protocol TokenStore: Sendable {
    /// Creates a token for `userID` and returns its secret (shown once).
    func createToken(for userID: UserID, name: String, at now: Date) async throws -> (APIToken, secret: String)
    /// Revokes token `id`; returns false when there is no such active token.
    func revokeToken(id: Int64, at now: Date) async throws -> Bool
    func tokens(of userID: UserID) async throws -> [APIToken]
    /// The active user owning an unrevoked token with this secret, or `nil`.
    func authenticate(secret: String) async throws -> User?
}
