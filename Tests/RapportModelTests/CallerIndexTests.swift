import Testing
@testable import RapportModel

@Suite struct CallerIndexTests {
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

    @Test func narrowingFromTheLastKeystrokeFindsWhatAFreshSearchFinds() throws {
        let events = DemoBook(accounts: 80, now: testNow).events()
        let index = CallerIndex(book: Book(events: events))
        for query in ["smith acm", "zoe mu", "07700 0000", "+44 20 7946 00", "acme 2", "0199"] {
            var narrowing: CallerIndex.Narrowing?
            for end in 1...query.count {
                let prefix = String(query.prefix(end))
                let step = index.search(prefix, limit: 500, narrowing: narrowing)
                #expect(step.matches == index.search(prefix, limit: 500), "\(prefix) after narrowing")
                narrowing = step.narrowing
            }
        }
    }
}
