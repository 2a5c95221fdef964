import Foundation
import SSPCatalog
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

@Suite("Desk booking in storage")
struct DeskStorageTests {
    /// Monday 2 June 2025 (summer time) and Monday 1 December 2025 (winter time): business days.
    static let june2 = LocalDate(year: 2025, month: 6, day: 2)
    static let december1 = LocalDate(year: 2025, month: 12, day: 1)

    static func setUp(_ db: AppDatabase, at instant: String) async throws -> (People, DeskBooking, ManualClock) {
        let people = try await seedDirectory(db)
        try await seedDesks(db)
        let clock = ManualClock(Instants.at(instant))
        return (people, DeskBooking(desks: db, catalogue: db, clock: clock), clock)
    }

    @Test(
        "half-day conflicts on one desk (two people) and for one person (two desks)",
        arguments: [
            (Slot.day, Slot.day, false), (.day, .morning, false), (.day, .afternoon, false), (.morning, .day, false),
            (.afternoon, .day, false), (.morning, .morning, false), (.afternoon, .afternoon, false),
            (.morning, .afternoon, true), (.afternoon, .morning, true),
        ])
    func halfDayTable(_ first: Slot, _ second: Slot, _ allowed: Bool) async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, _) = try await Self.setUp(db, at: "2025-05-30T10:00:00+02:00")
            _ = try await desks.book(people.requesterA, date: Self.june2, slot: first, desk: "IRIS-F12-001")
            // Same desk, another person
            do {
                _ = try await desks.book(people.manager, date: Self.june2, slot: second, desk: "IRIS-F12-001")
                #expect(allowed)
            } catch let error as DeskError {
                #expect(!allowed)
                #expect(error == .deskTaken(desk: "IRIS-F12-001", date: Self.june2, slot: second))
            }
            // Same person, another desk
            do {
                _ = try await desks.book(people.requesterA, date: Self.june2, slot: second, desk: "IRIS-F12-002")
                #expect(allowed)
            } catch let error as DeskError {
                #expect(!allowed)
                #expect(error == .alreadyBooked(date: Self.june2, slot: second))
            }
        }
    }

    @Test("20 simultaneous attempts on one desk and slot: exactly one booking; the constraint holds without the checks")
    func concurrentBooking() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, _) = try await Self.setUp(db, at: "2025-05-30T10:00:00+02:00")
            var users: [User] = []
            for n in 0..<20 {
                _ = try await db.upsertUsers([
                    NewUser(
                        name: "Staff \(n)", email: "staff\(n)@sprb.brussels", organisation: "GOB", administration: "BM",
                        language: .nl, roles: [], directorates: [], managerEmail: nil)
                ])
                users.append(try #require(try await db.user(email: "staff\(n)@sprb.brussels")))
            }
            let outcomes = await withTaskGroup(of: String.self) { group in
                for user in users {
                    group.addTask {
                        do {
                            _ = try await desks.book(user, date: Self.june2, slot: .day, desk: "IRIS-F12-003")
                            return "booked"
                        } catch let error as DeskError {
                            if case .deskTaken = error { return "taken" }
                            return "\(error)"
                        } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "booked" }.count == 1)
            #expect(outcomes.filter { $0 == "taken" }.count == 19)
            #expect(try await db.executeForTesting("SELECT count(*) FROM booking") == "1")
            // The database refuses a second holding booking of the desk even when the checks are bypassed …
            let deskID = try #require(try await db.executeForTesting("SELECT id FROM desk WHERE code = 'IRIS-F12-003'"))
            let insert = { (user: UserID, slot: String) in
                "INSERT INTO booking(desk_id, user_id, date, slot, state, walk_in, created_at, check_in_opens_at, check_in_deadline) VALUES (\(deskID), \(user), '2025-06-02', '\(slot)', 'booked', 0, 0, 0, 0)"
            }
            #expect(try await db.executeForTesting(insert(people.requesterB.id, "afternoon"))?.contains("UNIQUE constraint failed") == true)
            // … and a second holding booking of one person in the same half-day.
            #expect(
                try await db.executeForTesting(
                    """
                    INSERT INTO booking(desk_id, user_id, date, slot, state, walk_in, created_at, check_in_opens_at, check_in_deadline)
                    SELECT id, user_id, '2025-06-02', 'morning', 'booked', 0, 0, 0, 0 FROM desk, (SELECT user_id FROM booking) WHERE code = 'IRIS-F12-004'
                    """)?.contains("UNIQUE constraint failed") == true)
        }
    }

    @Test("any free desk in my zone: picked atomically, flex first by code, turned away when full")
    func anyFreeDesk() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, _) = try await Self.setUp(db, at: "2025-05-30T10:00:00+02:00")
            var users: [User] = []
            for n in 0..<6 {
                _ = try await db.upsertUsers([
                    NewUser(
                        name: "BM \(n)", email: "bm\(n)@sprb.brussels", organisation: "GOB", administration: "BM",
                        language: .fr, roles: [], directorates: [], managerEmail: nil)
                ])
                users.append(try #require(try await db.user(email: "bm\(n)@sprb.brussels")))
            }
            let picked = await withTaskGroup(of: String.self) { group in
                for user in users {
                    group.addTask { (try? await desks.book(user, date: Self.june2, slot: .morning))?.deskCode ?? "none" }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            // BM's zone has 4 flex desks (the accessible and the fixed desk are not picked): 4 booked, 2 turned away.
            #expect(picked.filter { $0 != "none" }.sorted() == ["IRIS-F12-001", "IRIS-F12-002", "IRIS-F12-003", "IRIS-F12-004"])
            #expect(try await db.executeForTesting("SELECT count(*) || ' ' || min(administration) || ' ' || min(zone_code) FROM booking_turned_away") == "2 BM IRIS-F12-BM")
            // Asking for an accessible desk gets the accessible one; the afternoon is still free everywhere.
            #expect(try await desks.book(people.requesterA, date: Self.june2, slot: .morning, accessible: true).deskCode == "IRIS-F12-005")
            #expect(try await desks.book(users[0], date: Self.june2, slot: .afternoon).deskCode == "IRIS-F12-001")
            // A fixed desk is its owner's only.
            await #expect(throws: DeskError.deskUnavailable(desk: "IRIS-F12-006", reason: "a fixed desk of someone else")) {
                try await desks.book(people.requesterB, date: Self.june2, slot: .day, desk: "IRIS-F12-006")
            }
            #expect(try await desks.book(people.manager, date: Self.june2, slot: .day, desk: "IRIS-F12-006").state == .booked)
        }
    }

    @Test("booking rules: past, horizon, closed days, deadline passed, out of service")
    func bookingRules() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, _) = try await Self.setUp(db, at: "2025-06-02T09:30:00+02:00")
            func problem(_ date: LocalDate, _ slot: Slot = .day) async -> String? {
                do {
                    _ = try await desks.book(people.requesterA, date: date, slot: slot, desk: "IRIS-F12-001")
                    return nil
                } catch { return "\(error)" }
            }
            #expect(await problem(LocalDate(year: 2025, month: 5, day: 30)) == "date: 2025-05-30 is in the past")
            #expect(await problem(LocalDate(year: 2025, month: 7, day: 1)) == "date: bookings open 28 days ahead, up to 2025-06-30")
            #expect(await problem(LocalDate(year: 2025, month: 6, day: 9)) == "date: the building is closed on 2025-06-09")  // Whit Monday
            #expect(await problem(LocalDate(year: 2025, month: 6, day: 7)) == "date: the building is closed on 2025-06-07")  // Saturday
            #expect(await problem(Self.june2) == "slot: the check-in deadline 2025-06-02T09:00:00+02:00 has passed: check in at a free desk instead")
            #expect(await problem(Self.june2, .afternoon) == nil)
            try await db.addOutage(DeskOutage(deskCode: "IRIS-F12-002", from: LocalDate(year: 2025, month: 6, day: 3), to: LocalDate(year: 2025, month: 6, day: 4), reason: "new screen"))
            await #expect(throws: DeskError.deskUnavailable(desk: "IRIS-F12-002", reason: "out of service on 2025-06-04")) {
                try await desks.book(people.requesterB, date: LocalDate(year: 2025, month: 6, day: 4), slot: .day, desk: "IRIS-F12-002")
            }
            // Free for Anaïs: not 002 (out of service), not 006 (Pieter's fixed desk), which is free for Pieter.
            let june4 = LocalDate(year: 2025, month: 6, day: 4)
            let free = try await desks.availability(people.requesterA, date: june4, slot: .day, zone: nil)
            #expect(free.filter(\.free).map(\.desk.code) == ["IRIS-F12-001", "IRIS-F12-003", "IRIS-F12-004", "IRIS-F12-005"])
            let pieters = try await desks.availability(people.manager, date: june4, slot: .day, zone: nil)
            #expect(pieters.filter(\.free).map(\.desk.code) == ["IRIS-F12-001", "IRIS-F12-003", "IRIS-F12-004", "IRIS-F12-005", "IRIS-F12-006"])
            // A closed day, and today's whole day after its 09:00 deadline: nothing free, and why.
            let saturday = LocalDate(year: 2025, month: 6, day: 7)
            #expect(try await desks.availability(people.requesterA, date: saturday, slot: .day, zone: nil).filter(\.free).isEmpty)
            #expect(try await desks.dayRefusal(people.requesterA, date: saturday, slot: .day, zone: nil) == .closed)
            #expect(try await desks.availability(people.requesterA, date: Self.june2, slot: .day, zone: nil).filter(\.free).isEmpty)
            #expect(
                try await desks.dayRefusal(people.requesterA, date: Self.june2, slot: .day, zone: nil)
                    == .deadlinePassed(Instants.at("2025-06-02T09:00:00+02:00")))
            #expect(try await desks.dayRefusal(people.requesterA, date: Self.june2, slot: .afternoon, zone: nil) == nil)
            // This afternoon: Anaïs booked 001 above; 006 is Pieter's.
            #expect(
                try await desks.availability(people.requesterA, date: Self.june2, slot: .afternoon, zone: nil).filter(\.free).map(\.desk.code)
                    == ["IRIS-F12-002", "IRIS-F12-003", "IRIS-F12-004", "IRIS-F12-005"])
            #expect(
                try await desks.dayRefusal(people.requesterA, date: LocalDate(year: 2025, month: 7, day: 1), slot: .day, zone: nil)
                    == .beyondHorizon(lastDay: LocalDate(year: 2025, month: 6, day: 30)))
        }
    }

    @Test(
        "check-in window, release at the deadline, late check-in refused, walk-in on the released desk",
        arguments: [
            // (date, opens, deadline, release run too early, release run): summer (CEST) and winter (CET)
            ("2025-06-02", "2025-06-02T07:30:00+02:00", "2025-06-02T07:00:00Z", "2025-06-02T09:00:00+02:00", "2025-06-02T09:01:00+02:00"),
            ("2025-12-01", "2025-12-01T07:30:00+01:00", "2025-12-01T08:00:00Z", "2025-12-01T09:00:00+01:00", "2025-12-01T09:01:00+01:00"),
        ])
    func release(_ day: String, _ opens: String, _ deadline: String, _ early: String, _ late: String) async throws {
        try await withTemporaryDatabase { db, _ in
            let date = try #require(LocalDate(iso: day))
            let (people, desks, clock) = try await Self.setUp(db, at: "\(day)T07:00:00+00:00")
            clock.set(Instants.at(opens).addingTimeInterval(-3600 * 24 * 3))
            let present = try await desks.book(people.requesterA, date: date, slot: .day, desk: "IRIS-F12-001")
            let absent = try await desks.book(people.manager, date: date, slot: .day, desk: "IRIS-F12-002")
            #expect(absent.checkInDeadline == Instants.at(deadline))
            // One minute before check-in opens: refused, from the portal and from the desk's link alike.
            clock.set(Instants.at(opens).addingTimeInterval(-60))
            await #expect(throws: DeskError.checkInNotOpen(opensAt: Instants.at(opens))) { try await desks.checkIn(people.manager, atDesk: "IRIS-F12-002") }
            await #expect(throws: DeskError.checkInNotOpen(opensAt: Instants.at(opens))) { try await desks.checkIn(people.requesterA, booking: present.id) }
            clock.set(Instants.at(opens))
            #expect(try await desks.checkIn(people.requesterA, booking: present.id).state == .checkedIn)
            // Someone else's booking is not found.
            await #expect(throws: DeskError.bookingNotFound(absent.id)) { try await desks.checkIn(people.requesterA, booking: absent.id) }
            // At the deadline nothing is released yet; one minute later the absent booking is.
            clock.set(Instants.at(early))
            #expect(try await desks.releaseNoShows() == 0)
            clock.set(Instants.at(late))
            #expect(try await desks.releaseNoShows() == 1)
            #expect(try await desks.releaseNoShows() == 0)
            #expect(try await db.booking(id: absent.id)?.state == .noShow)
            #expect(try await db.booking(id: absent.id)?.releasedAt == Instants.at(late))
            #expect(try await db.booking(id: present.id)?.state == .checkedIn)  // never released
            await #expect(throws: DeskError.checkInClosed(deadline: Instants.at(deadline))) { try await desks.checkIn(people.manager, booking: absent.id) }
            // The desk is free again for the rest of the day: a walk-in through the desk's link takes it.
            let walkIn = try await desks.checkIn(people.requesterB, atDesk: "IRIS-F12-002")
            #expect((walkIn.state, walkIn.walkIn, walkIn.slot, walkIn.checkedInAt) == (.checkedIn, true, .day, Instants.at(late)))
            // The desk link of the checked-in person returns their booking unchanged.
            #expect(try await desks.checkIn(people.requesterA, atDesk: "IRIS-F12-001").id == present.id)
            // A walk-in at a held desk is refused.
            await #expect(throws: DeskError.self) { try await desks.checkIn(people.agentIT, atDesk: "IRIS-F12-001") }
        }
    }

    @Test("cancelling a range keeps checked-in bookings and frees the desks")
    func cancelRange() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, clock) = try await Self.setUp(db, at: "2025-06-02T07:45:00+02:00")
            let today = try await desks.book(people.requesterA, date: Self.june2, slot: .day, desk: "IRIS-F12-001")
            _ = try await desks.checkIn(people.requesterA, booking: today.id)
            for day in [3, 4, 5] { _ = try await desks.book(people.requesterA, date: LocalDate(year: 2025, month: 6, day: day), slot: .day, desk: "IRIS-F12-001") }
            _ = try await desks.book(people.requesterB, date: LocalDate(year: 2025, month: 6, day: 4), slot: .day, desk: "IRIS-F13-001")
            clock.advance(by: 60)
            let cancelled = try await desks.cancel(people.requesterA, from: Self.june2, to: LocalDate(year: 2025, month: 6, day: 4))
            #expect(cancelled.map(\.date.description) == ["2025-06-03", "2025-06-04"])
            #expect(cancelled.allSatisfy { $0.state == .cancelled && $0.cancelledAt == Instants.at("2025-06-02T07:46:00+02:00") })
            #expect(
                try await db.bookings(of: people.requesterA.id, from: Self.june2, to: LocalDate(year: 2025, month: 6, day: 30)).map(\.state)
                    == [.checkedIn, .cancelled, .cancelled, .booked])
            // Someone else's booking is untouched, and the freed desk can be booked again.
            #expect(try await db.bookings(of: people.requesterB.id, from: Self.june2, to: Self.june2.adding(days: 30)).map(\.state) == [.booked])
            #expect(try await desks.book(people.manager, date: LocalDate(year: 2025, month: 6, day: 3), slot: .day, desk: "IRIS-F12-001").state == .booked)
            await #expect(throws: DeskError.bookingFinal(.checkedIn)) { try await desks.cancel(people.requesterA, booking: today.id) }
        }
    }

    @Test("after the check-in deadline a booking is a no-show for every rule, before the release pass has run")
    func noShowBeforeTheReleasePass() async throws {
        try await withTemporaryDatabase { db, _ in
            // Monday 2 June 2025: the day's deadline is 09:00 (07:00Z); no release pass runs in this test.
            let (people, desks, clock) = try await Self.setUp(db, at: "2025-06-02T07:45:00+02:00")
            let absent = try await desks.book(people.manager, date: Self.june2, slot: .day, desk: "IRIS-F12-006")
            let later = try await desks.book(people.manager, date: LocalDate(year: 2025, month: 6, day: 3), slot: .day, desk: "IRIS-F12-006")
            // At the deadline itself the booking can still be cancelled …
            clock.set(Instants.at("2025-06-02T09:00:00+02:00"))
            #expect(absent.state(at: clock.now()) == .booked)
            // … one second later it is a no-show: cancelling it, alone or in a range, is refused or skips it.
            clock.set(Instants.at("2025-06-02T09:00:01+02:00"))
            #expect(absent.state(at: clock.now()) == .noShow)
            await #expect(throws: DeskError.bookingFinal(.noShow)) { try await desks.cancel(people.manager, booking: absent.id) }
            let cancelled = try await desks.cancel(people.manager, from: Self.june2, to: LocalDate(year: 2025, month: 6, day: 3))
            #expect(cancelled.map(\.id) == [later.id])
            #expect(try await db.booking(id: absent.id)?.state == .booked)  // stored as it was: the release pass writes no_show
            // The occupancy report counts it as the no-show it is.
            let facts = try await desks.facts(people.admin, building: nil, from: Self.june2, to: Self.june2)
            #expect(facts.bookings.map(\.state) == [.noShow])
            let day = try #require(Occupancy.report(facts, by: .building, bucket: .day).first)
            #expect((day.bookings, day.noShows) == (1, 1))
        }
    }

    @Test("the report from stored bookings matches the definitions; only aggregates, and only for facilities")
    func storedReport() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, clock) = try await Self.setUp(db, at: "2025-06-02T07:45:00+02:00")
            try await db.setHeadCount(HeadCount(administration: "BM", validFrom: LocalDate(year: 2025, month: 1, day: 1), count: 10, source: "facilities"))
            try await db.setHeadCount(HeadCount(administration: "BH", validFrom: LocalDate(year: 2025, month: 1, day: 1), count: 4, source: "facilities"))
            // Monday: A and the manager on floor 12 (A checks in, the manager does not), B on floor 13 checks in.
            let a = try await desks.book(people.requesterA, date: Self.june2, slot: .day)
            _ = try await desks.book(people.manager, date: Self.june2, slot: .day, desk: "IRIS-F12-006")
            let b = try await desks.book(people.requesterB, date: Self.june2, slot: .day, zone: "IRIS-F13-BH")
            _ = try await desks.checkIn(people.requesterA, booking: a.id)
            _ = try await desks.checkIn(people.requesterB, booking: b.id)
            clock.set(Instants.at("2025-06-02T09:05:00+02:00"))
            #expect(try await desks.releaseNoShows() == 1)
            await #expect(throws: AccessError.notPermitted(.readReport(.occupancy))) {
                try await desks.facts(people.requesterA, building: nil, from: Self.june2, to: Self.june2)
            }
            let facts = try await desks.facts(people.admin, building: nil, from: Self.june2, to: LocalDate(year: 2025, month: 6, day: 8))
            #expect(facts.openDays.count == 5)
            let floors = Occupancy.report(facts, by: .floor, bucket: .day).filter { $0.period == "2025-06-02" }
            // Floor 12: 6 desks, BM's 10 people; 2 booked, 1 occupied, 1 no-show.
            #expect(floors.map(\.group) == ["12", "13"])
            #expect(floors.map(\.desks) == [6, 2])
            #expect(floors.map(\.headCount) == [10, 4])
            #expect(floors.map { OccupancyExport.percent($0.bookingRate) } == ["33.3", "50.0"])
            #expect(floors.map { OccupancyExport.percent($0.occupancyAverage) } == ["16.7", "50.0"])
            #expect(floors.map { OccupancyExport.percent($0.noShowRate) } == ["50.0", "0.0"])
            #expect(floors.map { OccupancyExport.percent($0.attendanceAverage) } == ["10.0", "25.0"])
            let csv = OccupancyExport.csv(Occupancy.report(facts, by: .building, bucket: .week), target: 0.9)
            #expect(csv.split(separator: "\n")[1] == "building,IRIS,2025-W23,5,8,14,0.57,0.6,3,1,33.3,7.5,5.0,25.0,25.0,2.9,14.3,0,2,3,5,0,90.0")
        }
    }

    @Test("presence is private unless the person opts in")
    func privacy() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, _) = try await Self.setUp(db, at: "2025-05-30T10:00:00+02:00")
            _ = try await desks.book(people.requesterA, date: Self.june2, slot: .day, desk: "IRIS-F12-001")
            _ = try await desks.book(people.manager, date: Self.june2, slot: .morning, desk: "IRIS-F12-002")
            #expect(try await db.sharedPresence(building: "IRIS", date: Self.june2).isEmpty)
            try await db.setSharesPresence(people.manager.id, true)
            #expect(
                try await db.sharedPresence(building: "IRIS", date: Self.june2)
                    == [SharedPresence(name: "Pieter Maes", deskCode: "IRIS-F12-002", zoneCode: "IRIS-F12-BM", floor: 12, slot: .morning, checkedIn: false)])
        }
    }

    @Test("the floor view: each half-day free, booked, checked in, a no-show or out of service; names only of those who share; facilities only")
    func floorPlan() async throws {
        try await withTemporaryDatabase { db, _ in
            let (people, desks, clock) = try await Self.setUp(db, at: "2025-05-30T10:00:00+02:00")
            _ = try await db.upsertUsers([
                NewUser(
                    name: "Sofie Wouters", email: "sofie.wouters@sprb.brussels", organisation: "GOB", administration: "BS", language: .nl,
                    roles: [.facilities], directorates: [], managerEmail: nil)
            ])
            let sofie = try await db.user(email: "sofie.wouters@sprb.brussels")!
            _ = try await desks.book(people.requesterA, date: Self.june2, slot: .day, desk: "IRIS-F12-001")
            // Booked for Pieter by facilities, the rules of his own booking.
            _ = try await desks.book(for: people.manager, date: Self.june2, slot: .morning, desk: "IRIS-F12-002", by: sofie)
            await #expect(throws: DeskError.alreadyBooked(date: Self.june2, slot: .morning)) {
                try await desks.book(for: people.manager, date: Self.june2, slot: .morning, desk: "IRIS-F12-003", by: sofie)
            }
            _ = try await desks.book(people.requesterB, date: Self.june2, slot: .afternoon, desk: "IRIS-F12-002")
            try await desks.addOutage(DeskOutage(deskCode: "IRIS-F12-004", from: Self.june2, to: Self.june2, reason: "Stoel kapot"), by: sofie)
            try await db.setSharesPresence(people.manager.id, true)
            // Monday: Anaïs checks in at 9:00; Pieter does not, and is released after the deadline.
            let anais = try await desks.bookings(people.requesterA, from: Self.june2, to: Self.june2)[0]
            clock.set(Instants.at("2025-06-02T09:00:00+02:00"))
            _ = try await desks.checkIn(people.requesterA, booking: anais.id)
            clock.set(Instants.at("2025-06-02T11:00:00+02:00"))
            #expect(try await desks.releaseNoShows() == 1)
            let plan = try await desks.floorPlan(building: nil, floor: 12, zone: nil, date: Self.june2, by: sofie)
            #expect(plan.floors == [12, 13])
            func row(_ code: String) -> FloorDesk { plan.desks.first { $0.desk.code == code }! }
            #expect(plan.desks.map(\.desk.code) == (1...6).map { "IRIS-F12-00\($0)" })
            #expect([row("IRIS-F12-001").morning, row("IRIS-F12-001").afternoon] == [.checkedIn, .checkedIn])
            #expect(row("IRIS-F12-001").morningHolder == nil)  // Anaïs does not share where she sits
            // Pieter shares, but a no-show shows no name; Bram holds the afternoon and does not share.
            #expect([row("IRIS-F12-002").morning, row("IRIS-F12-002").afternoon] == [.noShow, .booked])
            #expect([row("IRIS-F12-002").morningHolder, row("IRIS-F12-002").afternoonHolder] == [nil, nil])
            #expect([row("IRIS-F12-004").morning, row("IRIS-F12-004").afternoon] == [.outOfService, .outOfService])
            #expect(row("IRIS-F12-004").outage?.reason == "Stoel kapot")
            #expect([row("IRIS-F12-003").morning, row("IRIS-F12-003").afternoon] == [.free, .free])
            #expect(plan.noShows.map(\.deskCode) == ["IRIS-F12-002"])
            // A walk-in at the released desk holds it: the morning shows checked in, the no-show stays listed.
            _ = try await desks.checkIn(people.admin, atDesk: "IRIS-F12-002", slot: .morning)
            let after = try await desks.floorPlan(building: nil, floor: 12, zone: nil, date: Self.june2, by: sofie)
            #expect(after.desks.first { $0.desk.code == "IRIS-F12-002" }?.morning == .checkedIn)
            #expect(after.noShows.map(\.deskCode) == ["IRIS-F12-002"])
            // A zone of another floor falls back to an error the page handles; staff may not look.
            await #expect(throws: DeskError.zoneNotFound("IRIS-F13-BH")) {
                try await desks.floorPlan(building: nil, floor: 12, zone: "IRIS-F13-BH", date: Self.june2, by: sofie)
            }
            await #expect(throws: AccessError.notPermitted(.manageDesks)) {
                try await desks.floorPlan(building: nil, floor: 12, zone: nil, date: Self.june2, by: people.requesterA)
            }
            await #expect(throws: AccessError.notPermitted(.manageDesks)) {
                try await desks.book(for: people.requesterB, date: Self.june2, slot: .morning, by: people.requesterA)
            }
            // Tuesday, Pieter shares and holds a booking: his name shows.
            let june3 = Self.june2.adding(days: 1)
            _ = try await desks.book(people.manager, date: june3, slot: .day, desk: "IRIS-F12-003")
            let tuesday = try await desks.floorPlan(building: nil, floor: 12, zone: "IRIS-F12-BM", date: june3, by: sofie)
            #expect(tuesday.desks.first { $0.desk.code == "IRIS-F12-003" }?.morningHolder == "Pieter Maes")
        }
    }

    @Test("inventory import names the line and field; export round-trips")
    func inventory() async throws {
        try await withTemporaryDatabase { db, _ in
            _ = try await seedDirectory(db)
            let bad = """
                building,floor,zone,administration,desk,kind,owner_email,equipment,active
                IRIS,12,IRIS-F12-BM,BM,IRIS-F12-001,flex,,,yes
                IRIS,twelve,IRIS-F12-BM,BM,IRIS-F12-001,desk,,,maybe
                IRIS,12,IRIS-F12-BM,BM,IRIS-F12-002,fixed,,,
                """
            #expect(
                throws: DeskError.invalid([
                    FieldProblem(field: "line 3: desk", message: "duplicate of line 2"),
                    FieldProblem(field: "line 3: floor", message: "a whole number from -5 to 99 (got 'twelve')"),
                    FieldProblem(field: "line 3: kind", message: "flex, fixed or accessible (got 'desk')"),
                    FieldProblem(field: "line 3: active", message: "yes or no (got 'maybe')"),
                    FieldProblem(field: "line 4: owner_email", message: "a fixed desk names its owner"),
                ])
            ) { try DeskCSV.parse(bad) }
            let unknownOwner = "building,floor,zone,desk,kind,owner_email\nIRIS,12,Z1,D1,fixed,nobody@sprb.brussels\nIRIS,13,Z1,D2,flex,\n"
            await #expect(
                throws: DeskError.invalid([
                    FieldProblem(field: "line 2: owner_email", message: "no user with e-mail nobody@sprb.brussels"),
                    FieldProblem(field: "line 3: zone", message: "zone Z1 has another building, floor or administration on line 2"),
                ])
            ) { try await db.importDesks(try DeskCSV.parse(unknownOwner)) }
            #expect(try await db.executeForTesting("SELECT count(*) FROM desk") == "0")
            let first = try await db.importDesks(try DeskCSV.parse(testDeskInventory))
            #expect((first.inserted, first.updated, first.unchanged) == (8, 0, 0))
            let exported = DeskCSV.render(try await db.exportDesks())
            #expect(exported == testDeskInventory)
            let again = try await db.importDesks(try DeskCSV.parse(exported))
            #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 8))
        }
    }
}
