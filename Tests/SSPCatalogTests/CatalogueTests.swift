import Foundation
import SSPCatalog
import SSPCore
import SSPTestSupport
import Testing

/// A valid calendars file for the broken-directorate samples.
private let calendars = """
    calendars:
      - id: gob-standard
        name: {nl: Kantooruren, fr: Heures de bureau}
        time_zone: Europe/Brussels
        week:
          monday: [{from: "08:00", to: "17:00"}]
        holidays: []
    """

/// A valid directorate file; each broken sample replaces one line of it.
private let directorate = """
    directorate:
      code: IT
      name: {nl: IT-ondersteuning, fr: Support informatique, en: IT support}
      contact: {email: ssp-it@sprb.brussels}
      calendar: gob-standard
      sla:
        P1: {first_response: 30, resolution: 240}
        P2: {first_response: 60, resolution: 480}
        P3: {first_response: 240, resolution: 1440}
        P4: {first_response: 480, resolution: 2880}
        P5: {first_response: 960, resolution: 4800}
    services:
      - code: IT-001
        name: {nl: Nieuwe laptop, fr: Nouvel ordinateur portable}
        description: {nl: Een laptop aanvragen., fr: Demander un portable.}
        category: {nl: Hardware, fr: Matériel}
        kind: request
        impact: medium
        urgency: low
        approval: line_manager
        audience: all_staff
        active: true
        form:
          - key: layout
            type: choice
            required: true
            label: {nl: Toetsenbord, fr: Clavier}
            options:
              - {value: azerty_be, label: {nl: AZERTY, fr: AZERTY}}
      - code: IT-002
        name: {nl: Account deblokkeren, fr: Débloquer un compte}
        description: {nl: Uw account is geblokkeerd., fr: Votre compte est bloqué.}
        category: {nl: Toegang, fr: Accès}
        kind: incident
        impact: low
        urgency: high
        sla: {first_response: 30, resolution: 120}
        approval: none
        audience: all_staff
        active: true
        form: []
    """

private func load(_ yaml: String) -> CatalogueLoadResult {
    CatalogueLoader.load(sources: [("calendars.yaml", calendars), ("it.yaml", yaml)])
}

@Suite("Catalogue")
struct CatalogueTests {
    @Test("the real Catalog/ is valid: 8 directorates, 155 services, each service in nl and fr")
    func realCatalogue() throws {
        let result = CatalogueLoader.load(directory: Repository.catalog)
        #expect(result.problems == [])
        #expect(result.catalogue.directorates.count == 8)
        #expect(result.catalogue.services.count == 155)
        #expect(Set(result.catalogue.directorates.map(\.code)) == ["IT", "HR", "FAC", "TRA", "LEG", "COM", "FIN", "PRE"])
        #expect(Set(result.catalogue.services.map(\.code)).count == 155)
        #expect(result.catalogue.calendars.map(\.id).sorted() == ["always-open", "gob-standard"])
        let standard = try #require(result.catalogue.calendars.first { $0.id == "gob-standard" })
        #expect(standard.holidays(in: 2026).count == 14)
    }

    @Test("the sample is valid and parsed field by field")
    func sample() throws {
        let result = load(directorate)
        #expect(result.problems == [])
        let laptop = try #require(result.catalogue.services.first)
        #expect(laptop.code == "IT-001")
        #expect(laptop.approval == .lineManager)
        #expect(laptop.form.first?.options.map(\.value) == ["azerty_be"])
        #expect(laptop.sla == nil)
        let unlock = try #require(result.catalogue.services.last)
        #expect(unlock.sla == .uniform(SLATargets(firstResponseMinutes: 30, resolutionMinutes: 120)))
        #expect(result.catalogue.directorates.first?.sla.targets(for: .p3) == SLATargets(firstResponseMinutes: 240, resolutionMinutes: 1440))
    }

    @Test(
        "broken samples are reported with file, line and field",
        arguments: [
            // (line to replace, replacement, expected problem)
            (
                "    name: {nl: Account deblokkeren, fr: Débloquer un compte}", "    name: {nl: Account deblokkeren}",
                "it.yaml:31: services[1](IT-002).name.fr: missing French text"
            ),
            (
                "    name: {nl: Nieuwe laptop, fr: Nouvel ordinateur portable}", "    name: {fr: Nouvel ordinateur portable}",
                "it.yaml:14: services[0](IT-001).name.nl: missing Dutch text"
            ),
            ("  - code: IT-002", "  - code: IT-001", "it.yaml:30: code: duplicate code IT-001 (first at it.yaml:13)"),
            (
                "        type: choice", "        type: dropdown",
                "it.yaml:25: services[0](IT-001).form[0].type: unknown field type 'dropdown' (expected one of: text, long_text, choice, date, number, yes_no)"
            ),
            (
                "          - {value: azerty_be, label: {nl: AZERTY, fr: AZERTY}}", "          []",
                "it.yaml:29: services[0](IT-001).form[0].options: a choice needs at least one option"
            ),
            (
                "    sla: {first_response: 30, resolution: 120}", "    sla: {first_response: 30, resolution: 0}",
                "it.yaml:37: services[1](IT-002).sla.resolution: must be a positive whole number of business minutes (got '0')"
            ),
            (
                "    P3: {first_response: 240, resolution: 1440}", "    P3: {first_response: -5, resolution: 1440}",
                "it.yaml:9: directorate.sla.P3.first_response: must be a positive whole number of business minutes (got '-5')"
            ),
            (
                "  calendar: gob-standard", "  calendar: gob-24-7",
                "it.yaml:5: directorate.calendar: unknown calendar 'gob-24-7' (known: gob-standard)"
            ),
            (
                "    kind: incident", "    kind: problem",
                "it.yaml:34: services[1](IT-002).kind: unknown kind 'problem' (expected one of: request, incident)"
            ),
            (
                "  - code: IT-002", "  - code: HR-002",
                "it.yaml:30: services[1].code: must be IT-NNN (the directorate code and three digits)"
            ),
            (
                "    approval: none\n", "    p1_calendar: weekends\n    approval: none\n",
                "it.yaml:30: IT-002.p1_calendar: unknown calendar 'weekends' (known: gob-standard)"
            ),
            (
                "    active: true\n    form: []", "    actif: true\n    form: []",
                "it.yaml:40: services[1](IT-002).actif: unknown key (expected one of: code, name, description, category, keywords, kind, impact, urgency, sla, p1_calendar, approval, audience, active, confidential, general, form)"
            ),
            (
                "    category: {nl: Toegang, fr: Accès}\n", "    category: {nl: Toegang, fr: Accès}\n    keywords: {nl: [\"account\", \"Accóunt\"], fr: [\"compte\"]}\n",
                "it.yaml:34: services[1](IT-002).keywords.nl[1]: 'Accóunt' is already term 0 of this list"
            ),
            (
                "    category: {nl: Toegang, fr: Accès}\n", "    category: {nl: Toegang, fr: Accès}\n    keywords: {nl: [\"account\"]}\n",
                "it.yaml:34: services[1](IT-002).keywords.fr: required (search terms in French)"
            ),
            (
                "    category: {nl: Toegang, fr: Accès}\n", "    category: {nl: Toegang, fr: Accès}\n    keywords: {nl: [\"a\"], fr: [\"compte\"]}\n",
                "it.yaml:34: services[1](IT-002).keywords.nl[0]: must be a term of 2 to 60 characters"
            ),
            (
                "    category: {nl: Toegang, fr: Accès}\n", "    category: {nl: Toegang, fr: Accès}\n    keywords: {nl: [], fr: [\"compte\"]}\n",
                "it.yaml:34: services[1](IT-002).keywords.nl: must list 1 to 30 terms (has 0)"
            ),
            (
                "    audience: all_staff\n", "    audience: all_staff\n    general: true\n",
                "it.yaml:31: IT-002.general: IT already has a general service, IT-001; a directorate has at most one"
            ),
        ])
    func broken(original: String, replacement: String, expected: String) {
        let yaml = directorate.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != directorate, "the sample must contain the line to replace")
        let problems = load(yaml).problems.map(\.description)
        #expect(problems.contains(expected), "got \(problems)")
    }

    @Test("several problems in several places are all reported in one run")
    func severalAtOnce() {
        // Given an options key with no list and an unknown calendar
        let yaml =
            directorate
            .replacingOccurrences(of: "          - {value: azerty_be, label: {nl: AZERTY, fr: AZERTY}}\n", with: "")
            .replacingOccurrences(of: "  calendar: gob-standard", with: "  calendar: weekend")
        // Then both are reported, in line order
        #expect(
            load(yaml).problems.map(\.description) == [
                "it.yaml:5: directorate.calendar: unknown calendar 'weekend' (known: gob-standard)",
                "it.yaml:28: services[0](IT-001).form[0].options: must be a list",
            ])
    }

    @Test("YAML syntax errors and duplicate keys name the file and line, without dumping the file")
    func syntax() {
        #expect(
            load("directorate: {code: IT\nservices: [").problems.map(\.description) == [
                "it.yaml:2: : YAML syntax: did not find expected ',' or '}'"
            ])
        let duplicate = load(directorate.replacingOccurrences(of: "    form: []", with: "    form: []\n    urgency: low")).problems
        #expect(duplicate.map(\.line) == [36])  // libyaml names the first of the two keys
        #expect(duplicate.first?.message.hasPrefix("YAML: ") == true)
        #expect(duplicate.first?.message.contains("urgency") == true)
        #expect(duplicate.first?.message.contains("\n") == false)
    }

    @Test("a one-off closing day is a holiday of its year only; Easter-based feasts follow Easter")
    func oneOffClosing() throws {
        let withClosing = calendars.replacingOccurrences(
            of: "    holidays: []",
            with: """
                    holidays:
                      - {rule: once, date: "2025-06-20", name: {nl: Verhuisdag, fr: Jour de déménagement}}
                      - {rule: easter, offset: 1, name: {nl: Paasmaandag, fr: Lundi de Pâques}}
                """)
        let result = CatalogueLoader.load(sources: [("calendars.yaml", withClosing), ("it.yaml", directorate)])
        #expect(result.problems == [])
        let calendar = try #require(result.catalogue.calendars.first)
        #expect(calendar.holidays(in: 2025).map(\.date.description) == ["2025-04-21", "2025-06-20"])
        #expect(calendar.holidays(in: 2026).map(\.date.description) == ["2026-04-06"])
    }

    @Test("a window crossing midnight is rejected, never silently zero")
    func midnightWindow() {
        let broken = calendars.replacingOccurrences(of: #"{from: "08:00", to: "17:00"}"#, with: #"{from: "22:00", to: "06:00"}"#)
        let problems = CatalogueLoader.load(sources: [("calendars.yaml", broken), ("it.yaml", directorate)]).problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("calendars.yaml:6: calendars[0].week.monday[0]: a window must end after it starts") }, "got \(problems)")
    }
}

@Suite("CSV")
struct CSVTests {
    @Test("RFC 4180: quotes, doubled quotes, embedded commas and line breaks, BOM")
    func parse() throws {
        let records = try CSV.parse("\u{FEFF}a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["multi\nline", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(throws: CSVError(line: 2, message: "unterminated quoted field")) { try CSV.parse("a\n\"open,b\n") }
    }

    @Test(
        "cells that a spreadsheet would run as formulas are neutralised",
        arguments: [
            ("=SUM(A1)", "'=SUM(A1)"), ("+32 2 800", "'+32 2 800"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
            ("Dupont, Jean", "\"Dupont, Jean\""), ("zeg \"ja\"", "\"zeg \"\"ja\"\"\""), ("Coördinatie", "Coördinatie"),
        ])
    func field(value: String, expected: String) {
        #expect(CSV.field(value) == expected)
    }

    @Test("directory CSV problems name the line and the column")
    func directoryProblems() {
        let csv = """
            email,name,organisation,administration,language,roles,directorates,manager_email
            anais.lefevre@sprb.brussels,Anaïs Lefèvre,GOB,BM,fr,,,
            not-an-email,Bram,GOB,BH,nl,,,
            zoe@sprb.brussels,Zoë,GOB,BCIT,de,agent,,
            """
        let error = #expect(throws: TicketError.self) { try DirectoryCSV.parse(csv) }
        guard case let .invalid(problems) = error else { return }
        #expect(
            problems.map(\.description) == [
                "line 3: email: not an e-mail address: 'not-an-email'",
                "line 4: language: must be nl, fr or en (got 'de')",
                "line 4: directorates: an agent needs at least one directorate",
            ])
    }

    @Test("a valid directory CSV gives people with roles, directorates and manager")
    func directory() throws {
        let users = try DirectoryCSV.parse(
            """
            email,name,organisation,administration,language,roles,directorates,manager_email
            Emile.Dubois@sprb.brussels,Émile Dubois,GOB,BCIT,fr,agent,IT;fac,pieter.maes@sprb.brussels
            """)
        #expect(
            users == [
                NewUser(
                    name: "Émile Dubois", email: "emile.dubois@sprb.brussels", organisation: "GOB", administration: "BCIT",
                    language: .fr, roles: [.agent], directorates: ["IT", "FAC"], managerEmail: "pieter.maes@sprb.brussels")
            ])
    }
}
