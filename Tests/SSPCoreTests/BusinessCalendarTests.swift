import Foundation
import SSPCore
import SSPTestSupport
import Testing

/// Europe/Brussels, Monday–Friday 08:00–17:00, the 10 Belgian public holidays and Iris Day
/// (the `gob-standard` calendar without the three staff days off).
private let office: BusinessCalendar = {
    let day = [OpeningWindow(fromMinute: 8 * 60, toMinute: 17 * 60)]
    let name = LocalizedText(nl: "h", fr: "h")
    let fixed: [(Int, Int)] = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25), (5, 8)]
    return BusinessCalendar(
        id: "office", name: name, timeZoneID: "Europe/Brussels",
        week: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day],
        holidays: fixed.map { Holiday(rule: .fixed(month: $0.0, day: $0.1), name: name) }
            + [1, 39, 50].map { Holiday(rule: .easter(offset: $0), name: name) })
}()

@Suite("Business calendar")
struct BusinessCalendarTests {
    @Test("calendar dates by integer arithmetic: known day numbers and weekdays, and a round trip over 1900–2200")
    func dateArithmetic() {
        #expect(LocalDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(LocalDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
        #expect(LocalDate(year: 1969, month: 12, day: 31).daysSinceEpoch == -1)
        #expect(LocalDate(year: 2026, month: 12, day: 1).weekday == .tuesday)
        #expect(LocalDate(year: 1900, month: 1, day: 1).weekday == .monday)
        #expect(LocalDate(year: 2024, month: 2, day: 28).adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(year: 2100, month: 2, day: 28).adding(days: 1) == LocalDate(year: 2100, month: 3, day: 1))
        #expect(LocalDate(year: 2026, month: 12, day: 31).adding(days: 1) == LocalDate(year: 2027, month: 1, day: 1))
        #expect(LocalDate(year: 2026, month: 3, day: 1).adding(days: -1) == LocalDate(year: 2026, month: 2, day: 28))
        var date = LocalDate(year: 1900, month: 1, day: 1)
        var day = date.daysSinceEpoch
        var mismatches = 0
        while date.year < 2201 {
            let next = date.adding(days: 1)
            if next.daysSinceEpoch != day + 1 || LocalDate(daysSinceEpoch: day) != date { mismatches += 1 }
            // The next day is the same month's next day, or the 1st of the next month.
            let expected =
                date.day < LocalDate.daysIn(month: date.month, year: date.year)
                ? LocalDate(year: date.year, month: date.month, day: date.day + 1)
                : date.month == 12 ? LocalDate(year: date.year + 1, month: 1, day: 1) : LocalDate(year: date.year, month: date.month + 1, day: 1)
            if next != expected { mismatches += 1 }
            date = next
            day += 1
        }
        #expect(mismatches == 0)
        #expect(day == LocalDate(year: 2201, month: 1, day: 1).daysSinceEpoch)
    }

    @Test("Brussels ISO 8601 text and local dates by arithmetic equal Foundation's, over 1970–2100 and at both DST changes")
    func brusselsText() {
        let style = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: Brussels.timeZone)
        var generator = SystemRandomNumberGenerator()
        var instants = (0..<20_000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator)) }
        // Each side of the changes of 2025 (30 March 01:00 UTC, 26 October 01:00 UTC), and a fraction of a second.
        for change in [1_743_296_400.0, 1_761_440_400.0] { instants += [-1.5, -1, -0.001, 0, 0.999, 1].map { Date(timeIntervalSince1970: change + $0) } }
        var mismatches: [String] = []
        for instant in instants {
            if Brussels.iso8601(instant) != instant.formatted(style) { mismatches.append("\(instant.timeIntervalSince1970): \(Brussels.iso8601(instant))") }
            let c = Brussels.calendar.dateComponents([.year, .month, .day], from: instant)
            if LocalDate(instant, in: Brussels.calendar) != LocalDate(year: c.year!, month: c.month!, day: c.day!) { mismatches.append("date of \(instant)") }
        }
        #expect(mismatches == [])
        #expect(Brussels.iso8601(Date(timeIntervalSince1970: 1_743_296_399)) == "2025-03-30T01:59:59+01:00")
        #expect(Brussels.iso8601(Date(timeIntervalSince1970: 1_743_296_400)) == "2025-03-30T03:00:00+02:00")
        #expect(Brussels.iso8601(Date(timeIntervalSince1970: 1_761_440_400.75)) == "2025-10-26T02:00:00+01:00")
    }

    @Test("a changed copy of a calendar does not reuse the original's holidays or windows")
    func changedCopy() {
        let monday = LocalDate(year: 2026, month: 6, day: 1)
        #expect(office.isBusinessDay(monday))
        var closed = office
        closed.holidays.append(Holiday(rule: .once(monday), name: LocalizedText(nl: "dicht", fr: "fermé")))
        #expect(!closed.isBusinessDay(monday))
        #expect(office.isBusinessDay(monday))
        var late = office
        late.week[.monday] = [OpeningWindow(fromMinute: 10 * 60, toMinute: 12 * 60)]
        #expect(late.businessMinutes(from: Instants.at("2026-06-01T00:00:00+02:00"), to: Instants.at("2026-06-02T00:00:00+02:00")) == 120)
        #expect(office.businessMinutes(from: Instants.at("2026-06-01T00:00:00+02:00"), to: Instants.at("2026-06-02T00:00:00+02:00")) == 540)
    }

    @Test("16 business hours across the October DST change: Fri 15:00 CEST → Tue 13:00 CET")
    func autumnDST() {
        let due = office.add(businessMinutes: 960, to: Instants.at("2025-10-24T15:00:00+02:00"))
        #expect(due == Instants.at("2025-10-28T12:00:00Z"))
        #expect(Brussels.iso8601(due) == "2025-10-28T13:00:00+01:00")
    }

    @Test("16 business hours across the March DST change: Fri 15:00 CET → Tue 13:00 CEST")
    func springDST() {
        let due = office.add(businessMinutes: 960, to: Instants.at("2025-03-28T15:00:00+01:00"))
        #expect(due == Instants.at("2025-04-01T11:00:00Z"))
    }

    @Test("filing outside hours starts counting at the next opening")
    func outsideHours() {
        // Saturday 2025-06-07 10:00 → Monday 08:00 + 60 min; Whit Monday 2025-06-09 is a holiday → Tuesday 09:00
        #expect(office.add(businessMinutes: 60, to: Instants.at("2025-06-07T10:00:00+02:00")) == Instants.at("2025-06-10T09:00:00+02:00"))
        // Thursday 18:30 → Friday 08:30
        #expect(office.add(businessMinutes: 30, to: Instants.at("2025-06-12T18:30:00+02:00")) == Instants.at("2025-06-13T08:30:00+02:00"))
    }

    @Test("business minutes between two instants skip nights, weekends and holidays")
    func minutesBetween() {
        // Thu 2025-05-28 16:00 → Mon 2025-06-02 09:00, Ascension (Thu 29 May) closed: 60 + 0 (Thu 29) + 540 (Fri 30) + 60 = 660
        #expect(office.businessMinutes(from: Instants.at("2025-05-28T16:00:00+02:00"), to: Instants.at("2025-06-02T09:00:00+02:00")) == 660)
        #expect(office.businessMinutes(from: Instants.at("2025-06-02T09:00:00+02:00"), to: Instants.at("2025-06-02T09:00:00+02:00")) == 0)
    }

    @Test("2025's movable feasts come from Easter (20 April 2025); Good Friday is a working day")
    func holidays2025() {
        let dates = office.holidays(in: 2025).map(\.date.description)
        #expect(dates.contains("2025-04-21"))  // Easter Monday
        #expect(dates.contains("2025-05-29"))  // Ascension
        #expect(dates.contains("2025-06-09"))  // Whit Monday
        #expect(!dates.contains("2025-04-18"))  // Good Friday
        #expect(dates.count == 11)
        #expect(office.isBusinessDay(LocalDate(year: 2025, month: 4, day: 18)))
        #expect(BusinessCalendar.easterSunday(year: 2026) == LocalDate(year: 2026, month: 4, day: 5))
        #expect(BusinessCalendar.easterSunday(year: 2024) == LocalDate(year: 2024, month: 3, day: 31))
    }

    @Test("isOpen respects windows and the Brussels date, whatever the server's zone")
    func isOpen() {
        #expect(office.isOpen(at: Instants.at("2025-06-02T08:00:00+02:00")))
        #expect(!office.isOpen(at: Instants.at("2025-06-02T17:00:00+02:00")))
        // The national holiday (21 July) is closed; 20 July 22:30Z is already 21 July in Brussels
        #expect(!office.isOpen(at: Instants.at("2025-07-21T10:00:00+02:00")))
        #expect(office.localDate(of: Instants.at("2025-07-20T22:30:00Z")) == LocalDate(year: 2025, month: 7, day: 21))
    }

    @Test("5 business days after a Friday resolution, with and without a holiday in between")
    func businessDays() {
        #expect(office.add(businessDays: 5, to: Instants.at("2025-06-13T14:00:00+02:00")) == Instants.at("2025-06-20T14:00:00+02:00"))
        // Friday 2025-06-06 + 5 business days skips Whit Monday 9 June → Monday 16 June
        #expect(office.add(businessDays: 5, to: Instants.at("2025-06-06T14:00:00+02:00")) == Instants.at("2025-06-16T14:00:00+02:00"))
    }
}
