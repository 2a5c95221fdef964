import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The desk pages: book (a desk on the floor grid, or any free one of a zone), my bookings with
/// check-in and cancellation, and the desk's own check-in link (the QR code on the desk).
extension Portal {
    /// The booking page for the date, slot and zone of the address, or of `form` (a refused booking
    /// comes back on the day, slot and zone the person chose, not on today).
    func desks(
        _ request: Request, _ visit: Visit, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok, form: FormBody? = nil
    ) async throws -> Response {
        let user = visit.user!
        let zones = try await useCases.desks.zones(user)
        guard !zones.isEmpty, let building = try? await useCases.desks.building(zones.first?.buildingCode) else {
            return message(visit, status: .ok, title: "desks_title", text: "desk_none")
        }
        let today = building.localDate(of: useCases.tickets.clock.now())
        let horizon = today.adding(days: building.bookingHorizonDays)
        let address = request.uri.queryParameters
        func chosen(_ key: String) -> String? { form?[key] ?? address.get(key) }
        let date = chosen("date").flatMap(LocalDate.init(iso:)).map { min(max($0, today), horizon) } ?? today
        let slot = chosen("slot").flatMap(Slot.init(rawValue:)) ?? .day
        // The zone asked for, else the person's administration's zones, else the first zone.
        let asked = chosen("zone").flatMap { code in zones.first { $0.code == code }?.code }
        let mine = zones.filter { $0.administration != nil && $0.administration == user.administration }
        let zone = asked ?? (mine.isEmpty ? zones.first?.code : nil)
        // A closed day or a passed check-in deadline: said, and no grid of desks that cannot be booked.
        let refusal = try await useCases.desks.dayRefusal(user, date: date, slot: slot, zone: zone)
        let shown = refusal == nil ? try await useCases.desks.availability(user, date: date, slot: slot, zone: zone) : []
        let notice =
            notice ?? address.get("booked").map { "\(visit.text("desk_booked")) \($0)" }
            ?? address.get("checked").map { visit.text("desk_checked_in").replacingOccurrences(of: "{desk}", with: $0) }
        let floors = Dictionary(grouping: shown, by: \.floor).sorted { $0.key < $1.key }.map { floor, desks in
            [
                "number": floor, "label": visit.text("desk_floor", n: floor),
                "zones": Dictionary(grouping: desks, by: \.desk.zoneCode).sorted { $0.key < $1.key }.map { code, desks in
                    let free = desks.filter(\.free).count
                    return [
                        "code": code, "freeCount": visit.text("desk_free_count", n: free), "anyFree": free > 0,
                        "desks": desks.sorted { $0.desk.code < $1.desk.code }.map { availability in
                            let fixed = !availability.desk.isBookable(by: user.id)
                            let state = availability.outOfService ? "out" : availability.free ? "free" : "taken"
                            let label = visit.text(
                                availability.outOfService ? "desk_out_of_service" : availability.free ? "desk_free" : fixed ? "desk_fixed" : "desk_taken")
                            return [
                                "code": availability.desk.code, "short": String(availability.desk.code.split(separator: "-").last ?? ""),
                                "free": availability.free, "state": state, "stateLabel": label,
                            ] as [String: Any]
                        },
                    ] as [String: Any]
                },
            ] as [String: Any]
        }
        let bookings = try await useCases.desks.bookings(user, from: today, to: horizon).filter { $0.state != .cancelled }
        return render(
            "desks", visit, title: visit.text("desks_title"), status: status, nav: "desks",
            [
                "notice": notice as Any, "error": error as Any, "refusal": (error == nil ? refusal.map { describe($0, visit) } : nil) as Any, "date": date.description, "today": today.description,
                "horizon": horizon.description,
                "slot": slot.rawValue,
                "slots": Slot.allCases.map { ["value": $0.rawValue, "label": visit.text("slot_" + $0.rawValue), "selected": $0 == slot] },
                "zones": zones.map { ["code": $0.code, "selected": $0.code == zone] },
                "floors": floors,
                "bookings": list(
                    bookings.map { booking in
                        [
                            "id": String(booking.id), "date": visit.formats.date(booking.date), "slot": visit.text("slot_" + booking.slot.rawValue),
                            "desk": booking.deskCode, "zone": booking.zoneCode, "state": visit.text("state_" + booking.state.rawValue),
                            "active": booking.state == .booked,
                        ]
                    }),
            ])
    }

    func bookDesk(_ request: Request, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await desks(request, visit, error: visit.text("err_form_expired"), status: .forbidden) }
        guard let date = form["date"].flatMap(LocalDate.init(iso:)), let slot = form["slot"].flatMap(Slot.init(rawValue:)) else {
            return try await desks(request, visit, error: visit.text("err_not_date"), status: .unprocessableContent)
        }
        let desk = form["desk"].flatMap { $0.isEmpty ? nil : $0 }
        let zone = desk == nil ? form["zone"].flatMap { $0.isEmpty ? nil : $0 } : nil
        do {
            let booking = try await useCases.desks.book(visit.user!, date: date, slot: slot, desk: desk, zone: zone)
            return redirect("/desks?date=\(date)&slot=\(slot.rawValue)&booked=\(booking.deskCode)")
        } catch let error as DeskError {
            // A refused day is said on the page itself, in the person's language (not as the API's English problem).
            let refusal = (try? await useCases.desks.dayRefusal(visit.user!, date: date, slot: slot, zone: zone)) ?? nil
            return try await desks(request, visit, error: refusal.map { describe($0, visit) } ?? describe(error, visit), status: .conflict, form: form)
        }
    }

    func bookingAction(_ request: Request, _ id: String, checkIn: Bool, _ visit: Visit) async throws -> Response {
        let (_, passed) = try await checkedForm(request, visit)
        guard passed else { return try await desks(request, visit, error: visit.text("err_form_expired"), status: .forbidden) }
        guard let id = Int64(id) else { throw DeskError.bookingNotFound(0) }
        do {
            if checkIn {
                let booking = try await useCases.desks.checkIn(visit.user!, booking: id)
                return redirect("/desks?checked=\(booking.deskCode)")
            }
            _ = try await useCases.desks.cancel(visit.user!, booking: id)
            return redirect("/desks")
        } catch let error as DeskError where !(error == .bookingNotFound(id)) {
            return try await desks(request, visit, error: describe(error, visit), status: .conflict)
        }
    }

    func cancelRange(_ request: Request, _ visit: Visit) async throws -> Response {
        let (form, passed) = try await checkedForm(request, visit)
        guard passed else { return try await desks(request, visit, error: visit.text("err_form_expired"), status: .forbidden) }
        guard let from = form["from"].flatMap(LocalDate.init(iso:)), let to = form["to"].flatMap(LocalDate.init(iso:)) else {
            return try await desks(request, visit, error: visit.text("err_not_date"), status: .unprocessableContent)
        }
        do {
            let cancelled = try await useCases.desks.cancel(visit.user!, from: from, to: to)
            return try await desks(request, visit, notice: visit.text("desk_cancelled_n", n: cancelled.count))
        } catch let error as DeskError {
            return try await desks(request, visit, error: describe(error, visit), status: .unprocessableContent)
        }
    }

    /// The page the desk's QR code opens: anonymous visitors sign in first and come back here.
    /// The page of a desk's QR-code link: check in at it. An unknown desk gets the not-found page
    /// (no check-in button that could only fail).
    func deskLink(_ code: String, _ visit: Visit, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        do { _ = try await useCases.desks.desk(visit.user!, code: code) } catch DeskError.deskNotFound { throw TicketError.ticketNotFound(code) }
        let heading = visit.text("desk_link_title").replacingOccurrences(of: "{desk}", with: code)
        return render("desk-link", visit, title: heading, status: status, ["code": code, "heading": heading, "error": error as Any])
    }

    func deskCheckIn(_ request: Request, _ code: String, _ visit: Visit) async throws -> Response {
        let (_, passed) = try await checkedForm(request, visit)
        guard passed else { return try await deskLink(code, visit, error: visit.text("err_form_expired"), status: .forbidden) }
        do {
            let booking = try await useCases.desks.checkIn(visit.user!, atDesk: code)
            let text = visit.text("desk_checked_in").replacingOccurrences(of: "{desk}", with: booking.deskCode)
            return message(visit, status: .ok, title: "desk_check_in", text: "", textValue: text)
        } catch DeskError.deskNotFound {
            throw TicketError.ticketNotFound(code)
        } catch let error as DeskError {
            return try await deskLink(code, visit, error: describe(error, visit), status: .conflict)
        }
    }

    /// Why no desk can be booked that day, in the person's language.
    func describe(_ refusal: BookingDayRefusal, _ visit: Visit) -> String {
        switch refusal {
        case .past: visit.text("desk_day_past")
        case let .beyondHorizon(lastDay): visit.text("desk_day_beyond").replacingOccurrences(of: "{date}", with: visit.formats.date(lastDay))
        case .closed: visit.text("desk_day_closed")
        case let .deadlinePassed(deadline): visit.text("desk_day_deadline").replacingOccurrences(of: "{t}", with: visit.formats.dateTime(deadline) ?? "")
        }
    }

    /// A desk refusal in the person's language (the English description for the rare ones pages do not know).
    func describe(_ error: DeskError, _ visit: Visit) -> String {
        let formats = visit.formats
        switch error {
        case .deskTaken: return visit.text("desk_err_taken")
        case .alreadyBooked: return visit.text("desk_err_already")
        case .noFreeDesk: return visit.text("desk_err_none_free")
        case let .checkInNotOpen(opensAt): return visit.text("desk_err_not_open").replacingOccurrences(of: "{t}", with: formats.dateTime(opensAt) ?? "")
        case let .checkInClosed(deadline): return visit.text("desk_err_closed").replacingOccurrences(of: "{t}", with: formats.dateTime(deadline) ?? "")
        case .bookingFinal: return visit.text("desk_err_final")
        case .deskUnavailable: return visit.text("desk_err_unavailable")
        case let .invalid(problems): return problems.map { describe($0, visit) }.joined(separator: " ")
        default: return "\(error)"
        }
    }
}
