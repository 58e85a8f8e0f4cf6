/// An invoice and everything that changed what is owed on it.
public struct Invoice: Hashable, Sendable, Identifiable {
    public let id: String
    public var account: String
    public var amount: Money
    public var issued: Day
    public var due: Day
    public var voided = false
    public var disputed: String? {
        get { rare.values.disputed }
        set { rare.change { $0.disputed = newValue } }
    }
    /// Credit notes: (day, amount).
    public var credits: [Settlement] = []
    /// Payments allocated to this invoice.
    public var payments: [Settlement] = []
    /// The day what remained was written off as bad debt, and how much.
    public var writeOff: Settlement? {
        get { rare.values.writeOff }
        set { rare.change { $0.writeOff = newValue } }
    }

    /// A dispute and a write-off, out of line: few invoices have either.
    var rare = Rare<RareFields>()

    struct RareFields: Hashable, Sendable, DefaultInit {
        var disputed: String?
        var writeOff: Settlement?
    }

    public var currency: Currency { amount.currency }

    /// A dated amount that reduced what is owed, and the payment it came from if any.
    public struct Settlement: Hashable, Sendable {
        public var day: Day
        public var minorUnits: Int64
        public var source: String
    }

    /// What is still owed, counting only settlements on or before `day`.
    public func outstanding(asOf day: Day) -> Money {
        guard !voided, issued <= day else { return .zero(currency) }
        var owed = amount.minorUnits
        for s in credits where s.day <= day { owed -= s.minorUnits }
        for s in payments where s.day <= day { owed -= s.minorUnits }
        if let w = writeOff, w.day <= day { owed -= w.minorUnits }
        return Money(minorUnits: max(owed, 0), currency: currency)
    }

    /// What is owed counting every settlement recorded.
    public var outstanding: Money {
        var owed = amount.minorUnits
        if voided { return .zero(currency) }
        for s in credits { owed -= s.minorUnits }
        for s in payments { owed -= s.minorUnits }
        if let w = writeOff { owed -= w.minorUnits }
        return Money(minorUnits: max(owed, 0), currency: currency)
    }

    /// The day the invoice was fully paid, if it was.
    public var paidOn: Day? {
        guard !voided, outstanding.isZero, writeOff == nil else { return nil }
        return (credits + payments).map(\.day).max()
    }
}

/// Money received from a client.
public struct Payment: Hashable, Sendable, Identifiable {
    public let id: String
    public var account: String
    public var amount: Money
    public var day: Day
    public var invoice: String?
    public var voided = false
    /// Where the money went: invoice id and minor units; the rest is held as credit.
    public var allocations: [(invoice: String, minorUnits: Int64)] {
        get { allocationList.map { ($0.invoice, $0.minorUnits) } }
        set { allocationList = newValue.map { Allocation(invoice: $0.invoice, minorUnits: $0.minorUnits) } }
    }
    /// Stored as one array of pairs (one heap block a payment, not two).
    var allocationList: [Allocation] = []

    struct Allocation: Hashable, Sendable {
        var invoice: String
        var minorUnits: Int64
    }

    public var unallocated: Money {
        Money(minorUnits: voided ? 0 : amount.minorUnits - allocationList.reduce(0) { $0 + $1.minorUnits }, currency: amount.currency)
    }
}
