import CPrefetch

/// The state of every client relationship: the journal folded event by event.
///
/// `Book` is a value with no I/O and no clock. Everything it derives that depends on the
/// time ("days overdue", "SLA left") takes "now" as an argument, so any figure can be
/// reproduced, tested, or asked "as of last month".
public struct Book: Sendable {
    /// Every account, in the order opened.
    public internal(set) var accounts = Table<Account>()
    /// Account ids in the order they were opened.
    public var accountOrder: [String] { accounts.keys }
    public internal(set) var contacts = ContactTable()
    public internal(set) var complaints = Table<Complaint>()
    public internal(set) var causes: [String: Cause] = [:]
    public internal(set) var invoices = Table<Invoice>()
    public internal(set) var payments = Table<Payment>()
    public internal(set) var promises: [String: Promise] = [:]
    public internal(set) var referrals: [String: Referral] = [:]
    public internal(set) var incidents: [String: Incident] = [:]
    /// What is filed under each account, beside it: `files[i]` belongs to the account at
    /// position `i` of `accounts`, so an event about an account costs one lookup of its id.
    var files: [AccountFiles] = []
    /// Every account's history (see `EventChain`).
    var eventChain = EventChain()
    /// How many events have been applied.
    public internal(set) var appliedCount = 0
    /// The latest event time seen, for "as of" defaults.
    public internal(set) var latestTime: Timestamp?
    /// The last account id looked up and where it is, so that filing the event under the
    /// account it was just checked against does not look it up again.
    private var lastLookup: (id: String, position: Int)?

    /// Everything filed under one account.
    ///
    /// Contacts, invoices and payments are filed by number (a place in `contacts`,
    /// `invoices` or `payments`) in four bytes, not by a sixteen-byte id: reading an
    /// account's invoices is then no lookup at all. Its events are a chain in
    /// `eventChain`, of which it keeps the end.
    struct AccountFiles: Sendable, Equatable {
        var contacts: [Int32] = []
        var interactions: [Interaction] = []
        var complaints: [String] = []
        var invoices: [Int32] = []
        var payments: [Int32] = []
        var promises: [String] = []
        var feedback: [Feedback] = []
        var lastContact: Timestamp?
        /// The last of the account's filings in `eventChain` (see `EventChain.Link`).
        var lastEvent: Int32 = EventChain.none

        /// Room made on an account's first person: a list that starts empty is
        /// reallocated at 1, 2 and 4 elements on the way to 8 (a reallocation and a free
        /// each time; such growth of the accounts' histories, when they were lists too,
        /// was a fifth of a large journal's load). Eight numbers are 32 bytes.
        static let contactRoom = 8
    }

    /// The ids of each account's people (current ones; a person who moved is filed under
    /// their new account).
    public var contactsByAccount: ByAccount<[String]> {
        ByAccount(self) { [contacts] in $0.contacts.map { contacts.id(at: Int($0)) } }
    }
    /// Logged conversations, by account, in journal order.
    public var interactions: ByAccount<[Interaction]> { ByAccount(self) { $0.interactions } }
    public var complaintsByAccount: ByAccount<[String]> { ByAccount(self) { $0.complaints } }
    public var invoicesByAccount: ByAccount<[String]> {
        ByAccount(self) { [invoices] in $0.invoices.map { invoices.keys[Int($0)] } }
    }
    public var paymentsByAccount: ByAccount<[String]> {
        ByAccount(self) { [payments] in $0.payments.map { payments.keys[Int($0)] } }
    }

    /// An account's invoices, in the order issued (none for an id that names no account).
    public func invoices(of account: String) -> [Invoice] {
        (accounts.position(of: account).map { files[$0].invoices } ?? []).map { invoices.values[Int($0)] }
    }

    /// An account's payments, in the order recorded (none for an id that names no account).
    public func payments(of account: String) -> [Payment] {
        (accounts.position(of: account).map { files[$0].payments } ?? []).map { payments.values[Int($0)] }
    }
    public var promisesByAccount: ByAccount<[String]> { ByAccount(self) { $0.promises } }
    public var feedback: ByAccount<[Feedback]> { ByAccount(self) { $0.feedback } }
    /// The last time we spoke with each account (any logged contact).
    public var lastContact: ByAccount<Timestamp> { ByAccount(self) { $0.lastContact } }
    /// For each account, the sequence numbers (0-based, in applied order) of the events
    /// about it: the detail view's history.
    public var eventsByAccount: ByAccount<[Int]> {
        ByAccount(self) { [eventChain] in eventChain.events(endingAt: $0.lastEvent) }
    }

    /// Every account's history, the numbers of the events filed under it, as chains
    /// through two arrays shared by all accounts. An array per account put each event's
    /// filing in a heap block of its own account's, a cache miss for nearly every event
    /// of a large journal's load (a twentieth of its time went on reading those blocks'
    /// headers); these arrays are appended to in order, and the account keeps only where
    /// its chain ends.
    struct EventChain: Sendable, Equatable {
        /// A filing: `n` ≥ 0 is event `n` filed under the first account it touched, whose
        /// previous filing is `previous[n]`; `-2 - k` is `extra[k]`; `none` ends a chain.
        typealias Link = Int32
        static let none: Link = -1

        /// For each applied event in order, the previous filing of the first account it
        /// was filed under (`none` when it was filed under none).
        var previous: [Link] = []
        /// The filings of an event under a second or later account.
        var extra: [Extra] = []

        struct Extra: Sendable, Equatable, BitwiseCopyable {
            var event: Int32
            var previous: Link
        }

        /// Files event `n` (the next one: `previous.count`) under the first account it
        /// touched, whose chain ends at `end`, and moves that end to the new filing.
        @inline(__always)
        mutating func fileFirst(_ n: Int32, end: inout Link) {
            previous.append(end)
            end = n
        }

        /// Files event `n`, already filed under its first account, under another one,
        /// whose chain ends at `end`, and moves that end to the new filing.
        @inline(__always)
        mutating func fileAgain(_ n: Int32, end: inout Link) {
            extra.append(Extra(event: n, previous: end))
            end = -2 - Int32(extra.count - 1)
        }

        /// The events of the chain that ends at `end`, oldest first.
        func events(endingAt end: Link) -> [Int] {
            var out: [Int] = []
            var link = end
            while link != Self.none {
                if link >= 0 {
                    out.append(Int(link))
                    link = previous[Int(link)]
                } else {
                    let filing = extra[Int(-2 - link)]
                    out.append(Int(filing.event))
                    link = filing.previous
                }
            }
            out.reverse()
            return out
        }

        /// Whether `link` is a filing the chains hold, or ends a chain.
        func holds(_ link: Link) -> Bool {
            link == Self.none || (link >= 0 && Int(link) < previous.count) || (link <= -2 && Int(-2 - link) < extra.count)
        }

        /// Whether every link points at an earlier filing (so every chain ends), and every
        /// filing is of an event the book applied: for a snapshot read back.
        func isSound(appliedCount: Int) -> Bool {
            guard previous.count == appliedCount else { return false }
            // A main filing's link: none, an earlier event's main filing, or an extra
            // filing of an earlier event.
            for (n, link) in previous.enumerated() {
                if link == Self.none { continue }
                if link >= 0 { if Int(link) >= n { return false }; continue }
                let k = Int(-2 - link)
                guard k < extra.count, Int(extra[k].event) < n else { return false }
            }
            // An extra filing's link: none, a main filing of its own event or an earlier
            // one, or an earlier extra filing; extra filings in the order of their events.
            // Every link then goes back in the order filings were made, so no chain loops.
            for (k, filing) in extra.enumerated() {
                guard filing.event >= 0, Int(filing.event) < appliedCount, k == 0 || extra[k - 1].event <= filing.event else {
                    return false
                }
                let link = filing.previous
                if link == Self.none { continue }
                if link >= 0 { if link > filing.event { return false }; continue }
                guard Int(-2 - link) < k else { return false }
            }
            return true
        }
    }

    /// One kind of thing filed under accounts, read by account id like a dictionary: nil
    /// for an id that names no account.
    public struct ByAccount<Value>: Sendable {
        private let accounts: Table<Account>
        private let files: [AccountFiles]
        private let read: @Sendable (AccountFiles) -> Value?

        init(_ book: Book, _ read: @escaping @Sendable (AccountFiles) -> Value?) {
            accounts = book.accounts
            files = book.files
            self.read = read
        }

        public subscript(id: String) -> Value? {
            accounts.position(of: id).flatMap { read(files[$0]) }
        }
    }

    public init() {}

    /// Folds events into a new book, skipping those the book rejects.
    public init(events: some Sequence<Event>) {
        self.init()
        for event in events { _ = try? apply(event) }
    }

    /// Sizes the tables for a journal holding `count(verb)` events of each verb, so a
    /// large journal loads without a table being rehashed and copied every time it fills.
    ///
    /// `contactBytes`, the journal bytes of the `contact.add` lines when known, is room
    /// enough for the contacts' texts (a line holds each text and more).
    public mutating func reserveCapacity(for count: (Verb) -> Int, contactBytes: Int? = nil) {
        let opened = count(.accountOpen)
        accounts.reserveCapacity(opened)
        files.reserveCapacity(opened)
        eventChain.previous.reserveCapacity(appliedCount + Verb.allCases.reduce(0) { $0 + count($1) })
        contacts.reserveCapacity(count(.contactAdd), bytes: contactBytes)
        complaints.reserveCapacity(count(.complaintOpen))
        causes.reserveCapacity(count(.causeOpen))
        invoices.reserveCapacity(count(.invoiceIssue))
        payments.reserveCapacity(count(.paymentRecord))
        promises.reserveCapacity(count(.promiseMake))
        referrals.reserveCapacity(count(.referralRecord))
        incidents.reserveCapacity(count(.incidentOpen))
    }

    /// Applies one event, or refuses it with a reason and leaves the book unchanged.
    ///
    /// Returns the accounts the event is about.
    ///
    /// `shapeChecked` says `Book.fitsVerb(event)` was already found true (a journal's
    /// reader works that out on its own core while the book applies earlier events).
    @discardableResult
    public mutating func apply(_ event: Event, shapeChecked: Bool = false) throws(Rejection) -> [String] {
        try applyTouching(FieldReader(event, shapeChecked: shapeChecked)).array
    }

    /// Applies one event as `apply` does, without listing the accounts it touched: all
    /// a journal's load needs.
    public mutating func fold(_ event: Event, shapeChecked: Bool = false) throws(Rejection) {
        _ = try applyTouching(FieldReader(event, shapeChecked: shapeChecked))
    }

    /// Applies an event written into `buffer` by a journal's reader, as `fold` does with
    /// the same event: checked the same way, refused with the same words, by the same code.
    /// `texts` is the list it was written with, if it was (see `EncodedEvent`).
    public mutating func fold(_ encoded: EncodedEvent, in buffer: UnsafeBufferPointer<UInt8>,
                              texts: UnsafeBufferPointer<String> = UnsafeBufferPointer(start: nil, count: 0)) throws(Rejection) {
        _ = try applyTouching(FieldReader(encoded, in: buffer, texts: texts))
    }

    private mutating func applyTouching(_ reader: FieldReader) throws(Rejection) -> Touched {
        let touched: Touched
        switch reader.verb {
        case .accountOpen, .accountAmend, .accountStatus, .accountFlag, .accountUnflag, .accountRate, .accountOffboard:
            touched = try applyAccount(reader)
        case .contactAdd, .contactAmend, .contactMove:
            touched = try applyContact(reader)
        case .interactionLog, .feedbackRecord, .referralRecord, .incidentOpen, .incidentResolve:
            touched = try applyRelationship(reader)
        case .complaintOpen, .complaintExample, .complaintAssign, .complaintAcknowledge, .complaintInvestigate,
             .complaintApologise, .complaintAccept, .complaintOfferFix, .complaintWait, .complaintResume,
             .complaintResolve, .complaintClose, .complaintReopen, .complaintLink:
            touched = try applyComplaint(reader)
        case .causeOpen, .causeAmend, .causeResolve:
            touched = try applyCause(reader)
        case .invoiceIssue, .invoiceAmend, .invoiceVoid, .invoiceDispute, .invoiceSettleDispute, .invoiceCredit, .invoiceWriteOff:
            touched = try applyInvoice(reader)
        case .paymentRecord, .paymentVoid:
            touched = try applyPayment(reader)
        case .promiseMake, .promiseKeep, .promiseBreak, .promiseCancel:
            touched = try applyPromise(reader)
        }
        noteApplied(touched, at: reader.time)
        return touched
    }

    /// Files the event just applied in its accounts' histories and counts it.
    private mutating func noteApplied(_ touched: Touched, at time: Timestamp) {
        let n = Int32(appliedCount)
        var filed = false
        touched.forEach { account in
            guard let p = position(of: account) else { return }
            if filed { eventChain.fileAgain(n, end: &files[p].lastEvent) } else { eventChain.fileFirst(n, end: &files[p].lastEvent) }
            filed = true
        }
        if !filed { eventChain.previous.append(EventChain.none) }
        count(at: time)
    }

    /// Counts an applied event and keeps the latest time.
    private mutating func count(at time: Timestamp) {
        appliedCount += 1
        if latestTime.map({ time > $0 }) ?? true { latestTime = time }
    }

    /// Applies a `contact.add` event whose fields fit the verb, as a journal's reader
    /// wrote it from the line's bytes: what `fold` does with the same event, checked the
    /// same way and refused with the same words, without the event's strings (its account
    /// is found from the bytes). A million contacts are most of a large journal's lines.
    public mutating func addContact(_ contact: ContactTable.Encoded, in buffer: UnsafeBufferPointer<UInt8>, at time: Timestamp) throws(Rejection) {
        // By the hash the reading core worked out; no run of contacts on one account to
        // make the last lookup worth checking first.
        guard let p = accounts.position(utf8: contact.account(in: buffer), hash: contact.accountHash) else {
            throw Rejection(field: "account", "no account \"\(contact.decoded(in: buffer).account)\" in the book")
        }
        let added = Int32(contacts.count)
        guard contacts.insert(contact, in: buffer) else { throw Rejection("contact \(contact.id(in: buffer)) already exists") }
        files[p].contacts.file(added, room: AccountFiles.contactRoom)
        eventChain.fileFirst(Int32(appliedCount), end: &files[p].lastEvent)
        count(at: time)
    }

    /// The second step, nearer the event, once the account's slot has come in: its key
    /// and what is filed under it. A hint; no result changes.
    public func prefetchAccountFiles(hash: UInt64) {
        guard let p = accounts.guessPosition(hash: hash) else { return }
        accounts.prefetchKey(at: p)
        files.withUnsafeBufferPointer { files in
            guard p < files.count, let base = files.baseAddress else { return }
            rapport_prefetch(base + p)
            rapport_prefetch(UnsafeRawPointer(base + p) + (MemoryLayout<AccountFiles>.size - 1))
        }
    }

    /// Readies the cache for reading an account's lists a few accounts from now, as the
    /// start reads every account in turn: `stage` 1 brings in where each list's elements
    /// lie, `stage` 2 (some accounts later, once those have come in) the first invoices
    /// its invoice list names. A hint: no result changes.
    ///
    /// The lists are found from the bits of the account's files where they lie, so that
    /// nothing is retained: a retain writes to the very header whose cache miss this is
    /// meant to hide. Where that layout is not the one `ListLayout` checks for, this does
    /// nothing.
    public func prefetchLists(ofAccountAt p: Int, stage: Int) {
        guard let layout = Self.listLayout else { return }
        files.withUnsafeBufferPointer { files in
            guard p >= 0, p < files.count, let base = files.baseAddress else { return }
            let at = UnsafeRawPointer(base + p)
            if stage == 1 {
                for offset in layout.offsets {
                    let storage = at.load(fromByteOffset: offset, as: UnsafeRawPointer.self)
                    rapport_prefetch(storage)
                    rapport_prefetch(storage + layout.elements)
                }
                return
            }
            let storage = at.load(fromByteOffset: layout.offsets[0], as: UnsafeRawPointer.self)
            let count = min(storage.load(fromByteOffset: layout.count, as: Int.self), 4)
            invoices.withValues { values in
                guard let first = values.baseAddress else { return }
                for k in 0..<count {
                    let position = Int(storage.load(fromByteOffset: layout.elements + 4 * k, as: Int32.self))
                    if position >= 0 && position < values.count { rapport_prefetch(first + position) }
                }
            }
        }
    }

    /// Where an account's lists lie in its `AccountFiles` (invoices first), and where an
    /// array's count and first element lie in the storage it points to.
    struct ListLayout {
        let offsets: [Int]
        let count: Int
        let elements: Int

        /// The layout, if it is the expected one: each array a pointer to its storage,
        /// the count 16 bytes in and the elements 32. Checked on a made-up account's
        /// files, read back through it; nil if anything differs.
        static func checked() -> ListLayout? {
            let paths: [PartialKeyPath<AccountFiles>] = [\.invoices, \.complaints, \.interactions, \.feedback, \.promises]
            let offsets = paths.compactMap { MemoryLayout<AccountFiles>.offset(of: $0) }
            guard offsets.count == paths.count, MemoryLayout<[Int32]>.size == MemoryLayout<UnsafeRawPointer>.size else { return nil }
            let layout = ListLayout(offsets: offsets, count: 16, elements: 32)
            var probe = AccountFiles()
            probe.invoices = [7, 11, 13]
            probe.complaints = ["a", "b"]
            let holds = withUnsafeBytes(of: &probe) { raw -> Bool in
                let invoices = raw.load(fromByteOffset: offsets[0], as: UnsafeRawPointer.self)
                let complaints = raw.load(fromByteOffset: offsets[1], as: UnsafeRawPointer.self)
                return invoices.load(fromByteOffset: layout.count, as: Int.self) == 3
                    && (0..<3).map { invoices.load(fromByteOffset: layout.elements + 4 * $0, as: Int32.self) } == [7, 11, 13]
                    && complaints.load(fromByteOffset: layout.count, as: Int.self) == 2
            }
            return holds ? layout : nil
        }
    }

    static let listLayout = ListLayout.checked()

    /// `prefetchAccountFiles` for the account an event is about, if any.
    ///
    /// Mutating, though it changes nothing, as `prefetch(_:)` is: see there.
    public mutating func prefetchAccountFiles(of hints: LookupHints) {
        guard let verb = hints.verb else { return }
        if Self.subjectIsAccount(verb) {
            prefetchAccountFiles(hash: hints.subjectHash)
        } else if hints.referenceHash != 0 && !hints.referencesInvoice {
            prefetchAccountFiles(hash: hints.referenceHash)
        }
    }

    /// Whether a verb's subject is an account id.
    private static func subjectIsAccount(_ verb: Verb) -> Bool {
        switch verb {
        case .accountOpen, .accountAmend, .accountStatus, .accountFlag, .accountUnflag, .accountRate, .accountOffboard,
             .interactionLog, .feedbackRecord:
            true
        default:
            false
        }
    }

    /// Readies the cache for applying an event a few events from now: the index slots
    /// of its subject and of the account or invoice it names. A hint for a journal's
    /// load, which knows what comes next; no result changes.
    ///
    /// Mutating, though it changes nothing: a load holds its book as part of a mutable
    /// value, and calling a non-mutating method there copied the whole `Book` (a call of
    /// `memcpy`) for every event; a mutating one is handed the book where it lies.
    public mutating func prefetch(_ hints: LookupHints) {
        guard let verb = hints.verb else { return }
        if Self.subjectIsAccount(verb) {
            accounts.prefetch(hash: hints.subjectHash)
        }
        switch verb {
        case .contactAdd:
            contacts.prefetch(idHash: hints.subjectHash)
        case .invoiceIssue, .invoiceAmend, .invoiceVoid, .invoiceDispute, .invoiceSettleDispute, .invoiceCredit, .invoiceWriteOff:
            invoices.prefetch(hash: hints.subjectHash)
        case .paymentRecord, .paymentVoid:
            payments.prefetch(hash: hints.subjectHash)
        case .complaintOpen, .complaintExample, .complaintAssign, .complaintAcknowledge, .complaintInvestigate,
             .complaintApologise, .complaintAccept, .complaintOfferFix, .complaintWait, .complaintResume,
             .complaintResolve, .complaintClose, .complaintReopen, .complaintLink:
            complaints.prefetch(hash: hints.subjectHash)
        default:
            break
        }
        guard hints.referenceHash != 0 else { return }
        if hints.referencesInvoice { invoices.prefetch(hash: hints.referenceHash) } else { accounts.prefetch(hash: hints.referenceHash) }
    }

    /// Whether the event's fields fit its verb: a subject, no unknown or repeated fields,
    /// every required one given. It needs nothing from any book, so it can be worked out
    /// before the event's turn comes; `apply` refuses an event that does not fit.
    public static func fitsVerb(_ event: Event) -> Bool {
        do {
            try FieldReader.checkShape(event, VerbSpec.of(event.verb))
            return true
        } catch {
            return false
        }
    }

    /// Where the account `id` is in `accounts` (and `files`), or nil.
    mutating func position(of id: String) -> Int? {
        if let last = lastLookup, last.id == id { return last.position }
        guard let p = accounts.position(of: id) else { return nil }
        lastLookup = (id, p)
        return p
    }

    /// The book's own copy of an account id (sharing its storage, and without copying the
    /// account out), or a refusal when `id` names no account.
    mutating func requireAccountID(_ id: String, field: String? = "account") throws(Rejection) -> String {
        guard let p = position(of: id) else {
            throw Rejection(field: field, "no account \"\(id)\" in the book")
        }
        return accounts.keys[p]
    }

    /// `requireAccountID` of the event's `account` field. For an encoded event the account
    /// is found from the field's bytes and the hash its reader worked out: no string is
    /// made of the id, and it is not hashed again.
    mutating func requireAccountID(_ r: FieldReader) throws(Rejection) -> String {
        if let (bytes, hash) = r.accountReference, let p = accounts.position(utf8: bytes, hash: hash) {
            let id = accounts.keys[p]
            lastLookup = (id, p)
            return id
        }
        return try requireAccountID(r.required(.account))
    }

    /// Changes what is filed under an account that exists.
    mutating func file(under account: String, _ change: (inout AccountFiles) -> Void) {
        guard let p = position(of: account) else { return }
        change(&files[p])
    }

    /// Refuses when `id` does not name an account.
    func requireAccount(_ id: String, field: String? = "account") throws(Rejection) -> Account {
        guard let account = accounts[id] else {
            throw Rejection(field: field, "no account \"\(id)\" in the book")
        }
        return account
    }

    /// The next free id with a verb's prefix, e.g. `C-1043`.
    public func nextID(for verb: Verb) -> String? {
        guard let prefix = VerbSpec.of(verb).idPrefix else { return nil }
        let count: Int
        switch verb.noun {
        case "complaint": count = complaints.count
        case "contact": count = contacts.count
        case "cause": count = causes.count
        case "invoice": count = invoices.count
        case "payment": count = payments.count
        case "promise": count = promises.count
        case "referral": count = referrals.count
        case "incident": count = incidents.count
        default: count = 0
        }
        var n = count + 1
        while exists(noun: verb.noun, id: "\(prefix)\(n)") { n += 1 }
        return "\(prefix)\(n)"
    }

    func exists(noun: Substring, id: String) -> Bool {
        switch noun {
        case "complaint": return complaints[id] != nil
        case "contact": return contacts[id] != nil
        case "cause": return causes[id] != nil
        case "invoice": return invoices[id] != nil
        case "payment": return payments[id] != nil
        case "promise": return promises[id] != nil
        case "referral": return referrals[id] != nil
        case "incident": return incidents[id] != nil
        case "account": return accounts[id] != nil
        default: return false
        }
    }
}

extension Array where Element == Int32 {
    /// Appends `n`, making room for `room` numbers first if the array has none.
    @inline(__always)
    mutating func file(_ n: Int32, room: Int) {
        if capacity == 0 { reserveCapacity(room) }
        append(n)
    }
}
