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
            // A directorate's general service may move to another code: the old one's flag goes first, so
            // that `service_one_general` holds at every row (its definition is rewritten below).
            let general = catalogue.services.filter { $0.general && $0.active }.map(\.code)
            try db.execute(
                sql: "UPDATE service SET general = 0 WHERE general = 1 AND code NOT IN (SELECT value FROM json_each(?))",
                arguments: [try JSON.encode(general)])
            for service in catalogue.services {
                let json = try JSON.encode(service)
                let current = try Row.fetchOne(db, sql: "SELECT id, definition FROM service WHERE code = ?", arguments: [service.code])
                if current?["definition"] == json { continue }
                try db.execute(
                    sql: """
                        INSERT INTO service(code, directorate_code, active, confidential, general, definition) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(code) DO UPDATE SET directorate_code = excluded.directorate_code,
                            active = excluded.active, confidential = excluded.confidential, general = excluded.general,
                            definition = excluded.definition
                        """, arguments: [service.code, service.directorateCode, service.active, service.confidential, service.general, json])
                // A service that becomes confidential narrows who reads its existing tickets at once (and the reverse).
                try db.execute(
                    sql: "UPDATE ticket SET confidential = ? WHERE service_code = ? AND confidential <> ?",
                    arguments: [service.confidential, service.code, service.confidential])
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
            if let counter = catalogue.counter {
                let json = try JSON.encode(counter)
                if try String.fetchOne(db, sql: "SELECT definition FROM service_counter WHERE id = 1") != json {
                    try db.execute(
                        sql: "INSERT INTO service_counter(id, definition) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET definition = excluded.definition",
                        arguments: [json])
                    report.counterUpdated = true
                }
            }
            if !report.isUnchanged {
                try db.execute(sql: "UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1")
            }
            return report
        }
    }

    public func catalogueRevision() async throws -> Int64 {
        // Read before every search: a cached statement.
        try await writer.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM catalogue_revision WHERE id = 1")) ?? 0 }
    }

    public func counter() async throws -> ServiceCounter? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM service_counter WHERE id = 1").map { try JSON.decode(ServiceCounter.self, $0) }
        }
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
            if let directorate = query.directorateCode {
                conditions.append("service.directorate_code = ?")
                _ = arguments.append(contentsOf: [directorate])
            }
            if !query.includeInactive { conditions.append("service.active = 1") }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try String.fetchAll(db, sql: "SELECT service.definition FROM service \(whereClause) ORDER BY service.code", arguments: arguments)
                .map { try JSON.decode(Service.self, $0) }
        }
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
