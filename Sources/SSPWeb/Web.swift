import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// A form body (`application/x-www-form-urlencoded`), decoded: the first value of each name, and all values.
struct FormBody: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            values[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    subscript(_ name: String) -> String? { values[name]?.first }

    /// Every field but `csrf` (the same for every form of a session), in a stable order, digested
    /// with FNV-1a 64: what tells two submissions under one key apart (`Portal.once`).
    var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in values.keys.sorted() where name != "csrf" {
            for byte in (name + "\u{0}" + values[name]!.joined(separator: "\u{1}") + "\u{2}").utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    /// The query string of `request` decoded as a GET form sends it (`+` is a space).
    static func query(_ request: Request) -> FormBody { FormBody(request.uri.query ?? "") }

    /// Reads the body of a POST (the body-limit middleware has bounded it already).
    static func read(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return FormBody(String(buffer: buffer))
    }
}

/// Web security checks that have nothing of SSP in them.
enum WebSecurity {
    /// The headers of every portal response: no inline script, no framing, no sniffing, no referrer
    /// leaving the site (issue 10).
    static let headers: [(HTTPField.Name, String)] = [
        (
            HTTPField.Name("Content-Security-Policy")!,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        ),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (.cacheControl, "no-store"),
    ]

    /// Whether a state-changing request comes from this site: its `Origin` (or, without one, its
    /// `Referer`) names the host the request was sent to. A request with neither is refused.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        let source = request.headers[.origin] ?? request.headers[.referer]
        guard let source, source != "null", let url = URL(string: source), let sourceHost = url.host else { return false }
        let sourceAuthority = url.port.map { "\(sourceHost):\($0)" } ?? sourceHost
        return sourceAuthority.lowercased() == host.lowercased()
    }

    /// Compares two secrets in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// 256 random bits, base64url.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64URLEncoded
    }

    /// `next` if it is a path of this site (`/…`, not `//…` nor a scheme), else `/`.
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("\n") else { return "/" }
        return next
    }
}

/// How the portal writes dates and numbers in the person's language, in Brussels time.
struct Formats: Sendable {
    let language: Language

    private static let formatters: [Language: (date: DateFormatter, dateTime: DateFormatter)] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            let locale = Locale(identifier: language == .nl ? "nl_BE" : language == .fr ? "fr_BE" : "en_GB")
            let date = DateFormatter()
            date.locale = locale
            date.timeZone = Brussels.timeZone
            date.setLocalizedDateFormatFromTemplate("d MMMM y")
            let dateTime = DateFormatter()
            dateTime.locale = locale
            dateTime.timeZone = Brussels.timeZone
            dateTime.setLocalizedDateFormatFromTemplate("d MMMM y HH:mm")
            return (language, (date, dateTime))
        })

    /// `3 juni 2026 10:00` / `3 juin 2026 à 10:00`: an instant in Brussels time.
    func dateTime(_ instant: Date?) -> String? {
        instant.map { Self.formatters[language]!.dateTime.string(from: $0) }
    }

    /// `3 juni 2026` / `3 juin 2026`: a local date.
    func date(_ date: LocalDate) -> String {
        let noon = Brussels.calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        return Self.formatters[language]!.date.string(from: noon)
    }
}
