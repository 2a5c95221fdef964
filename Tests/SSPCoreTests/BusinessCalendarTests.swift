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
