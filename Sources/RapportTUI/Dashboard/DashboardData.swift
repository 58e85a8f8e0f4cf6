import RapportJournal
import RapportModel

/// The book as the panes show it, derived once per change (a new event, a new minute)
/// rather than per key press.
public struct DashboardData: Sendable {
    public var loaded: LoadedBook
    public var now: Timestamp
    public var accounts: [AccountRow]
    /// The open complaint queue, most urgent first, re-ranked incrementally.
    public var queue: TriageQueue
    public var complaints: [TriagedComplaint] { queue.items }
    public var payments: [PaymentRow]
    public var openComplaintCount: Int
    public var callerIndex: CallerIndex
    /// Urgency weights, SLA targets and working hours (docs/CONFIG.md).
    public var settings: Settings
    /// Who "mine" means in the Complaints pane's saved filters.
    public var me: String?

    public var book: Book { loaded.book }

    /// One account as the Accounts pane lists it.
    public struct AccountRow: Sendable {
        public var id: String
        public var name: String
        public var tier: Tier
        public var owner: String
        public var status: AccountStatus
        public var health: Int
        public var label: HealthLabel
        public var openComplaints: Int
        public var oldestOverdueDays: Int?
        public var flags: [AccountFlag]
        /// Health warnings as words: "GAP" (our view rosier than theirs), "TELL" (a promise about to be late).
        public var healthFlags: [String] = []
        var search: String
    }

    /// One unpaid invoice as the Payments pane lists it.
    public struct PaymentRow: Sendable {
        public var invoice: String
        public var account: String
        public var accountName: String
        public var outstanding: Money
        public var daysOverdue: Int
        public var disputed: Bool
        public var flag: AccountFlag?
        public var brokenPromise: Bool
        var search: String
    }

    public init(loaded: LoadedBook, now: Timestamp, settings: Settings = Settings(), me: String? = nil) {
        self.loaded = loaded
        self.now = now
        self.settings = settings
        self.me = me
        let book = loaded.book
        queue = TriageQueue(book: book, now: now, weights: settings.urgency, service: settings.service)
        callerIndex = CallerIndex(book: book)
        var accountRows: [AccountRow] = []
        var paymentRows: [PaymentRow] = []
        accountRows.reserveCapacity(book.accounts.count)
        for id in book.accountOrder {
            guard let row = Self.accountRow(id, book: book, now: now) else { continue }
            accountRows.append(row)
            paymentRows += Self.paymentRows(id, book: book, now: now)
        }
        accountRows.sort(by: Self.accountOrder)
        paymentRows.sort(by: Self.paymentOrder)
        accounts = accountRows
        payments = paymentRows
        openComplaintCount = accountRows.reduce(0) { $0 + $1.openComplaints }
    }

    static func accountOrder(_ a: AccountRow, _ b: AccountRow) -> Bool { (a.health, a.name, a.id) < (b.health, b.name, b.id) }
    static func paymentOrder(_ a: PaymentRow, _ b: PaymentRow) -> Bool { (b.daysOverdue, a.invoice) < (a.daysOverdue, b.invoice) }

    static func accountRow(_ id: String, book: Book, now: Timestamp) -> AccountRow? {
        guard let a = book.accounts[id] else { return nil }
        let today = now.day
        let health = book.health(of: id, now: now)
        let open = book.openInvoices(of: id, asOf: today)
        let oldest = open.filter { $0.invoice.disputed == nil && $0.daysOverdue > 0 }.map(\.daysOverdue).max()
        let openComplaints = (book.complaintsByAccount[id] ?? []).reduce(0) { count, cid in
            count + ((book.complaints[cid].map { $0.state < .resolved && $0.opened <= now } ?? false) ? 1 : 0)
        }
        return AccountRow(id: id, name: a.name, tier: a.tier, owner: a.owner ?? "", status: a.status,
                          health: health.score, label: health.label, openComplaints: openComplaints,
                          oldestOverdueDays: oldest, flags: a.flags, healthFlags: health.flagWords,
                          search: TextFolding.fold("\(a.name) \(id) \(a.owner ?? "") \(a.status.label)"))
    }

    static func paymentRows(_ id: String, book: Book, now: Timestamp) -> [PaymentRow] {
        guard let a = book.accounts[id] else { return [] }
        let today = now.day
        let open = book.openInvoices(of: id, asOf: today)
        guard !open.isEmpty else { return [] }
        let broken = book.promises(of: id, asOf: today).contains { $0.promise.by == .client && ($0.outcome == .broken || $0.outcome == .partlyKept) }
        return open.map { item in
            PaymentRow(invoice: item.invoice.id, account: id, accountName: a.name, outstanding: item.outstanding,
                       daysOverdue: item.daysOverdue, disputed: item.invoice.disputed != nil,
                       flag: a.badDebt ?? a.creditHold, brokenPromise: broken,
                       search: TextFolding.fold("\(item.invoice.id) \(a.name) \(id)"))
        }
    }

    /// Hands over the loaded book for appending to, leaving an empty one in its place, so
    /// the book is not shared while it changes: a shared copy would make Swift copy every
    /// table an event touches (about a tenth of a second each at a million events).
    public mutating func takeLoaded() -> LoadedBook {
        let taken = loaded
        loaded = LoadedBook(path: taken.path)
        return taken
    }

    /// Takes in events just applied to `loaded`, working out again only the accounts they
    /// touched: their rows move to their new places, the queue re-ranks their complaints,
    /// the caller index re-reads their people. An append costs the same at 200 accounts
    /// as at 100,000.
    public mutating func applied(_ events: [(event: Event, touched: [String])], to loaded: LoadedBook) {
        self.loaded = loaded
        let book = loaded.book
        let touched = Set(events.flatMap(\.touched))
        guard touched.count <= max(64, accounts.count / 20) else {
            self = DashboardData(loaded: loaded, now: now, settings: settings, me: me)
            return
        }
        accounts.removeAll { touched.contains($0.id) }
        payments.removeAll { touched.contains($0.account) }
        for id in touched {
            if let row = Self.accountRow(id, book: book, now: now) {
                accounts.insert(row, at: Self.insertionIndex(of: row, in: accounts, by: Self.accountOrder))
            }
            for row in Self.paymentRows(id, book: book, now: now) {
                payments.insert(row, at: Self.insertionIndex(of: row, in: payments, by: Self.paymentOrder))
            }
        }
        for item in events { queue.update(after: item.event, touched: item.touched, in: book) }
        callerIndex.refresh(accounts: touched, in: book)
        openComplaintCount = accounts.reduce(0) { $0 + $1.openComplaints }
    }

    static func insertionIndex<Row>(of row: Row, in rows: [Row], by precedes: (Row, Row) -> Bool) -> Int {
        var low = 0, high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if precedes(rows[mid], row) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Moves "now" forward within the same day, without recomputing what changes only by the day.
    public mutating func advance(to now: Timestamp, reorderQueue: Bool) {
        self.now = now
        if reorderQueue { queue = TriageQueue(book: book, now: now, weights: settings.urgency, service: settings.service) }
    }

    /// How many rows a pane lists before any filter.
    func count(_ pane: DashboardPane) -> Int {
        switch pane {
        case .accounts: accounts.count
        case .complaints: complaints.count
        case .payments: payments.count
        case .health: 0
        }
    }

    /// The account a row of a pane is about.
    func account(of pane: DashboardPane, row: Int) -> String? {
        switch pane {
        case .accounts: accounts.indices.contains(row) ? accounts[row].id : nil
        case .complaints: complaints.indices.contains(row) ? complaints[row].complaint.account : nil
        case .payments: payments.indices.contains(row) ? payments[row].account : nil
        case .health: nil
        }
    }

    /// Row indexes of a pane that pass the account filter and the pane's text filter.
    public func visibleRows(_ pane: DashboardPane, account: String?, filter: String) -> [Int] {
        if account == nil && filter.allSatisfy({ $0 == " " }) { return Array(0..<count(pane)) }
        let terms = TextFolding.fold(filter).split(separator: " ").map(String.init)
        var result: [Int] = []
        switch pane {
        case .accounts:
            for (i, row) in accounts.enumerated() where (account == nil || row.id == account) && terms.allSatisfy(row.search.contains) {
                result.append(i)
            }
        case .complaints:
            for (i, row) in complaints.enumerated() where account == nil || row.complaint.account == account {
                if terms.isEmpty { result.append(i); continue }
                let c = row.complaint
                let text = TextFolding.fold("\(c.id) \(book.accounts[c.account]?.name ?? "") \(c.category) \(c.summary) \(c.owner ?? "") \(c.state.label)")
                if terms.allSatisfy(text.contains) { result.append(i) }
            }
        case .payments:
            for (i, row) in payments.enumerated() where (account == nil || row.account == account) && terms.allSatisfy(row.search.contains) {
                result.append(i)
            }
        case .health:
            break
        }
        return result
    }
}
