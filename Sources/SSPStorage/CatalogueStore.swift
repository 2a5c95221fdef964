import Foundation
import GRDB
import SSPCore

extension AppDatabase: CatalogueStore {
    public func importCatalogue(_ catalogue: Catalogue) async throws -> CatalogueImportReport {
        try await writer.write { db in
            var report = CatalogueImportReport()
            for calendar in catalogue.calendars {
                let json = try JSON.encode(calendar)
                let current = try String.fetchOne(db, sql: "SELECT definition FROM calendar WHERE id = ?", arguments: [calendar.id])
                guard current != json else { continue }
                try db.execute(
                    sql: "INSERT INTO calendar(id, definition) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET definition = excluded.definition",
                    arguments: [calendar.id, json])
                report.calendarsUpserted += 1
            }
            for directorate in catalogue.directorates {
                let json = try JSON.encode(directorate)
                let current = try String.fetchOne(db, sql: "SELECT definition FROM directorate WHERE code = ?", arguments: [directorate.code])
                if current == json { continue }
                try db.execute(
                    sql: """
                        INSERT INTO directorate(code, calendar_id, definition) VALUES (?, ?, ?)
                        ON CONFLICT(code) DO UPDATE SET calendar_id = excluded.calendar_id, definition = excluded.definition
                        """, arguments: [directorate.code, directorate.calendarID, json])
                if current == nil { report.directoratesInserted += 1 } else { report.directoratesUpdated += 1 }
            }
            for service in catalogue.services {
                let json = try JSON.encode(service)
                let current = try Row.fetchOne(db, sql: "SELECT id, definition FROM service WHERE code = ?", arguments: [service.code])
                if current?["definition"] == json { continue }
                try db.execute(
                    sql: """
                        INSERT INTO service(code, directorate_code, active, confidential, definition) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(code) DO UPDATE SET directorate_code = excluded.directorate_code,
                            active = excluded.active, confidential = excluded.confidential, definition = excluded.definition
                        """, arguments: [service.code, service.directorateCode, service.active, service.confidential, json])
                // A service that becomes confidential narrows who reads its existing tickets at once (and the reverse).
                try db.execute(
                    sql: "UPDATE ticket SET confidential = ? WHERE service_code = ? AND confidential <> ?",
                    arguments: [service.confidential, service.code, service.confidential])
                let id = try Int64.fetchOne(db, sql: "SELECT id FROM service WHERE code = ?", arguments: [service.code])!
                try indexForSearch(db, id: id, service: service)
                if current == nil { report.servicesInserted += 1 } else { report.servicesUpdated += 1 }
            }
            // Services dropped from the files become inactive; tickets keep them.
            let codes = Set(catalogue.services.map(\.code))
            let stale = try Row.fetchAll(db, sql: "SELECT id, code, definition FROM service WHERE active = 1")
                .filter { !codes.contains($0["code"]) }
            for row in stale {
                var service = try JSON.decode(Service.self, row["definition"])
                service.active = false
                try db.execute(sql: "UPDATE service SET active = 0, definition = ? WHERE id = ?", arguments: [try JSON.encode(service), row["id"]])
                report.servicesDeactivated += 1
            }
            return report
        }
    }

    private func indexForSearch(_ db: Database, id: Int64, service: Service) throws {
        func all(_ text: LocalizedText) -> String { [text.nl, text.fr, text.en ?? ""].joined(separator: " ") }
        try db.execute(sql: "DELETE FROM service_search WHERE rowid = ?", arguments: [id])
        try db.execute(
            sql: "INSERT INTO service_search(rowid, code, name, description, category) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, service.code, all(service.name), all(service.description), all(service.category)])
    }

    public func activeServiceCounts() async throws -> [String: Int] {
        try await writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT directorate_code, count(*) AS n FROM service WHERE active = 1 GROUP BY directorate_code").map {
                    ($0["directorate_code"] as String, $0["n"] as Int)
                })
        }
    }

    public func directorates() async throws -> [Directorate] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT definition FROM directorate ORDER BY code").map { try JSON.decode(Directorate.self, $0) }
        }
    }

    public func directorate(code: String) async throws -> Directorate? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM directorate WHERE code = ?", arguments: [code])
                .map { try JSON.decode(Directorate.self, $0) }
        }
    }

    public func services(_ query: ServiceQuery) async throws -> [Service] {
        try await writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            var join = ""
            var order = "service.code"
            if let text = query.text, let match = Self.ftsQuery(text) {
                join = "JOIN service_search ON service_search.rowid = service.id"
                conditions.append("service_search MATCH ?")
                _ = arguments.append(contentsOf: [match])
                order = "service_search.rank, service.code"
            }
            if let directorate = query.directorateCode {
                conditions.append("service.directorate_code = ?")
                _ = arguments.append(contentsOf: [directorate])
            }
            if !query.includeInactive { conditions.append("service.active = 1") }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try String.fetchAll(db, sql: "SELECT service.definition FROM service \(join) \(whereClause) ORDER BY \(order)", arguments: arguments)
                .map { try JSON.decode(Service.self, $0) }
        }
    }

    /// Turns free text into an FTS5 query: every word must match, as a prefix
    /// ("reserv" finds "Réservation"). Quotes keep FTS5 operators inert.
    static func ftsQuery(_ text: String) -> String? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    public func service(code: String) async throws -> Service? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM service WHERE code = ?", arguments: [code])
                .map { try JSON.decode(Service.self, $0) }
        }
    }

    public func calendar(id: String) async throws -> BusinessCalendar? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM calendar WHERE id = ?", arguments: [id])
                .map { try JSON.decode(BusinessCalendar.self, $0) }
        }
    }
}
