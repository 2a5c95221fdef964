import Foundation

/// Who someone is, proven at sign-in: local passwords today, an OpenID provider later (issue 10,
/// "Sign-in and sessions"). One interface, so the portal never knows which.
public protocol IdentityProvider: Sendable {
    /// The active person with `email` whose password is `password`, or `nil`. An unknown e-mail and a
    /// wrong password take the same time (a dummy hash is checked), so the answer tells nothing.
    func verify(email: String, password: String) async throws -> User?
}

/// A signed-in browser session, as stored (its secret only as a SHA-256 hash).
public struct WebSession: Sendable, Equatable {
    public var id: Int64
    public var userID: UserID
    /// The per-session token every state-changing form carries (CSRF).
    public var csrfToken: String
    /// UTC instants.
    public var createdAt: Date
    public var lastSeenAt: Date
    public var endedAt: Date?

    public init(id: Int64, userID: UserID, csrfToken: String, createdAt: Date, lastSeenAt: Date, endedAt: Date?) {
        self.id = id
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.endedAt = endedAt
    }
}

/// Sessions kept in the database: a restart signs nobody out and a second instance shares them.
public protocol SessionStore: Sendable {
    /// Starts a session for `userID`; returns it with its secret (the cookie value, shown once).
    func startSession(for userID: UserID, at now: Date) async throws -> (WebSession, secret: String)
    /// The session whose secret is `secret` (ended or not), with its person.
    func session(secret: String) async throws -> (WebSession, User)?
    /// Records activity at `now` (the idle timeout counts from the last one).
    func touchSession(id: Int64, at now: Date) async throws
    /// Ends the session at `now`; its cookie is refused from then on.
    func endSession(id: Int64, at now: Date) async throws
}

/// How long sessions last.
public struct SessionPolicy: Sendable, Equatable {
    /// Inactivity after which a session ends; default 30 minutes.
    public var idleTimeout: TimeInterval
    /// Age after which a session ends whatever the activity; default 10 hours (a working day).
    public var absoluteTimeout: TimeInterval
    /// Activity is written at most this often (seconds), to spare a write per page; default 60.
    public var touchInterval: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 10 * 3600, touchInterval: TimeInterval = 60) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchInterval = touchInterval
    }
}

/// Refusals of sign-in.
public enum SignInError: Error, Equatable, Sendable {
    /// Unknown e-mail, wrong password or inactive person: one answer for all three.
    case invalidCredentials
    /// Too many failures for this account or this client address; try again after `retryAfter` seconds.
    case throttled(retryAfter: Int)
}

/// Failed sign-ins per account and per client address in a sliding window: more than `limit`
/// failures in `window` seconds refuse further attempts until the oldest one leaves the window
/// (the quiet period). A success clears the account's count. One wrong password never locks.
public actor SignInThrottle {
    /// Failures allowed per account in the window; default 5.
    public let accountLimit: Int
    /// Failures allowed per client address in the window (a shared counter PC: more); default 20.
    public let addressLimit: Int
    /// Seconds; default 15 minutes.
    public let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(accountLimit: Int = 5, addressLimit: Int = 20, window: TimeInterval = 15 * 60) {
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
        self.window = window
    }

    /// Throws `SignInError.throttled` when the account or the address used up its failures.
    public func check(account: String, address: String, at now: Date) throws {
        for (key, limit) in [("account:" + account.lowercased(), accountLimit), ("address:" + address, addressLimit)] {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= limit, let oldest = recent.first {
                throw SignInError.throttled(retryAfter: max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up))))
            }
        }
    }

    /// Counts a failure for both keys.
    public func failed(account: String, address: String, at now: Date) {
        failures["account:" + account.lowercased(), default: []].append(now)
        failures["address:" + address, default: []].append(now)
        if failures.count > 100_000 { failures = failures.filter { now.timeIntervalSince($0.value.last ?? now) < window } }
    }

    /// A success clears the account's failures (not the address's).
    public func succeeded(account: String) {
        failures["account:" + account.lowercased()] = nil
    }
}

/// The sign-in and session use cases of the portal.
public struct SessionDesk: Sendable {
    public let identity: any IdentityProvider
    public let sessions: any SessionStore
    public let throttle: SignInThrottle
    public let policy: SessionPolicy
    public let clock: any Clock

    public init(identity: any IdentityProvider, sessions: any SessionStore, throttle: SignInThrottle = SignInThrottle(), policy: SessionPolicy = .init(), clock: any Clock) {
        self.identity = identity
        self.sessions = sessions
        self.throttle = throttle
        self.policy = policy
        self.clock = clock
    }

    /// Signs `email` in from client `address`: a new session (never one from before), ending
    /// `previous` (the secret the browser sent, if any).
    /// - Throws: `SignInError.throttled` (before checking the password), `.invalidCredentials`.
    public func signIn(email: String, password: String, address: String, ending previous: String?) async throws -> (WebSession, User, secret: String) {
        let now = clock.now()
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try await throttle.check(account: email, address: address, at: now)
        guard let user = try await identity.verify(email: email, password: password) else {
            await throttle.failed(account: email, address: address, at: now)
            throw SignInError.invalidCredentials
        }
        await throttle.succeeded(account: email)
        if let previous, let (old, _) = try await sessions.session(secret: previous) { try await sessions.endSession(id: old.id, at: now) }
        let (session, secret) = try await sessions.startSession(for: user.id, at: now)
        return (session, user, secret)
    }

    /// The live session of cookie value `secret` and its active person, or `nil` when unknown, ended,
    /// idle longer than `policy.idleTimeout`, older than `policy.absoluteTimeout`, or its person is
    /// inactive (a leaver's sessions stop at once). Records the activity.
    public func session(secret: String) async throws -> (WebSession, User)? {
        guard let (session, user) = try await sessions.session(secret: secret), session.endedAt == nil, user.active else { return nil }
        let now = clock.now()
        guard now.timeIntervalSince(session.lastSeenAt) < policy.idleTimeout, now.timeIntervalSince(session.createdAt) < policy.absoluteTimeout else {
            try await sessions.endSession(id: session.id, at: now)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= policy.touchInterval { try await sessions.touchSession(id: session.id, at: now) }
        return (session, user)
    }

    /// Ends the session (sign-out): the cookie is worthless from now on.
    public func signOut(_ session: WebSession) async throws {
        try await sessions.endSession(id: session.id, at: clock.now())
    }
}

/// Where local passwords are kept (as hashes).
public protocol PasswordStore: Sendable {
    /// Stores a hash of `password` for `userID`, replacing any earlier one.
    func setPassword(_ password: String, for userID: UserID) async throws
}

/// Local-account rules.
public enum PasswordPolicy {
    /// At least this many characters besides leading and trailing spaces (NIST SP 800-63B: length
    /// over composition rules); default 12.
    public static let minimumLength = 12
    /// At most this many: bcrypt reads 72 bytes.
    public static let maximumBytes = 72

    /// Problems of `password` (empty when acceptable), on field `password`.
    public static func problems(_ password: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if password.trimmingCharacters(in: .whitespacesAndNewlines).count < minimumLength {
            problems.append(FieldProblem(field: "password", message: "at least \(minimumLength) characters", code: .other, detail: String(minimumLength)))
        }
        if password.utf8.count > maximumBytes { problems.append(FieldProblem(field: "password", message: "at most \(maximumBytes) bytes", code: .tooLong, detail: String(maximumBytes))) }
        return problems
    }
}

/// First-password links for new local accounts: one use, valid `PasswordInvitations.lifetime`.
public protocol InvitationStore: Sendable {
    /// Stores an invitation for `userID`, ending the person's earlier unused ones, and returns its
    /// secret (the link's last part, shown once).
    func createInvitation(for userID: UserID, at now: Date, expiresAt: Date) async throws -> String
    /// Marks the invitation of `secret` (and every other of its person) used at `now` and returns its
    /// person, if it was unused, unexpired and the person active; `nil` otherwise (one transaction: a
    /// link works once).
    func useInvitation(secret: String, at now: Date) async throws -> User?
    /// The person of an unused, unexpired invitation, without using it.
    func invitation(secret: String, at now: Date) async throws -> User?
}

/// The first-password use cases.
public struct PasswordInvitations: Sendable {
    /// A link works for 7 days.
    public static let lifetime: TimeInterval = 7 * 86_400
    public let invitations: any InvitationStore
    public let passwords: any PasswordStore
    public let directory: any DirectoryStore
    public let clock: any Clock

    public init(invitations: any InvitationStore, passwords: any PasswordStore, directory: any DirectoryStore, clock: any Clock) {
        self.invitations = invitations
        self.passwords = passwords
        self.directory = directory
        self.clock = clock
    }

    /// A first-password link secret for the active person `email` (`ssp-admin users invite`).
    /// - Throws: `AccessError.notPermitted` (administrators), `TicketError.userNotFound`.
    public func invite(_ email: String, by actor: User) async throws -> (person: User, secret: String, expiresAt: Date) {
        try Access.require(.manageUsers, actor)
        guard let person = try await directory.user(email: email), person.active else { throw TicketError.userNotFound(email) }
        let now = clock.now()
        let expiry = now.addingTimeInterval(Self.lifetime)
        return (person, try await invitations.createInvitation(for: person.id, at: now, expiresAt: expiry), expiry)
    }

    /// The person a link is for, or `nil` (unknown, used or expired link); looking uses nothing.
    public func person(of secret: String) async throws -> User? {
        try await invitations.invitation(secret: secret, at: clock.now())
    }

    /// Sets the password through the link, once.
    /// - Throws: `TicketError.invalid` (`PasswordPolicy`, or `confirmation` differing), `TicketError.userNotFound`
    ///   (unknown, used or expired link); nothing is used then.
    public func accept(_ secret: String, password: String, confirmation: String) async throws -> User {
        var problems = PasswordPolicy.problems(password)
        if password != confirmation { problems.append(FieldProblem(field: "confirmation", message: "the two passwords differ")) }
        guard problems.isEmpty else { throw TicketError.invalid(problems) }
        guard let person = try await invitations.useInvitation(secret: secret, at: clock.now()) else { throw TicketError.userNotFound("invitation") }
        try await passwords.setPassword(password, for: person.id)
        return person
    }
}
