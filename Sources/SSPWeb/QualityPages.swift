import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The Quality and Performance pages (issue 13): SLA and satisfaction dashboards with server-side
/// charts, and the PDCA reviews (create, read, act, close, print, CSV).
extension Portal {
    // MARK: Dashboards

    /// The dashboard's months (`from`…`to`, `YYYY-MM`), else the twelve months up to this one (Brussels).
    private func dashboardRange(_ query: FormBody) -> (from: String, to: String, range: MonthRange) {
        let today = LocalDate(useCases.tickets.clock.now(), in: Brussels.calendar)
        let back = today.year * 12 + today.month - 1 - 11
        let defaults = (String(format: "%04d-%02d", back / 12, back % 12 + 1), String(format: "%04d-%02d", today.year, today.month))
        if let from = query["from"], let to = query["to"], let range = MonthRange(from: from, to: to) { return (from, to, range) }
        return (defaults.0, defaults.1, MonthRange(from: defaults.0, to: defaults.1)!)
    }

    /// `GET /quality`: SLA compliance and satisfaction per month or quarter, by directorate or
    /// service, for the directorates the person may read (`Access.figures`).
    func qualityDashboard(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let query = FormBody.query(request)
        let (from, to, range) = dashboardRange(query)
        let period = ReportPeriod(rawValue: query["period"] ?? "") ?? .month
        let satisfactionPeriod: SatisfactionPeriod = period == .month ? .month : .quarter
        let dimension = SatisfactionDimension(rawValue: query["by"] ?? "").flatMap { $0 == .directorate || $0 == .service ? $0 : nil } ?? .directorate
        let readable = try Access.figures(.readReport(.sla), of: user)
        let directorates = try await useCases.catalogue.directorates(by: user).map(\.code).filter { readable?.contains($0) ?? true }
        let directorate = query["directorate"].flatMap { code in directorates.first { $0 == code } }
        let sla = try await useCases.tickets.slaCompliance(range, period: period, directorate: directorate, by: user)
        let trend = SLACompliance.summary(sla, by: nil)
        let csatTrend = try await useCases.surveys.satisfactionTrend(range, period: satisfactionPeriod, directorate: directorate, actor: user)
        let satisfaction = try await useCases.surveys.satisfaction(range, by: dimension, period: satisfactionPeriod, directorate: directorate, actor: user)
        let names = dimension == .service ? try await serviceNames(Set(sla.map(\.serviceCode) + satisfaction.map(\.group)), visit) : [:]
        func target(_ indicator: Indicator) -> Double { Target.defaults.first { $0.indicator == indicator }?.value ?? 0 }
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0) } ?? "–" }
        let slaChart = SVGChart.bars(
            title: visit.text("quality_sla_chart"), bars: trend.map { SVGChart.Bar(label: $0.period, value: $0.compliancePercent, text: percent($0.compliancePercent)) },
            maximum: 100, reference: (target(.slaCompliance), visit.text("quality_target_line").replacingOccurrences(of: "{n}", with: percent(target(.slaCompliance)))))
        let csatChart = SVGChart.bars(
            title: visit.text("quality_csat_chart"),
            bars: csatTrend.map { SVGChart.Bar(label: $0.period, value: $0.csatPercent, text: $0.tooFewAnswers ? visit.text("quality_too_few_short") : percent($0.csatPercent)) },
            maximum: 100, reference: (target(.csat), visit.text("quality_target_line").replacingOccurrences(of: "{n}", with: percent(target(.csat)))))
        let csvQuery = Self.queryString(["from": from, "to": to, "period": period.rawValue, "directorate": directorate ?? ""])
        return render(
            "quality", visit, title: visit.text("quality_title"), nav: "quality",
            [
                "from": from, "to": to, "slaChart": (trend.isEmpty ? nil : slaChart) as Any, "csatChart": (csatTrend.isEmpty ? nil : csatChart) as Any,
                "periods": ReportPeriod.allCases.map { ["value": $0.rawValue, "label": visit.text("period_" + $0.rawValue), "selected": $0 == period] },
                "dimensions": [SatisfactionDimension.directorate, .service].map {
                    ["value": $0.rawValue, "label": visit.text("dimension_" + $0.rawValue), "selected": $0 == dimension]
                },
                "directorates": directorates.map { ["code": $0, "selected": $0 == directorate] },
                "slaRows": list(
                    SLACompliance.summary(sla, by: dimension).map { row in
                        [
                            "group": names[row.group].map { "\($0) (\(row.group))" } ?? row.group, "period": row.period, "tickets": row.tickets,
                            "met": row.met, "compliance": percent(row.compliancePercent), "below": row.compliancePercent < target(.slaCompliance),
                        ]
                    }),
                "csatRows": list(
                    satisfaction.map { row in
                        [
                            "group": names[row.group].map { "\($0) (\(row.group))" } ?? row.group, "period": row.period, "sent": row.sent,
                            "answered": row.answered, "responseRate": percent(row.responseRatePercent), "csat": percent(row.csatPercent),
                            "tooFew": row.tooFewAnswers, "mean": row.meanScore.map { String(format: "%.2f", $0) } ?? "–",
                        ]
                    }),
                "minimumAnswers": Satisfaction.minimumAnswers, "slaCSV": "/quality/sla.csv?" + csvQuery,
                "readsOccupancy": Access.allows(.readReport(.occupancy), Access.roleRelations(of: user)),
                "csatCSV": "/quality/satisfaction.csv?" + csvQuery + "&by=\(dimension.rawValue)",
            ])
    }

    /// `GET /quality/sla.csv` and `GET /quality/satisfaction.csv`: the API's CSV of the dashboard's range.
    func qualityCSV(_ request: Request, _ visit: Visit, satisfaction: Bool) async throws -> Response {
        let query = FormBody.query(request)
        let (from, to, range) = dashboardRange(query)
        let period = ReportPeriod(rawValue: query["period"] ?? "") ?? .month
        let directorate = query["directorate"].flatMap { $0.isEmpty ? nil : $0 }
        let csv: String
        if satisfaction {
            let dimension = SatisfactionDimension(rawValue: query["by"] ?? "") ?? .directorate
            csv = Satisfaction.csv(
                try await useCases.surveys.satisfaction(
                    range, by: dimension, period: period == .month ? .month : .quarter, directorate: directorate, actor: visit.user!))
        } else {
            csv = SLACompliance.csv(try await useCases.tickets.slaCompliance(range, period: period, directorate: directorate, by: visit.user!))
        }
        return download(csv, type: "text/csv; charset=utf-8", name: "\(satisfaction ? "satisfaction" : "sla")-\(from)-\(to).csv")
    }

    /// A file to save (CSV, the standalone review page): never shown inside the portal.
    func download(_ text: String, type: String, name: String) -> Response {
        var headers = Self.htmlHeaders
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: PDCA reviews

    /// `GET /quality/reviews`: the reviews the person may read, and the form to create one.
    func reviewList(_ visit: Visit, problems: [FieldProblem] = [], form: FormBody? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = visit.user!
        let reviews = try await useCases.reviews.list(by: user)
        let canManage = Access.allows(.manageReviews, Access.roleRelations(of: user))
        guard canManage || !reviews.isEmpty || (try? Access.figures(.readReview, of: user)) != nil else { throw AccessError.notPermitted(.readReview) }
        let directorates = try await useCases.catalogue.directorates(by: user)
        let today = LocalDate(useCases.tickets.clock.now(), in: Brussels.calendar)
        let previousMonth = today.year * 12 + today.month - 2
        let message = { (field: String) -> String? in
            problems.first { $0.field == field }.map { problem in
                switch problem.field {
                case "period": visit.text("review_period_invalid")
                case "scope": visit.text("review_scope_invalid")
                default: problem.message
                }
            }
        }
        return render(
            "reviews", visit, title: visit.text("reviews_title"), status: status, nav: "quality",
            [
                "reviews": list(
                    reviews.map { review in
                        [
                            "id": String(review.id), "scope": review.scope, "period": review.period.label,
                            "status": visit.text("review_status_" + review.status.rawValue), "closed": review.status == .closed,
                        ]
                    }),
                "canManage": canManage,
                "scopes": [["code": Review.wholeSSP, "label": visit.text("review_whole_ssp"), "selected": form?["scope"] == Review.wholeSSP]]
                    + directorates.map { ["code": $0.code, "label": "\($0.name.text(in: visit.language)) (\($0.code))", "selected": form?["scope"] == $0.code] },
                "periodValue": form?["period"] ?? String(format: "%04d-%02d", previousMonth / 12, previousMonth % 12 + 1),
                "periodError": message("period") as Any, "scopeError": message("scope") as Any, "formError": message("form") as Any,
                "targets": Target.defaults.map { target in
                    [
                        "indicator": target.indicator.rawValue, "label": visit.text("indicator_" + target.indicator.rawValue),
                        "comparator": target.comparator == .atLeast ? "≥" : "≤", "value": form?["target." + target.indicator.rawValue] ?? ReviewExport.number(target.value),
                    ]
                },
            ])
    }

    /// `POST /quality/reviews`: creates the review of a scope and period with its targets.
    func createReview(_ request: Request, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await reviewList(visit, problems: [FieldProblem(field: "form", message: visit.text("err_form_expired"))], form: form, status: .forbidden) }
        var targets: [Target] = []
        for target in Target.defaults {
            let text = (form["target." + target.indicator.rawValue] ?? "").replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)
            guard let value = Double(text), value.isFinite, (0...100).contains(value) else {
                return try await reviewList(
                    visit, problems: [FieldProblem(field: "form", message: visit.text("review_target_invalid"))], form: form, status: .unprocessableContent)
            }
            targets.append(Target(target.indicator, target.comparator, value))
        }
        let review: Review
        do {
            review = try await useCases.reviews.create(
                scope: form["scope"] ?? "", period: (form["period"] ?? "").trimmingCharacters(in: .whitespaces).uppercased(), targets: targets, by: visit.user!)
        } catch ReviewError.invalid(let problems) {
            return try await reviewList(visit, problems: problems, form: form, status: .unprocessableContent)
        } catch ReviewError.duplicate {
            return try await reviewList(
                visit, problems: [FieldProblem(field: "form", message: visit.text("review_duplicate"))], form: form, status: .conflict)
        }
        return redirect("/quality/reviews/\(review.id)")
    }

    /// `GET /quality/reviews/:id`: the review (Plan, Do, Check, Act), printable.
    func reviewPage(_ id: String, _ visit: Visit, actionError: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = visit.user!
        let report = try await useCases.reviews.report(Int64(id) ?? 0, by: user)
        let review = report.review
        let canManage = review.status == .open && Access.allows(.manageReviews, Access.roleRelations(of: user))
        let names = try await serviceNames(Set(report.pullingDown.map(\.serviceCode)), visit)
        func value(_ indicator: Indicator, _ figure: Double?) -> String {
            guard let figure else { return "–" }
            switch indicator.unit {
            case "%": return ReviewExport.number(figure) + " %"
            case "tickets": return ReviewExport.number(figure)
            default: return Self.businessTime(Int(figure), visit)
            }
        }
        let periods = report.history.reversed().map(\.period)
        let csat = report.history.reversed().map { $0.values[.csat] } + [report.facts.values[.csat]]
        let chart = SVGChart.bars(
            title: visit.text("review_csat_chart"),
            bars: zip(periods + [report.facts.period], csat).map { SVGChart.Bar(label: $0.0, value: $0.1, text: $0.1.map { ReviewExport.number($0) + " %" } ?? "–") },
            maximum: 100, reference: report.review.targets.first { $0.indicator == .csat }.map { ($0.value, "≥ " + ReviewExport.number($0.value) + " %") })
        return render(
            "review", visit, title: "\(visit.text("review_title")) \(review.scope) \(review.period.label)", status: status, nav: "quality",
            [
                "id": String(review.id), "scope": review.scope == Review.wholeSSP ? visit.text("review_whole_ssp") : review.scope, "period": review.period.label,
                "status": visit.text("review_status_" + review.status.rawValue), "closed": review.status == .closed,
                "closedAt": visit.formats.dateTime(review.closedAt) as Any, "canManage": canManage,
                "facts": Indicator.allCases.map { ["label": visit.text("indicator_" + $0.rawValue), "value": value($0, report.facts.values[$0])] },
                "answered": report.facts.answered,
                "checks": report.checks.map { check in
                    [
                        "label": visit.text("indicator_" + check.target.indicator.rawValue),
                        "target": (check.target.comparator == .atLeast ? "≥ " : "≤ ") + value(check.target.indicator, check.target.value),
                        "actual": value(check.target.indicator, check.actual),
                        "verdict": check.met.map { visit.text($0 ? "review_met" : "review_not_met") } ?? visit.text("review_no_figure"),
                        "verdictCode": check.met.map { $0 ? "met" : "missed" } ?? "none",
                        "trend": zip(periods, check.trend).map { "\($0.0): \(value(check.target.indicator, $0.1))" }.joined(separator: " · "),
                    ]
                },
                "chart": chart,
                "pulling": list(
                    report.pullingDown.map { service in
                        [
                            "service": names[service.serviceCode].map { "\($0) (\(service.serviceCode))" } ?? service.serviceCode,
                            "csat": ReviewExport.number(service.csatPercent) + " %", "answered": service.answered,
                        ]
                    }),
                "comments": list(report.comments.map { ["text": $0] }),
                "actions": list(
                    report.actions.map { action in
                        [
                            "id": String(action.id), "title": action.title, "owner": action.owner, "due": visit.formats.date(action.due),
                            "status": visit.text("action_status_" + action.status.rawValue), "statusCode": action.status.rawValue,
                            "reviewID": String(review.id), "open": action.status == .open, "canManage": canManage,
                        ]
                    }),
                "actionError": actionError as Any, "csv": "/quality/reviews/\(review.id)/export.csv", "export": "/quality/reviews/\(review.id)/export.html",
            ])
    }

    /// `POST /quality/reviews/:id/actions`: an improvement action with its owner and due date.
    func addReviewAction(_ request: Request, _ id: String, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await reviewPage(id, visit, actionError: visit.text("err_form_expired"), status: .forbidden) }
        let title = (form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines), owner = (form["owner"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, !owner.isEmpty, let due = form["due"].flatMap(LocalDate.init(iso:)) else {
            return try await reviewPage(id, visit, actionError: visit.text("review_action_incomplete"), status: .unprocessableContent)
        }
        do {
            _ = try await useCases.reviews.addAction(to: Int64(id) ?? 0, title: String(title.prefix(300)), owner: String(owner.prefix(200)), due: due, by: visit.user!)
        } catch ReviewError.invalid(let problems) {
            return try await reviewPage(id, visit, actionError: problems.map { describe($0, visit) }.joined(separator: " "), status: .unprocessableContent)
        } catch ReviewError.closed {
            return try await reviewPage(id, visit, actionError: visit.text("review_closed_text"), status: .conflict)
        }
        return redirect("/quality/reviews/\(id)#actions")
    }

    /// `POST /quality/actions/:id`: done, dropped, or open again.
    func setReviewAction(_ request: Request, _ id: String, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        let review = form["review"] ?? ""
        guard passed, let status = form["status"].flatMap(ImprovementAction.Status.init(rawValue:)) else {
            return try await reviewPage(review, visit, actionError: visit.text("err_form_expired"), status: .forbidden)
        }
        do {
            _ = try await useCases.reviews.setAction(Int64(id) ?? 0, status: status, by: visit.user!)
        } catch ReviewError.closed {
            return try await reviewPage(review, visit, actionError: visit.text("review_closed_text"), status: .conflict)
        }
        return redirect("/quality/reviews/\(review)#actions")
    }

    /// `POST /quality/reviews/:id/close`: freezes the figures (a ticked confirmation first).
    func closeReview(_ request: Request, _ id: String, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        guard passed, form["confirm"] == "yes" else {
            return try await reviewPage(id, visit, actionError: visit.text("review_close_confirm_missing"), status: .unprocessableContent)
        }
        do { _ = try await useCases.reviews.close(Int64(id) ?? 0, by: visit.user!) } catch ReviewError.closed {}
        return redirect("/quality/reviews/\(id)")
    }

    /// `GET /quality/reviews/:id/export.csv` and `GET /quality/reviews/:id/export.html`: today's exports.
    func reviewExport(_ id: String, _ visit: Visit, html: Bool) async throws -> Response {
        let report = try await useCases.reviews.report(Int64(id) ?? 0, by: visit.user!)
        let name = "review-\(report.review.scope)-\(report.review.period.label)"
        return html
            ? download(ReviewExport.html(report, language: visit.language), type: "text/html; charset=utf-8", name: name + ".html")
            : download(ReviewExport.csv(report), type: "text/csv; charset=utf-8", name: name + ".csv")
    }
}
