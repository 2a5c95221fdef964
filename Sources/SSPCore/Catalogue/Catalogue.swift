import Foundation

/// First-response and resolution targets of an SLA, in **business minutes**
/// of the directorate's calendar.
public struct SLATargets: Codable, Sendable, Equatable, Hashable {
    /// Business minutes from filing to the first public reply or state change by an agent.
    public var firstResponseMinutes: Int
    /// Business minutes from filing to resolution (pauses excluded).
    public var resolutionMinutes: Int

    public init(firstResponseMinutes: Int, resolutionMinutes: Int) {
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
    }
}

/// SLA targets for each of the five priorities.
public struct SLAPolicy: Codable, Sendable, Equatable, Hashable {
    public var targets: [Priority: SLATargets]

    public init(targets: [Priority: SLATargets]) { self.targets = targets }

    /// The same targets whatever the priority (an SLA set "per service").
    public static func uniform(_ targets: SLATargets) -> SLAPolicy {
        SLAPolicy(targets: Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0, targets) }))
    }

    /// Targets for `priority`; a validated policy has all five.
    public func targets(for priority: Priority) -> SLATargets? { targets[priority] }
}

/// Contact details of a support directorate.
public struct DirectorateContact: Codable, Sendable, Equatable, Hashable {
    public var email: String
    public var phone: String?
    public var location: LocalizedText?

    public init(email: String, phone: String? = nil, location: LocalizedText? = nil) {
        self.email = email
        self.phone = phone
        self.location = location
    }
}

/// One of the SSP's eight support directorates (FACTS.md, *assumption*).
public struct Directorate: Codable, Sendable, Equatable, Hashable, Identifiable {
    /// Stable code, e.g. `IT`; the prefix of its service codes.
    public var code: String
    public var name: LocalizedText
    public var contact: DirectorateContact
    /// Id of the business-hours calendar its SLAs run on (`Catalog/calendars.yaml`).
    public var calendarID: String
    /// Default SLA per priority, used by services that set none.
    public var sla: SLAPolicy
    /// What happens when a ticket's clock is at risk or breached.
    public var escalation: [EscalationRule]
    /// When and to whom satisfaction surveys go.
    public var survey: SurveySettings

    public var id: String { code }

    public init(
        code: String, name: LocalizedText, contact: DirectorateContact, calendarID: String, sla: SLAPolicy,
        escalation: [EscalationRule] = [], survey: SurveySettings = .standard
    ) {
        self.code = code
        self.name = name
        self.contact = contact
        self.calendarID = calendarID
        self.sla = sla
        self.escalation = escalation
        self.survey = survey
    }
}

/// Whether a ticket is a request for something or the report of something broken (ITIL).
public enum ServiceKind: String, Codable, Sendable, CaseIterable, Hashable {
    case request, incident
}

/// Who must approve a request before the directorate sees it.
public enum Approval: String, Codable, Sendable, CaseIterable, Hashable {
    case none
    case lineManager = "line_manager"
}

/// Who may request a service.
public enum Audience: String, Codable, Sendable, CaseIterable, Hashable {
    case allStaff = "all_staff"
    /// Only staff who are someone's line manager.
    case managers
}

/// The type of a request-form field, with the JSON value it accepts.
public enum FieldType: String, Codable, Sendable, CaseIterable, Hashable {
    /// A single line of text (at most 500 characters).
    case text
    /// Free text (at most 20,000 characters).
    case longText = "long_text"
    /// One of the field's option values (a string).
    case choice
    /// A calendar date `YYYY-MM-DD` (no time, no zone).
    case date
    /// A JSON number.
    case number
    /// A JSON boolean.
    case yesNo = "yes_no"
}

/// An option of a `choice` field.
public struct FieldOption: Codable, Sendable, Equatable, Hashable {
    public var value: String
    public var label: LocalizedText

    public init(value: String, label: LocalizedText) {
        self.value = value
        self.label = label
    }
}

/// One field of a service's request form.
public struct FormField: Codable, Sendable, Equatable, Hashable {
    /// Lower snake case key, unique within the form; the key of the answer.
    public var key: String
    public var type: FieldType
    public var required: Bool
    public var label: LocalizedText
    /// The allowed values of a `choice` field (never empty for a choice); empty otherwise.
    public var options: [FieldOption]

    public init(key: String, type: FieldType, required: Bool, label: LocalizedText, options: [FieldOption] = []) {
        self.key = key
        self.type = type
        self.required = required
        self.label = label
        self.options = options
    }
}

/// The search terms of a service in each language (`keywords: {nl: [...], fr: [...], en: [...]}`).
/// Validated at load (`SSPCatalog`): nl and fr required when present, 1 to 30 terms each, 2 to 60
/// characters, no term twice in a language (accents and case ignored).
public struct ServiceKeywords: Codable, Sendable, Equatable, Hashable {
    public var nl: [String]
    public var fr: [String]
    public var en: [String]

    public init(nl: [String] = [], fr: [String] = [], en: [String] = []) {
        self.nl = nl
        self.fr = fr
        self.en = en
    }

    /// The terms in `language` (no fallback: English terms are only the English ones).
    public func terms(in language: Language) -> [String] {
        switch language {
        case .nl: nl
        case .fr: fr
        case .en: en
        }
    }
}

/// A service of the catalogue: what staff can ask a directorate for.
public struct Service: Codable, Sendable, Equatable, Hashable, Identifiable {
    /// Stable code, e.g. `IT-017`.
    public var code: String
    /// Code of the directorate that delivers it.
    public var directorateCode: String
    public var name: LocalizedText
    public var description: LocalizedText
    public var category: LocalizedText
    public var kind: ServiceKind
    public var defaultImpact: Impact
    public var defaultUrgency: Urgency
    /// The service's own SLA; `nil` means the directorate's default policy.
    public var sla: SLAPolicy?
    /// A calendar for P1 tickets of this service (e.g. `always-open`, 24/7); `nil`: the directorate's.
    public var p1CalendarID: String?
    public var approval: Approval
    public var audience: Audience
    /// Inactive services stay in the database (old tickets keep them) but accept no new tickets.
    public var active: Bool
    public var form: [FormField]
    /// HR and legal matters, psychosocial requests (`confidential: true` in `Catalog/`, issue 9): their
    /// tickets are read by the requester, the assignee, the directorate's team leads and administrators
    /// only; reports count them but show no subject or comment, review comment samples skip them.
    public var confidential: Bool
    /// The words and phrases staff use for this service, per language (`keywords:` in `Catalog/`,
    /// issue 11): searched with weight 3, after the name (5).
    public var keywords: ServiceKeywords
    /// The directorate's general service ("Other HR question", `general: true` in `Catalog/`): offered,
    /// with the counter, when a search finds nothing. At most one active per directorate.
    public var general: Bool

    public var id: String { code }

    public init(
        code: String, directorateCode: String, name: LocalizedText, description: LocalizedText,
        category: LocalizedText, kind: ServiceKind, defaultImpact: Impact, defaultUrgency: Urgency,
        sla: SLAPolicy?, approval: Approval, audience: Audience, active: Bool, form: [FormField], p1CalendarID: String? = nil,
        confidential: Bool = false, keywords: ServiceKeywords = ServiceKeywords(), general: Bool = false
    ) {
        self.code = code
        self.directorateCode = directorateCode
        self.name = name
        self.description = description
        self.category = category
        self.kind = kind
        self.defaultImpact = defaultImpact
        self.defaultUrgency = defaultUrgency
        self.sla = sla
        self.p1CalendarID = p1CalendarID
        self.approval = approval
        self.audience = audience
        self.active = active
        self.form = form
        self.confidential = confidential
        self.keywords = keywords
        self.general = general
    }

    /// The id of the calendar a ticket of `priority` runs on: the service's P1 calendar for P1 if it has one, else the directorate's.
    public func calendarID(priority: Priority, directorate: Directorate) -> String {
        priority == .p1 ? p1CalendarID ?? directorate.calendarID : directorate.calendarID
    }

    /// The SLA targets that apply to a ticket of `priority`: the service's own, else the directorate's.
    public func slaTargets(priority: Priority, directorate: Directorate) -> SLATargets? {
        sla?.targets(for: priority) ?? directorate.sla.targets(for: priority)
    }
}

/// A validated catalogue: directorates, their services and the calendars they refer to.
public struct Catalogue: Sendable, Equatable {
    public var directorates: [Directorate]
    public var services: [Service]
    public var calendars: [BusinessCalendar]
    /// The SSP counter (`counter.yaml`); `nil` in a catalogue without one.
    public var counter: ServiceCounter?

    public init(directorates: [Directorate], services: [Service], calendars: [BusinessCalendar], counter: ServiceCounter? = nil) {
        self.directorates = directorates
        self.services = services
        self.calendars = calendars
        self.counter = counter
    }
}

/// The SSP's physical counter in the Iris Tower, where staff ask in person or by phone
/// (`Catalog/counter.yaml`): offered when a catalogue search finds nothing (issue 11).
public struct ServiceCounter: Codable, Sendable, Equatable, Hashable {
    public var name: LocalizedText
    public var location: LocalizedText
    /// Opening hours as staff read them (`ma–vr 8.30–16.30 uur`).
    public var hours: LocalizedText
    public var email: String
    public var phone: String?

    public init(name: LocalizedText, location: LocalizedText, hours: LocalizedText, email: String, phone: String? = nil) {
        self.name = name
        self.location = location
        self.hours = hours
        self.email = email
        self.phone = phone
    }
}

/// What a catalogue import changed, counted by code.
public struct CatalogueImportReport: Sendable, Equatable {
    public var directoratesInserted = 0
    public var directoratesUpdated = 0
    public var servicesInserted = 0
    public var servicesUpdated = 0
    /// Services present in the database but absent from the files: set inactive, never deleted.
    public var servicesDeactivated = 0
    public var calendarsUpserted = 0
    /// Whether the SSP counter's details were added or changed.
    public var counterUpdated = false

    public init() {}

    /// True when the import changed nothing (re-import of the same files).
    public var isUnchanged: Bool {
        directoratesInserted + directoratesUpdated + servicesInserted + servicesUpdated + servicesDeactivated + calendarsUpserted == 0
            && !counterUpdated
    }
}
