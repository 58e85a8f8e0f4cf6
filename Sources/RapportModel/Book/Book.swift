/// The state of every client relationship: the journal folded event by event.
///
/// `Book` is a value with no I/O and no clock. Everything it derives that depends on the
/// time ("days overdue", "SLA left") takes "now" as an argument, so any figure can be
/// reproduced, tested, or asked "as of last month".
public struct Book: Sendable {
    public internal(set) var accounts: [String: Account] = [:]
    /// Account ids in the order they were opened.
    public internal(set) var accountOrder: [String] = []
    public internal(set) var contacts = Table<Contact>()
    public internal(set) var contactsByAccount: [String: [String]] = [:]
    public internal(set) var interactions: [String: [Interaction]] = [:]
    public internal(set) var complaints: [String: Complaint] = [:]
    public internal(set) var complaintsByAccount: [String: [String]] = [:]
    public internal(set) var causes: [String: Cause] = [:]
    public internal(set) var invoices: [String: Invoice] = [:]
    public internal(set) var invoicesByAccount: [String: [String]] = [:]
    public internal(set) var payments: [String: Payment] = [:]
    public internal(set) var paymentsByAccount: [String: [String]] = [:]
    public internal(set) var promises: [String: Promise] = [:]
    public internal(set) var promisesByAccount: [String: [String]] = [:]
    public internal(set) var feedback: [String: [Feedback]] = [:]
    public internal(set) var referrals: [String: Referral] = [:]
    public internal(set) var incidents: [String: Incident] = [:]
    /// The last time we spoke with each account (any logged contact).
    public internal(set) var lastContact: [String: Timestamp] = [:]
    /// For each account, the sequence numbers (0-based, in applied order) of the events
    /// about it: the detail view's history.
    public internal(set) var eventsByAccount: [String: [Int]] = [:]
    /// How many events have been applied.
    public internal(set) var appliedCount = 0
    /// The latest event time seen, for "as of" defaults.
    public internal(set) var latestTime: Timestamp?

    public init() {}

    /// Folds events into a new book, skipping those the book rejects.
    public init(events: some Sequence<Event>) {
        self.init()
        for event in events { _ = try? apply(event) }
    }

    /// Sizes the tables for a journal holding `count(verb)` events of each verb, so a
    /// large journal loads without a table being rehashed and copied every time it fills.
    public mutating func reserveCapacity(for count: (Verb) -> Int) {
        let opened = count(.accountOpen)
        accounts.reserveCapacity(opened)
        accountOrder.reserveCapacity(opened)
        lastContact.reserveCapacity(opened)
        eventsByAccount.reserveCapacity(opened)
        interactions.reserveCapacity(min(opened, count(.interactionLog)))
        feedback.reserveCapacity(min(opened, count(.feedbackRecord)))
        contacts.reserveCapacity(count(.contactAdd))
        contactsByAccount.reserveCapacity(min(opened, count(.contactAdd)))
        complaints.reserveCapacity(count(.complaintOpen))
        complaintsByAccount.reserveCapacity(min(opened, count(.complaintOpen)))
        causes.reserveCapacity(count(.causeOpen))
        invoices.reserveCapacity(count(.invoiceIssue))
        invoicesByAccount.reserveCapacity(min(opened, count(.invoiceIssue)))
        payments.reserveCapacity(count(.paymentRecord))
        paymentsByAccount.reserveCapacity(min(opened, count(.paymentRecord)))
        promises.reserveCapacity(count(.promiseMake))
        promisesByAccount.reserveCapacity(min(opened, count(.promiseMake)))
        referrals.reserveCapacity(count(.referralRecord))
        incidents.reserveCapacity(count(.incidentOpen))
    }

    /// Applies one event, or refuses it with a reason and leaves the book unchanged.
    ///
    /// Returns the accounts the event is about.
    @discardableResult
    public mutating func apply(_ event: Event) throws(Rejection) -> [String] {
        let reader = try FieldReader(event)
        let touched: [String]
        switch event.verb {
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
        for account in touched { eventsByAccount[account, default: []].append(appliedCount) }
        appliedCount += 1
        if latestTime.map({ event.time > $0 }) ?? true { latestTime = event.time }
        return touched
    }

    /// The book's own copy of an account id (sharing its storage, and without copying the
    /// account out), or a refusal when `id` names no account.
    func requireAccountID(_ id: String, field: String? = "account") throws(Rejection) -> String {
        guard let index = accounts.index(forKey: id) else {
            throw Rejection(field: field, "no account \"\(id)\" in the book")
        }
        return accounts.keys[index]
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
