import Foundation

/// Checks a ticket's subject, description and form answers against its service's form.
public enum FormValidation {
    /// Characters allowed in a `text` answer (`TextRule.line`).
    public static let textLimit = TextRule.line.characters
    /// Characters allowed in a `long_text` answer, a description and a comment (`TextRule.long`).
    public static let longTextLimit = TextRule.long.characters
    /// Characters allowed in a subject (`TextRule.subject`).
    public static let subjectLimit = TextRule.subject.characters

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
            case let (.text, .text(text)), let (.longText, .text(text)):
                let found = (field.type == .text ? TextRule.line : TextRule.long).problems(text, field: name)
                if found.isEmpty { normalised[field.key] = value } else { problems += found }
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

    /// Checks a subject (required, `TextRule.subject`) and a description (`TextRule.long`).
    public static func problems(subject: String, description: String) -> [FieldProblem] {
        let trimmed = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let required = trimmed.isEmpty ? [FieldProblem(field: "subject", message: "required", code: .required)] : []
        return required + TextRule.subject.problems(trimmed, field: "subject") + TextRule.long.problems(description, field: "description")
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
