import Foundation
import GRDB
import SSPCore
import Synchronization

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

    /// From memory while `catalogue_revision` is unchanged (one cached read of one row), else read
    /// and decoded again in the same read transaction. Every change of the catalogue tables goes
    /// through `importCatalogue`, which raises the revision, so another process's import
    /// (`ssp-admin catalog import`) is seen by the next call (issue 12: the three look-ups of a
    /// filing decoded 9 JSON definitions in ~15 database reads).
    public func snapshot() async throws -> CatalogueSnapshot {
        let cached = catalogueCache.withLock { $0 }
        let snapshot = try await writer.read { db -> CatalogueSnapshot in
            let revision = try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM catalogue_revision WHERE id = 1")) ?? 0
            if let cached, cached.revision == revision { return cached }
            return try CatalogueSnapshot(
                revision: revision,
                directorates: String.fetchAll(db, sql: "SELECT definition FROM directorate ORDER BY code").map { try JSON.decode(Directorate.self, $0) },
                services: String.fetchAll(db, sql: "SELECT definition FROM service ORDER BY code").map { try JSON.decode(Service.self, $0) },
                calendars: String.fetchAll(db, sql: "SELECT definition FROM calendar ORDER BY id").map { try JSON.decode(BusinessCalendar.self, $0) },
                counter: String.fetchOne(db, sql: "SELECT definition FROM service_counter WHERE id = 1").map { try JSON.decode(ServiceCounter.self, $0) })
        }
        if snapshot.revision != cached?.revision {
            catalogueCache.withLock { current in
                if (current?.revision ?? .min) < snapshot.revision { current = snapshot }
            }
        }
        return snapshot
    }
}
