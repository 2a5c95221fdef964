import Foundation

/// One SLA clock of a ticket (first response or resolution), measured in
/// **business time** of the directorate's calendar.
///
/// The clock accrues business time while running, stops accruing while paused
/// (the resolution clock pauses in `waiting_on_requester` and while resolved,
/// ITIL "clock stop" / "SLA hold"), and stops for good when its goal is reached.
/// All instants are UTC; business time is computed on the calendar.
public struct SLAClock: Codable, Sendable, Equatable {
    /// What the clock measures.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case firstResponse = "first_response"
        case resolution
    }

    /// The state of a clock at an instant.
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Accruing business time, within target.
        case running
        /// On hold (waiting on the requester, resolved): accrues nothing.
        case paused
        /// Stopped within target.
        case met
        /// The target was exceeded (whether or not the clock has stopped).
        case breached
    }

    /// Share of the target after which a running clock is "at risk" (80 %).
    public static let atRiskShare = 0.8

    public var kind: Kind
    /// Target in business minutes (from the service and priority).
    public var targetMinutes: Int
    /// Business seconds accrued in the segments that have ended.
    public var accruedSeconds: TimeInterval
    /// Start of the current running segment; `nil` while paused or stopped.
    public var runningSince: Date?
    /// When the goal was reached (first response given, ticket resolved); `nil` while open.
    public var stoppedAt: Date?

    /// A clock that starts running at `start`.
    public init(kind: Kind, targetMinutes: Int, start: Date) {
        self.kind = kind
        self.targetMinutes = targetMinutes
        accruedSeconds = 0
        runningSince = start
        stoppedAt = nil
    }

    /// Business seconds used up to `now` (accrued plus the running segment).
    public func usedSeconds(at now: Date, on calendar: BusinessCalendar) -> TimeInterval {
        guard let since = runningSince else { return accruedSeconds }
        return accruedSeconds + calendar.businessSeconds(from: since, to: now)
    }

    /// Business minutes used up to `now`, rounded down.
    public func usedMinutes(at now: Date, on calendar: BusinessCalendar) -> Int {
        Int(usedSeconds(at: now, on: calendar) / 60)
    }

    /// Business minutes left before the target at `now` (negative once breached, rounded toward zero).
    public func remainingMinutes(at now: Date, on calendar: BusinessCalendar) -> Int {
        Int((TimeInterval(targetMinutes * 60) - usedSeconds(at: now, on: calendar)) / 60)
    }

    /// The instant the target is reached if the clock keeps running: `nil` while
    /// paused or stopped (a paused clock has no due time; it moves on resume).
    public func dueAt(on calendar: BusinessCalendar) -> Date? {
        guard let since = runningSince else { return nil }
        let left = TimeInterval(targetMinutes * 60) - accruedSeconds
        return left <= 0 ? since : calendar.add(businessSeconds: left, to: since)
    }

    /// The state at `now`.
    public func state(at now: Date, on calendar: BusinessCalendar) -> State {
        let used = usedSeconds(at: stoppedAt ?? now, on: calendar)
        if used > TimeInterval(targetMinutes * 60) { return .breached }
        if stoppedAt != nil { return .met }
        return runningSince == nil ? .paused : .running
    }

    /// Whether a running clock has used at least 80 % of its target and is not breached yet.
    public func isAtRisk(at now: Date, on calendar: BusinessCalendar) -> Bool {
        state(at: now, on: calendar) == .running
            && usedSeconds(at: now, on: calendar) >= Self.atRiskShare * TimeInterval(targetMinutes * 60)
    }

    /// Puts the clock on hold at `now` (no effect when already paused or stopped).
    public mutating func pause(at now: Date, on calendar: BusinessCalendar) {
        guard let since = runningSince, stoppedAt == nil else { return }
        accruedSeconds += calendar.businessSeconds(from: since, to: now)
        runningSince = nil
    }

    /// Resumes a paused clock at `now`; a reopened ticket resumes with what it had used
    /// (no effect when running; clears a stop, for a reopen).
    public mutating func resume(at now: Date) {
        stoppedAt = nil
        if runningSince == nil { runningSince = now }
    }

    /// Stops the clock for good at `now` (goal reached). Time spent paused just
    /// before (resolving straight from waiting) is not counted.
    public mutating func stop(at now: Date, on calendar: BusinessCalendar) {
        guard stoppedAt == nil else { return }
        pause(at: now, on: calendar)
        stoppedAt = now
    }

    /// Re-targets after a priority change, keeping the time already used and the pauses already accrued.
    public mutating func retarget(minutes: Int) {
        targetMinutes = minutes
    }
}
