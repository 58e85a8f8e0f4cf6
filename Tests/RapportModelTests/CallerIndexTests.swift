import Foundation
import Testing
@testable import RapportModel

@Suite struct CallerIndexTests {
    /// Types `query` a key at a time, each search narrowing from the last, and checks every
    /// step against `expected` for that prefix.
    static func type(_ query: String, into index: CallerIndex, limit: Int,
                     sourceLocation: SourceLocation = #_sourceLocation, expected: (String) -> [CallerIndex.Match]) {
        var narrowing: CallerIndex.Narrowing?
        for end in 1...query.count {
            let prefix = String(query.prefix(end))
            let step = index.search(prefix, limit: limit, narrowing: narrowing)
            #expect(step.matches == expected(prefix), "\(prefix), typed a key at a time", sourceLocation: sourceLocation)
            narrowing = step.narrowing
        }
    }

    func book() throws -> Book {
        var book = try acmeBook()
        try book.apply(ev("account.open", "YAMA", ["name": "山田商事", "tier": "medium", "phone": "0044 (0)161 496 0555"]))
        try book.apply(ev("contact.add", "P-2", ["account": "YAMA", "name": "山田太郎", "phone": "+81 3-1234-5678"]))
        try book.apply(ev("account.open", "SMIT", ["name": "Smithson Metals", "tier": "small"]))
        try book.apply(ev("contact.add", "P-3", ["account": "SMIT", "name": "Jo Smith", "email": "jo@smithson.example"]))
        return book
    }

    @Test func phoneDigitsIgnoreSpacesDashesAndTheNationalPrefix() {
        #expect(TextFolding.phoneDigits("+44 20 7946 0123") == "2079460123")
        #expect(TextFolding.phoneDigits("020 7946-0123") == "2079460123")
        #expect(TextFolding.phoneDigits("0044 (0)20 7946 0123") == "2079460123")
        #expect(TextFolding.phoneDigits("7946 0123") == "79460123")
    }

    @Test func findsACallerByTheLastFourDigits() throws {
        let index = CallerIndex(book: try book())
        #expect(index.search("0123").map(\.account) == ["ACME"])
        #expect(index.search("+44 20 7946 0123").first?.account == "ACME")
        #expect(index.search("020 7946 0123").first?.account == "ACME")
        #expect(index.search("900123").first?.contact == "P-1")
        #expect(index.search("0555").first?.account == "YAMA")
    }

    @Test func namesMatchWithoutAccentsAndInAnyScript() throws {
        let index = CallerIndex(book: try book())
        #expect(index.search("zoe muller").first?.contact == "P-1")
        #expect(index.search("ZOË").first?.account == "ACME")
        #expect(index.search("山田").first?.account == "YAMA")
        #expect(index.search("acme").first?.account == "ACME")
        #expect(index.search("nobody at all").isEmpty)
    }

    @Test func wordsAreAndedAndIDsRankFirst() throws {
        let index = CallerIndex(book: try book())
        #expect(index.search("smith jo").map(\.account) == ["SMIT"])
        #expect(index.search("smith acme").isEmpty)
        #expect(index.search("jo@smithson").first?.contact == "P-3")
        #expect(index.search("SMIT").first.map { $0.score >= 100 } == true)
        #expect(TextFolding.phoneQueryDigits("0123") == "0123")
        #expect(TextFolding.phoneQueryDigits("020 7946 0123") == "2079460123")
    }

    @Test func theCallerSummarySaysWhoToPassThemTo() throws {
        var b = try book()
        try b.apply(ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "250.00", "currency": "GBP", "due": "2026-10-01", "issued": "2026-09-01"]))
        try b.apply(ev("account.flag", "ACME", ["flag": "bad-debt", "instruction": "No new orders", "route-to": "Priya Patel 020 7946 0999", "reason": "unpaid"]))
        let summary = b.callerSummary(account: "ACME", contact: "P-1", now: testNow)!
        #expect(summary.receivables.oldestOverdueDays == 52)
        #expect(summary.line.contains("unpaid GBP 250.00, oldest 52d overdue"))
        #expect(summary.line.contains("! BAD DEBT: No new orders → Priya Patel 020 7946 0999"))
        #expect(summary.line.hasPrefix("ACME  Acme Trading Ltd (Zoë Müller)"))
    }

    @Test func theCallerSummaryCarriesThePaymentWarningsAsTheCallerCheckShowsThem() throws {
        var b = try book()
        // ACME pays 20 days late, has two invoices long overdue and one disputed.
        for (n, month) in ["01", "02", "03", "06", "07", "10"].enumerated() {
            try b.apply(ev("invoice.issue", "INV-\(n + 1)", ["account": "ACME", "amount": "100.00", "currency": "GBP", "due": "2026-\(month)-15", "issued": "2026-\(month)-01"],
                           at: "2026-\(month)-01T09:00:00Z"))
        }
        for (n, date) in ["2026-02-04", "2026-03-07", "2026-04-04"].enumerated() {
            try b.apply(ev("payment.record", "PAY-\(n + 1)", ["invoice": "INV-\(n + 1)", "amount": "100.00", "currency": "GBP", "date": date], at: "\(date)T12:00:00Z"))
        }
        try b.apply(ev("invoice.dispute", "INV-6", ["reason": "wrong rate"], at: "2026-10-20T09:00:00Z"))
        // YAMA has two overdue invoices and no payment history.
        for (id, month) in [("INV-Y1", "06"), ("INV-Y2", "07")] {
            try b.apply(ev("invoice.issue", id, ["account": "YAMA", "amount": "80.00", "currency": "GBP", "due": "2026-\(month)-15", "issued": "2026-\(month)-01"],
                           at: "2026-\(month)-01T09:00:00Z"))
        }

        let acme = try #require(b.callerSummary(account: "ACME", contact: "P-1", now: testNow))
        #expect(acme.warnings == b.paymentWarnings(of: "ACME", asOf: testNow.day))
        #expect(acme.warnings.map(\.kind) == ["disputed", "overdue", "overdue", "pays-late"])
        #expect(acme.warningLines == [
            "Disputed, not chased: INV-6 disputed (GBP 100.00), not chased: wrong rate",
            "! usually pays 20 days late (3 invoices) (+2 more)",
        ])
        let yama = try #require(b.callerSummary(account: "YAMA", now: testNow))
        let first = try #require(yama.warnings.first)
        #expect(yama.warningLines == ["! \(first.text) (+1 more)"])
        #expect(first.text.hasPrefix("INV-Y1 "))
        #expect(b.callerSummary(account: "SMIT", now: testNow)?.warningLines == [])
    }

    @Test func narrowingFromTheLastKeystrokeFindsWhatAFreshSearchFinds() throws {
        let events = DemoBook(accounts: 80, now: testNow).events()
        let index = CallerIndex(book: Book(events: events))
        for query in ["smith acm", "zoe mu", "07700 0000", "+44 20 7946 00", "acme 2", "0199"] {
            Self.type(query, into: index, limit: 500) { index.search($0, limit: 500) }
        }
    }
}

/// The caller check written as plainly as possible, to hold the index to: every entry's
/// folded text built afresh from the book, every word looked for in it.
struct PlainCallerSearch {
    struct Entry {
        var account: String
        var contact: String?
        var text: [UInt8]
        var name: String
        var phone: [UInt8]
    }

    var entries: [[Entry]] = []

    init(book: Book) {
        for id in book.accountOrder {
            guard let a = book.accounts[id] else { continue }
            var list = [Self.entry(id, nil, a.name, [a.name, id, a.email ?? "", a.owner ?? ""], a.phone)]
            for cid in book.contactsByAccount[id] ?? [] {
                guard let c = book.contacts[cid] else { continue }
                list.append(Self.entry(id, cid, c.name, [c.name, a.name, id, c.email ?? "", c.role ?? "", cid], c.phone))
            }
            entries.append(list)
        }
    }

    static func entry(_ account: String, _ contact: String?, _ name: String, _ parts: [String], _ phone: String?) -> Entry {
        var text: [UInt8] = []
        for (i, part) in parts.enumerated() where !part.isEmpty {
            if i > 0 { text.append(0x20) }
            text += TextFolding.fold(part).utf8.map { $0 == 0x0A ? 0x20 : $0 }
        }
        text.append(0x0A)
        return Entry(account: account, contact: contact, text: text, name: TextFolding.fold(name),
                     phone: phone.map { Array(TextFolding.phoneDigits($0).utf8) } ?? [])
    }

    static func holds(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                (0...(h.count - n.count)).contains { h[$0] == n[0] && memcmp(h.baseAddress! + $0, n.baseAddress!, n.count) == 0 }
            }
        }
    }

    func search(_ query: String, limit: Int) -> [CallerIndex.Match] {
        var trimmed = Substring(query)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        guard !trimmed.isEmpty else { return [] }
        var best: [CallerIndex.Match] = []
        if CallerIndex.isPhoneQuery(String(trimmed)) {
            let digits = Array(TextFolding.phoneQueryDigits(String(trimmed)).utf8)
            guard !digits.isEmpty else { return [] }
            for list in entries {
                var top: CallerIndex.Match?
                for e in list where !e.phone.isEmpty && Self.holds(e.phone, digits) {
                    let score = e.phone.count == digits.count ? 100 : e.phone.suffix(digits.count).elementsEqual(digits) ? 80 : 60
                    if score > (top?.score ?? 0) { top = CallerIndex.Match(account: e.account, contact: e.contact, score: score) }
                }
                if let top { best.append(top) }
            }
        } else {
            let terms = TextFolding.fold(String(trimmed)).split(separator: " ").map { Array($0.utf8) }
            guard !terms.isEmpty else { return [] }
            let first = String(decoding: terms[0], as: UTF8.self)
            let lowered = trimmed.lowercased()
            for list in entries {
                var top: CallerIndex.Match?
                let exact = list.first.map { $0.account.lowercased() == lowered } ?? false
                for e in list where terms.allSatisfy({ Self.holds(e.text, $0) }) {
                    var score = 10
                    if exact { score = 100 }
                    else if e.name.hasPrefix(first) { score = 50 }
                    else if e.name.contains(" " + first) { score = 40 }
                    if e.contact == nil { score += 1 }
                    if score > (top?.score ?? 0) { top = CallerIndex.Match(account: e.account, contact: e.contact, score: score) }
                }
                if let top { best.append(top) }
            }
        }
        return Array(best.sorted { ($1.score, $0.account) < ($0.score, $1.account) }.prefix(limit))
    }
}

@Suite struct CallerIndexAgreementTests {
    /// The demo book and some awkward names: accents, other scripts, combining marks next to
    /// a match, a space after a non-ASCII letter, punctuation other characters equal, a
    /// newline and a tab, ids that differ only in case, people without email or phone.
    static func book(accounts: Int = 150) throws -> Book {
        var book = Book(events: DemoBook(accounts: accounts, now: testNow).events())
        let extra: [Event] = [
            ev("account.open", "ODD", ["name": "Ωmega ;Trading Smith", "tier": "small", "phone": "+44 (0)161 496 0999", "email": "Ω@odd.example"]),
            ev("contact.add", "P-ODD-1", ["account": "ODD", "name": "Ana\u{20DD}bel Smith", "email": "anabel@odd.example"]),
            ev("contact.add", "P-ODD-2", ["account": "ODD", "name": "Σμιθ smithers", "role": "Buyer"]),
            ev("contact.add", "P-ODD-3", ["account": "ODD", "name": ";semi Colon", "phone": "0044 20 7946 0999"]),
            ev("contact.add", "P-ODD-4", ["account": "ODD", "name": "Ka\u{0301}te McDONALD", "phone": "+1 (555) 0100"]),
            ev("contact.add", "P-ODD-5", ["account": "ODD", "name": "s", "email": "s@s.example"]),
            ev("contact.add", "P-ODD-6", ["account": "ODD", "name": "Smith\u{0308}y Ámith"]),
            ev("contact.add", "P-ODD-7", ["account": "ODD", "name": "Line\nBreak Smith", "role": "Tab\tRole", "phone": "☎ 020 7946 0777"]),
            ev("account.open", "CASE", ["name": "Upper Case Ltd", "tier": "small"]),
            ev("account.open", "case", ["name": "lower case ltd", "tier": "small"]),
            ev("contact.add", "P-CASE-1", ["account": "case", "name": "Cass Smith", "email": "cass@case.example"]),
        ]
        for event in extra { try book.apply(event) }
        return book
    }

    /// Fragments people type: fixed ones, and pieces of the book's own entries.
    static func queries(_ plain: PlainCallerSearch) -> [String] {
        var queries = ["smith acm", "zoe mu", "ac", "e", "an", "p-1", "a1", "sam patel", "σοφία", "müller", "o'b", "acme ltd 5",
                       "ltd", "jo", "x", "@acme", ".example", "ceo", "buyer", "bob", "A1", "SMITH ACME", "  smith  ", "smith",
                       "ana", "anabel", "ab", "bel", "σμιθ", "σμιθ smi", "smi", ";semi", "semi", "kate", "ka", "mcdonald", "s", "s s",
                       "case", "CASE", "cass", "Ω", "ωmega", "odd", "p-odd", "smithy", "smith\u{0308}", "amith", "0999", "496 0999",
                       "+44 20 7946 0999", "0100", "555", "07700", "zzz", "e e e", "a b", "\u{0301}", "q", "1", "12", "a22",
                       "0777", "20 7946 0777", "line", "break", "break smith", "line break", "tab\trole", "b\tr", "ex", "exam", "example acm", "cm"]
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let all = plain.entries.flatMap { $0 }
        for _ in 0..<100 {
            let e = all[next(all.count)]
            let text = e.text.dropLast()
            guard !text.isEmpty else { continue }
            let start = next(text.count)
            let piece = String(decoding: text[start...].prefix(1 + next(8)), as: UTF8.self)
            let other = all[next(all.count)].text.dropLast()
            let word = other.split(separator: 0x20).first.map { String(decoding: $0.prefix(1 + next(5)), as: UTF8.self) } ?? ""
            queries.append(piece)
            queries.append(piece + " " + word)
            if !e.phone.isEmpty {
                let s = next(e.phone.count)
                queries.append(String(decoding: e.phone[s...].prefix(3 + next(5)), as: UTF8.self))
            }
        }
        return queries
    }

    @Test func searchesAgreeWithAPlainSearch() throws {
        // The demo book alone has pairs every entry holds (its addresses are all @acme.example).
        for book in [try Self.book(), Book(events: DemoBook(accounts: 40, now: testNow).events())] {
            let index = CallerIndex(book: book)
            let plain = PlainCallerSearch(book: book)
            #expect(index.count == book.accounts.count + book.contacts.count)
            for query in Self.queries(plain) {
                #expect(index.search(query, limit: 10_000) == plain.search(query, limit: 10_000), "\(query)")
                #expect(index.search(query, limit: 7) == plain.search(query, limit: 7), "\(query), limit 7")
            }
        }
    }

    @Test func typingAKeyAtATimeAgreesWithAPlainSearch() throws {
        let book = try Self.book()
        let index = CallerIndex(book: book)
        let plain = PlainCallerSearch(book: book)
        for query in Self.queries(plain).prefix(120) + ["smith acme ltd", "ka\u{0301}te mc", "p-odd-1 ana"] {
            var narrowing: CallerIndex.Narrowing?
            for end in 1...max(1, query.count) {
                let prefix = String(query.prefix(end))
                let step = index.search(prefix, limit: 25, narrowing: narrowing)
                #expect(step.matches == plain.search(prefix, limit: 25), "\(prefix) typed")
                narrowing = step.narrowing
            }
        }
    }

    @Test func refreshedEntriesAreFoundAndOldOnesAreNot() throws {
        var book = try Self.book(accounts: 60)
        var index = CallerIndex(book: book)
        let before = index.search("smith", limit: 25, narrowing: nil)
        let someone = try #require(book.contacts.values.sorted { $0.id < $1.id }.first { $0.account != "ODD" })
        let from = someone.account
        try book.apply(ev("contact.amend", someone.id, ["name": "Quentin Smithwick", "email": "quentin@new.example"]))
        try book.apply(ev("contact.move", someone.id, ["account": "ODD"]))
        try book.apply(ev("account.amend", "CASE", ["name": "Smithfield Upper"]))
        try book.apply(ev("account.open", "NEW1", ["name": "Brand New Smith Co", "tier": "small", "phone": "020 7946 4242"]))
        try book.apply(ev("contact.add", "P-NEW-1", ["account": "NEW1", "name": "Nadia Smith", "phone": "07700 424242"]))
        index.refresh(accounts: [from, "ODD", "CASE", "NEW1"], in: book)
        let plain = PlainCallerSearch(book: book)
        #expect(index.count == book.accounts.count + book.contacts.count)
        for query in Self.queries(plain).prefix(150) + ["quentin", "smithwick", "smithfield", "nadia smith", "4242", "brand new", "new1"] {
            #expect(index.search(query, limit: 10_000) == plain.search(query, limit: 10_000), "\(query) after a refresh")
        }
        // Typed a key at a time, the refreshed entries (beyond the pair index) are found too.
        for query in ["quentin smi", "smith acme", "nadia", "smithf", "4242", "0999"] {
            CallerIndexTests.type(query, into: index, limit: 25) { plain.search($0, limit: 25) }
        }
        // A narrowing from before the refresh is not trusted.
        let after = index.search("smithw", limit: 25, narrowing: before.narrowing)
        #expect(after.matches == plain.search("smithw", limit: 25))
        #expect(after.matches.first?.contact == someone.id)

        // Refreshing most accounts builds the index afresh; it still agrees.
        var narrowing = after.narrowing
        index.refresh(accounts: Set(book.accountOrder.prefix(book.accountOrder.count * 3 / 4)), in: book)
        index.refresh(accounts: Set(book.accountOrder), in: book)
        #expect(index.count == book.accounts.count + book.contacts.count)
        for query in ["smith", "smithwi", "quentin smi", "0999", "zoe", "a1"] {
            let step = index.search(query, limit: 40, narrowing: narrowing)
            #expect(step.matches == plain.search(query, limit: 40), "\(query) after rebuilding")
            narrowing = step.narrowing
        }
    }

    @Test func aReReadAccountIsRewrittenInItsPlaceWhenItFits() throws {
        var book = try Self.book(accounts: 40)
        var index = CallerIndex(book: book)
        // A demo account and one of its people with a phone number (ODD's newline in a
        // name is checked last: such an entry is always added afresh).
        let person = try #require(book.contacts.values.first { $0.phone != nil && $0.account != "ODD" })
        let account = person.account
        let phones = ["0044 20 7946 0888", "0044 20 7946 0999"]
        let name = try #require(book.accounts[account]?.name)
        func check(_ queries: [String], _ comment: String) {
            let plain = PlainCallerSearch(book: book)
            for query in Self.queries(plain).prefix(60) + queries {
                #expect(index.search(query, limit: 10_000) == plain.search(query, limit: 10_000), "\(query) \(comment)")
            }
            #expect(index.count == book.accounts.count + book.contacts.count)
        }
        // The first re-read moves the account's entries past the pair index.
        try book.apply(ev("account.amend", account, ["owner": "bench-a"]))
        index.refresh(accounts: [account], in: book)
        var moved = index.stored
        check(["bench-a", "bench"], "after the first re-read")

        // Owners and a phone number of the same length, back and forth: nothing is added.
        for round in 0..<6 {
            let owner = round % 2 == 0 ? "bench-b" : "bench-a"
            try book.apply(ev("account.amend", account, ["owner": owner]))
            try book.apply(ev("contact.amend", person.id, ["phone": phones[round % 2]]))
            if round == 0 {
                // The first phone change may change its length; from then on it fits.
                index.refresh(accounts: [account], in: book)
                moved = index.stored
                continue
            }
            index.refresh(accounts: [account], in: book)
            #expect(index.stored == moved, "round \(round)")
            check([owner, "bench-\(round % 2 == 0 ? "a" : "b")", "0888", "0999", "7946 0888"], "after round \(round)")
        }
        // A shorter name fits; what is left of the old one is never found.
        try book.apply(ev("account.amend", account, ["name": "Ωm Smith"]))
        index.refresh(accounts: [account], in: book)
        #expect(index.stored == moved)
        check(["ωm smith", TextFolding.fold(name), String(TextFolding.fold(name).suffix(4))], "after a shorter name")
        // A longer name does not fit: new entries are added and the old ones die.
        try book.apply(ev("account.amend", account, ["name": name + " Trading and Shipping"]))
        index.refresh(accounts: [account], in: book)
        #expect(index.stored.entries > moved.entries)
        check(["shipping", "ωm smith"], "after a longer name")
        // Someone new joins: the people differ, so the entries are added afresh.
        var grown = index.stored
        try book.apply(ev("contact.add", "P-NEWT", ["account": account, "name": "Newt Smith", "phone": "020 7946 0555"]))
        index.refresh(accounts: [account], in: book)
        #expect(index.stored.entries > grown.entries)
        check(["newt", "0555"], "after someone joined")
        // An account with a newline in a person's name is always added afresh.
        for (i, owner) in ["odd-a", "odd-b"].enumerated() {
            grown = index.stored
            try book.apply(ev("account.amend", "ODD", ["owner": owner]))
            index.refresh(accounts: ["ODD"], in: book)
            #expect(index.stored.entries > grown.entries, "ODD, re-read \(i + 1)")
            check([owner, "line break"], "after ODD's owner became \(owner)")
        }
    }
}
