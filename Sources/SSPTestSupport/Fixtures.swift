import Foundation
import SSPCatalog
import SSPCore
import SSPStorage

/// Fixed instants used across the tests (all UTC instants; comments give Brussels time).
public enum Instants {
    /// Monday 2025-06-02 09:00 CEST (07:00Z), a business day.
    public static let t0 = Date(timeIntervalSince1970: 1_748_847_600)

    /// Parses an ISO 8601 instant with offset; traps on a typo (tests only).
    public static func at(_ text: String) -> Date {
        guard let date = Brussels.parseISO8601(text) else { preconditionFailure("bad instant \(text)") }
        return date
    }
}

/// Paths of the repository, found from this file's location.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The real catalogue, `Catalog/`.
    public static let catalog = root.appendingPathComponent("Catalog")
    /// The directory with the built products (`ssp-server`, `ssp-admin`) next to the test bundle.
    public static var products: URL {
        let candidates = [Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()]
            .compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("ssp-admin").path) }
            ?? root.appendingPathComponent(".build/debug")
    }
}

/// A database on a temporary file (WAL behaviour matters), deleted afterwards.
public func withTemporaryDatabase<T>(_ body: (AppDatabase, String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssp-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("ssp.sqlite").path
    let db = try AppDatabase(path: path)
    return try await body(db, path)
}

/// The people of the test directory.
public struct People: Sendable {
    /// Staff of Brussels Mobility whose line manager is `manager`.
    public var requesterA: User
    /// Another staff member (Brussels Housing), no manager.
    public var requesterB: User
    /// Line manager of `requesterA`.
    public var manager: User
    /// Agent of IT.
    public var agentIT: User
    /// Second agent of IT.
    public var agentIT2: User
    /// Agent of HR only.
    public var agentHR: User
    /// Administrator.
    public var admin: User
}

/// Imports the real catalogue and the test people into `db`.
public func seedDirectory(_ db: AppDatabase) async throws -> People {
    let result = CatalogueLoader.load(directory: Repository.catalog)
    precondition(result.isValid, "the real catalogue must be valid: \(result.problems)")
    _ = try await db.importCatalogue(result.catalogue)
    func user(_ name: String, _ email: String, _ administration: String, _ language: Language, roles: Set<Role> = [], directorates: Set<String> = [], manager: String? = nil) -> NewUser {
        NewUser(
            name: name, email: email, organisation: "GOB", administration: administration, language: language,
            roles: roles, directorates: directorates, managerEmail: manager)
    }
    _ = try await db.upsertUsers([
        user("Anaïs Lefèvre", "anais.lefevre@sprb.brussels", "BM", .fr, manager: "pieter.maes@sprb.brussels"),
        user("Bram Coppens", "bram.coppens@sprb.brussels", "BH", .nl),
        user("Pieter Maes", "pieter.maes@sprb.brussels", "BM", .nl),
        user("Émile Dubois", "emile.dubois@sprb.brussels", "BCIT", .fr, roles: [.agent], directorates: ["IT"]),
        user("Zoë Janssens", "zoe.janssens@sprb.brussels", "BCIT", .nl, roles: [.agent], directorates: ["IT"]),
        user("Hélène Martin", "helene.martin@sprb.brussels", "BS", .fr, roles: [.agent], directorates: ["HR"]),
        user("Daan Willems", "daan.willems@sprb.brussels", "BS", .nl, roles: [.admin]),
    ])
    func get(_ email: String) async throws -> User { try await db.user(email: email)! }
    return People(
        requesterA: try await get("anais.lefevre@sprb.brussels"), requesterB: try await get("bram.coppens@sprb.brussels"),
        manager: try await get("pieter.maes@sprb.brussels"), agentIT: try await get("emile.dubois@sprb.brussels"),
        agentIT2: try await get("zoe.janssens@sprb.brussels"), agentHR: try await get("helene.martin@sprb.brussels"),
        admin: try await get("daan.willems@sprb.brussels"))
}

/// Valid answers for IT-002 (laptop or PC failure: asset_tag text, problem long_text, can_work yes_no).
public let laptopAnswers: [String: FormValue] = ["asset_tag": .text("GOB-12345"), "problem": .text("Zwart scherm"), "can_work": .bool(false)]

/// A valid filing of IT-002 through the portal.
public func laptopRequest(_ subject: String = "Laptop start niet") -> FileTicketRequest {
    FileTicketRequest(serviceCode: "IT-002", subject: subject, answers: laptopAnswers, channel: .portal)
}

/// A small desk inventory (`DeskCSV`) of building `IRIS` (Europe/Brussels, 08:00–13:00–18:00,
/// check-in from 30 min before to 60 min after the start, 28 days ahead, calendar gob-standard):
/// floor 12, zone `IRIS-F12-BM` (Brussels Mobility): flex desks `IRIS-F12-001`…`004`, accessible `IRIS-F12-005`,
/// fixed `IRIS-F12-006` of Pieter Maes; floor 13, zone `IRIS-F13-BH` (Brussels Housing): flex `IRIS-F13-001`, `002`.
public let testDeskInventory = """
    building,floor,zone,administration,desk,kind,owner_email,equipment,active
    IRIS,12,IRIS-F12-BM,BM,IRIS-F12-001,flex,,dual-screen;docking,yes
    IRIS,12,IRIS-F12-BM,BM,IRIS-F12-002,flex,,docking,yes
    IRIS,12,IRIS-F12-BM,BM,IRIS-F12-003,flex,,,yes
    IRIS,12,IRIS-F12-BM,BM,IRIS-F12-004,flex,,,yes
    IRIS,12,IRIS-F12-BM,BM,IRIS-F12-005,accessible,,height-adjustable,yes
    IRIS,12,IRIS-F12-BM,BM,IRIS-F12-006,fixed,pieter.maes@sprb.brussels,,yes
    IRIS,13,IRIS-F13-BH,BH,IRIS-F13-001,flex,,,yes
    IRIS,13,IRIS-F13-BH,BH,IRIS-F13-002,flex,,,yes

    """

/// Imports `testDeskInventory` (after `seedDirectory`).
public func seedDesks(_ db: AppDatabase) async throws {
    _ = try await db.importDesks(try DeskCSV.parse(testDeskInventory))
    try await db.saveBuilding(Building(code: "IRIS", name: "Iris Tower"))
}
