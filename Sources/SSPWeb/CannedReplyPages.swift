import Foundation
import HTTPTypes
import Hummingbird
import SSPCore

/// The canned replies of a directorate (issue 13): agents read them, team leads keep them.
extension Portal {
    /// `GET /canned-replies`: the replies the person may insert, with edit links where they keep them.
    func cannedReplies(_ visit: Visit) async throws -> Response {
        let user = visit.user!
        let manageable = Set(try await useCases.cannedReplies.manageable(by: user))
        let replies = try await useCases.cannedReplies.replies(by: user)
        guard !replies.isEmpty || !manageable.isEmpty || !Self.queueDirectorates(of: user).isEmpty else {
            throw AccessError.notPermitted(.useCannedReplies)
        }
        let language = visit.language
        return render(
            "canned-replies", visit, title: visit.text("canned_title"), nav: "queue",
            [
                "replies": list(
                    replies.map { reply in
                        [
                            "id": String(reply.id), "key": reply.key, "directorate": reply.directorateCode, "title": reply.title.text(in: language),
                            "body": reply.body.text(in: language), "editable": manageable.contains(reply.directorateCode),
                        ]
                    }),
                "directorates": manageable.sorted().map { ["code": $0] }, "canAdd": !manageable.isEmpty,
            ])
    }

    /// `GET /canned-replies/new?directorate=` and `GET /canned-replies/:id`: the form.
    func cannedReplyForm(_ id: String?, _ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let manageable = try await useCases.cannedReplies.manageable(by: user)
        var reply: CannedReply
        if let id {
            guard let found = try await useCases.cannedReplies.replies(by: user).first(where: { String($0.id) == id }) else {
                throw CannedReplyError.notFound(Int64(id) ?? 0)
            }
            reply = found
        } else {
            let directorate = FormBody.query(request)["directorate"]
            reply = CannedReply(
                directorateCode: manageable.first { $0 == directorate } ?? manageable.first ?? "", key: "", title: .init(nl: "", fr: ""), body: .init(nl: "", fr: ""))
        }
        guard manageable.contains(reply.directorateCode) else { throw AccessError.notPermitted(.manageCannedReplies) }
        return cannedReplyPage(reply, manageable, visit, problems: [])
    }

    private func cannedReplyPage(
        _ reply: CannedReply, _ manageable: [String], _ visit: Visit, problems: [FieldProblem], formError: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let message = { (field: String) -> String? in
            problems.first { $0.field == field }.map { problem in
                problem.field == "key" && problem.detail == "pattern" ? visit.text("canned_key_rule") : self.describe(problem, visit)
            }
        }
        var fields: [[String: Any]] = []
        for (part, multiline) in [("title", false), ("body", true)] {
            for language in Language.allCases {
                let text = part == "title" ? reply.title : reply.body
                let value = language == .en ? text.en ?? "" : text.text(in: language)
                let field = "\(part).\(language.rawValue)"
                fields.append([
                    "name": field, "id": "\(part)-\(language.rawValue)", "label": visit.text("canned_\(part)_\(language.rawValue)"), "value": value,
                    "multiline": multiline, "required": language != .en, "error": message(field) as Any,
                ])
            }
        }
        return render(
            "canned-reply", visit, title: visit.text(reply.id == 0 ? "canned_new" : "canned_edit"), status: status, nav: "queue",
            [
                "id": reply.id == 0 ? "" : String(reply.id), "isNew": reply.id == 0, "key": reply.key, "keyError": message("key") as Any,
                "directorates": manageable.map { ["code": $0, "selected": $0 == reply.directorateCode] },
                "fields": fields, "formError": formError as Any,
                "errors": list(problems.map { ["field": $0.field.replacingOccurrences(of: ".", with: "-"), "message": message($0.field) ?? $0.message] }),
            ])
    }

    /// `POST /canned-replies` (new) and `POST /canned-replies/:id`: saves, then back to the list.
    func saveCannedReply(_ id: String?, _ request: Request, _ visit: Visit) async throws -> Response {
        let user = visit.user!
        let manageable = try await useCases.cannedReplies.manageable(by: user)
        let (form, passed) = try await checkedForm(request, visit)
        func text(_ part: String) -> LocalizedText {
            LocalizedText(nl: form["\(part).nl"] ?? "", fr: form["\(part).fr"] ?? "", en: form["\(part).en"].flatMap { $0.isEmpty ? nil : $0 })
        }
        let reply = CannedReply(
            id: id.flatMap(Int64.init) ?? 0, directorateCode: form["directorate"] ?? "", key: (form["key"] ?? "").trimmingCharacters(in: .whitespaces).lowercased(),
            title: text("title"), body: text("body"))
        guard passed else { return cannedReplyPage(reply, manageable, visit, problems: [], formError: visit.text("err_form_expired"), status: .forbidden) }
        do {
            _ = try await useCases.cannedReplies.save(reply, by: user)
        } catch CannedReplyError.invalid(let problems) {
            return cannedReplyPage(reply, manageable, visit, problems: problems, status: .unprocessableContent)
        } catch CannedReplyError.duplicateKey {
            let problem = FieldProblem(field: "key", message: visit.text("canned_key_taken"), code: .other)
            return cannedReplyPage(reply, manageable, visit, problems: [problem], status: .conflict)
        }
        return redirect("/canned-replies")
    }

    /// `POST /canned-replies/:id/delete`.
    func deleteCannedReply(_ id: String, _ request: Request, _ visit: Visit) async throws -> Response {
        let (_, passed) = try await checkedForm(request, visit)
        guard passed else { return redirect("/canned-replies") }
        try await useCases.cannedReplies.delete(Int64(id) ?? 0, by: visit.user!)
        return redirect("/canned-replies")
    }
}
