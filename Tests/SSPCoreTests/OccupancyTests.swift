import Foundation
import SSPCore
import SSPTestSupport
import Testing

@Suite("Desk occupancy definitions")
struct OccupancyTests {
    static let building = Building(code: "T", name: "Test tower")
    static let monday = LocalDate(year: 2025, month: 6, day: 2)
    static let tuesday = LocalDate(year: 2025, month: 6, day: 3)

    /// One floor of 30 desks (zone T-F1, administration A with 50 people) and one of 10 (zone T-F2, B with 20).
    static func facts(
        bookings: [OccupancyFacts.BookingFact], days: [LocalDate] = [monday], outages: [Int64: [DeskOutage]] = [:],
        headCounts: [HeadCount]? = nil, turnedAway: [OccupancyFacts.TurnedAway] = []
    ) -> OccupancyFacts {
        OccupancyFacts(
            building: building, openDays: days,
            zones: [Zone(code: "T-F1", buildingCode: "T", floor: 1, administration: "A"), Zone(code: "T-F2", buildingCode: "T", floor: 2, administration: "B")],
            desks: (1...30).map { .init(id: $0, zoneCode: "T-F1") } + (31...40).map { .init(id: $0, zoneCode: "T-F2") },
            outages: outages, bookings: bookings,
            headCounts: headCounts ?? [
                HeadCount(administration: "A", validFrom: LocalDate(year: 2025, month: 1, day: 1), count: 50, source: "facilities"),
                HeadCount(administration: "B", validFrom: LocalDate(year: 2025, month: 1, day: 1), count: 20, source: "facilities"),
            ],
            turnedAway: turnedAway)
    }

    /// The issue's example: 26 bookings on floor 1, 24 checked in, 2 no-shows.
    static let issueDay: [OccupancyFacts.BookingFact] = (1...26).map { n in
        .init(date: monday, deskID: Int64(n), userID: UserID(Int64(n)), administration: "A", state: n <= 24 ? .checkedIn : .noShow)
    }

    @Test("a floor of 30 desks and 50 people, 26 bookings, 24 check-ins, 2 no-shows")
    func issueExample() throws {
        let rows = Occupancy.report(Self.facts(bookings: Self.issueDay), by: .floor, bucket: .day)
        let floor = try #require(rows.first { $0.group == "1" })
        #expect(floor.desks == 30)
        #expect(floor.headCount == 50)
        #expect(OccupancyExport.percent(floor.bookingRate) == "86.7")
        #expect(OccupancyExport.percent(floor.occupancyAverage) == "80.0")
        #expect(OccupancyExport.percent(floor.attendanceAverage) == "48.0")
        #expect(String(format: "%.2f", floor.deskSharingRatio!) == "0.60")
        #expect((floor.bookings, floor.noShows) == (26, 2))
        #expect(OccupancyExport.percent(floor.noShowRate) == "7.7")  // 2 / 26
        // Keeping the peak (24 desks) at or below 90 % needs ⌈24 / 0.9⌉ = 27 desks: 3 can go.
        #expect((floor.peakOccupiedDesks, floor.desksNeeded, floor.desksReleasable, floor.desksShort) == (24, 27, 3, 0))
        // The other floor had nobody: 0 %, all 10 desks could go; the building adds both floors up.
        let empty = try #require(rows.first { $0.group == "2" })
        #expect((OccupancyExport.percent(empty.occupancyAverage), empty.desksReleasable) == ("0.0", 10))
        let building = try #require(Occupancy.report(Self.facts(bookings: Self.issueDay), by: .building, bucket: .month).first)
        #expect((building.period, building.desks, building.headCount) == ("2025-06", 40, 70))
        #expect(OccupancyExport.percent(building.occupancyAverage) == "60.0")  // 24 / 40
        #expect(OccupancyExport.percent(building.attendanceAverage) == "34.3")  // 24 / 70
    }

    @Test("half-days count a desk once and people twice; out-of-service desks leave the count; mean, peak and p90 over days")
    func severalDays() throws {
        var bookings = Self.issueDay
        // Tuesday: desk 1 morning and afternoon by two people, desks 2–4 by one each; desk 30 out of service.
        bookings +=
            [
                .init(date: Self.tuesday, deskID: 1, userID: UserID(1), administration: "A", state: .checkedIn),
                .init(date: Self.tuesday, deskID: 1, userID: UserID(2), administration: "A", state: .checkedIn),
            ] + (2...4).map { .init(date: Self.tuesday, deskID: Int64($0), userID: UserID(Int64($0 + 10)), administration: "A", state: .checkedIn) }
        let outage = DeskOutage(deskCode: "T-030", from: Self.tuesday, to: Self.tuesday, reason: "broken chair")
        let facts = Self.facts(bookings: bookings, days: [Self.monday, Self.tuesday], outages: [30: [outage]])
        let days = try #require(Occupancy.days(facts, by: .zone)["T-F1"])
        #expect(days.map(\.availableDesks) == [30, 29])
        #expect(days.map(\.occupiedDesks) == [24, 4])
        #expect(days.map(\.peoplePresent) == [24, 5])
        #expect(days.map(\.bookings) == [26, 5])
        let week = try #require(Occupancy.report(facts, by: .zone, bucket: .week).first { $0.group == "T-F1" })
        #expect(week.period == "2025-W23")
        #expect(week.openDays == 2)
        #expect(OccupancyExport.percent(week.occupancyAverage) == "46.9")  // (24/30 + 4/29) / 2
        #expect(OccupancyExport.percent(week.occupancyPeak) == "80.0")
        #expect(OccupancyExport.percent(week.occupancyP90) == "80.0")  // nearest rank ⌈0.9 × 2⌉ = 2nd of 2
        #expect(OccupancyExport.percent(week.attendanceAverage) == "29.0")  // (48 + 10) / 2
        #expect(week.desks == 29)  // on the bucket's last day
    }

    @Test("head-count valid on the day; administration figures by the holder's administration")
    func headCountOverTime() throws {
        let headCounts = [
            HeadCount(administration: "A", validFrom: LocalDate(year: 2025, month: 1, day: 1), count: 50, source: "directory"),
            HeadCount(administration: "A", validFrom: Self.tuesday, count: 40, source: "facilities"),
        ]
        let bookings =
            Self.issueDay + (1...20).map { .init(date: Self.tuesday, deskID: Int64($0), userID: UserID(Int64($0)), administration: "A", state: .checkedIn) }
            // A person of B sitting on A's floor counts for B's attendance, and for A's desks.
            + [.init(date: Self.tuesday, deskID: 21, userID: UserID(99), administration: "B", state: .checkedIn)]
        let facts = Self.facts(bookings: bookings, days: [Self.monday, Self.tuesday], headCounts: headCounts)
        let a = try #require(Occupancy.days(facts, by: .administration)["A"])
        #expect(a.map(\.headCount) == [50, 40])
        #expect(a.map { OccupancyExport.percent($0.attendance) } == ["48.0", "50.0"])
        #expect(a.map(\.occupiedDesks) == [24, 21])
        let b = try #require(Occupancy.days(facts, by: .administration)["B"])
        #expect(b.map(\.peoplePresent) == [0, 1])
        #expect(b.map(\.headCount) == [0, 0])  // no head-count set for B here: no attendance
        #expect(b.map(\.attendance) == [nil, nil])
    }

    @Test("capacity planning: an administration growing by 100 people, and a new tenant of 100")
    func capacity() throws {
        let facts = Self.facts(bookings: Self.issueDay)
        // A: peak attendance 48 %; 150 people × 0.48 / 0.9 = 80 desks, it has 30: 50 more. Norm: ⌈0.6 × 150⌉ = 90.
        let plan = try Occupancy.capacity(facts, administration: "A", change: 100)
        #expect((plan.headCountNow, plan.headCountAfter, plan.desksNow) == (50, 150, 30))
        #expect((plan.desksNeededAtPeak, plan.desksByNorm, plan.additionalDesks) == (80, 90, 50))
        // New tenant: the building's peak attendance 24 / 70 = 34.3 %; 100 × 0.343 / 0.9 = 38.1 → 39 desks; norm 60.
        let tenant = try Occupancy.capacity(facts, administration: nil, change: 100)
        #expect((tenant.desksNeededAtPeak, tenant.desksByNorm, tenant.additionalDesks) == (39, 60, 39))
        // Nonsense is refused, not computed.
        #expect(throws: DeskError.invalid([FieldProblem(field: "administration", message: "'XX' has neither a head-count nor zones in T")])) {
            try Occupancy.capacity(facts, administration: "XX", change: 10)
        }
        #expect(throws: DeskError.invalid([FieldProblem(field: "change", message: "A has 50 people: the change leaves -50")])) {
            try Occupancy.capacity(facts, administration: "A", change: -100)
        }
        for bad in [0, -5, 150, .nan, .infinity] {
            #expect(throws: DeskError.self) { try Occupancy.target(percent: bad) }
        }
        #expect(try Occupancy.target(percent: nil) == 0.9)
    }

    @Test("over-demand is reported as turned-away attempts, never as a rate above 100 %")
    func overDemand() throws {
        let full = (31...40).map { OccupancyFacts.BookingFact(date: Self.monday, deskID: Int64($0), userID: UserID(Int64($0)), administration: "B", state: .checkedIn) }
        let turned = [OccupancyFacts.TurnedAway](repeating: .init(date: Self.monday, zoneCode: "T-F2", administration: "B"), count: 3)
        let row = try #require(Occupancy.report(Self.facts(bookings: full, turnedAway: turned), by: .zone, bucket: .day).first { $0.group == "T-F2" })
        #expect(OccupancyExport.percent(row.occupancyPeak) == "100.0")
        #expect(row.turnedAway == 3)
        #expect((row.desksNeeded, row.desksShort, row.desksReleasable) == (12, 2, 0))  // ⌈10 / 0.9⌉ = 12
    }

    @Test(
        "slots: a full day overlaps both halves, morning and afternoon do not",
        arguments: [
            (Slot.day, Slot.day, true), (.day, .morning, true), (.day, .afternoon, true), (.morning, .day, true),
            (.afternoon, .day, true), (.morning, .morning, true), (.afternoon, .afternoon, true),
            (.morning, .afternoon, false), (.afternoon, .morning, false),
        ])
    func overlap(_ a: Slot, _ b: Slot, _ overlaps: Bool) {
        #expect(a.overlaps(b) == overlaps)
    }

    @Test("check-in window in Brussels time in summer and winter, deadline capped at the slot's end")
    func checkInWindow() {
        let iris = Building(code: "IRIS", name: "Iris Tower")
        let summer = iris.checkInWindow(of: .day, on: Self.monday)
        #expect(Brussels.iso8601(summer.opens) == "2025-06-02T07:30:00+02:00")
        #expect(Brussels.iso8601(summer.deadline) == "2025-06-02T09:00:00+02:00")
        #expect(summer.deadline == Instants.at("2025-06-02T07:00:00Z"))
        let winter = iris.checkInWindow(of: .afternoon, on: LocalDate(year: 2025, month: 12, day: 1))
        #expect(winter.opens == Instants.at("2025-12-01T11:30:00Z"))  // 12:30 CET
        #expect(winter.deadline == Instants.at("2025-12-01T13:00:00Z"))  // 14:00 CET
        var late = iris
        late.checkInDeadlineMinutes = 600
        #expect(Brussels.iso8601(late.checkInWindow(of: .morning, on: Self.monday).deadline) == "2025-06-02T13:00:00+02:00")
    }

    @Test("heat map: weekday × floor, highest floor on top, in the reader's language")
    func heatMap() {
        let map = Occupancy.heatMap(Self.facts(bookings: Self.issueDay))
        #expect(map[1]?[.monday] == 0.8)
        #expect(map[2]?[.monday] == 0)
        let svg = OccupancyExport.heatMapSVG(map, building: Self.building, from: Self.monday, to: Self.monday, language: .fr)
        #expect(svg.contains("Taux d'occupation par jour et par étage"))
        #expect(svg.contains(">80 %</text>"))
        #expect(svg.range(of: "étage 2")!.lowerBound < svg.range(of: "étage 1")!.lowerBound)
    }
}
