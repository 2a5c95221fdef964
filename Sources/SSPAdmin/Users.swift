import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore
import SSPStorage

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The staff directory.", subcommands: [Import.self, Add.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update people from a CSV file (by e-mail), in one transaction.",
            discussion: "Header: \(DirectoryCSV.columns.joined(separator: ",")). roles and directorates are ';'-separated.")
        @Argument(help: "CSV file.") var file: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows: [(line: Int, user: NewUser)]
            do { rows = try DirectoryCSV.parseWithLines(try readText(file)) } catch let TicketError.invalid(problems) {
                throw nothingImported(file, problems)
            }
            do {
                let report = try await database.open().people.upsert(rows.map(\.user), by: .operator)
                print("\(file): \(report.inserted) added, \(report.updated) updated, \(report.unchanged) unchanged")
            } catch let TicketError.invalid(problems) {
                // The store names rows ("row 3: manager"); the operator needs file lines.
                throw nothingImported(file, problems.map { problem in
                    var problem = problem
                    if let match = problem.field.firstMatch(of: /^row (\d+)/), let row = Int(match.1), rows.indices.contains(row - 1) {
                        problem.field = problem.field.replacingCharacters(in: match.range, with: "line \(rows[row - 1].line)")
                    }
                    return problem
                })
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or update one person.")
        @Option var name: String
        @Option var email: String
        @Option(help: "Employing body, e.g. GOB.") var organisation = "GOB"
        @Option(help: "Administration within the organisation, e.g. BM.") var administration: String?
        @Option var language: Language = .nl
        @Option(name: .customLong("agent"), help: "Make an agent of this directorate (repeatable).") var directorates: [String] = []
        @Flag(help: "Administrator.") var admin = false
        @Flag(help: "Facilities: manages the desks and reads occupancy aggregates.") var facilities = false
        @Option(name: .customLong("team-lead"), help: "Make a team lead of this directorate (repeatable).") var leads: [String] = []
        @Flag(name: .customLong("counter-clerk"), help: "Counter clerk: files on behalf of staff at the SSP counter or by phone.") var counterClerk = false
        @Flag(name: .customLong("quality-officer"), help: "Quality officer: every report, PDCA reviews.") var qualityOfficer = false
        @Option(help: "E-mail of the line manager.") var manager: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var roles: Set<Role> = [.requester]
            if !directorates.isEmpty { roles.insert(.agent) }
            if admin { roles.insert(.admin) }
            if facilities { roles.insert(.facilities) }
            if !leads.isEmpty { roles.insert(.teamLead) }
            if counterClerk { roles.insert(.counterClerk) }
            if qualityOfficer { roles.insert(.qualityOfficer) }
            let user = NewUser(
                name: name, email: email.lowercased(), organisation: organisation, administration: administration,
                language: language, roles: roles, directorates: Set(directorates.map { $0.uppercased() }),
                leads: leads.isEmpty ? nil : Set(leads.map { $0.uppercased() }), managerEmail: manager?.lowercased())
            let report = try await database.open().people.upsert([user], by: .operator)
            print(report.inserted == 1 ? "added \(email)" : report.updated == 1 ? "updated \(email)" : "\(email) unchanged")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List people, by name.")
        @Option var limit = 100
        @Option var offset = 0
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let users = try await database.open().people.list(limit: limit, offset: offset, by: .operator)
            for user in users {
                let roles = user.roles.subtracting([.requester]).map(\.rawValue).sorted()
                // A team lead of the directorates they are agent of shows as [agent,team_lead,IT]; other leads as lead:CODE.
                let leads = user.leads == user.directorates ? [] : user.leads.sorted().map { "lead:\($0)" }
                let extra = (roles + user.directorates.sorted() + leads).joined(separator: ",")
                print("\(String(user.id.rawValue).padding(toLength: 6, withPad: " ", startingAt: 0)) \(user.email)  \(user.name)  \(user.organisation)/\(user.administration ?? "-")  \(user.language.rawValue)\(extra.isEmpty ? "" : "  [\(extra)]")")
            }
        }
    }
}

struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bearer API tokens (only their SHA-256 is stored).", subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; the secret is printed alone on the last line, once.")
        @Option(help: "E-mail of the token's owner.") var user: String
        @Option(help: "What the token is for.") var name = "cli"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let created: (token: APIToken, owner: User, secret: String)
            do { created = try await database.open().people.createToken(for: user, name: name, at: Date(), by: .operator) } catch TicketError.userNotFound {
                throw CLIError("no active user with e-mail \(user)")
            }
            let (token, owner, secret) = created
            print("token \(token.id) for \(owner.email) (\(owner.name))")
            print(secret)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @Argument var id: Int64
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard try await database.open().people.revokeToken(id, at: Date(), by: .operator) else { throw CLIError("no active token \(id)") }
            print("token \(id) revoked")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a person's tokens.")
        @Option(help: "E-mail of the owner.") var user: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let found: (owner: User, tokens: [APIToken])
            do { found = try await database.open().people.tokens(of: user, by: .operator) } catch TicketError.userNotFound {
                throw CLIError("no user with e-mail \(user)")
            }
            for token in found.tokens {
                print("\(token.id)  \(token.name)  created \(Brussels.iso8601(token.createdAt))\(token.revokedAt.map { "  revoked \(Brussels.iso8601($0))" } ?? "")")
            }
        }
    }
}

struct Tickets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Look at tickets.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tickets, newest first.")
        @Option var status: TicketStatus?
        @Option var directorate: String?
        @Option var service: String?
        @Option var priority: Priority?
        @Option(help: "At most this many.") var limit = 50
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let desk = try database.open().tickets
            var query = TicketQuery(scope: .all, status: status, directorateCode: directorate, serviceCode: service, priority: priority,
                                    limit: min(max(limit, 1), 200))
            var tickets: [Ticket] = []
            var more = true
            while more, tickets.count < min(max(limit, 1), 10_000) {
                let page = try await desk.list(query, by: .operator)
                tickets += page.tickets
                query.after = page.next
                more = page.next != nil
            }
            let page = TicketPage(tickets: Array(tickets.prefix(min(max(limit, 1), 10_000))), next: more ? query.after : nil)
            for ticket in page.tickets {
                print("\(ticket.number)  \(Brussels.iso8601(ticket.createdAt))  \(ticket.priority.rawValue)  \(ticket.status.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0))  \(ticket.serviceCode)  \(ticket.subject)")
            }
            print("\(page.tickets.count) ticket(s)\(page.next == nil ? "" : " (more: raise --limit)")")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one ticket with its comments and history.")
        @Argument(help: "Ticket number, SSP-YYYY-NNNNNN.") var number: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let parsed = TicketNumber(parsing: number) else { throw CLIError("'\(number)' is not a ticket number (SSP-YYYY-NNNNNN)") }
            let useCases = try database.open()
            let view: TicketView
            do { view = try await useCases.tickets.view(parsed, by: .operator) } catch TicketError.ticketNotFound { throw CLIError("ticket \(number) not found") }
            let (ticket, comments, events) = (view.ticket, view.comments, view.events)
            let ids = [ticket.requesterID, ticket.filedByID] + [ticket.assigneeID].compactMap { $0 }
                + comments.map(\.authorID) + events.compactMap(\.actorID) + events.compactMap { $0.kind == .assigned ? $0.to.flatMap(Int64.init).map(UserID.init(rawValue:)) : nil }
            let people = try await useCases.people.people(Set(ids), by: .operator)
            func who(_ id: UserID?) -> String { id.flatMap { people[$0].map { "\($0.name) <\($0.email)>" } } ?? "-" }
            print("""
                \(ticket.number)  \(ticket.subject)
                service      \(ticket.serviceCode) (\(ticket.directorateCode)), \(ticket.channel.rawValue)
                status       \(ticket.status.rawValue)
                priority     \(ticket.priority.rawValue) (impact \(ticket.impact.rawValue), urgency \(ticket.urgency.rawValue))
                requester    \(who(ticket.requesterID))
                filed by     \(who(ticket.filedByID))
                assignee     \(who(ticket.assigneeID))
                created      \(Brussels.iso8601(ticket.createdAt))
                response due \(ticket.firstResponseDueAt.map(Brussels.iso8601) ?? "-")\(ticket.firstRespondedAt.map { " (first response \(Brussels.iso8601($0)))" } ?? "")
                resolve due  \(ticket.resolutionDueAt.map(Brussels.iso8601) ?? "-")\(ticket.resolvedAt.map { " (resolved \(Brussels.iso8601($0)))" } ?? "")
                """)
            if !ticket.answers.isEmpty {
                print("answers")
                for (key, value) in ticket.answers.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
            }
            if !ticket.description.isEmpty { print("\n\(ticket.description)\n") }
            for comment in comments {
                print("[\(Brussels.iso8601(comment.createdAt))] \(comment.visibility.rawValue) by \(who(comment.authorID)): \(comment.body)")
            }
            print("history")
            for event in events {
                var change = [event.from, event.to].compactMap { $0 }.joined(separator: " → ")
                if event.kind == .assigned { change = "to " + who(event.to.flatMap(Int64.init).map(UserID.init(rawValue:))) }
                if event.kind == .commented { change = event.payload["visibility"] ?? "" }
                print("  \(Brussels.iso8601(event.at))  \(event.kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(change)  by \(event.actorID.map { who($0) } ?? "system")")
            }
        }
    }
}
