import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SSPAPI
import SSPCore
import SSPStorage
import SSPTestSupport
import Testing

/// A JSON value for request bodies, encoded by the tests themselves so the
/// wire format is checked independently of the server's generated types.
enum JSONValue: Encodable {
    case string(String), number(Double), bool(Bool)
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .string(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .bool(value): try container.encode(value)
        }
    }
}

/// `POST /api/v1/tickets` body.
struct FileBody: Encodable {
    var service: String
    var subject: String
    var description: String?
    var answers: [String: JSONValue]?
    var channel: String?
    var requester: String?
    var impact: String?
    var urgency: String?
}

/// `POST /api/v1/tickets/{number}/comments` body.
struct CommentBody: Encodable {
    var body: String
    var visibility: String?
}

/// `POST /api/v1/tickets/{number}/transitions` body.
struct TransitionBody: Encodable {
    var action: String
    var reason: String?
}

/// `POST /api/v1/surveys/{token}` and `/tickets/{number}/survey` body.
struct SurveyBody: Encodable {
    var score: Int
    var comment: String?
}

/// `POST /api/v1/reviews` body.
struct ReviewBody: Encodable {
    var scope: String
    var period: String
}

/// `POST /api/v1/reviews/{id}/actions` body.
struct ActionBody: Encodable {
    var title: String
    var owner: String
    var due: String
}

/// `PUT /api/v1/tickets/{number}/priority` body.
struct PriorityBody: Encodable {
    var impact: String
    var urgency: String
}

/// `PUT /api/v1/tickets/{number}/assignment` body.
struct AssignmentBody: Encodable {
    var assignee: String
}

let laptopBody = FileBody(
    service: "IT-002", subject: "Laptop start niet meer",
    answers: ["asset_tag": .string("GOB-12345"), "problem": .string("Zwart scherm"), "can_work": .bool(false)], channel: "portal")

/// A decoded JSON response.
struct Reply {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var json: [String: Any]
    var text: String

    subscript(key: String) -> Any? { json[key] }
    func string(_ key: String) -> String? { json[key] as? String }
    /// The `type` of a problem, without the base URI.
    var problemType: String? { string("type")?.replacingOccurrences(of: Problem.typeBase, with: "") }
}

/// The API on a temporary database with the real catalogue and the test people, tested through the router.
struct API {
    let client: any TestClientProtocol
    let db: AppDatabase
    let people: People
    let clock: ManualClock
    let tokens: [String: String]

    static func run(_ test: @Sendable (API) async throws -> Void) async throws {
        try await withTemporaryDatabase { db, _ in
            let people = try await seedDirectory(db)
            let clock = ManualClock(Instants.t0)
            var tokens: [String: String] = [:]
            for user in [people.requesterA, people.requesterB, people.manager, people.agentIT, people.agentIT2, people.agentHR, people.admin] {
                tokens[user.email] = try await db.createToken(for: user.id, name: "test", at: Instants.t0).secret
            }
            let app = Application(router: try buildRouter(UseCases(database: db, clock: clock), configuration: .init(maxBodyBytes: 64 * 1024)))
            let frozen = tokens
            try await app.test(.router) { client in
                try await test(API(client: client, db: db, people: people, clock: clock, tokens: frozen))
            }
        }
    }

    func request(
        _ method: HTTPRequest.Method, _ uri: String, as user: User?, body: (some Encodable)? = Optional<String>.none, raw: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let user { headers[.authorization] = "Bearer \(tokens[user.email]!)" }
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: try JSONEncoder().encode(body))
        } else if let raw {
            buffer = ByteBuffer(string: raw)
        }
        if buffer != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return Reply(status: response.status, headers: response.headers, json: json, text: text)
        }
    }

    func get(_ uri: String, as user: User?) async throws -> Reply { try await request(.get, uri, as: user) }

    func file(_ body: FileBody = laptopBody, as user: User) async throws -> Reply {
        try await request(.post, "/api/v1/tickets", as: user, body: body)
    }

    func transition(_ number: String, _ action: String, as user: User, reason: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        try await request(.post, "/api/v1/tickets/\(number)/transitions", as: user, body: TransitionBody(action: action, reason: reason), headers: headers)
    }

    func comment(_ number: String, _ text: String, visibility: String = "reply", as user: User) async throws -> Reply {
        try await request(.post, "/api/v1/tickets/\(number)/comments", as: user, body: CommentBody(body: text, visibility: visibility))
    }

    func assign(_ number: String, to email: String, as user: User) async throws -> Reply {
        try await request(.put, "/api/v1/tickets/\(number)/assignment", as: user, body: AssignmentBody(assignee: email))
    }

    /// Number of events and comments stored for every ticket, to prove that a refused request wrote nothing.
    func writes() async throws -> String {
        try await db.executeForTesting("SELECT (SELECT count(*) FROM ticket_event) || '/' || (SELECT count(*) FROM ticket_comment) || '/' || (SELECT coalesce(group_concat(status), '') FROM ticket)")
            ?? ""
    }
}
