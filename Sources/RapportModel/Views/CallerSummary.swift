/// Everything the person answering the phone needs in one glance: is this caller in good
/// standing, and if not, who do they pass them to.
public struct CallerSummary: Sendable {
    public var account: Account
    public var contact: Contact?
    public var receivables: Receivables
    public var openComplaints: Int
    public var brokenPromises: Int
    public var health: HealthReport

    /// A one-line answer for the command line.
    public var line: String {
        var parts: [String] = []
        var who = "\(account.id)  \(account.name)"
        if let contact { who += " (\(contact.name))" }
        parts.append(who)
        parts.append(account.tier.rawValue)
        if account.status != .active { parts.append(account.status.label) }
        if receivables.unpaid.isZero {
            parts.append("nothing unpaid")
        } else {
            var owed = "unpaid \(receivables.unpaid)"
            if let days = receivables.oldestOverdueDays { owed += ", oldest \(days)d overdue" }
            parts.append(owed)
        }
        for flag in account.flags {
            parts.append("! \(flag.kind == .badDebt ? "BAD DEBT" : "CREDIT HOLD"): \(flag.instruction) → \(flag.routeTo)")
        }
        parts.append("\(openComplaints) open complaint\(openComplaints == 1 ? "" : "s")")
        if brokenPromises > 0 { parts.append("\(brokenPromises) broken promise\(brokenPromises == 1 ? "" : "s")") }
        parts.append("health \(health.score) \(health.label.rawValue)")
        return parts.joined(separator: " · ")
    }
}

extension Book {
    public func callerSummary(account id: String, contact: String? = nil, now: Timestamp) -> CallerSummary? {
        guard let account = accounts[id] else { return nil }
        let today = now.day
        let open = (complaintsByAccount[id] ?? []).compactMap { complaints[$0] }.filter { $0.state < .resolved }.count
        let broken = promises(of: id, asOf: today).filter { $0.outcome == .broken || $0.outcome == .partlyKept }.count
        return CallerSummary(account: account, contact: contact.flatMap { contacts[$0] },
                             receivables: receivables(of: id, asOf: today), openComplaints: open,
                             brokenPromises: broken, health: health(of: id, now: now))
    }
}
