import Crypto
import Foundation
import GRDB
import HummingbirdBcrypt
import SSPCore
import SSPSnowball

extension AppDatabase: SessionStore {
    public func startSession(for userID: UserID, at now: Date) async throws -> (WebSession, secret: String) {
        let secret = Self.randomSecret()
        let csrf = Self.randomSecret()
        return try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO web_session(user_id, secret_hash, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID.rawValue, Self.hash(secret), csrf, now.unixMillis, now.unixMillis])
            return (WebSession(id: db.lastInsertedRowID, userID: userID, csrfToken: csrf, createdAt: now, lastSeenAt: now, endedAt: nil), secret)
        }
    }

    public func session(secret: String) async throws -> (WebSession, User)? {
        let hash = Self.hash(secret)
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM web_session WHERE secret_hash = ?", arguments: [hash]),
                let userRow = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [row["user_id"] as Int64])
            else { return nil }
            let session = WebSession(
                id: row["id"], userID: UserID(row["user_id"] as Int64), csrfToken: row["csrf_token"], createdAt: row.instant("created_at")!,
                lastSeenAt: row.instant("last_seen_at")!, endedAt: row.instant("ended_at"))
            return (session, try Self.user(db, row: userRow))
        }
    }

    public func touchSession(id: Int64, at now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE web_session SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL", arguments: [now.unixMillis, id])
        }
    }

    public func endSession(id: Int64, at now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE web_session SET ended_at = ? WHERE id = ? AND ended_at IS NULL", arguments: [now.unixMillis, id])
        }
    }

    /// 256 random bits, base64url.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64URLEncoded
    }
}

extension AppDatabase: InvitationStore {
    public func createInvitation(for userID: UserID, at now: Date, expiresAt: Date) async throws -> String {
        let secret = Self.randomSecret()
        try await writer.write { db in
            // A new link replaces the person's earlier unused ones.
            try db.execute(
                sql: "UPDATE password_invitation SET used_at = ? WHERE user_id = ? AND used_at IS NULL", arguments: [now.unixMillis, userID.rawValue])
            try db.execute(
                sql: "INSERT INTO password_invitation(secret_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [Self.hash(secret), userID.rawValue, now.unixMillis, expiresAt.unixMillis])
        }
        return secret
    }

    public func useInvitation(secret: String, at now: Date) async throws -> User? {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE password_invitation SET used_at = ? WHERE secret_hash = ? AND used_at IS NULL AND expires_at > ?",
                arguments: [now.unixMillis, Self.hash(secret), now.unixMillis])
            guard db.changesCount == 1 else { return nil }
            // Every other link of the person ends with it.
            try db.execute(
                sql: """
                    UPDATE password_invitation SET used_at = ? WHERE used_at IS NULL
                        AND user_id = (SELECT user_id FROM password_invitation WHERE secret_hash = ?)
                    """, arguments: [now.unixMillis, Self.hash(secret)])
            let row = try Row.fetchOne(
                db,
                sql: "SELECT user.* FROM password_invitation JOIN user ON user.id = password_invitation.user_id WHERE secret_hash = ? AND user.active = 1",
                arguments: [Self.hash(secret)])
            return try row.map { try Self.user(db, row: $0) }
        }
    }

    public func invitation(secret: String, at now: Date) async throws -> User? {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT user.* FROM password_invitation JOIN user ON user.id = password_invitation.user_id
                    WHERE secret_hash = ? AND used_at IS NULL AND expires_at > ? AND user.active = 1
                    """, arguments: [Self.hash(secret), now.unixMillis])
            return try row.map { try Self.user(db, row: $0) }
        }
    }
}

/// Local accounts: bcrypt hashes in `user.password_hash` (hummingbird-auth's Bcrypt).
public struct LocalPasswords: IdentityProvider, PasswordStore {
    /// bcrypt cost; 10 is OWASP's floor for bcrypt (about 60 ms a check on the 2-core machine, release).
    public static let cost: UInt8 = 10
    let database: AppDatabase
    /// Checked when the e-mail is unknown or has no password, so every refusal takes the same time.
    private static let dummyHash = Bcrypt.hash(AppDatabase.randomSecret(), cost: LocalPasswords.cost)

    public init(database: AppDatabase) { self.database = database }

    public func verify(email: String, password: String) async throws -> User? {
        let found = try await database.writer.read { db -> (User, String?)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE email = ?", arguments: [email.trimmingCharacters(in: .whitespaces).lowercased()])
            else { return nil }
            return (try AppDatabase.user(db, row: row), row["password_hash"])
        }
        // The same bcrypt work whether or not the person exists or has a password.
        let matches = Bcrypt.verify(password, hash: found?.1 ?? Self.dummyHash)
        guard matches, let (user, storedHash) = found, storedHash != nil, user.active else { return nil }
        return user
    }

    public func setPassword(_ password: String, for userID: UserID) async throws {
        let hash = Bcrypt.hash(password, cost: Self.cost)
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE user SET password_hash = ? WHERE id = ?", arguments: [hash, userID.rawValue])
        }
    }
}

extension UseCases {
    /// Every use case over one SQLite database, with its local accounts as the identity provider.
    public init(database: AppDatabase, sessionPolicy: SessionPolicy = .init(), throttle: SignInThrottle = SignInThrottle(), clock: any Clock) {
        self.init(
            stores: database, identity: LocalPasswords(database: database), sessionPolicy: sessionPolicy, throttle: throttle,
            stemmer: SnowballStemmer.shared, clock: clock)
    }
}
