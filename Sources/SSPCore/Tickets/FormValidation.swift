import Foundation

/// Checks a ticket's subject, description and form answers against its service's form.
public enum FormValidation {
    /// Characters allowed in a `text` answer and a subject.
    public static let textLimit = 500
    /// Characters allowed in a `long_text` answer, a description and a comment.
    public static let longTextLimit = 20_000
    /// Characters allowed in a subject.
    public static let subjectLimit = 200

    /// Validates `answers` against `form` and returns them normalised (dates
    /// as `.date`), or every problem at once, each naming its field
    /// (`answers.<key>`).
    /// - Throws: `TicketError.invalid` listing all problems.
    public static func validate(answers: [String: FormValue], against form: [FormField]) throws -> [String: FormValue] {
        var problems: [FieldProblem] = []
        var normalised: [String: FormValue] = [:]
        let known = Set(form.map(\.key))
        for key in answers.keys.sorted() where !known.contains(key) {
            problems.append(FieldProblem(field: "answers.\(key)", message: "not a field of this service's form"))
        }
        for field in form {
            let name = "answers.\(field.key)"
            guard let value = answers[field.key], value != .text("") else {
                if field.required { problems.append(FieldProblem(field: name, message: "required", code: .required)) }
                continue
            }
            switch (field.type, value) {
            case let (.text, .text(text)) where text.count > textLimit:
                problems.append(FieldProblem(field: name, message: "at most \(textLimit) characters", code: .tooLong, detail: String(textLimit)))
            case let (.text, .text(text)) where text.contains(where: \.isNewline):
                problems.append(FieldProblem(field: name, message: "a single line of text", code: .singleLine))
            case let (.longText, .text(text)) where text.count > longTextLimit:
                problems.append(FieldProblem(field: name, message: "at most \(longTextLimit) characters", code: .tooLong, detail: String(longTextLimit)))
            case (.text, .text), (.longText, .text):
                normalised[field.key] = value
            case let (.choice, .text(choice)):
                if field.options.contains(where: { $0.value == choice }) {
                    normalised[field.key] = value
                } else {
                    let allowed = field.options.map(\.value).joined(separator: ", ")
                    problems.append(FieldProblem(field: name, message: "must be one of: \(allowed)", code: .notAnOption, detail: allowed))
                }
            case let (.date, .text(text)):
                if let date = LocalDate(iso: text) {
                    normalised[field.key] = .date(date)
                } else {
                    problems.append(FieldProblem(field: name, message: "must be a date YYYY-MM-DD", code: .notADate))
                }
            case (.date, .date):
                normalised[field.key] = value
            case let (.number, .number(number)) where number.isFinite:
                normalised[field.key] = value
            case (.yesNo, .bool):
                normalised[field.key] = value
            default:
                problems.append(FieldProblem(field: name, message: "must be \(expected(field.type))", code: field.type == .number ? .notANumber : .other))
            }
        }
        guard problems.isEmpty else { throw TicketError.invalid(problems) }
        return normalised
    }

    /// Checks a subject (required, one line, ≤ 200 characters) and a description (≤ 20,000 characters).
    public static func problems(subject: String, description: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let trimmed = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { problems.append(FieldProblem(field: "subject", message: "required", code: .required)) }
        if trimmed.count > subjectLimit { problems.append(FieldProblem(field: "subject", message: "at most \(subjectLimit) characters", code: .tooLong, detail: String(subjectLimit))) }
        if trimmed.contains(where: \.isNewline) { problems.append(FieldProblem(field: "subject", message: "a single line of text", code: .singleLine)) }
        if description.count > longTextLimit { problems.append(FieldProblem(field: "description", message: "at most \(longTextLimit) characters", code: .tooLong, detail: String(longTextLimit))) }
        return problems
    }

    private static func expected(_ type: FieldType) -> String {
        switch type {
        case .text, .longText: "a string"
        case .choice: "a string (one of the options)"
        case .date: "a date YYYY-MM-DD"
        case .number: "a number"
        case .yesNo: "true or false"
        }
    }
}
