import Foundation
import SSPCore
import SSPTestSupport
import Testing

/// Monday–Friday windows, the 10 Belgian public holidays and Iris Day; `staffDays` adds 2 Nov, 15 Nov, 26 Dec.
private func officeCalendar(staffDays: Bool = false, week: [OpeningWindow] = [OpeningWindow(fromMinute: 480, toMinute: 1020)]) -> BusinessCalendar {
    let name = LocalizedText(nl: "h", fr: "h")
    var fixed: [(Int, Int)] = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25), (5, 8)]
    if staffDays { fixed += [(11, 2), (11, 15), (12, 26)] }
    return BusinessCalendar(
        id: "office", name: name, timeZoneID: "Europe/Brussels",
        week: [.monday: week, .tuesday: week, .wednesday: week, .thursday: week, .friday: week],
        holidays: fixed.map { Holiday(rule: .fixed(month: $0.0, day: $0.1), name: name) }
            + [1, 39, 50].map { Holiday(rule: .easter(offset: $0), name: name) })
}

private let office = officeCalendar()
private let gob = officeCalendar(staffDays: true)
private let lunch = officeCalendar(week: [OpeningWindow(fromMinute: 480, toMinute: 720), OpeningWindow(fromMinute: 780, toMinute: 1020)])
private let allDay: BusinessCalendar = {
    let day = [OpeningWindow(fromMinute: 0, toMinute: 1440)]
    return BusinessCalendar(
        id: "always-open", name: LocalizedText(nl: "24/7", fr: "24/7"), timeZoneID: "Europe/Brussels",
        week: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, day) }), holidays: [])
}()

/// Due instants worked out by hand: (case, calendar, start, business minutes, due).
private let dueCases: [(String, BusinessCalendar, String, Int, String)] = [
    ("issue: 16 bh over the October DST change", office, "2025-10-24T15:00:00+02:00", 960, "2025-10-28T13:00:00+01:00"),
    ("issue: 16 bh over the March DST change", office, "2025-03-28T15:00:00+01:00", 960, "2025-04-01T13:00:00+02:00"),
    ("Good Friday works, Easter Monday does not", office, "2025-04-18T15:00:00+02:00", 960, "2025-04-23T13:00:00+02:00"),
    ("holiday on a Friday (15 Aug 2025), due at closing time", office, "2025-08-14T16:00:00+02:00", 600, "2025-08-18T17:00:00+02:00"),
    ("filed before opening", office, "2025-06-03T06:30:00+02:00", 60, "2025-06-03T09:00:00+02:00"),
    ("filed at closing time counts from the next morning", office, "2025-06-03T17:00:00+02:00", 30, "2025-06-04T08:30:00+02:00"),
    ("filed on a Sunday", office, "2025-06-01T12:00:00+02:00", 540, "2025-06-02T17:00:00+02:00"),
    ("one minute from opening", office, "2025-06-02T08:00:00+02:00", 1, "2025-06-02T08:01:00+02:00"),
    ("Iris Day (Thursday 8 May 2025)", office, "2025-05-07T17:00:00+02:00", 540, "2025-05-09T17:00:00+02:00"),
    ("Labour Day (Thursday 1 May 2025)", office, "2025-04-30T16:30:00+02:00", 60, "2025-05-02T08:30:00+02:00"),
    ("Ascension (Thursday 29 May 2025)", office, "2025-05-28T08:00:00+02:00", 1080, "2025-05-30T17:00:00+02:00"),
    ("Christmas; 26 Dec is a working day without the staff days", office, "2025-12-24T12:00:00+01:00", 540, "2025-12-26T12:00:00+01:00"),
    ("Christmas and the 26 Dec staff day", gob, "2025-12-24T12:00:00+01:00", 540, "2025-12-29T12:00:00+01:00"),
    ("New Year (Thursday 1 Jan 2026)", office, "2025-12-31T13:00:00+01:00", 540, "2026-01-02T13:00:00+01:00"),
    ("staff day All Souls (Monday 2 Nov 2026)", gob, "2026-10-30T16:30:00+01:00", 60, "2026-11-03T08:30:00+01:00"),
    ("All Souls is a working day without the staff days", office, "2026-10-30T16:30:00+01:00", 60, "2026-11-02T08:30:00+01:00"),
    ("Armistice (Wednesday 11 Nov 2026)", office, "2026-11-10T12:00:00+01:00", 540, "2026-11-12T12:00:00+01:00"),
    ("Whit Monday 2026 (25 May) from Easter 5 April", office, "2026-05-22T16:00:00+02:00", 120, "2026-05-26T09:00:00+02:00"),
    ("24/7 over the spring DST night: 3 real hours", allDay, "2025-03-30T01:00:00+01:00", 180, "2025-03-30T05:00:00+02:00"),
    ("24/7 over the autumn DST night: 3 real hours", allDay, "2025-10-26T01:00:00+02:00", 180, "2025-10-26T03:00:00+01:00"),
    ("24/7 has no holidays", allDay, "2025-12-25T10:00:00+01:00", 60, "2025-12-25T11:00:00+01:00"),
    ("two windows a day (lunch break)", lunch, "2025-06-02T10:00:00+02:00", 300, "2025-06-02T16:00:00+02:00"),
    ("starting in the lunch break", lunch, "2025-06-02T12:00:00+02:00", 120, "2025-06-02T15:00:00+02:00"),
]

@Suite("SLA due instants, worked out by hand")
struct SLADueTests {
    @Test("add(businessMinutes:to:)", arguments: dueCases.indices)
    func due(index: Int) {
        let (name, calendar, start, minutes, due) = dueCases[index]
        let result = calendar.add(businessMinutes: minutes, to: Instants.at(start))
        #expect(Brussels.iso8601(result) == due, "\(name)")
        // and counting back over the same span gives the minutes again
        #expect(calendar.businessMinutes(from: Instants.at(start), to: result) == minutes, "\(name)")
    }

    @Test("business minutes across the DST weekend count hours, not wall-clock jumps")
    func minutesAcrossDST() {
        #expect(office.businessMinutes(from: Instants.at("2025-10-24T16:00:00+02:00"), to: Instants.at("2025-10-27T09:00:00+01:00")) == 120)
    }

    @Test("holidays of 2026 and Good Friday 2025")
    func holidays() {
        let dates = Set(gob.holidays(in: 2026).map(\.date.description))
        #expect(dates.isSuperset(of: ["2026-04-06", "2026-05-14", "2026-05-25", "2026-11-02", "2026-12-26"]))
        #expect(dates.count == 14)
        #expect(office.isOpen(at: Instants.at("2025-04-18T10:00:00+02:00")))
        #expect(!office.isOpen(at: Instants.at("2025-04-21T10:00:00+02:00")))
    }
}

/// A step in a clock's life.
private enum Step {
    case pause(String), resume(String), stop(String), retarget(Int)
}

/// Clock cases: (case, start, target minutes, steps, check instant, state, used minutes, due or nil when paused/stopped).
private let clockCases: [(String, String, Int, [Step], String, SLAClock.State, Int, String?)] = [
    (
        "issue: waiting over a weekend moves the due time", "2025-06-12T10:00:00+02:00", 960,
        [.pause("2025-06-13T16:00:00+02:00"), .resume("2025-06-16T10:00:00+02:00")],
        "2025-06-16T10:00:00+02:00", .running, 900, "2025-06-16T11:00:00+02:00"
    ),
    (
        "issue: resolved straight from waiting counts no waiting time", "2025-06-02T09:00:00+02:00", 960,
        [.pause("2025-06-02T11:00:00+02:00"), .stop("2025-06-04T10:00:00+02:00")],
        "2025-06-04T10:00:00+02:00", .met, 120, nil
    ),
    (
        "pause over a weekend and Whit Monday", "2025-06-05T09:00:00+02:00", 960,
        [.pause("2025-06-06T15:00:00+02:00"), .resume("2025-06-10T10:00:00+02:00")],
        "2025-06-10T10:00:00+02:00", .running, 900, "2025-06-10T11:00:00+02:00"
    ),
    (
        "pause over Ascension", "2025-05-28T08:00:00+02:00", 1080,
        [.pause("2025-05-28T12:00:00+02:00"), .resume("2025-05-30T10:00:00+02:00")],
        "2025-05-30T10:00:00+02:00", .running, 240, "2025-06-02T15:00:00+02:00"
    ),
    (
        "paused and resumed outside hours", "2025-06-02T09:00:00+02:00", 960,
        [.pause("2025-06-02T18:00:00+02:00"), .resume("2025-06-03T07:00:00+02:00")],
        "2025-06-03T07:30:00+02:00", .running, 480, "2025-06-03T16:00:00+02:00"
    ),
    (
        "a paused clock has no due time and accrues nothing", "2025-06-02T09:00:00+02:00", 480,
        [.pause("2025-06-02T10:00:00+02:00")],
        "2025-06-09T10:00:00+02:00", .paused, 60, nil
    ),
    (
        "priority raised: target longer, time used kept", "2025-06-02T09:00:00+02:00", 480,
        [.retarget(1440)],
        "2025-06-02T13:00:00+02:00", .running, 240, "2025-06-04T15:00:00+02:00"
    ),
    (
        "priority changed after a pause: pauses kept", "2025-06-02T09:00:00+02:00", 1440,
        [.pause("2025-06-02T12:00:00+02:00"), .resume("2025-06-03T10:00:00+02:00"), .retarget(480)],
        "2025-06-03T11:00:00+02:00", .running, 240, "2025-06-03T15:00:00+02:00"
    ),
    (
        "re-targeted below the time used: breached at once", "2025-06-02T09:00:00+02:00", 1440,
        [.retarget(480)],
        "2025-06-03T12:00:00+02:00", .breached, 720, "2025-06-02T17:00:00+02:00"
    ),
    (
        "reopened ticket is not born breached: time resolved is not counted", "2025-06-02T09:00:00+02:00", 960,
        [.stop("2025-06-02T15:00:00+02:00"), .resume("2025-06-05T10:00:00+02:00")],
        "2025-06-05T10:00:00+02:00", .running, 360, "2025-06-06T11:00:00+02:00"
    ),
    (
        "exactly at the target (due Monday 17:00) is not a breach, overnight included", "2025-06-02T09:00:00+02:00", 480,
        [], "2025-06-03T08:00:00+02:00", .running, 480, "2025-06-02T17:00:00+02:00"
    ),
    (
        "one business minute past the target is a breach", "2025-06-02T09:00:00+02:00", 480,
        [], "2025-06-03T08:01:00+02:00", .breached, 481, "2025-06-02T17:00:00+02:00"
    ),
    (
        "stopped exactly at the target is met", "2025-06-02T09:00:00+02:00", 480,
        [.stop("2025-06-03T08:00:00+02:00")], "2025-06-10T08:00:00+02:00", .met, 480, nil
    ),
    (
        "stopped after the target stays breached", "2025-06-02T09:00:00+02:00", 480,
        [.stop("2025-06-03T09:00:00+02:00")], "2025-06-10T08:00:00+02:00", .breached, 540, nil
    ),
    (
        "first response over a weekend: 50 business minutes", "2025-06-13T16:30:00+02:00", 60,
        [.stop("2025-06-16T08:20:00+02:00")], "2025-06-16T09:00:00+02:00", .met, 50, nil
    ),
    (
        "a breach while paused stays a breach", "2025-06-02T09:00:00+02:00", 60,
        [.pause("2025-06-02T11:00:00+02:00")], "2025-06-02T12:00:00+02:00", .breached, 120, nil
    ),
]

@Suite("SLA clocks, worked out by hand")
struct SLAClockTests {
    @Test("clock cases", arguments: clockCases.indices)
    func clock(index: Int) {
        let (name, start, target, steps, check, state, used, due) = clockCases[index]
        var clock = SLAClock(kind: .resolution, targetMinutes: target, start: Instants.at(start))
        for step in steps {
            switch step {
            case let .pause(at): clock.pause(at: Instants.at(at), on: office)
            case let .resume(at): clock.resume(at: Instants.at(at))
            case let .stop(at): clock.stop(at: Instants.at(at), on: office)
            case let .retarget(minutes): clock.retarget(minutes: minutes, at: Instants.at(check), on: office)
            }
        }
        let now = Instants.at(check)
        #expect(clock.state(at: now, on: office) == state, "\(name)")
        #expect(clock.usedMinutes(at: now, on: office) == used, "\(name)")
        #expect(clock.dueAt(on: office).map(Brussels.iso8601) == due, "\(name)")
        #expect(clock.remainingMinutes(at: now, on: office) == clock.targetMinutes - used || state == .breached, "\(name)")
    }

    @Test("at risk from 80 % of the target while running")
    func atRisk() {
        // 480 minutes from Monday 09:00: 384 minutes (80 %) are used at 15:24
        let clock = SLAClock(kind: .firstResponse, targetMinutes: 480, start: Instants.at("2025-06-02T09:00:00+02:00"))
        #expect(!clock.isAtRisk(at: Instants.at("2025-06-02T15:23:00+02:00"), on: office))
        #expect(clock.isAtRisk(at: Instants.at("2025-06-02T15:24:00+02:00"), on: office))
        #expect(!clock.isAtRisk(at: Instants.at("2025-06-03T08:01:00+02:00"), on: office))  // breached, no longer "at risk"
        #expect(clock.remainingMinutes(at: Instants.at("2025-06-03T08:30:00+02:00"), on: office) == -30)
    }
}

@Suite("SLA compliance report")
struct SLAComplianceTests {
    private func record(_ service: String, _ resolvedAt: String, fr: Int?, used: Int, target: Int = 480, priority: Priority = .p2) -> SLARecord {
        SLARecord(
            directorateCode: "IT", serviceCode: service, priority: priority, resolvedAt: Instants.at(resolvedAt),
            firstResponseMinutes: fr, resolutionMinutes: used, resolutionTargetMinutes: target)
    }

    @Test("counts, compliance and nearest-rank percentiles per service, priority and Brussels month")
    func rows() {
        // Given four IT-002 P2 tickets in March 2025 (one breached) and one resolved at 2025-03-31T22:00:00Z, which is April in Brussels
        let records = [
            record("IT-002", "2025-03-03T10:00:00+01:00", fr: 10, used: 100),
            record("IT-002", "2025-03-04T10:00:00+01:00", fr: 20, used: 480),
            record("IT-002", "2025-03-05T10:00:00+01:00", fr: 30, used: 481),
            record("IT-002", "2025-03-06T10:00:00+01:00", fr: 70, used: 200),
            record("IT-002", "2025-03-31T22:00:00Z", fr: 5, used: 50),
        ]
        let rows = SLACompliance.rows(records, period: .month)
        #expect(rows.map(\.period) == ["2025-03", "2025-04"])
        let march = rows[0]
        #expect(march.tickets == 4)
        #expect(march.met == 3)
        #expect(march.breached == 1)
        #expect(march.compliancePercent == 75.0)
        #expect(march.firstResponseMedian == 20)  // ⌈0.5·4⌉ = 2nd of 10, 20, 30, 70
        #expect(march.firstResponseP90 == 70)  // ⌈0.9·4⌉ = 4th
        #expect(march.resolutionMedian == 200)  // 2nd of 100, 200, 480, 481
        #expect(march.resolutionP90 == 481)
        #expect(SLACompliance.rows(records, period: .quarter).map(\.period) == ["2025-Q1", "2025-Q2"])
        #expect(SLACompliance.csv([march]) == SLACompliance.csvHeader + "\nIT,IT-002,P2,2025-03,4,3,1,75.0,20,70,200,481\n")
    }

    @Test("two of three met is 66.7 %; percentiles of ten values")
    func rounding() {
        let records = (1...3).map { record("IT-003", "2025-06-0\($0)T10:00:00+02:00", fr: nil, used: $0 == 3 ? 500 : 10) }
        #expect(SLACompliance.rows(records, period: .month).first?.compliancePercent == 66.7)
        #expect(SLACompliance.rows(records, period: .month).first?.firstResponseMedian == nil)
        #expect(SLACompliance.percentile(Array(1...10), 0.9) == 9)
        #expect(SLACompliance.percentile(Array(1...10), 0.5) == 5)
    }

    @Test("month ranges are Brussels months, from and to inclusive")
    func monthRange() {
        let range = MonthRange(from: "2025-03", to: "2025-03")
        #expect(range?.start == Instants.at("2025-02-28T23:00:00Z"))
        #expect(range?.end == Instants.at("2025-03-31T22:00:00Z"))
        #expect(MonthRange(from: "2025-04", to: "2025-03") == nil)
        #expect(MonthRange(from: "2025-13", to: "2025-12") == nil)
    }
}
