/// Everything the person answering the phone needs in one glance: is this caller in good
/// standing, and if not, who do they pass them to.
public struct CallerSummary: Sendable {
    public var account: Account
    public var contact: Contact?
    public var receivables: Receivables
    public var openComplaints: Int
    public var brokenPromises: Int
    public var health: HealthReport
    /// The account's payment warnings (`Book.paymentWarnings`, default policy): disputes,
    /// broken promises to pay, long-overdue invoices, a habitually late payer.
    public var warnings: [PaymentWarning]

    /// The warnings as the caller check shows them, a line each: the disputes together (so
    /// no one chases them), then the payer's habit, or the first overdue invoice, with a
    /// count of the rest. Broken promises are counted on the summary line.
    public var warningLines: [String] {
        var lines: [String] = []
        let disputes = warnings.filter { $0.kind == "disputed" }
        if !disputes.isEmpty {
            lines.append("Disputed, not chased: " + disputes.map(\.text).joined(separator: "; "))
        }
        let habits = warnings.filter { $0.kind == "pays-late" || $0.kind == "overdue" }
        if let first = habits.first(where: { $0.kind == "pays-late" }) ?? habits.first {
            lines.append("! " + first.text + (habits.count > 1 ? " (+\(habits.count - 1) more)" : ""))
        }
        return lines
    }

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
                             brokenPromises: broken, health: health(of: id, now: now),
                             warnings: paymentWarnings(of: id, asOf: today))
    }
}
