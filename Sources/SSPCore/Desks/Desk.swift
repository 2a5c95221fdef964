import Foundation

/// The kind of a desk: bookable by anyone (flex), reserved for its owner (fixed),
/// or a flex desk with an adapted layout (accessible; "any free desk" picks it only when asked).
public enum DeskKind: String, Codable, Sendable, CaseIterable, Hashable {
    case flex, fixed, accessible
}

/// A workstation.
public struct Desk: Codable, Sendable, Equatable, Hashable {
    public var id: Int64
    /// Unique, e.g. `IRIS-F12-034`.
    public var code: String
    public var zoneCode: String
    public var kind: DeskKind
    /// The person a fixed desk belongs to (only fixed desks have one).
    public var ownerID: UserID?
    /// Equipment tags, e.g. `dual-screen`, `docking`, `height-adjustable`.
    public var equipment: [String]
    /// `false` once removed from the inventory (kept for the history of its bookings).
    public var active: Bool

    public init(id: Int64, code: String, zoneCode: String, kind: DeskKind, ownerID: UserID?, equipment: [String], active: Bool = true) {
        self.id = id
        self.code = code
        self.zoneCode = zoneCode
        self.kind = kind
        self.ownerID = ownerID
        self.equipment = equipment
        self.active = active
    }
}

/// A period (local dates, both inclusive) during which a desk is out of service:
/// it cannot be booked and leaves the available count.
public struct DeskOutage: Codable, Sendable, Equatable, Hashable {
    public var deskCode: String
    public var from: LocalDate
    public var to: LocalDate
    public var reason: String

    public init(deskCode: String, from: LocalDate, to: LocalDate, reason: String) {
        self.deskCode = deskCode
        self.from = from
        self.to = to
        self.reason = reason
    }

    public func covers(_ date: LocalDate) -> Bool { from <= date && date <= to }
}

/// One line of the desk inventory CSV (`ssp-admin desks import|export`).
public struct DeskInventoryRow: Sendable, Equatable {
    public var line: Int
    public var buildingCode: String
    public var floor: Int
    public var zoneCode: String
    public var zoneAdministration: String?
    public var deskCode: String
    public var kind: DeskKind
    /// E-mail of a fixed desk's owner.
    public var ownerEmail: String?
    public var equipment: [String]
    public var active: Bool

    public init(
        line: Int, buildingCode: String, floor: Int, zoneCode: String, zoneAdministration: String?, deskCode: String,
        kind: DeskKind, ownerEmail: String?, equipment: [String], active: Bool
    ) {
        self.line = line
        self.buildingCode = buildingCode
        self.floor = floor
        self.zoneCode = zoneCode
        self.zoneAdministration = zoneAdministration
        self.deskCode = deskCode
        self.kind = kind
        self.ownerEmail = ownerEmail
        self.equipment = equipment
        self.active = active
    }
}

/// What an inventory import did.
public struct DeskImportReport: Sendable, Equatable {
    public var zones = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public init() {}
}

/// A desk as shown when choosing one: whether it is free for a slot, never who holds it.
public struct DeskAvailability: Sendable, Equatable {
    public var desk: Desk
    public var floor: Int
    public var free: Bool
    public var outOfService: Bool
    public init(desk: Desk, floor: Int, free: Bool, outOfService: Bool) {
        self.desk = desk
        self.floor = floor
        self.free = free
        self.outOfService = outOfService
    }
}

extension Desk {
    /// Whether `person` may book this desk by its code: any desk but someone else's fixed one
    /// (a fixed desk is its owner's, `ownerID`).
    public func isBookable(by person: UserID) -> Bool { kind != .fixed || ownerID == person }
}
