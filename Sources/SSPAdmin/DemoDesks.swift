import Foundation
import SSPCore
import SSPStorage

/// The demo's Iris Tower: 945 desks (0.6 × 1,575, FACTS.md) in one zone per administration and
/// floor, and months of bookings with a weekly pattern (Tuesday and Thursday peaks, Friday low).
extension DemoGenerator {
    static let buildingCode = "IRIS"
    /// The first floor GOB uses and the desks per floor (assumptions of the demo, not facts).
    static let firstFloor = 6, desksPerFloor = 64
    /// People who telework (FACTS.md: 1,311 of 1,575).
    static let teleworkers = 1_311
    /// Chance (percent) that a teleworker comes in, Monday…Friday; the others come unless on leave (88 %).
    static let comeIn = [30, 46, 33, 44, 8], officeBased = 88

    /// Desks per administration: head-count × 0.6, rounded down, then one more desk each for the largest
    /// remainders (ties: the larger administration first) until they add up to 0.6 × the total (945 of 1,575).
    static func deskShares() -> [(code: String, desks: Int)] {
        // In tenths of a desk, so that 72.6 and 18.6 compare exactly.
        let tenths = administrations.map { $0.staff * 6 }
        var desks = tenths.map { $0 / 10 }
        let target = administrations.reduce(0) { $0 + $1.staff } * 6 / 10
        let order = administrations.indices.sorted { (tenths[$0] % 10, administrations[$0].staff) > (tenths[$1] % 10, administrations[$1].staff) }
        for index in order.prefix(target - desks.reduce(0, +)) { desks[index] += 1 }
        return zip(administrations, desks).map { ($0.code, $1) }
    }

    /// The inventory: administrations in the activity report's order fill floors of 64 desks from floor 6 up;
    /// the first desk of each zone is accessible; every fourth desk has a height-adjustable desk top.
    static func deskInventory() -> [DeskInventoryRow] {
        var rows: [DeskInventoryRow] = []
        var floor = firstFloor, onFloor = 0
        for (administration, count) in deskShares() {
            var placed = 0, inZone = 0
            while placed < count {
                if onFloor == desksPerFloor {
                    floor += 1
                    onFloor = 0
                    inZone = 0
                }
                onFloor += 1
                placed += 1
                inZone += 1
                let code = String(format: "IRIS-F%02d-%03d", floor, onFloor)
                rows.append(
                    DeskInventoryRow(
                        line: rows.count + 2, buildingCode: buildingCode, floor: floor, zoneCode: String(format: "IRIS-F%02d-%@", floor, administration),
                        zoneAdministration: administration, deskCode: code, kind: inZone == 1 ? .accessible : .flex, ownerEmail: nil,
                        equipment: onFloor % 4 == 0 ? ["docking", "dual-screen", "height-adjustable"] : ["docking", "dual-screen"], active: true))
            }
        }
        return rows
    }

    /// Imports the inventory, head-counts from the directory, and `months` of past bookings
    /// (checked in, no-shows, cancellations, walk-ins) plus the next two weeks booked.
    mutating func seedDesks(months: Int, in useCases: UseCases, now: Date) async throws -> (desks: Int, zones: Int, floors: Int, bookings: Int, days: Int) {
        let inventory = Self.deskInventory()
        let workplace = useCases.desks
        _ = try await workplace.importInventory(inventory, by: .operator)
        let building = Building(code: Self.buildingCode, name: "Iris Tower")
        try await workplace.saveBuilding(building, by: .operator)
        let today = building.localDate(of: now)
        let calendar = building.calendar
        let start = building.localDate(of: calendar.date(byAdding: .month, value: -months, to: now)!)
        _ = try await workplace.syncHeadCounts(from: start, by: .operator)
        let people = try await useCases.people.list(limit: 10_000, offset: 0, by: .operator).filter { $0.administration != nil }
        var teleworks: [UserID: Bool] = [:]
        var order = people.map(\.id)
        for index in order.indices.reversed() { order.swapAt(index, int(0..<(index + 1))) }
        for (index, id) in order.enumerated() { teleworks[id] = index < Self.teleworkers }
        var zoneDesks: [String: [String]] = [:]  // administration → its flex desks (accessible desks are left for those who need them)
        for row in inventory where row.kind == .flex { zoneDesks[row.zoneAdministration!, default: []].append(row.deskCode) }
        let allDesks = inventory.map(\.deskCode)
        let horizon = today.adding(days: 14)
        let days = try await workplace.openDays(building, from: start, to: horizon)
        var bookings: [Booking] = []
        var pastDays = 0
        // Today counts as past once the building has closed, as future before check-in opens, and is left out in between.
        let todayClosed = now >= building.interval(of: .day, on: today).end
        let todayAhead = now < building.checkInWindow(of: .day, on: today).opens
        for day in days where day != today || todayClosed || todayAhead {
            let future = day > today || (day == today && todayAhead)
            if !future { pastDays += 1 }
            let weekday = Weekday.allCases.firstIndex(of: day.weekday)!  // Monday = 0
            let summer = day.month == 7 || day.month == 8
            var morning = Set<String>(), afternoon = Set<String>()
            for person in people {
                let chance = teleworks[person.id]! ? Self.comeIn[weekday] : Self.officeBased
                guard self.chance(summer ? chance * 7 / 10 : chance) else { continue }
                let slot: Slot = self.chance(85) ? .day : self.chance(65) ? .morning : .afternoon
                let own = zoneDesks[person.administration!] ?? []
                let offset = own.isEmpty ? 0 : int(0..<own.count)
                let candidates = own.indices.map { own[($0 + offset) % own.count] } + allDesks
                guard let desk = candidates.first(where: { !(slot.coversMorning && morning.contains($0)) && !(slot.coversAfternoon && afternoon.contains($0)) }) else { continue }
                let window = building.checkInWindow(of: slot, on: day)
                let slotStart = building.interval(of: slot, on: day).start
                let bookedAt = building.instant(day.adding(days: -int(1..<14)), minute: int(480..<1080))
                var booking = Booking(
                    id: 0, deskCode: desk, zoneCode: "", floor: 0, buildingCode: Self.buildingCode, userID: person.id, date: day, slot: slot,
                    state: .booked, walkIn: false, createdAt: min(bookedAt, future ? now : bookedAt), checkInOpensAt: window.opens, checkInDeadline: window.deadline)
                let outcome = int(0..<100)
                if future {
                    guard outcome >= 4 else { continue }  // not yet booked
                } else if outcome < 4 {
                    booking.state = .cancelled
                    booking.cancelledAt = booking.createdAt.addingTimeInterval(Double(int(3_600..<86_400)))
                    bookings.append(booking)
                    continue
                } else if outcome < 10 {
                    booking.state = .noShow
                    booking.releasedAt = window.deadline.addingTimeInterval(60)
                } else {
                    booking.state = .checkedIn
                    booking.checkedInAt = slotStart.addingTimeInterval(Double(int(-15..<50)) * 60)
                    if outcome >= 95 {  // walk-in: no booking beforehand
                        booking.walkIn = true
                        booking.createdAt = booking.checkedInAt!
                    }
                }
                if slot.coversMorning { morning.insert(desk) }
                if slot.coversAfternoon { afternoon.insert(desk) }
                bookings.append(booking)
            }
        }
        let loaded = try await workplace.loadHistory(bookings, by: .operator)
        return (inventory.count, Set(inventory.map(\.zoneCode)).count, Set(inventory.map(\.floor)).count, loaded, pastDays)
    }
}
