import Foundation

/// The PDCA review use cases: create (Plan, targets carried over), report (Do and Check), actions (Act), close.
public struct ReviewDesk: Sendable {
    public let reviews: any ReviewStore
    public let tickets: any TicketStore
    public let surveys: any SurveyStore
    public let catalogue: any CatalogueStore
    public let clock: any Clock

    public init(reviews: any ReviewStore, tickets: any TicketStore, surveys: any SurveyStore, catalogue: any CatalogueStore, clock: any Clock) {
        self.reviews = reviews
        self.tickets = tickets
        self.surveys = surveys
        self.catalogue = catalogue
        self.clock = clock
    }

    /// Creates the review of `scope` (a directorate code or `SSP`) for `periodLabel`
    /// (`2026-09`, `2026-Q3`, `2026`) for `actor` (quality officers and administrators:
    /// `Access.table`, `.manageReviews`). Targets: `targets` if given, else those of the
    /// scope's latest earlier review, else `Target.defaults`.
    /// - Throws: `AccessError.notPermitted`, `ReviewError.invalid` (unknown scope, bad period), `.duplicate`.
    public func create(scope: String, period periodLabel: String, targets: [Target]? = nil, by actor: User) async throws -> Review {
        try Access.require(.manageReviews, actor)
        var problems: [FieldProblem] = []
        if scope != Review.wholeSSP, try await catalogue.directorate(code: scope) == nil {
            problems.append(FieldProblem(field: "scope", message: "'\(scope)' is neither SSP nor a directorate code"))
        }
        let period = ReviewPeriod(label: periodLabel)
        if period == nil { problems.append(FieldProblem(field: "period", message: "'\(periodLabel)' is not YYYY-MM, YYYY-Qn or YYYY")) }
        guard problems.isEmpty, let period else { throw ReviewError.invalid(problems) }
        let carried = try await reviews.reviews(scope: scope).first { $0.period.start < period.start }?.targets
        return try await reviews.createReview(scope: scope, period: period, targets: targets ?? carried ?? Target.defaults, at: clock.now())
    }

    /// The review with its facts, checks against targets, trend over the four previous
    /// periods, the services pulling CSAT down, a sample of comments and the actions,
    /// for `actor` (`.readReview`: a directorate's agents and team leads read its reviews,
    /// quality officers and administrators every review, the SSP-wide one included).
    /// - Throws: `ReviewError.notFound` for a missing review or one `actor` may not read.
    public func report(_ id: Int64, by actor: User) async throws -> ReviewReport {
        try await report(try await readable(id, by: actor))
    }

    /// Closes review `id`: its figures are frozen as read at closing.
    /// - Throws: `ReviewError.notFound` (missing or unreadable), `AccessError.notPermitted`, `ReviewError.closed`.
    public func close(_ id: Int64, by actor: User) async throws -> ReviewReport {
        let review = try await managed(id, by: actor)
        _ = try await reviews.closeReview(id: review.id, at: clock.now())
        return try await report(review.id, by: actor)
    }

    /// Adds an improvement action (Act) to review `id`, owned by `owner` (a name or team) and due on `due` (Brussels date).
    /// Title and owner are required, each one line within `TextRule.line`.
    /// - Throws: `ReviewError.notFound`, `AccessError.notPermitted`, `ReviewError.invalid`, `.closed`.
    public func addAction(to id: Int64, title: String, owner: String, due: LocalDate, by actor: User) async throws -> ImprovementAction {
        let review = try await managed(id, by: actor)
        var problems: [FieldProblem] = []
        for (field, text) in [("title", title), ("owner", owner)] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { problems.append(FieldProblem(field: field, message: "required", code: .required)) }
            problems += TextRule.line.problems(trimmed, field: field)
        }
        guard problems.isEmpty else { throw ReviewError.invalid(problems) }
        return try await reviews.addAction(reviewID: review.id, title: title, owner: owner, due: due, at: clock.now())
    }

    /// Sets the status of improvement action `id` (done, dropped, open again).
    /// - Throws: `ReviewError.actionNotFound` (missing, or of a review `actor` may not read), `AccessError.notPermitted`.
    public func setAction(_ id: Int64, status: ImprovementAction.Status, by actor: User) async throws -> ImprovementAction {
        guard let action = try await reviews.action(id: id) else { throw ReviewError.actionNotFound(id) }
        do { _ = try await managed(action.reviewID, by: actor) } catch ReviewError.notFound { throw ReviewError.actionNotFound(id) }
        return try await reviews.setAction(id: id, status: status, at: clock.now())
    }

    /// The reviews `actor` may read (`.readReview`), the SSP-wide ones first, then by directorate,
    /// each scope's latest period first.
    public func list(by actor: User) async throws -> [Review] {
        let scopes = [Review.wholeSSP] + (try await catalogue.snapshot().directorates.map(\.code))
        var found: [Review] = []
        for scope in scopes { found += try await reviews.reviews(scope: scope).filter { mayRead($0, actor) } }
        return found
    }

    private func mayRead(_ review: Review, _ actor: User) -> Bool {
        let relations = review.scope == Review.wholeSSP ? Access.roleRelations(of: actor) : Access.relations(of: actor, toDirectorate: review.scope)
        return Access.allows(.readReview, relations)
    }

    private func readable(_ id: Int64, by actor: User) async throws -> Review {
        guard let review = try await reviews.review(id: id), mayRead(review, actor) else { throw ReviewError.notFound(id) }
        return review
    }

    private func managed(_ id: Int64, by actor: User) async throws -> Review {
        let review = try await readable(id, by: actor)
        try Access.require(.manageReviews, actor)
        return review
    }

    private func report(_ review: Review) async throws -> ReviewReport {
        let directorates: Set<String>? = review.scope == Review.wholeSSP ? nil : [review.scope]
        let (facts, resolutions, answers) = try await self.facts(review.period, directorates: directorates)
        var history: [PeriodFacts] = []
        for back in 1...4 { history.append(try await self.facts(review.period.previous(back), directorates: directorates).0) }
        let checks = review.targets.map { target in
            ReviewReport.Check(
                target: target, actual: facts.values[target.indicator], met: target.isMet(by: facts.values[target.indicator]),
                trend: history.reversed().map { $0.values[target.indicator] })
        }
        var slaByService: [(service: String, compliance: Double)] = []
        for (service, group) in Dictionary(grouping: resolutions, by: \.serviceCode) {
            let met = Double(group.filter(\.met).count)
            let compliance: Double = (met / Double(group.count) * 1000).rounded() / 10
            slaByService.append((service: service, compliance: compliance))
        }
        slaByService.sort { $0.service < $1.service }
        var volumeByMonth: [(month: String, tickets: Int)] = []
        var month = ReviewPeriod(label: SatisfactionPeriod.month.label(of: review.period.start))!
        while month.start < review.period.end {
            volumeByMonth.append((month.label, try await reviews.ticketCounts(from: month.start, to: month.end, directorates: directorates).filed))
            month = ReviewPeriod(label: SatisfactionPeriod.month.label(of: month.end))!
        }
        return ReviewReport(
            review: review, facts: facts, history: history, checks: checks,
            pullingDown: ReviewCheck.pullingDown(answers), comments: ReviewCheck.comments(answers),
            actions: try await reviews.actions(for: review), slaByService: slaByService, volumeByMonth: volumeByMonth)
    }

    private func facts(_ period: ReviewPeriod, directorates: Set<String>?) async throws -> (PeriodFacts, [SLARecord], [SurveyRecord]) {
        let counts = try await reviews.ticketCounts(from: period.start, to: period.end, directorates: directorates)
        let resolutions = try await tickets.slaRecords(resolvedFrom: period.start, to: period.end, directorates: directorates)
        let answers = try await surveys.surveyRecords(resolvedFrom: period.start, to: period.end, directorates: directorates)
        return (
            PeriodFacts.compute(period: period.label, filed: counts.filed, backlog: counts.backlog, resolutions: resolutions, surveys: answers),
            resolutions, answers
        )
    }
}
