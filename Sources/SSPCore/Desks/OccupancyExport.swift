import Foundation

/// The occupancy report as text (terminal), CSV and the weekly heat map as SVG.
public enum OccupancyExport {
    /// A rate as a percentage with one decimal (`80.0`), empty for none.
    public static func percent(_ rate: Double?) -> String {
        Occupancy.percent(rate).map { String(format: "%.1f", $0) } ?? ""
    }

    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
    static func count(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    public static let csvHeader =
        "grouping,group,period,open_days,desks,head_count,desk_sharing_ratio,norm,bookings,no_shows,no_show_rate_pct,"
        + "booking_rate_pct,occupancy_avg_pct,occupancy_peak_pct,occupancy_p90_pct,attendance_avg_pct,attendance_peak_pct,turned_away,"
        + "peak_occupied_desks,desks_needed,desks_releasable,desks_short,target_pct"

    /// One CSV line per row; rates in percent with one decimal, empty when undefined.
    /// Group codes come from the inventory and are neutralised against spreadsheet formulas.
    public static func csv(_ rows: [OccupancyRow], target: Double) -> String {
        ([csvHeader]
            + rows.map { row in
                [
                    row.grouping.rawValue, CSV.field(row.group), row.period, String(row.openDays), String(row.desks), count(row.headCount),
                    ratio(row.deskSharingRatio), String(deskSharingNorm), String(row.bookings), String(row.noShows), percent(row.noShowRate),
                    percent(row.bookingRate), percent(row.occupancyAverage), percent(row.occupancyPeak), percent(row.occupancyP90),
                    percent(row.attendanceAverage), percent(row.attendancePeak), String(row.turnedAway), String(row.peakOccupiedDesks),
                    String(row.desksNeeded), String(row.desksReleasable), String(row.desksShort), percent(target),
                ].joined(separator: ",")
            }).joined(separator: "\n") + "\n"
    }

    /// A fixed-width table for the terminal.
    public static func text(_ rows: [OccupancyRow], building: Building, target: Double) -> String {
        let header = [
            "group", "period", "days", "desks", "people", "ratio", "bookings", "no-show", "booked", "occ avg", "occ p90",
            "occ peak", "attend", "att peak", "turned", "release", "short",
        ]
        var table = [header]
        for row in rows {
            func pct(_ v: Double?) -> String { v == nil ? "—" : percent(v) + " %" }
            table.append([
                row.group, row.period, String(row.openDays), String(row.desks), count(row.headCount),
                row.deskSharingRatio.map { String(format: "%.2f", $0) } ?? "—",
                String(row.bookings), pct(row.noShowRate), pct(row.bookingRate), pct(row.occupancyAverage), pct(row.occupancyP90),
                pct(row.occupancyPeak), pct(row.attendanceAverage), pct(row.attendancePeak), String(row.turnedAway),
                String(row.desksReleasable), String(row.desksShort),
            ])
        }
        let widths = header.indices.map { i in table.map { $0[i].count }.max()! }
        let lines = table.map { cells in
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i < 2 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return """
            Occupancy — \(building.name) (\(building.code)), norm \(deskSharingNorm) desks per person, target peak ≤ \(percent(target)) %
            ratio = desks / head-count; booked = booking rate; occ = occupancy rate (checked-in desks / available desks);
            attend = people checked in / head-count; release = desks that could go with the peak kept under the target.

            """ + lines.joined(separator: "\n") + "\n"
    }

    static let weekdayNames: [Language: [String]] = [
        .nl: ["ma", "di", "wo", "do", "vr"], .fr: ["lun", "mar", "mer", "jeu", "ven"], .en: ["Mon", "Tue", "Wed", "Thu", "Fri"],
    ]
    static let titles: [Language: (String, String)] = [
        .nl: ("Bezettingsgraad per weekdag en verdieping", "verdieping"),
        .fr: ("Taux d'occupation par jour et par étage", "étage"),
        .en: ("Occupancy rate by weekday and floor", "floor"),
    ]

    /// The weekly heat map (Monday–Friday × floor, highest floor on top) as a standalone SVG:
    /// each cell is the mean daily occupancy rate of that weekday on that floor over the range.
    public static func heatMapSVG(_ map: [Int: [Weekday: Double]], building: Building, from: LocalDate, to: LocalDate, language: Language) -> String {
        let days: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        let floors = map.keys.sorted(by: >)
        let cell = 56, rowHeight = 22, left = 80, top = 50
        let width = left + cell * days.count + 20, height = top + rowHeight * max(floors.count, 1) + 40
        let (title, floorWord) = titles[language]!
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" role=\"img\">"
        svg += "<title>\(escape(title)) — \(escape(building.name)), \(from) – \(to)</title>"
        svg += "<text x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        svg += "<text x=\"0\" y=\"32\" font-size=\"11\">\(escape(building.name)), \(from) – \(to)</text>"
        for (i, name) in weekdayNames[language]!.enumerated() {
            svg += "<text x=\"\(left + i * cell + cell / 2)\" y=\"\(top - 4)\" font-size=\"11\" text-anchor=\"middle\">\(name)</text>"
        }
        for (r, floor) in floors.enumerated() {
            let y = top + r * rowHeight
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"11\">\(floorWord) \(floor)</text>"
            for (i, day) in days.enumerated() {
                let x = left + i * cell
                guard let rate = map[floor]?[day] else {
                    svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(rowHeight - 2)\" fill=\"#eeeeee\"/>"
                    continue
                }
                // White (0 %) to dark blue (100 %); text turns white on dark cells.
                let t = min(max(rate, 0), 1)
                let color = String(format: "#%02x%02x%02x", Int(255 - t * 255), Int(255 - t * 176), Int(255 - t * 96))
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(rowHeight - 2)\" fill=\"\(color)\"/>"
                svg += "<text x=\"\(x + cell / 2 - 1)\" y=\"\(y + 15)\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(t > 0.55 ? "#ffffff" : "#000000")\">\(Int((rate * 100).rounded())) %</text>"
            }
        }
        return svg + "</svg>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A capacity plan in words, for the terminal.
    public static func text(_ plan: CapacityPlan, target: Double) -> String {
        let who = plan.administration.map { "\($0): head-count \(plan.headCountNow) → \(plan.headCountAfter)" } ?? "New tenant of \(plan.headCountAfter) people"
        return """
            \(who)
              desks now: \(plan.desksNow)
              peak attendance observed: \(plan.peakAttendance.map { percent($0) + " %" } ?? "—")
              desks needed to keep the peak ≤ \(percent(target)) %: \(plan.desksNeededAtPeak)
              desks by the 0.6 norm: \(plan.desksByNorm)
              additional desks: \(plan.additionalDesks)

            """
    }
}
