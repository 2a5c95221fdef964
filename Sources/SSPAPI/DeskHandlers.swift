import Foundation
import HTTPTypes
import OpenAPIRuntime
import SSPCore

/// The flex-desk operations: booking, check-in, cancellation, presence sharing and occupancy reports.
extension APIHandler {
    func listDesks(_ input: Operations.ListDesks.Input) async throws -> Operations.ListDesks.Output {
        let user = try RequestIdentity.current()
        let desks = try await self.desks.availability(
            user, date: try date(input.query.date, "date"), slot: input.query.slot.map { wire($0) } ?? .day,
            zone: input.query.zone)
        return .ok(
            .init(
                body: .json(
                    .init(
                        desks: desks.map {
                            .init(
                                code: $0.desk.code, zone: $0.desk.zoneCode, floor: $0.floor, kind: wire($0.desk.kind), equipment: $0.desk.equipment,
                                free: $0.free, outOfService: $0.outOfService)
                        }))))
    }

    func checkInAtDesk(_ input: Operations.CheckInAtDesk.Input) async throws -> Operations.CheckInAtDesk.Output {
        let user = try RequestIdentity.current()
        return .ok(.init(body: .json(.init(try await desks.checkIn(user, atDesk: input.path.code, slot: input.query.slot.map { wire($0) })))))
    }

    func listMyBookings(_ input: Operations.ListMyBookings.Input) async throws -> Operations.ListMyBookings.Output {
        let user = try RequestIdentity.current()
        let bookings = try await desks.bookings(user, from: try date(input.query.from, "from"), to: try date(input.query.to, "to"))
        return .ok(.init(body: .json(.init(bookings: bookings.map(Components.Schemas.Booking.init)))))
    }

    func bookDesk(_ input: Operations.BookDesk.Input) async throws -> Operations.BookDesk.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let booking = try await desks.book(
            user, date: try date(body.date, "date"), slot: wire(body.slot), desk: body.desk, zone: body.zone,
            accessible: body.accessible ?? false)
        return .created(.init(headers: .init(location: "/api/v1/desks/bookings/\(booking.id)"), body: .json(.init(booking))))
    }

    func cancelMyBookings(_ input: Operations.CancelMyBookings.Input) async throws -> Operations.CancelMyBookings.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        let cancelled = try await desks.cancel(user, from: try date(body.from, "from"), to: try date(body.to, "to"))
        return .ok(.init(body: .json(.init(bookings: cancelled.map(Components.Schemas.Booking.init)))))
    }

    func getBooking(_ input: Operations.GetBooking.Input) async throws -> Operations.GetBooking.Output {
        let booking = try await desks.booking(try RequestIdentity.current(), id: input.path.id)
        return .ok(.init(headers: .init(eTag: ETag.of(booking)), body: .json(.init(booking))))
    }

    func checkInBooking(_ input: Operations.CheckInBooking.Input) async throws -> Operations.CheckInBooking.Output {
        let user = try RequestIdentity.current()
        try await requireVersion(of: input.path.id, input.headers.ifMatch, by: user)
        let booking = try await desks.checkIn(user, booking: input.path.id)
        return .ok(.init(headers: .init(eTag: ETag.of(booking)), body: .json(.init(booking))))
    }

    func cancelBooking(_ input: Operations.CancelBooking.Input) async throws -> Operations.CancelBooking.Output {
        let user = try RequestIdentity.current()
        try await requireVersion(of: input.path.id, input.headers.ifMatch, by: user)
        let booking = try await desks.cancel(user, booking: input.path.id)
        return .ok(.init(headers: .init(eTag: ETag.of(booking)), body: .json(.init(booking))))
    }

    /// `If-Match` on a booking: 412 with its current `ETag` when it is no longer in the state named.
    /// The change itself then acts only on a booking still `booked`, in its own write, so a change
    /// racing this check is refused (409) rather than applied twice.
    private func requireVersion(of id: Int64, _ ifMatch: String?, by user: User) async throws {
        let condition = ETag.parse(ifMatch)
        guard condition != .absent, condition != .any else { return }
        let current = try await desks.booking(user, id: id)
        guard case let .tag(tag) = condition, "\"\(tag)\"" == ETag.of(current) else {
            var problem = Problem(
                status: .preconditionFailed, slug: "version-mismatch", title: "The booking is no longer at the version of If-Match",
                detail: "booking \(id) is \(current.state.rawValue)")
            problem.currentETag = ETag.of(current)
            throw problem
        }
    }

    func listSharedPresence(_ input: Operations.ListSharedPresence.Input) async throws -> Operations.ListSharedPresence.Output {
        let people = try await desks.sharedPresence(try RequestIdentity.current(), building: input.query.building, date: try date(input.query.date, "date"))
        return .ok(
            .init(
                body: .json(
                    .init(
                        people: people.map {
                            .init(name: $0.name, desk: $0.deskCode, zone: $0.zoneCode, floor: $0.floor, slot: wire($0.slot), checkedIn: $0.checkedIn)
                        }))))
    }

    func getPresenceSharing(_ input: Operations.GetPresenceSharing.Input) async throws -> Operations.GetPresenceSharing.Output {
        .ok(.init(body: .json(.init(share: try await desks.sharesPresence(try RequestIdentity.current())))))
    }

    func setPresenceSharing(_ input: Operations.SetPresenceSharing.Input) async throws -> Operations.SetPresenceSharing.Output {
        let user = try RequestIdentity.current()
        guard case let .json(body) = input.body else { throw Problem.malformed("expected application/json") }
        return .ok(.init(body: .json(.init(share: try await desks.setSharesPresence(user, body.share)))))
    }

    func occupancyReport(_ input: Operations.OccupancyReport.Input) async throws -> Operations.OccupancyReport.Output {
        let target = try Occupancy.target(percent: input.query.target)
        let facts = try await occupancyFacts(input.query.from, input.query.to, input.query.building)
        let rows = Occupancy.report(facts, by: input.query.by.map { wire($0) } ?? .building, bucket: input.query.bucket.map { wire($0) } ?? .month, target: target)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(OccupancyExport.csv(rows, target: target)))))
        }
        return .ok(.init(body: .json(.init(building: facts.building.code, norm: deskSharingNorm, targetPercent: target * 100, rows: rows.map(Components.Schemas.OccupancyRow.init)))))
    }

    func occupancyHeatMap(_ input: Operations.OccupancyHeatMap.Input) async throws -> Operations.OccupancyHeatMap.Output {
        let facts = try await occupancyFacts(input.query.from, input.query.to, input.query.building)
        let svg = OccupancyExport.heatMapSVG(
            Occupancy.heatMap(facts), building: facts.building, from: try date(input.query.from, "from"),
            to: try date(input.query.to, "to"), language: input.query.language.map { wire($0) } ?? .nl)
        return .ok(.init(body: .imageSvgXml(HTTPBody(svg))))
    }

    func occupancyCapacity(_ input: Operations.OccupancyCapacity.Input) async throws -> Operations.OccupancyCapacity.Output {
        let target = try Occupancy.target(percent: input.query.target)
        let facts = try await occupancyFacts(input.query.from, input.query.to, input.query.building)
        let plan = try Occupancy.capacity(facts, administration: input.query.administration, change: input.query.change, target: target)
        return .ok(
            .init(
                body: .json(
                    .init(
                        administration: plan.administration, headCountNow: plan.headCountNow, headCountAfter: plan.headCountAfter, desksNow: plan.desksNow,
                        peakAttendancePercent: Occupancy.percent(plan.peakAttendance), desksNeededAtPeak: plan.desksNeededAtPeak, desksByNorm: plan.desksByNorm,
                        additionalDesks: plan.additionalDesks))))
    }

    private func occupancyFacts(_ from: String, _ to: String, _ building: String?) async throws -> OccupancyFacts {
        let user = try RequestIdentity.current()
        return try await desks.facts(user, building: building, from: try date(from, "from"), to: try date(to, "to"))
    }

    /// A `YYYY-MM-DD` field or parameter, or 422 naming it.
    func date(_ text: String, _ field: String) throws -> LocalDate {
        guard let date = LocalDate(iso: text) else { throw Problem.invalid([FieldProblem(field: field, message: "must be a date YYYY-MM-DD")]) }
        return date
    }
}

extension Components.Schemas.Booking {
    init(_ booking: Booking) {
        self.init(
            id: booking.id, desk: booking.deskCode, zone: booking.zoneCode, floor: booking.floor, building: booking.buildingCode,
            date: booking.date.description, slot: wire(booking.slot), state: wire(booking.state), walkIn: booking.walkIn,
            createdAt: booking.createdAt, checkInOpensAt: booking.checkInOpensAt, checkInDeadline: booking.checkInDeadline,
            checkedInAt: booking.checkedInAt, releasedAt: booking.releasedAt, cancelledAt: booking.cancelledAt,
            checkInUrl: "/api/v1/desks/\(booking.deskCode)/check-in")
    }
}

extension Components.Schemas.OccupancyRow {
    init(_ row: SSPCore.OccupancyRow) {
        self.init(
            grouping: wire(row.grouping), group: row.group, period: row.period, openDays: row.openDays, desks: row.desks,
            headCount: (row.headCount * 10).rounded() / 10, deskSharingRatio: row.deskSharingRatio.map { ($0 * 100).rounded() / 100 },
            bookings: row.bookings, noShows: row.noShows, noShowRatePercent: Occupancy.percent(row.noShowRate), bookingRatePercent: Occupancy.percent(row.bookingRate),
            occupancyAveragePercent: Occupancy.percent(row.occupancyAverage), occupancyPeakPercent: Occupancy.percent(row.occupancyPeak),
            occupancyP90Percent: Occupancy.percent(row.occupancyP90), attendanceAveragePercent: Occupancy.percent(row.attendanceAverage),
            attendancePeakPercent: Occupancy.percent(row.attendancePeak), turnedAway: row.turnedAway, peakOccupiedDesks: row.peakOccupiedDesks,
            desksNeeded: row.desksNeeded, desksReleasable: row.desksReleasable, desksShort: row.desksShort)
    }
}
