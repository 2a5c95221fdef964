import Foundation

/// Survey settings of a directorate (data, `survey:` in `Catalog/<directorate>.yaml`).
public struct SurveySettings: Codable, Sendable, Equatable, Hashable {
    /// Minutes between resolution and the invitation (wall-clock).
    public var delayMinutes: Int
    /// Share of resolved tickets that get a survey, 0–100 %.
    public var samplingPercent: Int
    /// Calendar days the requester may answer after the invitation.
    public var answerDays: Int
    /// At most this many invitations per requester in any 30 days.
    public var maxPerRequesterPer30Days: Int

    public init(delayMinutes: Int = 0, samplingPercent: Int = 100, answerDays: Int = 30, maxPerRequesterPer30Days: Int = 3) {
        self.delayMinutes = delayMinutes
        self.samplingPercent = samplingPercent
        self.answerDays = answerDays
        self.maxPerRequesterPer30Days = maxPerRequesterPer30Days
    }

    /// The default: invite at resolution, every ticket, 30 days to answer, at most 3 invitations per 30 days.
    public static let standard = SurveySettings()
}

/// What became of a resolved ticket's survey: exactly one per ticket (a database constraint).
public enum SurveyState: String, Codable, Sendable, CaseIterable, Hashable {
    /// An invitation is (or will be, after the delay) sent to the requester.
    case invited
    /// Not in the sample (sampling rate).
    case notSampled = "not_sampled"
    /// The requester had reached the invitation cap.
    case capped
}

/// A satisfaction survey of one resolved ticket.
public struct Survey: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var ticketID: TicketID
    public var requesterID: UserID
    public var state: SurveyState
    /// When the invitation is sent (resolution + delay), a UTC instant.
    public var invitedAt: Date
    /// The end of the answer window.
    public var expiresAt: Date
    public var answeredAt: Date?
    /// 1 (very dissatisfied) … 5 (very satisfied).
    public var score: Int?
    public var comment: String?

    public init(
        id: Int64, ticketID: TicketID, requesterID: UserID, state: SurveyState, invitedAt: Date, expiresAt: Date,
        answeredAt: Date? = nil, score: Int? = nil, comment: String? = nil
    ) {
        self.id = id
        self.ticketID = ticketID
        self.requesterID = requesterID
        self.state = state
        self.invitedAt = invitedAt
        self.expiresAt = expiresAt
        self.answeredAt = answeredAt
        self.score = score
        self.comment = comment
    }

    /// Checks an answer: only the ticket's requester, once, within the window, score 1–5, comment within `TextRule.surveyComment`.
    /// - Throws: `SurveyError`.
    public func checkAnswer(score: Int, comment: String?, by userID: UserID, at now: Date) throws {
        guard userID == requesterID else { throw SurveyError.notTheRequester }
        guard state == .invited, now >= invitedAt else { throw SurveyError.notFound }
        guard answeredAt == nil else { throw SurveyError.alreadyAnswered }
        guard now <= expiresAt else { throw SurveyError.expired(expiresAt) }
        var problems: [FieldProblem] = []
        if !(1...5).contains(score) { problems.append(FieldProblem(field: "score", message: "must be 1 to 5")) }
        if let comment { problems += TextRule.surveyComment.problems(comment, field: "comment") }
        if !problems.isEmpty { throw SurveyError.invalid(problems) }
    }
}

/// A survey decided at resolution, before storage gives it an id.
public struct NewSurvey: Sendable, Equatable {
    public var requesterID: UserID
    public var state: SurveyState
    public var invitedAt: Date
    public var expiresAt: Date

    public init(requesterID: UserID, state: SurveyState, invitedAt: Date, expiresAt: Date) {
        self.requesterID = requesterID
        self.state = state
        self.invitedAt = invitedAt
        self.expiresAt = expiresAt
    }

    /// The survey of a ticket resolved at `resolvedAt`, by the directorate's `settings`.
    /// Sampling is deterministic by ticket id (the same ticket is always in or out);
    /// `recentInvitations` counts the requester's invitations in the 30 days before.
    public static func decide(ticketID: TicketID, requesterID: UserID, resolvedAt: Date, settings: SurveySettings, recentInvitations: Int) -> NewSurvey {
        let invitedAt = resolvedAt.addingTimeInterval(TimeInterval(settings.delayMinutes * 60))
        let expiresAt = Brussels.calendar.date(byAdding: .day, value: settings.answerDays, to: invitedAt)!
        // Knuth's multiplicative hash spreads consecutive ids evenly over 0..<100.
        let bucket = Int((UInt64(bitPattern: ticketID.rawValue) &* 2_654_435_761) % 100)
        let state: SurveyState =
            bucket >= settings.samplingPercent
            ? .notSampled
            : recentInvitations >= settings.maxPerRequesterPer30Days ? .capped : .invited
        return NewSurvey(requesterID: requesterID, state: state, invitedAt: invitedAt, expiresAt: expiresAt)
    }
}

/// Errors of answering a survey.
public enum SurveyError: Error, Equatable, Sendable {
    /// No such survey, not invited (sampled out, capped) or not yet sent; answered like a missing one.
    case notFound
    /// Someone other than the ticket's requester (e.g. the agent who filed it on their behalf).
    case notTheRequester
    case alreadyAnswered
    case expired(Date)
    case invalid([FieldProblem])
}

extension SurveyError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound: "no such survey"
        case .notTheRequester: "only the ticket's requester may answer its survey"
        case .alreadyAnswered: "the survey has already been answered"
        case let .expired(at): "the answer window closed at \(Brussels.iso8601(at))"
        case let .invalid(problems): problems.map(\.description).joined(separator: "; ")
        }
    }
}

/// What the satisfaction indicators need of one survey.
public struct SurveyRecord: Sendable, Equatable {
    public var directorateCode: String
    public var serviceCode: String
    /// The agent the ticket was assigned to at resolution.
    public var agentID: UserID?
    public var channel: Channel
    /// UTC instant of the ticket's resolution: it decides the period.
    public var resolvedAt: Date
    public var score: Int?
    /// Whether the ticket was reopened at least once (flagged in reports; the answer stays).
    public var reopened: Bool
    /// The requester's comment, if any (shown without names in reviews, never for a confidential ticket).
    public var comment: String?
    /// The ticket is confidential (`Ticket.confidential`): counted, its comment never sampled.
    public var confidential: Bool

    public init(
        directorateCode: String, serviceCode: String, agentID: UserID?, channel: Channel, resolvedAt: Date, score: Int?,
        reopened: Bool, comment: String? = nil, confidential: Bool = false
    ) {
        self.confidential = confidential
        self.directorateCode = directorateCode
        self.serviceCode = serviceCode
        self.agentID = agentID
        self.channel = channel
        self.resolvedAt = resolvedAt
        self.score = score
        self.reopened = reopened
        self.comment = comment
    }
}

/// How satisfaction figures are grouped.
public enum SatisfactionDimension: String, Codable, Sendable, CaseIterable, Hashable {
    case directorate, service, agent, channel

    func key(_ record: SurveyRecord) -> String {
        switch self {
        case .directorate: record.directorateCode
        case .service: record.serviceCode
        case .agent: record.agentID.map { String($0.rawValue) } ?? "-"
        case .channel: record.channel.rawValue
        }
    }
}

/// Periods of the satisfaction report (Brussels calendar).
public enum SatisfactionPeriod: String, Codable, Sendable, CaseIterable, Hashable {
    case month, quarter, year

    public func label(of instant: Date) -> String {
        switch self {
        case .month: ReportPeriod.month.label(of: instant)
        case .quarter: ReportPeriod.quarter.label(of: instant)
        case .year: String(Brussels.year(of: instant))
        }
    }
}

/// One group of the satisfaction report.
public struct SatisfactionRow: Sendable, Equatable {
    /// The group (directorate code, service code, agent id or channel).
    public var group: String
    public var period: String
    /// Invitations sent (surveys in state `invited`).
    public var sent: Int
    public var answered: Int
    /// answered / sent × 100, one decimal; `nil` when nothing was sent.
    public var responseRatePercent: Double?
    /// Share of answers scoring 4 or 5, × 100, one decimal; `nil` when fewer than `minimumAnswers` answers.
    public var csatPercent: Double?
    /// Mean score of the answers, two decimals; `nil` when fewer than `minimumAnswers` answers.
    public var meanScore: Double?
    /// Fewer than `minimumAnswers` answers: no score is shown (small groups identify people).
    public var tooFewAnswers: Bool
    /// Answered surveys of tickets that were reopened.
    public var reopenedAnswered: Int
}

/// Satisfaction indicators. Definitions (README, "Indicators"): response rate =
/// answered / sent; CSAT = answers scoring 4 or 5 / answers (the usual top-two-box
/// CSAT of a 5-point scale); mean score over answers. Unanswered surveys count
/// only in the response rate; cancelled tickets never get a survey.
public enum Satisfaction {
    /// Groups with fewer answers show no score.
    public static let minimumAnswers = 5

    /// Rows by `dimension` and Brussels `period`, ordered by group then period.
    public static func rows(_ records: [SurveyRecord], by dimension: SatisfactionDimension, period: SatisfactionPeriod) -> [SatisfactionRow] {
        let groups = Dictionary(grouping: records) { [dimension.key($0), period.label(of: $0.resolvedAt)] }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let group = groups[key]!
            let scores = group.compactMap(\.score)
            let enough = scores.count >= minimumAnswers
            func oneDecimal(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            return SatisfactionRow(
                group: key[0], period: key[1], sent: group.count, answered: scores.count,
                responseRatePercent: group.isEmpty ? nil : oneDecimal(Double(scores.count) / Double(group.count) * 100),
                csatPercent: enough ? oneDecimal(Double(scores.filter { $0 >= 4 }.count) / Double(scores.count) * 100) : nil,
                meanScore: enough ? (Double(scores.reduce(0, +)) / Double(scores.count) * 100).rounded() / 100 : nil,
                tooFewAnswers: !enough,
                reopenedAnswered: group.filter { $0.score != nil && $0.reopened }.count)
        }
    }
}

extension Satisfaction {
    /// The CSV header of `csv(_:)`.
    public static let csvHeader = "group,period,sent,answered,response_rate_percent,csat_percent,mean_score,too_few_answers,reopened_answered"

    /// One CSV line per row; scores are empty when there are too few answers.
    public static func csv(_ rows: [SatisfactionRow]) -> String {
        func decimal(_ value: Double?, _ places: Int) -> String { value.map { String(format: "%.\(places)f", $0) } ?? "" }
        return
            ([csvHeader]
            + rows.map { row in
                [
                    row.group, row.period, String(row.sent), String(row.answered), decimal(row.responseRatePercent, 1),
                    decimal(row.csatPercent, 1), decimal(row.meanScore, 2), row.tooFewAnswers ? "yes" : "no", String(row.reopenedAnswered),
                ]
                .joined(separator: ",")
            }).joined(separator: "\n") + "\n"
    }
}
