import Foundation

/// A problem with one input field, named by its path (`subject`, `answers.os`).
public struct FieldProblem: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var field: String
    /// English, for the API and the CLI.
    public var message: String
    /// What kind of problem, for a page to say it in the person's language (`other`: only `message` says).
    public var code: Code
    /// The limit of `tooLong` (characters), or the allowed values of `notAnOption`, comma-separated.
    public var detail: String?

    /// Problem kinds that pages translate.
    public enum Code: String, Sendable, Hashable {
        case required
        case tooLong = "too_long"
        case singleLine = "single_line"
        case notAnOption = "not_an_option"
        case notADate = "not_a_date"
        case notANumber = "not_a_number"
        /// A control character `TextRule` refuses; detail: it as `U+XXXX`.
        case controlCharacter = "control_character"
        case other
    }

    public init(field: String, message: String, code: Code = .other, detail: String? = nil) {
        self.field = field
        self.message = message
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(field): \(message)" }
}

/// Domain errors of the ticket desk. They know nothing of HTTP; SSPAPI maps each to a status.
public enum TicketError: Error, Equatable, Sendable {
    /// No such ticket, or one the actor may not see (the two are indistinguishable on purpose).
    case ticketNotFound(String)
    /// No such service in the catalogue.
    case serviceNotFound(String)
    /// No such person in the directory (e.g. an assignee or requester e-mail).
    case userNotFound(String)
    /// The action does not exist for the ticket's current status (transition table).
    case illegalTransition(action: String, from: TicketStatus)
    /// The actor's relation to the ticket does not allow the action.
    case notPermitted(action: String)
    /// A reopen after the 10-calendar-day window.
    case reopenWindowExpired(resolvedAt: Date)
    /// A comment on a closed or cancelled ticket.
    case ticketFinal(TicketStatus)
    /// One or more input fields are invalid.
    case invalid([FieldProblem])
    /// Someone else changed the ticket after the revision the change was made against
    /// (`TicketView.revision`); nothing was written (issue 13).
    case changedMeanwhile(String)
    /// The ticket as the actor sees it changed after the version the change was made against
    /// (`TicketView.version`, the API's `If-Match`); nothing was written (issue 14).
    case versionMismatch(String)
    /// "Assign to me" on a ticket someone else holds (named); nothing was written (issue 14).
    case alreadyAssigned(String, to: String)
}

extension TicketError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .ticketNotFound(number): "ticket \(number) not found"
        case let .serviceNotFound(code): "service \(code) not found"
        case let .userNotFound(who): "user \(who) not found"
        case let .illegalTransition(action, from): "'\(action)' is not possible from status '\(from.rawValue)'"
        case let .notPermitted(action): "not permitted for you: \(action)"
        case let .reopenWindowExpired(resolvedAt): "a ticket can be reopened within 10 calendar days of its resolution (\(Brussels.iso8601(resolvedAt)))"
        case let .ticketFinal(status): "the ticket is \(status.rawValue): it accepts no more changes"
        case let .invalid(problems): problems.map(\.description).joined(separator: "; ")
        case let .changedMeanwhile(number): "ticket \(number) was changed by someone else since you read it: read it again"
        case let .versionMismatch(number): "ticket \(number) changed since the version you sent in If-Match: read it again"
        case let .alreadyAssigned(number, name): "ticket \(number) is already assigned to \(name)"
        }
    }
}
