import Foundation

/// Renders a review report as text, CSV or a self-contained printable HTML page
/// with SVG charts, in Dutch, French or English.
public enum ReviewExport {
    static func words(_ language: Language) -> [String: String] {
        switch language {
        case .nl:
            [
                "title": "PDCA-evaluatie", "plan": "Plan: doelen", "do": "Do: feiten", "check": "Check", "act": "Act: verbeteracties",
                "indicator": "Indicator", "target": "Doel", "actual": "Resultaat", "met": "Gehaald", "trend": "Vorige 4 perioden",
                "yes": "ja", "no": "nee", "none": "—", "pulling": "Diensten die de tevredenheid het meest drukken", "comments": "Opmerkingen",
                "owner": "Eigenaar", "due": "Tegen", "status": "Status", "csatTrend": "CSAT-evolutie", "slaService": "SLA-naleving per dienst",
                "volume": "Volume per maand", "answers": "antwoorden", "scope": "Bereik", "period": "Periode",
                "csat": "Tevredenheid (CSAT)", "response_rate": "Responsgraad", "sla_compliance": "SLA-naleving", "reopen_rate": "Heropeningsgraad",
                "median_resolution_minutes": "Mediane oplostijd (werkminuten)", "volume_ind": "Volume", "backlog": "Achterstand",
                "tickets": "tickets", "minutes": "werkminuten",
            ]
        case .fr:
            [
                "title": "Revue PDCA", "plan": "Plan : objectifs", "do": "Do : faits", "check": "Check", "act": "Act : actions d'amélioration",
                "indicator": "Indicateur", "target": "Objectif", "actual": "Résultat", "met": "Atteint", "trend": "4 périodes précédentes",
                "yes": "oui", "no": "non", "none": "—", "pulling": "Services qui pèsent le plus sur la satisfaction", "comments": "Commentaires",
                "owner": "Responsable", "due": "Échéance", "status": "Statut", "csatTrend": "Évolution du CSAT", "slaService": "Respect du SLA par service",
                "volume": "Volume par mois", "answers": "réponses", "scope": "Périmètre", "period": "Période",
                "csat": "Satisfaction (CSAT)", "response_rate": "Taux de réponse", "sla_compliance": "Respect du SLA", "reopen_rate": "Taux de réouverture",
                "median_resolution_minutes": "Délai médian de résolution (minutes ouvrées)", "volume_ind": "Volume", "backlog": "Arriéré",
                "tickets": "tickets", "minutes": "minutes ouvrées",
            ]
        case .en:
            [
                "title": "PDCA review", "plan": "Plan: targets", "do": "Do: facts", "check": "Check", "act": "Act: improvement actions",
                "indicator": "Indicator", "target": "Target", "actual": "Actual", "met": "Met", "trend": "Previous 4 periods",
                "yes": "yes", "no": "no", "none": "—", "pulling": "Services pulling satisfaction down most", "comments": "Comments",
                "owner": "Owner", "due": "Due", "status": "Status", "csatTrend": "CSAT trend", "slaService": "SLA compliance per service",
                "volume": "Volume per month", "answers": "answers", "scope": "Scope", "period": "Period",
                "csat": "Satisfaction (CSAT)", "response_rate": "Response rate", "sla_compliance": "SLA compliance", "reopen_rate": "Reopen rate",
                "median_resolution_minutes": "Median time to resolution (business minutes)", "volume_ind": "Volume", "backlog": "Backlog",
                "tickets": "tickets", "minutes": "business minutes",
            ]
        }
    }

    static func name(_ indicator: Indicator, _ w: [String: String]) -> String {
        w[indicator == .volume ? "volume_ind" : indicator.rawValue] ?? indicator.rawValue
    }

    /// A figure for people: whole numbers without decimals, else one decimal; "—" for none.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Plain text, for the terminal.
    public static func text(_ report: ReviewReport, language: Language = .en) -> String {
        let w = words(language)
        var lines = ["\(w["title"]!) #\(report.review.id) — \(w["scope"]!) \(report.review.scope), \(w["period"]!) \(report.review.period.label) (\(report.review.status.rawValue))", ""]
        lines.append(w["do"]!)
        for indicator in Indicator.allCases {
            let trend = report.history.reversed().map { number($0.values[indicator]) }.joined(separator: " → ")
            let unit = indicator == .medianResolutionMinutes ? "" : " \(indicator.unit)"  // its name carries the unit
            lines.append("  \(name(indicator, w)): \(number(report.facts.values[indicator]))\(unit)   [\(trend)]")
        }
        lines.append("  (\(report.facts.answered) \(w["answers"]!))")
        lines += ["", "\(w["plan"]!) / \(w["check"]!)"]
        for check in report.checks {
            let verdict = check.met.map { $0 ? w["yes"]! : w["no"]! } ?? w["none"]!
            lines.append("  \(name(check.target.indicator, w)) \(check.target.comparator.rawValue) \(number(check.target.value)): \(number(check.actual)) — \(w["met"]!): \(verdict)")
        }
        lines += ["", w["pulling"]!]
        lines +=
            report.pullingDown.isEmpty
            ? ["  \(w["none"]!)"]
            : report.pullingDown.map {
                "  \($0.serviceCode): CSAT \(number($0.csatPercent)) % (\($0.answered) \(w["answers"]!)), −\(String(format: "%.2f", $0.impact))"
            }
        lines += ["", w["comments"]!]
        lines += report.comments.isEmpty ? ["  \(w["none"]!)"] : report.comments.map { "  « \($0) »" }
        lines += ["", w["act"]!]
        lines +=
            report.actions.isEmpty
            ? ["  \(w["none"]!)"]
            : report.actions.map {
                "  #\($0.id) \($0.title) — \(w["owner"]!): \($0.owner), \(w["due"]!): \($0.due), \($0.status.rawValue)\($0.reviewID != report.review.id ? " (← #\($0.reviewID))" : "")"
            }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV: one line per indicator (value, target, met, trend), then the services pulling
    /// down, comments and actions. Cells are neutralised against spreadsheet formulas.
    public static func csv(_ report: ReviewReport) -> String {
        var rows = [["section", "item", "value", "target", "met", "trend_oldest_first", "owner", "due", "status"]]
        for indicator in Indicator.allCases {
            let target = report.review.targets.first { $0.indicator == indicator }
            let met = target.flatMap { $0.isMet(by: report.facts.values[indicator]) }
            rows.append([
                "indicator", indicator.rawValue, report.facts.values[indicator].map { number($0) } ?? "",
                target.map { "\($0.comparator.rawValue) \(number($0.value))" } ?? "", met.map { $0 ? "yes" : "no" } ?? "",
                report.history.reversed().map { $0.values[indicator].map { number($0) } ?? "" }.joined(separator: ";"), "", "", "",
            ])
        }
        for service in report.pullingDown {
            rows.append(["pulling_down", service.serviceCode, number(service.csatPercent), "", "", "", "", "", ""])
        }
        for comment in report.comments { rows.append(["comment", comment, "", "", "", "", "", "", ""]) }
        for action in report.actions {
            rows.append(["action", action.title, "", "", "", "", action.owner, action.due.description, action.status.rawValue])
        }
        return rows.map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A self-contained printable HTML page (inline CSS and SVG, nothing fetched).
    public static func html(_ report: ReviewReport, language: Language) -> String {
        let w = words(language)
        func e(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let periods = report.history.reversed().map(\.period) + [report.facts.period]
        let csat = report.history.reversed().map { $0.values[.csat] } + [report.facts.values[.csat]]
        let checks = report.checks.map { check -> String in
            let verdict = check.met.map { $0 ? "✔ \(w["yes"]!)" : "✘ \(w["no"]!)" } ?? w["none"]!
            return
                "<tr><td>\(e(name(check.target.indicator, w)))</td><td>\(e(check.target.comparator.rawValue)) \(number(check.target.value))</td><td>\(number(check.actual))</td><td>\(verdict)</td><td>\(check.trend.map { number($0) }.joined(separator: " → "))</td></tr>"
        }.joined()
        func unit(_ indicator: Indicator) -> String {
            switch indicator.unit {
            case "%": "%"
            case "tickets": w["tickets"]!
            default: w["minutes"]!
            }
        }
        let facts = Indicator.allCases.map { "<tr><td>\(e(name($0, w)))</td><td>\(number(report.facts.values[$0])) \(e(unit($0)))</td></tr>" }.joined()
        let pulling = report.pullingDown.map { "<li>\(e($0.serviceCode)): CSAT \(number($0.csatPercent)) % (\($0.answered) \(w["answers"]!))</li>" }.joined()
        let comments = report.comments.map { "<li>« \(e($0)) »</li>" }.joined()
        let actions = report.actions.map {
            "<tr><td>\(e($0.title))</td><td>\(e($0.owner))</td><td>\($0.due)</td><td>\($0.status.rawValue)</td></tr>"
        }.joined()
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <title>\(e(w["title"]!)) \(e(report.review.scope)) \(e(report.review.period.label))</title>
            <style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}h2{border-bottom:2px solid #004f9f;color:#004f9f}svg{display:block;margin:.5em 0}@media print{h2{page-break-after:avoid}}</style>
            </head><body>
            <h1>\(e(w["title"]!)) — \(e(report.review.scope)), \(e(report.review.period.label))</h1>
            <h2>\(e(w["do"]!))</h2><table>\(facts)</table>
            <h2>\(e(w["plan"]!)) · \(e(w["check"]!))</h2>
            <table><tr><th>\(e(w["indicator"]!))</th><th>\(e(w["target"]!))</th><th>\(e(w["actual"]!))</th><th>\(e(w["met"]!))</th><th>\(e(w["trend"]!))</th></tr>\(checks)</table>
            <h3>\(e(w["csatTrend"]!))</h3>\(lineChart(labels: periods, values: csat))
            <h3>\(e(w["slaService"]!))</h3>\(barChart(report.slaByService.map { ($0.service, $0.compliance) }, maximum: 100, unit: "%"))
            <h3>\(e(w["volume"]!))</h3>\(barChart(report.volumeByMonth.map { ($0.month, Double($0.tickets)) }, maximum: nil, unit: ""))
            <h3>\(e(w["pulling"]!))</h3><ul>\(pulling.isEmpty ? "<li>\(w["none"]!)</li>" : pulling)</ul>
            <h3>\(e(w["comments"]!))</h3><ul>\(comments.isEmpty ? "<li>\(w["none"]!)</li>" : comments)</ul>
            <h2>\(e(w["act"]!))</h2>
            <table><tr><th>\(e(w["act"]!))</th><th>\(e(w["owner"]!))</th><th>\(e(w["due"]!))</th><th>\(e(w["status"]!))</th></tr>\(actions)</table>
            </body></html>

            """
    }

    /// A line chart of percentages (0–100) over labelled points; gaps where no figure.
    static func lineChart(labels: [String], values: [Double?]) -> String {
        let width = 120 * max(labels.count, 1), height = 160
        func x(_ i: Int) -> Int { 60 + i * 110 }
        func y(_ v: Double) -> Int { 130 - Int(v * 1.1) }
        let points = values.enumerated().compactMap { i, v in v.map { "\(x(i)),\(y($0))" } }.joined(separator: " ")
        let dots = values.enumerated().compactMap { i, v in
            v.map { "<circle cx=\"\(x(i))\" cy=\"\(y($0))\" r=\"4\" fill=\"#004f9f\"/><text x=\"\(x(i))\" y=\"\(y($0) - 8)\" font-size=\"11\" text-anchor=\"middle\">\(number($0))</text>" }
        }.joined()
        let axis = labels.enumerated().map { "<text x=\"\(x($0.offset))\" y=\"150\" font-size=\"11\" text-anchor=\"middle\">\($0.element)</text>" }.joined()
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\"><line x1=\"40\" y1=\"130\" x2=\"\(width)\" y2=\"130\" stroke=\"#999\"/><polyline fill=\"none\" stroke=\"#004f9f\" stroke-width=\"2\" points=\"\(points)\"/>\(dots)\(axis)</svg>"
    }

    /// Horizontal bars; `maximum` fixes the scale (100 for percentages), else the largest value.
    static func barChart(_ bars: [(String, Double)], maximum: Double?, unit: String) -> String {
        let top = max(maximum ?? bars.map(\.1).max() ?? 1, 1)
        let height = 22 * max(bars.count, 1) + 10
        let rows = bars.enumerated().map { i, bar in
            let length = Int(bar.1 / top * 300)
            return
                "<text x=\"0\" y=\"\(i * 22 + 16)\" font-size=\"11\">\(bar.0)</text><rect x=\"90\" y=\"\(i * 22 + 4)\" width=\"\(length)\" height=\"16\" fill=\"#4f8fd0\"/><text x=\"\(95 + length)\" y=\"\(i * 22 + 16)\" font-size=\"11\">\(number(bar.1))\(unit)</text>"
        }.joined()
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"460\" height=\"\(height)\" role=\"img\">\(rows)</svg>"
    }
}
