/// The whole book at a glance: the mix of clients, how much rests on the largest few,
/// who sends us referrals and whom to ask next, and the complaint causes that reach the
/// most clients.
public struct Portfolio: Sendable {
    /// Accounts by tier and by health label (offboarded accounts are left out).
    public var byTier: [Tier: Int]
    public var byLabel: [HealthLabel: Int]
    /// Tier × label, for the grid.
    public var grid: [Tier: [HealthLabel: Int]]
    public var accountCount: Int
    /// Per currency: invoiced in the last twelve months, and the largest five clients' part.
    public var revenue: [Concentration]
    public var referrals: [Referrer]
    public var referralCount: Int
    /// Healthy, happy in their own words, nothing overdue, nothing disputed: whom to ask for a referral, best first.
    public var askForReferral: [Candidate]
    /// Complaint causes (a shared cause, else the category) by how many clients they touched.
    public var causes: [CauseSpread]
    /// Accounts at risk, lowest figure first, with what pulls each down most.
    public var atRisk: [HealthReport]

    public struct Concentration: Hashable, Sendable {
        public var currency: Currency
        public var total: Money
        public var top: [(account: String, amount: Money)]
        public var topTotal: Money
        /// The largest five's part of the total, 0…1.
        public var share: Double

        public static func == (a: Concentration, b: Concentration) -> Bool {
            a.currency == b.currency && a.total == b.total && a.topTotal == b.topTotal
                && a.top.map(\.account) == b.top.map(\.account) && a.top.map(\.amount) == b.top.map(\.amount)
        }
        public func hash(into h: inout Hasher) { h.combine(currency); h.combine(total) }
    }

    public struct Referrer: Hashable, Sendable {
        public var account: String
        public var count: Int
        /// Who passed them on: contact names where recorded.
        public var people: [String]
        public var referred: [String]
    }

    public struct Candidate: Hashable, Sendable {
        public var account: String
        public var score: Int
        public var why: String
    }

    public struct CauseSpread: Hashable, Sendable {
        /// "cause CA-3: …" or "category delivery".
        public var name: String
        public var accounts: Int
        public var complaints: Int
        public var open: Int
    }

    /// How many to list in each section.
    public static let topClients = 5
    public static let listLength = 10
}

extension Book {
    /// The portfolio as of `now`. `health` gives each account's report (a `HealthBoard`
    /// keeps them); accounts it does not know are worked out here.
    public func portfolio(now: Timestamp, health: (String) -> HealthReport?) -> Portfolio {
        let today = now.day
        let yearAgo = today.adding(days: -365)
        var byTier: [Tier: Int] = [:], byLabel: [HealthLabel: Int] = [:], grid: [Tier: [HealthLabel: Int]] = [:]
        var invoiced: [Currency: [String: Int64]] = [:]
        var candidates: [Portfolio.Candidate] = []
        var atRisk: [HealthReport] = []
        var count = 0
        for id in accountOrder {
            guard let a = accounts[id], a.status != .offboarded else { continue }
            let report = health(id) ?? self.health(of: id, now: now)
            count += 1
            byTier[a.tier, default: 0] += 1
            byLabel[report.label, default: 0] += 1
            grid[a.tier, default: [:]][report.label, default: 0] += 1
            for invoice in invoices(of: id) {
                guard !invoice.voided, invoice.issued > yearAgo, invoice.issued <= today else { continue }
                invoiced[invoice.currency, default: [:]][id, default: 0] += invoice.amount.minorUnits
            }
            if report.label == .atRisk { atRisk.append(report) }
            if report.label == .healthy, a.badDebt == nil, a.creditHold == nil {
                let money = receivables(of: id, asOf: today)
                if money.oldestOverdueDays == nil, money.disputed.isZero {
                    let voice = report.contributions.filter { $0.area == .voice && !$0.missing && $0.points > 0 }.map(\.title)
                    // Only those whose own voice says they are happy: a figure made of missing inputs is not a yes.
                    guard !voice.isEmpty else { continue }
                    let why = "healthy; good " + voice.joined(separator: ", ").lowercased()
                    candidates.append(.init(account: id, score: report.score, why: why))
                }
            }
        }
        let revenue = invoiced.keys.sorted().map { currency -> Portfolio.Concentration in
            let amounts = invoiced[currency]!
            let total = amounts.values.reduce(0, +)
            let top = amounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(Portfolio.topClients)
            let topTotal = top.reduce(0) { $0 + $1.value }
            return .init(currency: currency, total: Money(minorUnits: total, currency: currency),
                         top: top.map { ($0.key, Money(minorUnits: $0.value, currency: currency)) },
                         topTotal: Money(minorUnits: topTotal, currency: currency),
                         share: total == 0 ? 0 : Double(topTotal) / Double(total))
        }

        var byReferrer: [String: Portfolio.Referrer] = [:]
        for r in referrals.values.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) }) where r.time <= now {
            let person = r.contact.flatMap { contacts[$0]?.name }
            Self.modify(&byReferrer[r.account, default: .init(account: r.account, count: 0, people: [], referred: [])]) { item in
                item.count += 1
                if let person, !item.people.contains(person) { item.people.append(person) }
                item.referred.append(r.referred)
            }
        }
        let referrers = byReferrer.values.sorted { ($1.count, $0.account) < ($0.count, $1.account) }
        let referred = Set(byReferrer.keys)
        candidates.sort { ($1.score, referred.contains($0.account) ? 1 : 0, $0.account) < ($0.score, referred.contains($1.account) ? 1 : 0, $1.account) }

        var spread: [String: (accounts: Set<String>, complaints: Int, open: Int)] = [:]
        for c in complaints.values where c.opened <= now && c.opened.day > yearAgo {
            let name = c.cause.map { id in "cause \(id)" + (self.causes[id].map { ": \($0.summary)" } ?? "") } ?? "category \(TextFolding.fold(c.category))"
            // Changed where it lies: a copy taken out and put back copied its set of
            // accounts at every complaint, which on a large book was most of the report.
            let open = c.state < .resolved ? 1 : 0
            Self.modify(&spread[name, default: ([], 0, 0)]) { entry in
                entry.accounts.insert(c.account)
                entry.complaints += 1
                entry.open += open
            }
        }
        let spreadList = spread.map { Portfolio.CauseSpread(name: $0.key, accounts: $0.value.accounts.count, complaints: $0.value.complaints, open: $0.value.open) }
            .sorted { ($1.accounts, $1.complaints, $0.name) < ($0.accounts, $0.complaints, $1.name) }

        return Portfolio(byTier: byTier, byLabel: byLabel, grid: grid, accountCount: count, revenue: revenue,
                         referrals: referrers, referralCount: byReferrer.values.reduce(0) { $0 + $1.count },
                         askForReferral: Array(candidates.prefix(Portfolio.listLength)),
                         causes: Array(spreadList.prefix(Portfolio.listLength)),
                         atRisk: atRisk.sorted { ($0.score, $0.account) < ($1.score, $1.account) })
    }

    /// Runs `body` on a value in place (a dictionary's entry through its `default:`
    /// subscript), rather than on a copy that is then stored back.
    private static func modify<T>(_ value: inout T, _ body: (inout T) -> Void) { body(&value) }

    public func portfolio(now: Timestamp, board: HealthBoard) -> Portfolio {
        portfolio(now: now) { board[$0] }
    }
}
