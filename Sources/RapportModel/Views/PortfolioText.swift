/// The portfolio as lines of plain text, shared by the dashboard's overlay and
/// `rapport report`: headings, then indented items.
public struct PortfolioLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case heading, item, note }
    public var kind: Kind
    public var text: String
}

extension Portfolio {
    /// The sections in reading order. `name` turns an account id into what people call it.
    public func lines(name: (String) -> String) -> [PortfolioLine] {
        var out: [PortfolioLine] = []
        func heading(_ t: String) { out.append(.init(kind: .heading, text: t)) }
        func item(_ t: String) { out.append(.init(kind: .item, text: "  " + t)) }
        func note(_ t: String) { out.append(.init(kind: .note, text: "  " + t)) }
        func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }

        heading("Accounts by tier and health (\(accountCount))")
        item(pad("", 8) + pad("healthy", 9) + pad("watch", 7) + pad("at risk", 9) + "total")
        for tier in Tier.allCases.reversed() {
            let row = grid[tier] ?? [:]
            item(pad(tier.rawValue, 8) + pad("\(row[.healthy] ?? 0)", 9) + pad("\(row[.watch] ?? 0)", 7)
                 + pad("\(row[.atRisk] ?? 0)", 9) + "\(byTier[tier] ?? 0)")
        }
        item(pad("all", 8) + pad("\(byLabel[.healthy] ?? 0)", 9) + pad("\(byLabel[.watch] ?? 0)", 7)
             + pad("\(byLabel[.atRisk] ?? 0)", 9) + "\(accountCount)")

        heading("Revenue in the largest \(Portfolio.topClients) clients (invoiced, last 12 months)")
        if revenue.isEmpty { note("nothing invoiced in the last 12 months") }
        for r in revenue {
            item("\(r.currency.code): \(percent(r.share)) of \(r.total.formatted) — " + r.top.map { "\(name($0.account)) \($0.amount.formatted)" }.joined(separator: ", "))
        }

        heading("Referrals: \(referralCount) from \(referrals.count) client\(referrals.count == 1 ? "" : "s")")
        if referrals.isEmpty { note("none recorded") }
        for r in referrals.prefix(Portfolio.listLength) {
            let people = r.people.isEmpty ? "" : " via " + r.people.joined(separator: ", ")
            item("\(name(r.account)): \(r.count)\(people) → \(r.referred.joined(separator: ", "))")
        }

        heading("Ask for a referral (healthy, nothing overdue, no dispute)")
        if askForReferral.isEmpty { note("no one qualifies yet") }
        for c in askForReferral { item("\(name(c.account)) \(c.score): \(c.why)") }

        heading("Complaint causes touching most clients (last 12 months)")
        if causes.isEmpty { note("no complaints") }
        for c in causes { item("\(c.name): \(c.accounts) client\(c.accounts == 1 ? "" : "s"), \(c.complaints) complaint\(c.complaints == 1 ? "" : "s"), \(c.open) open") }

        heading("At risk (\(atRisk.count))")
        if atRisk.isEmpty { note("no account at risk") }
        for r in atRisk {
            var t = "\(name(r.account)) \(r.score)"
            if let w = r.worst { t += ": \(w.title) \(w.points), \(w.reason)" }
            if !r.flagWords.isEmpty { t += " [" + r.flagWords.joined(separator: " ") + "]" }
            item(t)
        }
        return out
    }
}
