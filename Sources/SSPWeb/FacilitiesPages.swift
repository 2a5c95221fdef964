import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The facilities pages (issue 13): the floor view of a day, out-of-service periods, booking for a
/// colleague, and the occupancy dashboard against the 0.6 norm.
extension Portal {
    // MARK: Floor view

    /// `GET /facilities/floor?date=&floor=&zone=`: the desks of a floor on a day.
    func floorView(
        _ request: Request, _ visit: Visit, notice: String? = nil, outageError: String? = nil, bookingError: String? = nil,
        status: HTTPResponse.Status = .ok, form: FormBody? = nil
    ) async throws -> Response {
        let user = visit.user!
        let query = FormBody.query(request)
        func chosen(_ key: String) -> String? { form?[key] ?? query[key] }
        let building = try await useCases.desks.building(chosen("building"))
        let today = building.localDate(of: useCases.tickets.clock.now())
        let date = chosen("date").flatMap(LocalDate.init(iso:)) ?? today
        let zone = chosen("zone").flatMap { $0.isEmpty ? nil : $0 }
        let plan: FloorPlan
        do {
            plan = try await useCases.desks.floorPlan(building: building.code, floor: chosen("floor").flatMap(Int.init), zone: zone, date: date, by: user)
        } catch DeskError.zoneNotFound {
            plan = try await useCases.desks.floorPlan(building: building.code, floor: chosen("floor").flatMap(Int.init), zone: nil, date: date, by: user)
        }
        let floor = plan.desks.first?.floor ?? chosen("floor").flatMap(Int.init) ?? plan.floors.first ?? 0
        func state(_ state: FloorDesk.State, _ holder: String?) -> [String: Any] {
            ["code": state.rawValue, "label": visit.text("floor_" + state.rawValue), "holder": holder as Any]
        }
        let counts = Dictionary(grouping: plan.desks.flatMap { [$0.morning, $0.afternoon] }, by: { $0 }).mapValues(\.count)
        let people = try await useCases.people.people(Set(plan.noShows.map(\.userID)), by: user)
        return render(
            "floor", visit, title: visit.text("floor_title"), status: status, nav: "facilities",
            [
                "building": building.name, "buildingCode": building.code, "date": date.description, "dateText": visit.formats.date(date),
                "floors": plan.floors.map { ["value": String($0), "label": visit.text("desk_floor", n: $0), "selected": $0 == floor] },
                "zones": plan.zones.filter { $0.floor == floor }.map { ["code": $0.code, "selected": $0.code == zone] },
                "desks": list(
                    plan.desks.map { desk in
                        [
                            "code": desk.desk.code, "zone": desk.desk.zoneCode, "kind": visit.text("desk_kind_" + desk.desk.kind.rawValue),
                            "morning": state(desk.morning, desk.morningHolder), "afternoon": state(desk.afternoon, desk.afternoonHolder),
                            "out": desk.morning == .outOfService, "reason": desk.outage?.reason as Any,
                            "until": desk.outage.map { visit.formats.date($0.to) } as Any,
                        ]
                    }),
                "summary": FloorDesk.State.allCases.map { ["label": visit.text("floor_" + $0.rawValue), "count": counts[$0] ?? 0, "code": $0.rawValue] },
                "noShows": list(
                    plan.noShows.map { booking in
                        ["desk": booking.deskCode, "slot": visit.text("slot_" + booking.slot.rawValue), "who": people[booking.userID]?.name ?? ""]
                    }),
                "deskCodes": plan.desks.map { ["code": $0.desk.code, "selected": $0.desk.code == form?["desk"]] },
                "notice": notice as Any, "outageError": outageError as Any, "bookingError": bookingError as Any,
                "outageFrom": form?["from"] ?? date.description, "outageTo": form?["to"] ?? date.description, "outageReason": form?["reason"] ?? "",
                "bookEmail": form?["email"] ?? "", "slots": Slot.allCases.map { ["value": $0.rawValue, "label": visit.text("slot_" + $0.rawValue)] },
            ])
    }

    /// The floor view's address for the day, floor and zone a form was sent from.
    private func floorAddress(_ form: FormBody, notice: String) -> String {
        "/facilities/floor?"
            + Self.queryString(["date": form["date"] ?? "", "floor": form["floor"] ?? "", "zone": form["zone"] ?? "", "done": notice])
    }

    /// `POST /facilities/outages`: a desk out of service from one day to another, with a reason.
    func addOutage(_ request: Request, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await floorView(request, visit, outageError: visit.text("err_form_expired"), status: .forbidden, form: form) }
        let desk = form["desk"] ?? "", reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let from = form["from"].flatMap(LocalDate.init(iso:)), let to = form["to"].flatMap(LocalDate.init(iso:)), from <= to else {
            return try await floorView(request, visit, outageError: visit.text("err_not_date"), status: .unprocessableContent, form: form)
        }
        guard !reason.isEmpty else {
            return try await floorView(request, visit, outageError: visit.text("floor_reason_required"), status: .unprocessableContent, form: form)
        }
        do {
            try await useCases.desks.addOutage(DeskOutage(deskCode: desk, from: from, to: to, reason: String(reason.prefix(200))), by: visit.user!)
        } catch DeskError.deskNotFound {
            return try await floorView(request, visit, outageError: visit.text("not_found_text"), status: .unprocessableContent, form: form)
        } catch DeskError.invalid(let problems) {
            return try await floorView(
                request, visit, outageError: problems.map { describe($0, visit) }.joined(separator: " "), status: .unprocessableContent, form: form)
        }
        return redirect(floorAddress(form, notice: "outage"))
    }

    /// `POST /facilities/bookings`: books a desk for a colleague (by e-mail).
    func bookForColleague(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await floorView(request, visit, bookingError: visit.text("err_form_expired"), status: .forbidden, form: form) }
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let person = try await useCases.people.person(email: email, by: user), person.active else {
            return try await floorView(request, visit, bookingError: visit.text("floor_no_person"), status: .unprocessableContent, form: form)
        }
        guard let date = form["date"].flatMap(LocalDate.init(iso:)), let slot = form["slot"].flatMap(Slot.init(rawValue:)) else {
            return try await floorView(request, visit, bookingError: visit.text("err_not_date"), status: .unprocessableContent, form: form)
        }
        do {
            _ = try await useCases.desks.book(for: person, date: date, slot: slot, desk: form["desk"], by: user)
        } catch let error as DeskError {
            return try await floorView(request, visit, bookingError: describe(error, visit), status: .unprocessableContent, form: form)
        }
        return redirect(floorAddress(form, notice: "booked"))
    }

    // MARK: Occupancy dashboard

    /// The range of the dashboard: `from`…`to` of the address, else the twelve months up to today.
    private func occupancyRange(_ query: FormBody, today: LocalDate) -> (LocalDate, LocalDate) {
        let to = query["to"].flatMap(LocalDate.init(iso:)) ?? today
        // Twelve calendar months: the first day of the month eleven months back.
        let monthIndex = to.year * 12 + to.month - 1 - 11
        let from = query["from"].flatMap(LocalDate.init(iso:)) ?? LocalDate(year: monthIndex / 12, month: monthIndex % 12 + 1, day: 1)
        return (min(from, to), to)
    }

    /// `GET /facilities/occupancy`: occupancy against the norm by building, floor, zone and
    /// administration over a period, its trend per month, the weekday × floor heat map, and the
    /// capacity planning form.
    func occupancyDashboard(_ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let query = FormBody.query(request)
        let building = try await useCases.desks.building(query["building"])
        let (from, to) = occupancyRange(query, today: building.localDate(of: useCases.tickets.clock.now()))
        let grouping = query["by"].flatMap(OccupancyGrouping.init(rawValue:)) ?? .floor
        var rangeError: String?
        let facts: OccupancyFacts
        do {
            facts = try await useCases.desks.facts(user, building: building.code, from: from, to: to)
        } catch DeskError.invalid {
            rangeError = visit.text("occupancy_range_error", n: DeskBooking.maximumReportDays)
            facts = try await useCases.desks.facts(user, building: building.code, from: to.adding(days: -30), to: to)
        }
        let target = 0.9
        let rows = Occupancy.report(facts, by: grouping, bucket: .month, target: target)
        let whole = Occupancy.report(facts, by: .building, bucket: .month, target: target)
        func percent(_ rate: Double?) -> String { rate.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
        let trend = SVGChart.bars(
            title: visit.text("occupancy_trend_title"),
            bars: whole.map { SVGChart.Bar(label: $0.period, value: $0.occupancyAverage.map { $0 * 100 }, text: percent($0.occupancyAverage)) },
            maximum: 100, reference: (target * 100, visit.text("occupancy_target_line")))
        let ratio = SVGChart.bars(
            title: visit.text("occupancy_ratio_title"),
            bars: whole.map { SVGChart.Bar(label: $0.period, value: $0.deskSharingRatio, text: $0.deskSharingRatio.map { String(format: "%.2f", $0) } ?? "–") },
            maximum: max(1, whole.compactMap(\.deskSharingRatio).max() ?? 1), reference: (deskSharingNorm, visit.text("occupancy_norm_line")))
        var capacity: [String: Any]?
        if let change = query["change"].flatMap(Int.init) {
            let administration = (query["administration"] ?? "").isEmpty ? nil : query["administration"]
            if let plan = try? Occupancy.capacity(facts, administration: administration, change: change, target: target) {
                capacity = [
                    "who": administration ?? visit.text("capacity_new_tenant"), "now": plan.headCountNow, "after": plan.headCountAfter, "desksNow": plan.desksNow,
                    "peak": percent(plan.peakAttendance), "atPeak": plan.desksNeededAtPeak, "byNorm": plan.desksByNorm, "additional": plan.additionalDesks,
                ]
            }
        }
        let administrations = Set(facts.zones.compactMap(\.administration)).sorted()
        return render(
            "occupancy", visit, title: visit.text("occupancy_title"), nav: "facilities",
            [
                "building": building.name, "from": from.description, "to": to.description, "rangeError": rangeError as Any,
                "groupings": OccupancyGrouping.allCases.map { ["value": $0.rawValue, "label": visit.text("grouping_" + $0.rawValue), "selected": $0 == grouping] },
                "rows": list(
                    rows.map { row in
                        [
                            "group": grouping == .floor ? visit.text("desk_floor", n: Int(row.group) ?? 0) : row.group, "period": row.period, "desks": row.desks,
                            "headCount": Int(row.headCount.rounded()),
                            "ratio": row.deskSharingRatio.map { String(format: "%.2f", $0) } ?? "–",
                            "belowNorm": (row.deskSharingRatio ?? 1) < deskSharingNorm, "occupancy": percent(row.occupancyAverage),
                            "peak": percent(row.occupancyPeak), "booking": percent(row.bookingRate), "noShow": percent(row.noShowRate),
                            "releasable": row.desksReleasable, "short": row.desksShort,
                        ]
                    }),
                "trend": trend, "ratioChart": ratio,
                "heatMap": OccupancyExport.heatMapSVG(Occupancy.heatMap(facts), building: facts.building, from: from, to: to, language: visit.language),
                "csv": "/facilities/occupancy.csv?" + Self.queryString(["from": from.description, "to": to.description, "by": grouping.rawValue]),
                "administrations": administrations.map { ["code": $0, "selected": $0 == query["administration"]] },
                "change": query["change"] ?? "", "capacity": capacity as Any, "norm": String(format: "%.1f", deskSharingNorm),
            ])
    }

    /// `GET /facilities/occupancy.csv`: the dashboard's table as CSV (the API's columns).
    func occupancyCSV(_ request: Request, _ visit: Visit) async throws -> Response {
        let query = FormBody.query(request)
        let building = try await useCases.desks.building(query["building"])
        let (from, to) = occupancyRange(query, today: building.localDate(of: useCases.tickets.clock.now()))
        let facts = try await useCases.desks.facts(visit.user!, building: building.code, from: from, to: to)
        let grouping = query["by"].flatMap(OccupancyGrouping.init(rawValue:)) ?? .floor
        let csv = OccupancyExport.csv(Occupancy.report(facts, by: grouping, bucket: .month, target: 0.9), target: 0.9)
        var headers = Self.htmlHeaders
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"occupancy-\(building.code)-\(from)-\(to).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
