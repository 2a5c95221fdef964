import Foundation

/// Every use case over one set of stores and a clock: what a composition root (`ssp-server`,
/// `ssp-admin`, a test) builds once and hands to its handlers, which call nothing else.
public struct UseCases: Sendable {
    public let tickets: TicketDesk
    public let cannedReplies: CannedReplyDesk
    public let surveys: SurveyDesk
    public let reviews: ReviewDesk
    public let desks: DeskBooking
    public let catalogue: CatalogueDesk
    public let people: PeopleDesk
    public let approvals: ApprovalDesk
    /// Portal sign-in and sessions.
    public let sessions: SessionDesk
    /// Where `people.setPassword` stores local passwords.
    public let passwords: any PasswordStore
    /// First-password links.
    public let invitations: PasswordInvitations
    /// The API's `Idempotency-Key`.
    public let idempotency: IdempotencyDesk
    /// The figures of `/metrics`.
    public let operations: OperationsDesk

    /// - Parameter stores: one value implementing every store protocol (the SQLite `AppDatabase`).
    /// - Parameter identity: who proves who they are at sign-in, and keeps their passwords (local accounts).
    /// - Parameter stemmer: the catalogue search's stemmers (`SnowballStemmer.shared`).
    public init(
        stores: some TicketStore & CatalogueStore & DirectoryStore & TokenStore & SurveyStore & ReviewStore & DeskStore & ApprovalStore & SessionStore & InvitationStore
            & CannedReplyStore & IdempotencyStore & OperationsStore,
        identity: any IdentityProvider & PasswordStore, sessionPolicy: SessionPolicy = .init(), throttle: SignInThrottle = SignInThrottle(),
        stemmer: any Stemmer, clock: any Clock
    ) {
        sessions = SessionDesk(identity: identity, sessions: stores, throttle: throttle, policy: sessionPolicy, clock: clock)
        passwords = identity
        invitations = PasswordInvitations(invitations: stores, passwords: identity, directory: stores, clock: clock)
        tickets = TicketDesk(tickets: stores, catalogue: stores, directory: stores, approvals: stores, clock: clock)
        cannedReplies = CannedReplyDesk(replies: stores, desk: tickets)
        approvals = ApprovalDesk(routing: tickets.approvals, tickets: stores)
        surveys = SurveyDesk(desk: tickets, surveys: stores)
        reviews = ReviewDesk(reviews: stores, tickets: stores, surveys: stores, catalogue: stores, clock: clock)
        desks = DeskBooking(desks: stores, catalogue: stores, clock: clock)
        catalogue = CatalogueDesk(catalogue: stores, directory: stores, stemmer: stemmer)
        people = PeopleDesk(directory: stores, tokens: stores, approvals: approvals)
        idempotency = IdempotencyDesk(store: stores, clock: clock)
        operations = OperationsDesk(store: stores, clock: clock)
    }
}
