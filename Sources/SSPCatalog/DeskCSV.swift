import Foundation
import SSPCore

/// The desk inventory CSV of `ssp-admin desks import|export`.
///
/// Header (any order, names exact): `building,floor,zone,administration,desk,kind,owner_email,equipment,active`.
/// `floor` is an integer (0 = ground floor); `administration` is the zone's neighbourhood
/// (empty: shared); `kind` is `flex`, `fixed` or `accessible`; a fixed desk names its
/// owner's e-mail and only a fixed desk may; `equipment` is `;`-separated tags; `active`
/// is `yes` or `no` (empty: yes; `no` removes the desk from the inventory, keeping its history).
/// Required: building, floor, zone, desk, kind.
public enum DeskCSV {
    public static let columns = ["building", "floor", "zone", "administration", "desk", "kind", "owner_email", "equipment", "active"]
    static let required: Set<String> = ["building", "floor", "zone", "desk", "kind"]
    static let code = #"^[A-Z0-9][A-Z0-9-]{0,39}$"#

    /// Parses the file; every problem is reported at once as `line N: column: message`.
    /// - Throws: `DeskError.invalid` with one `FieldProblem` per problem.
    public static func parse(_ text: String) throws -> [DeskInventoryRow] {
        var rows: [DeskInventoryRow] = []
        var desks: [String: Int] = [:]
        let problems = CSV.readTable(text, columns: columns, required: required) { record, problems in
            func value(_ column: String) -> String { record.value(column) }
            func problem(_ column: String, _ message: String) { problems.append(record.problem(column, message)) }
            let building = value("building").uppercased(), zone = value("zone").uppercased(), desk = value("desk").uppercased()
            for (column, text) in [("building", building), ("zone", zone), ("desk", desk)] where text.range(of: code, options: .regularExpression) == nil {
                problem(column, "1–40 letters, digits or '-' (got '\(value(column))')")
            }
            if let first = desks[desk] { problem("desk", "duplicate of line \(first)") }
            desks[desk] = desks[desk] ?? record.line
            let floor = Int(value("floor"))
            if floor == nil || !(-5...99).contains(floor!) { problem("floor", "a whole number from -5 to 99 (got '\(value("floor"))')") }
            let kind = DeskKind(rawValue: value("kind").lowercased())
            if kind == nil { problem("kind", "flex, fixed or accessible (got '\(value("kind"))')") }
            let owner = value("owner_email").lowercased()
            if kind == .fixed, owner.isEmpty { problem("owner_email", "a fixed desk names its owner") }
            if kind != .fixed, !owner.isEmpty { problem("owner_email", "only a fixed desk has an owner") }
            let active: Bool
            switch value("active").lowercased() {
            case "", "yes", "true", "1": active = true
            case "no", "false", "0": active = false
            default:
                active = true
                problem("active", "yes or no (got '\(value("active"))')")
            }
            let equipment = value("equipment").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            if let floor, let kind {
                rows.append(
                    DeskInventoryRow(
                        line: record.line, buildingCode: building, floor: floor, zoneCode: zone,
                        zoneAdministration: value("administration").isEmpty ? nil : value("administration"), deskCode: desk, kind: kind,
                        ownerEmail: owner.isEmpty ? nil : owner, equipment: equipment, active: active))
            }
        }
        guard problems.isEmpty else { throw DeskError.invalid(problems) }
        return rows
    }

    /// The inventory as CSV with the header above (texts neutralised against spreadsheet formulas).
    public static func render(_ rows: [DeskInventoryRow]) -> String {
        ([columns.joined(separator: ",")]
            + rows.map { row in
                // The floor is a number (a basement is -1, not a formula); the texts are neutralised.
                ([CSV.field(row.buildingCode), String(row.floor)]
                    + [
                        row.zoneCode, row.zoneAdministration ?? "", row.deskCode, row.kind.rawValue,
                        row.ownerEmail ?? "", row.equipment.joined(separator: ";"), row.active ? "yes" : "no",
                    ].map(CSV.field)).joined(separator: ",")
            }).joined(separator: "\n") + "\n"
    }
}
