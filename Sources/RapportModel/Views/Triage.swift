/// One term of a complaint's urgency, visible so nobody has to guess why it is on top.
public struct UrgencyTerm: Hashable, Sendable {
    public var name: String
    public var points: Double
    public var reason: String
}

/// An open complaint with its urgency figure and the terms that make it up.
public struct TriagedComplaint: Sendable {
    public var complaint: Complaint
    public var urgency: Double
    public var terms: [UrgencyTerm]
}

/// The weights behind the urgency figure.
public struct UrgencyWeights: Sendable {
    public var severity: [Int: Double] = [1: 40, 2: 25, 3: 12, 4: 4]
    public var perDayOpen = 1.0
    public var maxAgePoints = 30.0
    public var tier: [Tier: Double] = [.large: 8, .medium: 4, .small: 0]
    public var unacknowledged = 6.0
    public var perReopen = 5.0
    public var linked = 4.0
    public var waitingOnClient = -10.0
    public var awaitingConfirmation = -30.0

    public init() {}
}

extension Book {
    /// Every open complaint, most urgent first.
    public func triage(now: Timestamp, weights w: UrgencyWeights = UrgencyWeights()) -> [TriagedComplaint] {
        var list: [TriagedComplaint] = []
        list.reserveCapacity(complaints.count)
        for c in complaints.values where c.state.isOpen && c.opened <= now {
            var terms: [UrgencyTerm] = []
            terms.append(UrgencyTerm(name: "severity", points: w.severity[c.severity] ?? 0, reason: "severity \(c.severity)"))
            let days = Double(now.seconds - c.opened.seconds) / 86_400
            terms.append(UrgencyTerm(name: "age", points: min(w.maxAgePoints, days * w.perDayOpen), reason: "open \(Int(days)) days"))
            if let tier = accounts[c.account]?.tier, let points = w.tier[tier], points != 0 {
                terms.append(UrgencyTerm(name: "tier", points: points, reason: "\(tier.rawValue) client"))
            }
            if c.acknowledgedAt == nil {
                terms.append(UrgencyTerm(name: "unanswered", points: w.unacknowledged, reason: "no first response yet"))
            }
            if c.reopenCount > 0 {
                terms.append(UrgencyTerm(name: "reopened", points: Double(c.reopenCount) * w.perReopen, reason: "reopened \(c.reopenCount)×"))
            }
            if !c.linked.isEmpty || c.cause != nil {
                terms.append(UrgencyTerm(name: "shared cause", points: w.linked, reason: "linked to \(c.linked.count + (c.cause == nil ? 0 : 1)) other record(s)"))
            }
            if c.state == .resolved {
                terms.append(UrgencyTerm(name: "resolved", points: w.awaitingConfirmation, reason: "resolved; waiting for the client to confirm"))
            }
            if c.waitingSince != nil {
                terms.append(UrgencyTerm(name: "waiting", points: w.waitingOnClient, reason: "waiting on the client"))
            }
            let urgency = terms.reduce(0) { $0 + $1.points }
            list.append(TriagedComplaint(complaint: c, urgency: urgency, terms: terms))
        }
        list.sort { ($0.urgency, $1.complaint.opened, $1.complaint.id) > ($1.urgency, $0.complaint.opened, $0.complaint.id) }
        return list
    }
}
