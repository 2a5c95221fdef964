import Foundation

// Occupancy against the norm. Definitions (README, "Desk occupancy"), per open
// day of the building (a business day of its calendar), counted in desk-days
// and people-days: a full-day booking counts once, not in hours.
//   available desks  = desks in the inventory and not out of service that day
//   booked desks     = available desks with at least one booking (booked, checked in or no-show)
//   occupied desks   = desks with at least one check-in
//   booking rate     = booked desks / available desks
//   occupancy rate   = occupied desks / available desks
//   no-show rate     = no-shows / bookings
//   attendance       = people checked in / head-count
//   desk-sharing ratio = available desks / head-count (the Iris Tower norm is 0.6, FACTS.md)
// Over-demand cannot push a rate above 100 %: it is counted as turned-away attempts.

/// The Iris Tower norm: 0.6 desks per person (FACTS.md, "Iris Tower 2.0").
public let deskSharingNorm = 0.6

/// What the storage hands over for an occupancy report of one building over a date range.
public struct OccupancyFacts: Sendable, Equatable {
    public struct DeskFact: Sendable, Equatable {
        public var id: Int64
        public var zoneCode: String
        public init(id: Int64, zoneCode: String) {
            self.id = id
            self.zoneCode = zoneCode
        }
    }

    /// A booking that was not cancelled (booked, checked in or no-show).
    public struct BookingFact: Sendable, Equatable {
        public var date: LocalDate
        public var deskID: Int64
        public var userID: UserID
        /// The holder's administration in the directory.
        public var administration: String?
        public var state: BookingState
        /// The booking's check-in deadline (UTC instant).
        public var checkInDeadline: Date
        public init(date: LocalDate, deskID: Int64, userID: UserID, administration: String?, state: BookingState, checkInDeadline: Date = .distantFuture) {
            self.date = date
            self.deskID = deskID
            self.userID = userID
            self.administration = administration
            self.state = state
            self.checkInDeadline = checkInDeadline
        }
    }

    /// An "any free desk" attempt that found none.
    public struct TurnedAway: Sendable, Equatable {
        public var date: LocalDate
        public var zoneCode: String?
        public var administration: String?
        public init(date: LocalDate, zoneCode: String?, administration: String?) {
            self.date = date
            self.zoneCode = zoneCode
            self.administration = administration
        }
    }

    public var building: Building
    /// The building's open days (`from`…`to`, business days of its calendar).
    public var openDays: [LocalDate]
    public var zones: [Zone]
    /// Desks in the inventory (active).
    public var desks: [DeskFact]
    /// Out-of-service periods by desk id.
    public var outages: [Int64: [DeskOutage]]
    public var bookings: [BookingFact]
    public var headCounts: [HeadCount]
    public var turnedAway: [TurnedAway]

    public init(
        building: Building, openDays: [LocalDate], zones: [Zone], desks: [DeskFact], outages: [Int64: [DeskOutage]],
        bookings: [BookingFact], headCounts: [HeadCount], turnedAway: [TurnedAway]
    ) {
        self.building = building
        self.openDays = openDays
        self.zones = zones
        self.desks = desks
        self.outages = outages
        self.bookings = bookings
        self.headCounts = headCounts
        self.turnedAway = turnedAway
    }

    /// The head-count of `administration` valid on `date` (0 when none is set).
    public func headCount(of administration: String, on date: LocalDate) -> Int {
        headCounts.filter { $0.administration == administration && $0.validFrom <= date }.max { $0.validFrom < $1.validFrom }?.count ?? 0
    }
}

/// How a report groups its rows.
public enum OccupancyGrouping: String, Codable, Sendable, CaseIterable, Hashable {
    /// Desk figures by zones, people figures by where they sat; head-count shared over the
    /// administration's zones in proportion to their desks.
    case building, floor, zone
    /// Desk figures over the zones assigned to the administration; bookings, no-shows, people and
    /// turned-away attempts by the holder's administration; its own head-count.
    case administration
}

/// The bucket of a report row: Brussels calendar day, ISO week (Monday first) or month.
public enum OccupancyBucket: String, Codable, Sendable, CaseIterable, Hashable {
    case day, week, month

    /// `2026-06-02`, `2026-W23` or `2026-06`.
    public func label(of date: LocalDate) -> String {
        switch self {
        case .day: return date.description
        case .month: return String(format: "%04d-%02d", date.year, date.month)
        case .week:
            let noon = Self.iso8601.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
            let c = Self.iso8601.dateComponents([.yearForWeekOfYear, .weekOfYear], from: noon)
            return String(format: "%04d-W%02d", c.yearForWeekOfYear!, c.weekOfYear!)
        }
    }

    private static let iso8601: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

/// The figures of one open day for one group.
public struct OccupancyDay: Sendable, Equatable {
    public var date: LocalDate
    public var availableDesks: Int
    public var bookedDesks: Int
    public var occupiedDesks: Int
    public var bookings: Int
    public var noShows: Int
    public var peoplePresent: Int
    /// Head-count attributed to the group that day (fractional for floors and zones).
    public var headCount: Double
    public var turnedAway: Int

    public var bookingRate: Double? { availableDesks > 0 ? Double(bookedDesks) / Double(availableDesks) : nil }
    public var occupancyRate: Double? { availableDesks > 0 ? Double(occupiedDesks) / Double(availableDesks) : nil }
    public var attendance: Double? { headCount > 0 ? Double(peoplePresent) / headCount : nil }
}

/// One row of the occupancy report: one group, one bucket. Rates are fractions (0.8 = 80 %).
public struct OccupancyRow: Sendable, Equatable {
    public var grouping: OccupancyGrouping
    /// Building code, floor number, zone code or administration code.
    public var group: String
    /// Bucket label (`2026-06`, `2026-W23`, `2026-06-02`).
    public var period: String
    public var openDays: Int
    /// Available desks and head-count on the bucket's last open day.
    public var desks: Int
    public var headCount: Double
    /// desks / head-count; `nil` without head-count.
    public var deskSharingRatio: Double?
    public var bookings: Int
    public var noShows: Int
    /// noShows / bookings; `nil` without bookings.
    public var noShowRate: Double?
    /// Mean over open days of the daily booking rate.
    public var bookingRate: Double?
    /// Mean, highest and 90th percentile (nearest rank) over open days of the daily occupancy rate.
    public var occupancyAverage: Double?
    public var occupancyPeak: Double?
    public var occupancyP90: Double?
    /// Mean and highest over open days of the daily attendance.
    public var attendanceAverage: Double?
    public var attendancePeak: Double?
    public var turnedAway: Int
    /// Highest number of occupied desks on one day.
    public var peakOccupiedDesks: Int
    /// ⌈peak occupied desks / target⌉: desks needed to keep the peak at or below the target.
    public var desksNeeded: Int
    /// max(0, desks − desks needed): desks that could be released.
    public var desksReleasable: Int
    /// max(0, desks needed − desks): desks missing to stay under the target.
    public var desksShort: Int
}

/// The capacity a head-count change needs (capacity planning).
public struct CapacityPlan: Sendable, Equatable {
    /// The administration, or `nil` for a new tenant sized on the whole building's presence.
    public var administration: String?
    public var headCountNow: Int
    public var headCountAfter: Int
    /// Desks of its zones (or of the building for a new tenant) in service on the last open day.
    public var desksNow: Int
    /// Highest daily share of its head-count present (the building's for a new tenant).
    public var peakAttendance: Double?
    /// ⌈peak attendance × head-count after / target⌉ (for a new tenant: only its own people).
    public var desksNeededAtPeak: Int
    /// ⌈0.6 × head-count after⌉ (for a new tenant: its own people).
    public var desksByNorm: Int
    /// desks needed at peak − desks now (negative: surplus). For a new tenant: desks needed at peak.
    public var additionalDesks: Int
}

/// The occupancy report definitions, computed from `OccupancyFacts` in memory.
public enum Occupancy {
    /// The target peak occupancy as a fraction, from a percentage of 1–100 (default 90).
    /// - Throws: `DeskError.invalid` (field `target`) for anything else, NaN and infinities included.
    public static func target(percent: Double?) throws -> Double {
        let percent = percent ?? 90
        guard percent.isFinite, (1...100).contains(percent) else {
            throw DeskError.invalid([FieldProblem(field: "target", message: "a percentage from 1 to 100 (got \(percent))")])
        }
        return percent / 100
    }

    /// Per-day figures of every group of `grouping` (open days only).
    public static func days(_ facts: OccupancyFacts, by grouping: OccupancyGrouping) -> [String: [OccupancyDay]] {
        let zones = Dictionary(uniqueKeysWithValues: facts.zones.map { ($0.code, $0) })
        func deskGroup(_ zoneCode: String) -> String? {
            guard let zone = zones[zoneCode] else { return nil }
            switch grouping {
            case .building: return facts.building.code
            case .floor: return String(zone.floor)
            case .zone: return zone.code
            case .administration: return zone.administration
            }
        }
        let deskZone = Dictionary(uniqueKeysWithValues: facts.desks.map { ($0.id, $0.zoneCode) })
        // Desks per group, and per administration per group (for head-count shares).
        var desksOf: [String: Int] = [:]
        var adminDesks: [String: Int] = [:]
        var adminDesksInGroup: [String: [String: Int]] = [:]
        for desk in facts.desks {
            guard let group = deskGroup(desk.zoneCode) else { continue }
            desksOf[group, default: 0] += 1
            if let administration = zones[desk.zoneCode]?.administration {
                adminDesks[administration, default: 0] += 1
                adminDesksInGroup[group, default: [:]][administration, default: 0] += 1
            }
        }
        let groups = Set(desksOf.keys).union(grouping == .administration ? Set(facts.headCounts.map(\.administration)) : [])
        struct Tally {
            var booked = Set<Int64>(), occupied = Set<Int64>(), present = Set<UserID>()
            var bookings = 0, noShows = 0, turnedAway = 0
        }
        var tallies: [String: [LocalDate: Tally]] = [:]
        for booking in facts.bookings where booking.state != .cancelled {
            guard let zoneCode = deskZone[booking.deskID] else { continue }
            let deskGroup = deskGroup(zoneCode)
            let peopleGroup = grouping == .administration ? booking.administration : deskGroup
            if let deskGroup {
                tallies[deskGroup, default: [:]][booking.date, default: Tally()].booked.insert(booking.deskID)
                if booking.state == .checkedIn { tallies[deskGroup, default: [:]][booking.date, default: Tally()].occupied.insert(booking.deskID) }
            }
            if let peopleGroup {
                tallies[peopleGroup, default: [:]][booking.date, default: Tally()].bookings += 1
                if booking.state == .noShow { tallies[peopleGroup, default: [:]][booking.date, default: Tally()].noShows += 1 }
                if booking.state == .checkedIn { tallies[peopleGroup, default: [:]][booking.date, default: Tally()].present.insert(booking.userID) }
            }
        }
        for attempt in facts.turnedAway {
            let group: String? =
                switch grouping {
                case .administration: attempt.administration
                case .building: facts.building.code
                default: attempt.zoneCode.flatMap(deskGroup)
                }
            if let group { tallies[group, default: [:]][attempt.date, default: Tally()].turnedAway += 1 }
        }
        // Out-of-service desk-days per group and date.
        var outOfService: [String: [LocalDate: Int]] = [:]
        let open = Set(facts.openDays)
        for (deskID, outages) in facts.outages {
            guard let zoneCode = deskZone[deskID], let group = deskGroup(zoneCode) else { continue }
            for day in open where outages.contains(where: { $0.covers(day) }) { outOfService[group, default: [:]][day, default: 0] += 1 }
        }
        let administrations = Set(facts.headCounts.map(\.administration))
        var result: [String: [OccupancyDay]] = [:]
        for group in groups {
            result[group] = facts.openDays.map { day in
                let tally = tallies[group]?[day] ?? Tally()
                let headCount: Double =
                    switch grouping {
                    case .building: Double(administrations.reduce(0) { $0 + facts.headCount(of: $1, on: day) })
                    case .administration: Double(facts.headCount(of: group, on: day))
                    case .floor, .zone:
                        (adminDesksInGroup[group] ?? [:]).reduce(0.0) { sum, entry in
                            sum + Double(facts.headCount(of: entry.key, on: day)) * Double(entry.value) / Double(adminDesks[entry.key]!)
                        }
                    }
                return OccupancyDay(
                    date: day, availableDesks: (desksOf[group] ?? 0) - (outOfService[group]?[day] ?? 0),
                    bookedDesks: tally.booked.count, occupiedDesks: tally.occupied.count, bookings: tally.bookings, noShows: tally.noShows,
                    peoplePresent: tally.present.count, headCount: headCount, turnedAway: tally.turnedAway)
            }
        }
        return result
    }

    /// The report rows, ordered by group then period.
    /// - Parameter target: the highest acceptable peak occupancy, a fraction (0.9 = 90 %), as checked by
    ///   `target(percent:)` (a zero or non-finite target is a programming error: it traps).
    public static func report(_ facts: OccupancyFacts, by grouping: OccupancyGrouping, bucket: OccupancyBucket, target: Double = 0.9) -> [OccupancyRow] {
        var rows: [OccupancyRow] = []
        for (group, days) in days(facts, by: grouping) {
            var buckets: [(label: String, days: [OccupancyDay])] = []
            for day in days {
                let label = bucket.label(of: day.date)
                if buckets.last?.label == label { buckets[buckets.count - 1].days.append(day) } else { buckets.append((label, [day])) }
            }
            for (label, days) in buckets { rows.append(row(grouping: grouping, group: group, period: label, days: days, target: target)) }
        }
        return rows.sorted { a, b in
            if a.group != b.group {
                if grouping == .floor, let x = Int(a.group), let y = Int(b.group) { return x < y }
                return a.group < b.group
            }
            return a.period < b.period
        }
    }

    /// One row from the days of one group and bucket.
    public static func row(grouping: OccupancyGrouping, group: String, period: String, days: [OccupancyDay], target: Double) -> OccupancyRow {
        precondition(target > 0 && target <= 1, "check the target with Occupancy.target(percent:)")
        let last = days.last
        let occupancy = days.compactMap(\.occupancyRate)
        let attendance = days.compactMap(\.attendance)
        let bookings = days.reduce(0) { $0 + $1.bookings }
        let noShows = days.reduce(0) { $0 + $1.noShows }
        let desks = last?.availableDesks ?? 0
        let headCount = last?.headCount ?? 0
        let peak = days.map(\.occupiedDesks).max() ?? 0
        let needed = Int((Double(peak) / target - 1e-9).rounded(.up))
        return OccupancyRow(
            grouping: grouping, group: group, period: period, openDays: days.count, desks: desks, headCount: headCount,
            deskSharingRatio: headCount > 0 ? Double(desks) / headCount : nil,
            bookings: bookings, noShows: noShows, noShowRate: bookings > 0 ? Double(noShows) / Double(bookings) : nil,
            bookingRate: mean(days.compactMap(\.bookingRate)),
            occupancyAverage: mean(occupancy), occupancyPeak: occupancy.max(), occupancyP90: percentile(occupancy, 0.9),
            attendanceAverage: mean(attendance), attendancePeak: attendance.max(),
            turnedAway: days.reduce(0) { $0 + $1.turnedAway },
            peakOccupiedDesks: peak, desksNeeded: max(needed, 0),
            desksReleasable: max(0, desks - needed), desksShort: max(0, needed - desks))
    }

    /// Capacity planning: the desks needed if `administration`'s head-count changes by
    /// `change` people, sized on its highest observed daily attendance over the facts' period.
    /// With `administration == nil`, a new tenant of `change` people sized on the building's peak attendance.
    /// - Throws: `DeskError.invalid` for an administration without head-count or zones, a head-count
    ///   that would fall below zero, or a new tenant of no one.
    public static func capacity(_ facts: OccupancyFacts, administration: String?, change: Int, target: Double = 0.9) throws -> CapacityPlan {
        precondition(target > 0 && target <= 1, "check the target with Occupancy.target(percent:)")
        let grouping: OccupancyGrouping = administration == nil ? .building : .administration
        guard let days = Occupancy.days(facts, by: grouping)[administration ?? facts.building.code] else {
            throw DeskError.invalid([FieldProblem(field: "administration", message: "'\(administration ?? "")' has neither a head-count nor zones in \(facts.building.code)")])
        }
        let peakAttendance = days.compactMap(\.attendance).max()
        let now = Int((days.last?.headCount ?? 0).rounded())
        let desksNow = days.last?.availableDesks ?? 0
        guard abs(change) <= 1_000_000 else {
            throw DeskError.invalid([FieldProblem(field: "change", message: "at most 1,000,000 people either way")])
        }
        let people = administration == nil ? change : now + change
        guard people > 0 else {
            throw DeskError.invalid([
                FieldProblem(
                    field: "change",
                    message: administration == nil
                        ? "a new tenant has at least one person" : "\(administration!) has \(now) people: the change leaves \(people)")
            ])
        }
        let atPeak = Int(((peakAttendance ?? 0) * Double(people) / target - 1e-9).rounded(.up))
        return CapacityPlan(
            administration: administration, headCountNow: administration == nil ? 0 : now, headCountAfter: people,
            desksNow: desksNow, peakAttendance: peakAttendance, desksNeededAtPeak: max(0, atPeak),
            desksByNorm: Int((deskSharingNorm * Double(people) - 1e-9).rounded(.up)),
            additionalDesks: administration == nil ? max(0, atPeak) : max(0, atPeak) - desksNow)
    }

    /// Mean daily occupancy by weekday (Monday…Friday) and floor over the facts' open days.
    public static func heatMap(_ facts: OccupancyFacts) -> [Int: [Weekday: Double]] {
        var sums: [Int: [Weekday: (Double, Int)]] = [:]
        for (group, days) in Occupancy.days(facts, by: .floor) {
            guard let floor = Int(group) else { continue }
            for day in days {
                guard let rate = day.occupancyRate else { continue }
                let weekday = day.date.weekday
                let (sum, count) = sums[floor, default: [:]][weekday] ?? (0, 0)
                sums[floor, default: [:]][weekday] = (sum + rate, count + 1)
            }
        }
        return sums.mapValues { $0.mapValues { $0.0 / Double($0.1) } }
    }

    /// A rate (fraction) as a percentage rounded to one decimal (0.8667 → 86.7), as reports show it.
    public static func percent(_ rate: Double?) -> Double? {
        rate.map { ($0 * 1000).rounded() / 10 }
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Nearest-rank percentile (`p` in 0…1) of `values`.
    static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[max(0, Int((p * Double(sorted.count) - 1e-9).rounded(.up)) - 1)]
    }
}
