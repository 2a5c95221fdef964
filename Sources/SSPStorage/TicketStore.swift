import Foundation
import GRDB
import SSPCore

extension AppDatabase: TicketStore {
    public func file(_ draft: Ticket, events: [NewTicketEvent], submission: String?) async throws -> Ticket {
        try await writer.write { db in
            var submission = submission
            if let key = submission,
                let filed = try Int64.fetchOne(
                    db, sql: "SELECT ticket_id FROM ticket_submission WHERE filer_id = ? AND key = ?", arguments: [draft.filedByID.rawValue, key])
            {
                guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.ticketSelection) FROM ticket WHERE id = ?", arguments: [filed]) else {
                    throw StorageError.corrupt("ticket_submission names ticket \(filed), which does not exist")
                }
                let earlier = try Self.ticket(row: row)
                if earlier.isSameSubmission(as: draft) { return earlier }
                submission = nil  // another filing under a used key: a new ticket, the key stays with the first
            }
            // One writer at a time (SQLite), so the counter increment is atomic;
            // a rolled-back filing may leave a gap, which the numbering tolerates.
            let year = Brussels.year(of: draft.createdAt)
            let sequence = try Int.fetchOne(
                db,
                sql: """
                    INSERT INTO ticket_counter(year, last) VALUES (?, 1)
                    ON CONFLICT(year) DO UPDATE SET last = last + 1
                    RETURNING last
                    """, arguments: [year])!
            var ticket = draft
            ticket.number = TicketNumber(year: year, sequence: sequence)
            try TicketRecord(ticket).insert(db)
            ticket.id = TicketID(db.lastInsertedRowID)
            try Self.append(db, events: events, ticketID: ticket.id, commentID: nil)
            if let submission {
                try db.execute(
                    sql: "INSERT INTO ticket_submission(filer_id, key, ticket_id, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [draft.filedByID.rawValue, submission, ticket.id.rawValue, draft.createdAt.unixMillis])
            }
            return ticket
        }
    }

    public func ticket(number: TicketNumber) async throws -> Ticket? {
        try await writer.read { db in try Self.ticket(db, number: number) }
    }

    public func tickets(_ query: TicketQuery) async throws -> TicketPage {
        try await writer.read { db in
            if let text = query.text { return try Self.search(db, text, query) }
            var filter = TicketFilter()
            filter.add(scope: query.scope)
            filter.add(filtersOf: query)
            let key = query.sort == .newest ? "ticket.created_at" : "coalesce(ticket.resolution_due_at, \(Int64.max))"
            if let after = query.after {
                let (keyOrder, idOrder) = query.sort == .newest ? ("<", "<") : (">", ">")
                filter.add("(\(key) \(keyOrder) ? OR (\(key) = ? AND ticket.id \(idOrder) ?))", after.key, after.key, after.id.rawValue)
            }
            let order = query.sort == .newest ? "ticket.created_at DESC, ticket.id DESC" : "\(key) ASC, ticket.id ASC"
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.ticketSelection) FROM ticket \(filter.whereClause) ORDER BY \(order) LIMIT ?",
                arguments: filter.arguments + [query.limit + 1])
            return try Self.page(rows, query)
        }
    }

    public func watchers(of id: TicketID) async throws -> [UserID] {
        try await writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT user_id FROM ticket_watcher WHERE ticket_id = ? ORDER BY added_at, user_id", arguments: [id.rawValue])
                .map(UserID.init(rawValue:))
        }
    }

    public func addWatcher(_ watcher: UserID, to id: TicketID, by actor: UserID, at now: Date) async throws {
        try await writer.write { db in
            // Counted in the write transaction: two additions at once cannot both pass the limit.
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM ticket_watcher WHERE ticket_id = ?", arguments: [id.rawValue]) ?? 0
            let present =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM ticket_watcher WHERE ticket_id = ? AND user_id = ?)", arguments: [id.rawValue, watcher.rawValue]) ?? false
            guard !present else { return }
            guard count < TicketDesk.maximumWatchers else {
                throw TicketError.invalid([
                    FieldProblem(field: "watcher", message: "at most \(TicketDesk.maximumWatchers) colleagues follow a request", detail: "too_many")
                ])
            }
            try db.execute(
                sql: "INSERT INTO ticket_watcher(ticket_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)",
                arguments: [id.rawValue, watcher.rawValue, actor.rawValue, now.unixMillis])
        }
    }

    public func removeWatcher(_ watcher: UserID, from id: TicketID) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM ticket_watcher WHERE ticket_id = ? AND user_id = ?", arguments: [id.rawValue, watcher.rawValue])
            return db.changesCount == 1
        }
    }

    public func backlog(of directorate: String) async throws -> BacklogCounts {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*), count(*) FILTER (WHERE assignee_id IS NULL), count(*) FILTER (WHERE sla_status = 'at_risk'),
                        count(*) FILTER (WHERE sla_status = 'breached')
                    FROM ticket WHERE directorate_code = ? AND status IN ('awaiting_approval', 'new', 'assigned', 'in_progress', 'waiting_on_requester')
                    """, arguments: [directorate])!
            return BacklogCounts(open: row[0], unassigned: row[1], atRisk: row[2], breached: row[3])
        }
    }

    static func page(_ rows: [Row], _ query: TicketQuery) throws -> TicketPage {
        let tickets = try rows.prefix(query.limit).map(Self.ticket(row:))
        let next = rows.count > query.limit ? tickets.last.map { TicketCursor(after: $0, in: query) } : nil
        return TicketPage(tickets: tickets, next: next)
    }

    /// The tokens of the `scope` column of `ticket_search` (v9's view writes them) that a ticket
    /// visible by `clause` carries: one of them is in every such ticket's document. `nil` for a
    /// relation the document does not carry (an approver: it changes while the document does not).
    static func searchScopeTokens(_ clause: TicketScope.Clause, user: UserID) -> [String]? {
        switch clause {
        case .requester: ["req\(user.rawValue)"]
        case .watcher: ["wat\(user.rawValue)"]
        case .filer: ["fil\(user.rawValue)"]
        case let .assignee(directorates), let .agent(directorates), let .teamLead(directorates): directorates.sorted().map { "dir\($0)" }
        case .approver: nil
        }
    }

    /// A page of a ticket search, newest filed first (`TicketSearchText` gives the rule).
    ///
    /// Read from the full-text index in rowid order, stopping at the page's end, so that a
    /// common word costs what one page costs. The index narrows to the documents carrying a
    /// scope token of the person's relations (their directorates, their requests, what they
    /// filed); the scope's own conditions then decide on each ticket, as in any listing. The
    /// approver relation has no token: those tickets (awaiting the person's decision, a few) are
    /// read from the table and merged in.
    static func search(_ db: Database, _ text: TicketSearchText, _ query: TicketQuery) throws -> TicketPage {
        var filter = TicketFilter()
        filter.add(scope: query.scope)
        filter.add(filtersOf: query)
        if let after = query.after { filter.add("ticket.id < ?", after.id.rawValue) }
        let limit = query.limit + 1
        if let number = text.number {
            filter.add("ticket.number = ?", number.rawValue)
            return try page(Row.fetchAll(db, sql: "SELECT \(ticketSelection) FROM ticket \(filter.whereClause) LIMIT ?", arguments: filter.arguments + [limit]), query)
        }
        let words = text.terms.map { term in "\"" + term.text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (term.isPrefix ? "*" : "") }
            .joined(separator: " ")
        let publicText = "{number subject body replies} : (\(words))"
        let allText = "{number subject body replies notes} : (\(words))"
        // Notes count where the readNotes scope holds; elsewhere only the public columns may match.
        var matched = publicText
        var notes = TicketFilter()
        switch query.notesScope {
        case nil, .visibleTo(_, [])?:
            break
        case .all?:
            matched = allText
        case let scope?:
            matched = allText
            notes.add(scope: scope)
            notes.conditions[0] =
                "(\(notes.conditions[0]) OR EXISTS (SELECT 1 FROM ticket_search p WHERE p.ticket_search MATCH ? AND p.rowid = ticket.id))"
            _ = notes.arguments.append(contentsOf: [publicText])
        }
        var rows: [Row] = []
        var tokens: [String] = []
        var approvers: TicketScope.Clause?
        if case let .visibleTo(user, clauses) = query.scope {
            for clause in clauses {
                if let found = searchScopeTokens(clause, user: user) { tokens += found } else { approvers = clause }
            }
        }
        tokens = Set(tokens).sorted()
        let indexed: String? =
            switch query.scope {
            case .all: matched
            case .visibleTo where tokens.isEmpty: nil
            case .visibleTo: "({scope} : (\(tokens.map { "\"\($0)\"" }.joined(separator: " OR ")))) AND (\(matched))"
            }
        if let indexed {
            rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ticketSelection) FROM ticket_search s CROSS JOIN ticket ON ticket.id = s.rowid
                    WHERE s.ticket_search MATCH ? \((filter.conditions + notes.conditions).map { "AND " + $0 }.joined(separator: " "))
                    ORDER BY s.rowid DESC LIMIT ?
                    """,
                arguments: [indexed] + filter.arguments + notes.arguments + [limit])
        }
        if let approvers, case let .visibleTo(user, _) = query.scope {
            // Few tickets await one person's decision (index ticket_approver): read those the approver
            // relation shows, and check each against the index.
            var awaiting = TicketFilter()
            awaiting.add(scope: .visibleTo(user: user, [approvers]))
            awaiting.add(filtersOf: query)
            if let after = query.after { awaiting.add("ticket.id < ?", after.id.rawValue) }
            let found = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ticketSelection) FROM ticket
                    WHERE \((awaiting.conditions + notes.conditions).joined(separator: " AND "))
                        AND EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_search MATCH ? AND s.rowid = ticket.id)
                    ORDER BY ticket.id DESC LIMIT ?
                    """,
                arguments: awaiting.arguments + notes.arguments + [matched, limit])
            let seen = Set(rows.map { $0["id"] as Int64 })
            rows = (rows + found.filter { !seen.contains($0["id"]) }).sorted { ($0["id"] as Int64) > ($1["id"] as Int64) }
            rows = Array(rows.prefix(limit))
        }
        return try page(rows, query)
    }

    public func change(
        _ number: TicketNumber, since revision: Int64?, _ change: @Sendable (inout Ticket, _ since: [TicketEvent]) throws -> TicketChange
    ) async throws -> (Ticket, Comment?) {
        try await writer.write { db in
            guard var ticket = try Self.ticket(db, number: number) else { throw TicketError.ticketNotFound(number.rawValue) }
            let since = try revision.map { try Self.events(db, of: ticket.id, after: $0) } ?? []
            let result = try change(&ticket, since)
            try TicketRecord(ticket).update(db)
            var comment: Comment?
            if let new = result.comment {
                try db.execute(
                    sql: "INSERT INTO ticket_comment(ticket_id, author_id, visibility, body, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [ticket.id.rawValue, new.authorID.rawValue, new.visibility.rawValue, new.body, new.createdAt.unixMillis])
                comment = Comment(
                    id: db.lastInsertedRowID, ticketID: ticket.id, authorID: new.authorID,
                    visibility: new.visibility, body: new.body, createdAt: new.createdAt)
            }
            try Self.append(db, events: result.events, ticketID: ticket.id, commentID: comment?.id)
            if let survey = result.survey {
                // The unique ticket_id keeps the first survey: a second resolution adds none.
                try db.execute(
                    sql: """
                        INSERT INTO survey(ticket_id, requester_id, state, invited_at, expires_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(ticket_id) DO NOTHING
                        """,
                    arguments: [
                        ticket.id.rawValue, survey.requesterID.rawValue, survey.state.rawValue,
                        survey.invitedAt.unixMillis, survey.expiresAt.unixMillis,
                    ])
            }
            return (ticket, comment)
        }
    }

    /// Comments oldest first; notes only when `includeNotes` (tests; use cases read `history(of:)`).
    public func comments(of ticketID: TicketID, includeNotes: Bool) async throws -> [Comment] {
        try await writer.read { db in try Self.comments(db, of: ticketID, includeNotes: includeNotes) }
    }

    /// Events oldest first (tests; use cases read `history(of:)`).
    public func events(of ticketID: TicketID) async throws -> [TicketEvent] {
        try await writer.read { db in try Self.events(db, of: ticketID) }
    }

    public func history(of number: TicketNumber) async throws -> (ticket: Ticket, comments: [Comment], events: [TicketEvent])? {
        try await writer.read { db in
            guard let ticket = try Self.ticket(db, number: number) else { return nil }
            return (ticket, try Self.comments(db, of: ticket.id, includeNotes: true), try Self.events(db, of: ticket.id))
        }
    }

    static func comments(_ db: Database, of ticketID: TicketID, includeNotes: Bool) throws -> [Comment] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM ticket_comment WHERE ticket_id = ? \(includeNotes ? "" : "AND visibility = 'reply'") ORDER BY id"),
            arguments: [ticketID.rawValue]
        ).map { row in
            Comment(
                id: row["id"], ticketID: ticketID, authorID: UserID(row["author_id"] as Int64),
                visibility: try AppDatabase.decode(row, "visibility"), body: row["body"], createdAt: row.instant("created_at")!)
        }
    }

    /// The events of the ticket with an id above `after`, oldest first.
    static func events(_ db: Database, of ticketID: TicketID, after: Int64 = 0) throws -> [TicketEvent] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM ticket_event WHERE ticket_id = ? AND id > ? ORDER BY id"), arguments: [ticketID.rawValue, after]
        ).map { row in
            TicketEvent(
                id: row["id"], ticketID: ticketID, actorID: (row["actor_id"] as Int64?).map { UserID($0) }, at: row.instant("at")!,
                kind: try AppDatabase.decode(row, "kind"), from: row["from_value"], to: row["to_value"],
                payload: try payloads.decode(row["payload"]))
        }
    }

    public func ticket(id: TicketID) async throws -> Ticket? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.ticketSelection) FROM ticket WHERE id = ?", arguments: [id.rawValue]).map(Self.ticket(row:))
        }
    }

    public func surveyInvitations(of requester: UserID, since: Date, until: Date) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM survey WHERE requester_id = ? AND state = 'invited' AND invited_at > ? AND invited_at <= ?
                    """, arguments: [requester.rawValue, since.unixMillis, until.unixMillis]) ?? 0
        }
    }

    public func ticketsDueForSLACheck(at instant: Date, limit: Int) async throws -> [TicketNumber] {
        try await writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT number FROM ticket WHERE sla_check_at <= ? ORDER BY sla_check_at LIMIT ?
                    """, arguments: [instant.unixMillis, limit]
            ).map(TicketNumber.init(rawValue:))
        }
    }

    public func slaRecords(resolvedFrom from: Date, to: Date, directorates: Set<String>?) async throws -> [SLARecord] {
        try await writer.read { db in
            // Clocks of resolved tickets are paused or stopped: what they used is their accrued time. Every
            // column comes from the covering index ticket_sla_facts (v8): a year of the whole SSP at 10^6
            // tickets is one index range, read by position rather than by column name. INDEXED BY: without
            // statistics the planner picks ticket_resolved and reads every row from the table.
            var sql = """
                SELECT directorate_code, service_code, priority, resolved_at, first_response_minutes, resolution_minutes,
                    resolution_target_minutes, reopened, resolution_breached
                FROM ticket INDEXED BY ticket_sla_facts
                WHERE resolved_at >= ? AND resolved_at < ? AND status IN ('resolved', 'closed') AND resolution_target_minutes IS NOT NULL
                """
            var arguments: StatementArguments = [from.unixMillis, to.unixMillis]
            if let directorates {
                guard !directorates.isEmpty else { return [] }
                sql += " AND directorate_code IN (\(databaseQuestionMarks(count: directorates.count)))"
                _ = arguments.append(contentsOf: StatementArguments(directorates.sorted()))
            }
            var records: [SLARecord] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let priority: String = row[2]
                guard let level = Priority(rawValue: priority) else { throw StorageError.corrupt("priority = '\(priority)'") }
                records.append(
                    SLARecord(
                        directorateCode: row[0], serviceCode: row[1], priority: level, resolvedAt: Date(unixMillis: row[3]),
                        firstResponseMinutes: row[4], resolutionMinutes: row[5], resolutionTargetMinutes: row[6], reopened: row[7],
                        breached: row[8]))
            }
            return records
        }
    }

    public func resolvedTickets(resolvedBefore instant: Date, limit: Int) async throws -> [TicketNumber] {
        try await writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT number FROM ticket WHERE status = 'resolved' AND resolved_at <= ? ORDER BY resolved_at LIMIT ?
                    """, arguments: [instant.unixMillis, limit]
            ).map(TicketNumber.init(rawValue:))
        }
    }

    // MARK: Rows

    static func ticket(_ db: Database, number: TicketNumber) throws -> Ticket? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ticketSelection) FROM ticket WHERE number = ?"), arguments: [number.rawValue]).map(ticket(row:))
    }

    /// Decoded clocks, answers and event payloads of the tickets read lately.
    static let clocks = DecodeMemo<SLAClock>(limit: 20_000)
    static let answerMemo = DecodeMemo<[String: FormValue]>(limit: 10_000)
    static let payloads = DecodeMemo<[String: String]>(limit: 10_000)

    /// The columns of a whole ticket, in the order `ticket(row:)` reads them: every query of whole
    /// tickets selects `ticketSelection`, so that a row is decoded by position (issue 12: finding each
    /// of 27 columns by name, which GRDB compares case-insensitively, was 12 % of a 50-ticket page).
    static let ticketColumns = [
        "id", "number", "service_code", "directorate_code", "requester_id", "filed_by_id", "assignee_id", "channel", "subject",
        "description", "answers", "impact", "urgency", "status", "created_at", "updated_at", "first_responded_at", "resolved_at",
        "closed_at", "first_response_due_at", "resolution_due_at", "first_response_clock", "resolution_clock", "sla_check_at",
        "sla_status", "confidential", "approver_id",
    ]
    static let ticketSelection = ticketColumns.map { "ticket." + $0 }.joined(separator: ", ")

    /// A row of `ticketSelection`.
    /// - Throws: `StorageError.corrupt` for a value no field can hold (an unknown status, say).
    static func ticket(row: Row) throws -> Ticket {
        func value<T: DatabaseValueConvertible>(_ index: Int) -> T { row[index] }
        func instant(_ index: Int) -> Date? { (row[index] as Int64?).map(Date.init(unixMillis:)) }
        func decode<E: RawRepresentable>(_ index: Int) throws -> E where E.RawValue == String {
            let raw: String = row[index]
            guard let decoded = E(rawValue: raw) else { throw StorageError.corrupt("\(ticketColumns[index]) = '\(raw)'") }
            return decoded
        }
        return Ticket(
            id: TicketID(value(0) as Int64), number: TicketNumber(rawValue: value(1)), serviceCode: value(2), directorateCode: value(3),
            requesterID: UserID(value(4) as Int64), filedByID: UserID(value(5) as Int64), assigneeID: (value(6) as Int64?).map { UserID($0) },
            channel: try decode(7), subject: value(8), description: value(9), answers: try answerMemo.decode(value(10)),
            impact: try decode(11), urgency: try decode(12), status: try decode(13), createdAt: instant(14)!, updatedAt: instant(15)!,
            firstRespondedAt: instant(16), resolvedAt: instant(17), closedAt: instant(18), firstResponseDueAt: instant(19),
            resolutionDueAt: instant(20), firstResponseClock: try (value(21) as String?).map(clocks.decode),
            resolutionClock: try (value(22) as String?).map(clocks.decode), slaCheckAt: instant(23),
            slaStatus: try (value(24) as String?).map { _ in try decode(24) }, confidential: value(25),
            approverID: (value(26) as Int64?).map { UserID($0) })
    }

    static func append(_ db: Database, events: [NewTicketEvent], ticketID: TicketID, commentID: Int64?) throws {
        guard !events.isEmpty else { return }
        // Compiled once per connection (issue 12: statement compilation and its authorizer were 7 % of a bulk load).
        let insert = try db.cachedStatement(
            sql: "INSERT INTO ticket_event(ticket_id, actor_id, at, kind, from_value, to_value, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for event in events {
            try insert.execute(arguments: [
                ticketID.rawValue, event.actorID?.rawValue, event.at.unixMillis, event.kind.rawValue, event.from, event.to,
                JSON.encode(storedPayload(of: event, commentID: commentID)),
            ])
        }
    }

    /// Stores an event with its id (a bulk load allocates them).
    static func insert(_ db: Database, event: TicketEvent) throws {
        try db.cachedStatement(
            sql: "INSERT INTO ticket_event(id, ticket_id, actor_id, at, kind, from_value, to_value, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            event.id, event.ticketID.rawValue, event.actorID?.rawValue, event.at.unixMillis, event.kind.rawValue, event.from, event.to,
            JSON.encode(event.payload),
        ])
    }

    /// The payload as stored: a comment's event names the comment (`comment_id`).
    static func storedPayload(of event: NewTicketEvent, commentID: Int64?) -> [String: String] {
        var payload = event.payload
        if event.kind == .commented, let commentID { payload["comment_id"] = String(commentID) }
        return payload
    }
}

/// The `ticket` table's row: the one place that says which column holds which field (GRDB record).
/// Instants are INTEGER milliseconds (UTC), enums their raw values, answers and clocks JSON.
struct TicketRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "ticket"
    var ticket: Ticket

    init(_ ticket: Ticket) { self.ticket = ticket }

    /// A row of `AppDatabase.ticketSelection`.
    /// - Throws: `StorageError.corrupt` for a value no field can hold (an unknown status, say).
    init(row: Row) throws { ticket = try AppDatabase.ticket(row: row) }

    func encode(to container: inout PersistenceContainer) throws {
        // A draft has id 0: the database allocates the rowid.
        container["id"] = ticket.id.rawValue == 0 ? nil : ticket.id.rawValue
        container["number"] = ticket.number.rawValue
        container["service_code"] = ticket.serviceCode
        container["directorate_code"] = ticket.directorateCode
        container["requester_id"] = ticket.requesterID.rawValue
        container["filed_by_id"] = ticket.filedByID.rawValue
        container["assignee_id"] = ticket.assigneeID?.rawValue
        container["approver_id"] = ticket.approverID?.rawValue
        container["channel"] = ticket.channel.rawValue
        container["subject"] = ticket.subject
        container["description"] = ticket.description
        container["answers"] = try JSON.encode(ticket.answers)
        container["impact"] = ticket.impact.rawValue
        container["urgency"] = ticket.urgency.rawValue
        container["priority"] = ticket.priority.rawValue
        container["status"] = ticket.status.rawValue
        container["created_at"] = ticket.createdAt.unixMillis
        container["updated_at"] = ticket.updatedAt.unixMillis
        container["first_responded_at"] = ticket.firstRespondedAt?.unixMillis
        container["resolved_at"] = ticket.resolvedAt?.unixMillis
        container["closed_at"] = ticket.closedAt?.unixMillis
        container["first_response_due_at"] = ticket.firstResponseDueAt?.unixMillis
        container["resolution_due_at"] = ticket.resolutionDueAt?.unixMillis
        container["first_response_clock"] = try ticket.firstResponseClock.map(JSON.encode)
        container["resolution_clock"] = try ticket.resolutionClock.map(JSON.encode)
        // The report's facts of the clocks, beside them (v8, index ticket_sla_facts): minutes accrued in
        // ended segments, truncated, as the migration computed them from the JSON.
        container["first_response_minutes"] = ticket.firstResponseClock.map { Int($0.accruedSeconds / 60) }
        container["resolution_minutes"] = ticket.resolutionClock.map { Int($0.accruedSeconds / 60) }
        container["resolution_target_minutes"] = ticket.resolutionClock?.targetMinutes
        // The clock's own verdict (v13): the minutes above are truncated, so comparing them to the
        // target would call 68 s of a 60 s target met.
        container["resolution_breached"] = ticket.resolutionClock.map { $0.isOverTarget(usedSeconds: $0.accruedSeconds) }
        container["sla_check_at"] = ticket.slaCheckAt?.unixMillis
        container["sla_status"] = ticket.slaStatus?.rawValue
        container["confidential"] = ticket.confidential
    }
}

/// The WHERE conditions of a ticket listing on `ticket`, with their arguments in order.
struct TicketFilter {
    var conditions: [String] = []
    var arguments: StatementArguments = []

    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }

    mutating func add(_ condition: String, _ values: any DatabaseValueConvertible...) {
        conditions.append(condition)
        _ = arguments.append(contentsOf: StatementArguments(values))
    }

    /// One condition per relation of the access table's readTicket row (`Access.scope`), or none for `.all`.
    mutating func add(scope: TicketScope) {
        guard case let .visibleTo(user, clauses) = scope else { return }
        var any: [String] = []
        let id = user.rawValue
        for clause in clauses {
            switch clause {
            case .requester:
                any.append("ticket.requester_id = ?")
                _ = arguments.append(contentsOf: [id])
            case .filer:
                any.append("(ticket.filed_by_id = ? AND ticket.confidential = 0)")
                _ = arguments.append(contentsOf: [id])
            case let .approver(approvers):
                // Never one's own request (a requester may be their approver's delegate).
                any.append(
                    "(ticket.status = 'awaiting_approval' AND ticket.requester_id <> ? AND ticket.approver_id IN (\(databaseQuestionMarks(count: approvers.count))))")
                _ = arguments.append(contentsOf: [id])
                _ = arguments.append(contentsOf: StatementArguments(approvers.map(\.rawValue).sorted()))
            case let .assignee(directorates):
                any.append("(ticket.assignee_id = ? AND ticket.directorate_code IN (\(databaseQuestionMarks(count: directorates.count))))")
                _ = arguments.append(contentsOf: [id])
                _ = arguments.append(contentsOf: StatementArguments(directorates.sorted()))
            case let .agent(directorates):
                any.append("(ticket.confidential = 0 AND ticket.directorate_code IN (\(databaseQuestionMarks(count: directorates.count))))")
                _ = arguments.append(contentsOf: StatementArguments(directorates.sorted()))
            case let .teamLead(directorates):
                any.append("ticket.directorate_code IN (\(databaseQuestionMarks(count: directorates.count)))")
                _ = arguments.append(contentsOf: StatementArguments(directorates.sorted()))
            case .watcher:
                any.append("(ticket.confidential = 0 AND ticket.id IN (SELECT ticket_id FROM ticket_watcher WHERE user_id = ?))")
                _ = arguments.append(contentsOf: [id])
            }
        }
        conditions.append(any.isEmpty ? "0" : "(" + any.joined(separator: " OR ") + ")")
    }

    /// The listing's filters: status, directorate, assignee, requester, service, priority, open, SLA state.
    mutating func add(filtersOf query: TicketQuery) {
        if let status = query.status { add("ticket.status = ?", status.rawValue) }
        if let directorate = query.directorateCode { add("ticket.directorate_code = ?", directorate) }
        if let assignee = query.assigneeID { add("ticket.assignee_id = ?", assignee.rawValue) }
        if let requester = query.requesterID { add("ticket.requester_id = ?", requester.rawValue) }
        if let service = query.serviceCode { add("ticket.service_code = ?", service) }
        if let priority = query.priority { add("ticket.priority = ?", priority.rawValue) }
        if query.openOnly { conditions.append("ticket.status IN ('awaiting_approval', 'new', 'assigned', 'in_progress', 'waiting_on_requester')") }
        if let sla = query.slaStatus { add("ticket.sla_status = ?", sla.rawValue) }
        if query.unassignedOnly { conditions.append("ticket.assignee_id IS NULL") }
        if let watcher = query.watchedBy { add("ticket.id IN (SELECT ticket_id FROM ticket_watcher WHERE user_id = ?)", watcher.rawValue) }
    }
}
