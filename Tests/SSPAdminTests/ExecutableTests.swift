import Foundation
import SSPCore
import SSPTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs a built executable to completion; bounded by `timeout` seconds.
private func run(_ product: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = Repository.products.appendingPathComponent(product)
    process.arguments = arguments
    process.currentDirectoryURL = Repository.root
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    // Both pipes are drained at once while the process runs: reading one to its end first would
    // block when the other fills (64 KiB), and would wait past the timeout for a process that hangs.
    let outData = PipeReader(out.fileHandleForReading), errData = PipeReader(err.fileHandleForReading)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData.finish(), as: UTF8.self), String(decoding: errData.finish(), as: UTF8.self))
}

/// Collects what a pipe delivers, on a thread of its own, until its writer closes it.
private final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
            done.signal()
        }
    }

    /// Everything read, once the pipe closed (at most 5 s after the process ended: a grandchild may hold it).
    func finish() -> Data {
        _ = done.wait(timeout: .now() + 5)
        return lock.withLock { data }
    }
}

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ssp-admin-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A free TCP port on 127.0.0.1, found by binding port 0.
private func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite("ssp-admin and ssp-server executables", .serialized)
struct ExecutableTests {
    @Test("catalog validate passes on the real Catalog/ with 8 directorates and 155 services")
    func validateReal() throws {
        let result = try run("ssp-admin", ["catalog", "validate", Repository.catalog.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("OK — 8 directorates, 155 services (154 active), 2 calendars"))
    }

    @Test("catalog validate reports every problem with file, line and field and exits non-zero")
    func validateBroken() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: Repository.catalog.appendingPathComponent("calendars.yaml"), to: directory.appendingPathComponent("calendars.yaml"))
        let it = try String(contentsOf: Repository.catalog.appendingPathComponent("it.yaml"), encoding: .utf8)
        let broken = it.replacingOccurrences(of: "calendar: gob-standard", with: "calendar: nine-to-five")
            .replacingOccurrences(of: "code: IT-003", with: "code: IT-002")
        try broken.write(to: directory.appendingPathComponent("it.yaml"), atomically: true, encoding: .utf8)
        let result = try run("ssp-admin", ["catalog", "validate", directory.path])
        #expect(result.status != 0)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(directory.path)/it.yaml:") && $0.contains(": directorate.calendar: unknown calendar 'nine-to-five'") })
        #expect(lines.contains { $0.hasPrefix("\(directory.path)/it.yaml:") && $0.contains(": code: duplicate code IT-002") })
        #expect(lines.last?.contains("2 problem(s)") == true, "\(result.err)")
    }

    @Test("calendar holidays and sla due check the real calendars")
    func calendarCommands() throws {
        let holidays = try run("ssp-admin", ["calendar", "holidays", "--year", "2025"])
        #expect(holidays.status == 0)
        #expect(holidays.out.contains("2025-04-21  Mon  Easter Monday"))
        #expect(holidays.out.contains("2025-05-29  Thu  Ascension Day"))
        #expect(holidays.out.contains("2025-06-09  Mon  Whit Monday"))
        #expect(!holidays.out.contains("2025-04-18"))
        #expect(holidays.out.contains("14 holiday(s) in 2025 on gob-standard"))
        let due = try run("ssp-admin", ["sla", "due", "--from", "2025-10-24T15:00:00+02:00", "--minutes", "960"])
        #expect(due.out == "2025-10-28T13:00:00+01:00\n")
        let paused = try run(
            "ssp-admin",
            [
                "sla", "due", "--from", "2025-06-12T10:00:00+02:00", "--minutes", "960",
                "--pause", "2025-06-13T16:00:00+02:00/2025-06-16T10:00:00+02:00",
            ])
        #expect(paused.out == "2025-06-16T11:00:00+02:00\n")
        let allDay = try run("ssp-admin", ["sla", "due", "--from", "2025-03-30T01:00:00+01:00", "--minutes", "180", "--calendar", "always-open"])
        #expect(allDay.out == "2025-03-30T05:00:00+02:00\n")
        let bad = try run("ssp-admin", ["sla", "due", "--from", "2025-06-12T10:00:00+02:00", "--minutes", "60", "--pause", "tomorrow"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("--pause 'tomorrow' must be FROM/TO"))
    }

    @Test("users import reports the CSV line and field and imports nothing")
    func usersImportErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("ssp.sqlite").path
        #expect(try run("ssp-admin", ["catalog", "import", "--db", db]).status == 0)
        let csv = directory.appendingPathComponent("staff.csv")
        try "email,name,organisation,administration,language,roles,directorates,manager_email\nok@sprb.brussels,Ok,GOB,BM,nl,,,\nbad,Bad,GOB,BM,xx,,,\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let result = try run("ssp-admin", ["users", "import", csv.path, "--db", db])
        #expect(result.status != 0)
        #expect(result.err.contains("\(csv.path): line 3: email: not an e-mail address: 'bad'"))
        #expect(result.err.contains("\(csv.path): line 3: language: must be nl, fr or en (got 'xx')"))
        #expect(try run("ssp-admin", ["users", "list", "--db", db]).out.isEmpty)

        // A manager unknown to the directory is named by its CSV line too, and nothing is written
        try "email,name,organisation,language,manager_email\nok@sprb.brussels,Ok,GOB,nl,\n\"late@sprb.brussels\",\"Late, Line\",GOB,fr,boss@sprb.brussels\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let unknown = try run("ssp-admin", ["users", "import", csv.path, "--db", db])
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("\(csv.path): line 3: manager: no user with e-mail boss@sprb.brussels"), "\(unknown.err)")
        #expect(try run("ssp-admin", ["users", "list", "--db", db]).out.isEmpty)
    }

    @Test("desks import names the file, line and field, exits non-zero and imports nothing")
    func desksImportErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("ssp.sqlite").path
        let file = directory.appendingPathComponent("desks.csv")
        try "building,floor,zone,administration,desk,kind\nIRIS,12,IRIS-F12-BM,BM,IRIS-F12-001,flex\nIRIS,12,IRIS-F12-BM,BM,IRIS-F12-002,chair\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try run("ssp-admin", ["desks", "import", file.path, "--db", db])
        #expect(result.status != 0)
        #expect(result.err.contains("\(file.path): line 3: kind: flex, fixed or accessible (got 'chair')"))
        #expect(try run("ssp-admin", ["desks", "export", "--db", db]).out == "building,floor,zone,administration,desk,kind,owner_email,equipment,active\n")
    }

    @Test("demo seed creates the 1,575 staff with the head-counts of the activity report, agents and tickets")
    func demoSeed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("demo.sqlite").path
        // Seeded as on Tuesday 2 June 2026, an open day, so the day's report below always has rows
        let seeded = try run("ssp-admin", ["demo", "seed", "--db", db, "--tickets", "40", "--booking-months", "1", "--now", "2026-06-02T12:00:00+02:00"])
        #expect(seeded.status == 0, "\(seeded.err)")
        #expect(seeded.out.contains("staff: 1575 added, 0 updated (1575 in 8 administrations)"))
        let users = try run("ssp-admin", ["users", "list", "--db", db, "--limit", "5000"]).out.split(separator: "\n")
        #expect(users.count == 1575)
        let perAdministration = Dictionary(grouping: users, by: { line in line.split(separator: " ").first { $0.hasPrefix("GOB/") } ?? "" }).mapValues(\.count)
        #expect(perAdministration == ["GOB/BM": 493, "GOB/BS": 362, "GOB/BEE": 240, "GOB/BH": 148, "GOB/BFB": 121, "GOB/BPL": 104, "GOB/BI": 76, "GOB/BCIT": 31])
        // 12 IT agents of whom 2 team leads; Brussels Synergy staffs the counter and Quality and Performance.
        #expect(users.filter { $0.contains("[agent,IT]") }.count == 10)
        #expect(users.filter { $0.contains("[agent,team_lead,IT]") }.count == 2)
        #expect(users.filter { $0.contains("team_lead") }.count == 2 + 2 + 2 + 2 + 1 + 1 + 2 + 1)
        #expect(users.filter { $0.contains("[counter_clerk]") && $0.contains("GOB/BS") }.count == 4)
        #expect(users.filter { $0.contains("[quality_officer]") && $0.contains("GOB/BS") }.count == 3)
        let tickets = try run("ssp-admin", ["tickets", "list", "--db", db, "--limit", "1000"]).out
        #expect(tickets.contains("ticket(s)"))
        #expect(!tickets.contains("\n0 ticket(s)"))
        let surveys = try run("ssp-admin", ["surveys", "report", "--db", db, "--from", "2020-01", "--to", "2030-12", "--period", "year"])
        #expect(surveys.status == 0)
        #expect(surveys.out.hasPrefix(Satisfaction.csvHeader + "\n"))
        let sla = try run("ssp-admin", ["sla", "report", "--db", db, "--from", "2020-01", "--to", "2030-12", "--period", "quarter"])
        #expect(sla.out.hasPrefix(SLACompliance.csvHeader + "\n"))
        #expect(sla.out.split(separator: "\n").count > 1)
        // The Iris Tower: 945 desks, head-count × 0.6 per administration (largest remainder).
        #expect(seeded.out.contains("desks: 945 in 22 zones on 15 floors of the Iris Tower"))
        let report = try run("ssp-admin", ["desks", "report", "--db", db, "--from", "2026-06-02", "--to", "2026-06-02", "--by", "administration", "--bucket", "day", "--format", "csv"])
        #expect(report.status == 0, "\(report.err)")
        let desks = Dictionary(
            uniqueKeysWithValues: report.out.split(separator: "\n").dropFirst().map { line in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                return (String(cells[1]), "\(cells[4])/\(cells[5])")
            })
        #expect(desks == ["BM": "296/493", "BS": "217/362", "BEE": "144/240", "BH": "89/148", "BFB": "73/121", "BPL": "62/104", "BI": "46/76", "BCIT": "18/31"])
        let inventory = try run("ssp-admin", ["desks", "export", "--db", db]).out.split(separator: "\n")
        #expect(inventory.count == 946)
        #expect(inventory[1] == "IRIS,6,IRIS-F06-BM,BM,IRIS-F06-001,accessible,,docking;dual-screen,yes")
        // A second seed into the same database is refused: demo data never mixes with real data
        #expect(try run("ssp-admin", ["demo", "seed", "--db", db, "--tickets", "1"]).status != 0)
    }

    @Test("a config file's misspelt key stops ssp-server at start, naming it; a bad log format too")
    func configFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ssp.yaml")
        try "http:\n  prot: 9999\nlog:\n  level: debug\n".write(to: file, atomically: true, encoding: .utf8)
        let misspelt = try run("ssp-server", ["--config", file.path], timeout: 30)
        #expect(misspelt.status == 2)
        #expect(
            misspelt.err
                == "ssp-server: \(file.path): unknown setting http.prot (known: catalog.path, db.path, http.host, http.port, log.format, log.level, portal.secure-cookies)\n"
        )
        try "log:\n  format: xml\n".write(to: file, atomically: true, encoding: .utf8)
        let format = try run("ssp-server", [], environment: ["SSP_CONFIG_FILE": file.path], timeout: 30)
        #expect(format.status == 2)
        #expect(format.err == "ssp-server: SSP_LOG_FORMAT 'xml' is not text or json\n")
    }

    @Test("end to end: the built ssp-server on a free port serves the catalogue and a ticket goes from filing to resolution")
    func endToEnd() async throws {
        // Given a fresh database with a requester and an IT agent, each with a token made by ssp-admin
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("ssp.sqlite").path
        let env = ["SSP_DB_PATH": db]
        #expect(try run("ssp-admin", ["catalog", "import"], environment: env).status == 0)
        #expect(try run("ssp-admin", ["users", "add", "--name", "Anaïs Lefèvre", "--email", "anais@sprb.brussels"], environment: env).status == 0)
        #expect(try run("ssp-admin", ["users", "add", "--name", "Émile Dubois", "--email", "emile@sprb.brussels", "--agent", "IT"], environment: env).status == 0)
        let requester =
            try run("ssp-admin", ["tokens", "create", "--user", "anais@sprb.brussels"], environment: env).out
            .split(separator: "\n").last.map(String.init) ?? ""
        let agent =
            try run("ssp-admin", ["tokens", "create", "--user", "emile@sprb.brussels"], environment: env).out
            .split(separator: "\n").last.map(String.init) ?? ""
        #expect(requester.hasPrefix("ssp_"))

        // When ssp-server runs on 127.0.0.1 and a free port
        let port = try freePort()
        let server = Process()
        server.executableURL = Repository.products.appendingPathComponent("ssp-server")
        server.arguments = ["--port", String(port), "--log-level", "warning"]
        server.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        server.currentDirectoryURL = Repository.root
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        func call(_ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> (Int, [String: Any]) {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            request.timeoutInterval = 10
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        }
        var healthy = false
        for _ in 0..<100 where !healthy {  // at most 10 s
            healthy = (try? await call("GET", "/health").0) == 200
            if !healthy { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(healthy)

        // Then the 155 services are there and a ticket goes from filing to resolution
        let services = try await call("GET", "/api/v1/services?include_inactive=true", token: requester)
        #expect((services.1["services"] as? [Any])?.count == 155)
        let filed = try await call(
            "POST", "/api/v1/tickets", token: requester,
            body: """
                {"service":"IT-002","subject":"Laptop start niet","answers":{"asset_tag":"GOB-1","problem":"Zwart scherm","can_work":true}}
                """)
        #expect(filed.0 == 201)
        let number = try #require(filed.1["number"] as? String)
        // /metrics: the figures from the database, and Hummingbird's request counts per route and status.
        func metrics() async throws -> [String] {
            let (data, _) = try await URLSession.shared.data(from: URL(string: base + "/metrics")!)
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        }
        let scraped = try await metrics()
        #expect(scraped.contains("ssp_tickets_filed 1.0"))
        #expect(scraped.contains(#"ssp_open_tickets{directorate="IT"} 1.0"#))
        #expect(scraped.contains(#"hb_requests{http_route="/api/v1/tickets",http_request_method="POST",http_response_status_code="201"} 1"#))
        #expect(try await call("PUT", "/api/v1/tickets/\(number)/assignment", token: agent, body: #"{"assignee":"emile@sprb.brussels"}"#).0 == 200)
        #expect(try await call("POST", "/api/v1/tickets/\(number)/transitions", token: agent, body: #"{"action":"start"}"#).1["status"] as? String == "in_progress")
        #expect(try await call("POST", "/api/v1/tickets/\(number)/transitions", token: agent, body: #"{"action":"resolve"}"#).1["status"] as? String == "resolved")
        #expect(try await metrics().contains(#"ssp_open_tickets{directorate="IT"} 0.0"#))

        // And SIGTERM stops it gracefully, with exit status 0
        server.terminate()
        for _ in 0..<100 where server.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.isRunning)
        #expect(server.terminationStatus == 0)
        let shown = try run("ssp-admin", ["tickets", "show", number], environment: env)
        #expect(shown.out.contains("status       resolved"))
    }
}
