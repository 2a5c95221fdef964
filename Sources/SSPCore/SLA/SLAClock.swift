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
    /// When the goal was reached (first response given, ticket closed or cancelled); `nil` while open.
    public var stoppedAt: Date?
    /// When the SLA scan recorded that the clock passed 80 % (once per clock).
    public var atRiskMarkedAt: Date?
    /// When the SLA scan recorded the breach (once per clock).
    public var breachMarkedAt: Date?

    /// A clock that starts running at `start`.
    public init(kind: Kind, targetMinutes: Int, start: Date) {
        self.kind = kind
        self.targetMinutes = targetMinutes
        accruedSeconds = 0
        runningSince = start
        stoppedAt = nil
        atRiskMarkedAt = nil
        breachMarkedAt = nil
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
        state(used: usedSeconds(at: stoppedAt ?? now, on: calendar))
    }

    /// The state once `used` business seconds are used (`usedSeconds(at: stoppedAt ?? now)`).
    func state(used: TimeInterval) -> State {
        if isOverTarget(usedSeconds: used) { return .breached }
        if stoppedAt != nil { return .met }
        return runningSince == nil ? .paused : .running
    }

    /// The one definition of a breach (clock, SLA scan, reports, issue 14): more business seconds
    /// used than the target's, compared unrounded.
    public func isOverTarget(usedSeconds: TimeInterval) -> Bool {
        usedSeconds > TimeInterval(targetMinutes * 60)
    }

    /// Whether a running clock has used at least 80 % of its target and is not breached yet.
    public func isAtRisk(at now: Date, on calendar: BusinessCalendar) -> Bool {
        isAtRisk(used: usedSeconds(at: stoppedAt ?? now, on: calendar))
    }

    /// `isAtRisk(at:on:)` once `used` business seconds are used (a stopped clock is never at risk).
    func isAtRisk(used: TimeInterval) -> Bool {
        state(used: used) == .running && used >= Self.atRiskShare * TimeInterval(targetMinutes * 60)
    }

    /// Puts the clock on hold at `now` (no effect when already paused or stopped).
    public mutating func pause(at now: Date, on calendar: BusinessCalendar) {
        guard let since = runningSince, stoppedAt == nil else { return }
        accruedSeconds += calendar.businessSeconds(from: since, to: now)
        runningSince = nil
    }

    /// Folds the running segment into the accrued time at `now`, measured on
    /// `calendar`, and starts a new segment: needed before the clock moves to
    /// another calendar (a priority change to or from a 24/7 P1 calendar).
    public mutating func checkpoint(at now: Date, on calendar: BusinessCalendar) {
        guard let since = runningSince, stoppedAt == nil else { return }
        accruedSeconds += calendar.businessSeconds(from: since, to: now)
        runningSince = now
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

    /// Re-targets after a priority change at `now`, keeping the time already used
    /// and the pauses already accrued. An at-risk mark that no longer holds under
    /// the new target is lifted (the scan marks it again when reached); a breach
    /// mark stays: the breach happened.
    public mutating func retarget(minutes: Int, at now: Date, on calendar: BusinessCalendar) {
        targetMinutes = minutes
        if breachMarkedAt == nil, usedSeconds(at: now, on: calendar) < Self.atRiskShare * TimeInterval(minutes * 60) {
            atRiskMarkedAt = nil
        }
    }

    /// The next instant at which the SLA scan must look at this clock: when it
    /// reaches 80 % (if not marked yet), else one second past its target (if
    /// not marked breached). `nil` while paused, stopped or fully marked.
    public func nextCheck(on calendar: BusinessCalendar) -> Date? {
        guard let since = runningSince, stoppedAt == nil, breachMarkedAt == nil else { return nil }
        let target = TimeInterval(targetMinutes * 60)
        let threshold = atRiskMarkedAt == nil ? Self.atRiskShare * target : target + 1
        return calendar.add(businessSeconds: max(threshold - accruedSeconds, 0), to: since)
    }

    /// What the SLA scan records about a clock.
    public enum Mark: String, Codable, Sendable, CaseIterable {
        case atRisk = "at_risk"
        case breached
    }

    /// Records, once each, that the clock passed 80 % or its target by `now`.
    /// - Returns: the marks newly made, in order.
    public mutating func mark(at now: Date, on calendar: BusinessCalendar) -> [Mark] {
        var marked: [Mark] = []
        let used = usedSeconds(at: stoppedAt ?? now, on: calendar)
        let target = TimeInterval(targetMinutes * 60)
        if stoppedAt == nil, atRiskMarkedAt == nil, breachMarkedAt == nil, used >= Self.atRiskShare * target {
            atRiskMarkedAt = now
            marked.append(.atRisk)
        }
        if used > target, breachMarkedAt == nil {
            breachMarkedAt = now
            marked.append(.breached)
        }
        return marked
    }
}
