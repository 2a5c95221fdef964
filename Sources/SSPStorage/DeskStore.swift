import Foundation
import GRDB
import SSPCore

extension AppDatabase: DeskStore {
    static let bookingColumns = """
        booking.*, desk.code AS desk_code, desk.zone_code AS zone_code, zone.floor AS floor, zone.building_code AS building_code
        FROM booking JOIN desk ON desk.id = booking.desk_id JOIN zone ON zone.code = desk.zone_code
        """

    static func booking(row: Row) throws -> Booking {
        guard let date = LocalDate(iso: row["date"]), let slot = Slot(rawValue: row["slot"]), let state = BookingState(rawValue: row["state"]) else {
            throw DatabaseError(message: "booking \(row["id"] as Int64): unexpected date, slot or state")
        }
        return Booking(
            id: row["id"], deskCode: row["desk_code"], zoneCode: row["zone_code"], floor: row["floor"], buildingCode: row["building_code"],
            userID: UserID(row["user_id"] as Int64), date: date, slot: slot, state: state, walkIn: row["walk_in"],
            createdAt: row.instant("created_at")!, checkInOpensAt: row.instant("check_in_opens_at")!,
            checkInDeadline: row.instant("check_in_deadline")!, checkedInAt: row.instant("checked_in_at"),
            releasedAt: row.instant("released_at"), cancelledAt: row.instant("cancelled_at"))
    }

    static func desk(row: Row) throws -> Desk {
        Desk(
            id: row["id"], code: row["code"], zoneCode: row["zone_code"], kind: try AppDatabase.decode(row, "kind"),
            ownerID: (row["owner_id"] as Int64?).map { UserID($0) },
            equipment: (row["equipment"] as String).split(separator: ";").map(String.init), active: row["active"])
    }

    static func headCount(row: Row) -> HeadCount {
        HeadCount(administration: row["administration"], validFrom: LocalDate(iso: row["valid_from"])!, count: row["count"], source: row["source"])
    }

    /// A `desk_outage` row joined with its desk's `code`.
    static func outage(row: Row) -> DeskOutage {
        DeskOutage(deskCode: row["code"], from: LocalDate(iso: row["from_date"])!, to: LocalDate(iso: row["to_date"])!, reason: row["reason"])
    }

    static func zone(row: Row) -> Zone {
        Zone(code: row["code"], buildingCode: row["building_code"], floor: row["floor"], administration: row["administration"])
    }

    /// The SQL list of the states that hold a desk (`BookingState.holdsDesk`).
    static let holdingStates = BookingState.allCases.filter(\.holdsDesk).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The SQL condition "booking `alias` holds a half-day that `slot` needs" (`Slot.overlaps`).
    static func overlapping(_ slot: Slot, alias: String) -> String {
        let slots = Slot.allCases.filter { $0.overlaps(slot) }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return "\(alias).slot IN (\(slots)) AND \(alias).state IN (\(holdingStates))"
    }

    public func buildings() async throws -> [Building] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT definition FROM building ORDER BY code").map { try JSON.decode(Building.self, $0) }
        }
    }

    public func building(code: String) async throws -> Building? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM building WHERE code = ?", arguments: [code]).map { try JSON.decode(Building.self, $0) }
        }
    }

    public func saveBuilding(_ building: Building) async throws {
        let problems = building.problems
        guard problems.isEmpty else { throw DeskError.invalid(problems) }
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO building(code, definition) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET definition = excluded.definition",
                arguments: [building.code, try JSON.encode(building)])
        }
    }

    public func zones(building: String?) async throws -> [Zone] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM zone WHERE ?1 IS NULL OR building_code = ?1 ORDER BY building_code, floor, code",
                arguments: [building]
            ).map(Self.zone(row:))
        }
    }

    public func zone(code: String) async throws -> Zone? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM zone WHERE code = ?", arguments: [code]).map(Self.zone(row:)) }
    }

    public func desk(code: String) async throws -> Desk? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM desk WHERE code = ?", arguments: [code]).map(Self.desk(row:)) }
    }

    public func importDesks(_ rows: [DeskInventoryRow]) async throws -> DeskImportReport {
        try await writer.write { db in
            var report = DeskImportReport()
            var problems: [FieldProblem] = []
            var zonesSeen: [String: DeskInventoryRow] = [:]
            for row in rows {
                if try String.fetchOne(db, sql: "SELECT code FROM building WHERE code = ?", arguments: [row.buildingCode]) == nil {
                    let building = Building(code: row.buildingCode, name: row.buildingCode)
                    if let problem = building.problems.first {
                        problems.append(FieldProblem(field: "line \(row.line): building", message: problem.message))
                        continue
                    }
                    try db.execute(sql: "INSERT INTO building(code, definition) VALUES (?, ?)", arguments: [building.code, try JSON.encode(building)])
                }
                if let first = zonesSeen[row.zoneCode] {
                    if first.buildingCode != row.buildingCode || first.floor != row.floor || first.zoneAdministration != row.zoneAdministration {
                        problems.append(FieldProblem(field: "line \(row.line): zone", message: "zone \(row.zoneCode) has another building, floor or administration on line \(first.line)"))
                    }
                } else {
                    zonesSeen[row.zoneCode] = row
                    try db.execute(
                        sql: """
                            INSERT INTO zone(code, building_code, floor, administration) VALUES (?, ?, ?, ?)
                            ON CONFLICT(code) DO UPDATE SET building_code = excluded.building_code, floor = excluded.floor, administration = excluded.administration
                            """, arguments: [row.zoneCode, row.buildingCode, row.floor, row.zoneAdministration])
                    report.zones += 1
                }
                var ownerID: Int64?
                if let email = row.ownerEmail {
                    ownerID = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE email = ?", arguments: [email])
                    if ownerID == nil { problems.append(FieldProblem(field: "line \(row.line): owner_email", message: "no user with e-mail \(email)")) }
                }
                let before = try Row.fetchOne(db, sql: "SELECT zone_code, kind, owner_id, equipment, active FROM desk WHERE code = ?", arguments: [row.deskCode])
                try db.execute(
                    sql: """
                        INSERT INTO desk(code, zone_code, kind, owner_id, equipment, active) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(code) DO UPDATE SET zone_code = excluded.zone_code, kind = excluded.kind, owner_id = excluded.owner_id,
                            equipment = excluded.equipment, active = excluded.active
                        """, arguments: [row.deskCode, row.zoneCode, row.kind.rawValue, ownerID, row.equipment.joined(separator: ";"), row.active])
                let after = try Row.fetchOne(db, sql: "SELECT zone_code, kind, owner_id, equipment, active FROM desk WHERE code = ?", arguments: [row.deskCode])
                if before == nil { report.inserted += 1 } else if before != after { report.updated += 1 } else { report.unchanged += 1 }
            }
            guard problems.isEmpty else { throw DeskError.invalid(problems) }
            return report
        }
    }

    public func exportDesks() async throws -> [DeskInventoryRow] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT desk.*, zone.building_code, zone.floor, zone.administration, user.email AS owner_email
                    FROM desk JOIN zone ON zone.code = desk.zone_code LEFT JOIN user ON user.id = desk.owner_id
                    ORDER BY zone.building_code, zone.floor, zone.code, desk.code
                    """
            ).enumerated().map { index, row in
                let desk = try Self.desk(row: row)
                return DeskInventoryRow(
                    line: index + 2, buildingCode: row["building_code"], floor: row["floor"], zoneCode: desk.zoneCode,
                    zoneAdministration: row["administration"], deskCode: desk.code, kind: desk.kind, ownerEmail: row["owner_email"],
                    equipment: desk.equipment, active: desk.active)
            }
        }
    }

    public func availability(zones: [String], date: LocalDate, slot: Slot) async throws -> [DeskAvailability] {
        guard !zones.isEmpty else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT desk.*, zone.floor,
                        EXISTS (SELECT 1 FROM desk_outage o WHERE o.desk_id = desk.id AND o.from_date <= ?1 AND o.to_date >= ?1) AS out_of_service,
                        EXISTS (SELECT 1 FROM booking b WHERE b.desk_id = desk.id AND b.date = ?1 AND \(Self.overlapping(slot, alias: "b"))) AS taken
                    FROM desk JOIN zone ON zone.code = desk.zone_code
                    WHERE desk.active = 1 AND desk.zone_code IN (\(databaseQuestionMarks(count: zones.count)))
                    ORDER BY zone.floor, desk.code
                    """, arguments: [date.description] + StatementArguments(zones)
            ).map { row in
                DeskAvailability(
                    desk: try Self.desk(row: row), floor: row["floor"], free: !(row["out_of_service"] as Bool) && !(row["taken"] as Bool),
                    outOfService: row["out_of_service"])
            }
        }
    }

    public func addOutage(_ outage: DeskOutage) async throws {
        try await writer.write { db in
            guard let deskID = try Int64.fetchOne(db, sql: "SELECT id FROM desk WHERE code = ?", arguments: [outage.deskCode]) else {
                throw DeskError.deskNotFound(outage.deskCode)
            }
            guard outage.from <= outage.to else { throw DeskError.invalid([FieldProblem(field: "to", message: "\(outage.to) is before \(outage.from)")]) }
            try db.execute(
                sql: "INSERT INTO desk_outage(desk_id, from_date, to_date, reason) VALUES (?, ?, ?, ?)",
                arguments: [deskID, outage.from.description, outage.to.description, outage.reason])
        }
    }

    public func outages(deskCode: String?) async throws -> [DeskOutage] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT desk.code, o.from_date, o.to_date, o.reason FROM desk_outage o JOIN desk ON desk.id = o.desk_id
                    WHERE ?1 IS NULL OR desk.code = ?1 ORDER BY desk.code, o.from_date
                    """, arguments: [deskCode]
            ).map(Self.outage(row:))
        }
    }

    private enum BookResult { case booked(Int64), turnedAway }

    public func book(_ new: NewBooking, administration: String?) async throws -> Booking {
        let date = new.date.description
        let result: BookResult
        do {
            result = try await writer.write { db -> BookResult in
                if try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM booking b WHERE b.user_id = ? AND b.date = ? AND \(Self.overlapping(new.slot, alias: "b"))",
                    arguments: [new.userID.rawValue, date])! > 0
                {
                    throw DeskError.alreadyBooked(date: new.date, slot: new.slot)
                }
                let deskID: Int64
                if let code = new.deskCode {
                    guard
                        let row = try Row.fetchOne(
                            db,
                            sql: """
                                SELECT desk.*, EXISTS (SELECT 1 FROM desk_outage o WHERE o.desk_id = desk.id AND o.from_date <= ? AND o.to_date >= ?) AS out_of_service
                                FROM desk WHERE code = ?
                                """, arguments: [date, date, code])
                    else { throw DeskError.deskNotFound(code) }
                    let desk = try Self.desk(row: row)
                    if !desk.active { throw DeskError.deskUnavailable(desk: code, reason: "removed from the inventory") }
                    if row["out_of_service"] as Bool { throw DeskError.deskUnavailable(desk: code, reason: "out of service on \(new.date)") }
                    if !desk.isBookable(by: new.userID) { throw DeskError.deskUnavailable(desk: code, reason: "a fixed desk of someone else") }
                    if try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM booking b WHERE b.desk_id = ? AND b.date = ? AND \(Self.overlapping(new.slot, alias: "b"))",
                        arguments: [desk.id, date])! > 0
                    {
                        throw DeskError.deskTaken(desk: code, date: new.date, slot: new.slot)
                    }
                    deskID = desk.id
                } else {
                    guard !new.zoneCodes.isEmpty, !new.kinds.isEmpty else { throw DeskError.invalid([FieldProblem(field: "zone", message: "no zone to pick from")]) }
                    let kinds = new.kinds.map(\.rawValue).sorted()
                    let picked = try Int64.fetchOne(
                        db,
                        sql: """
                            SELECT desk.id FROM desk JOIN zone ON zone.code = desk.zone_code
                            WHERE desk.active = 1 AND desk.zone_code IN (\(databaseQuestionMarks(count: new.zoneCodes.count)))
                              AND desk.kind IN (\(databaseQuestionMarks(count: kinds.count)))
                              AND NOT EXISTS (SELECT 1 FROM desk_outage o WHERE o.desk_id = desk.id AND o.from_date <= ? AND o.to_date >= ?)
                              AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.desk_id = desk.id AND b.date = ? AND \(Self.overlapping(new.slot, alias: "b")))
                            ORDER BY zone.floor, desk.code LIMIT 1
                            """, arguments: StatementArguments(new.zoneCodes) + StatementArguments(kinds) + [date, date, date])
                    guard let picked else {
                        let building = try String.fetchOne(db, sql: "SELECT building_code FROM zone WHERE code = ?", arguments: [new.zoneCodes[0]])!
                        try db.execute(
                            sql: """
                                INSERT INTO booking_turned_away(building_code, zone_code, administration, date, slot, at) VALUES (?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [
                                building, new.zoneCodes.count == 1 ? new.zoneCodes[0] : nil, administration, date, new.slot.rawValue,
                                new.createdAt.unixMillis,
                            ])
                        return .turnedAway
                    }
                    deskID = picked
                }
                try db.execute(
                    sql: """
                        INSERT INTO booking(desk_id, user_id, date, slot, state, walk_in, created_at, check_in_opens_at, check_in_deadline, checked_in_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        deskID, new.userID.rawValue, date, new.slot.rawValue, new.state.rawValue, new.state == .checkedIn,
                        new.createdAt.unixMillis, new.checkInOpensAt.unixMillis, new.checkInDeadline.unixMillis,
                        new.state == .checkedIn ? new.createdAt.unixMillis : nil,
                    ])
                return .booked(db.lastInsertedRowID)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            // The checks above run in the same write transaction, so this is the constraint as a last line of defence.
            if error.message?.contains("user_id") == true { throw DeskError.alreadyBooked(date: new.date, slot: new.slot) }
            throw DeskError.deskTaken(desk: new.deskCode ?? "?", date: new.date, slot: new.slot)
        }
        switch result {
        case .turnedAway: throw DeskError.noFreeDesk(date: new.date, slot: new.slot)
        case let .booked(id): return try await booking(id: id)!
        }
    }

    public func booking(id: Int64) async throws -> Booking? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.bookingColumns) WHERE booking.id = ?", arguments: [id]).map(Self.booking(row:))
        }
    }

    public func bookings(building: String, date: LocalDate) async throws -> [Booking] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.bookingColumns) WHERE booking.date = ? AND zone.building_code = ? AND booking.state <> 'cancelled'
                    ORDER BY zone.floor, desk.code, CASE booking.slot WHEN 'afternoon' THEN 1 ELSE 0 END, booking.id
                    """, arguments: [date.description, building]
            ).map(Self.booking(row:))
        }
    }

    public func bookings(of userID: UserID, from: LocalDate, to: LocalDate) async throws -> [Booking] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.bookingColumns) WHERE booking.user_id = ? AND booking.date BETWEEN ? AND ?
                    ORDER BY booking.date, CASE booking.slot WHEN 'afternoon' THEN 1 ELSE 0 END, booking.id
                    """, arguments: [userID.rawValue, from.description, to.description]
            ).map(Self.booking(row:))
        }
    }

    public func checkIn(bookingID: Int64, at now: Date) async throws -> Booking {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.bookingColumns) WHERE booking.id = ?", arguments: [bookingID]) else {
                throw DeskError.bookingNotFound(bookingID)
            }
            var booking = try Self.booking(row: row)
            if let refusal = booking.checkInRefusal(at: now) { throw refusal }
            guard booking.state == .booked else { return booking }
            try db.execute(sql: "UPDATE booking SET state = 'checked_in', checked_in_at = ? WHERE id = ?", arguments: [now.unixMillis, bookingID])
            booking.state = .checkedIn
            booking.checkedInAt = Date(unixMillis: now.unixMillis)
            return booking
        }
    }

    public func cancel(userID: UserID, ids: [Int64]?, from: LocalDate, to: LocalDate, at now: Date) async throws -> [Booking] {
        try await writer.write { db in
            // Only bookings still before their check-in deadline: after it, a booking is a no-show for
            // every rule (BookingState.at(_:deadline:)), released or not.
            var sql = "SELECT id FROM booking WHERE user_id = ? AND date BETWEEN ? AND ? AND state = 'booked' AND check_in_deadline >= ?"
            var arguments: StatementArguments = [userID.rawValue, from.description, to.description, now.unixMillis]
            if let ids {
                sql += " AND id IN (\(databaseQuestionMarks(count: max(ids.count, 1))))"
                arguments += StatementArguments(ids.isEmpty ? [-1] : ids)
            }
            let found = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            guard !found.isEmpty else { return [] }
            let list = databaseQuestionMarks(count: found.count)
            try db.execute(sql: "UPDATE booking SET state = 'cancelled', cancelled_at = ? WHERE id IN (\(list))", arguments: [now.unixMillis] + StatementArguments(found))
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.bookingColumns) WHERE booking.id IN (\(list)) ORDER BY booking.date, booking.id",
                arguments: StatementArguments(found)
            ).map(Self.booking(row:))
        }
    }

    public func releaseNoShows(at now: Date) async throws -> Int {
        // In bulk, the same comparison as `Booking.checkInRefusal`: past the deadline, not before it.
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE booking SET state = 'no_show', released_at = ?1 WHERE state = 'booked' AND check_in_deadline < ?1",
                arguments: [now.unixMillis])
            return db.changesCount
        }
    }

    public func loadBookings(_ bookings: [Booking]) async throws -> Int {
        try await writer.write { db in
            var deskIDs: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, code FROM desk") { deskIDs[row["code"]] = row["id"] }
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO booking(desk_id, user_id, date, slot, state, walk_in, created_at, check_in_opens_at, check_in_deadline,
                                        checked_in_at, released_at, cancelled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for booking in bookings {
                guard let deskID = deskIDs[booking.deskCode] else { throw DeskError.deskNotFound(booking.deskCode) }
                do {
                    try statement.execute(arguments: [
                        deskID, booking.userID.rawValue, booking.date.description, booking.slot.rawValue, booking.state.rawValue, booking.walkIn,
                        booking.createdAt.unixMillis, booking.checkInOpensAt.unixMillis, booking.checkInDeadline.unixMillis,
                        booking.checkedInAt?.unixMillis, booking.releasedAt?.unixMillis, booking.cancelledAt?.unixMillis,
                    ])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    if error.message?.contains("user_id") == true { throw DeskError.alreadyBooked(date: booking.date, slot: booking.slot) }
                    throw DeskError.deskTaken(desk: booking.deskCode, date: booking.date, slot: booking.slot)
                }
            }
            return bookings.count
        }
    }

    public func headCounts() async throws -> [HeadCount] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM head_count ORDER BY administration, valid_from").map(Self.headCount(row:))
        }
    }

    public func setHeadCount(_ headCount: HeadCount) async throws {
        var problems: [FieldProblem] = []
        if headCount.administration.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(FieldProblem(field: "administration", message: "required")) }
        if headCount.count < 0 { problems.append(FieldProblem(field: "count", message: "must be ≥ 0")) }
        guard problems.isEmpty else { throw DeskError.invalid(problems) }
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO head_count(administration, valid_from, count, source) VALUES (?, ?, ?, ?)
                    ON CONFLICT(administration, valid_from) DO UPDATE SET count = excluded.count, source = excluded.source
                    """, arguments: [headCount.administration, headCount.validFrom.description, headCount.count, headCount.source])
        }
    }

    public func directoryHeadCounts() async throws -> [String: Int] {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT administration, count(*) AS n FROM user WHERE active = 1 AND administration IS NOT NULL GROUP BY administration") {
                counts[row["administration"]] = row["n"]
            }
            return counts
        }
    }

    public func occupancyFacts(building code: String, from: LocalDate, to: LocalDate) async throws -> OccupancyFacts {
        try await writer.read { db in
            guard let definition = try String.fetchOne(db, sql: "SELECT definition FROM building WHERE code = ?", arguments: [code]) else {
                throw DeskError.buildingNotFound(code)
            }
            let building = try JSON.decode(Building.self, definition)
            let zones = try Row.fetchAll(db, sql: "SELECT * FROM zone WHERE building_code = ? ORDER BY floor, code", arguments: [code]).map(Self.zone(row:))
            let desks = try Row.fetchAll(
                db,
                sql: """
                    SELECT desk.id, desk.zone_code FROM desk JOIN zone ON zone.code = desk.zone_code WHERE zone.building_code = ? AND desk.active = 1
                    """, arguments: [code]
            ).map { OccupancyFacts.DeskFact(id: $0["id"], zoneCode: $0["zone_code"]) }
            var outages: [Int64: [DeskOutage]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT o.*, desk.code FROM desk_outage o JOIN desk ON desk.id = o.desk_id JOIN zone ON zone.code = desk.zone_code
                    WHERE zone.building_code = ? AND o.from_date <= ? AND o.to_date >= ?
                    """, arguments: [code, to.description, from.description])
            {
                outages[row["desk_id"], default: []].append(Self.outage(row: row))
            }
            var bookings: [OccupancyFacts.BookingFact] = []
            var dates: [String: LocalDate] = [:]
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT booking.date, booking.desk_id, booking.user_id, user.administration, booking.state, booking.check_in_deadline
                    FROM booking JOIN desk ON desk.id = booking.desk_id JOIN zone ON zone.code = desk.zone_code JOIN user ON user.id = booking.user_id
                    WHERE booking.date BETWEEN ? AND ? AND zone.building_code = ? AND booking.state <> 'cancelled'
                    """, arguments: [from.description, to.description, code])
            while let row = try cursor.next() {
                let text: String = row[0]
                let date = dates[text] ?? LocalDate(iso: text)!
                dates[text] = date
                bookings.append(
                    OccupancyFacts.BookingFact(
                        date: date, deskID: row[1], userID: UserID(row[2] as Int64), administration: row[3],
                        state: try AppDatabase.decode(row, "state"), checkInDeadline: Date(unixMillis: row[5])))
            }
            let turnedAway = try Row.fetchAll(
                db,
                sql: """
                    SELECT date, zone_code, administration FROM booking_turned_away WHERE building_code = ? AND date BETWEEN ? AND ?
                    """, arguments: [code, from.description, to.description]
            ).map {
                OccupancyFacts.TurnedAway(date: LocalDate(iso: $0["date"])!, zoneCode: $0["zone_code"], administration: $0["administration"])
            }
            let headCounts = try Row.fetchAll(db, sql: "SELECT * FROM head_count").map(Self.headCount(row:))
            return OccupancyFacts(
                building: building, openDays: [], zones: zones, desks: desks, outages: outages,
                bookings: bookings, headCounts: headCounts, turnedAway: turnedAway)
        }
    }

    public func setSharesPresence(_ userID: UserID, _ shares: Bool) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO presence_sharing(user_id, shares) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET shares = excluded.shares",
                arguments: [userID.rawValue, shares])
        }
    }

    public func sharesPresence(_ userID: UserID) async throws -> Bool {
        try await writer.read { db in try Bool.fetchOne(db, sql: "SELECT shares FROM presence_sharing WHERE user_id = ?", arguments: [userID.rawValue]) ?? false }
    }

    public func sharedPresence(building: String, date: LocalDate) async throws -> [SharedPresence] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT user.name, desk.code, desk.zone_code, zone.floor, booking.slot, booking.state
                    FROM booking JOIN presence_sharing p ON p.user_id = booking.user_id AND p.shares = 1
                    JOIN user ON user.id = booking.user_id JOIN desk ON desk.id = booking.desk_id JOIN zone ON zone.code = desk.zone_code
                    WHERE zone.building_code = ? AND booking.date = ? AND booking.state IN (\(Self.holdingStates))
                    ORDER BY zone.floor, desk.code, booking.slot
                    """, arguments: [building, date.description]
            ).map { row in
                SharedPresence(
                    name: row["name"], deskCode: row["code"], zoneCode: row["zone_code"], floor: row["floor"],
                    slot: try AppDatabase.decode(row, "slot"), checkedIn: (row["state"] as String) == "checked_in")
            }
        }
    }
}
