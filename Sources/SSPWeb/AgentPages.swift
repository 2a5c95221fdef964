import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The agents' and team leads' pages (issue 13): the queue of a directorate, the ticket search and
/// the ticket workspace. Every rule is a Core use case's; these pages only show and send.
extension Portal {
    /// The directorates whose queue `user` works (agent or team lead), sorted.
    static func queueDirectorates(of user: User) -> [String] {
        user.directorates.union(user.leads).filter { user.works(for: $0) }.sorted()
    }

    // MARK: The queue

    /// `GET /queue`: a directorate's open tickets, what is due first, with filters and cursor paging.
    func queue(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let directorates = Self.queueDirectorates(of: user)
        guard !directorates.isEmpty else { throw AccessError.notPermitted(.readTicket) }
        let form = FormBody.query(request)
        let directorate = form["directorate"].flatMap { code in directorates.first { $0 == code } } ?? directorates[0]
        let language = visit.language
        let services = try await useCases.catalogue.services(ServiceQuery(directorateCode: directorate), by: user).map(\.service)
            .sorted { $0.name.text(in: language) < $1.name.text(in: language) }
        let colleagues = try await useCases.tickets.assignees(in: directorate, by: user)
        // Filters, each kept only when it is one the page offers (anything else is ignored, not an error).
        let status = form["status"].flatMap(TicketStatus.init(rawValue:)).flatMap { $0.isFinal || $0 == .resolved ? nil : $0 }
        let service = form["service"].flatMap { code in services.first { $0.code == code }?.code }
        let priority = form["priority"].flatMap(Priority.init(rawValue:))
        let assignee = form["assignee"] ?? ""
        let sla = form["sla"].flatMap(SLAStatus.init(rawValue:))
        var query = TicketQuery(
            scope: .all, status: status, directorateCode: directorate, serviceCode: service, priority: priority, openOnly: true, slaStatus: sla, sort: .due,
            limit: 50)
        switch assignee {
        case "me": query.assigneeID = user.id
        case "none": query.unassignedOnly = true
        case "": break
        default: query.assigneeID = Int64(assignee).map(UserID.init(rawValue:)) ?? UserID(rawValue: -1)
        }
        query.resume(at: form["after"])
        let page = try await useCases.tickets.list(query, by: user)
        let rows = try await queueRows(page.tickets, visit)
        var backlog: [String: Any]?
        if Access.allows(.readBacklog, Access.relations(of: user, toDirectorate: directorate)) {
            let counts = try await useCases.tickets.backlog(of: directorate, by: user)
            let base = "/queue?directorate=\(directorate)"
            backlog = [
                "open": counts.open, "unassigned": counts.unassigned, "atRisk": counts.atRisk, "breached": counts.breached,
                "unassignedLink": base + "&assignee=none", "atRiskLink": base + "&sla=at_risk", "breachedLink": base + "&sla=breached",
            ]
        }
        var filters = ["directorate": directorate]
        if let status { filters["status"] = status.rawValue }
        if let service { filters["service"] = service }
        if let priority { filters["priority"] = priority.rawValue }
        if !assignee.isEmpty { filters["assignee"] = assignee }
        if let sla { filters["sla"] = sla.rawValue }
        let more = page.next.map { "/queue?" + Self.queryString(filters.merging(["after": $0.token]) { $1 }) }
        func options(_ values: [(String, String)], selected: String?) -> [[String: Any]] {
            values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
        }
        let openStatuses: [TicketStatus] = [.awaitingApproval, .new, .assigned, .inProgress, .waitingOnRequester]
        return render(
            "queue", visit, title: visit.text("queue_title"), nav: "queue",
            [
                "directorate": directorate, "directorateName": try await directorateName(directorate, visit),
                "directorates": list(directorates.count > 1 ? options(directorates.map { ($0, $0) }, selected: directorate) : []),
                "statuses": options(openStatuses.map { ($0.rawValue, agentStatus($0, visit)) }, selected: status?.rawValue),
                "services": options(services.map { ($0.code, "\($0.name.text(in: language)) (\($0.code))") }, selected: service),
                "priorities": options(Priority.allCases.map { ($0.rawValue, $0.rawValue) }, selected: priority?.rawValue),
                "assignees": options(
                    [("me", visit.text("queue_mine")), ("none", visit.text("queue_unassigned"))] + colleagues.map { ($0.id.description, $0.name) },
                    selected: assignee),
                "slaStates": options([("at_risk", visit.text("sla_at_risk")), ("breached", visit.text("sla_breached"))], selected: sla?.rawValue),
                "backlog": backlog as Any, "tickets": list(rows), "more": more as Any,
            ])
    }

    /// Rows of the queue and of the search: number, subject, requester, service, priority, status,
    /// assignee and the SLA clock that matters now (`Ticket.queueSLA`).
    func queueRows(_ tickets: [Ticket], _ visit: Visit) async throws -> [[String: Any]] {
        let user = visit.user!
        let people = try await useCases.people.people(Set(tickets.flatMap { [$0.requesterID] + ($0.assigneeID.map { [$0] } ?? []) }), by: user)
        let services = try await serviceNames(Set(tickets.map(\.serviceCode)), visit)
        let calendars = try await useCases.tickets.slaCalendars(of: tickets)
        let now = useCases.tickets.clock.now()
        return zip(tickets, calendars).map { ticket, calendar in
            var row: [String: Any] = [
                "number": ticket.number.rawValue, "subject": ticket.subject, "requester": people[ticket.requesterID]?.name ?? "",
                "service": services[ticket.serviceCode] ?? ticket.serviceCode, "priority": ticket.priority.rawValue,
                "status": agentStatus(ticket.status, visit), "statusCode": ticket.status.rawValue, "confidential": ticket.confidential,
                "assignee": ticket.assigneeID.flatMap { people[$0]?.name } ?? visit.text("queue_nobody"),
            ]
            if let calendar, let sla = ticket.queueSLA(at: now, on: calendar) { row["sla"] = slaCell(sla, visit) }
            return row
        }
    }

    /// The SLA state in words (never by colour alone), the business time left or over, and a bar.
    func slaCell(_ sla: QueueSLA, _ visit: Visit) -> [String: Any] {
        let clock = visit.text(sla.clock.kind == .firstResponse ? "sla_clock_response" : "sla_clock_resolution")
        let minutes = abs(sla.clock.remainingMinutes)
        let time = Self.businessTime(minutes, visit)
        let words: String =
            switch sla.state {
            case .running, .atRisk: visit.text("sla_left").replacingOccurrences(of: "{time}", with: time)
            case .breached: visit.text("sla_over").replacingOccurrences(of: "{time}", with: time)
            case .paused: visit.text("sla_paused_left").replacingOccurrences(of: "{time}", with: time)
            case .met: visit.text("sla_met_text")
            }
        return [
            "state": visit.text("sla_" + sla.state.rawValue), "stateCode": sla.state.rawValue, "clock": clock, "words": words,
            "percent": Int((sla.usedShare * 100).rounded()), "due": visit.formats.dateTime(sla.clock.dueAt) as Any,
        ]
    }

    /// `2 h 5 min`, `1 h`, `45 min`: business minutes in hours and minutes (a business day's length
    /// depends on the calendar, so days are not used).
    static func businessTime(_ minutes: Int, _ visit: Visit) -> String {
        let hours = minutes / 60, rest = minutes % 60
        if hours == 0 { return visit.text("minutes_short", n: rest) }
        return visit.text("hours_short", n: hours) + (rest == 0 ? "" : " " + visit.text("minutes_short", n: rest))
    }

    /// A status as agents read it ("waiting on the requester", not "waiting for your reply").
    func agentStatus(_ status: TicketStatus, _ visit: Visit) -> String {
        visit.text(status == .waitingOnRequester ? "status_agent_waiting_on_requester" : "status_" + status.rawValue)
    }

    func directorateName(_ code: String, _ visit: Visit) async throws -> String {
        try await useCases.catalogue.directorates(by: visit.user!).first { $0.code == code }?.name.text(in: visit.language) ?? code
    }

    static func queryString(_ values: [String: String]) -> String {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=#?"))
        return values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    // MARK: Ticket search

    /// `GET /search?q=`: every ticket the person may read that matches (`TicketSearchText`), newest
    /// first; a ticket number alone finds that ticket.
    func ticketSearch(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let form = FormBody.query(request)
        let q = String((form["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(TicketSearchText.maximumLength))
        var rows: [[String: Any]] = []
        var more: String?
        if !q.isEmpty {
            var query = TicketQuery(scope: .all, text: TicketSearchText(q), limit: 25)
            query.resume(at: form["after"])
            let page = try await useCases.tickets.list(query, by: user)
            rows = try await queueRows(page.tickets, visit)
            more = page.next.map { "/search?" + Self.queryString(["q": q, "after": $0.token]) }
        }
        return render(
            "search", visit, title: visit.text("search_tickets_title"), nav: "queue",
            [
                "q": q, "searched": !q.isEmpty, "tickets": list(rows), "more": more as Any,
                "found": visit.text("requests_search_found").replacingOccurrences(of: "{q}", with: q),
                "nothingFound": visit.text("requests_search_none").replacingOccurrences(of: "{q}", with: q),
            ])
    }
}

// MARK: The ticket workspace

/// A canned reply to insert into the text being typed: the comment form's "Insert" button, which sends nothing.
private struct Insertion: Error {
    var body: String
    /// `nil` when no reply was chosen.
    var text: String?
}

/// What an agent typed or chose when the workspace is shown again (a refusal, a conflict, an insertion).
struct WorkspaceInput {
    var body = ""
    var visibility = CommentVisibility.reply
    var bodyError: String?
    var actionError: String?
    var assignError: String?
    var formError: String?
    /// The revision the refused change was made against: the changes since are shown.
    var conflictSince: Int64?
    var notice: String?
    /// The revision the page's forms carry when it is not the ticket's current one: after an
    /// insertion, the one the agent began typing at (a colleague's change since is still caught).
    var revision: Int64?
    /// The impact and urgency of a refused priority change (the form shows them again).
    var impact: Impact?
    var urgency: Urgency?
}

extension Portal {
    /// `GET /tickets/:number`: everything about one ticket for who works it. Someone who may read
    /// the ticket but not its notes (its requester, a line manager) is sent to their own page.
    func workspace(
        _ request: Request, _ number: String, _ visit: Visit, input: WorkspaceInput = WorkspaceInput(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = visit.user!
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let view = try await useCases.tickets.view(parsed, by: user)
        guard Access.allows(.readNotes, view.roles) else { return redirect("/requests/\(parsed.rawValue)") }
        let ticket = view.ticket
        let language = visit.language
        let canWork = Access.allows(.addNote, view.roles)
        var input = input
        if let notice = FormBody.query(request)["done"], input.notice == nil {
            input.notice = ["reply", "note", "assign", "priority", "status"].contains(notice) ? visit.text("workspace_done_" + notice) : nil
        }
        // The requester's other open tickets, as far as the agent may read them.
        let others = try await useCases.tickets.list(TicketQuery(scope: .all, requesterID: ticket.requesterID, openOnly: true, limit: 11), by: user)
            .tickets.filter { $0.id != ticket.id }.prefix(10)
        var ids = Set(view.comments.map(\.authorID) + view.events.compactMap(\.actorID) + [ticket.requesterID, ticket.filedByID])
        if let assignee = ticket.assigneeID { ids.insert(assignee) }
        for event in view.events where event.kind == .assigned { if let to = event.to.flatMap(Int64.init) { ids.insert(UserID(rawValue: to)) } }
        let people = try await useCases.people.people(ids, by: user)
        func name(_ id: UserID?) -> String { id.flatMap { people[$0]?.name } ?? visit.text("system_actor") }
        let (service, directorate) = try await useCases.catalogue.service(code: ticket.serviceCode, by: user)
        let calendar = try await useCases.tickets.slaCalendar(of: ticket)
        let now = useCases.tickets.clock.now()
        let clocks = calendar.map { ticket.slaView(at: now, on: $0) } ?? []
        let queueSLA = calendar.flatMap { ticket.queueSLA(at: now, on: $0) }
        let transitions: [(TicketAction, String)] = [(.start, "action_start"), (.askRequester, "action_ask_requester"), (.resolve, "action_resolve")]
        let actions = transitions.filter { canWork && (try? Lifecycle.rule(for: $0.0, from: ticket.status, roles: view.roles)) != nil }
        let canAssign = !ticket.status.isFinal && (try? Lifecycle.rule(for: .assign, from: ticket.status, roles: view.roles)) != nil
        let assignees = canAssign ? try await useCases.tickets.assignees(in: ticket.directorateCode, by: user) : []
        let canReply = !ticket.status.isFinal && Access.allows(.reply, view.roles)
        let replies =
            canReply && Access.allows(.useCannedReplies, view.roles.union(Access.relations(of: user, toDirectorate: ticket.directorateCode)))
            ? try await useCases.cannedReplies.replies(by: user).filter { $0.directorateCode == ticket.directorateCode } : []
        let canReprioritise = !ticket.status.isFinal && Access.allows(.reprioritise, view.roles)
        let watchers = try await useCases.tickets.watchers(of: ticket.number, by: user)
        let conflict = input.conflictSince.map { TicketView.changes(view.events, after: $0, against: user.id) } ?? []
        let requester = people[ticket.requesterID]
        var data: [String: Any] = [
            "number": ticket.number.rawValue, "subject": ticket.subject, "revision": String(input.revision ?? view.revision),
            // One key per form shown: a double click or a resent answer does the change once (`Portal.once`).
            "submission": UUID().uuidString,
            "status": agentStatus(ticket.status, visit), "statusCode": ticket.status.rawValue, "confidential": ticket.confidential,
            "priority": ticket.priority.rawValue, "impact": visit.text("impact_" + ticket.impact.rawValue),
            "urgency": visit.text("urgency_" + ticket.urgency.rawValue),
            "service": "\(service.name.text(in: language)) (\(service.code))", "directorate": directorate?.name.text(in: language) ?? ticket.directorateCode,
            "filed": visit.formats.dateTime(ticket.createdAt) ?? "", "channel": visit.text("channel_" + ticket.channel.rawValue),
            "filedBy": (ticket.filedByID == ticket.requesterID ? nil : name(ticket.filedByID)) as Any,
            "requester": requester?.name ?? "", "requesterEmail": requester?.email ?? "",
            "requesterAdministration": (requester?.administration ?? requester?.organisation) as Any,
            "requesterLanguage": requester.map { visit.text("language_" + $0.language.rawValue) } as Any,
            "assignee": ticket.assigneeID.map { name($0) } ?? visit.text("queue_nobody"),
            "description": (ticket.description.isEmpty ? nil : ticket.description) as Any,
            "answers": list(answerRows(ticket, service, visit)),
            "others": list(others.map { ticketRow($0, visit, names: [:]) }),
            "clocks": list(
                clocks.map { clock in
                    [
                        "label": visit.text(clock.kind == .firstResponse ? "sla_clock_response" : "sla_clock_resolution"),
                        "state": visit.text("sla_" + (clock.state == .running && clock.atRisk ? "at_risk" : clock.state.rawValue)),
                        "due": visit.formats.dateTime(clock.dueAt) ?? "–",
                        "target": Self.businessTime(clock.targetMinutes, visit), "used": Self.businessTime(max(0, clock.usedMinutes), visit),
                    ]
                }),
            "sla": queueSLA.map { slaCell($0, visit) } as Any,
            "comments": list(
                view.comments.map { comment in
                    [
                        "author": comment.authorID == user.id ? visit.text("you") : name(comment.authorID), "at": visit.formats.dateTime(comment.createdAt) ?? "",
                        "body": comment.body, "note": comment.visibility == .note, "id": String(comment.id),
                    ]
                }),
            "history": list(view.events.reversed().map { historyRow($0, visit, name: name) }),
            "canReply": canReply, "canNote": canReply && Access.allows(.addNote, view.roles),
            "body": input.body, "isNote": input.visibility == .note, "bodyError": input.bodyError as Any,
            "cannedReplies": list(replies.map { ["id": String($0.id), "title": $0.title.text(in: language)] }),
            "actions": list(
                actions.map { action, label in ["action": action.rawValue, "label": visit.text(label), "number": ticket.number.rawValue] }),
            "actionError": input.actionError as Any, "assignError": input.assignError as Any, "formError": input.formError as Any,
            "canAssign": canAssign, "assignedToMe": ticket.assigneeID == user.id,
            "assignees": list(
                assignees.map { ["email": $0.email, "name": $0.name, "selected": $0.id == ticket.assigneeID, "me": $0.id == user.id] }),
            "canReprioritise": canReprioritise,
            "impacts": Impact.allCases.map { ["value": $0.rawValue, "label": visit.text("impact_" + $0.rawValue), "selected": $0 == (input.impact ?? ticket.impact)] },
            "urgencies": Urgency.allCases.map { ["value": $0.rawValue, "label": visit.text("urgency_" + $0.rawValue), "selected": $0 == (input.urgency ?? ticket.urgency)] },
            "conflict": list(conflict.map { historyRow($0, visit, name: name) }), "notice": input.notice as Any,
            "watchers": (watchers.isEmpty ? nil : watchers.map(\.name).joined(separator: ", ")) as Any,
        ]
        return render("workspace", visit, title: "\(ticket.number.rawValue) \(ticket.subject)", status: status, nav: "queue", data)
    }

    /// The form's answers as the requester gave them, labelled in the reader's language.
    func answerRows(_ ticket: Ticket, _ service: Service, _ visit: Visit) -> [[String: String]] {
        let language = visit.language
        return service.form.compactMap { field -> [String: String]? in
            guard let value = ticket.answers[field.key] else { return nil }
            let text: String
            switch value {
            case let .text(raw): text = field.options.first { $0.value == raw }?.label.text(in: language) ?? raw
            case let .number(number): text = number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case let .bool(flag): text = visit.text(flag ? "yes" : "no")
            case let .date(date): text = visit.formats.date(date)
            }
            return ["label": field.label.text(in: language), "value": text]
        }
    }

    /// One line of the history: who, when, and what in words.
    func historyRow(_ event: TicketEvent, _ visit: Visit, name: (UserID?) -> String) -> [String: String] {
        let status = { (raw: String?) in raw.flatMap(TicketStatus.init(rawValue:)).map { self.agentStatus($0, visit) } ?? (raw ?? "") }
        let what: String
        switch event.kind {
        case .filed: what = visit.text("history_filed").replacingOccurrences(of: "{to}", with: status(event.to))
        case .statusChanged:
            what =
                visit.text("history_status").replacingOccurrences(of: "{from}", with: status(event.from)).replacingOccurrences(of: "{to}", with: status(event.to))
                + (event.payload["reason"].map { " — " + $0 } ?? "")
        case .assigned:
            what = visit.text("history_assigned").replacingOccurrences(of: "{to}", with: name(event.to.flatMap(Int64.init).map(UserID.init(rawValue:))))
        case .commented: what = visit.text(event.payload["visibility"] == CommentVisibility.note.rawValue ? "history_note" : "history_reply")
        case .priorityChanged:
            what = visit.text("history_priority").replacingOccurrences(of: "{from}", with: event.from ?? "").replacingOccurrences(of: "{to}", with: event.to ?? "")
        case .slaAtRisk, .slaBreached:
            let clock = visit.text(event.payload["clock"] == SLAClock.Kind.firstResponse.rawValue ? "sla_clock_response" : "sla_clock_resolution")
            what = visit.text(event.kind == .slaAtRisk ? "history_at_risk" : "history_breached").replacingOccurrences(of: "{clock}", with: clock)
        case .escalated: what = visit.text("history_escalated").replacingOccurrences(of: "{to}", with: event.to ?? "")
        case .approverChanged: what = visit.text("history_approver")
        }
        return ["who": name(event.actorID), "at": visit.formats.dateTime(event.at) ?? "", "what": what]
    }

    // MARK: Workspace changes

    /// The number, the checked form and the revision it was made against.
    private func workspaceForm(_ request: Request, _ number: String, _ visit: Visit) async throws -> (TicketNumber, FormBody, Bool, Int64?) {
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let (form, passed) = try await checkedForm(request, visit)
        return (parsed, form, passed, form["revision"].flatMap(Int64.init))
    }

    /// Runs one change of the workspace: on success back to the ticket (`done` names what was
    /// done); a refusal or a colleague's change shows the page again with what was typed.
    private func workspaceChange(
        _ request: Request, _ number: String, _ visit: Visit, input: WorkspaceInput = WorkspaceInput(), done: String,
        field: WritableKeyPath<WorkspaceInput, String?>, _ change: (TicketNumber, FormBody, Int64?) async throws -> Void
    ) async throws -> Response {
        let (parsed, form, passed, revision) = try await workspaceForm(request, number, visit)
        var input = input
        // What was typed or chosen is shown again if the change is refused.
        input.body = form["body"] ?? ""
        input.visibility = form["visibility"].flatMap(CommentVisibility.init(rawValue:)) ?? .reply
        input.impact = form["impact"].flatMap(Impact.init(rawValue:))
        input.urgency = form["urgency"].flatMap(Urgency.init(rawValue:))
        guard passed else {
            input.formError = visit.text("err_form_expired")
            return try await workspace(request, number, visit, input: input, status: .forbidden)
        }
        // A canned reply's insertion sends nothing: it is not a submission to do once.
        guard form["insert"] == nil else { return try await workspaceAttempt(request, number, visit, parsed, form, revision, input, done, field, change) }
        return try await once(form, visit, path: request.uri.path, landing: "/tickets/\(parsed.rawValue)") {
            try await workspaceAttempt(request, number, visit, parsed, form, revision, input, done, field, change)
        }
    }

    private func workspaceAttempt(
        _ request: Request, _ number: String, _ visit: Visit, _ parsed: TicketNumber, _ form: FormBody, _ revision: Int64?, _ input: WorkspaceInput,
        _ done: String, _ field: WritableKeyPath<WorkspaceInput, String?>, _ change: (TicketNumber, FormBody, Int64?) async throws -> Void
    ) async throws -> Response {
        var input = input
        do {
            try await change(parsed, form, revision)
        } catch let insertion as Insertion {
            // Nothing is sent: the page comes back with the canned reply added to the text.
            input.revision = revision
            if let text = insertion.text {
                input.body = insertion.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? text : insertion.body + "\n\n" + text
            } else {
                input.bodyError = visit.text("canned_choose")
            }
            return try await workspace(request, number, visit, input: input)
        } catch TicketError.changedMeanwhile {
            input.conflictSince = revision
            return try await workspace(request, number, visit, input: input, status: .conflict)
        } catch TicketError.invalid(let problems) {
            input[keyPath: field] = problems.map { describe($0, visit) }.joined(separator: " ")
            return try await workspace(request, number, visit, input: input, status: .unprocessableContent)
        } catch TicketError.illegalTransition, TicketError.ticketFinal, is AccessError, TicketError.notPermitted {
            input[keyPath: field] = visit.text("conflict_text")
            return try await workspace(request, number, visit, input: input, status: .conflict)
        }
        let what = done == "comment" ? input.visibility.rawValue : done
        return redirect("/tickets/\(parsed.rawValue)?done=\(what)")
    }

    /// `POST /tickets/:number/comment`: a reply or a note; with `insert`, the chosen canned reply
    /// is added to the text instead, and nothing is sent.
    func workspaceComment(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        try await workspaceChange(request, number, visit, done: "comment", field: \.bodyError) { parsed, form, revision in
            let body = form["body"] ?? ""
            if form["insert"] != nil {
                guard let id = form["canned"].flatMap(Int64.init) else { throw Insertion(body: body, text: nil) }
                throw Insertion(body: body, text: try await useCases.cannedReplies.insertion(id, into: parsed, by: visit.user!))
            }
            let visibility = form["visibility"].flatMap(CommentVisibility.init(rawValue:)) ?? .reply
            _ = try await useCases.tickets.comment(on: parsed, body: body, visibility: visibility, by: visit.user!, unchangedSince: revision)
        }
    }

    /// `POST /tickets/:number/transition`: start, ask the requester, resolve.
    func workspaceTransition(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        try await workspaceChange(request, number, visit, done: "status", field: \.actionError) { parsed, form, revision in
            guard let action = form["action"].flatMap(TicketAction.init(rawValue:)), [.start, .askRequester, .resolve].contains(action) else {
                throw TicketError.illegalTransition(action: form["action"] ?? "", from: .new)
            }
            _ = try await useCases.tickets.apply(action, to: parsed, by: visit.user!, unchangedSince: revision)
        }
    }

    /// `POST /tickets/:number/assign`: to oneself (`assignee=me`) or a colleague's e-mail.
    func workspaceAssign(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        try await workspaceChange(request, number, visit, done: "assign", field: \.assignError) { parsed, form, revision in
            let email = form["assignee"] == "me" ? visit.user!.email : form["assignee"] ?? ""
            guard !email.isEmpty else { throw TicketError.invalid([FieldProblem(field: "assignee", message: "choose a colleague", code: .required)]) }
            _ = try await useCases.tickets.assign(parsed, to: email, by: visit.user!, unchangedSince: revision)
        }
    }

    /// `POST /tickets/:number/priority`: impact and urgency; the clocks are re-targeted.
    func workspacePriority(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        try await workspaceChange(request, number, visit, done: "priority", field: \.actionError) { parsed, form, revision in
            guard let impact = form["impact"].flatMap(Impact.init(rawValue:)), let urgency = form["urgency"].flatMap(Urgency.init(rawValue:)) else {
                throw TicketError.invalid([FieldProblem(field: "impact", message: "choose an impact and an urgency", code: .required)])
            }
            _ = try await useCases.tickets.reprioritise(parsed, impact: impact, urgency: urgency, by: visit.user!, unchangedSince: revision)
        }
    }
}
