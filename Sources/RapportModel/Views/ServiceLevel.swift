/// The two clocks every complaint runs against.
public enum ServiceClockKind: String, CaseIterable, Hashable, Sendable {
    case firstResponse = "first response"
    case resolution

    /// A short column label.
    public var short: String { self == .firstResponse ? "Resp" : "Fix" }
}

/// Service-level targets per severity, the calendar they are counted in, and how early
/// to warn before a breach.
public struct ServiceLevel: Hashable, Sendable {
    /// Working seconds allowed, by severity (1 critical … 4 minor).
    public var firstResponse: [Int: Int64] { didSet { targets = Self.targets(firstResponse, resolution) } }
    public var resolution: [Int: Int64] { didSet { targets = Self.targets(firstResponse, resolution) } }
    /// Both lists of targets by severity from 0 to 4, the first response's then the
    /// resolution's, `Int64.min` for none: asked for every clock of every complaint in the queue
    /// and of every open one in a health figure, where a dictionary hashed the severity.
    private var targets: [Int64]
    public var calendar: BusinessCalendar
    /// Warn once no more than this fraction of a target is left…
    public var warningFraction: Double
    /// …or no more than this many working seconds, whichever comes first.
    public var warningLead: Int64

    public init(firstResponse: [Int: Int64] = [1: 1 * 3600, 2: 4 * 3600, 3: 8 * 3600, 4: 16 * 3600],
                resolution: [Int: Int64] = [1: 8 * 3600, 2: 24 * 3600, 3: 40 * 3600, 4: 80 * 3600],
                calendar: BusinessCalendar = BusinessCalendar(), warningFraction: Double = 0.25, warningLead: Int64 = 0) {
        self.firstResponse = firstResponse
        self.resolution = resolution
        targets = Self.targets(firstResponse, resolution)
        self.calendar = calendar
        self.warningFraction = warningFraction
        self.warningLead = warningLead
    }

    public func target(_ kind: ServiceClockKind, severity: Int) -> Int64? {
        guard severity >= 0 && severity < Self.severities else {
            return kind == .firstResponse ? firstResponse[severity] : resolution[severity]
        }
        let target = targets[kind == .firstResponse ? severity : Self.severities + severity]
        return target == .min ? nil : target
    }

    private static let severities = 5

    private static func targets(_ firstResponse: [Int: Int64], _ resolution: [Int: Int64]) -> [Int64] {
        (0..<severities).map { firstResponse[$0] ?? .min } + (0..<severities).map { resolution[$0] ?? .min }
    }

    /// Both clocks of a complaint as of `now`.
    public func clocks(of c: Complaint, now: Timestamp) -> [ServiceClock] {
        // Room for both made at once: grown one clock at a time, the list was allocated
        // twice, for every complaint in the queue.
        var clocks: [ServiceClock] = []
        clocks.reserveCapacity(2)
        for kind in ServiceClockKind.allCases {
            if let clock = clock(kind, of: c, now: now) { clocks.append(clock) }
        }
        return clocks
    }

    public func clock(_ kind: ServiceClockKind, of c: Complaint, now: Timestamp) -> ServiceClock? {
        guard let target = target(kind, severity: c.severity) else { return nil }
        let stoppedAt = kind == .firstResponse ? c.acknowledgedAt : (c.resolvedAt ?? c.closedAt)
        var end = now
        if let stoppedAt, stoppedAt < end { end = stoppedAt }
        let running = stoppedAt.map { $0 > now } ?? true
        let paused = running && (c.waitingSince.map { $0 <= now } ?? false)
        let used = runningSeconds(of: c, until: end)
        var clock = ServiceClock(kind: kind, target: target, used: used, stoppedAt: stoppedAt.flatMap { $0 <= now ? $0 : nil },
                                 paused: paused, warning: false, deadline: nil)
        let left = target - used
        if clock.stoppedAt == nil {
            clock.warning = left > 0 && (Double(left) <= Double(target) * warningFraction || left <= warningLead)
            if !paused { clock.deadline = left > 0 ? calendar.adding(workingSeconds: left, to: now) : nil }
        }
        return clock
    }

    /// Whether either clock of a complaint is past its target as of `now`: what `clocks`
    /// shows as overdue or missed, without the deadline and the warning it also works out
    /// (a health figure asks this of every open complaint, and needs no more).
    public func breached(_ c: Complaint, now: Timestamp) -> Bool {
        breached(severity: c.severity, stops: (c.acknowledgedAt, c.resolvedAt ?? c.closedAt), opened: c.opened,
                 pauses: c.pauses, waitingSince: c.waitingSince, now: now)
    }

    /// `breached` of the complaint at `i` of `all`, read where it lies: a copy of a
    /// complaint retains and releases each of its strings and lists.
    func breached(_ all: UnsafeBufferPointer<Complaint>, at i: Int, now: Timestamp) -> Bool {
        breached(severity: all[i].severity, stops: (all[i].acknowledgedAt, all[i].resolvedAt ?? all[i].closedAt),
                 opened: all[i].opened, pauses: all[i].pauses, waitingSince: all[i].waitingSince, now: now)
    }

    /// `stops` are when the first-response clock and the resolution clock stopped.
    private func breached(severity: Int, stops: (Timestamp?, Timestamp?), opened: Timestamp, pauses: [ClosedRange<Timestamp>],
                          waitingSince: Timestamp?, now: Timestamp) -> Bool {
        for kind in ServiceClockKind.allCases {
            guard let target = target(kind, severity: severity) else { continue }
            let stoppedAt = kind == .firstResponse ? stops.0 : stops.1
            var end = now
            if let stoppedAt, stoppedAt < end { end = stoppedAt }
            if runningSeconds(opened: opened, pauses: pauses, waitingSince: waitingSince, until: end) > target { return true }
        }
        return false
    }

    /// Working seconds the clocks ran between opening and `end`, less waits on the client.
    public func runningSeconds(of c: Complaint, until end: Timestamp) -> Int64 {
        runningSeconds(opened: c.opened, pauses: c.pauses, waitingSince: c.waitingSince, until: end)
    }

    private func runningSeconds(opened: Timestamp, pauses: [ClosedRange<Timestamp>], waitingSince: Timestamp?,
                                until end: Timestamp) -> Int64 {
        guard end > opened else { return 0 }
        var used = calendar.workingSeconds(from: opened, to: end)
        func wait(_ from: Timestamp, _ to: Timestamp) {
            used -= calendar.workingSeconds(from: max(from, opened), to: min(to, end))
        }
        for pause in pauses { wait(pause.lowerBound, pause.upperBound) }
        if let since = waitingSince, since < end { wait(since, end) }
        return max(0, used)
    }
}

/// One service-level clock of one complaint, as of a given "now".
public struct ServiceClock: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// Stopped within its target.
        case met
        /// Stopped after its target.
        case missed
        /// Running, past its target.
        case overdue
        /// Running, little time left.
        case warning
        /// Waiting on the client: not counting.
        case paused
        case running
    }

    public var kind: ServiceClockKind
    /// Working seconds allowed.
    public var target: Int64
    /// Working seconds counted so far (or until it stopped).
    public var used: Int64
    /// When the clock stopped (first response given, complaint resolved).
    public var stoppedAt: Timestamp?
    public var paused: Bool
    public var warning: Bool
    /// When a running clock will breach, if it keeps running.
    public var deadline: Timestamp?

    /// Working seconds left; negative when overdue.
    public var left: Int64 { target - used }

    public var status: Status {
        if stoppedAt != nil { return left >= 0 ? .met : .missed }
        if left < 0 { return .overdue }
        if paused { return .paused }
        return warning ? .warning : .running
    }

    /// "2h 10m left", "overdue 1d 3h", "met", "paused 3h left".
    public var summary: String {
        switch status {
        case .met: return "met"
        case .missed: return "missed by \(ServiceClock.duration(-left))"
        case .overdue: return "overdue \(ServiceClock.duration(-left))"
        case .paused: return "paused, \(ServiceClock.duration(left)) left"
        case .warning, .running: return "\(ServiceClock.duration(left)) left"
        }
    }

    /// "45m", "3h", "3h 20m", "52h", "4d 4h": hours up to three days, so a target in
    /// working hours reads as hours; a day is 24 hours of counted time.
    public static func duration(_ seconds: Int64) -> String {
        let minutes = max(0, seconds) / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 72 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h \(minutes % 60)m" }
        return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d \(hours % 24)h"
    }
}
