/// How late an unpaid amount is, by days past its due date.
public enum AgingBucket: Int, CaseIterable, Sendable, Comparable {
    case current, days1to30, days31to60, days61to90, over90

    public init(daysOverdue: Int) {
        switch daysOverdue {
        case ...0: self = .current
        case 1...30: self = .days1to30
        case 31...60: self = .days31to60
        case 61...90: self = .days61to90
        default: self = .over90
        }
    }

    public var label: String {
        switch self {
        case .current: return "current"
        case .days1to30: return "1–30"
        case .days31to60: return "31–60"
        case .days61to90: return "61–90"
        case .over90: return "90+"
        }
    }

    public static func < (a: AgingBucket, b: AgingBucket) -> Bool { a.rawValue < b.rawValue }
}

/// What one account owes, as of a day: totals per currency, never summed across.
public struct Receivables: Sendable {
    public var unpaid = MoneyTotals()
    public var overdue = MoneyTotals()
    public var buckets: [AgingBucket: MoneyTotals] = [:]
    /// Days past due of the oldest unpaid, undisputed invoice.
    public var oldestOverdueDays: Int?
    /// Money received but not yet allocated to an invoice.
    public var credit = MoneyTotals()
    public var disputed = MoneyTotals()
    public var openInvoices: [String] = []

    public init() {}
}

/// One unpaid invoice as of a day.
public struct OpenInvoice: Sendable {
    public var invoice: Invoice
    public var outstanding: Money
    public var daysOverdue: Int
    /// `invoice.disputed != nil`, kept as it was read: a list of every account's open
    /// invoices asks it of each, and reading it through `invoice` copies the invoice.
    public var isDisputed: Bool
    public var bucket: AgingBucket { AgingBucket(daysOverdue: daysOverdue) }
}

extension Book {
    /// Unpaid invoices of an account as of `day`, oldest due first. Payments dated after
    /// `day` do not count, nor invoices issued after it.
    public func openInvoices(of account: String, asOf day: Day) -> [OpenInvoice] {
        guard let p = accounts.position(of: account) else { return [] }
        return openInvoices(ofAccountAt: p, asOf: day)
    }

    /// `openInvoices(of:asOf:)` of the account at `p` in `accounts`, found already.
    public func openInvoices(ofAccountAt p: Int, asOf day: Day) -> [OpenInvoice] {
        var list: [OpenInvoice] = []
        // Each invoice is read where it lies and copied only when it is open: most of an
        // account's invoices are paid, and the start asks this of every account.
        for position in files[p].invoices {
            let at = Int(position)
            let owed = invoices.values[at].outstanding(asOf: day)
            guard owed.isPositive else { continue }
            let invoice = invoices.values[at]
            list.append(OpenInvoice(invoice: invoice, outstanding: owed, daysOverdue: invoice.due.days(until: day),
                                    isDisputed: invoice.disputed != nil))
        }
        // Most accounts have one open invoice or none: sorting those copied the list.
        guard list.count > 1 else { return list }
        return list.sorted { ($0.invoice.due, $0.invoice.id) < ($1.invoice.due, $1.invoice.id) }
    }

    /// `open`, when given, is `openInvoices(of: account, asOf: day)` already worked out.
    public func receivables(of account: String, asOf day: Day, open given: [OpenInvoice]? = nil) -> Receivables {
        var r = Receivables()
        var owed = Owed()
        for open in given ?? openInvoices(of: account, asOf: day) {
            owed.add(open)
            r.buckets[open.bucket, default: MoneyTotals()].add(open.outstanding)
            r.openInvoices.append(open.invoice.id)
            if open.isDisputed { r.disputed.add(open.outstanding) }
        }
        (r.unpaid, r.overdue, r.oldestOverdueDays) = (owed.unpaid, owed.overdue, owed.oldestOverdueDays)
        for payment in payments(of: account) {
            guard payment.day <= day else { continue }
            let left = payment.unallocated
            if left.isPositive { r.credit.add(left) }
        }
        return r
    }

    /// Aging across the whole book as of `day`.
    public func aging(asOf day: Day) -> [AgingBucket: MoneyTotals] {
        var total: [AgingBucket: MoneyTotals] = [:]
        for account in accountOrder {
            for (bucket, sums) in receivables(of: account, asOf: day).buckets {
                for money in sums.amounts { total[bucket, default: MoneyTotals()].add(money) }
            }
        }
        return total
    }
}

/// What is owed and overdue among unpaid invoices: the part of `Receivables` an account's
/// health reads, counted the same way for both.
struct Owed {
    var unpaid = MoneyTotals()
    /// Past due and not disputed.
    var overdue = MoneyTotals()
    var oldestOverdueDays: Int?

    mutating func add(_ open: OpenInvoice) {
        add(open.outstanding, disputed: open.isDisputed, daysOverdue: open.daysOverdue)
    }

    /// Counts an invoice if it is unpaid as of `day`, as `openInvoices` would list it,
    /// read where it lies rather than copied into a list first.
    mutating func add(_ invoice: Invoice, asOf day: Day) {
        let owed = invoice.outstanding(asOf: day)
        guard owed.isPositive else { return }
        add(owed, disputed: invoice.disputed != nil, daysOverdue: invoice.due.days(until: day))
    }

    mutating func add(_ outstanding: Money, disputed: Bool, daysOverdue: Int) {
        unpaid.add(outstanding)
        if !disputed && daysOverdue > 0 {
            overdue.add(outstanding)
            oldestOverdueDays = max(oldestOverdueDays ?? 0, daysOverdue)
        }
    }
}

/// Aging of the whole book, one row per currency: what the Payments pane's summary shows.
public struct AgingSummary: Sendable {
    public var buckets: [AgingBucket: MoneyTotals]

    public init(buckets: [AgingBucket: MoneyTotals]) { self.buckets = buckets }

    /// Counts `amount` (negative to take it out again) in the bucket for its days overdue.
    public mutating func add(_ amount: Money, daysOverdue: Int) {
        buckets[AgingBucket(daysOverdue: daysOverdue), default: MoneyTotals()].add(amount)
    }

    /// The currencies anything is owed in, in code order.
    public var currencies: [Currency] {
        Set(buckets.values.flatMap { $0.amounts.map(\.currency) }).sorted()
    }

    public func amount(_ bucket: AgingBucket, in currency: Currency) -> Money {
        buckets[bucket]?[currency] ?? .zero(currency)
    }

    public func total(in currency: Currency) -> Money {
        AgingBucket.allCases.reduce(.zero(currency)) { $0 + amount($1, in: currency) }
    }
}

extension Book {
    public func agingSummary(asOf day: Day) -> AgingSummary { AgingSummary(buckets: aging(asOf: day)) }
}
