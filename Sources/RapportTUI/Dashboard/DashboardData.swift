import RapportJournal
import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The book as the panes show it, derived once per change (a new event, a new minute)
/// rather than per key press.
public struct DashboardData: Sendable {
    public var loaded: LoadedBook { didSet { derived = DerivedViews() } }
    public var now: Timestamp { didSet { derived = DerivedViews() } }
    public var accounts: [AccountRow] { didSet { derived = DerivedViews() } }
    /// The open complaint queue, most urgent first, re-ranked incrementally.
    public var queue: TriageQueue { didSet { derived = DerivedViews() } }
    public var complaints: [TriagedComplaint] { queue.items }
    public private(set) var payments: [PaymentRow] { didSet { derived = DerivedViews() } }
    /// Each payment row's amount and aging bucket, in the rows' order, side by side: what a
    /// filter's aging totals add up, read without reaching into the row objects scattered
    /// over the heap.
    private var listedAmounts: [ListedAmount]
    /// What the listed payments come to in each aging bucket, kept up to date row by row.
    public private(set) var aging: AgingSummary
    public var openComplaintCount: Int
    /// The caller index, once built. Start-up does not wait for it: it is built on another
    /// core while the first frame is on screen, and `adoptCallerIndex` takes it in.
    public private(set) var callerIndex: CallerIndex?
    private var indexBuild: Parallel<CallerIndex>?
    /// Accounts touched while the index was being built, re-read once it arrives.
    private var touchedWhileIndexing: Set<String> = []
    /// Whether a caller index is being built: the first one, or a fresh one to replace an
    /// index that many re-read accounts have left full of dead entries.
    public var callerIndexPending: Bool { indexBuild != nil }
    /// Urgency weights, SLA targets and working hours (docs/CONFIG.md).
    public var settings: Settings { didSet { derived = DerivedViews() } }
    /// Who "mine" means in the Complaints pane's saved filters.
    public var me: String? { didSet { derived = DerivedViews() } }
    /// Filtered rows, the Complaints search text, the selected account's health and the
    /// complaints' clocks, worked out once for this data rather than on every key press.
    var derived = DerivedViews()

    public var book: Book { loaded.book }

    /// Forgets what frames derived from this data, as any change to it does; for measuring
    /// the first frame after a change.
    public mutating func forgetDerivedViews() { derived = DerivedViews() }

    /// One account as the Accounts pane lists it. A class, so a listing of 100,000 rows
    /// is an array of references that an insert or a removal shifts cheaply.
    public final class AccountRow: SortedRow {
        public let id: String
        public let name: String
        public let tier: Tier
        public let owner: String
        public let status: AccountStatus
        public let health: Int
        public let label: HealthLabel
        public let openComplaints: Int
        public let oldestOverdueDays: Int?
        public let flags: [AccountFlag]
        /// Health warnings as words: "GAP" (our view rosier than theirs), "TELL" (a promise about to be late).
        public let healthFlags: [String]
        /// The name and the id as the list sorts them, each looked over once here rather
        /// than at every comparison.
        let sortName: SortName
        let sortID: SortName

        init(id: String, name: String, tier: Tier, owner: String, status: AccountStatus, health: Int, label: HealthLabel,
             openComplaints: Int, oldestOverdueDays: Int?, flags: [AccountFlag], healthFlags: [String]) {
            self.id = id
            self.name = name
            self.tier = tier
            self.owner = owner
            self.status = status
            self.health = health
            self.label = label
            self.openComplaints = openComplaints
            self.oldestOverdueDays = oldestOverdueDays
            self.flags = flags
            self.healthFlags = healthFlags
            sortName = SortName(name)
            sortID = SortName(id)
        }

        var sortNumber: Int { health }
        var sortTexts: (SortName, SortName) { (sortName, sortID) }

        /// What the Accounts filter looks in, folded: name, id, owner and status.
        func writeSearch(to out: inout [UInt8]) {
            TextFolding.appendFolded(name, to: &out)
            out.append(0x20)
            TextFolding.appendFolded(id, to: &out)
            out.append(0x20)
            TextFolding.appendFolded(owner, to: &out)
            out.append(0x20)
            TextFolding.appendFolded(status.label, to: &out)
        }

    }

    /// One unpaid invoice as the Payments pane lists it.
    public final class PaymentRow: SortedRow {
        public let invoice: String
        public let account: String
        public let accountName: String
        public let outstanding: Money
        public let daysOverdue: Int
        public let disputed: Bool
        public let flag: AccountFlag?
        public let brokenPromise: Bool
        /// The invoice id as the list sorts it (see `AccountRow.sortName`).
        let sortInvoice: SortName

        init(invoice: String, account: String, accountName: String, outstanding: Money, daysOverdue: Int,
             disputed: Bool, flag: AccountFlag?, brokenPromise: Bool) {
            self.invoice = invoice
            self.account = account
            self.accountName = accountName
            self.outstanding = outstanding
            self.daysOverdue = daysOverdue
            self.disputed = disputed
            self.flag = flag
            self.brokenPromise = brokenPromise
            sortInvoice = SortName(invoice)
        }

        /// Most overdue first, then by invoice id.
        var sortNumber: Int { -daysOverdue }
        var sortTexts: (SortName, SortName) { (sortInvoice, .none) }

        /// What the Payments filter looks in, folded: invoice, account name and account id.
        func writeSearch(to out: inout [UInt8]) {
            TextFolding.appendFolded(invoice, to: &out)
            out.append(0x20)
            TextFolding.appendFolded(accountName, to: &out)
            out.append(0x20)
            TextFolding.appendFolded(account, to: &out)
        }

    }

    /// The text the Accounts and Payments filters search, a line per row, kept in step
    /// with the rows. The start builds it on another core once the rows are made (the
    /// first frame shows rows, not a search); each append then changes it with the rows.
    struct RowText: Sendable {
        var accounts: SearchLines
        var payments: SearchLines

        init(accounts: [AccountRow], payments: [PaymentRow]) {
            self.accounts = SearchLines([String]())
            self.payments = SearchLines([String]())
            for row in accounts { self.accounts.insert(at: self.accounts.count) { row.writeSearch(to: &$0) } }
            for row in payments { self.payments.insert(at: self.payments.count) { row.writeSearch(to: &$0) } }
        }
    }
    /// Built on another core once the queue is ranked, just after the first frame.
    private var rowText: Pending<RowText>

    /// Whether the row text has been taken in (for tests).
    var rowTextTakenIn: Bool { rowText.isTakenIn }

    /// Each account's row and unpaid-invoice rows as listed, so an append finds them by
    /// binary search instead of scanning every row.
    struct RowLookup: Sendable {
        var accounts: [String: AccountRow] = [:]
        var payments: [String: [PaymentRow]] = [:]

        init(accounts: [AccountRow], payments: [PaymentRow]) {
            self.accounts.reserveCapacity(accounts.count)
            for row in accounts { self.accounts[row.id] = row }
            for row in payments { self.payments[row.account, default: []].append(row) }
        }
    }
    /// Built on another core after the start's rows (the first frame does not need it).
    private var lookup: Pending<RowLookup>

    var rowLookupTakenIn: Bool { lookup.isTakenIn }

    /// Takes in the row lookup and the row text if their builds have finished (with
    /// `wait`, once they have).
    public mutating func adoptRowLookup(wait: Bool = false) {
        lookup.adopt(wait: wait)
        rowText.adopt(wait: wait)
    }

    /// `callerIndex` is one built from this same book, to keep (it does not depend on the
    /// time); without one, a new index is started in the background.
    public init(loaded: LoadedBook, now: Timestamp, settings: Settings = Settings(), me: String? = nil,
                callerIndex: CallerIndex? = nil) {
        self.loaded = loaded
        self.now = now
        self.settings = settings
        self.me = me
        let book = loaded.book
        // Start-up work spread over the cores: the rows of each half of the accounts; then
        // the complaint queue, which reads each account's health label off those rows
        // rather than working it out again, while this core merges the halves; then the
        // caller index (the largest piece, and not needed for the first frame), started
        // last so that it does not take a core from the work the first frame waits for.
        self.callerIndex = callerIndex
        let half = book.accountOrder.count / 2
        let laterRows = Parallel.start { Self.rows(book.accountOrder[half...], book: book, now: now, settings: settings) }
        let earlier = Self.rows(book.accountOrder[..<half], book: book, now: now, settings: settings)
        let later = laterRows.wait()
        let labels = earlier.labels + later.labels
        let triage = Parallel.start {
            TriageQueue(book: book, now: now, weights: settings.urgency, service: settings.service, health: settings.health, labels: labels)
        }
        // Each half comes sorted; merging them is one pass. The unpaid invoices are merged
        // on another core while this one merges the accounts.
        let paymentSide = Parallel.start { () -> (rows: [PaymentRow], amounts: [ListedAmount], aging: AgingSummary) in
            let picks = Self.mergeRows(earlier.paymentKeys, later.paymentKeys)
            let rows = picks.map { $0 < earlier.payments.count ? earlier.payments[$0] : later.payments[$0 - earlier.payments.count] }
            let amounts = rows.map(ListedAmount.init)
            return (rows, amounts, ListedAmount.aging(of: amounts.indices, in: amounts, rows: rows))
        }
        let accountPicks = Self.mergeRows(earlier.accountKeys, later.accountKeys)
        accounts = accountPicks.map { $0 < earlier.accounts.count ? earlier.accounts[$0] : later.accounts[$0 - earlier.accounts.count] }
        // Counted as each half made its rows: a pass over the merged rows reached into
        // every row object again, one cache miss each, on the start's one-core tail.
        openComplaintCount = earlier.openComplaints + later.openComplaints
        (payments, listedAmounts, aging) = paymentSide.wait()
        // Appends find an account's rows by id, and filters search the rows' text: both are
        // built after the first frame, the text once the queue no longer needs the core.
        lookup = Pending(Parallel.start { [accounts, payments] in RowLookup(accounts: accounts, payments: payments) })
        queue = triage.wait()
        rowText = Pending(Parallel.start { [accounts, payments] in RowText(accounts: accounts, payments: payments) })
        // Read back from the book's snapshot when it holds one (a fraction of a build),
        // built otherwise.
        let saved = loaded.snapshotCallerIndex
        indexBuild = callerIndex == nil ? Parallel.start { saved?.read(for: book) ?? CallerIndex(book: book) } : nil
    }

    /// Takes in the caller index if its build has finished (with `wait`, once it has),
    /// re-reading any accounts touched meanwhile. Returns true when it was taken in now.
    @discardableResult
    public mutating func adoptCallerIndex(wait: Bool = false) -> Bool {
        guard let build = indexBuild else { return false }
        guard var index = wait ? build.wait() : build.poll() else { return false }
        if !touchedWhileIndexing.isEmpty { index.refresh(accounts: touchedWhileIndexing, in: book) }
        callerIndex = index
        indexBuild = nil
        touchedWhileIndexing = []
        return true
    }

    /// The rows of some accounts, and their unpaid-invoice rows.
    private struct Rows: Sendable {
        var accounts: [AccountRow] = []
        var payments: [PaymentRow] = []
        /// Each account's health label, in the order the accounts were given (the rows
        /// themselves come sorted).
        var labels: [HealthLabel] = []
        /// The open complaints of all these accounts.
        var openComplaints = 0
        /// The rows' sort keys, in the rows' order.
        var accountKeys = RowSortKeys<AccountRow>([])
        var paymentKeys = RowSortKeys<PaymentRow>([])
    }

    private static func rows(_ ids: ArraySlice<String>, book: Book, now: Timestamp, settings: Settings) -> Rows {
        var rows = Rows()
        rows.accounts.reserveCapacity(ids.count)
        rows.labels.reserveCapacity(ids.count)
        // The order is the accounts' own (`Book.accountOrder`), so each id's place is its
        // index: no lookup.
        for (p, id) in zip(ids.indices, ids) {
            assert(book.accounts.keys[p] == id, "the book's account order is its accounts' order")
            // The lists of the accounts a few ahead are asked for now, so that each
            // account's lists are in the cache when its turn comes rather than a cache
            // miss for each (paired starts of the big book: 12 ms quicker, 5 of 6).
            if p + 8 < ids.endIndex { book.prefetchLists(ofAccountAt: p + 8, stage: 1) }
            if p + 4 < ids.endIndex { book.prefetchLists(ofAccountAt: p + 4, stage: 2) }
            let (row, unpaid) = Self.rows(ofAccountAt: p, id: id, book: book, now: now, settings: settings)
            rows.labels.append(row.label)
            rows.openComplaints += row.openComplaints
            rows.accounts.append(row)
            rows.payments += unpaid
        }
        rows.accountKeys = sortRows(&rows.accounts).keys
        rows.paymentKeys = sortRows(&rows.payments).keys
        return rows
    }

    /// Sorts rows as `accountOrder` or `paymentOrder` orders them, by keys taken from each
    /// row once and packed side by side (comparing the rows themselves reached into a
    /// hundred thousand objects and their strings, scattered over the heap). Returns the
    /// order (sorted row `k` is the row `order[k]` was) and the keys in their new order,
    /// for merging with another sorted list.
    @discardableResult
    static func sortRows<Row>(_ rows: inout [Row]) -> (order: [Int], keys: RowSortKeys<Row>) {
        var keys = RowSortKeys(rows)
        let order = keys.withView { $0.sortedOrder() }
        rows = order.map { rows[$0] }
        keys.reorder(by: order, rows: rows)
        return (order, keys)
    }

    /// Two lists of rows, each sorted with its keys, as one sorted list of picks: a pick
    /// below `a.count` is that row of `a`, any other is row `pick - a.count` of `b`.
    static func mergeRows<Row>(_ a: RowSortKeys<Row>, _ b: RowSortKeys<Row>) -> [Int] {
        a.withView { a in b.withView { b in merge(a.count, b.count) { j, i in b.compare(j, a, i) < 0 } } }
    }

    /// `merge` by place: `bFirst(j, i)` says whether row `j` of the second list goes
    /// before row `i` of the first.
    static func merge(_ na: Int, _ nb: Int, bFirst: (Int, Int) -> Bool) -> [Int] {
        var picks: [Int] = []
        picks.reserveCapacity(na + nb)
        var i = 0, j = 0
        while i < na && j < nb {
            if bFirst(j, i) { picks.append(na + j); j += 1 } else { picks.append(i); i += 1 }
        }
        picks += i..<na
        picks += (na + j)..<(na + nb)
        return picks
    }

    /// Accounts list worst health first, then by name and id; unpaid invoices most overdue
    /// first, then by invoice id.
    static func accountOrder(_ a: AccountRow, _ b: AccountRow) -> Bool {
        if a.health != b.health { return a.health < b.health }
        let byName = SortName.compare(a.sortName, b.sortName)
        return byName != 0 ? byName < 0 : SortName.compare(a.sortID, b.sortID) < 0
    }
    static func paymentOrder(_ a: PaymentRow, _ b: PaymentRow) -> Bool {
        a.daysOverdue != b.daysOverdue ? a.daysOverdue > b.daysOverdue : SortName.compare(a.sortInvoice, b.sortInvoice) < 0
    }

    /// An account's row and its unpaid-invoice rows, from one reading of the account and
    /// its open invoices; nil for an id that names no account.
    ///
    /// The account is read where it lies rather than copied out (a copy retains and
    /// releases each of its strings), and its open complaints are the ones its health
    /// counted: the start asks this of every account.
    static func rows(of id: String, book: Book, now: Timestamp, settings: Settings) -> (account: AccountRow, payments: [PaymentRow])? {
        // One lookup of the account; its invoices, health and promises are read by place.
        guard let p = book.accounts.position(of: id) else { return nil }
        return rows(ofAccountAt: p, id: id, book: book, now: now, settings: settings)
    }

    /// `rows(of:)` of the account at `p` in the book's accounts, whose id is `id`.
    static func rows(ofAccountAt p: Int, id: String, book: Book, now: Timestamp, settings: Settings) -> (account: AccountRow, payments: [PaymentRow]) {
        let open = book.openInvoices(ofAccountAt: p, asOf: now.day)
        let health = book.health(ofAccountAt: p, now: now, weights: settings.health, service: settings.service, explain: false, open: open)
        // Field by field, in place: a copy of an open invoice retains each of its strings.
        var oldest: Int?
        for i in open.indices where !open[i].isDisputed && open[i].daysOverdue > 0 {
            oldest = max(oldest ?? 0, open[i].daysOverdue)
        }
        let a = book.listing(ofAccountAt: p)
        let flags = a.flags
        let name = a.name
        let row = AccountRow(id: id, name: name, tier: a.tier, owner: a.owner, status: a.status, health: health.score, label: health.label,
                             openComplaints: health.openComplaints, oldestOverdueDays: oldest, flags: flags,
                             healthFlags: health.flagWords)
        guard !open.isEmpty else { return (row, []) }
        let broken = book.promises(ofAccountAt: p, asOf: now.day).contains { $0.promise.by == .client && ($0.outcome == .broken || $0.outcome == .partlyKept) }
        // The bad-debt flag before the credit hold, as `Account.flags` orders them.
        let flag = flags.first
        return (row, open.indices.map { i in
            PaymentRow(invoice: open[i].invoice.id, account: id, accountName: name, outstanding: open[i].outstanding,
                       daysOverdue: open[i].daysOverdue, disputed: open[i].isDisputed,
                       flag: flag, brokenPromise: broken)
        })
    }

    /// Hands over the loaded book for appending to, leaving an empty one in its place, so
    /// the book is not shared while it changes: a shared copy would make Swift copy every
    /// table an event touches (about a tenth of a second each at a million events).
    public mutating func takeLoaded() -> LoadedBook {
        let taken = loaded
        let kept = derived
        loaded = LoadedBook(path: taken.path)
        // Nothing has changed yet: the selected account's health and the complaints' clocks
        // stay, for `applied` to carry over what the new events leave as it was.
        derived.keepAccountViews(from: kept, except: [])
        return taken
    }

    /// Takes in events just applied to `loaded`, working out again only the accounts they
    /// touched: their rows move to their new places, the queue re-ranks their complaints,
    /// the caller index re-reads their people. An append costs the same at 200 accounts
    /// as at 100,000.
    public mutating func applied(_ events: [(event: Event, touched: [String])], to loaded: LoadedBook) {
        let before = derived
        self.loaded = loaded
        let book = loaded.book
        let touched = Set(events.flatMap(\.touched))
        guard touched.count <= max(64, accounts.count / 20) else {
            self = DashboardData(loaded: loaded, now: now, settings: settings, me: me)
            return
        }
        var open = openComplaintCount
        lookup.settle()
        rowText.settle()
        for id in touched {
            if let old = lookup.value!.accounts.removeValue(forKey: id) {
                let at = Self.insertionIndex(of: old, in: accounts, by: Self.accountOrder)
                if accounts.indices.contains(at), accounts[at] === old {
                    accounts.remove(at: at)
                    rowText.value!.accounts.remove(at: at)
                }
                open -= old.openComplaints
            }
            for old in lookup.value!.payments.removeValue(forKey: id) ?? [] {
                let at = Self.insertionIndex(of: old, in: payments, by: Self.paymentOrder)
                if payments.indices.contains(at), payments[at] === old {
                    payments.remove(at: at)
                    listedAmounts.remove(at: at)
                    rowText.value!.payments.remove(at: at)
                }
                aging.add(-old.outstanding, daysOverdue: old.daysOverdue)
            }
            let made = Self.rows(of: id, book: book, now: now, settings: settings)
            if let row = made?.account {
                let at = Self.insertionIndex(of: row, in: accounts, by: Self.accountOrder)
                accounts.insert(row, at: at)
                rowText.value!.accounts.insert(at: at) { row.writeSearch(to: &$0) }
                lookup.value!.accounts[id] = row
                open += row.openComplaints
            }
            let unpaid = made?.payments ?? []
            for row in unpaid {
                let at = Self.insertionIndex(of: row, in: payments, by: Self.paymentOrder)
                payments.insert(row, at: at)
                listedAmounts.insert(ListedAmount(row), at: at)
                rowText.value!.payments.insert(at: at) { row.writeSearch(to: &$0) }
                aging.add(row.outstanding, daysOverdue: row.daysOverdue)
            }
            if !unpaid.isEmpty { lookup.value!.payments[id] = unpaid }
        }
        for item in events { queue.update(after: item.event, touched: item.touched, in: book) }
        // Only events that change names, numbers or who works where re-read the index.
        let reindexed = Set(events.filter { CallerIndex.isChanged(by: $0.event.verb) }.flatMap(\.touched))
        if callerIndex != nil, !reindexed.isEmpty { callerIndex?.refresh(accounts: reindexed, in: book) }
        if indexBuild != nil { touchedWhileIndexing.formUnion(reindexed) }
        if indexBuild == nil, callerIndex?.wantsRebuild == true {
            // The current index keeps answering until the fresh one is taken in.
            indexBuild = Parallel.start { CallerIndex(book: book) }
        }
        openComplaintCount = open
        derived.keepAccountViews(from: before, except: touched)
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
        // The Accounts and Payments rows, and so their search text, do not change within a day.
        self.now = now
        if reorderQueue {
            queue = TriageQueue(book: book, now: now, weights: settings.urgency, service: settings.service, health: settings.health)
        } else {
            queue.advance(to: now)
        }
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

    /// Row indexes of a pane that pass the account filter, the pane's text filter and (for
    /// the Complaints pane) a saved filter. Worked out once per data and filter; a filter
    /// one character longer than the last searches only the last one's rows.
    public func visibleRows(_ pane: DashboardPane, account: String?, filter: String, saved: ComplaintFilter? = nil) -> [Int] {
        let saved = pane == .complaints ? saved : nil
        let key = DerivedViews.RowsKey(pane: pane, account: account, filter: filter, saved: saved)
        return derived.rows(key) { previous in
            let terms = TextFolding.fold(filter).split(separator: " ").map(String.init)
            if let previous { return searchLines(pane).rows(matching: terms, among: previous) }
            if account == nil && saved == nil && !terms.isEmpty { return searchLines(pane).rows(matching: terms, among: nil) }
            var rows = AllRows.of(count(pane))
            if let account { rows = rows.filter { self.account(of: pane, row: $0) == account } }
            if let saved { rows = rows.filter { complaint(complaints[$0], passes: saved) } }
            return terms.isEmpty ? rows : searchLines(pane).rows(matching: terms, among: rows)
        }
    }

    /// What the Payments pane's rows under this filter come to in each aging bucket: the
    /// whole book's (`aging`) when nothing narrows them, else the listed rows' own sums,
    /// worked out once per filter rather than on every frame.
    public func visibleAging(account: String?, filter: String) -> AgingSummary {
        guard account != nil || !filter.isEmpty else { return aging }
        assert(listedAmounts.count == payments.count, "an amount beside every payment row")
        let key = DerivedViews.RowsKey(pane: .payments, account: account, filter: filter, saved: nil)
        return derived.aging(key) {
            ListedAmount.aging(of: visibleRows(.payments, account: account, filter: filter), in: listedAmounts, rows: payments)
        }
    }

    /// An unpaid invoice's amount as the Payments pane's totals count it: plain numbers, its
    /// currency as its code's three bytes, so that adding up a list copies no strings.
    struct ListedAmount: Sendable {
        var minorUnits: Int64
        var currency: UInt32
        var bucket: UInt8

        init(_ row: PaymentRow) {
            minorUnits = row.outstanding.minorUnits
            currency = row.outstanding.currency.code.utf8.reduce(0) { $0 << 8 | UInt32($1) }
            bucket = UInt8(AgingBucket(daysOverdue: row.daysOverdue).rawValue)
        }

        /// What the rows at `picks` come to in each aging bucket; `rows` are the rows
        /// `amounts` were taken from, read once for each currency met.
        static func aging(of picks: some Collection<Int>, in amounts: [ListedAmount], rows: [PaymentRow]) -> AgingSummary {
            let width = AgingBucket.allCases.count
            // Room for every known currency's sums, in plain memory: an array of sums
            // captured by the loop was checked for sharing and bounds on every row.
            var codes: [UInt32] = [], currencies: [Currency] = []
            var sums = [Int64](repeating: 0, count: Currency.knownCount * width)
            sums.withUnsafeMutableBufferPointer { sums in
                amounts.withUnsafeBufferPointer { amounts in
                    var lastCode: UInt32 = 0
                    var at = sums.baseAddress!
                    for pick in picks {
                        let amount = amounts[pick]
                        if lastCode != amount.currency {
                            lastCode = amount.currency
                            let c = codes.firstIndex(of: amount.currency) ?? {
                                codes.append(amount.currency)
                                currencies.append(rows[pick].outstanding.currency)
                                return codes.count - 1
                            }()
                            at = sums.baseAddress! + c * width
                        }
                        at[Int(amount.bucket)] += amount.minorUnits
                    }
                }
            }
            // A bucket that adds up to nothing is left out, as `MoneyTotals` leaves out a zero sum.
            var aging = AgingSummary(buckets: [:])
            for (c, currency) in currencies.enumerated() {
                for bucket in AgingBucket.allCases where sums[c * width + bucket.rawValue] != 0 {
                    aging.buckets[bucket, default: MoneyTotals()].add(Money(minorUnits: sums[c * width + bucket.rawValue], currency: currency))
                }
            }
            return aging
        }
    }

    /// Builds the Complaints pane's search text on another core, so that the first filter
    /// character there finds it ready (the Accounts and Payments text is kept with their
    /// rows). Only row lists are handed over, never the book: a book still shared when the
    /// next event arrives would make Swift copy every table that event touches.
    ///
    /// Then freed heap pages are handed back (`HeapTrim`): this runs once the dashboard has
    /// settled after a change, which is when the last burst's garbage is all free.
    public func warmSearchText() {
        let derived = derived, complaints = complaints, lookup = lookup.source
        _ = Parallel.start {
            _ = derived.searchLines(.complaints) { Self.complaintText(complaints, names: lookup()) }
            HeapTrim.now()
            return true
        }
    }

    /// Every row's folded text that a pane's filter looks in.
    private func searchLines(_ pane: DashboardPane) -> SearchLines {
        switch pane {
        case .accounts: rowText.current.accounts
        case .payments: rowText.current.payments
        case .complaints: derived.searchLines(pane) { Self.complaintText(complaints, names: lookup.source()) }
        case .health: SearchLines([String]())
        }
    }

    private static func complaintText(_ rows: [TriagedComplaint], names: RowLookup) -> SearchLines {
        var lines = SearchLines([String]())
        for row in rows {
            let c = row.complaint
            lines.insert(TextFolding.fold("\(c.id) \(names.accounts[c.account]?.name ?? "") \(c.category) \(c.summary) \(c.owner ?? "") \(c.state.label)"), at: lines.count)
        }
        return lines
    }

    /// A complaint's SLA clocks at this data's minute, worked out once per minute rather
    /// than on every frame (an old complaint's business-hours clock walks every day since).
    func clocks(of complaint: Complaint) -> [ServiceClock] {
        derived.clocks(of: complaint.id, account: complaint.account) { settings.service.clocks(of: complaint, now: now) }
    }

    /// The account's health report and trend, as the Health pane shows them; worked out
    /// once per account and data, not on every frame.
    func healthView(of account: String) -> DerivedViews.HealthView {
        derived.health(of: account) {
            let weights = settings.health
            let report = book.health(of: account, now: now, weights: weights, service: settings.service)
            let events = HealthReplay.events(of: account, in: book, applied: loaded.applied(about: account))
            let trend = HealthReplay.trend(of: account, events: events, now: now, days: weights.trendDays,
                                           weights: weights, service: settings.service)
            return DerivedViews.HealthView(report: report, trend: trend)
        }
    }
}

/// What a listed row sorts by: a number, then two texts (an account: its health, name and
/// id; an unpaid invoice: its days overdue, negated so that the most overdue come first,
/// and its id).
protocol SortedRow: AnyObject, Sendable {
    var sortNumber: Int { get }
    var sortTexts: (SortName, SortName) { get }
}

/// Rows' sort keys, side by side: each row's number, and its texts' first sixteen bytes
/// as two integers, with the rest of their bytes in one buffer. Most comparisons end at
/// the number or the integers; only texts alike for sixteen bytes are read further, and
/// only texts that do not order by their bytes (`SortName.byBytes`) as strings.
struct RowSortKeys<Row: SortedRow>: Sendable {
    struct Text {
        /// The first sixteen bytes, big-endian, zero after the end.
        var head: (UInt64, UInt64)
        var start: Int32
        var count: Int32
        var byBytes: Bool
    }
    struct Key {
        var number: Int
        var first: Text
        var second: Text
    }
    private var bytes: [UInt8] = []
    private var keys: [Key] = []
    /// The rows the keys are of, in the same order.
    private var rows: [Row]

    init(_ rows: [Row]) {
        self.rows = rows
        keys.reserveCapacity(rows.count)
        for row in rows {
            let (first, second) = row.sortTexts
            keys.append(Key(number: row.sortNumber, first: place(first), second: place(second)))
        }
    }

    private mutating func place(_ text: SortName) -> Text {
        let start = bytes.count
        var head: (UInt64, UInt64) = (0, 0)
        var utf8 = text.text
        utf8.withUTF8 { u in
            bytes.append(contentsOf: u)
            for k in 0..<min(u.count, 16) {
                let byte = UInt64(u[k])
                if k < 8 { head.0 |= byte << (56 - 8 * k) } else { head.1 |= byte << (56 - 8 * (k - 8)) }
            }
        }
        return Text(head: head, start: Int32(start), count: Int32(bytes.count - start), byBytes: text.byBytes)
    }

    /// Puts the keys in the order the rows were sorted into: key `k` becomes the one that
    /// was key `order[k]`; `rows` are the rows in that order.
    mutating func reorder(by order: [Int], rows: [Row]) {
        keys = order.map { keys[$0] }
        self.rows = rows
    }

    /// The keys for comparing, borrowed for as long as `body` runs.
    func withView<R>(_ body: (View) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in keys.withUnsafeBufferPointer { k in body(View(bytes: b, keys: k, rows: rows)) } }
    }

    struct View {
        let bytes: UnsafeBufferPointer<UInt8>
        let keys: UnsafeBufferPointer<Key>
        let rows: [Row]

        var count: Int { keys.count }

        /// Negative, zero or positive as row `i` here comes before, with or after row `j`
        /// of `other`.
        func compare(_ i: Int, _ other: View, _ j: Int) -> Int {
            let x = keys[i].number, y = other.keys[j].number
            return x != y ? (x < y ? -1 : 1) : compareTexts(i, other, j)
        }

        /// `compare` for two rows with the same number.
        func compareTexts(_ i: Int, _ other: View, _ j: Int) -> Int {
            let x = keys[i], y = other.keys[j]
            let byFirst = Self.compare(x.first, bytes, y.first, other.bytes) { (rows[i].sortTexts.0.text, other.rows[j].sortTexts.0.text) }
            if byFirst != 0 { return byFirst }
            return Self.compare(x.second, bytes, y.second, other.bytes) { (rows[i].sortTexts.1.text, other.rows[j].sortTexts.1.text) }
        }

        /// The rows in order, as places: the `k`th is the row at `order[k]`. Rows are put
        /// in runs by their number first, a count and a pass (their numbers, a health or
        /// days overdue, span a few hundred values), and only each run is sorted by
        /// comparing texts: a run of a thousand takes ten comparisons a row where the whole
        /// hundred thousand took seventeen.
        func sortedOrder() -> [Int] {
            var order = Array(0..<count)
            guard count > 1 else { return order }
            var low = keys[0].number, high = low
            for k in keys { low = Swift.min(low, k.number); high = Swift.max(high, k.number) }
            guard high - low < 1 << 16 else {
                order.sort { compare($0, self, $1) < 0 }
                return order
            }
            var starts = [Int](repeating: 0, count: high - low + 2)
            for k in keys { starts[k.number - low + 1] += 1 }
            for n in 1..<starts.count { starts[n] += starts[n - 1] }
            var next = starts
            for i in keys.indices {
                let n = keys[i].number - low
                order[next[n]] = i
                next[n] += 1
            }
            order.withUnsafeMutableBufferPointer { order in
                for n in 0..<(starts.count - 1) where starts[n + 1] - starts[n] > 1 {
                    var run = UnsafeMutableBufferPointer(rebasing: order[starts[n]..<starts[n + 1]])
                    run.sort { compareTexts($0, self, $1) < 0 }
                }
            }
            return order
        }

        private static func compare(_ x: Text, _ xs: UnsafeBufferPointer<UInt8>, _ y: Text, _ ys: UnsafeBufferPointer<UInt8>,
                                    strings: () -> (String, String)) -> Int {
            guard x.byBytes && y.byBytes else {
                let (a, b) = strings()
                return a < b ? -1 : (b < a ? 1 : 0)
            }
            if x.head.0 != y.head.0 { return x.head.0 < y.head.0 ? -1 : 1 }
            if x.head.1 != y.head.1 { return x.head.1 < y.head.1 ? -1 : 1 }
            // Alike for sixteen bytes (zeros past an end): within them, the shorter is a
            // prefix of the longer and comes first.
            if x.count <= 16 && y.count <= 16 { return Int(x.count) - Int(y.count) }
            return SortName.compareBytes(UnsafeBufferPointer(rebasing: xs[Int(x.start)..<Int(x.start + x.count)]),
                                         UnsafeBufferPointer(rebasing: ys[Int(y.start)..<Int(y.start + y.count)]))
        }
    }
}

/// A name to sort rows by, in exactly the order `String`'s `<` gives, but compared as
/// bytes when both names are certainly in Unicode's composed form (NFC).
///
/// `String` compares by the composed form of each text, normalising any name that is not
/// plain ASCII at every comparison: sorting 100,000 accounts by name spent most of its
/// time there. For text already composed, comparing the UTF-8 bytes gives the same order
/// (UTF-8 keeps the order of code points). Text made only of scalars below U+0300 (Latin
/// letters with their accents, punctuation), Greek or Cyrillic letters, CJK ideographs,
/// kana or Hangul syllables is composed whatever it holds; any other name is compared as
/// a `String`.
struct SortName: Comparable, Sendable {
    let text: String
    let byBytes: Bool

    init(_ text: String) {
        self.text = text
        byBytes = Self.comparesByBytes(text)
    }

    /// The empty text, for a row with one text to sort by.
    static let none = SortName("")

    /// Whether `text` is certainly composed, so that its bytes order it as `String` would.
    static func comparesByBytes(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            // Scalar by scalar, decoded from the (always valid) UTF-8 in place.
            var i = 0
            while i < utf8.count {
                let lead = utf8[i]
                if lead < 0x80 {
                    i += 1
                    continue
                }
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = UInt32(lead & (lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07))
                for k in 1..<length { value = value << 6 | UInt32(utf8[i + k] & 0x3F) }
                guard composedWherever(value) else { return false }
                i += length
            }
            return true
        }
    }

    private static func composedWherever(_ v: UInt32) -> Bool {
        v < 0x300 || (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0x3041...0x3096).contains(v) || (0x30A1...0x30FA).contains(v)
            // Greek and Coptic, but for three scalars that composing replaces by others.
            || ((0x370...0x3FF).contains(v) && v != 0x374 && v != 0x37E && v != 0x387)
            // Cyrillic and its supplement, but for its combining marks.
            || (0x400...0x482).contains(v) || (0x48A...0x52F).contains(v)
    }

    /// Negative, zero or positive as `a` comes before, with or after `b`.
    static func compare(_ a: SortName, _ b: SortName) -> Int {
        guard a.byBytes && b.byBytes else { return a.text < b.text ? -1 : (b.text < a.text ? 1 : 0) }
        var x = a.text, y = b.text
        return x.withUTF8 { p in y.withUTF8 { q in compareBytes(p, q) } }
    }

    /// Negative, zero or positive as the bytes `p` come before, with or after `q`.
    static func compareBytes(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(p.count, q.count)
        let order = n == 0 ? 0 : Int(memcmp(p.baseAddress!, q.baseAddress!, n))
        return order != 0 ? order : p.count - q.count
    }

    static func < (a: SortName, b: SortName) -> Bool { compare(a, b) < 0 }

    static func == (a: SortName, b: SortName) -> Bool { compare(a, b) == 0 }
}
