import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The administration pages (issue 13): people and their roles, API tokens, the catalogue as
/// loaded with its calendars, and the building's booking settings.
extension Portal {
    // MARK: People

    /// `GET /admin/users?q=`: people found by name, e-mail or administration, or the first page by name.
    func adminUsers(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let query = FormBody.query(request)
        let q = (query["q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let offset = max(0, query["offset"].flatMap(Int.init) ?? 0)
        let people =
            q.isEmpty ? try await useCases.people.list(limit: 51, offset: offset, by: user) : try await useCases.people.search(String(q.prefix(200)), limit: 50, includingLeavers: true, by: user)
        let rows = people.prefix(50).map { person -> [String: Any] in
            [
                "id": person.id.description, "name": person.name, "email": person.email, "administration": person.administration ?? person.organisation,
                "roles": roleSummary(person, visit), "active": person.active,
            ]
        }
        return render(
            "admin-users", visit, title: visit.text("admin_users_title"), nav: "admin",
            [
                "q": q, "people": list(Array(rows)),
                "more": (q.isEmpty && people.count > 50 ? "/admin/users?offset=\(offset + 50)" : nil) as Any,
            ])
    }

    /// "agent IT, HR · team lead IT · counter clerk": a person's roles in words.
    func roleSummary(_ person: User, _ visit: Visit) -> String {
        var parts: [String] = []
        if person.roles.contains(.agent), !person.directorates.isEmpty { parts.append(visit.text("role_agent") + " " + person.directorates.sorted().joined(separator: ", ")) }
        if person.roles.contains(.teamLead), !person.leads.isEmpty { parts.append(visit.text("role_team_lead") + " " + person.leads.sorted().joined(separator: ", ")) }
        for role in [Role.counterClerk, .qualityOfficer, .facilities, .admin] where person.roles.contains(role) { parts.append(visit.text("role_" + role.rawValue)) }
        return parts.isEmpty ? visit.text("role_staff") : parts.joined(separator: " · ")
    }

    /// `GET /admin/users/new` and `GET /admin/users/:id`: a person's form, their tokens, and the leaver button.
    func adminUser(
        _ id: String?, _ visit: Visit, draft: NewUser? = nil, problems: [FieldProblem] = [], secret: String? = nil, notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = visit.user!
        let person = try await id.flatMap(Int64.init).asyncMap { try await useCases.people.person(id: UserID(rawValue: $0), by: user) }
        if id != nil, person == nil { throw TicketError.userNotFound(id ?? "") }
        let manager = try await person?.managerID.asyncMap { try await useCases.people.person(id: $0, by: user) }
        let shown =
            draft
            ?? person.map {
                NewUser(
                    name: $0.name, email: $0.email, organisation: $0.organisation, administration: $0.administration, language: $0.language, roles: $0.roles,
                    directorates: $0.directorates, leads: $0.leads, managerEmail: manager?.email)
            }
            ?? NewUser(name: "", email: "", organisation: "GOB", administration: nil, language: .nl, roles: [], directorates: [], managerEmail: nil)
        let directorates = try await useCases.catalogue.directorates(by: user).map(\.code)
        let tokens = try await person.asyncMap { try await useCases.people.tokens(of: $0.email, by: user).tokens } ?? []
        // The directory's own problems are English: the fields this form has get their sentence.
        let sentence = { (problem: FieldProblem) -> String in
            switch problem.field {
            case "manager": visit.text("admin_manager_invalid")
            case "directorates": visit.text("admin_directorate_unknown")
            default: self.describe(problem, visit)
            }
        }
        let message = { (field: String) -> String? in problems.first { $0.field == field }.map(sentence) }
        return render(
            "admin-user", visit, title: person?.name ?? visit.text("admin_user_new"), status: status, nav: "admin",
            [
                "id": id ?? "", "userID": id ?? "", "isNew": person == nil, "active": person?.active ?? true, "name": shown.name, "email": shown.email,
                "organisation": shown.organisation, "administration": shown.administration ?? "", "manager": shown.managerEmail ?? "",
                "languageOptions": Language.allCases.map { ["code": $0.rawValue, "label": visit.text("language_" + $0.rawValue), "selected": $0 == shown.language] },
                "roles": [Role.counterClerk, .qualityOfficer, .facilities, .admin].map {
                    ["code": $0.rawValue, "label": visit.text("role_" + $0.rawValue), "checked": shown.roles.contains($0)]
                },
                "agentOf": directorates.map { ["code": $0, "checked": shown.roles.contains(.agent) && shown.directorates.contains($0)] },
                "leadOf": directorates.map { ["code": $0, "checked": shown.roles.contains(.teamLead) && shown.leads.contains($0)] },
                "nameError": message("name") as Any, "emailError": message("email") as Any, "managerError": message("manager") as Any,
                "errors": list(problems.map { ["message": sentence($0)] }),
                "tokens": list(
                    tokens.map { token in
                        [
                            "id": String(token.id), "name": token.name, "created": visit.formats.dateTime(token.createdAt) ?? "",
                            "revoked": visit.formats.dateTime(token.revokedAt) as Any, "active": token.revokedAt == nil,
                        ]
                    }),
                "secret": secret as Any, "notice": notice as Any,
            ])
    }

    /// `POST /admin/users`: adds or updates one person by e-mail (the directory import's rules).
    func saveAdminUser(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let (form, passed) = try await checkedForm(request, visit)
        let agentOf = Set(form.values["agent"] ?? []), leadOf = Set(form.values["lead"] ?? [])
        var roles = Set((form.values["role"] ?? []).compactMap(Role.init(rawValue:)).filter { $0 != .agent && $0 != .teamLead })
        if !agentOf.isEmpty { roles.insert(.agent) }
        if !leadOf.isEmpty { roles.insert(.teamLead) }
        func text(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let draft = NewUser(
            name: text("name"), email: text("email").lowercased(), organisation: text("organisation").isEmpty ? "GOB" : text("organisation"),
            administration: text("administration").isEmpty ? nil : text("administration"), language: Language(rawValue: form["language"] ?? "") ?? .nl,
            roles: roles, directorates: agentOf, leads: leadOf, managerEmail: text("manager").isEmpty ? nil : text("manager").lowercased())
        let id = form["id"].flatMap { $0.isEmpty ? nil : $0 }
        guard passed else { return try await adminUser(id, visit, draft: draft, notice: visit.text("err_form_expired"), status: .forbidden) }
        var problems: [FieldProblem] = []
        if draft.name.isEmpty { problems.append(FieldProblem(field: "name", message: "required", code: .required)) }
        if !draft.email.contains("@") || draft.email.contains(where: \.isWhitespace) {
            problems.append(FieldProblem(field: "email", message: visit.text("admin_email_invalid")))
        }
        guard problems.isEmpty else { return try await adminUser(id, visit, draft: draft, problems: problems, status: .unprocessableContent) }
        do {
            _ = try await useCases.people.upsert([draft], by: user)
        } catch TicketError.invalid(let problems) {
            // The directory import names rows ("row 1: manager"): here there is one row.
            let named = problems.map { FieldProblem(field: $0.field.replacingOccurrences(of: "row 1: ", with: ""), message: $0.message, code: $0.code) }
            return try await adminUser(id, visit, draft: draft, problems: named, status: .unprocessableContent)
        }
        guard let saved = try await useCases.people.person(email: draft.email, by: user) else { throw TicketError.userNotFound(draft.email) }
        return redirect("/admin/users/\(saved.id)?done=saved")
    }

    /// `POST /admin/users/:id/deactivate`: a leaver; their pending approvals move on.
    func deactivateAdminUser(_ request: Request, _ id: String, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let (form, passed) = try await checkedForm(request, visit)
        let person = try await useCases.people.person(id: UserID(rawValue: Int64(id) ?? 0), by: user)
        guard passed, form["confirm"] == "yes" else {
            return try await adminUser(id, visit, notice: visit.text("admin_deactivate_confirm_missing"), status: .unprocessableContent)
        }
        _ = try await useCases.approvals.deactivate(person.email, by: user)
        return redirect("/admin/users/\(id)?done=deactivated")
    }

    /// `POST /admin/users/:id/tokens`: a new API token, its secret shown on this answer only.
    func createAdminToken(_ request: Request, _ id: String, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let (form, passed) = try await checkedForm(request, visit)
        let person = try await useCases.people.person(id: UserID(rawValue: Int64(id) ?? 0), by: user)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard passed else { return try await adminUser(id, visit, notice: visit.text("err_form_expired"), status: .forbidden) }
        guard !name.isEmpty else { return try await adminUser(id, visit, notice: visit.text("admin_token_name_required"), status: .unprocessableContent) }
        let (_, _, secret) = try await useCases.people.createToken(for: person.email, name: String(name.prefix(100)), at: useCases.tickets.clock.now(), by: user)
        return try await adminUser(id, visit, secret: secret)
    }

    /// `POST /admin/tokens/:id/revoke`: the token stops authenticating at once.
    func revokeAdminToken(_ request: Request, _ tokenID: String, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        let owner = form["user"] ?? ""
        guard passed else { return try await adminUser(owner, visit, notice: visit.text("err_form_expired"), status: .forbidden) }
        _ = try await useCases.people.revokeToken(Int64(tokenID) ?? 0, at: useCases.tickets.clock.now(), by: visit.user!)
        return redirect("/admin/users/\(owner)?done=revoked")
    }

    // MARK: Catalogue and calendars

    /// `GET /admin/catalogue`: every directorate with its SLA per priority and its services.
    func adminCatalogue(_ visit: Visit) async throws -> Response {
        let snapshot = try await useCases.catalogue.loaded(by: visit.user!)
        let language = visit.language
        let directorates = snapshot.directorates.map { directorate -> [String: Any] in
            [
                "code": directorate.code, "name": directorate.name.text(in: language), "calendar": directorate.calendarID,
                "sla": Priority.allCases.compactMap { priority in
                    directorate.sla.targets[priority].map {
                        [
                            "priority": priority.rawValue, "response": Self.businessTime($0.firstResponseMinutes, visit),
                            "resolution": Self.businessTime($0.resolutionMinutes, visit),
                        ]
                    }
                },
                "services": snapshot.services.filter { $0.directorateCode == directorate.code }.map { service in
                    [
                        "code": service.code, "name": service.name.text(in: language), "active": service.active,
                        "approval": visit.text("approval_" + service.approval.rawValue), "confidential": service.confidential,
                        "fields": service.form.count, "ownSLA": service.sla != nil,
                    ] as [String: Any]
                },
            ]
        }
        return render(
            "admin-catalogue", visit, title: visit.text("admin_catalogue_title"), nav: "admin",
            ["revision": String(snapshot.revision), "directorates": directorates, "count": snapshot.services.count])
    }

    /// `GET /admin/catalogue/:code`: one service as loaded: its form and its SLA per priority.
    func adminService(_ code: String, _ visit: Visit) async throws -> Response {
        let snapshot = try await useCases.catalogue.loaded(by: visit.user!)
        guard let service = snapshot.services.first(where: { $0.code == code.uppercased() }),
            let directorate = snapshot.directorates.first(where: { $0.code == service.directorateCode })
        else { throw TicketError.serviceNotFound(code) }
        let language = visit.language
        return render(
            "admin-service", visit, title: "\(service.code) \(service.name.text(in: language))", nav: "admin",
            [
                "code": service.code, "name": service.name.text(in: language), "description": service.description.text(in: language),
                "directorate": directorate.name.text(in: language), "active": service.active, "confidential": service.confidential,
                "approval": visit.text("approval_" + service.approval.rawValue), "impact": visit.text("impact_" + service.defaultImpact.rawValue),
                "urgency": visit.text("urgency_" + service.defaultUrgency.rawValue),
                "priority": Priority.matrix(impact: service.defaultImpact, urgency: service.defaultUrgency).rawValue,
                "sla": Priority.allCases.compactMap { priority in
                    service.slaTargets(priority: priority, directorate: directorate).map {
                        [
                            "priority": priority.rawValue, "response": Self.businessTime($0.firstResponseMinutes, visit),
                            "resolution": Self.businessTime($0.resolutionMinutes, visit),
                        ]
                    }
                },
                "fields": service.form.map { field in
                    [
                        "key": field.key, "label": field.label.text(in: language), "type": field.type.rawValue, "required": field.required,
                        "options": field.options.map { $0.label.text(in: language) }.joined(separator: ", "),
                    ] as [String: Any]
                },
            ])
    }

    /// `GET /admin/calendars?year=`: each calendar's opening hours and its holidays of the year.
    func adminCalendars(_ request: Request, _ visit: Visit) async throws -> Response {
        let snapshot = try await useCases.catalogue.loaded(by: visit.user!)
        let today = LocalDate(useCases.tickets.clock.now(), in: Brussels.calendar)
        let year = FormBody.query(request)["year"].flatMap(Int.init).flatMap { (1900...2200).contains($0) ? $0 : nil } ?? today.year
        let language = visit.language
        let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        let calendars = snapshot.calendars.values.sorted { $0.id < $1.id }.map { calendar -> [String: Any] in
            [
                "id": calendar.id, "name": calendar.name.text(in: language),
                "week": weekdays.map { day in
                    [
                        "day": visit.text("weekday_" + day.rawValue),
                        "hours": (calendar.week[day] ?? []).map { "\(Self.clock($0.fromMinute))–\(Self.clock($0.toMinute))" }.joined(separator: ", "),
                    ]
                },
                "holidays": calendar.holidays(in: year).map { ["date": visit.formats.date($0.date), "name": $0.name.text(in: language)] },
            ]
        }
        return render(
            "admin-calendars", visit, title: visit.text("admin_calendars_title"), nav: "admin",
            ["year": year, "previous": year - 1, "next": year + 1, "calendars": calendars])
    }

    /// `08:30` for 510 minutes after midnight.
    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    // MARK: Building settings

    /// `GET /admin/building`: the booking settings of the building (facilities and administrators).
    func adminBuilding(
        _ request: Request, _ visit: Visit, draft: Building? = nil, problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let user = visit.user!
        let code = FormBody.query(request)["building"]
        let building: Building
        if let draft { building = draft } else { building = try await useCases.desks.building(code) }
        _ = try await useCases.desks.storedBuilding(building.code, by: user)
        let calendars = try await useCases.catalogue.loaded(by: user).calendars.keys.sorted()
        let fields: [(String, String, String)] = [
            ("day_start", "building_day_start", Self.clock(building.dayStartMinute)), ("midday", "building_midday", Self.clock(building.middayMinute)),
            ("day_end", "building_day_end", Self.clock(building.dayEndMinute)),
        ]
        return render(
            "admin-building", visit, title: visit.text("admin_building_title"), status: status, nav: "admin",
            [
                "code": building.code, "name": building.name, "timeZone": building.timeZoneID,
                "calendars": calendars.map { ["id": $0, "selected": $0 == building.calendarID] },
                "times": fields.map { ["name": $0.0, "label": visit.text($0.1), "value": $0.2] },
                "opens": building.checkInOpensMinutes, "deadline": building.checkInDeadlineMinutes, "horizon": building.bookingHorizonDays,
                // Building.problems name their field; each has its sentence in the person's language.
                "errors": list(problems.map { ["message": Strings.table["building_err_" + $0.field] != nil ? visit.text("building_err_" + $0.field) : $0.message] }),
                "notice": (FormBody.query(request)["done"] != nil ? visit.text("admin_building_saved") : nil) as Any,
            ])
    }

    /// `POST /admin/building`: saves the settings (`Building.problems` say what is wrong).
    func saveAdminBuilding(_ request: Request, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        var building = try await useCases.desks.building(form["code"])
        func minutes(_ name: String) -> Int? {
            let parts = (form[name] ?? "").split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours), (0...59).contains(minutes) else { return nil }
            return hours * 60 + minutes
        }
        building.name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        building.calendarID = form["calendar"] ?? building.calendarID
        building.dayStartMinute = minutes("day_start") ?? -1
        building.middayMinute = minutes("midday") ?? -1
        building.dayEndMinute = minutes("day_end") ?? -1
        building.checkInOpensMinutes = form["opens"].flatMap(Int.init) ?? -1
        building.checkInDeadlineMinutes = form["deadline"].flatMap(Int.init) ?? -1
        building.bookingHorizonDays = form["horizon"].flatMap(Int.init) ?? 0
        guard passed else {
            return try await adminBuilding(request, visit, draft: building, problems: [FieldProblem(field: "expired", message: "")], status: .forbidden)
        }
        do {
            try await useCases.desks.saveBuilding(building, by: visit.user!)
        } catch DeskError.invalid(let problems) {
            return try await adminBuilding(request, visit, draft: building, problems: problems, status: .unprocessableContent)
        }
        return redirect("/admin/building?done=saved")
    }

    // MARK: The index

    /// `GET /admin`: what an administrator (or facilities) can open here.
    func adminIndex(_ visit: Visit) -> Response {
        let relations = Access.roleRelations(of: visit.user!)
        return render(
            "admin", visit, title: visit.text("admin_title"), nav: "admin",
            [
                "users": Access.allows(.manageUsers, relations), "catalogue": Access.allows(.manageCatalogue, relations),
                "building": Access.allows(.manageDesks, relations),
            ])
    }
}

extension Optional {
    /// `map` with an asynchronous, throwing transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
