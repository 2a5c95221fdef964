import Foundation
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@Suite("Workspace rules: changes against a revision, canned replies, the backlog (issue 13)")
struct WorkspaceStorageTests {
    private func file(_ useCases: UseCases, _ people: People) async throws -> Ticket {
        try await useCases.tickets.file(
            FileTicketRequest(
                serviceCode: "IT-002", subject: "Laptop", description: "",
                answers: ["asset_tag": .text("BCIT-1"), "problem": .text("Zwart scherm"), "can_work": .bool(true)]),
            by: people.requesterA)
    }

    @Test("eight changes at once against one revision, four by each of two agents: the first writer's four are written, the other's four are refused")
    func concurrentChanges() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            let useCases = UseCases(database: db, clock: clock)
            let ticket = try await file(useCases, people)
            let revision = try await useCases.tickets.view(ticket.number, by: people.agentIT).revision
            // Alternating between two agents: each one's own earlier change would not refuse, the other's does.
            let agents = (0..<8).map { $0 % 2 == 0 ? people.agentIT : people.agentIT2 }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (n, agent) in agents.enumerated() {
                    group.addTask {
                        do {
                            _ = try await useCases.tickets.comment(on: ticket.number, body: "reply \(n)", visibility: .note, by: agent, unchangedSince: revision)
                            return true
                        } catch TicketError.changedMeanwhile(let number) {
                            #expect(number == ticket.number.rawValue)
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let view = try await useCases.tickets.view(ticket.number, by: people.agentIT)
            let notes = view.comments.filter { $0.visibility == .note }
            // Whoever writes first, their own later changes are not "a colleague's"; every one of the other's is.
            let winner = notes.first!.authorID
            #expect(notes.allSatisfy { $0.authorID == winner })
            #expect(notes.count == 4)
            #expect(outcomes.count { $0 } == 4)
            // Without a revision, nothing is checked (the API and the CLI as before).
            _ = try await useCases.tickets.comment(on: ticket.number, body: "late", visibility: .note, by: people.agentIT2)
        }
    }

    @Test("a canned reply's text: the requester's language (English falls back to Dutch), placeholders filled, other braces kept")
    func cannedReplyText() throws {
        let reply = CannedReply(
            directorateCode: "IT", key: "ready", title: LocalizedText(nl: "Klaar", fr: "Prêt"),
            body: LocalizedText(nl: "Dag {requester}, {number} ({subject}) is klaar. {onbekend} {agent", fr: "Bonjour {requester} — {agent}"))
        let ticket = Ticket(
            id: TicketID(1), number: TicketNumber(year: 2026, sequence: 123), serviceCode: "IT-002", directorateCode: "IT", requesterID: UserID(rawValue: 1),
            filedByID: UserID(rawValue: 1), assigneeID: nil, channel: .portal, subject: "Laptop", description: "", answers: [:], impact: .medium,
            urgency: .high, status: .new, createdAt: Instants.t0, updatedAt: Instants.t0)
        func person(_ name: String, _ language: Language) -> User {
            User(id: UserID(rawValue: 1), name: name, email: "x@sprb.brussels", organisation: "GOB", administration: nil, language: language, roles: [], directorates: [], managerID: nil)
        }
        let agent = person("Émile Dubois", .fr)
        #expect(reply.text(for: ticket, requester: person("Anaïs", .fr), agent: agent) == "Bonjour Anaïs — Émile Dubois")
        #expect(reply.text(for: ticket, requester: person("Bram", .nl), agent: agent) == "Dag Bram, SSP-2026-000123 (Laptop) is klaar. {onbekend} {agent")
        #expect(reply.text(for: ticket, requester: person("Sam", .en), agent: agent) == "Dag Sam, SSP-2026-000123 (Laptop) is klaar. {onbekend} {agent")
        // What a save refuses, field by field.
        var bad = reply
        bad.key = "-Bad key"
        bad.title = LocalizedText(nl: "", fr: "een\ntwee", en: String(repeating: "x", count: 121))
        bad.body = LocalizedText(nl: String(repeating: "x", count: 5_001), fr: " ")
        #expect(bad.problems().map(\.field) == ["key", "title.nl", "title.fr", "title.en", "body.nl", "body.fr"])
        #expect(bad.problems().map(\.code) == [.other, .required, .singleLine, .tooLong, .tooLong, .required])
        #expect(reply.problems() == [])
    }

    @Test("canned replies: one key per directorate under concurrency; only its team leads and administrators write them; agents of other directorates see none")
    func cannedReplies() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            let useCases = UseCases(database: db, clock: clock)
            _ = try await db.upsertUsers([
                NewUser(
                    name: "Lena Peeters", email: "lena.peeters@sprb.brussels", organisation: "GOB", administration: "BCIT", language: .nl, roles: [.teamLead],
                    directorates: [], leads: ["IT"], managerEmail: nil)
            ])
            let lead = try await db.user(email: "lena.peeters@sprb.brussels")!
            func draft(_ n: Int) -> CannedReply {
                CannedReply(directorateCode: "IT", key: "vpn", title: LocalizedText(nl: "VPN \(n)", fr: "VPN \(n)"), body: LocalizedText(nl: "Tekst", fr: "Texte"))
            }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<6 {
                    group.addTask {
                        do {
                            _ = try await useCases.cannedReplies.save(draft(n), by: lead)
                            return true
                        } catch CannedReplyError.duplicateKey("vpn") { return false }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.count { $0 } == 1)
            let stored = try await useCases.cannedReplies.replies(by: people.agentIT)
            #expect(stored.map(\.key) == ["vpn"])
            #expect(stored[0].updatedAt == Instants.t0)
            await #expect(throws: AccessError.notPermitted(.manageCannedReplies)) { try await useCases.cannedReplies.save(draft(9), by: people.agentIT) }
            await #expect(throws: AccessError.notPermitted(.manageCannedReplies)) { try await useCases.cannedReplies.delete(stored[0].id, by: people.agentIT) }
            #expect(try await useCases.cannedReplies.replies(by: people.agentHR).isEmpty)
            #expect(try await useCases.cannedReplies.manageable(by: lead) == ["IT"])
            // An HR agent cannot insert it into an IT ticket: the ticket is not theirs to read.
            let ticket = try await file(useCases, people)
            await #expect(throws: TicketError.ticketNotFound(ticket.number.rawValue)) {
                try await useCases.cannedReplies.insertion(stored[0].id, into: ticket.number, by: people.agentHR)
            }
            #expect(try await useCases.cannedReplies.insertion(stored[0].id, into: ticket.number, by: people.agentIT) == "Texte")  // Anaïs reads French
            try await useCases.cannedReplies.delete(stored[0].id, by: people.admin)
            #expect(try await useCases.cannedReplies.replies(by: people.agentIT).isEmpty)
        }
    }

    @Test("the backlog: open, unassigned, at risk and breached of the directorate, for its team lead only")
    func backlog() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            let useCases = UseCases(database: db, clock: clock)
            _ = try await db.upsertUsers([
                NewUser(
                    name: "Lena Peeters", email: "lena.peeters@sprb.brussels", organisation: "GOB", administration: "BCIT", language: .nl, roles: [.teamLead],
                    directorates: [], leads: ["IT"], managerEmail: nil)
            ])
            let lead = try await db.user(email: "lena.peeters@sprb.brussels")!
            let tickets = [try await file(useCases, people), try await file(useCases, people), try await file(useCases, people)]
            _ = try await useCases.tickets.assign(tickets[0].number, to: people.agentIT.email, by: people.agentIT)
            _ = try await useCases.tickets.assign(tickets[1].number, to: people.agentIT.email, by: people.agentIT)
            _ = try await useCases.tickets.apply(.resolve, to: tickets[1].number, by: people.agentIT)
            // P2's first response is 60 business minutes: 50 later it is at risk, 70 later breached (the SLA scan marks them).
            clock.advance(by: 50 * 60)
            _ = try await useCases.tickets.scanSLA()
            #expect(try await useCases.tickets.backlog(of: "IT", by: lead) == BacklogCounts(open: 2, unassigned: 1, atRisk: 1, breached: 0))
            clock.advance(by: 20 * 60)
            _ = try await useCases.tickets.scanSLA()
            #expect(try await useCases.tickets.backlog(of: "IT", by: lead) == BacklogCounts(open: 2, unassigned: 1, atRisk: 0, breached: 1))
            await #expect(throws: AccessError.notPermitted(.readBacklog)) { try await useCases.tickets.backlog(of: "IT", by: people.agentIT) }
            await #expect(throws: AccessError.notPermitted(.readBacklog)) { try await useCases.tickets.backlog(of: "HR", by: lead) }
            // The queue's "unassigned" filter.
            let unassigned = try await useCases.tickets.list(
                TicketQuery(scope: .all, directorateCode: "IT", openOnly: true, unassignedOnly: true, sort: .due), by: lead)
            #expect(unassigned.tickets.map(\.number) == [tickets[2].number])
        }
    }

    @Test("watchers: the requester adds a colleague, who reads the ticket and its replies (no notes), finds it, cannot reply or add others, and may leave")
    func watchers() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            let useCases = UseCases(database: db, clock: clock)
            let ticket = try await file(useCases, people)
            _ = try await useCases.tickets.comment(on: ticket.number, body: "Ik kijk het na.", visibility: .reply, by: people.agentIT)
            _ = try await useCases.tickets.comment(on: ticket.number, body: "Schijf vervangen.", visibility: .note, by: people.agentIT)
            let bram = people.requesterB
            await #expect(throws: TicketError.ticketNotFound(ticket.number.rawValue)) { try await useCases.tickets.view(ticket.number, by: bram) }
            await #expect(throws: AccessError.notPermitted(.manageWatchers)) {
                try await useCases.tickets.addWatcher(bram.email, to: ticket.number, by: people.agentIT)
            }
            try await useCases.tickets.addWatcher(" BRAM.COPPENS@sprb.brussels", to: ticket.number, by: people.requesterA)
            try await useCases.tickets.addWatcher(bram.email, to: ticket.number, by: people.requesterA)  // twice: once
            #expect(try await useCases.tickets.watchers(of: ticket.number, by: people.agentIT).map(\.email) == [bram.email])
            let view = try await useCases.tickets.view(ticket.number, by: bram)
            #expect(view.roles.contains(.watcher))
            #expect(view.comments.map(\.body) == ["Ik kijk het na."])
            var followed = TicketQuery(scope: .all)
            followed.watchedBy = bram.id
            #expect(try await useCases.tickets.list(followed, by: bram).tickets.map(\.number) == [ticket.number])
            // Found by a word of the public conversation, not by the note's
            #expect(try await useCases.tickets.list(TicketQuery(scope: .all, text: TicketSearchText("kijk")), by: bram).tickets.map(\.number) == [ticket.number])
            #expect(try await useCases.tickets.list(TicketQuery(scope: .all, text: TicketSearchText("schijf")), by: bram).tickets.isEmpty)
            await #expect(throws: AccessError.notPermitted(.reply)) {
                try await useCases.tickets.comment(on: ticket.number, body: "En ik?", visibility: .reply, by: bram)
            }
            await #expect(throws: AccessError.notPermitted(.manageWatchers)) {
                try await useCases.tickets.addWatcher(people.manager.email, to: ticket.number, by: bram)
            }
            func refusal(_ email: String, _ number: TicketNumber, by actor: User) async -> String? {
                do { try await useCases.tickets.addWatcher(email, to: number, by: actor) } catch TicketError.invalid(let problems) { return problems.first?.detail } catch {
                    return "\(error)"
                }
                return nil
            }
            #expect(await refusal("nobody@sprb.brussels", ticket.number, by: people.requesterA) == "unknown")
            #expect(await refusal(people.requesterA.email, ticket.number, by: people.requesterA) == "requester")
            // A confidential request (HR-008, sickness certificate) takes no watchers
            let confidential = try await useCases.tickets.file(
                FileTicketRequest(
                    serviceCode: "HR-008", subject: "Ziek", description: "",
                    answers: [
                        "start_date": .date(LocalDate(year: 2025, month: 6, day: 2)), "end_date": .date(LocalDate(year: 2025, month: 6, day: 4)),
                        "may_leave_home": .bool(false),
                    ]), by: people.requesterA)
            #expect(await refusal(bram.email, confidential.number, by: people.requesterA) == "confidential")
            // Bram leaves: the ticket is no longer his to read
            try await useCases.tickets.removeWatcher(bram.id, from: ticket.number, by: bram)
            await #expect(throws: TicketError.ticketNotFound(ticket.number.rawValue)) { try await useCases.tickets.view(ticket.number, by: bram) }
            #expect(try await useCases.tickets.list(TicketQuery(scope: .all, text: TicketSearchText("kijk")), by: bram).tickets.isEmpty)
        }
    }

    @Test("25 colleagues added at once: exactly 20 follow the ticket, the others are told the limit")
    func watcherLimit() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let useCases = UseCases(database: db, clock: ManualClock(Instants.t0))
            let ticket = try await file(useCases, people)
            _ = try await db.upsertUsers(
                (0..<25).map { n in
                    NewUser(name: "Staff \(n)", email: "staff\(n)@sprb.brussels", organisation: "GOB", administration: "BM", language: .nl, roles: [], directorates: [], managerEmail: nil)
                })
            let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
                for n in 0..<25 {
                    group.addTask {
                        do {
                            try await useCases.tickets.addWatcher("staff\(n)@sprb.brussels", to: ticket.number, by: people.requesterA)
                        } catch TicketError
                            .invalid(let problems)
                        { return problems.first?.detail }
                        return nil
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(outcomes.count { $0 == nil } == 20)
            #expect(outcomes.count { $0 == "too_many" } == 5)
            #expect(try await useCases.tickets.watchers(of: ticket.number, by: people.requesterA).count == 20)
        }
    }

    @Test("the administrators' people search finds leavers too; a counter clerk's search finds active staff only and may not ask for leavers")
    func peopleSearch() async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let useCases = UseCases(database: db, clock: ManualClock(Instants.t0))
            _ = try await db.upsertUsers([
                NewUser(
                    name: "Lotte Claes", email: "lotte.claes@sprb.brussels", organisation: "GOB", administration: "BS", language: .nl, roles: [.counterClerk],
                    directorates: [], managerEmail: nil)
            ])
            let clerk = try await db.user(email: "lotte.claes@sprb.brussels")!
            _ = try await useCases.approvals.deactivate(people.requesterB.email, by: people.admin)
            #expect(try await useCases.people.search("coppens", by: clerk).isEmpty)
            #expect(try await useCases.people.search("coppens", includingLeavers: true, by: people.admin).map(\.email) == [people.requesterB.email])
            await #expect(throws: AccessError.notPermitted(.manageUsers)) { try await useCases.people.search("coppens", includingLeavers: true, by: clerk) }
        }
    }
}
