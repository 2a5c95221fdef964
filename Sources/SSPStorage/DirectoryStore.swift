import Crypto
import Foundation
import GRDB
import SSPCore

extension AppDatabase: DirectoryStore {
    static func user(_ db: Database, row: Row) throws -> User {
        let id = UserID(row["id"] as Int64)
        // Cached statements: these run on every authenticated request (compiling them anew was 7 % of one).
        let roles = try String.fetchAll(db.cachedStatement(sql: "SELECT role FROM user_role WHERE user_id = ?"), arguments: [id.rawValue])
        let links = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT directorate_code, relation FROM user_directorate WHERE user_id = ?"), arguments: [id.rawValue]
        ).map { (code: $0["directorate_code"] as String, relation: $0["relation"] as String) }
        return try user(row: row, roles: roles, links: links)
    }

    /// The users of `rows` with their roles and directorates read in two statements, not two per person
    /// (a page of 50 tickets names about 60 people).
    static func users(_ db: Database, rows: [Row]) throws -> [User] {
        guard rows.count > 1 else { return try rows.map { try user(db, row: $0) } }
        let ids = rows.map { $0["id"] as Int64 }
        let marks = databaseQuestionMarks(count: ids.count)
        let roles = Dictionary(
            grouping: try Row.fetchAll(db, sql: "SELECT user_id, role FROM user_role WHERE user_id IN (\(marks))", arguments: StatementArguments(ids)),
            by: { $0["user_id"] as Int64 })
        let links = Dictionary(
            grouping: try Row.fetchAll(
                db, sql: "SELECT user_id, directorate_code, relation FROM user_directorate WHERE user_id IN (\(marks))", arguments: StatementArguments(ids)),
            by: { $0["user_id"] as Int64 })
        return try rows.map { row in
            let id = row["id"] as Int64
            return try user(
                row: row, roles: (roles[id] ?? []).map { $0["role"] },
                links: (links[id] ?? []).map { (code: $0["directorate_code"] as String, relation: $0["relation"] as String) })
        }
    }

    private static func user(row: Row, roles roleNames: [String], links: [(code: String, relation: String)]) throws -> User {
        let id = UserID(row["id"] as Int64)
        var roles: Set<Role> = [.requester]
        for raw in roleNames {
            guard let role = Role(rawValue: raw) else { throw StorageError.corrupt("user \(id): unknown role '\(raw)'") }
            roles.insert(role)
        }
        var directorates: Set<String> = []
        var leads: Set<String> = []
        for link in links {
            if link.relation == "team_lead" { leads.insert(link.code) } else { directorates.insert(link.code) }
        }
        let languageCode: String = row["language"]
        guard let language = Language(rawValue: languageCode) else { throw StorageError.corrupt("user \(id): unknown language '\(languageCode)'") }
        return User(
            id: id, name: row["name"], email: row["email"], organisation: row["organisation"],
            administration: row["administration"], language: language,
            roles: roles, directorates: directorates, leads: leads, managerID: (row["manager_id"] as Int64?).map { UserID($0) },
            active: row["active"])
    }

    public func user(id: UserID) async throws -> User? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id.rawValue]).map { try Self.user(db, row: $0) }
        }
    }

    public func user(email: String) async throws -> User? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE email = ?", arguments: [email.trimmingCharacters(in: .whitespaces)])
                .map { try Self.user(db, row: $0) }
        }
    }

    public func users(ids: Set<UserID>) async throws -> [UserID: User] {
        guard !ids.isEmpty else { return [:] }
        return try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM user WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
                arguments: StatementArguments(ids.map(\.rawValue)))
            return Dictionary(uniqueKeysWithValues: try Self.users(db, rows: rows).map { ($0.id, $0) })
        }
    }

    public func users(limit: Int, offset: Int) async throws -> [User] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name, id LIMIT ? OFFSET ?", arguments: [limit, offset])
                .map { try Self.user(db, row: $0) }
        }
    }

    public func isManager(_ id: UserID) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM user WHERE manager_id = ? AND active = 1)", arguments: [id.rawValue]) ?? false
        }
    }

    public func deactivate(_ ids: [UserID]) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE user SET active = 0 WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
                arguments: StatementArguments(ids.map(\.rawValue)))
        }
    }

    public func teamLeads(of directorate: String) async throws -> [User] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT user.* FROM user JOIN user_directorate ud ON ud.user_id = user.id
                    JOIN user_role r ON r.user_id = user.id AND r.role = 'team_lead'
                    WHERE ud.directorate_code = ? AND ud.relation = 'team_lead' AND user.active = 1 ORDER BY user.name, user.id
                    """, arguments: [directorate]
            ).map { try Self.user(db, row: $0) }
        }
    }

    public func workers(of directorate: String) async throws -> [User] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT user.* FROM user WHERE user.active = 1 AND user.id IN (
                        SELECT ud.user_id FROM user_directorate ud JOIN user_role r ON r.user_id = ud.user_id AND r.role = ud.relation
                        WHERE ud.directorate_code = ?)
                    ORDER BY user.name, user.id
                    """, arguments: [directorate]
            ).map { try Self.user(db, row: $0) }
        }
    }

    public func upsertUsers(_ users: [NewUser], leavers: Bool) async throws -> UserImportReport {
        try await writer.write { db in
            var report = UserImportReport()
            var problems: [FieldProblem] = []
            if leavers {
                // Everyone active not in the file has left; their reports cannot name them as manager below.
                let emails = Set(users.map { $0.email.lowercased() })
                for row in try Row.fetchAll(db, sql: "SELECT id, email FROM user WHERE active = 1 ORDER BY email") {
                    let email: String = row["email"]
                    guard !emails.contains(email.lowercased()) else { continue }
                    try db.execute(sql: "UPDATE user SET active = 0 WHERE id = ?", arguments: [row["id"] as Int64])
                    report.deactivated.append(email)
                }
            }
            let directorates = Set(try String.fetchAll(db, sql: "SELECT code FROM directorate"))
            var ids: [Int64] = []
            var changed: [Bool?] = []  // nil: inserted, true: updated, false: unchanged
            for (index, user) in users.enumerated() {
                let row = index + 1
                for code in user.directorates.union(user.leads).sorted() where !directorates.contains(code) {
                    problems.append(FieldProblem(field: "row \(row): directorates", message: "unknown directorate \(code) (import the catalogue first)"))
                }
                problems += user.roleProblems.map { FieldProblem(field: "row \(row): \($0.field)", message: $0.message) }
                let before = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE email = ?", arguments: [user.email])
                try db.execute(
                    sql: """
                        INSERT INTO user(email, name, organisation, administration, language) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(email) DO UPDATE SET name = excluded.name, organisation = excluded.organisation,
                            administration = excluded.administration, language = excluded.language, active = 1
                        """, arguments: [user.email, user.name, user.organisation, user.administration, user.language.rawValue])
                let id = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE email = ?", arguments: [user.email])!
                ids.append(id)
                let links = Set(
                    user.directorates.map { "agent/\($0)" } + user.leads.map { "team_lead/\($0)" }
                        + user.roles.subtracting([.requester]).map { "role/\($0.rawValue)" })
                let oldLinks = Set(
                    try String.fetchAll(
                        db,
                        sql: """
                            SELECT relation || '/' || directorate_code FROM user_directorate WHERE user_id = ?
                            UNION ALL SELECT 'role/' || role FROM user_role WHERE user_id = ?
                            """, arguments: [id, id]))
                if problems.isEmpty, oldLinks != links {
                    try db.execute(sql: "DELETE FROM user_directorate WHERE user_id = ?; DELETE FROM user_role WHERE user_id = ?", arguments: [id, id])
                    for code in user.directorates {
                        try db.execute(sql: "INSERT INTO user_directorate(user_id, directorate_code, relation) VALUES (?, ?, 'agent')", arguments: [id, code])
                    }
                    for code in user.leads {
                        try db.execute(sql: "INSERT INTO user_directorate(user_id, directorate_code, relation) VALUES (?, ?, 'team_lead')", arguments: [id, code])
                    }
                    for role in user.roles.subtracting([.requester]) {
                        try db.execute(sql: "INSERT INTO user_role(user_id, role) VALUES (?, ?)", arguments: [id, role.rawValue])
                    }
                }
                let after = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE id = ?", arguments: [id])
                changed.append(before.map { $0 != after || oldLinks != links })
            }
            // Managers last, so a manager may appear after their reports.
            for (index, user) in users.enumerated() {
                var managerID: Int64?
                if let email = user.managerEmail, !email.isEmpty {
                    managerID = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE email = ?", arguments: [email])
                    if managerID == nil {
                        problems.append(FieldProblem(field: "row \(index + 1): manager", message: "no user with e-mail \(email)"))
                        continue
                    }
                    if managerID == ids[index] {
                        problems.append(FieldProblem(field: "row \(index + 1): manager", message: "a person cannot be their own line manager"))
                        continue
                    }
                    if try Bool.fetchOne(db, sql: "SELECT active FROM user WHERE id = ?", arguments: [managerID]) != true {
                        problems.append(FieldProblem(field: "row \(index + 1): manager", message: "\(email) is no longer active and cannot be a line manager"))
                        continue
                    }
                }
                let current = try Int64?.fetchOne(db, sql: "SELECT manager_id FROM user WHERE id = ?", arguments: [ids[index]]) ?? nil
                if current != managerID {
                    try db.execute(sql: "UPDATE user SET manager_id = ? WHERE id = ?", arguments: [managerID, ids[index]])
                    if changed[index] == false { changed[index] = true }
                }
            }
            if !problems.isEmpty { throw TicketError.invalid(problems) }  // rolls the whole import back
            report.inserted = changed.filter { $0 == nil }.count
            report.updated = changed.filter { $0 == true }.count
            report.unchanged = changed.filter { $0 == false }.count
            return report
        }
    }
}

extension AppDatabase: TokenStore {
    /// Hex SHA-256 of a token secret. Secrets are 256 random bits, so a fast
    /// hash is enough: there is nothing to brute-force.
    static func hash(_ secret: String) -> String {
        // Hex by table: String(format:) per byte was 8 % of an authenticated request's time.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    public func createToken(for userID: UserID, name: String, at now: Date) async throws -> (APIToken, secret: String) {
        let secret = "ssp_" + Self.randomSecret()
        let id = try await writer.write { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO api_token(user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [userID.rawValue, name, Self.hash(secret), now.unixMillis])
            return db.lastInsertedRowID
        }
        return (APIToken(id: id, userID: userID, name: name, createdAt: now, revokedAt: nil), secret)
    }

    public func revokeToken(id: Int64, at now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now.unixMillis, id])
            return db.changesCount == 1
        }
    }

    public func tokens(of userID: UserID) async throws -> [APIToken] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE user_id = ? ORDER BY id", arguments: [userID.rawValue]).map {
                APIToken(id: $0["id"], userID: UserID($0["user_id"] as Int64), name: $0["name"], createdAt: $0.instant("created_at")!, revokedAt: $0.instant("revoked_at"))
            }
        }
    }

    public func authenticate(secret: String) async throws -> User? {
        let hash = Self.hash(secret)
        return try await writer.read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT user.* FROM api_token JOIN user ON user.id = api_token.user_id
                        WHERE api_token.token_hash = ? AND api_token.revoked_at IS NULL AND user.active = 1
                        """), arguments: [hash]
            ).map { try Self.user(db, row: $0) }
        }
    }
}
