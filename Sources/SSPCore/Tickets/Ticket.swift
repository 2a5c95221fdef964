import Foundation

/// Internal identifier of a ticket (the database row). Staff see the `TicketNumber`.
public struct TicketID: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: TicketID, b: TicketID) -> Bool { a.rawValue < b.rawValue }
}

/// The human ticket number `SSP-YYYY-NNNNNN`: the Brussels calendar year of
/// filing and a per-year sequence (unique; gaps are tolerated, e.g. after a
/// rolled-back transaction).
public struct TicketNumber: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public init(year: Int, sequence: Int) {
        rawValue = String(format: "SSP-%04d-%06d", year, sequence)
    }

    /// Parses `SSP-YYYY-NNNNNN`; `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "SSP", parts[1].count == 4, parts[2].count == 6,
            parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber),
            parts[2].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isNumber)
        else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }
}

/// How the request reached the SSP.
public enum Channel: String, Codable, Sendable, CaseIterable, Hashable {
    case portal, counter, phone, email, api
}

/// The lifecycle state of a ticket (see `Lifecycle` for the transitions).
public enum TicketStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case awaitingApproval = "awaiting_approval"
    case new
    case assigned
    case inProgress = "in_progress"
    case waitingOnRequester = "waiting_on_requester"
    case resolved
    case closed
    case cancelled

    /// Final states accept no transition and no comment.
    public var isFinal: Bool { self == .closed || self == .cancelled }
}

/// An answer to a request-form field, typed by the field's `FieldType`.
public enum FormValue: Codable, Sendable, Equatable, Hashable {
    case text(String)
    case number(Double)
    case bool(Bool)
    /// A `date` field's answer.
    case date(LocalDate)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(text): try container.encode(text)
        case let .number(number): try container.encode(number)
        case let .bool(bool): try container.encode(bool)
        case let .date(date): try container.encode(date.description)
        }
    }
}

extension FormValue: CustomStringConvertible {
    /// The answer as a person reads it: text as is, 2 or 2.5, yes/no, YYYY-MM-DD.
    public var description: String {
        switch self {
        case let .text(text): text
        case let .number(number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case let .bool(bool): bool ? "yes" : "no"
        case let .date(date): date.description
        }
    }
}

/// A ticket: one request or incident filed against one service.
public struct Ticket: Codable, Sendable, Equatable, Identifiable {
    public var id: TicketID
    public var number: TicketNumber
    public var serviceCode: String
    public var directorateCode: String
    /// The person the ticket is for; the only one who may reopen, confirm or answer its survey.
    public var requesterID: UserID
    /// Who filed it: the requester, or an agent filing on their behalf (counter, phone).
    public var filedByID: UserID
    public var assigneeID: UserID?
    public var channel: Channel
    public var subject: String
    public var description: String
    /// Answers keyed by form-field key, validated against the service's form when filed.
    public var answers: [String: FormValue]
    public var impact: Impact
    public var urgency: Urgency
    /// `Priority.matrix(impact:urgency:)`.
    public var priority: Priority
    public var status: TicketStatus
    /// UTC instants.
    public var createdAt: Date
    public var updatedAt: Date
    /// The first public reply or state change by an agent; `nil` until then.
    public var firstRespondedAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    /// Due instants of the SLA clocks on the directorate's calendar (see `refreshSLA(on:)`).
    public var firstResponseDueAt: Date?
    public var resolutionDueAt: Date?
    /// The SLA clocks (business time); `nil` until the directorate receives the ticket.
    public var firstResponseClock: SLAClock?
    public var resolutionClock: SLAClock?
    /// When the SLA scan must next look at this ticket; `nil` when no clock runs toward a mark.
    public var slaCheckAt: Date?
    /// At risk or breached, as recorded by the SLA scan.
    public var slaStatus: SLAStatus?
    /// The service is confidential (`Service.confidential`, copied at filing and kept in step by a
    /// catalogue import): only the requester, the assignee, the directorate's team leads and
    /// administrators read the ticket (`Access.table`).
    public var confidential: Bool
    /// Who decides the approval while the ticket awaits it (`ApprovalRouting.approver(for:)`): the
    /// requester's line manager, the first active manager above them, or the administration's
    /// fallback approver; a delegate decides for them in a delegation period. `nil` for services
    /// without approval.
    public var approverID: UserID?

    public init(
        id: TicketID, number: TicketNumber, serviceCode: String, directorateCode: String,
        requesterID: UserID, filedByID: UserID, assigneeID: UserID?, channel: Channel,
        subject: String, description: String, answers: [String: FormValue],
        impact: Impact, urgency: Urgency, status: TicketStatus, createdAt: Date, updatedAt: Date,
        firstRespondedAt: Date? = nil, resolvedAt: Date? = nil, closedAt: Date? = nil,
        firstResponseDueAt: Date? = nil, resolutionDueAt: Date? = nil,
        firstResponseClock: SLAClock? = nil, resolutionClock: SLAClock? = nil, slaCheckAt: Date? = nil, slaStatus: SLAStatus? = nil,
        confidential: Bool = false, approverID: UserID? = nil
    ) {
        self.id = id
        self.number = number
        self.serviceCode = serviceCode
        self.directorateCode = directorateCode
        self.requesterID = requesterID
        self.filedByID = filedByID
        self.assigneeID = assigneeID
        self.channel = channel
        self.subject = subject
        self.description = description
        self.answers = answers
        self.impact = impact
        self.urgency = urgency
        self.priority = Priority.matrix(impact: impact, urgency: urgency)
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.firstRespondedAt = firstRespondedAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.firstResponseDueAt = firstResponseDueAt
        self.resolutionDueAt = resolutionDueAt
        self.firstResponseClock = firstResponseClock
        self.resolutionClock = resolutionClock
        self.slaCheckAt = slaCheckAt
        self.slaStatus = slaStatus
        self.confidential = confidential
        self.approverID = approverID
    }
}

/// Who sees a comment.
public enum CommentVisibility: String, Codable, Sendable, CaseIterable, Hashable {
    /// A public reply: the requester and the directorate see it.
    case reply
    /// An internal note: only the directorate's agents see it, never the requester.
    case note
}

/// A comment on a ticket.
public struct Comment: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var ticketID: TicketID
    public var authorID: UserID
    public var visibility: CommentVisibility
    public var body: String
    public var createdAt: Date

    public init(id: Int64, ticketID: TicketID, authorID: UserID, visibility: CommentVisibility, body: String, createdAt: Date) {
        self.id = id
        self.ticketID = ticketID
        self.authorID = authorID
        self.visibility = visibility
        self.body = body
        self.createdAt = createdAt
    }
}

/// What happened to a ticket, for the append-only event log.
public enum TicketEventKind: String, Codable, Sendable, CaseIterable, Hashable {
    case filed
    case statusChanged = "status_changed"
    case assigned
    case commented
    /// An agent changed impact and urgency, hence the priority (from → to).
    case priorityChanged = "priority_changed"
    /// The SLA scan found a clock at 80 % of its target.
    case slaAtRisk = "sla_at_risk"
    /// The SLA scan found a clock past its target.
    case slaBreached = "sla_breached"
    /// An escalation rule fired (`to`: the recipients' e-mail addresses, comma-separated).
    case escalated
    /// A pending approval moved to another approver (`from` → `to`: user ids; payload `reason`:
    /// `approver_inactive`, or `fallback_set`).
    case approverChanged = "approver_changed"
}

/// One entry of a ticket's append-only history.
public struct TicketEvent: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var ticketID: TicketID
    /// `nil` for the system (auto-close, background services).
    public var actorID: UserID?
    public var at: Date
    public var kind: TicketEventKind
    public var from: String?
    public var to: String?
    /// Extra facts (transition name, reason, comment id, visibility), string to string.
    public var payload: [String: String]

    public init(id: Int64, ticketID: TicketID, actorID: UserID?, at: Date, kind: TicketEventKind, from: String?, to: String?, payload: [String: String]) {
        self.id = id
        self.ticketID = ticketID
        self.actorID = actorID
        self.at = at
        self.kind = kind
        self.from = from
        self.to = to
        self.payload = payload
    }
}

/// An event to append, before storage gives it an id.
public struct NewTicketEvent: Sendable, Equatable {
    public var actorID: UserID?
    public var at: Date
    public var kind: TicketEventKind
    public var from: String?
    public var to: String?
    public var payload: [String: String]

    public init(actorID: UserID?, at: Date, kind: TicketEventKind, from: String? = nil, to: String? = nil, payload: [String: String] = [:]) {
        self.actorID = actorID
        self.at = at
        self.kind = kind
        self.from = from
        self.to = to
        self.payload = payload
    }
}

/// A comment to add, before storage gives it an id.
public struct NewComment: Sendable, Equatable {
    public var authorID: UserID
    public var visibility: CommentVisibility
    public var body: String
    public var createdAt: Date

    public init(authorID: UserID, visibility: CommentVisibility, body: String, createdAt: Date) {
        self.authorID = authorID
        self.visibility = visibility
        self.body = body
        self.createdAt = createdAt
    }
}

/// What one change to a ticket appends: events, and at most one comment.
/// Storage writes the ticket, the comment and the events in one transaction;
/// a `commented` event gets the new comment's id in its payload (`comment_id`).
public struct TicketChange: Sendable, Equatable {
    public var events: [NewTicketEvent]
    public var comment: NewComment?
    /// The ticket's survey, decided at resolution. Storage keeps the first one
    /// only (one survey per ticket): a second resolution after a reopen adds none.
    public var survey: NewSurvey?

    public init(events: [NewTicketEvent], comment: NewComment? = nil, survey: NewSurvey? = nil) {
        self.events = events
        self.comment = comment
        self.survey = survey
    }
}

extension Ticket {
    /// Whether `other` is the same filing sent again (`FileTicketRequest.submissionKey`): the same
    /// filer, requester, service, channel, subject, description and answers.
    public func isSameSubmission(as other: Ticket) -> Bool {
        filedByID == other.filedByID && requesterID == other.requesterID && serviceCode == other.serviceCode && channel == other.channel
            && subject == other.subject && description == other.description && answers == other.answers
    }
}
