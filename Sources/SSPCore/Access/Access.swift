import Foundation

/// The access matrix: who stands in which relation to a ticket.
///
/// A requester sees and acts only on their own tickets; an agent on tickets of
/// their directorates (plus their own requests); a line manager on the
/// requests of their direct reports that need approval; an administrator sees
/// every ticket. Internal notes reach agents of the directorate only.
public enum Access {
    /// The roles `user` holds on `ticket`. Empty means the ticket is invisible
    /// to them, which the API answers exactly as a missing ticket (404).
    /// - Parameters:
    ///   - requesterManagerID: the line manager of the ticket's requester.
    ///   - approval: whether the ticket's service needs the line manager's approval.
    public static func roles(of user: User, on ticket: Ticket, requesterManagerID: UserID?, approval: Approval) -> Set<ActorRole> {
        var roles: Set<ActorRole> = []
        if ticket.requesterID == user.id { roles.insert(.requester) }
        if ticket.filedByID == user.id { roles.insert(.filer) }
        if user.isAgent(of: ticket.directorateCode) { roles.insert(.agent) }
        if approval == .lineManager, requesterManagerID == user.id { roles.insert(.lineManager) }
        if user.roles.contains(.admin) { roles.insert(.admin) }
        return roles
    }

    /// Whether someone with `roles` sees internal notes.
    public static func seesNotes(_ roles: Set<ActorRole>) -> Bool {
        roles.contains(.agent) || roles.contains(.admin)
    }

    /// The tickets `user` may list: scope for `TicketQuery`.
    public static func scope(of user: User) -> TicketScope {
        user.roles.contains(.admin) ? .all : .visibleTo(user: user.id, directorates: user.roles.contains(.agent) ? user.directorates : [])
    }

    /// The directorates whose figures `user` may read (reports, reviews): all
    /// (`nil`) for administrators, their own for agents, narrowed to `directorate` if given.
    /// - Throws: `TicketError.notPermitted` for other staff.
    public static func reportScope(of user: User, directorate: String? = nil) throws -> Set<String>? {
        var scope: Set<String>?
        if !user.roles.contains(.admin) {
            guard user.roles.contains(.agent) else { throw TicketError.notPermitted(action: "reports are for agents and administrators") }
            scope = user.directorates
        }
        if let directorate { scope = (scope ?? [directorate]).intersection([directorate]) }
        return scope
    }

    /// Whether `user` may read occupancy reports (aggregates only): facilities and administrators.
    public static func readsOccupancy(_ user: User) -> Bool {
        user.roles.contains(.facilities) || user.roles.contains(.admin)
    }
}
