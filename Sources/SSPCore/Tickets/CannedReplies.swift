import Foundation

/// A reply text an agent inserts into a ticket's reply, kept per directorate in nl, fr and (optionally)
/// en: what Zammad calls a text module, Jira Service Management a canned response (issue 13).
///
/// Its body may name the ticket's facts in braces, filled in at insertion (`text(for:requester:agent:)`):
/// `{requester}` (the requester's name), `{number}` (the ticket number `SSP-2026-000123`),
/// `{subject}` and `{agent}` (the inserting agent's name). Any other brace is kept as typed.
public struct CannedReply: Codable, Sendable, Equatable, Identifiable {
    /// 0 for one not stored yet.
    public var id: Int64
    public var directorateCode: String
    /// What agents pick it by, unique within the directorate: 2–40 of `a`–`z`, `0`–`9`, `-`
    /// (`password-reset`).
    public var key: String
    public var title: LocalizedText
    public var body: LocalizedText
    /// UTC instant of the last save.
    public var updatedAt: Date

    public init(id: Int64 = 0, directorateCode: String, key: String, title: LocalizedText, body: LocalizedText, updatedAt: Date = .distantPast) {
        self.id = id
        self.directorateCode = directorateCode
        self.key = key
        self.title = title
        self.body = body
        self.updatedAt = updatedAt
    }

    /// The longest body, in characters (a reply is at most 20,000: `Lifecycle`'s comment limit leaves room).
    public static let maximumBody = 5_000
    /// The longest title, in characters.
    public static let maximumTitle = 120

    /// The body in the requester's language (English falls back to Dutch), its placeholders filled.
    public func text(for ticket: Ticket, requester: User, agent: User) -> String {
        let values = ["requester": requester.name, "number": ticket.number.rawValue, "subject": ticket.subject, "agent": agent.name]
        var result = ""
        var rest = Substring(body.text(in: requester.language))
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                result += value
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        return result + rest
    }

    /// The field problems of a reply about to be saved: a valid key; a title and a body in Dutch
    /// and in French (the Region's two languages); none longer than its limit; English optional.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let keyCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        if key.isEmpty {
            problems.append(FieldProblem(field: "key", message: "required", code: .required))
        } else if !(2...40).contains(key.count) || !key.allSatisfy(keyCharacters.contains) || key.hasPrefix("-") {
            problems.append(FieldProblem(field: "key", message: "2 to 40 of a-z, 0-9 and -, not starting with -", detail: "pattern"))
        }
        func check(_ field: String, _ text: String?, limit: Int, required: Bool) {
            let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if trimmed.isEmpty {
                if required { problems.append(FieldProblem(field: field, message: "required", code: .required)) }
            } else {
                problems += TextRule(characters: limit, multiline: !field.hasPrefix("title")).problems(trimmed, field: field)
            }
        }
        check("title.nl", title.nl, limit: Self.maximumTitle, required: true)
        check("title.fr", title.fr, limit: Self.maximumTitle, required: true)
        check("title.en", title.en, limit: Self.maximumTitle, required: false)
        check("body.nl", body.nl, limit: Self.maximumBody, required: true)
        check("body.fr", body.fr, limit: Self.maximumBody, required: true)
        check("body.en", body.en, limit: Self.maximumBody, required: false)
        return problems
    }
}

/// Where canned replies are kept.
public protocol CannedReplyStore: Sendable {
    /// The replies of `directorates`, by directorate then key.
    func cannedReplies(of directorates: Set<String>) async throws -> [CannedReply]
    func cannedReply(id: Int64) async throws -> CannedReply?
    /// Inserts (`id` 0) or updates the reply; `updatedAt` as given.
    /// - Throws: `CannedReplyError.duplicateKey` when another reply of the directorate has the key
    ///   (a unique constraint), `.notFound` when updating a reply that is gone.
    func save(_ reply: CannedReply) async throws -> CannedReply
    /// - Returns: whether a reply was deleted.
    func deleteCannedReply(id: Int64) async throws -> Bool
}

/// Errors of the canned replies.
public enum CannedReplyError: Error, Equatable, Sendable {
    case notFound(Int64)
    /// Another reply of the directorate has this key.
    case duplicateKey(String)
    case invalid([FieldProblem])
}

/// The canned replies' use cases: agents and team leads of a directorate read its replies and
/// insert them; its team leads (and administrators) write them (`Access.table`).
public struct CannedReplyDesk: Sendable {
    let replies: any CannedReplyStore
    let desk: TicketDesk

    public init(replies: any CannedReplyStore, desk: TicketDesk) {
        self.replies = replies
        self.desk = desk
    }

    /// The replies `actor` may insert: those of the directorates they work for or lead, by
    /// directorate then key; all of them for an administrator, who manages every directorate's.
    public func replies(by actor: User) async throws -> [CannedReply] {
        if Access.allows(.manageCannedReplies, Access.roleRelations(of: actor)) {
            return try await replies.cannedReplies(of: Set(try await desk.catalogue.snapshot().directorates.map(\.code)))
        }
        let directorates = actor.directorates.union(actor.leads).filter {
            Access.allows(.useCannedReplies, Access.relations(of: actor, toDirectorate: $0))
        }
        return directorates.isEmpty ? [] : try await replies.cannedReplies(of: directorates)
    }

    /// The directorates whose replies `actor` may write (team lead, or all for an administrator).
    public func manageable(by actor: User) async throws -> [String] {
        let all = try await desk.catalogue.snapshot().directorates.map(\.code)
        return all.filter { Access.allows(.manageCannedReplies, Access.relations(of: actor, toDirectorate: $0)) }
    }

    /// Saves a new reply (`id` 0) or changes one.
    /// - Throws: `AccessError.notPermitted` (not a team lead of the directorate, before and after the
    ///   change), `CannedReplyError.invalid`, `.duplicateKey`, `.notFound`.
    public func save(_ reply: CannedReply, by actor: User) async throws -> CannedReply {
        var reply = reply
        if reply.id != 0 {
            guard let stored = try await replies.cannedReply(id: reply.id) else { throw CannedReplyError.notFound(reply.id) }
            try Access.require(.manageCannedReplies, Access.relations(of: actor, toDirectorate: stored.directorateCode))
        }
        try Access.require(.manageCannedReplies, Access.relations(of: actor, toDirectorate: reply.directorateCode))
        reply.title = LocalizedText(nl: reply.title.nl.trimmed, fr: reply.title.fr.trimmed, en: reply.title.en?.trimmed.nilIfEmpty)
        reply.body = LocalizedText(nl: reply.body.nl.trimmed, fr: reply.body.fr.trimmed, en: reply.body.en?.trimmed.nilIfEmpty)
        let problems = reply.problems()
        guard problems.isEmpty else { throw CannedReplyError.invalid(problems) }
        reply.updatedAt = desk.now
        return try await replies.save(reply)
    }

    /// - Throws: `.notFound`, `AccessError.notPermitted`.
    public func delete(_ id: Int64, by actor: User) async throws {
        guard let stored = try await replies.cannedReply(id: id) else { throw CannedReplyError.notFound(id) }
        try Access.require(.manageCannedReplies, Access.relations(of: actor, toDirectorate: stored.directorateCode))
        guard try await replies.deleteCannedReply(id: id) else { throw CannedReplyError.notFound(id) }
    }

    /// The text of reply `id` for ticket `number`, as `actor` inserts it in a reply: in the
    /// requester's language, its placeholders filled (`CannedReply.text(for:requester:agent:)`).
    /// - Throws: `TicketError.ticketNotFound` (missing or unreadable), `CannedReplyError.notFound`
    ///   (missing, or of another directorate than the ticket's), `AccessError.notPermitted` (the
    ///   actor may not reply on the ticket).
    public func insertion(_ id: Int64, into number: TicketNumber, by actor: User) async throws -> String {
        let view = try await desk.view(number, by: actor)
        try Access.require(.reply, view.roles)
        guard let reply = try await replies.cannedReply(id: id), reply.directorateCode == view.ticket.directorateCode else {
            throw CannedReplyError.notFound(id)
        }
        guard let requester = try await desk.directory.user(id: view.ticket.requesterID) else { throw TicketError.userNotFound(view.ticket.requesterID.description) }
        return reply.text(for: view.ticket, requester: requester, agent: actor)
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
