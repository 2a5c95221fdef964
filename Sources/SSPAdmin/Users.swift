import ArgumentParser
import Foundation
import SSPCatalog
import SSPCore
import SSPStorage

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The staff directory.", subcommands: [Import.self, Add.self, SetPassword.self, Invite.self, Deactivate.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update people from a CSV file (by e-mail), in one transaction.",
            discussion: "Header: \(DirectoryCSV.columns.joined(separator: ",")). roles and directorates are ';'-separated.")
        @Argument(help: "CSV file.") var file: String
        @Flag(help: "The file is the whole directory: deactivate every active person not in it (leavers) and move their pending approvals.")
        var leavers = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let rows: [(line: Int, user: NewUser)]
            do { rows = try DirectoryCSV.parseWithLines(try readText(file)) } catch let TicketError.invalid(problems) {
                throw nothingImported(file, problems)
            }
            do {
                let (report, reroute) = try await database.open().people.upsert(rows.map(\.user), leavers: leavers, by: .operator)
                print(
                    "\(file): \(report.inserted) added, \(report.updated) updated, \(report.unchanged) unchanged"
                        + (leavers ? ", \(report.deactivated.count) deactivated (leavers)" : ""))
                for email in report.deactivated { print("deactivated \(email)") }
                try printReroute(reroute)
            } catch let TicketError.invalid(problems) {
                // The store names rows ("row 3: manager"); the operator needs file lines.
                throw nothingImported(
                    file,
                    problems.map { problem in
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
            let (report, _) = try await database.open().people.upsert([user], by: .operator)
            print(report.inserted == 1 ? "added \(email)" : report.updated == 1 ? "updated \(email)" : "\(email) unchanged")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Set a person's portal password (local account), read from the first line of standard input.",
            discussion: "At least \(PasswordPolicy.minimumLength) characters. Example: printf '%s\\n' \"$PASSWORD\" | ssp-admin users set-password anais@sprb.brussels")
        @Argument(help: "E-mail of the person.") var email: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let password = readLine(strippingNewline: true), !password.isEmpty else { throw CLIError("standard input: no password on its first line") }
            let useCases = try database.open()
            do { try await useCases.people.setPassword(password, for: email.lowercased(), in: useCases.passwords, by: .operator) } catch TicketError.userNotFound {
                throw CLIError("no active user with e-mail \(email)")
            } catch TicketError.invalid(let problems) {
                throw CLIError("standard input: " + problems.map(\.description).joined(separator: "; "))
            }
            print("password set for \(email.lowercased())")
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a first-password link for a person (one use, valid 7 days); the portal asks them to choose their password.")
        @Argument(help: "E-mail of the person.") var email: String
        @Option(name: .customLong("base-url"), help: "The portal's address as staff reach it.") var baseURL = "http://127.0.0.1:8080"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let invitation: (person: User, secret: String, expiresAt: Date)
            do { invitation = try await database.open().invitations.invite(email.lowercased(), by: .operator) } catch TicketError.userNotFound {
                throw CLIError("no active user with e-mail \(email)")
            }
            print("first-password link for \(invitation.person.email), valid until \(Brussels.iso8601(invitation.expiresAt)):")
            print(baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/first-password/" + invitation.secret)
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a person who left: their tokens stop at once, their pending approvals move to their manager or the fallback approver.")
        @Argument(help: "E-mail of the person.") var email: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let result: (User, ApprovalReroute)
            do { result = try await database.open().approvals.deactivate(email, by: .operator) } catch TicketError.userNotFound {
                throw CLIError("no user with e-mail \(email)")
            }
            print("deactivated \(result.0.email) (\(result.0.name))")
            try printReroute(result.1)
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
                print(
                    "\(String(user.id.rawValue).padding(toLength: 6, withPad: " ", startingAt: 0)) \(tty(user.email))  \(tty(user.name))  \(user.organisation)/\(user.administration ?? "-")  \(user.language.rawValue)\(extra.isEmpty ? "" : "  [\(extra)]")\(user.active ? "" : "  inactive")"
                )
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
                print("\(token.id)  \(tty(token.name))  created \(Brussels.iso8601(token.createdAt))\(token.revokedAt.map { "  revoked \(Brussels.iso8601($0))" } ?? "")")
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
            var query = TicketQuery(
                scope: .all, status: status, directorateCode: directorate, serviceCode: service, priority: priority,
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
                print(
                    "\(ticket.number)  \(Brussels.iso8601(ticket.createdAt))  \(ticket.priority.rawValue)  \(ticket.status.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0))  \(ticket.serviceCode)  \(tty(ticket.subject))"
                )
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
            func person(_ text: String?) -> UserID? { text.flatMap(Int64.init).map(UserID.init(rawValue:)) }
            let named: Set<TicketEventKind> = [.assigned, .approverChanged]
            let ids =
                [ticket.requesterID, ticket.filedByID] + [ticket.assigneeID, ticket.approverID].compactMap { $0 }
                + comments.map(\.authorID) + events.compactMap(\.actorID)
                + events.flatMap { named.contains($0.kind) ? [person($0.from), person($0.to)].compactMap { $0 } : [] }
                + events.compactMap { person($0.payload["on_behalf_of"]) }
            let people = try await useCases.people.people(Set(ids), by: .operator)
            func who(_ id: UserID?) -> String { id.flatMap { people[$0].map { tty("\($0.name) <\($0.email)>") } } ?? "-" }
            print(
                """
                \(ticket.number)  \(tty(ticket.subject))
                service      \(ticket.serviceCode) (\(ticket.directorateCode)), \(ticket.channel.rawValue)
                status       \(ticket.status.rawValue)
                priority     \(ticket.priority.rawValue) (impact \(ticket.impact.rawValue), urgency \(ticket.urgency.rawValue))
                requester    \(who(ticket.requesterID))
                filed by     \(who(ticket.filedByID))
                assignee     \(who(ticket.assigneeID))\(ticket.approverID.map { "\napprover     \(who($0))" } ?? "")
                created      \(Brussels.iso8601(ticket.createdAt))
                response due \(ticket.firstResponseDueAt.map(Brussels.iso8601) ?? "-")\(ticket.firstRespondedAt.map { " (first response \(Brussels.iso8601($0)))" } ?? "")
                resolve due  \(ticket.resolutionDueAt.map(Brussels.iso8601) ?? "-")\(ticket.resolvedAt.map { " (resolved \(Brussels.iso8601($0)))" } ?? "")
                """)
            if !ticket.answers.isEmpty {
                print("answers")
                for (key, value) in ticket.answers.sorted(by: { $0.key < $1.key }) { print("  \(key): \(tty("\(value)"))") }
            }
            if !ticket.description.isEmpty { print("\n\(tty(ticket.description, oneLine: false))\n") }
            for comment in comments {
                print("[\(Brussels.iso8601(comment.createdAt))] \(comment.visibility.rawValue) by \(who(comment.authorID)): \(tty(comment.body, oneLine: false))")
            }
            print("history")
            for event in events {
                var change = [event.from, event.to].compactMap { $0 }.joined(separator: " → ")
                if event.kind == .assigned { change = "to " + who(person(event.to)) }
                if event.kind == .approverChanged { change = "\(who(person(event.from))) → \(who(person(event.to))) (\(tty(event.payload["source"] ?? "")))" }
                if event.kind == .commented { change = event.payload["visibility"] ?? "" }
                // A delegate's decision reads "D for M".
                let onBehalf = person(event.payload["on_behalf_of"]).map { " for \(who($0))" } ?? ""
                print(
                    "  \(Brussels.iso8601(event.at))  \(event.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(change)  by \(event.actorID.map { who($0) } ?? "system")\(onBehalf)")
            }
        }
    }
}

/// Prints what moving stranded approvals did; a ticket left waiting on nobody is an error (exit 1)
/// naming the administrations that need a fallback approver.
func printReroute(_ reroute: ApprovalReroute) throws {
    for move in reroute.moved { print("approval \(move.number) moved from user \(move.from?.description ?? "-") to user \(move.to)") }
    guard reroute.stranded.isEmpty else {
        throw CLIError(
            "\(reroute.stranded.count) approval(s) wait on nobody active: \(reroute.stranded.map(\.rawValue).joined(separator: ", ")); "
                + "set a fallback approver for the requesters' administration (ssp-admin approvals fallback set ADMINISTRATION EMAIL)")
    }
}

struct Approvals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who decides approvals when a line manager is absent or gone: fallback approvers and delegations.",
        subcommands: [Fallback.self, Delegate.self, Delegations.self, EndDelegation.self])

    struct Fallback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The fallback approver of an administration: decides when nobody up a requester's management chain is active.",
            subcommands: [Set.self, Clear.self, List.self])

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set it; approvals waiting on nobody move to them.")
            @Argument(help: "Administration, e.g. BM.") var administration: String
            @Argument(help: "E-mail of an active person.") var email: String
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let reroute = try await database.open().approvals.setFallbackApprover(email.lowercased(), administration: administration.uppercased(), by: .operator)
                print("fallback approver of \(administration.uppercased()): \(email.lowercased())")
                try printReroute(reroute)
            }
        }

        struct Clear: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove it.")
            @Argument(help: "Administration, e.g. BM.") var administration: String
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                _ = try await database.open().approvals.setFallbackApprover(nil, administration: administration.uppercased(), by: .operator)
                print("no fallback approver for \(administration.uppercased())")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List them, by administration.")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                for (administration, approver) in try await database.open().approvals.fallbackApprovers(by: .operator) {
                    print("\(administration)  \(approver.email)  \(approver.name)\(approver.active ? "" : "  inactive")")
                }
            }
        }
    }

    struct Delegate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand a line manager's approvals to a delegate for an absence (Brussels dates, inclusive).",
            discussion: "Requests filed in the period and those already pending become approvable by the delegate on those days; the decision's history reads 'by D for M'.")
        @Option(help: "E-mail of the line manager.") var manager: String
        @Option(name: .customLong("to"), help: "E-mail of the delegate.") var delegate: String
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (inclusive).") var until: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let start = LocalDate(iso: from) else { throw CLIError("--from: '\(from)' is not a date YYYY-MM-DD") }
            guard let end = LocalDate(iso: until) else { throw CLIError("--until: '\(until)' is not a date YYYY-MM-DD") }
            do {
                let delegation = try await database.open().approvals.delegate(manager.lowercased(), to: delegate.lowercased(), from: start, to: end, by: .operator)
                print("delegation \(delegation.id): approvals of \(manager.lowercased()) to \(delegate.lowercased()) from \(start) to \(end)")
            } catch TicketError.userNotFound(let email) {
                throw CLIError("--manager: no user with e-mail \(email)")
            } catch ApprovalError.delegationOverlaps(let email) {
                throw CLIError("\(email) already has a delegate on a day from \(start) to \(end) (ssp-admin approvals delegations --manager \(email))")
            }
        }
    }

    struct Delegations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List current and future delegations.")
        @Option(help: "Only this line manager's.") var manager: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let useCases = try database.open()
            let delegations = try await useCases.approvals.delegations(of: manager?.lowercased(), by: .operator)
            let people = try await useCases.people.people(Swift.Set(delegations.flatMap { [$0.managerID, $0.delegateID] }), by: .operator)
            for delegation in delegations {
                print("\(delegation.id)  \(people[delegation.managerID]?.email ?? "-") → \(people[delegation.delegateID]?.email ?? "-")  \(delegation.startsOn) – \(delegation.endsOn)")
            }
        }
    }

    struct EndDelegation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-delegation", abstract: "Remove a delegation by id.")
        @Argument var id: Int64
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do { try await database.open().approvals.removeDelegation(id, by: .operator) } catch ApprovalError.delegationNotFound {
                throw CLIError("no delegation \(id)")
            }
            print("delegation \(id) removed")
        }
    }
}
