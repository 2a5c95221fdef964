import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// `POST /api/v1/desks/bookings` body.
struct BookingBody: Encodable {
    var date: String
    var slot: String
    var desk: String?
    var zone: String?
}

/// `POST /api/v1/desks/bookings/cancellations` body.
struct RangeBody: Encodable {
    var from: String
    var to: String
}

@Suite("Desk booking API")
struct DeskAPITests {
    @Test("book, conflicts as 409 problems, own bookings only, check-in window, cancel")
    func bookingFlow() async throws {
        try await API.run { api in
            try await seedDesks(api.db)
            let (a, b) = (api.people.requesterA, api.people.requesterB)
            let booked = try await api.request(.post, "/api/v1/desks/bookings", as: a, body: BookingBody(date: "2025-06-03", slot: "day", desk: "IRIS-F12-001"))
            #expect(booked.status == .created)
            let id = try #require(booked["id"] as? Int)
            #expect(booked.headers[.location] == "/api/v1/desks/bookings/\(id)")
            #expect(booked.string("check_in_opens_at") == "2025-06-03T07:30:00+02:00")
            #expect(booked.string("check_in_deadline") == "2025-06-03T09:00:00+02:00")
            #expect(booked.string("check_in_url") == "/api/v1/desks/IRIS-F12-001/check-in")
            #expect((booked.string("state"), booked["floor"] as? Int, booked.string("zone")) == ("booked", 12, "IRIS-F12-BM"))
            let taken = try await api.request(.post, "/api/v1/desks/bookings", as: b, body: BookingBody(date: "2025-06-03", slot: "morning", desk: "IRIS-F12-001"))
            #expect((taken.status, taken.problemType) == (.conflict, "desk-taken"))
            let twice = try await api.request(.post, "/api/v1/desks/bookings", as: a, body: BookingBody(date: "2025-06-03", slot: "afternoon", desk: "IRIS-F12-002"))
            #expect((twice.status, twice.problemType) == (.conflict, "already-booked"))
            let afternoon = try await api.request(.post, "/api/v1/desks/bookings", as: b, body: BookingBody(date: "2025-06-03", slot: "afternoon", zone: "IRIS-F13-BH"))
            #expect((afternoon.status, afternoon.string("desk")) == (.created, "IRIS-F13-001"))
            let closed = try await api.request(.post, "/api/v1/desks/bookings", as: a, body: BookingBody(date: "2025-06-09", slot: "day"))
            #expect((closed.status, closed.problemType) == (.unprocessableContent, "invalid-field"))
            // Own bookings only; someone else's booking is not found.
            let mine = try await api.get("/api/v1/desks/bookings?from=2025-06-01&to=2025-06-30", as: b)
            #expect((mine["bookings"] as? [[String: Any]])?.map { $0["desk"] as? String } == ["IRIS-F13-001"])
            #expect(try await api.get("/api/v1/desks/bookings/\(id)", as: b).status == .notFound)
            #expect(try await api.request(.post, "/api/v1/desks/bookings/\(id)/check-in", as: b).status == .notFound)
            // Check-in before the window, in it, then no cancelling.
            api.clock.set(Instants.at("2025-06-03T07:29:00+02:00"))
            let early = try await api.request(.post, "/api/v1/desks/bookings/\(id)/check-in", as: a)
            #expect((early.status, early.problemType) == (.conflict, "check-in-not-open"))
            api.clock.set(Instants.at("2025-06-03T08:10:00+02:00"))
            let checkedIn = try await api.request(.post, "/api/v1/desks/bookings/\(id)/check-in", as: a)
            #expect((checkedIn.status, checkedIn.string("state"), checkedIn.string("checked_in_at")) == (.ok, "checked_in", "2025-06-03T08:10:00+02:00"))
            let cancel = try await api.request(.post, "/api/v1/desks/bookings/\(id)/cancel", as: a)
            #expect((cancel.status, cancel.problemType) == (.conflict, "booking-final"))
            // B's afternoon booking: check-in closes at 14:00; the release then makes it a no-show and a late check-in is 409.
            api.clock.set(Instants.at("2025-06-03T14:01:00+02:00"))
            #expect(try await DeskBooking(desks: api.db, catalogue: api.db, clock: api.clock).releaseNoShows() == 1)
            let bID = try #require(afternoon["id"] as? Int)
            let late = try await api.request(.post, "/api/v1/desks/bookings/\(bID)/check-in", as: b)
            #expect((late.status, late.problemType) == (.conflict, "check-in-closed"))
            // Range cancel.
            for day in ["2025-06-04", "2025-06-05"] {
                #expect(try await api.request(.post, "/api/v1/desks/bookings", as: a, body: BookingBody(date: day, slot: "day")).status == .created)
            }
            let cancelled = try await api.request(.post, "/api/v1/desks/bookings/cancellations", as: a, body: RangeBody(from: "2025-06-01", to: "2025-06-30"))
            #expect((cancelled["bookings"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2025-06-04", "2025-06-05"])
        }
    }

    @Test("20 simultaneous requests for one desk and slot: one 201, nineteen 409 desk-taken")
    func concurrent() async throws {
        try await API.run { api in
            try await seedDesks(api.db)
            var secrets: [String] = []
            for n in 0..<20 {
                _ = try await api.db.upsertUsers([
                    NewUser(
                        name: "Staff \(n)", email: "s\(n)@sprb.brussels", organisation: "GOB", administration: "BM",
                        language: .nl, roles: [], directorates: [], managerEmail: nil)
                ])
                let user = try #require(try await api.db.user(email: "s\(n)@sprb.brussels"))
                secrets.append(try await api.db.createToken(for: user.id, name: "t", at: Instants.t0).secret)
            }
            let body = try JSONEncoder().encode(BookingBody(date: "2025-06-04", slot: "morning", desk: "IRIS-F12-002"))
            let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                for secret in secrets {
                    group.addTask {
                        try await api.client.execute(
                            uri: "/api/v1/desks/bookings", method: .post,
                            headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"], body: .init(bytes: body)
                        ) { response in
                            let text = String(buffer: response.body)
                            return "\(response.status.code)" + (text.contains("problems/desk-taken") ? " desk-taken" : "")
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == "201" }.count == 1)
            #expect(statuses.filter { $0 == "409 desk-taken" }.count == 19)
            #expect(try await api.db.executeForTesting("SELECT count(*) FROM booking") == "1")
        }
    }

    @Test("the desk's link walks in; presence is shared only by opt-in")
    func walkInAndPresence() async throws {
        try await API.run { api in
            try await seedDesks(api.db)
            api.clock.set(Instants.at("2025-06-02T13:20:00+02:00"))
            let walkIn = try await api.request(.post, "/api/v1/desks/IRIS-F13-002/check-in", as: api.people.requesterB)
            #expect((walkIn.status, walkIn.string("slot"), walkIn.string("state"), walkIn["walk_in"] as? Bool) == (.ok, "afternoon", "checked_in", true))
            let colleague = api.people.requesterA
            #expect((try await api.get("/api/v1/desks/presence?date=2025-06-02", as: colleague)["people"] as? [Any])?.isEmpty == true)
            let optIn = try await api.request(.put, "/api/v1/me/presence-sharing", as: api.people.requesterB, body: ["share": true])
            #expect(optIn["share"] as? Bool == true)
            let people = try await api.get("/api/v1/desks/presence?date=2025-06-02", as: colleague)["people"] as? [[String: Any]]
            #expect(people?.map { "\($0["name"]!) \($0["desk"]!) \($0["checked_in"]!)" } == ["Bram Coppens IRIS-F13-002 1"])
            let free = try await api.get("/api/v1/desks?date=2025-06-02&slot=afternoon&zone=IRIS-F13-BH", as: colleague)
            #expect((free["desks"] as? [[String: Any]])?.map { "\($0["code"]!)=\($0["free"]!)" } == ["IRIS-F13-001=1", "IRIS-F13-002=0"])
            #expect(try await api.request(.post, "/api/v1/desks/NOPE/check-in", as: colleague).problemType == "desk-not-found")
            // After 18:00 the afternoon slot is over: no walk-in; before 07:30 check-in is not open.
            api.clock.set(Instants.at("2025-06-02T18:00:00+02:00"))
            let evening = try await api.request(.post, "/api/v1/desks/IRIS-F13-001/check-in", as: colleague)
            #expect((evening.status, evening.problemType) == (.conflict, "slot-ended"))
            api.clock.set(Instants.at("2025-06-03T07:00:00+02:00"))
            let early = try await api.request(.post, "/api/v1/desks/IRIS-F13-001/check-in", as: colleague)
            #expect((early.status, early.problemType, early.string("detail")) == (.conflict, "check-in-not-open", "check-in opens at 2025-06-03T07:30:00+02:00"))
            api.clock.set(Instants.at("2025-06-02T13:20:00+02:00"))
            // Bad path and query parameters of bodiless POSTs are malformed requests, not body fields.
            let badSlot = try await api.request(.post, "/api/v1/desks/IRIS-F13-001/check-in?slot=evening", as: colleague)
            #expect((badSlot.status, badSlot.problemType) == (.badRequest, "malformed-request"))
            #expect(badSlot.string("detail")?.hasPrefix("a path or query parameter is invalid") == true)
            let badID = try await api.request(.post, "/api/v1/desks/bookings/abc/check-in", as: colleague)
            #expect((badID.status, badID.string("detail")?.hasPrefix("a path or query parameter is invalid")) == (.badRequest, true))
        }
    }

    @Test("occupancy reports: facilities and administrators only, JSON, CSV, SVG and capacity; bad ranges are 422")
    func reports() async throws {
        try await API.run { api in
            try await seedDesks(api.db)
            try await api.db.setHeadCount(HeadCount(administration: "BM", validFrom: LocalDate(year: 2025, month: 1, day: 1), count: 10, source: "facilities"))
            api.clock.set(Instants.at("2025-06-02T08:00:00+02:00"))
            let booked = try await api.request(.post, "/api/v1/desks/bookings", as: api.people.requesterA, body: BookingBody(date: "2025-06-02", slot: "day"))
            _ = try await api.request(.post, "/api/v1/desks/bookings/\(booked["id"] as! Int)/check-in", as: api.people.requesterA)
            let query = "from=2025-06-02&to=2025-06-02&by=zone&bucket=day"
            let forbidden = try await api.get("/api/v1/reports/occupancy?\(query)", as: api.people.requesterA)
            #expect((forbidden.status, forbidden.problemType) == (.forbidden, "not-permitted"))
            let report = try await api.get("/api/v1/reports/occupancy?\(query)", as: api.people.admin)
            #expect(report.status == .ok)
            let rows = try #require(report["rows"] as? [[String: Any]])
            let bm = try #require(rows.first { $0["group"] as? String == "IRIS-F12-BM" })
            // 6 desks, 1 occupied: 16.7 %; 1 of BM's 10 people: 10.0 %; ratio 0.6.
            #expect(bm["occupancy_average_percent"] as? Double == 16.7)
            #expect(bm["attendance_average_percent"] as? Double == 10.0)
            #expect(bm["desk_sharing_ratio"] as? Double == 0.6)
            #expect((report["norm"] as? Double, report["target_percent"] as? Double) == (0.6, 90))
            let csv = try await api.client.execute(
                uri: "/api/v1/reports/occupancy?\(query)", method: .get,
                headers: [.authorization: "Bearer \(api.tokens[api.people.admin.email]!)", .accept: "text/csv"]
            ) { String(buffer: $0.body) }
            #expect(csv.hasPrefix(OccupancyExport.csvHeader + "\nzone,IRIS-F12-BM,2025-06-02,1,6,10,0.60,0.6,1,0,0.0,16.7,16.7,"))
            let svg = try await api.get("/api/v1/reports/occupancy/heatmap?from=2025-06-02&to=2025-06-06&language=en", as: api.people.admin)
            #expect(svg.headers[.contentType] == "image/svg+xml")
            // Monday: floor 12 has 1 of 6 desks occupied (17 %), floor 13 none; the other weekdays 0 %.
            #expect(svg.text.components(separatedBy: ">17 %</text>").count == 2)
            #expect(svg.text.components(separatedBy: ">0 %</text>").count == 10)
            let capacity = try await api.get("/api/v1/reports/occupancy/capacity?from=2025-06-02&to=2025-06-02&administration=BM&change=10", as: api.people.admin)
            // BM: peak attendance 10 %; 20 people × 0.1 / 0.9 = 2.2 → 3 desks; it has 6: −3. Norm ⌈0.6 × 20⌉ = 12.
            #expect((capacity["desks_needed_at_peak"] as? Int, capacity["desks_by_norm"] as? Int, capacity["additional_desks"] as? Int) == (3, 12, -3))
            let reversed = try await api.get("/api/v1/reports/occupancy?from=2025-06-30&to=2025-06-01", as: api.people.admin)
            #expect((reversed.status, reversed.problemType) == (.unprocessableContent, "invalid-field"))
            for target in ["0", "nan", "inf", "1e-300", "-5", "500"] {
                let bad = try await api.get("/api/v1/reports/occupancy?\(query)&target=\(target)", as: api.people.admin)
                #expect((bad.status, bad.problemType) == (.unprocessableContent, "invalid-field"), "target=\(target)")
                let plan = try await api.get("/api/v1/reports/occupancy/capacity?from=2025-06-02&to=2025-06-02&change=1&target=\(target)", as: api.people.admin)
                #expect((plan.status, plan.problemType) == (.unprocessableContent, "invalid-field"), "target=\(target)")
            }
            let unknown = try await api.get("/api/v1/reports/occupancy/capacity?from=2025-06-02&to=2025-06-02&administration=XX&change=10", as: api.people.admin)
            #expect((unknown.status, unknown.problemType) == (.unprocessableContent, "invalid-field"))
            let shrink = try await api.get("/api/v1/reports/occupancy/capacity?from=2025-06-02&to=2025-06-02&administration=BM&change=-100", as: api.people.admin)
            #expect((shrink.status, shrink.problemType) == (.unprocessableContent, "invalid-field"))
            let badDate = try await api.get("/api/v1/reports/occupancy?from=2025-13-01&to=2025-06-01", as: api.people.admin)
            #expect(badDate.status == .unprocessableContent || badDate.status == .badRequest)
        }
    }
}

@Suite("Contract enums")
struct ContractEnumTests {
    /// `wire()` converts Core enums to their generated twins by raw value and traps on a missing case:
    /// every case of these Core enums must be listed, in the same order, in the OpenAPI document.
    @Test("the OpenAPI document lists every case of the Core enums it carries")
    func enums() async throws {
        try await API.run { api in
            let spec = try await api.get("/api/v1/openapi.yaml", as: nil).text
            func listed<E: CaseIterable & RawRepresentable>(_: E.Type) -> Bool where E.RawValue == String {
                spec.contains("enum: [\(E.allCases.map(\.rawValue).joined(separator: ", "))]")
            }
            #expect(listed(Slot.self))
            #expect(listed(BookingState.self))
            #expect(listed(DeskKind.self))
            #expect(listed(OccupancyGrouping.self))
            #expect(listed(OccupancyBucket.self))
            #expect(listed(Role.self))
            #expect(listed(Language.self))
            #expect(listed(Priority.self))
            #expect(listed(Channel.self))
            #expect(listed(TicketStatus.self))
        }
    }
}
