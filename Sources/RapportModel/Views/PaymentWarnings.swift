/// The thresholds behind the derived payment warnings. Callers pass their own (from a
/// config file, a flag); the defaults suit a monthly invoicing rhythm.
public struct PaymentPolicy: Hashable, Sendable {
    /// Warn when an undisputed invoice is more than this many days past due.
    public var overdueDays: Int
    /// Warn when the payer's average lateness is at least this many days.
    public var lateDays: Int
    /// How many paid invoices the average needs before it means anything.
    public var minimumPaidInvoices: Int

    public init(overdueDays: Int = 60, lateDays: Int = 14, minimumPaidInvoices: Int = 3) {
        self.overdueDays = overdueDays
        self.lateDays = lateDays
        self.minimumPaidInvoices = minimumPaidInvoices
    }
}

/// How late an account has paid in the past: paid-on against due, per fully paid invoice.
public struct PaymentLateness: Hashable, Sendable {
    /// Mean days after the due date, rounded down; an invoice paid early counts as 0.
    public var averageDays: Int
    /// The longest delay seen.
    public var worstDays: Int
    /// How many paid invoices the figures come from.
    public var invoices: Int
}

/// Something about an account's money the person on the phone should know.
public enum PaymentWarning: Hashable, Sendable {
    /// An undisputed invoice beyond the policy's overdue threshold.
    case overdue(invoice: String, days: Int, outstanding: Money)
    /// A client's promise to pay that was broken or only partly kept.
    case brokenPromise(promise: String, due: Day, amount: Money?, outcome: Promise.Outcome)
    /// The payer usually pays late.
    case paysLate(PaymentLateness)
    /// A disputed invoice: its chasing is paused until the dispute is settled.
    case disputed(invoice: String, outstanding: Money, reason: String)

    /// One short line for a pane or the command line.
    public var text: String {
        switch self {
        case .overdue(let invoice, let days, let outstanding):
            return "\(invoice) \(days) days overdue (\(outstanding.formatted))"
        case .brokenPromise(let promise, let due, let amount, let outcome):
            let what = amount.map { " to pay \($0.formatted)" } ?? ""
            return "promise \(promise)\(what) by \(due) \(outcome == .partlyKept ? "partly kept" : "broken")"
        case .paysLate(let l):
            return "usually pays \(l.averageDays) days late (\(l.invoices) invoices)"
        case .disputed(let invoice, let outstanding, let reason):
            return "\(invoice) disputed (\(outstanding.formatted)), not chased: \(reason)"
        }
    }

    /// A stable word for scripts.
    public var kind: String {
        switch self {
        case .overdue: "overdue"
        case .brokenPromise: "broken-promise"
        case .paysLate: "pays-late"
        case .disputed: "disputed"
        }
    }
}

extension Book {
    /// The day an invoice was fully settled by payments and credit notes dated on or
    /// before `asOf`, or nil when it was not (a write-off is not a payment).
    public func paidOn(_ invoice: Invoice, asOf day: Day) -> Day? {
        guard !invoice.voided else { return nil }
        var owed = invoice.amount.minorUnits
        let settlements = (invoice.credits + invoice.payments).filter { $0.day <= day }.sorted { $0.day < $1.day }
        for s in settlements {
            owed -= s.minorUnits
            if owed <= 0 { return s.day }
        }
        return nil
    }

    /// Average lateness over the account's fully paid, undisputed invoices as of `day`,
    /// or nil when none was paid.
    public func paymentLateness(of account: String, asOf day: Day) -> PaymentLateness? {
        var total = 0
        var worst = 0
        var count = 0
        for invoice in invoices(of: account) {
            guard invoice.disputed == nil, let paid = paidOn(invoice, asOf: day) else { continue }
            let late = max(0, invoice.due.days(until: paid))
            total += late
            worst = max(worst, late)
            count += 1
        }
        guard count > 0 else { return nil }
        return PaymentLateness(averageDays: total / count, worstDays: worst, invoices: count)
    }

    /// Derived warnings for one account as of `day`: disputes first (so no one chases
    /// them), then broken promises to pay, overdue invoices beyond the policy, and a
    /// habitually late payer.
    public func paymentWarnings(of account: String, asOf day: Day, policy: PaymentPolicy = PaymentPolicy()) -> [PaymentWarning] {
        var disputes: [PaymentWarning] = []
        var overdue: [PaymentWarning] = []
        for open in openInvoices(of: account, asOf: day) {
            if let reason = open.invoice.disputed {
                disputes.append(.disputed(invoice: open.invoice.id, outstanding: open.outstanding, reason: reason))
            } else if open.daysOverdue > policy.overdueDays {
                overdue.append(.overdue(invoice: open.invoice.id, days: open.daysOverdue, outstanding: open.outstanding))
            }
        }
        let broken: [PaymentWarning] = promises(of: account, asOf: day)
            .filter { $0.promise.by == .client && ($0.outcome == .broken || $0.outcome == .partlyKept) }
            .map { .brokenPromise(promise: $0.promise.id, due: $0.promise.due, amount: $0.promise.amount, outcome: $0.outcome) }
        var result = disputes + broken + overdue
        if let lateness = paymentLateness(of: account, asOf: day),
           lateness.invoices >= policy.minimumPaidInvoices, lateness.averageDays >= policy.lateDays {
            result.append(.paysLate(lateness))
        }
        return result
    }
}
