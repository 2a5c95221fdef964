import Foundation

/// A reporting period: Brussels calendar months or quarters.
public enum ReportPeriod: String, Codable, Sendable, CaseIterable, Hashable {
    case month, quarter

    /// The period label of `instant` in Brussels: `2025-04` or `2025-Q2`
    /// (a ticket resolved at 2025-03-31T22:00:00Z belongs to April, 2025-Q2).
    public func label(of instant: Date) -> String {
        let date = LocalDate(instant, in: Brussels.calendar)
        return label(year: date.year, month: date.month)
    }

    /// The label of the period holding `month` of `year`.
    func label(year: Int, month: Int) -> String {
        let digits = String(year)
        let yearText = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        switch self {
        case .month: return yearText + (month < 10 ? "-0" : "-") + String(month)
        case .quarter: return yearText + "-Q" + String((month - 1) / 3 + 1)
        }
    }
}

/// What the SLA compliance report needs of one resolved ticket.
public struct SLARecord: Sendable, Equatable {
    public var directorateCode: String
    public var serviceCode: String
    public var priority: Priority
    /// UTC instant of the (last) resolution.
    public var resolvedAt: Date
    /// Business minutes to first response; `nil` when the ticket had no first-response clock.
    public var firstResponseMinutes: Int?
    /// Business minutes used by the resolution clock (pauses excluded).
    public var resolutionMinutes: Int
    public var resolutionTargetMinutes: Int
    /// Whether the ticket was reopened at least once.
    public var reopened: Bool
    /// Whether the resolution clock breached its target, by the clock's own rule
    /// (`SLAClock.isOverTarget`, counted in business seconds: 68 s of a 1-minute target is a
    /// breach even though both round to 1 minute).
    public var breached: Bool

    /// `breached` defaults to `resolutionMinutes > resolutionTargetMinutes`, which is the clock's
    /// rule only when `resolutionMinutes` is a whole number of used minutes; storage passes the
    /// clock's verdict.
    public init(
        directorateCode: String, serviceCode: String, priority: Priority, resolvedAt: Date,
        firstResponseMinutes: Int?, resolutionMinutes: Int, resolutionTargetMinutes: Int, reopened: Bool = false, breached: Bool? = nil
    ) {
        self.directorateCode = directorateCode
        self.serviceCode = serviceCode
        self.priority = priority
        self.resolvedAt = resolvedAt
        self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.resolutionTargetMinutes = resolutionTargetMinutes
        self.reopened = reopened
        self.breached = breached ?? (resolutionMinutes > resolutionTargetMinutes)
    }

    /// Met when the resolution clock did not breach (one definition of breached: issue 14).
    public var met: Bool { !breached }
}

/// One line of the SLA compliance report.
public struct SLAComplianceRow: Sendable, Equatable {
    public var directorateCode: String
    public var serviceCode: String
    public var priority: Priority
    /// `2025-04` or `2025-Q2` (Brussels calendar).
    public var period: String
    /// Tickets resolved in the period (cancelled tickets are never counted).
    public var tickets: Int
    public var met: Int
    public var breached: Int
    /// met / tickets × 100, rounded to one decimal.
    public var compliancePercent: Double
    /// Nearest-rank percentiles of business minutes; `nil` when no value.
    public var firstResponseMedian: Int?
    public var firstResponseP90: Int?
    public var resolutionMedian: Int
    public var resolutionP90: Int
}

/// The SLA compliance report (definitions in README, "Indicators").
public enum SLACompliance {
    /// Groups `records` by directorate, service, priority and Brussels period, ordered by those keys.
    public static func rows(_ records: [SLARecord], period: ReportPeriod) -> [SLAComplianceRow] {
        // A year of the whole SSP is ~10^6 records (issue 12): each period's label is made once.
        var labels: [Int: String] = [:]
        let groups = Dictionary(grouping: records) { record in
            let date = LocalDate(record.resolvedAt, in: Brussels.calendar)
            let month = date.year * 12 + date.month - 1
            let label = labels[month] ?? period.label(year: date.year, month: date.month)
            labels[month] = label
            return [record.directorateCode, record.serviceCode, record.priority.rawValue, label]
        }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let group = groups[key]!
            let met = group.filter(\.met).count
            let firstResponses = group.compactMap(\.firstResponseMinutes).sorted()
            let resolutions = group.map(\.resolutionMinutes).sorted()
            return SLAComplianceRow(
                directorateCode: key[0], serviceCode: key[1], priority: Priority(rawValue: key[2])!, period: key[3],
                tickets: group.count, met: met, breached: group.count - met,
                compliancePercent: (Double(met) / Double(group.count) * 1000).rounded() / 10,
                firstResponseMedian: percentile(firstResponses, 0.5), firstResponseP90: percentile(firstResponses, 0.9),
                resolutionMedian: percentile(resolutions, 0.5)!, resolutionP90: percentile(resolutions, 0.9)!)
        }
    }

    /// Nearest-rank percentile of sorted values: the ⌈p·n⌉-th smallest (so the
    /// median of 1, 2, 3, 4 is 2 and the p90 of ten values is the ninth).
    public static func percentile(_ sorted: [Int], _ p: Double) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The CSV header of `csv(_:)`.
    public static let csvHeader =
        "directorate,service,priority,period,tickets,met,breached,compliance_percent,first_response_median_minutes,first_response_p90_minutes,resolution_median_minutes,resolution_p90_minutes"

    /// One CSV line per row (values are codes and numbers: nothing to quote).
    public static func csv(_ rows: [SLAComplianceRow]) -> String {
        ([csvHeader]
            + rows.map { row in
                [
                    row.directorateCode, row.serviceCode, row.priority.rawValue, row.period, String(row.tickets), String(row.met),
                    String(row.breached), String(format: "%.1f", row.compliancePercent),
                    row.firstResponseMedian.map(String.init) ?? "", row.firstResponseP90.map(String.init) ?? "",
                    String(row.resolutionMedian), String(row.resolutionP90),
                ].joined(separator: ",")
            }).joined(separator: "\n") + "\n"
    }
}

/// A range of whole Brussels calendar months, `from` and `to` inclusive (`2025-01` … `2025-12`).
public struct MonthRange: Sendable, Equatable {
    /// First instant of the first month (Brussels midnight, as a UTC instant).
    public var start: Date
    /// First instant after the last month.
    public var end: Date

    /// Parses `YYYY-MM` months; `nil` when malformed or `to` is before `from`.
    public init?(from: String, to: String) {
        func month(_ text: String) -> DateComponents? {
            let parts = text.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
            else { return nil }
            return DateComponents(year: year, month: month, day: 1)
        }
        guard let first = month(from), let last = month(to),
            let start = Brussels.calendar.date(from: first), let lastStart = Brussels.calendar.date(from: last),
            let end = Brussels.calendar.date(byAdding: .month, value: 1, to: lastStart), start < end
        else { return nil }
        self.start = start
        self.end = end
    }
}

extension TicketDesk {
    /// The SLA compliance report over `range`, for the directorates `actor` may see
    /// (`Access.table`, `.readReport(.sla)`): all for quality officers and administrators, their own
    /// for agents and team leads. Confidential tickets are counted: the rows carry no subject.
    /// - Throws: `AccessError.notPermitted` for other staff, or for a `directorate` not theirs.
    public func slaCompliance(_ range: MonthRange, period: ReportPeriod, directorate: String? = nil, by actor: User) async throws -> [SLAComplianceRow] {
        let records = try await tickets.slaRecords(
            resolvedFrom: range.start, to: range.end, directorates: try Access.figures(.readReport(.sla), of: actor, directorate: directorate))
        return SLACompliance.rows(records, period: period)
    }
}

/// The SLA compliance of a group over a period: the dashboards' figures (issue 13).
public struct SLASummaryRow: Sendable, Equatable {
    /// A directorate code, a service code, or `SLACompliance.wholeScope`.
    public var group: String
    public var period: String
    public var tickets: Int
    public var met: Int
    /// met / tickets × 100, rounded to one decimal (the definition of `SLAComplianceRow`).
    public var compliancePercent: Double
}

extension SLACompliance {
    /// The group of `summary(_:by:)` without a dimension: everything the report covers.
    public static let wholeScope = "SSP"

    /// `rows` added up by directorate or service (`nil`: everything, group `wholeScope`) and
    /// period, ordered by group then period.
    public static func summary(_ rows: [SLAComplianceRow], by dimension: SatisfactionDimension?) -> [SLASummaryRow] {
        let groups = Dictionary(grouping: rows) { row -> [String] in
            let group =
                switch dimension {
                case .directorate: row.directorateCode
                case .service: row.serviceCode
                default: wholeScope
                }
            return [group, row.period]
        }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let tickets = groups[key]!.reduce(0) { $0 + $1.tickets }, met = groups[key]!.reduce(0) { $0 + $1.met }
            return SLASummaryRow(
                group: key[0], period: key[1], tickets: tickets, met: met, compliancePercent: (Double(met) / Double(tickets) * 1000).rounded() / 10)
        }
    }
}
