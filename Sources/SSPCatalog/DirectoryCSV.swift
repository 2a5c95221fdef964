import Foundation
import SSPCore

/// The staff-directory CSV of `ssp-admin users import`.
///
/// Header (any order, names exact): `email,name,organisation,administration,language,roles,directorates,manager_email`.
/// `roles` and `directorates` are `;`-separated (`agent;team_lead`, `IT;FAC`); roles are
/// `requester`, `agent`, `team_lead`, `counter_clerk`, `quality_officer`, `facilities`, `admin`;
/// everyone is a requester. A team lead leads the `directorates` listed. `administration`, `roles`, `directorates` and
/// `manager_email` may be empty; `language` is `nl`, `fr` or `en`.
public enum DirectoryCSV {
    public static let columns = ["email", "name", "organisation", "administration", "language", "roles", "directorates", "manager_email"]
    static let required: Set<String> = ["email", "name", "organisation", "language"]

    /// Parses the file; every problem is reported at once as `line N: field: message`.
    /// - Throws: `TicketError.invalid` with one `FieldProblem` per problem (field = `line N: column`).
    public static func parse(_ text: String) throws -> [NewUser] {
        try parseWithLines(text).map(\.user)
    }

    /// Like `parse`, with the line each person's record starts on (to name it in later errors).
    public static func parseWithLines(_ text: String) throws -> [(line: Int, user: NewUser)] {
        var users: [(line: Int, user: NewUser)] = []
        var emails: [String: Int] = [:]
        let problems = CSV.readTable(text, columns: columns, required: required) { record, problems in
            func value(_ column: String) -> String { record.value(column) }
            func problem(_ column: String, _ message: String) { problems.append(record.problem(column, message)) }
            let email = value("email").lowercased()
            if email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil { problem("email", "not an e-mail address: '\(email)'") }
            if let first = emails[email] { problem("email", "duplicate of line \(first)") }
            emails[email] = emails[email] ?? record.line
            let name = value("name")
            if name.isEmpty { problem("name", "required") }
            let organisation = value("organisation")
            if organisation.isEmpty { problem("organisation", "required") }
            let language = Language(rawValue: value("language").lowercased())
            if language == nil { problem("language", "must be nl, fr or en (got '\(value("language"))')") }
            var roles: Set<Role> = [.requester]
            for raw in value("roles").split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !raw.isEmpty {
                if let role = Role(rawValue: raw) { roles.insert(role) } else { problem("roles", "unknown role '\(raw)' (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))") }
            }
            let directorates = Set(value("directorates").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
            let manager = value("manager_email").lowercased()
            let user = NewUser(
                name: name, email: email, organisation: organisation,
                administration: value("administration").isEmpty ? nil : value("administration"),
                language: language ?? .nl, roles: roles, directorates: directorates,
                managerEmail: manager.isEmpty ? nil : manager)
            for roleProblem in user.roleProblems { problem(roleProblem.field, roleProblem.message) }
            if language != nil { users.append((record.line, user)) }
        }
        guard problems.isEmpty else { throw TicketError.invalid(problems) }
        return users
    }
}
