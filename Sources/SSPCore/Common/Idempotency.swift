import Foundation

/// A response kept for an idempotency key, replayed as it was first sent.
public struct KeptResponse: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// The headers a replay repeats (`Content-Type`, `Location`), by name.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What `IdempotencyDesk.begin` decided for a request carrying a key.
public enum IdempotencyClaim: Sendable, Equatable {
    /// The first request with this key (or one whose earlier attempt was abandoned): run it, then
    /// `finish` or `abandon` the key.
    case proceed
    /// The key's request was answered: send this answer again, run nothing.
    case replay(KeptResponse)
    /// The first request with this key is still running (409).
    case inFlight
    /// The key was used for another request (another method, path, query or body) (422).
    case reused
}

/// A key that is not one (`IdempotencyDesk.key(fromHeader:)`).
public enum IdempotencyError: Error, Equatable, Sendable {
    /// Empty, longer than `IdempotencyDesk.maximumKeyLength`, or with characters other than
    /// printable ASCII.
    case invalidKey(String)
}

/// Where the keys and their answers are kept. One row per (person, key).
public protocol IdempotencyStore: Sendable {
    /// In one transaction: forgets every key expired at `now`; then for (`user`, `key`) creates an
    /// in-flight entry (`.proceed`), or answers `.reused` (other fingerprint), `.replay`
    /// (answered), `.inFlight` (running since `abandonedBefore` or later), or takes over an entry
    /// in flight since before `abandonedBefore` (`.proceed`: its process died).
    func claimIdempotencyKey(
        _ key: String, of user: UserID, fingerprint: String, at now: Date, expiresAt: Date, abandonedBefore: Date
    ) async throws -> IdempotencyClaim
    /// Keeps `response` as the key's answer.
    func completeIdempotencyKey(_ key: String, of user: UserID, response: KeptResponse) async throws
    /// Forgets an in-flight key whose request failed without an answer worth keeping.
    func releaseIdempotencyKey(_ key: String, of user: UserID) async throws
}

/// Safe retries of the API's POST requests (issue 14), after the IETF httpapi draft "The
/// Idempotency-Key HTTP Header Field":
/// - the same key with the same request within `lifetime` replays the first answer and runs
///   nothing again; with another request it is refused (`.reused`); while the first runs, `.inFlight`;
/// - keys belong to one person (the same key of two people is two keys);
/// - an answer that is a server error (5xx) is not kept: the client's retry runs again;
/// - an entry left in flight by a process that died (crash, `kill -9`) is taken over after
///   `abandonAfter`, so that a retry is not refused for 24 hours.
public struct IdempotencyDesk: Sendable {
    let store: any IdempotencyStore
    let clock: any Clock

    /// How long a key and its answer are kept: 24 hours.
    public static let lifetime: TimeInterval = 24 * 3600
    /// How long a request may stay in flight before its entry counts as abandoned: 2 minutes
    /// (no request of the API runs for more than seconds).
    public static let abandonAfter: TimeInterval = 120
    /// The longest key, in characters (the portal's submission keys have the same limit, and a
    /// filing's key is also its submission key).
    public static let maximumKeyLength = FileTicketRequest.maximumSubmissionKeyLength

    public init(store: any IdempotencyStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// The key of an `Idempotency-Key` header: the draft's structured-field string (`"…"`) or the
    /// bare value clients also send; 1 to `maximumKeyLength` printable ASCII characters.
    /// - Throws: `IdempotencyError.invalidKey`.
    public static func key(fromHeader value: String) throws -> String {
        var key = value.trimmingCharacters(in: .whitespaces)
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard (1...maximumKeyLength).contains(key.count), key.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            throw IdempotencyError.invalidKey("1 to \(maximumKeyLength) printable ASCII characters")
        }
        return key
    }

    /// Claims `key` of `user` for the request whose `fingerprint` (a digest of its method, path,
    /// query and body) is given.
    public func begin(key: String, fingerprint: String, by user: User) async throws -> IdempotencyClaim {
        let now = clock.now()
        return try await store.claimIdempotencyKey(
            key, of: user.id, fingerprint: fingerprint, at: now, expiresAt: now.addingTimeInterval(Self.lifetime),
            abandonedBefore: now.addingTimeInterval(-Self.abandonAfter))
    }

    /// Ends a `.proceed` claim with the answer sent: kept for replays, unless it is a server error.
    public func finish(key: String, by user: User, response: KeptResponse) async throws {
        if response.status >= 500 {
            try await store.releaseIdempotencyKey(key, of: user.id)
        } else {
            try await store.completeIdempotencyKey(key, of: user.id, response: response)
        }
    }

    /// Ends a `.proceed` claim whose request failed without an answer (a thrown error that is not
    /// a problem response): the key may be used again.
    public func abandon(key: String, by user: User) async throws {
        try await store.releaseIdempotencyKey(key, of: user.id)
    }
}
