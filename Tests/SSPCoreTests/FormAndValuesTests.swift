import Foundation
import SSPCore
import SSPTestSupport
import Testing

private let label = LocalizedText(nl: "l", fr: "l", en: "l")
private let form = [
    FormField(key: "asset_tag", type: .text, required: true, label: label),
    FormField(key: "details", type: .longText, required: false, label: label),
    FormField(
        key: "os", type: .choice, required: true, label: label,
        options: [
            FieldOption(value: "windows", label: label), FieldOption(value: "linux", label: label),
        ]),
    FormField(key: "from", type: .date, required: false, label: label),
    FormField(key: "count", type: .number, required: false, label: label),
    FormField(key: "urgent", type: .yesNo, required: false, label: label),
]

@Suite("Request-form validation")
struct FormValidationTests {
    @Test("valid answers come back normalised (dates typed)")
    func valid() throws {
        let answers = try FormValidation.validate(
            answers: ["asset_tag": .text("GOB-1"), "os": .text("linux"), "from": .text("2025-02-28"), "count": .number(2), "urgent": .bool(true)],
            against: form)
        #expect(answers["from"] == .date(LocalDate(year: 2025, month: 2, day: 28)))
        #expect(answers["os"] == .text("linux"))
        #expect(answers.count == 5)
    }

    @Test(
        "every problem is reported at once, naming its field",
        arguments: [
            ([String: FormValue](), ["answers.asset_tag: required", "answers.os: required"]),
            (["asset_tag": .text(""), "os": .text("mac")], ["answers.asset_tag: required", "answers.os: must be one of: windows, linux"]),
            (["asset_tag": .number(3), "os": .text("linux")], ["answers.asset_tag: must be a string"]),
            (["asset_tag": .text("a\nb"), "os": .text("linux")], ["answers.asset_tag: a single line of text"]),
            (["asset_tag": .text("a"), "os": .text("linux"), "from": .text("2025-02-30")], ["answers.from: must be a date YYYY-MM-DD"]),
            (["asset_tag": .text("a"), "os": .text("linux"), "count": .text("two")], ["answers.count: must be a number"]),
            (["asset_tag": .text("a"), "os": .text("linux"), "urgent": .text("yes")], ["answers.urgent: must be true or false"]),
            (["asset_tag": .text("a"), "os": .text("linux"), "colour": .text("red")], ["answers.colour: not a field of this service's form"]),
            (["asset_tag": .text(String(repeating: "x", count: 501)), "os": .text("linux")], ["answers.asset_tag: at most 500 characters"]),
        ])
    func invalid(answers: [String: FormValue], expected: [String]) {
        let error = #expect(throws: TicketError.self) { try FormValidation.validate(answers: answers, against: form) }
        guard case let .invalid(problems) = error else { return }
        #expect(problems.map(\.description).sorted() == expected.sorted())
    }

    @Test("subject is required, one line, at most 200 characters")
    func subject() {
        #expect(FormValidation.problems(subject: " ", description: "").map(\.description) == ["subject: required"])
        #expect(FormValidation.problems(subject: String(repeating: "a", count: 201), description: "").map(\.description) == ["subject: at most 200 characters"])
        #expect(FormValidation.problems(subject: "Laptop", description: "").isEmpty)
    }
}

@Suite("Identifiers")
struct IdentifierTests {
    @Test("ticket numbers are SSP-YYYY-NNNNNN")
    func numbers() {
        #expect(TicketNumber(year: 2026, sequence: 42).rawValue == "SSP-2026-000042")
        #expect(TicketNumber(parsing: "SSP-2026-000042")?.rawValue == "SSP-2026-000042")
        for bad in ["SSP-2026-42", "ssp-2026-000042", "SSP-2026-00004x", "SSP-20266-000042", "../etc/passwd", ""] {
            #expect(TicketNumber(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("a cursor survives its wire form and rejects garbage")
    func cursor() {
        // 2025-06-02T09:00:00.123+02:00, to the millisecond as storage keeps it
        let cursor = TicketCursor(sort: .newest, key: 1_748_847_600_123, id: TicketID(77), filters: "00ff00ff00ff00ff")
        #expect(TicketCursor(token: cursor.token) == cursor)
        #expect(TicketCursor(token: "not-a-cursor") == nil)
        let due = TicketCursor(sort: .due, key: .max, id: TicketID(3), filters: "0123456789abcdef")
        #expect(TicketCursor(token: due.token) == due)
        // A cursor of the old three-part form, or with a filter part that is not 16 hex digits, is no cursor.
        #expect(TicketCursor(token: Data("newest.1.77".utf8).base64URLEncoded) == nil)
        #expect(TicketCursor(token: Data("newest.1.77.xyz".utf8).base64URLEncoded) == nil)
    }

    @Test("a cursor belongs to its listing: the filters, the sort and the search, not the page size or the scope")
    func cursorFingerprint() {
        let queue = TicketQuery(scope: .all, directorateCode: "IT", openOnly: true, sort: .due, limit: 50)
        var samePage = queue
        samePage.limit = 10
        samePage.scope = .visibleTo(user: UserID(rawValue: 7), [.requester])
        #expect(samePage.filterFingerprint == queue.filterFingerprint)
        #expect(queue.filterFingerprint.count == 16)
        var others: [TicketQuery] = []
        for change in 0..<7 {
            var other = queue
            switch change {
            case 0: other.directorateCode = "HR"
            case 1: other.openOnly = false
            case 2: other.sort = .newest
            case 3: other.status = .new
            case 4: other.unassignedOnly = true
            case 5: other.assigneeID = UserID(rawValue: 3)
            default: other.text = TicketSearchText("laptop")
            }
            others.append(other)
        }
        #expect(Set(others.map(\.filterFingerprint) + [queue.filterFingerprint]).count == 8)
        // Stable across processes and releases (another instance must accept the cursor): FNV-1a 64 of the
        // empty listing's canonical text (10 absent parts, "newest", 1 absent part, NUL-separated), worked out
        // with Python's integers (the same code gives the published test vector af63dc4c8601ec8c for "a").
        #expect(TicketQuery(scope: .all).filterFingerprint == "944e6077081a9c68")
        // A page resumes only at a cursor of its own listing.
        var resumed = queue
        resumed.resume(at: TicketCursor(sort: .due, key: 5, id: TicketID(9), filters: queue.filterFingerprint).token)
        #expect(resumed.after?.id == TicketID(9))
        resumed.resume(at: TicketCursor(sort: .due, key: 5, id: TicketID(9), filters: others[0].filterFingerprint).token)
        #expect(resumed.after == nil)
    }

    @Test("instants are written with the Brussels offset, summer and winter")
    func iso() {
        #expect(Brussels.iso8601(Date(timeIntervalSince1970: 1_761_310_800)) == "2025-10-24T15:00:00+02:00")
        #expect(Brussels.iso8601(Date(timeIntervalSince1970: 1_761_652_800)) == "2025-10-28T13:00:00+01:00")
        #expect(Brussels.year(of: Instants.at("2025-12-31T23:30:00Z")) == 2026)
    }
}
