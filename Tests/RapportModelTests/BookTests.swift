import Testing
@testable import RapportModel

@Suite struct BookTests {
    @Test("the layout the start's prefetch reads lists by holds here, and prefetching every account's lists changes nothing")
    func listPrefetchIsAHintOnly() throws {
        // Without the layout, the prefetch does nothing at all: this says it is in use.
        let layout = try #require(Book.listLayout)
        #expect(layout.offsets.count == 5)
        let book = Book(events: DemoBook(accounts: 30, now: testNow).events())
        let before = book.accountOrder.map { book.health(of: $0, now: testNow).score }
        // Every account, and places outside the table (which are passed over).
        for p in -1...(book.accounts.count + 1) {
            book.prefetchLists(ofAccountAt: p, stage: 1)
            book.prefetchLists(ofAccountAt: p, stage: 2)
        }
        #expect(book.accountOrder.map { book.health(of: $0, now: testNow).score } == before)
        // The account with the most invoices is read through the same layout as the
        // prefetch reads it: its count and its first positions.
        let p = try #require(book.files.indices.max { book.files[$0].invoices.count < book.files[$1].invoices.count })
        let invoices = book.files[p].invoices
        #expect(invoices.count > 1)
        let read = book.files.withUnsafeBufferPointer { files in
            let storage = UnsafeRawPointer(files.baseAddress! + p).load(fromByteOffset: layout.offsets[0], as: UnsafeRawPointer.self)
            let count = storage.load(fromByteOffset: layout.count, as: Int.self)
            return (count, (0..<count).map { storage.load(fromByteOffset: layout.elements + 4 * $0, as: Int32.self) })
        }
        #expect(read.0 == invoices.count && read.1 == invoices)
    }

    @Test func foldsAccountsAndContacts() throws {
        let book = try acmeBook()
        #expect(book.accounts["ACME"]?.name == "Acme Trading Ltd")
        #expect(book.accounts["ACME"]?.tier == .large)
        #expect(book.contactsByAccount["ACME"] == ["P-1"])
        #expect(book.appliedCount == 2)
        #expect(book.eventsByAccount["ACME"] == [0, 1])
    }

    @Test func rejectionsNameTheReasonAndLeaveTheBookUnchanged() throws {
        var book = try acmeBook()
        let before = book.appliedCount
        let cases: [(Event, String)] = [
            (ev("payment.record", "PAY-1", ["invoice": "INV-9", "amount": "10.00", "currency": "GBP"]), "no invoice \"INV-9\""),
            (ev("complaint.open", "C-1", ["account": "NOPE", "severity": "2", "category": "x", "summary": "y"]), "no account \"NOPE\""),
            (ev("complaint.open", "C-1", ["account": "ACME", "severity": "7", "category": "x", "summary": "y"]), "field severity: 7 is outside 1–4"),
            (ev("complaint.open", "C-1", ["account": "ACME", "severity": "2", "category": "x"]), "field summary: is required"),
            (ev("account.open", "ACME", ["name": "Again", "tier": "small"]), "already open"),
            (ev("account.open", "NEW", ["name": "New", "tier": "huge"]), "\"huge\" is not one of small, medium, large"),
            (ev("account.open", "NEW", ["name": "New", "tier": "small", "colour": "red"]), "has no field \"colour\""),
            (ev("account.open", "NEW", ["name": "New", "tier": "small", "name": "Twice"]), "given twice"),
            (ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "12,5O", "currency": "GBP", "due": "2026-02-01"]), "\"12,5O\" is not an amount"),
            (ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "10", "currency": "GBP", "due": "2026-02-30"]), "\"2026-02-30\" is not a date"),
            (ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "10", "currency": "QQQ", "due": "2026-02-01"]), "not an ISO 4217"),
            (ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "-10", "currency": "GBP", "due": "2026-02-01"]), "more than zero"),
        ]
        for (event, expected) in cases {
            #expect(throws: Rejection.self) { try book.apply(event) }
            do {
                try book.apply(event)
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should mention \(expected)")
            }
        }
        #expect(book.appliedCount == before)
        #expect(book.accounts["ACME"]?.name == "Acme Trading Ltd")
        #expect(book.complaints.isEmpty && book.invoices.isEmpty && book.payments.isEmpty)

        // Whether the fields fit the verb can be told apart from the book: exactly the
        // missing, unknown and repeated fields are caught that way.
        let misfits = cases.filter { !Book.fitsVerb($0.0) }.map(\.1)
        #expect(misfits == ["field summary: is required", "has no field \"colour\"", "given twice"])
        #expect(!Book.fitsVerb(ev("account.open", "", ["name": "New", "tier": "small"])))
    }

    @Test func eachEventSaysWhichAccountsItTouched() throws {
        var book = try acmeBook()
        try book.apply(ev("account.open", "GLOB", ["name": "Globex", "tier": "small"]))
        try book.apply(ev("account.open", "INIT", ["name": "Initech", "tier": "small"]))
        #expect(try book.apply(ev("interaction.log", "ACME", ["kind": "call", "sentiment": "1", "summary": "hello"])) == ["ACME"])
        #expect(try book.apply(ev("cause.open", "K-1", ["summary": "carrier delays"])) == [])
        #expect(try book.apply(ev("incident.open", "INC-1", ["accounts": "ACME,GLOB,INIT", "summary": "outage", "remedy": "fixed"]))
                == ["ACME", "GLOB", "INIT"])
        #expect(try book.apply(ev("incident.resolve", "INC-1")) == ["ACME", "GLOB", "INIT"])
        #expect(try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "summary": "late", "severity": "3", "category": "delivery"])) == ["ACME"])
        try book.apply(ev("complaint.open", "C-7", ["account": "GLOB", "summary": "late", "severity": "3", "category": "delivery"]))
        let linked = try book.apply(ev("complaint.link", "C-7", ["to": "C-1"]))
        #expect(linked == ["GLOB", "ACME"])
        #expect(book.eventsByAccount["INIT"]?.count == 3)

        // Folding without the listing builds the same book.
        let events = DemoBook(accounts: 30, now: testNow).events()
        var listed = Book(), folded = Book()
        var refused = 0
        for event in events {
            let a = (try? listed.apply(event)) != nil
            let b = (try? folded.fold(event)) != nil
            #expect(a == b, "\(event.verb.rawValue) \(event.subject)")
            if !a { refused += 1 }
        }
        #expect(folded.appliedCount == listed.appliedCount)
        #expect(listed.appliedCount == events.count - refused && listed.appliedCount > 1000)
        for id in listed.accountOrder {
            #expect(folded.eventsByAccount[id] == listed.eventsByAccount[id])
            #expect(folded.contactsByAccount[id] == listed.contactsByAccount[id])
        }
    }

    @Test("each account's history is the events that touched it, in order, whether an event touched one account, several or none")
    func historiesAreTheEventsThatTouchedEachAccount() throws {
        var book = try acmeBook()
        var expected: [String: [Int]] = ["ACME": [0, 1]]
        func apply(_ event: Event) throws {
            let n = book.appliedCount
            for account in try book.apply(event) { expected[account, default: []].append(n) }
        }
        try apply(ev("account.open", "GLOB", ["name": "Globex", "tier": "small"]))
        try apply(ev("account.open", "INIT", ["name": "Initech", "tier": "small"]))
        try apply(ev("cause.open", "K-1", ["summary": "carrier delays"]))
        try apply(ev("incident.open", "INC-1", ["accounts": "ACME,GLOB,INIT", "summary": "outage", "remedy": "fixed"]))
        try apply(ev("contact.move", "P-1", ["account": "GLOB"]))
        try apply(ev("interaction.log", "INIT", ["kind": "call", "sentiment": "1", "summary": "hello"]))
        try apply(ev("complaint.open", "C-1", ["account": "ACME", "summary": "late", "severity": "3", "category": "delivery"]))
        try apply(ev("complaint.open", "C-7", ["account": "GLOB", "summary": "late", "severity": "3", "category": "delivery"]))
        try apply(ev("complaint.link", "C-7", ["to": "C-1"]))
        try apply(ev("incident.resolve", "INC-1"))
        // A refused event is filed nowhere.
        #expect(throws: Rejection.self) { try apply(ev("contact.move", "P-1", ["account": "GLOB"])) }
        try apply(ev("interaction.log", "ACME", ["kind": "call", "sentiment": "1", "summary": "again"]))
        for id in ["ACME", "GLOB", "INIT"] {
            #expect(book.eventsByAccount[id] == expected[id], "\(id)")
        }
        #expect(expected["INIT"] == [3, 5, 7, 11] && expected["GLOB"] == [2, 5, 6, 9, 10, 11])
        #expect(book.eventChain.isSound(appliedCount: book.appliedCount))
        #expect(book.eventChain.previous.count == book.appliedCount && book.eventChain.extra.count == 6)

        // A large book, checked the same way.
        var large = Book()
        var tally: [String: [Int]] = [:]
        for event in DemoBook(accounts: 30, now: testNow).events() {
            let n = large.appliedCount
            guard let touched = try? large.apply(event) else { continue }
            for account in touched { tally[account, default: []].append(n) }
        }
        for id in large.accountOrder { #expect(large.eventsByAccount[id] == (tally[id] ?? []), "\(id)") }
        #expect(large.eventChain.isSound(appliedCount: large.appliedCount))
    }

    @Test("a history chain read back is refused when a link points forward, loops or names a filing that is not there")
    func unsoundChainsAreRefused() {
        typealias Chain = Book.EventChain
        func chain(_ previous: [Int32], _ extra: [(Int32, Int32)] = []) -> Chain {
            var c = Chain()
            c.previous = previous
            c.extra = extra.map { Chain.Extra(event: $0.0, previous: $0.1) }
            return c
        }
        // Events 0 and 1 on one account; event 2 on it and, again, on a second filing.
        #expect(chain([-1, 0, 1], [(2, 2)]).isSound(appliedCount: 3))
        #expect(chain([-1, 0, -2], [(1, -1)]).isSound(appliedCount: 3))
        #expect(chain([-1, 0, 1]).events(endingAt: 2) == [0, 1, 2])
        #expect(chain([-1, 0, 1], [(2, 2)]).events(endingAt: -2) == [0, 1, 2, 2])
        #expect(!chain([-1, 0]).isSound(appliedCount: 3), "one event short")
        #expect(!chain([-1, 2, -1]).isSound(appliedCount: 3), "a link forward")
        #expect(!chain([-1, 1]).isSound(appliedCount: 2), "a link to itself")
        #expect(!chain([-1, -3]).isSound(appliedCount: 2), "an extra filing that is not there")
        #expect(!chain([-1, -2], [(1, -1)]).isSound(appliedCount: 2), "an extra filing of a later event")
        // Extra filing 0 (event 10) goes back to event 10, which goes back to extra filing
        // 1 (event 5), which goes back to extra filing 0: a loop, unless extra filings
        // are in their events' order.
        var loop = [Int32](repeating: -1, count: 11)
        loop[10] = -3
        #expect(!chain(loop, [(10, 10), (5, -2)]).isSound(appliedCount: 11), "a loop")
        #expect(!chain([-1], [(3, -1)]).isSound(appliedCount: 1), "a filing of an event not applied")
    }

    @Test func contactsMoveBetweenAccountsAndKeepTheirHistory() throws {
        var book = try acmeBook()
        try book.apply(ev("account.open", "GLOB", ["name": "Globex", "tier": "small"]))
        let touched = try book.apply(ev("contact.move", "P-1", ["account": "GLOB"]))
        #expect(touched == ["ACME", "GLOB"])
        #expect(book.contacts["P-1"]?.account == "GLOB")
        #expect(book.contacts["P-1"]?.previousAccounts == ["ACME"])
        #expect(book.contactsByAccount["ACME"] == [])
        #expect(throws: Rejection.self) { try book.apply(ev("contact.move", "P-1", ["account": "GLOB"])) }
    }

    @Test func offboardingNeedsTheAttemptsMadeFirst() throws {
        var book = try acmeBook()
        #expect(throws: Rejection(field: "attempts", "is required (what was tried before letting the client go)")) {
            try book.apply(ev("account.offboard", "ACME", ["reason": "abusive to staff"]))
        }
        try book.apply(ev("account.offboard", "ACME", ["reason": "abusive to staff", "attempts": "two meetings, a new account manager"]))
        #expect(book.accounts["ACME"]?.status == .offboarded)
        #expect(book.accounts["ACME"]?.offboarding?.attempts == "two meetings, a new account manager")
    }

    @Test func flagsCarryTheirInstructionAndRouteTo() throws {
        var book = try acmeBook()
        try book.apply(ev("account.flag", "ACME", ["flag": "bad-debt", "instruction": "No new orders", "route-to": "Priya, credit control", "reason": "90 days unpaid"], by: "finance"))
        #expect(book.accounts["ACME"]?.badDebt?.routeTo == "Priya, credit control")
        #expect(book.accounts["ACME"]?.badDebt?.raisedBy == "finance")
        let flagged = try #require(book.accounts["ACME"])
        try book.apply(ev("account.unflag", "ACME", ["flag": "bad-debt", "reason": "paid in full"]))
        #expect(book.accounts["ACME"]?.badDebt == nil)
        #expect(throws: Rejection.self) { try book.apply(ev("account.unflag", "ACME", ["flag": "bad-debt", "reason": "again"])) }
        // The flag is boxed with the other rarely set fields; a copy taken before is untouched.
        #expect(flagged.badDebt?.instruction == "No new orders")
        let fresh = try acmeBook().accounts["ACME"]
        #expect(flagged != book.accounts["ACME"] && book.accounts["ACME"] == fresh)
        #expect(MemoryLayout<Account>.stride <= 160, "an account without flags stays small")
    }

    @Test func nextIDSkipsTakenOnes() throws {
        var book = try acmeBook()
        #expect(book.nextID(for: .complaintOpen) == "C-1")
        try book.apply(ev("complaint.open", "C-2", ["account": "ACME", "severity": "3", "category": "x", "summary": "y"]))
        #expect(book.nextID(for: .complaintOpen) == "C-3", "never an id that is taken")
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "3", "category": "x", "summary": "y"]))
        #expect(book.nextID(for: .complaintOpen) == "C-3")
        #expect(book.nextID(for: .accountOpen) == nil)
    }

    @Test func everyVerbHasASpecWithDocumentedFields() {
        for verb in Verb.allCases {
            let spec = VerbSpec.of(verb)
            #expect(spec.verb == verb)
            #expect(!spec.summary.isEmpty)
            #expect(Set(spec.fields.map(\.key)).count == spec.fields.count, "\(verb) lists a field twice")
            for field in spec.fields { #expect(!field.help.isEmpty) }
        }
    }

    @Test("every field a verb takes has a FieldKey, found at its place in the verb's spec; every key names a field some verb takes")
    func fieldKeysMatchTheSpec() {
        var named = Set<FieldKey>()
        for verb in Verb.allCases {
            for (place, field) in VerbSpec.of(verb).fields.enumerated() {
                guard let key = FieldKey(name: field.key) else {
                    Issue.record("\(verb.rawValue) takes \(field.key), which has no FieldKey")
                    continue
                }
                #expect(key.name == field.key)
                #expect(VerbSpec.entry(of: key, for: verb)?.place == place, "\(verb.rawValue) \(field.key)")
                named.insert(key)
            }
            // A key the verb does not take is not found for it.
            for key in FieldKey.allCases where !VerbSpec.of(verb).fields.contains(where: { $0.key == key.name }) {
                #expect(VerbSpec.entry(of: key, for: verb) == nil, "\(verb.rawValue) \(key.name)")
            }
        }
        #expect(named == Set(FieldKey.allCases), "keys no verb takes: \(Set(FieldKey.allCases).subtracting(named).map(\.name))")
        #expect(FieldKey.feedbackDimensions.map(\.name) == Vocabulary.feedbackDimensions)
        #expect(FieldKey(name: "Name") == nil && FieldKey(name: "route_to") == nil)
    }

    @Test("an account's listing, read in place, is its fields and flags; an open invoice knows whether it is disputed")
    func listingsAndOpenInvoicesReadInPlace() throws {
        var book = Book(events: DemoBook(accounts: 40, now: testNow).events())
        let flagged = book.accountOrder[3], held = book.accountOrder[7]
        try book.apply(ev("account.flag", flagged, ["flag": "bad-debt", "instruction": "No new orders", "route-to": "Priya", "reason": "unpaid"], at: "2026-11-20T09:00:00Z"))
        try book.apply(ev("account.flag", held, ["flag": "credit-hold", "instruction": "Prepay only", "route-to": "Sam", "reason": "limit"], at: "2026-11-20T09:00:00Z"))
        try book.apply(ev("account.flag", held, ["flag": "bad-debt", "instruction": "No new orders", "route-to": "Priya", "reason": "unpaid"], at: "2026-11-20T09:00:00Z"))
        for (p, id) in book.accountOrder.enumerated() {
            let account = try #require(book.accounts[id])
            let listing = book.listing(ofAccountAt: p)
            #expect(listing.name == account.name && listing.tier == account.tier && listing.status == account.status)
            #expect(listing.owner == (account.owner ?? ""))
            #expect(listing.flags == account.flags, "\(id)")
            for open in book.openInvoices(of: id, asOf: testNow.day) {
                #expect(open.isDisputed == (open.invoice.disputed != nil))
            }
        }
        #expect(book.listing(ofAccountAt: book.accountOrder.firstIndex(of: held)!).flags.map(\.kind) == [.badDebt, .creditHold])
        let late = try #require(book.accountOrder.lazy.compactMap { book.openInvoices(of: $0, asOf: testNow.day).first }.first)
        #expect(!late.isDisputed)
        try book.apply(ev("invoice.dispute", late.invoice.id, ["reason": "wrong rate"], at: "2026-11-20T10:00:00Z"))
        #expect(book.openInvoices(of: late.invoice.account, asOf: testNow.day).first { $0.invoice.id == late.invoice.id }?.isDisputed == true)
    }
}
