import Foundation
import SSPCore
import Yams

/// A problem found in a catalogue file: where it is and what is wrong.
public struct CatalogueProblem: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// File name relative to the catalogue directory, e.g. `it.yaml`.
    public var file: String
    /// 1-based line of the offending node (or of its parent when the field is missing).
    public var line: Int
    /// Path of the field, e.g. `services[3].form[0].type`.
    public var field: String
    public var message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`, the shape compilers use so editors can jump to it.
    public var description: String { "\(file):\(line): \(field): \(message)" }
}

/// The outcome of loading a catalogue directory: what could be read, and every problem.
public struct CatalogueLoadResult: Sendable {
    public var catalogue: Catalogue
    public var problems: [CatalogueProblem]
    public var isValid: Bool { problems.isEmpty }
}

/// Reads and validates `Catalog/`: `calendars.yaml` and one YAML file per directorate
/// (schema in `Catalog/README.md`). Reports every problem at once rather than
/// stopping at the first.
public enum CatalogueLoader {
    /// The file holding the calendars; every other `*.yaml` file is a directorate.
    public static let calendarsFile = "calendars.yaml"
    /// The file describing the SSP counter (optional); not a directorate either.
    public static let counterFile = "counter.yaml"

    /// Loads and validates every file of `directory`.
    /// - Returns: the catalogue (possibly partial) and all problems, sorted by file and line.
    ///   A missing directory or calendars file is itself a problem.
    public static func load(directory: URL) -> CatalogueLoadResult {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            return CatalogueLoadResult(
                catalogue: Catalogue(directorates: [], services: [], calendars: []),
                problems: [CatalogueProblem(file: directory.path, line: 0, field: "", message: "not a readable directory")])
        }
        var sources: [(name: String, text: String)] = []
        var problems: [CatalogueProblem] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            if let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) {
                sources.append((name, text))
            } else {
                problems.append(CatalogueProblem(file: name, line: 0, field: "", message: "not readable as UTF-8 text"))
            }
        }
        var result = load(sources: sources)
        result.problems = (problems + result.problems).sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        return result
    }

    /// Loads and validates catalogue files given as (file name, YAML text) pairs.
    public static func load(sources: [(name: String, text: String)]) -> CatalogueLoadResult {
        var problems: [CatalogueProblem] = []
        var calendars: [BusinessCalendar] = []
        var directorates: [(Directorate, file: String, line: Int)] = []
        var services: [(Service, file: String, line: Int)] = []

        if let calendarSource = sources.first(where: { $0.name == calendarsFile }) {
            let reader = NodeReader(file: calendarSource.name)
            calendars = reader.calendars(yaml: calendarSource.text)
            problems += reader.problems
        } else {
            problems.append(CatalogueProblem(file: calendarsFile, line: 0, field: "", message: "missing: the calendars the directorates refer to"))
        }
        var counter: ServiceCounter?
        if let counterSource = sources.first(where: { $0.name == counterFile }) {
            let reader = NodeReader(file: counterSource.name)
            counter = reader.counter(yaml: counterSource.text)
            problems += reader.problems
        }
        for source in sources where source.name != calendarsFile && source.name != counterFile {
            let reader = NodeReader(file: source.name)
            let (directorate, fileServices) = reader.directorateFile(yaml: source.text)
            problems += reader.problems
            if let directorate { directorates.append((directorate.0, source.name, directorate.calendarLine)) }
            services += fileServices.map { ($0.0, source.name, $0.line) }
        }

        // Rules across files.
        let calendarIDs = Set(calendars.map(\.id))
        var seenDirectorates: [String: String] = [:]
        for (directorate, file, line) in directorates {
            if let first = seenDirectorates[directorate.code] {
                problems.append(CatalogueProblem(file: file, line: line, field: "directorate.code", message: "duplicate code \(directorate.code) (also in \(first))"))
            }
            seenDirectorates[directorate.code] = seenDirectorates[directorate.code] ?? "\(file):\(line)"
            if !calendars.isEmpty, !calendarIDs.contains(directorate.calendarID) {
                problems.append(
                    CatalogueProblem(
                        file: file, line: line, field: "directorate.calendar", message: "unknown calendar '\(directorate.calendarID)' (known: \(calendarIDs.sorted().joined(separator: ", ")))"))
            }
        }
        var seenServices: [String: String] = [:]
        var generalServices: [String: String] = [:]
        for (service, file, line) in services {
            if service.general, service.active {
                if let first = generalServices[service.directorateCode] {
                    problems.append(
                        CatalogueProblem(
                            file: file, line: line, field: "\(service.code).general",
                            message: "\(service.directorateCode) already has a general service, \(first); a directorate has at most one"))
                } else {
                    generalServices[service.directorateCode] = service.code
                }
            }
            if let p1 = service.p1CalendarID, !calendars.isEmpty, !calendarIDs.contains(p1) {
                problems.append(
                    CatalogueProblem(file: file, line: line, field: "\(service.code).p1_calendar", message: "unknown calendar '\(p1)' (known: \(calendarIDs.sorted().joined(separator: ", ")))"))
            }
            if let first = seenServices[service.code] {
                problems.append(CatalogueProblem(file: file, line: line, field: "code", message: "duplicate code \(service.code) (first at \(first))"))
            } else {
                seenServices[service.code] = "\(file):\(line)"
            }
        }
        let catalogue = Catalogue(
            directorates: directorates.map(\.0),
            services: services.map(\.0).sorted { $0.code < $1.code },
            calendars: calendars, counter: counter)
        return CatalogueLoadResult(catalogue: catalogue, problems: problems.sorted { ($0.file, $0.line) < ($1.file, $1.line) })
    }
}

/// Walks one YAML file's node tree, collecting typed values and problems with line numbers.
final class NodeReader {
    let file: String
    private(set) var problems: [CatalogueProblem] = []

    init(file: String) { self.file = file }

    // MARK: Files

    func calendars(yaml: String) -> [BusinessCalendar] {
        guard let root = compose(yaml), let list = sequence(root["calendars"], in: root, field: "calendars") else { return [] }
        var seen = Set<String>()
        return list.enumerated().compactMap { index, node in
            let field = "calendars[\(index)]"
            guard let id = string(node, "id", field) else { return nil }
            if !seen.insert(id).inserted { problem(node, "\(field).id", "duplicate calendar id \(id)") }
            let name = text(node, "name", field)
            let zone = string(node, "time_zone", field)
            if let zone, TimeZone(identifier: zone) == nil { problem(node["time_zone"] ?? node, "\(field).time_zone", "unknown time zone '\(zone)'") }
            var week: [Weekday: [OpeningWindow]] = [:]
            if let weekNode = mapping(node["week"], in: node, field: "\(field).week") {
                for (keyNode, value) in weekNode {
                    let key = keyNode.string ?? ""
                    guard let day = Weekday(rawValue: key) else {
                        problem(keyNode, "\(field).week.\(key)", "unknown weekday (monday … sunday)")
                        continue
                    }
                    week[day] = (value.sequence ?? []).enumerated().compactMap { i, window in
                        self.window(window, field: "\(field).week.\(key)[\(i)]")
                    }
                }
                if week.values.allSatisfy(\.isEmpty) { problem(weekNode["monday"] ?? node, "\(field).week", "no opening hours on any day") }
            }
            let holidays = (sequence(node["holidays"], in: node, field: "\(field).holidays") ?? []).enumerated().compactMap { i, h in
                holiday(h, field: "\(field).holidays[\(i)]")
            }
            guard let name, let zone else { return nil }
            return BusinessCalendar(id: id, name: name, timeZoneID: zone, week: week, holidays: holidays)
        }
    }

    /// `counter: {name, location, hours, email, phone}`: texts in nl and fr, an e-mail address, a phone optional.
    func counter(yaml: String) -> ServiceCounter? {
        guard let root = compose(yaml) else { return nil }
        allowKeys(root, ["counter"], "")
        guard mapping(root["counter"], in: root, field: "counter") != nil, let node = root["counter"] else { return nil }
        allowKeys(node, ["name", "location", "hours", "email", "phone"], "counter")
        let name = text(node, "name", "counter")
        let location = text(node, "location", "counter")
        let hours = text(node, "hours", "counter")
        let email = string(node, "email", "counter")
        if let email, !email.contains("@") { problem(node["email"]!, "counter.email", "not an e-mail address") }
        let phone = string(node, "phone", "counter", required: false)
        guard let name, let location, let hours, let email, email.contains("@") else { return nil }
        return ServiceCounter(name: name, location: location, hours: hours, email: email, phone: phone)
    }

    /// The directorate (with the line of its `calendar`, checked across files) and its services with their lines.
    func directorateFile(yaml: String) -> (directorate: (Directorate, calendarLine: Int)?, services: [(Service, line: Int)]) {
        guard let root = compose(yaml) else { return (nil, []) }
        allowKeys(root, ["directorate", "services"], "")
        guard let node = mapping(root["directorate"], in: root, field: "directorate").map({ _ in root["directorate"]! }) else { return (nil, []) }
        allowKeys(node, ["code", "name", "contact", "calendar", "sla", "escalation", "survey"], "directorate")
        let code = string(node, "code", "directorate")
        if let code, code.range(of: "^[A-Z]{2,5}$", options: .regularExpression) == nil {
            problem(node["code"]!, "directorate.code", "must be 2 to 5 capital letters")
        }
        let name = text(node, "name", "directorate")
        var contact: DirectorateContact?
        if let contactNode = node["contact"], mapping(contactNode, in: node, field: "directorate.contact") != nil {
            if let email = string(contactNode, "email", "directorate.contact") {
                if !email.contains("@") { problem(contactNode["email"]!, "directorate.contact.email", "not an e-mail address") }
                contact = DirectorateContact(
                    email: email, phone: string(contactNode, "phone", "directorate.contact", required: false),
                    location: text(contactNode, "location", "directorate.contact", required: false))
            }
        } else {
            problem(node, "directorate.contact", "required")
        }
        let calendar = string(node, "calendar", "directorate")
        let sla = slaPolicy(node["sla"], parent: node, field: "directorate.sla", perPriorityOnly: true)
        var escalation: [EscalationRule] = []
        if let rules = node["escalation"] {
            escalation = (sequence(rules, in: node, field: "directorate.escalation") ?? []).enumerated().compactMap { index, rule in
                escalationRule(rule, field: "directorate.escalation[\(index)]")
            }
        }
        let survey = node["survey"].map { surveySettings($0, parent: node) } ?? .standard
        var directorate: (Directorate, calendarLine: Int)?
        if let code, let name, let contact, let calendar, let sla {
            directorate = (
                Directorate(
                    code: code, name: name, contact: contact, calendarID: calendar, sla: sla,
                    escalation: escalation, survey: survey), line(node["calendar"]!)
            )
        }
        let list = sequence(root["services"], in: root, field: "services") ?? []
        let services = list.enumerated().compactMap { index, serviceNode in
            service(serviceNode, field: "services[\(index)]", directorateCode: code).map { ($0, line(serviceNode)) }
        }
        return (directorate, services)
    }

    // MARK: Parts

    private func service(_ node: Node, field: String, directorateCode: String?) -> Service? {
        guard mapping(node, in: node, field: field) != nil else { return nil }
        let code = string(node, "code", field)
        if let code, let directorateCode, code.range(of: "^\(directorateCode)-[0-9]{3}$", options: .regularExpression) == nil {
            problem(node["code"]!, "\(field).code", "must be \(directorateCode)-NNN (the directorate code and three digits)")
        }
        let label = code.map { "\(field)(\($0))" } ?? field
        allowKeys(
            node,
            [
                "code", "name", "description", "category", "keywords", "kind", "impact", "urgency", "sla", "p1_calendar", "approval", "audience",
                "active", "confidential", "general", "form",
            ], label)
        let name = text(node, "name", label)
        let description = text(node, "description", label)
        let category = text(node, "category", label)
        let kind: ServiceKind? = enumeration(node, "kind", label)
        let impact: Impact? = enumeration(node, "impact", label)
        let urgency: Urgency? = enumeration(node, "urgency", label)
        let approval: Approval? = enumeration(node, "approval", label)
        let audience: Audience? = enumeration(node, "audience", label)
        let active = bool(node, "active", label)
        let confidential = node["confidential"] == nil ? false : bool(node, "confidential", label)
        let general = node["general"] == nil ? false : bool(node, "general", label)
        let keywords = node["keywords"].map { keywordLists($0, field: "\(label).keywords") } ?? ServiceKeywords()
        let sla = node["sla"].flatMap { slaPolicy($0, parent: node, field: "\(label).sla", perPriorityOnly: false) }
        let p1Calendar = string(node, "p1_calendar", label, required: false)
        var keys = Set<String>()
        let form = (sequence(node["form"], in: node, field: "\(label).form") ?? []).enumerated().compactMap { i, fieldNode in
            formField(fieldNode, field: "\(label).form[\(i)]", keys: &keys)
        }
        guard let code, let name, let description, let category, let kind, let impact, let urgency,
            let approval, let audience, let active, let confidential, let general, let keywords, let directorateCode
        else { return nil }
        return Service(
            code: code, directorateCode: directorateCode, name: name, description: description, category: category,
            kind: kind, defaultImpact: impact, defaultUrgency: urgency, sla: sla, approval: approval,
            audience: audience, active: active, form: form, p1CalendarID: p1Calendar, confidential: confidential,
            keywords: keywords, general: general)
    }

    /// `{nl: [...], fr: [...], en: [...]}`: nl and fr required, en optional; each a list of 1 to 30
    /// terms of 2 to 60 characters, none twice in a language (accents and case ignored).
    /// - Returns: `nil` (with problems) when any list breaks a rule.
    private func keywordLists(_ node: Node, field: String) -> ServiceKeywords? {
        guard node.mapping != nil else {
            problem(node, field, "must be a mapping with nl, fr and en lists")
            return nil
        }
        allowKeys(node, Language.allCases.map(\.rawValue), field)
        var lists: [Language: [String]] = [:]
        var valid = true
        for language in Language.allCases {
            let listField = "\(field).\(language.rawValue)"
            guard let listNode = node[language.rawValue] else {
                if language != .en {
                    problem(node, listField, "required (search terms in \(language == .nl ? "Dutch" : "French"))")
                    valid = false
                }
                continue
            }
            guard let items = sequence(listNode, in: node, field: listField) else {
                valid = false
                continue
            }
            if items.isEmpty || items.count > 30 {
                problem(listNode, listField, "must list 1 to 30 terms (has \(items.count))")
                valid = false
            }
            var seen: [String: Int] = [:]
            var terms: [String] = []
            for (index, item) in items.enumerated() {
                guard let term = item.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines), (2...60).contains(term.count) else {
                    problem(item, "\(listField)[\(index)]", "must be a term of 2 to 60 characters")
                    valid = false
                    continue
                }
                let folded = term.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                if let first = seen[folded] {
                    problem(item, "\(listField)[\(index)]", "'\(term)' is already term \(first) of this list")
                    valid = false
                }
                seen[folded] = seen[folded] ?? index
                terms.append(term)
            }
            lists[language] = terms
        }
        guard valid else { return nil }
        return ServiceKeywords(nl: lists[.nl] ?? [], fr: lists[.fr] ?? [], en: lists[.en] ?? [])
    }

    /// `{delay_minutes, sampling_percent, answer_days, max_per_requester_per_30_days}`, each optional.
    private func surveySettings(_ node: Node, parent: Node) -> SurveySettings {
        let field = "directorate.survey"
        guard mapping(node, in: parent, field: field) != nil else { return .standard }
        allowKeys(node, ["delay_minutes", "sampling_percent", "answer_days", "max_per_requester_per_30_days"], field)
        var settings = SurveySettings.standard
        func number(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = node[key] else { return nil }
            guard let number = value.int, range.contains(number) else {
                problem(value, "\(field).\(key)", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return number
        }
        settings.delayMinutes = number("delay_minutes", 0...43_200) ?? settings.delayMinutes
        settings.samplingPercent = number("sampling_percent", 0...100) ?? settings.samplingPercent
        settings.answerDays = number("answer_days", 1...365) ?? settings.answerDays
        settings.maxPerRequesterPer30Days = number("max_per_requester_per_30_days", 0...100) ?? settings.maxPerRequesterPer30Days
        return settings
    }

    /// `{when: at_risk|breach, action: notify|raise, to: e-mail}`.
    private func escalationRule(_ node: Node, field: String) -> EscalationRule? {
        guard mapping(node, in: node, field: field) != nil else { return nil }
        allowKeys(node, ["when", "action", "to"], field)
        let trigger: EscalationRule.Trigger? = enumeration(node, "when", field, what: "trigger")
        let action: EscalationRule.Action? = enumeration(node, "action", field)
        let to = string(node, "to", field)
        if let to, !to.contains("@") { problem(node["to"]!, "\(field).to", "not an e-mail address") }
        guard let trigger, let action, let to, to.contains("@") else { return nil }
        return EscalationRule(trigger: trigger, action: action, to: to)
    }

    private func formField(_ node: Node, field: String, keys: inout Set<String>) -> FormField? {
        guard mapping(node, in: node, field: field) != nil else { return nil }
        allowKeys(node, ["key", "type", "required", "label", "options"], field)
        let key = string(node, "key", field)
        if let key {
            if key.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) == nil {
                problem(node["key"]!, "\(field).key", "must be lower snake case")
            }
            if !keys.insert(key).inserted { problem(node["key"]!, "\(field).key", "duplicate key '\(key)' in this form") }
        }
        let type: FieldType? = enumeration(node, "type", field, what: "field type")
        let required = bool(node, "required", field)
        let label = text(node, "label", field)
        var options: [FieldOption] = []
        if type == .choice {
            let list = sequence(node["options"], in: node, field: "\(field).options") ?? []
            if let optionsNode = node["options"], optionsNode.sequence?.isEmpty == true {
                problem(optionsNode, "\(field).options", "a choice needs at least one option")
            }
            var values = Set<String>()
            options = list.enumerated().compactMap { i, optionNode in
                let optionField = "\(field).options[\(i)]"
                guard let value = string(optionNode, "value", optionField), let label = text(optionNode, "label", optionField) else { return nil }
                if !values.insert(value).inserted { problem(optionNode, "\(optionField).value", "duplicate option '\(value)'") }
                return FieldOption(value: value, label: label)
            }
        } else if node["options"] != nil, let type {
            problem(node["options"]!, "\(field).options", "only a choice field has options (this one is \(type.rawValue))")
        }
        guard let key, let type, let required, let label else { return nil }
        return FormField(key: key, type: type, required: required, label: label, options: options)
    }

    /// `{first_response, resolution}` for every priority, or `{P1: {...}, …, P5: {...}}`.
    private func slaPolicy(_ node: Node?, parent: Node, field: String, perPriorityOnly: Bool) -> SLAPolicy? {
        guard let node, let map = mapping(node, in: parent, field: field) else { return nil }
        let keys = Set(map.keys.compactMap(\.string))
        if !perPriorityOnly, keys.contains("first_response") || keys.contains("resolution") {
            allowKeys(node, ["first_response", "resolution"], field)
            return slaTargets(node, field: field).map(SLAPolicy.uniform)
        }
        allowKeys(node, Priority.allCases.map(\.rawValue), field)
        var targets: [Priority: SLATargets] = [:]
        for priority in Priority.allCases {
            guard let targetNode = node[priority.rawValue] else {
                problem(node, "\(field).\(priority.rawValue)", "required (targets for all five priorities)")
                continue
            }
            targets[priority] = slaTargets(targetNode, field: "\(field).\(priority.rawValue)")
        }
        return targets.count == Priority.allCases.count ? SLAPolicy(targets: targets) : nil
    }

    private func slaTargets(_ node: Node, field: String) -> SLATargets? {
        guard mapping(node, in: node, field: field) != nil else { return nil }
        allowKeys(node, ["first_response", "resolution"], field)
        let first = positiveMinutes(node, "first_response", field)
        let resolution = positiveMinutes(node, "resolution", field)
        guard let first, let resolution else { return nil }
        return SLATargets(firstResponseMinutes: first, resolutionMinutes: resolution)
    }

    private func positiveMinutes(_ node: Node, _ key: String, _ field: String) -> Int? {
        guard let value = node[key] else {
            problem(node, "\(field).\(key)", "required")
            return nil
        }
        guard let minutes = value.int, minutes > 0 else {
            problem(value, "\(field).\(key)", "must be a positive whole number of business minutes (got '\(value.string ?? "?")')")
            return nil
        }
        return minutes
    }

    private func window(_ node: Node, field: String) -> OpeningWindow? {
        let from = string(node, "from", field).flatMap { clock($0, node["from"]!, "\(field).from") }
        let to = string(node, "to", field).flatMap { clock($0, node["to"]!, "\(field).to") }
        guard let from, let to else { return nil }
        guard from < to else {
            problem(node, field, "a window must end after it starts on the same day (windows crossing midnight are not supported: split them)")
            return nil
        }
        return OpeningWindow(fromMinute: from, toMinute: to)
    }

    private func clock(_ text: String, _ node: Node, _ field: String) -> Int? {
        guard let minutes = ClockTime.minutes(text) else {
            problem(node, field, "must be a time HH:MM between 00:00 and 24:00")
            return nil
        }
        return minutes
    }

    private func holiday(_ node: Node, field: String) -> Holiday? {
        guard let ruleName = string(node, "rule", field), let name = text(node, "name", field) else { return nil }
        switch ruleName {
        case "fixed":
            guard let date = string(node, "date", field) else { return nil }
            let parts = date.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, (1...12).contains(parts[0]), (1...LocalDate.daysIn(month: parts[0], year: 2024)).contains(parts[1]) else {
                problem(node["date"]!, "\(field).date", "must be MM-DD")
                return nil
            }
            return Holiday(rule: .fixed(month: parts[0], day: parts[1]), name: name)
        case "easter":
            guard let offset = node["offset"]?.int else {
                problem(node["offset"] ?? node, "\(field).offset", "required: days after Easter Sunday")
                return nil
            }
            return Holiday(rule: .easter(offset: offset), name: name)
        case "once":
            guard let text = string(node, "date", field) else { return nil }
            guard let date = LocalDate(iso: text) else {
                problem(node["date"]!, "\(field).date", "must be YYYY-MM-DD")
                return nil
            }
            return Holiday(rule: .once(date), name: name)
        default:
            problem(node["rule"]!, "\(field).rule", "unknown rule '\(ruleName)' (fixed, easter, once)")
            return nil
        }
    }

    // MARK: Typed access

    func compose(_ yaml: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: yaml) else {
                problems.append(CatalogueProblem(file: file, line: 1, field: "", message: "empty file"))
                return nil
            }
            guard root.mapping != nil else {
                problem(root, "", "the document must be a mapping")
                return nil
            }
            return root
        } catch let YamlError.scanner(_, problemText, mark, _), let YamlError.parser(_, problemText, mark, _) {
            problems.append(CatalogueProblem(file: file, line: mark.line, field: "", message: "YAML syntax: \(problemText)"))
        } catch {
            // Other Yams errors (e.g. duplicate keys) carry the whole document as context: keep the first line and its "line N".
            let text = "\(error)"
            let line = text.firstMatch(of: /in line (\d+)/).flatMap { Int($0.1) } ?? 1
            let message = text.components(separatedBy: "\nContext:").first?.components(separatedBy: "\n").first ?? text
            problems.append(CatalogueProblem(file: file, line: line, field: "", message: "YAML: \(message)"))
        }
        return nil
    }

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    func problem(_ node: Node, _ field: String, _ message: String) {
        problems.append(CatalogueProblem(file: file, line: line(node), field: field, message: message))
    }

    func allowKeys(_ node: Node, _ allowed: [String], _ field: String) {
        for (key, _) in node.mapping ?? [:] {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                problem(key, field.isEmpty ? name : "\(field).\(name)", "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    func mapping(_ node: Node?, in parent: Node, field: String) -> Node.Mapping? {
        guard let node else {
            problem(parent, field, "required")
            return nil
        }
        guard let map = node.mapping else {
            problem(node, field, "must be a mapping")
            return nil
        }
        return map
    }

    func sequence(_ node: Node?, in parent: Node, field: String) -> Node.Sequence? {
        guard let node else {
            problem(parent, field, "required")
            return nil
        }
        guard let list = node.sequence else {
            problem(node, field, "must be a list")
            return nil
        }
        return list
    }

    func string(_ node: Node, _ key: String, _ field: String, required: Bool = true) -> String? {
        guard let value = node[key] else {
            if required { problem(node, "\(field).\(key)", "required") }
            return nil
        }
        guard let scalar = value.scalar?.string.trimmingCharacters(in: .whitespaces), !scalar.isEmpty else {
            problem(value, "\(field).\(key)", "must be a non-empty string")
            return nil
        }
        return scalar
    }

    private func bool(_ node: Node, _ key: String, _ field: String) -> Bool? {
        guard let value = node[key] else {
            problem(node, "\(field).\(key)", "required")
            return nil
        }
        guard let bool = value.bool else {
            problem(value, "\(field).\(key)", "must be true or false")
            return nil
        }
        return bool
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, _ field: String, what: String? = nil) -> E?
    where E.RawValue == String {
        guard let raw = string(node, key, field) else { return nil }
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            problem(node[key]!, "\(field).\(key)", "unknown \(what ?? key) '\(raw)' (expected one of: \(allowed))")
            return nil
        }
        return value
    }

    /// A `{nl, fr, en}` text: nl and fr required and non-empty (bilingual by law), en optional.
    private func text(_ node: Node, _ key: String, _ field: String, required: Bool = true) -> LocalizedText? {
        guard let value = node[key] else {
            if required { problem(node, "\(field).\(key)", "required (nl and fr)") }
            return nil
        }
        guard value.mapping != nil else {
            problem(value, "\(field).\(key)", "must be a mapping with nl, fr and en")
            return nil
        }
        allowKeys(value, Language.allCases.map(\.rawValue), "\(field).\(key)")
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            let text = value[language.rawValue]?.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if text.isEmpty, language != .en {
                problem(value[language.rawValue] ?? value, "\(field).\(key).\(language.rawValue)", "missing \(language == .nl ? "Dutch" : "French") text")
            }
            if !text.isEmpty { texts[language] = text }
        }
        guard let nl = texts[.nl], let fr = texts[.fr] else { return nil }
        return LocalizedText(nl: nl, fr: fr, en: texts[.en])
    }
}
