import Foundation

/// An indicator of the PDCA review (definitions in README, "Indicators").
public enum Indicator: String, Codable, Sendable, CaseIterable, Hashable {
    /// Answers scoring 4 or 5 / answers, % (from 5 answers).
    case csat
    /// Answered / sent surveys, %.
    case responseRate = "response_rate"
    /// Resolutions within target / resolutions, %.
    case slaCompliance = "sla_compliance"
    /// Resolved tickets that were reopened / resolved tickets, %.
    case reopenRate = "reopen_rate"
    /// Median business minutes used by the resolution clock.
    case medianResolutionMinutes = "median_resolution_minutes"
    /// Tickets filed in the period.
    case volume
    /// Tickets open at the end of the period.
    case backlog

    /// Unit for display.
    public var unit: String {
        switch self {
        case .csat, .responseRate, .slaCompliance, .reopenRate: "%"
        case .medianResolutionMinutes: "business minutes"
        case .volume, .backlog: "tickets"
        }
    }
}

/// A target of the Plan step: `indicator comparator value`, e.g. CSAT ≥ 85.
public struct Target: Codable, Sendable, Equatable, Hashable {
    public enum Comparator: String, Codable, Sendable, CaseIterable, Hashable {
        case atLeast = ">="
        case atMost = "<="
    }

    public var indicator: Indicator
    public var comparator: Comparator
    public var value: Double

    public init(_ indicator: Indicator, _ comparator: Comparator, _ value: Double) {
        self.indicator = indicator
        self.comparator = comparator
        self.value = value
    }

    /// Whether `actual` meets the target; `nil` when there is no figure (too few answers).
    public func isMet(by actual: Double?) -> Bool? {
        guard let actual else { return nil }
        return comparator == .atLeast ? actual >= value : actual <= value
    }

    /// Targets of a first review, when no previous one carries its own: CSAT ≥ 85 %,
    /// SLA compliance ≥ 90 %, response rate ≥ 40 %, reopen rate ≤ 5 % (assumptions, editable per review).
    public static let defaults = [
        Target(.csat, .atLeast, 85), Target(.slaCompliance, .atLeast, 90),
        Target(.responseRate, .atLeast, 40), Target(.reopenRate, .atMost, 5),
    ]
}

/// A review period: a Brussels month (`2026-09`), quarter (`2026-Q3`) or year (`2026`).
public struct ReviewPeriod: Codable, Sendable, Equatable, Hashable {
    public var kind: SatisfactionPeriod
    public var label: String
    /// First instant (Brussels midnight) and first instant after the period.
    public var start: Date
    public var end: Date

    /// Parses a label; `nil` when malformed.
    public init?(label: String) {
        let parts = label.split(separator: "-").map(String.init)
        let calendar = Brussels.calendar
        var components = DateComponents(day: 1)
        let months: Int
        if parts.count == 1, parts[0].count == 4, let year = Int(parts[0]) {
            kind = .year
            components.year = year
            components.month = 1
            months = 12
        } else if parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].hasPrefix("Q"),
            let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter)
        {
            kind = .quarter
            components.year = year
            components.month = (quarter - 1) * 3 + 1
            months = 3
        } else if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month)
        {
            kind = .month
            components.year = year
            components.month = month
            months = 1
        } else {
            return nil
        }
        guard let start = calendar.date(from: components), let end = calendar.date(byAdding: .month, value: months, to: start) else { return nil }
        self.label = label
        self.start = start
        self.end = end
    }

    /// The period `count` periods before this one (1 = the previous).
    public func previous(_ count: Int = 1) -> ReviewPeriod {
        let months = kind == .month ? 1 : kind == .quarter ? 3 : 12
        let start = Brussels.calendar.date(byAdding: .month, value: -months * count, to: self.start)!
        return ReviewPeriod(label: kind.label(of: start))!
    }
}

/// The Do step: the period's facts, computed.
public struct PeriodFacts: Sendable, Equatable {
    public var period: String
    public var values: [Indicator: Double]
    /// Surveys answered (CSAT is shown only from `Satisfaction.minimumAnswers`).
    public var answered: Int

    /// Computes the facts of a period from its tickets, resolutions and surveys.
    /// - Parameters:
    ///   - filed: tickets filed in the period; `backlog`: tickets open at its end.
    ///   - resolutions: tickets resolved in the period; `surveys`: surveys of those tickets.
    public static func compute(period: String, filed: Int, backlog: Int, resolutions: [SLARecord], surveys: [SurveyRecord]) -> PeriodFacts {
        var values: [Indicator: Double] = [.volume: Double(filed), .backlog: Double(backlog)]
        func oneDecimal(_ value: Double) -> Double { (value * 10).rounded() / 10 }
        if !resolutions.isEmpty {
            values[.slaCompliance] = oneDecimal(Double(resolutions.filter(\.met).count) / Double(resolutions.count) * 100)
            values[.reopenRate] = oneDecimal(Double(resolutions.filter(\.reopened).count) / Double(resolutions.count) * 100)
            values[.medianResolutionMinutes] = SLACompliance.percentile(resolutions.map(\.resolutionMinutes).sorted(), 0.5).map(Double.init)
        }
        let scores = surveys.compactMap(\.score)
        if !surveys.isEmpty { values[.responseRate] = oneDecimal(Double(scores.count) / Double(surveys.count) * 100) }
        if scores.count >= Satisfaction.minimumAnswers {
            values[.csat] = oneDecimal(Double(scores.filter { $0 >= 4 }.count) / Double(scores.count) * 100)
        }
        return PeriodFacts(period: period, values: values, answered: scores.count)
    }
}

/// A service that pulls the CSAT down: its answers × (overall CSAT − its CSAT).
public struct ServiceImpact: Sendable, Equatable {
    public var serviceCode: String
    public var answered: Int
    public var csatPercent: Double
    /// Satisfied answers missing compared with the overall CSAT (higher pulls down more).
    public var impact: Double
}

/// The Check step of a review.
public enum ReviewCheck {
    /// The (at most) five services that pull the CSAT down most: services with at
    /// least 5 answers and a CSAT below the overall one, by answers × gap.
    public static func pullingDown(_ surveys: [SurveyRecord], limit: Int = 5) -> [ServiceImpact] {
        let answered = surveys.filter { $0.score != nil }
        guard !answered.isEmpty else { return [] }
        let overall = Double(answered.filter { $0.score! >= 4 }.count) / Double(answered.count) * 100
        return Dictionary(grouping: answered, by: \.serviceCode).compactMap { code, group -> ServiceImpact? in
            guard group.count >= Satisfaction.minimumAnswers else { return nil }
            let csat = Double(group.filter { $0.score! >= 4 }.count) / Double(group.count) * 100
            let impact = Double(group.count) * (overall - csat) / 100
            guard impact > 0 else { return nil }
            return ServiceImpact(serviceCode: code, answered: group.count, csatPercent: (csat * 10).rounded() / 10, impact: (impact * 100).rounded() / 100)
        }
        .sorted { ($0.impact, $1.serviceCode) > ($1.impact, $0.serviceCode) }
        .prefix(limit).map { $0 }
    }

    /// Up to `limit` answer comments, newest first (no names: comments only). Comments on
    /// confidential tickets are never sampled: they may name a colleague or an illness (issue 9).
    public static func comments(_ surveys: [SurveyRecord], limit: Int = 5) -> [String] {
        surveys.filter { $0.comment != nil && !$0.confidential }.sorted { $0.resolvedAt > $1.resolvedAt }.prefix(limit).compactMap(\.comment)
    }
}

/// Whether a review is still being worked on.
public enum ReviewStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case open, closed
}

/// A PDCA review of a directorate (or `SSP`, all directorates) over a period.
public struct Review: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    /// A directorate code, or `SSP` for the whole Single Service Point.
    public var scope: String
    public var period: ReviewPeriod
    /// The Plan step: targets, carried from the previous review of the scope.
    public var targets: [Target]
    public var status: ReviewStatus
    public var createdAt: Date
    public var closedAt: Date?

    public init(id: Int64, scope: String, period: ReviewPeriod, targets: [Target], status: ReviewStatus, createdAt: Date, closedAt: Date?) {
        self.id = id
        self.scope = scope
        self.period = period
        self.targets = targets
        self.status = status
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    /// The scope of the whole SSP.
    public static let wholeSSP = "SSP"
}

/// An improvement action of the Act step.
public struct ImprovementAction: Codable, Sendable, Equatable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable, Hashable {
        case open, done, dropped
    }

    public var id: Int64
    /// The review that decided it; open actions carry into the next reviews of the scope.
    public var reviewID: Int64
    public var title: String
    public var owner: String
    public var due: LocalDate
    public var status: Status

    public init(id: Int64, reviewID: Int64, title: String, owner: String, due: LocalDate, status: Status) {
        self.id = id
        self.reviewID = reviewID
        self.title = title
        self.owner = owner
        self.due = due
        self.status = status
    }
}

/// Errors of reviews.
public enum ReviewError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No such review, or one the person may not read (the two are answered alike).
    case notFound(Int64)
    /// No such improvement action, or one of a review the person may not read.
    case actionNotFound(Int64)
    /// One review per scope and period.
    case duplicate(scope: String, period: String)
    case closed(Int64)
    case invalid([FieldProblem])

    public var description: String {
        switch self {
        case let .notFound(id): "review \(id) not found"
        case let .actionNotFound(id): "improvement action \(id) not found"
        case let .duplicate(scope, period): "a review of \(scope) for \(period) exists already"
        case let .closed(id): "review \(id) is closed"
        case let .invalid(problems): problems.map(\.description).joined(separator: "; ")
        }
    }
}

/// Reviews and their actions as stored.
public protocol ReviewStore: Sendable {
    /// Stores a new review. - Throws: `ReviewError.duplicate` (one per scope and period, a constraint).
    func createReview(scope: String, period: ReviewPeriod, targets: [Target], at now: Date) async throws -> Review
    func review(id: Int64) async throws -> Review?
    /// Reviews of a scope, latest period first.
    func reviews(scope: String) async throws -> [Review]
    func closeReview(id: Int64, at now: Date) async throws -> Review
    func addAction(reviewID: Int64, title: String, owner: String, due: LocalDate, at now: Date) async throws -> ImprovementAction
    func setAction(id: Int64, status: ImprovementAction.Status, at now: Date) async throws -> ImprovementAction
    /// The improvement action `id`, or `nil`.
    func action(id: Int64) async throws -> ImprovementAction?
    /// Actions of `review`, plus the open actions of earlier reviews of its scope.
    func actions(for review: Review) async throws -> [ImprovementAction]
    /// Tickets filed in `[from, to)` and open at `to` (not resolved nor cancelled by then), in `directorates` (`nil`: all).
    func ticketCounts(from: Date, to: Date, directorates: Set<String>?) async throws -> (filed: Int, backlog: Int)
}

/// A review with everything the Check step shows.
public struct ReviewReport: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        public var target: Target
        public var actual: Double?
        /// `nil` when there is no figure (too few answers, nothing resolved).
        public var met: Bool?
        /// The indicator over the four previous periods, oldest first (`nil` where no figure).
        public var trend: [Double?]
    }

    public var review: Review
    /// This period's facts, then the four previous periods', newest first.
    public var facts: PeriodFacts
    public var history: [PeriodFacts]
    public var checks: [Check]
    public var pullingDown: [ServiceImpact]
    public var comments: [String]
    public var actions: [ImprovementAction]
    /// SLA compliance per service in the period, for the chart.
    public var slaByService: [(service: String, compliance: Double)]
    /// Tickets filed per month of the period.
    public var volumeByMonth: [(month: String, tickets: Int)]

    public init(
        review: Review, facts: PeriodFacts, history: [PeriodFacts], checks: [Check], pullingDown: [ServiceImpact],
        comments: [String], actions: [ImprovementAction], slaByService: [(service: String, compliance: Double)],
        volumeByMonth: [(month: String, tickets: Int)]
    ) {
        self.review = review
        self.facts = facts
        self.history = history
        self.checks = checks
        self.pullingDown = pullingDown
        self.comments = comments
        self.actions = actions
        self.slaByService = slaByService
        self.volumeByMonth = volumeByMonth
    }

    public static func == (a: ReviewReport, b: ReviewReport) -> Bool {
        a.review == b.review && a.facts == b.facts && a.history == b.history && a.checks == b.checks
            && a.pullingDown == b.pullingDown && a.comments == b.comments && a.actions == b.actions
    }
}
