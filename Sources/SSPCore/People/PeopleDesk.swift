import Foundation

/// The directory and token use cases: who someone is (for the people shown on tickets and the
/// filters of a listing), and the administration of people and API tokens.
public struct PeopleDesk: Sendable {
    public let directory: any DirectoryStore
    public let tokens: any TokenStore
    /// Moves the approvals of people who leave.
    public let approvals: ApprovalDesk

    public init(directory: any DirectoryStore, tokens: any TokenStore, approvals: ApprovalDesk) {
        self.directory = directory
        self.tokens = tokens
        self.approvals = approvals
    }

    /// The active person a bearer token belongs to, or `nil` (an unknown, revoked or deactivated owner's token).
    public func authenticate(token secret: String) async throws -> User? {
        try await tokens.authenticate(secret: secret)
    }

    /// The person with e-mail `email` (case-insensitive), as a filter or a name: any signed-in person
    /// may name a colleague (the directory is the organisation's).
    public func person(email: String, by actor: User) async throws -> User? {
        try Access.require(.readProfile, actor)
        return try await directory.user(email: email)
    }

    /// The people with these ids, to put names on what `actor` was already allowed to read.
    public func people(_ ids: Set<UserID>, by actor: User) async throws -> [UserID: User] {
        try Access.require(.readProfile, actor)
        return try await directory.users(ids: ids)
    }

    /// Active staff whose name, e-mail or administration contains every word of `text`, accent- and
    /// case-insensitively ("lefevre" finds Lefèvre), by name; at most `limit` (the SSP counter).
    /// - Parameter includingLeavers: inactive people too (the administrators' users page).
    /// - Throws: `AccessError.notPermitted` (counter clerks and administrators only; with
    ///   `includingLeavers`, administrators only: `.manageUsers`).
    public func search(_ text: String, limit: Int = 25, includingLeavers: Bool = false, by actor: User) async throws -> [User] {
        try Access.require(includingLeavers ? .manageUsers : .searchDirectory, actor)
        func fold(_ value: String) -> String { value.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil) }
        let words = fold(text).split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return [] }
        var found: [User] = []
        var offset = 0
        while true {
            let page = try await directory.users(limit: 1_000, offset: offset)
            for user in page where user.active || includingLeavers {
                let haystack = fold([user.name, user.email, user.administration ?? "", user.organisation].joined(separator: " "))
                if words.allSatisfy(haystack.contains) { found.append(user) }
            }
            guard page.count == 1_000, found.count < limit else { break }
            offset += 1_000
        }
        return Array(found.prefix(limit))
    }

    /// The person with `id`, active or not, for an administrator (the users page).
    /// - Throws: `AccessError.notPermitted`, `TicketError.userNotFound`.
    public func person(id: UserID, by actor: User) async throws -> User {
        try Access.require(.manageUsers, actor)
        guard let person = try await directory.user(id: id) else { throw TicketError.userNotFound(id.description) }
        return person
    }

    /// People ordered by name, a page of them.
    public func list(limit: Int, offset: Int, by actor: User) async throws -> [User] {
        try Access.require(.manageUsers, actor)
        return try await directory.users(limit: limit, offset: offset)
    }

    /// Adds or updates people by e-mail in one transaction (a directory import, `users add`).
    /// - Parameter leavers: `people` is the whole directory: every active person absent from it has
    ///   left and is deactivated, and the approvals waiting on them move on (`ApprovalDesk.rerouteStranded`).
    /// - Returns: the import's counts, and what moving approvals did.
    /// - Throws: `AccessError.notPermitted`; `TicketError.invalid` naming rows (`row 3: manager`, also
    ///   for an inactive manager), nothing written then.
    public func upsert(_ people: [NewUser], leavers: Bool = false, by actor: User) async throws -> (UserImportReport, ApprovalReroute) {
        try Access.require(.manageUsers, actor)
        let report = try await directory.upsertUsers(people, leavers: leavers)
        return (report, report.deactivated.isEmpty ? ApprovalReroute() : try await approvals.rerouteStranded(by: actor))
    }

    /// Sets the local password of the active person `email` (`ssp-admin users set-password`).
    /// - Throws: `AccessError.notPermitted`, `TicketError.userNotFound`, `TicketError.invalid` (`PasswordPolicy`).
    public func setPassword(_ password: String, for email: String, in passwords: any PasswordStore, by actor: User) async throws {
        try Access.require(.manageUsers, actor)
        guard let person = try await directory.user(email: email), person.active else { throw TicketError.userNotFound(email) }
        let problems = PasswordPolicy.problems(password)
        guard problems.isEmpty else { throw TicketError.invalid(problems) }
        try await passwords.setPassword(password, for: person.id)
    }

    /// Creates an API token for the active person `email`; returns it with its secret (shown once).
    /// - Throws: `TicketError.userNotFound` for no active person with that e-mail.
    public func createToken(for email: String, name: String, at now: Date, by actor: User) async throws -> (token: APIToken, owner: User, secret: String) {
        try Access.require(.manageTokens, actor)
        guard let owner = try await directory.user(email: email), owner.active else { throw TicketError.userNotFound(email) }
        let (token, secret) = try await tokens.createToken(for: owner.id, name: name, at: now)
        return (token, owner, secret)
    }

    /// Revokes token `id`; false when there is no such active token.
    public func revokeToken(_ id: Int64, at now: Date, by actor: User) async throws -> Bool {
        try Access.require(.manageTokens, actor)
        return try await tokens.revokeToken(id: id, at: now)
    }

    /// The tokens of person `email`.
    /// - Throws: `TicketError.userNotFound`.
    public func tokens(of email: String, by actor: User) async throws -> (owner: User, tokens: [APIToken]) {
        try Access.require(.manageTokens, actor)
        guard let owner = try await directory.user(email: email) else { throw TicketError.userNotFound(email) }
        return (owner, try await tokens.tokens(of: owner.id))
    }
}
