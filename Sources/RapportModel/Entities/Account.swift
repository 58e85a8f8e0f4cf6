/// How big a relationship is; drives default contact cadence and urgency.
public enum Tier: String, CaseIterable, Sendable, Comparable {
    case small, medium, large

    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
    var rank: Int { self == .small ? 0 : self == .medium ? 1 : 2 }

    /// Days between contacts we aim for when the account sets none.
    public var defaultCadence: Int { self == .large ? 14 : self == .medium ? 30 : 60 }
}

public enum AccountStatus: String, CaseIterable, Sendable {
    case active, watch, probation
    case creditHold = "credit-hold"
    case offboarded

    public var label: String { self == .creditHold ? "credit hold" : rawValue }
}

/// A raised bad-debt flag or credit hold: what to do and who to pass the caller to.
public struct AccountFlag: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable { case badDebt = "bad-debt", creditHold = "credit-hold" }
    public var kind: Kind
    public var instruction: String
    public var routeTo: String
    public var reason: String
    public var raisedBy: String
    public var raisedAt: Timestamp
}

/// A client relationship.
public struct Account: Hashable, Sendable, Identifiable {
    public let id: String
    public var name: String
    public var tier: Tier
    public var owner: String?
    public var phone: String?
    public var email: String?
    public var cadence: Int?
    public var status: AccountStatus = .active
    public var statusReason: String? {
        get { rare.values.statusReason }
        set { rare.change { $0.statusReason = newValue } }
    }
    public var badDebt: AccountFlag? {
        get { rare.values.badDebt }
        set { rare.change { $0.badDebt = newValue } }
    }
    public var creditHold: AccountFlag? {
        get { rare.values.creditHold }
        set { rare.change { $0.creditHold = newValue } }
    }
    /// Our own 0–10 view of the relationship, to set against the client's.
    public var managerRating: Int?
    public var managerRatingAt: Timestamp?
    public var opened: Timestamp
    public var offboarding: (reason: String, attempts: String)? {
        get { rare.values.offboardReason.map { ($0, rare.values.offboardAttempts ?? "") } }
        set {
            rare.change {
                $0.offboardReason = newValue?.reason
                $0.offboardAttempts = newValue?.attempts
            }
        }
    }

    /// What few accounts carry (a flag, a status reason, an offboarding), out of line:
    /// two hundred bytes an account otherwise, 20 MB over a hundred thousand accounts.
    var rare = Rare<RareFields>()

    struct RareFields: Hashable, Sendable, DefaultInit {
        var statusReason: String?
        var badDebt: AccountFlag?
        var creditHold: AccountFlag?
        var offboardReason: String?
        var offboardAttempts: String?
    }

    public var contactCadence: Int { cadence ?? tier.defaultCadence }

    /// The flags in order of importance, for a caller check or a row's flag column.
    public var flags: [AccountFlag] { rare.isEmpty ? [] : [badDebt, creditHold].compactMap { $0 } }

    init(id: String, name: String, tier: Tier, opened: Timestamp) {
        self.id = id
        self.name = name
        self.tier = tier
        self.opened = opened
    }
}
