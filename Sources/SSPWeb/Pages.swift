import Foundation
import Hummingbird
import SSPCore

/// The staff pages: home and catalogue, the request form, my requests, a ticket, approvals.
/// Each calls Core use cases as the signed-in person; none holds a rule of its own.
extension Portal {
    // MARK: Home and catalogue

    func home(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let language = visit.language
        let q = (FormBody.query(request)["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var data: [String: Any] = ["q": q, "searched": !q.isEmpty]
        if !q.isEmpty {
            let result = try await search(q, visit)
            data["results"] = list(
                result.services.prefix(25).map { found in
                    [
                        "code": found.service.code, "name": found.service.name.text(in: language), "category": found.service.category.text(in: language),
                        "directorate": found.directorate?.name.text(in: language) ?? found.service.directorateCode,
                    ]
                })
            data["fallback"] = list(
                result.fallback.map { fallback in
                    let contact = fallback.directorate.contact
                    return [
                        "code": fallback.directorate.code, "name": fallback.directorate.name.text(in: language),
                        "generalCode": fallback.generalService?.code, "generalName": fallback.generalService?.name.text(in: language),
                        "email": fallback.generalService == nil ? contact.email : nil, "phone": fallback.generalService == nil ? contact.phone : nil,
                    ] as [String: Any?]
                })
            if let counter = result.counter {
                data["counter"] =
                    [
                        "name": counter.name.text(in: language), "location": counter.location.text(in: language), "hours": counter.hours.text(in: language),
                        "email": counter.email, "phone": counter.phone,
                    ] as [String: Any?]
            }
        }
        let counts = try await useCases.catalogue.serviceCounts(by: user)
        data["directorates"] = try await useCases.catalogue.directorates(by: user).map { directorate in
            ["code": directorate.code, "name": directorate.name.text(in: language), "count": visit.text("services_count", n: counts[directorate.code] ?? 0)]
        }
        let open = try await useCases.tickets.list(TicketQuery(scope: .all, requesterID: user.id, openOnly: true, limit: 5), by: user).tickets
        data["open"] = list(open.map { ticketRow($0, visit, names: [:]) })
        let today = LocalDate(Date(), in: Brussels.calendar)
        let bookings = try await useCases.desks.bookings(user, from: today, to: today).filter(\.state.holdsDesk)
        data["bookings"] = list(
            bookings.map { booking in
                ["desk": booking.deskCode, "slot": visit.text("slot_" + booking.slot.rawValue), "checkedIn": booking.state == .checkedIn]
            })
        return render("home", visit, title: visit.text("nav_home"), nav: "home", data)
    }

    /// The catalogue search for the search boxes; a query without any letter or digit finds nothing
    /// (the page then offers the directorates and the counter) rather than an error page.
    func search(_ q: String, _ visit: Visit, for person: User? = nil) async throws -> ServiceSearchResult {
        do {
            return try await useCases.catalogue.search(q, language: person?.language ?? visit.language, for: person ?? visit.user!, by: visit.user!)
        } catch TicketError.invalid {
            return try await useCases.catalogue.noMatch(by: visit.user!)
        }
    }

    func directorate(_ code: String, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let language = visit.language
        guard let directorate = try await useCases.catalogue.directorates(by: user).first(where: { $0.code == code.uppercased() }) else {
            throw TicketError.serviceNotFound(code)
        }
        let services = try await useCases.catalogue.services(ServiceQuery(directorateCode: directorate.code), by: user).map(\.service)
        let categories = Dictionary(grouping: services) { $0.category.text(in: language) }.sorted { $0.key < $1.key }.map { category, services in
            [
                "category": category,
                "services": services.sorted { $0.name.text(in: language) < $1.name.text(in: language) }.map {
                    ["code": $0.code, "name": $0.name.text(in: language), "description": $0.description.text(in: language)]
                },
            ] as [String: Any]
        }
        return render("directorate", visit, title: directorate.name.text(in: language), ["name": directorate.name.text(in: language), "categories": categories])
    }

    // MARK: The request form

    func serviceForm(_ code: String, _ visit: Visit) async throws -> Response {
        let (service, directorate) = try await useCases.catalogue.service(code: code.uppercased(), by: visit.user!)
        guard service.active else { throw TicketError.serviceNotFound(code) }
        return formPage(service, directorate, visit, values: [:], problems: [])
    }

    func fileRequest(_ request: Request, _ code: String, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let (service, directorate) = try await useCases.catalogue.service(code: code.uppercased(), by: user)
        let (form, passed) = try await checkedForm(request, visit)
        let values = form.values.compactMapValues(\.first)
        guard passed else {
            return formPage(service, directorate, visit, values: values, problems: [], formError: visit.text("err_form_expired"), status: .forbidden)
        }
        let filing = FileTicketRequest(
            serviceCode: service.code, subject: values["subject"] ?? "", description: values["description"] ?? "", answers: answers(values, service),
            channel: .portal, submissionKey: values["submission"])
        do {
            let ticket = try await useCases.tickets.file(filing, by: user)
            return redirect("/requests/\(ticket.number.rawValue)?filed=1")
        } catch TicketError.invalid(let problems) {
            return formPage(service, directorate, visit, values: values, problems: problems, status: .unprocessableContent)
        }
    }

    /// The form's answers as typed values; what does not parse goes through as text, for Core to refuse on its field.
    func answers(_ values: [String: String], _ service: Service) -> [String: FormValue] {
        var answers: [String: FormValue] = [:]
        for field in service.form {
            guard let raw = values["answers." + field.key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { continue }
            switch field.type {
            case .text, .longText, .choice, .date: answers[field.key] = .text(raw)
            case .number: answers[field.key] = Double(raw.replacingOccurrences(of: ",", with: ".")).map(FormValue.number) ?? .text(raw)
            case .yesNo: answers[field.key] = raw == "yes" ? .bool(true) : raw == "no" ? .bool(false) : .text(raw)
            }
        }
        return answers
    }

    /// The form generated from the service's definition, with what was typed and each problem next to its field.
    /// - Parameter onBehalf: the colleague a counter clerk files for (the form then asks the channel and posts to the counter).
    func formPage(
        _ service: Service, _ directorate: Directorate?, _ visit: Visit, values: [String: String], problems: [FieldProblem], formError: String? = nil,
        status: HTTPResponse.Status = .ok, onBehalf: User? = nil
    ) -> Response {
        let language = visit.language
        let byField = Dictionary(grouping: problems, by: \.field)
        func message(_ field: String) -> String? {
            byField[field].map { $0.map { describe($0, visit) }.joined(separator: " ") }
        }
        var fields: [[String: Any]] = []
        func add(name: String, id: String, label: String, type: FieldType, required: Bool, hint: String? = nil, options: [FieldOption] = []) {
            let value = values[name] ?? ""
            let error = message(name)
            let describedBy = [hint == nil ? nil : id + "-hint", error == nil ? nil : id + "-error"].compactMap { $0 }.joined(separator: " ")
            fields.append([
                "name": name, "id": id, "label": label, "required": required, "value": value, "hint": hint as Any, "error": error as Any,
                "describedBy": (describedBy.isEmpty ? nil : describedBy) as Any,
                "isYesNo": type == .yesNo, "isLongText": type == .longText, "isChoice": type == .choice,
                "isInput": type == .text || type == .number || type == .date,
                "inputType": type == .date ? "date" : "text", "inputMode": type == .number ? "decimal" : nil as String? as Any,
                "yes": value == "yes", "no": value == "no",
                "options": options.map { ["value": $0.value, "label": $0.label.text(in: language), "selected": $0.value == value] },
            ])
        }
        add(name: "subject", id: "subject", label: visit.text("subject"), type: .text, required: true)
        for field in service.form {
            add(
                name: "answers." + field.key, id: "f-" + field.key, label: field.label.text(in: language), type: field.type, required: field.required,
                hint: field.type == .date ? visit.text("date_hint") : nil, options: field.options)
        }
        add(name: "description", id: "description", label: visit.text("description"), type: .longText, required: false, hint: visit.text("description_hint"))
        // Problems without a field of the form (the service itself, an approval that cannot be routed).
        let known = Set(fields.compactMap { $0["name"] as? String } + (onBehalf == nil ? [] : ["channel"]))
        let general = problems.filter { !known.contains($0.field) }.map { describe($0, visit) }
        let summary = fields.compactMap { field -> [String: String]? in
            guard let error = field["error"] as? String else { return nil }
            return ["id": field["id"] as! String, "label": field["label"] as! String, "message": error]
        }
        let name = service.name.text(in: language)
        return render(
            "service", visit, title: problems.isEmpty ? name : "\(visit.text("errors_title")): \(name)", status: status,
            [
                "code": service.code, "name": name, "description": service.description.text(in: language),
                "category": service.category.text(in: language), "directorate": directorate?.name.text(in: language) ?? service.directorateCode,
                "directorateCode": service.directorateCode, "approval": service.approval == .lineManager, "fields": fields,
                "errors": list(summary), "formError": (formError ?? (general.isEmpty ? nil : general.joined(separator: " "))) as Any? as Any,
                "action": onBehalf.map { "/counter/\($0.id)/services/\(service.code)" } ?? "/services/\(service.code)",
                "onBehalf": onBehalf.map { "\($0.name) (\($0.email))" } as Any, "phone": values["channel"] == "phone",
                "channelError": message("channel") as Any,
                // One key per form shown (kept when it comes back with errors): sending it twice files once.
                "submission": values["submission"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString,
            ])
    }

    /// A field problem in the person's language (its English message for kinds pages do not know).
    func describe(_ problem: FieldProblem, _ visit: Visit) -> String {
        switch problem.code {
        case .required: visit.text("err_required")
        case .tooLong: visit.text("err_too_long", n: problem.detail.flatMap(Int.init))
        case .singleLine: visit.text("err_single_line")
        case .notAnOption: visit.text("err_not_option")
        case .notADate: visit.text("err_not_date")
        case .notANumber: visit.text("err_not_number")
        case .controlCharacter: visit.text("err_control_character").replacingOccurrences(of: "{c}", with: problem.detail ?? "")
        case .other: problem.message
        }
    }

    // MARK: My requests

    func requests(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let query = FormBody.query(request)
        let showOpen = query["show"] != "all"
        // A search (TicketSearchText: words, word*, or a number) within the person's own requests.
        let q = String((query["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(TicketSearchText.maximumLength))
        var mine = TicketQuery(scope: .all, requesterID: user.id, openOnly: showOpen, text: q.isEmpty ? nil : TicketSearchText(q), limit: 25)
        mine.resume(at: query["after"])
        let after = mine.after
        let page = try await useCases.tickets.list(mine, by: user)
        // The requests of colleagues this person follows (watcher), on the first page of the list.
        var followedQuery = TicketQuery(scope: .all, openOnly: showOpen, limit: 25)
        followedQuery.watchedBy = user.id
        let followed = q.isEmpty && after == nil ? try await useCases.tickets.list(followedQuery, by: user).tickets : []
        let services = try await serviceNames(Set((page.tickets + followed).map(\.serviceCode)), visit)
        var more = page.next.map { "/requests?show=\(showOpen ? "open" : "all")&after=\($0.token)" }
        if let link = more, !q.isEmpty {
            more = link + "&q=" + (q.addingPercentEncoding(withAllowedCharacters: CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=#"))) ?? "")
        }
        return render(
            "requests", visit, title: visit.text("requests_title"), nav: "requests",
            [
                "showOpen": showOpen, "more": more as Any, "q": q,
                "followed": list(
                    followed.map { ticket in
                        var row = ticketRow(ticket, visit, names: [:])
                        row["service"] = services[ticket.serviceCode] ?? ticket.serviceCode
                        return row
                    }),
                "searched": (q.isEmpty ? nil : visit.text("requests_search_found").replacingOccurrences(of: "{q}", with: q)) as Any,
                "nothingFound": (q.isEmpty ? nil : visit.text("requests_search_none").replacingOccurrences(of: "{q}", with: q)) as Any,
                "tickets": list(
                    page.tickets.map { ticket in
                        var row = ticketRow(ticket, visit, names: [:])
                        row["service"] = services[ticket.serviceCode] ?? ticket.serviceCode
                        return row
                    }),
            ])
    }

    /// One ticket as a row of a list.
    func ticketRow(_ ticket: Ticket, _ visit: Visit, names: [UserID: User]) -> [String: Any] {
        [
            "number": ticket.number.rawValue, "subject": ticket.subject, "status": visit.text("status_" + ticket.status.rawValue),
            "statusCode": ticket.status.rawValue, "due": visit.formats.dateTime(ticket.resolutionDueAt) as Any,
            "filed": visit.formats.dateTime(ticket.createdAt) ?? "",
            "channel": (ticket.channel == .portal ? nil : visit.text("channel_" + ticket.channel.rawValue)) as Any,
            "requester": names[ticket.requesterID]?.name ?? "",
        ]
    }

    /// The names of these services in the person's language (one catalogue read, whatever the count).
    func serviceNames(_ codes: Set<String>, _ visit: Visit) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        let services = try await useCases.catalogue.services(ServiceQuery(includeInactive: true), by: visit.user!)
        return Dictionary(uniqueKeysWithValues: services.lazy.filter { codes.contains($0.service.code) }.map { ($0.service.code, $0.service.name.text(in: visit.language)) })
    }

    // MARK: A ticket

    func ticket(
        _ request: Request, _ number: String, _ visit: Visit, replyValue: String = "", replyError: String? = nil, formError: String? = nil,
        actionError: String? = nil, watcherError: String? = nil, watcherValue: String = "", status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let user = visit.user!
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let view = try await useCases.tickets.view(parsed, by: user)
        let ticket = view.ticket
        let replies = view.comments.filter { $0.visibility == .reply }  // the public conversation only, whoever reads
        let people = try await useCases.people.people(Set(replies.map(\.authorID) + [ticket.requesterID, ticket.filedByID]), by: user)
        let (service, _) = try await useCases.catalogue.service(code: ticket.serviceCode, by: user)
        let language = visit.language
        let answers = answerRows(ticket, service, visit)
        let candidates: [(TicketAction, String, Bool)] = [
            (.approve, "action_approve", false), (.reject, "action_reject", true), (.confirm, "action_confirm", false),
            (.reopen, "action_reopen", false), (.cancel, "action_cancel", true),
        ]
        let actions = candidates.filter { (try? Lifecycle.rule(for: $0.0, from: ticket.status, roles: view.roles)) != nil }.map { action, label, danger in
            [
                "number": ticket.number.rawValue, "action": action.rawValue, "label": visit.text(label), "danger": danger, "needsReason": action == .reject,
                // Cancelling cannot be undone: one click on the button alone does not do it.
                "needsConfirmation": action == .cancel,
            ]
        }
        let canReply = !ticket.status.isFinal && Access.allows(.reply, view.roles)
        let survey = try? await useCases.surveys.survey(of: ticket.number, by: user)
        let surveyLink = survey.flatMap { $0.survey.answeredAt == nil ? "/survey/\($0.token)" : nil }
        let pending = ticket.status == .awaitingApproval ? visit.text("due_after_approval") : "–"
        // The colleagues following the request: the requester chooses them, a watcher may leave.
        let watchers = try await useCases.tickets.watchers(of: ticket.number, by: user)
        let choosesWatchers = Access.allows(.manageWatchers, view.roles) && !ticket.confidential && !ticket.status.isFinal
        return render(
            "ticket", visit, title: "\(ticket.number.rawValue) \(ticket.subject)", status: status, nav: "requests",
            [
                "justFiled": request.uri.queryParameters.get("filed") != nil, "number": ticket.number.rawValue, "subject": ticket.subject,
                "status": visit.text("status_" + ticket.status.rawValue), "statusCode": ticket.status.rawValue,
                // The line manager's reason, for the requester above all (issue 10).
                "rejectionReason": view.events.last { $0.payload["action"] == TicketAction.reject.rawValue }?.payload["reason"] as Any,
                "service": "\(service.name.text(in: language)) (\(service.code))", "filed": visit.formats.dateTime(ticket.createdAt) ?? "",
                "channel": (ticket.channel == .portal ? nil : visit.text("channel_" + ticket.channel.rawValue)) as Any,
                "filedBy": (ticket.filedByID == ticket.requesterID ? nil : people[ticket.filedByID]?.name) as Any,
                "requester": (ticket.requesterID == user.id ? nil : people[ticket.requesterID]?.name) as Any,
                "responseDue": visit.formats.dateTime(ticket.firstResponseDueAt) ?? pending,
                "resolutionDue": visit.formats.dateTime(ticket.resolutionDueAt) ?? pending,
                "description": (ticket.description.isEmpty ? nil : ticket.description) as Any,
                "answers": list(answers),
                "comments": list(
                    replies.map { comment in
                        [
                            "author": comment.authorID == user.id ? visit.text("you") : people[comment.authorID]?.name ?? visit.text("service_desk"),
                            "at": visit.formats.dateTime(comment.createdAt) ?? "", "body": comment.body, "mine": comment.authorID == user.id,
                        ]
                    }),
                "canReply": canReply, "replyValue": replyValue, "submission": UUID().uuidString, "replyError": replyError as Any, "formError": formError as Any, "actionError": actionError as Any,
                "actions": list(actions), "surveyLink": surveyLink as Any,
                "watchers": list(
                    watchers.map { watcher in
                        [
                            "id": watcher.id.description, "name": watcher.name, "number": ticket.number.rawValue,
                            "removable": choosesWatchers || watcher.id == user.id, "me": watcher.id == user.id,
                        ]
                    }),
                "choosesWatchers": choosesWatchers, "isWatcher": view.roles.contains(.watcher), "watcherError": watcherError as Any,
                "watcherValue": watcherValue, "showWatchers": choosesWatchers || !watchers.isEmpty,
            ])
    }

    func reply(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let (form, passed) = try await checkedForm(request, visit)
        let body = form["body"] ?? ""
        guard passed else { return try await ticket(request, number, visit, replyValue: body, formError: visit.text("err_form_expired"), status: .forbidden) }
        return try await once(form, visit, path: request.uri.path, landing: "/requests/\(parsed.rawValue)") {
            do {
                _ = try await useCases.tickets.comment(on: parsed, body: body, visibility: .reply, by: visit.user!)
            } catch TicketError.invalid(let problems) {
                let message = problems.map { describe($0, visit) }.joined(separator: " ")
                return try await ticket(request, number, visit, replyValue: body, replyError: message, status: .unprocessableContent)
            }
            return redirect("/requests/\(parsed.rawValue)")
        }
    }

    /// `POST /requests/:number/watchers`: the requester adds a colleague (by e-mail) to follow the request.
    func addWatcher(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let (form, passed) = try await checkedForm(request, visit)
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        guard passed else { return try await ticket(request, number, visit, watcherError: visit.text("err_form_expired"), watcherValue: email, status: .forbidden) }
        do {
            try await useCases.tickets.addWatcher(email, to: parsed, by: visit.user!)
        } catch TicketError.invalid(let problems) {
            // The use case's reasons, in the person's language.
            let message = problems.first.map { problem in
                switch problem.detail {
                case "too_many": visit.text("watcher_too_many", n: TicketDesk.maximumWatchers)
                case "requester": visit.text("watcher_self")
                case "confidential": visit.text("watcher_confidential")
                default: visit.text("floor_no_person")
                }
            }
            return try await ticket(request, number, visit, watcherError: message, watcherValue: email, status: .unprocessableContent)
        }
        return redirect("/requests/\(parsed.rawValue)#watchers")
    }

    /// `POST /requests/:number/watchers/:id/remove`: the requester removes a colleague, or a watcher leaves.
    func removeWatcher(_ request: Request, _ number: String, _ id: String, _ visit: Visit) async throws -> Response {
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let (_, passed) = try await checkedForm(request, visit)
        guard passed else { return try await ticket(request, number, visit, watcherError: visit.text("err_form_expired"), status: .forbidden) }
        let watcher = UserID(rawValue: Int64(id) ?? 0)
        try await useCases.tickets.removeWatcher(watcher, from: parsed, by: visit.user!)
        // A watcher who left no longer reads the request.
        return redirect(watcher == visit.user!.id ? "/requests" : "/requests/\(parsed.rawValue)#watchers")
    }

    func transition(_ request: Request, _ number: String, _ visit: Visit) async throws -> Response {
        guard let parsed = TicketNumber(parsing: number) else { throw TicketError.ticketNotFound(number) }
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await ticket(request, number, visit, formError: visit.text("err_form_expired"), status: .forbidden) }
        guard let action = form["action"].flatMap(TicketAction.init(rawValue:)), [.approve, .reject, .confirm, .reopen, .cancel].contains(action) else {
            throw TicketError.illegalTransition(action: form["action"] ?? "", from: .new)
        }
        if action == .cancel, form["confirm"] != "yes" {
            return try await ticket(request, number, visit, actionError: visit.text("cancel_confirm_missing"), status: .unprocessableContent)
        }
        do {
            _ = try await useCases.tickets.apply(action, to: parsed, by: visit.user!, reason: form["reason"])
        } catch TicketError.invalid(let problems) {
            // Shown with the actions: an approver has no reply form, where this used to appear (silently absent).
            return try await ticket(
                request, number, visit, actionError: problems.map { describe($0, visit) }.joined(separator: " "), status: .unprocessableContent)
        } catch TicketError.ticketNotFound where action == .approve || action == .reject {
            // Decided meanwhile (by a delegate, say): the approver no longer reads it.
            return redirect("/approvals")
        }
        return redirect(action == .approve || action == .reject ? "/approvals" : "/requests/\(parsed.rawValue)")
    }

    // MARK: The SSP counter

    /// Finds a colleague by name, e-mail or administration (counter clerks).
    func counter(_ request: Request, _ visit: Visit) async throws -> Response {
        let q = (FormBody.query(request)["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try Access.require(.searchDirectory, visit.user!)
        let people = q.isEmpty ? [] : try await useCases.people.search(String(q.prefix(200)), by: visit.user!)
        return render(
            "counter", visit, title: visit.text("counter_title"), nav: "counter",
            [
                "q": q, "searched": !q.isEmpty,
                "people": list(people.map { ["id": $0.id.description, "name": $0.name, "email": $0.email, "administration": $0.administration ?? $0.organisation] }),
            ])
    }

    /// The person at the counter: what the clerk filed for them, and the services to file.
    func counterPerson(_ request: Request, _ id: String, _ visit: Visit) async throws -> Response {
        let clerk = visit.user!
        let person = try await counterSubject(id, visit)
        let language = visit.language
        let q = (FormBody.query(request)["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // What the access table lets the clerk read: the requests they filed for this person.
        let open = try await useCases.tickets.list(TicketQuery(scope: .all, requesterID: person.id, openOnly: true, limit: 50), by: clerk).tickets
        var data: [String: Any] = [
            "id": person.id.description, "name": person.name, "email": person.email, "administration": person.administration ?? person.organisation,
            "language": person.language.rawValue.uppercased(), "q": q, "searched": !q.isEmpty, "open": list(open.map { ticketRow($0, visit, names: [:]) }),
        ]
        if !q.isEmpty {
            // The clerk searches in the person's words, so the person's language ranks first.
            let found = try await search(q, visit, for: person).services.prefix(25)
            data["results"] = list(
                found.map { found in
                    [
                        "personID": person.id.description, "code": found.service.code, "name": found.service.name.text(in: language),
                        "directorate": found.directorate?.name.text(in: language) ?? found.service.directorateCode,
                    ]
                })
        }
        return render("counter-person", visit, title: "\(visit.text("counter_for")) \(person.name)", nav: "counter", data)
    }

    func counterForm(_ id: String, _ code: String, _ visit: Visit) async throws -> Response {
        let person = try await counterSubject(id, visit)
        let (service, directorate) = try await useCases.catalogue.service(code: code.uppercased(), by: visit.user!)
        guard service.active else { throw TicketError.serviceNotFound(code) }
        return formPage(service, directorate, visit, values: ["channel": "counter"], problems: [], onBehalf: person)
    }

    /// Files at the counter or by phone for the colleague, then shows the receipt to print.
    func counterFile(_ request: Request, _ id: String, _ code: String, _ visit: Visit) async throws -> Response {
        let clerk = visit.user!
        let person = try await counterSubject(id, visit)
        let (service, directorate) = try await useCases.catalogue.service(code: code.uppercased(), by: clerk)
        let (form, passed) = try await checkedForm(request, visit)
        let values = form.values.compactMapValues(\.first)
        guard passed else {
            return formPage(service, directorate, visit, values: values, problems: [], formError: visit.text("err_form_expired"), status: .forbidden, onBehalf: person)
        }
        let channel = Channel(rawValue: values["channel"] ?? "") ?? .counter
        let filing = FileTicketRequest(
            serviceCode: service.code, subject: values["subject"] ?? "", description: values["description"] ?? "", answers: answers(values, service),
            channel: channel, requesterEmail: person.email, submissionKey: values["submission"])
        let ticket: Ticket
        do { ticket = try await useCases.tickets.file(filing, by: clerk) } catch TicketError.invalid(let problems) {
            return formPage(service, directorate, visit, values: values, problems: problems, status: .unprocessableContent, onBehalf: person)
        }
        // From the filing itself, a confidential request being not the clerk's to read again; a refresh
        // sends the form's submission key again and shows this same ticket, filing nothing more.
        let language = visit.language
        let pending = ticket.status == .awaitingApproval ? visit.text("due_after_approval") : "–"
        return render(
            "receipt", visit, title: "\(visit.text("receipt_title")) \(ticket.number.rawValue)", nav: "counter",
            [
                "number": ticket.number.rawValue, "requester": person.name, "subject": ticket.subject,
                "service": "\(service.name.text(in: language)) (\(service.code))", "filed": visit.formats.dateTime(ticket.createdAt) ?? "",
                "channel": visit.text("channel_" + ticket.channel.rawValue),
                "responseDue": visit.formats.dateTime(ticket.firstResponseDueAt) ?? pending,
                "resolutionDue": visit.formats.dateTime(ticket.resolutionDueAt) ?? pending,
            ])
    }

    /// The active colleague `id` names, for a clerk (or administrator) at the counter.
    private func counterSubject(_ id: String, _ visit: Visit) async throws -> User {
        try Access.require(.searchDirectory, visit.user!)
        guard let id = Int64(id).map(UserID.init(rawValue:)), let person = try await useCases.people.people([id], by: visit.user!)[id], person.active else {
            throw TicketError.userNotFound(id)
        }
        return person
    }

    // MARK: Satisfaction survey

    /// The survey of an invitation link: shown without sign-in, nothing recorded until it is sent.
    func surveyPage(
        _ token: String, _ visit: Visit, score: String? = nil, comment: String = "", problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let view: SurveyView
        do { view = try await useCases.surveys.survey(token: token, by: visit.user) } catch SurveyError.notTheRequester {
            throw AccessError.notPermitted(.answerSurvey)
        } catch SurveyError.notFound {
            throw TicketError.ticketNotFound(token)
        }
        if view.survey.answeredAt != nil { return message(visit, status: .ok, title: "survey_title", text: "survey_answered") }
        if useCases.tickets.clock.now() > view.survey.expiresAt {
            return message(visit, status: .ok, title: "survey_title", text: "survey_expired")
        }
        let scoreError = problems.first { $0.field == "score" }.map { _ in visit.text("err_score") }
        let commentError = problems.first { $0.field == "comment" }.map { describe($0, visit) }
        var errors: [[String: String]] = []
        if let scoreError { errors.append(["id": "score-1", "message": scoreError]) }
        if let commentError { errors.append(["id": "comment", "message": commentError]) }
        return render(
            "survey", visit, title: visit.text("survey_title"), status: status,
            [
                "token": token, "number": view.ticket.number.rawValue, "subject": view.ticket.subject, "comment": comment,
                "scores": (1...5).map { ["value": String($0), "label": visit.text("score_\($0)"), "checked": score == String($0)] },
                "scoreError": scoreError as Any, "commentError": commentError as Any, "errors": list(errors),
            ])
    }

    func answerSurvey(_ request: Request, _ token: String, _ visit: Visit) async throws -> Response {
        let form = try await FormBody.read(request)
        let comment = form["comment"] ?? ""
        // The token in the link is the credential; the origin check keeps other sites from posting it.
        guard WebSecurity.sameOrigin(request) else { return try await surveyPage(token, visit, score: form["score"], comment: comment, status: .forbidden) }
        guard let score = form["score"].flatMap(Int.init), (1...5).contains(score) else {
            return try await surveyPage(
                token, visit, score: form["score"], comment: comment, problems: [FieldProblem(field: "score", message: "required", code: .required)],
                status: .unprocessableContent)
        }
        do {
            _ = try await useCases.surveys.answer(token: token, score: score, comment: comment, by: visit.user)
        } catch SurveyError.invalid(let problems) {
            return try await surveyPage(token, visit, score: form["score"], comment: comment, problems: problems, status: .unprocessableContent)
        } catch SurveyError.alreadyAnswered {
            return message(visit, status: .ok, title: "survey_title", text: "survey_answered")
        } catch SurveyError.expired {
            return message(visit, status: .ok, title: "survey_title", text: "survey_expired")
        } catch SurveyError.notTheRequester {
            throw AccessError.notPermitted(.answerSurvey)
        } catch SurveyError.notFound {
            throw TicketError.ticketNotFound(token)
        }
        return message(visit, status: .ok, title: "survey_thanks_title", text: "survey_thanks")
    }

    // MARK: Approvals

    func approvals(_ visit: Visit) async throws -> Response {
        let user = visit.user!
        let tickets = try await useCases.tickets.awaitingApproval(by: user)
        let people = try await useCases.people.people(Set(tickets.map(\.requesterID)), by: user)
        let services = try await serviceNames(Set(tickets.map(\.serviceCode)), visit)
        return render(
            "approvals", visit, title: visit.text("approvals_title"), nav: "approvals",
            [
                "tickets": list(
                    tickets.map { ticket in
                        var row = ticketRow(ticket, visit, names: people)
                        row["service"] = services[ticket.serviceCode] ?? ticket.serviceCode
                        return row
                    })
            ])
    }

    /// A list for a template: `any` (false renders the empty branch; Mustache counts 0 as true) and `items`.
    func list(_ items: [[String: Any]]) -> [String: Any] {
        ["any": !items.isEmpty, "items": items]
    }
}
