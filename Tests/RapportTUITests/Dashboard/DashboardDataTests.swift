import RapportJournal
import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import RapportTUI

/// The dashboard's derived data kept up to date piece by piece (after appends, as filters
/// grow) must equal the same data worked out from scratch.
@Suite struct DashboardDataTests {
    static let now = Timestamp(iso8601: "2026-11-22T12:00:00Z")!

    static func demo(accounts: Int) -> LoadedBook {
        var loaded = LoadedBook(path: "demo")
        for (i, event) in DemoBook(accounts: accounts, now: now).events().enumerated() { loaded.apply(event, line: i + 1) }
        return loaded
    }

    static func same(_ a: DashboardData, _ b: DashboardData) {
        #expect(a.accounts.map(\.id) == b.accounts.map(\.id))
        #expect(a.accounts.map(\.health) == b.accounts.map(\.health))
        #expect(a.payments.map(\.invoice) == b.payments.map(\.invoice))
        #expect(a.payments.map(\.outstanding) == b.payments.map(\.outstanding))
        #expect(a.openComplaintCount == b.openComplaintCount)
        for bucket in AgingBucket.allCases {
            #expect((a.aging.buckets[bucket] ?? MoneyTotals()).amounts == (b.aging.buckets[bucket] ?? MoneyTotals()).amounts, "\(bucket)")
        }
        #expect(a.complaints.map(\.complaint.id) == b.complaints.map(\.complaint.id))
        // The filters' text is in step with the rows: the same words find the same rows.
        for filter in ["a", "acme", "inv", "bob", "zz"] + a.accounts.prefix(2).map(\.id) + a.payments.prefix(2).map(\.invoice) {
            #expect(a.visibleRows(.accounts, account: nil, filter: filter).map { a.accounts[$0].id }
                    == b.visibleRows(.accounts, account: nil, filter: filter).map { b.accounts[$0].id }, "\(filter)")
            #expect(a.visibleRows(.payments, account: nil, filter: filter).map { a.payments[$0].invoice }
                    == b.visibleRows(.payments, account: nil, filter: filter).map { b.payments[$0].invoice }, "\(filter)")
        }
    }

    @Test func appendsUpdateRowsAgingAndCountsAsAFreshStartWould() throws {
        var data = DashboardData(loaded: Self.demo(accounts: 40), now: Self.now)
        let book = data.book
        // The start counts the open complaints as each half makes its rows.
        #expect(data.openComplaintCount == book.accountOrder.reduce(0) { $0 + book.openComplaintCount(of: $1, at: Self.now) })
        #expect(data.openComplaintCount > 0)
        let owing = try #require(book.accountOrder.first { !book.openInvoices(of: $0, asOf: Self.now.day).isEmpty })
        let invoice = try #require(book.openInvoices(of: owing, asOf: Self.now.day).first)
        let other = try #require(book.accountOrder.last)
        let t = Self.now.adding(seconds: -60)
        let events = [
            Event(time: t, author: "t", verb: .paymentRecord, subject: "PAY-T1",
                  fields: [.init("invoice", invoice.invoice.id), .init("amount", invoice.outstanding.plain), .init("currency", invoice.outstanding.currency.code), .init("date", "2026-11-22")]),
            Event(time: t, author: "t", verb: .invoiceIssue, subject: "INV-T1",
                  fields: [.init("account", other), .init("amount", "99.00"), .init("currency", "GBP"), .init("issued", "2026-08-01"), .init("due", "2026-08-31")]),
            Event(time: t, author: "t", verb: .complaintOpen, subject: "C-T1",
                  fields: [.init("account", other), .init("severity", "1"), .init("category", "billing"), .init("summary", "Charged twice")]),
        ]
        let before = data.payments.count
        for event in events {
            var next = data.takeLoaded()
            let result = next.apply(event, line: 0)
            let touched = try #require(result, "\(event.verb) refused: \(next.problems.last?.message ?? "")")
            data.applied([(event, touched)], to: next)
        }
        #expect(data.payments.count == before, "one invoice paid off, one new one owed")
        #expect(data.payments.contains { $0.invoice == "INV-T1" })
        #expect(!data.payments.contains { $0.invoice == invoice.invoice.id })
        Self.same(data, DashboardData(loaded: data.loaded, now: Self.now))
    }

    @Test("the Payments pane's aging totals are the book's while nothing narrows the list, else the listed invoices' own")
    func paymentsTotalsFollowTheList() throws {
        let data = DashboardData(loaded: Self.demo(accounts: 40), now: Self.now)
        func amounts(_ aging: AgingSummary) -> [[Money]] {
            AgingBucket.allCases.map { (aging.buckets[$0] ?? MoneyTotals()).amounts }
        }
        // Added one at a time, as the start once did, rather than as the pane's sum does.
        func added(_ rows: [Int]) -> [[Money]] {
            var aging = AgingSummary(buckets: [:])
            for r in rows { aging.add(data.payments[r].outstanding, daysOverdue: data.payments[r].daysOverdue) }
            return amounts(aging)
        }
        #expect(amounts(data.visibleAging(account: nil, filter: "")) == amounts(data.aging))
        #expect(amounts(data.aging) == added(Array(data.payments.indices)))
        var narrowed = 0
        for filter in ["a", "gmbh", "zz"] + data.payments.prefix(3).map(\.accountName) + data.payments.suffix(2).map(\.invoice) {
            let rows = data.visibleRows(.payments, account: nil, filter: filter)
            #expect(amounts(data.visibleAging(account: nil, filter: filter)) == added(rows), "\(filter)")
            if rows.count < data.payments.count { narrowed += 1 }
        }
        #expect(narrowed >= 5, "the filters narrow the list, so the book's totals would not pass")
        // One account shown everywhere: its own unpaid invoices, as the book lists them.
        let owing = try #require(data.book.accountOrder.first { data.book.openInvoices(of: $0, asOf: Self.now.day).count >= 2 })
        var own = AgingSummary(buckets: [:])
        for open in data.book.openInvoices(of: owing, asOf: Self.now.day) { own.add(open.outstanding, daysOverdue: open.daysOverdue) }
        #expect(amounts(data.visibleAging(account: owing, filter: "")) == amounts(own))
        #expect(amounts(own) != amounts(data.aging))
        // Kept for the filter: the second ask is answered from what the first worked out.
        #expect(amounts(data.visibleAging(account: owing, filter: "")) == amounts(own))
    }

    @Test("a complaint stamped after the start, within the minute, is queued and counted once the clock reaches it")
    func aComplaintOpenedAfterTheStartIsQueued() throws {
        var data = DashboardData(loaded: Self.demo(accounts: 40), now: Self.now)
        let other = try #require(data.book.accountOrder.last)
        let later = Self.now.adding(seconds: 30)
        let event = Event(time: later, author: "t", verb: .complaintOpen, subject: "C-LATER",
                          fields: [.init("account", other), .init("severity", "1"), .init("category", "billing"), .init("summary", "Charged twice")])
        // As the dashboard does before taking in what was just written: the clock to this second.
        data.advance(to: later, reorderQueue: false)
        var next = data.takeLoaded()
        let result = next.apply(event, line: 0)
        let touched = try #require(result)
        data.applied([(event, touched)], to: next)
        #expect(data.complaints.contains { $0.complaint.id == "C-LATER" })
        #expect(data.queue.now == later)
        Self.same(data, DashboardData(loaded: data.loaded, now: later))
    }

    @Test("appends find an account's rows whether the row lookup is still being built, taken in, or shared by a copy")
    func appendsFindRowsWhicheverWayTheLookupArrives() throws {
        let loaded = Self.demo(accounts: 40)
        let book = loaded.book
        let other = try #require(book.accountOrder.last)
        let event = Event(time: Self.now.adding(seconds: -60), author: "t", verb: .invoiceIssue, subject: "INV-T9",
                          fields: [.init("account", other), .init("amount", "99.00"), .init("currency", "GBP"), .init("issued", "2026-08-01"), .init("due", "2026-08-31")])
        func append(to data: inout DashboardData) throws {
            var next = data.takeLoaded()
            let result = next.apply(event, line: 0)
            let touched = try #require(result)
            data.applied([(event, touched)], to: next)
        }
        // Straight after the start: the append waits for the lookup's build.
        var early = DashboardData(loaded: loaded, now: Self.now)
        let copy = early
        try append(to: &early)
        // Taken in first, as the dashboard's loop does once the build has finished.
        var adopted = DashboardData(loaded: loaded, now: Self.now)
        for _ in 0..<2000 where !adopted.rowLookupTakenIn {
            adopted.adoptRowLookup()
            usleep(1000)
        }
        #expect(adopted.rowLookupTakenIn)
        try append(to: &adopted)
        // A copy made before the first append shares the same build and can still use it.
        var later = copy
        try append(to: &later)
        for data in [early, adopted, later] {
            #expect(data.payments.filter { $0.invoice == "INV-T9" }.count == 1)
            #expect(data.accounts.filter { $0.id == other }.count == 1)
            Self.same(data, DashboardData(loaded: data.loaded, now: Self.now))
        }
    }

    @Test("work started on another core can be waited for and polled any number of times")
    func parallelWorkCanBeCollectedMoreThanOnce() {
        let job = Parallel.start { 42 }
        #expect(job.wait() == 42)
        #expect(job.wait() == 42)
        #expect(job.poll() == 42)
        #expect(job.poll() == 42)
    }

    @Test("a value built on another core reads the same before it is taken in, once taken in, and from a copy made before")
    func pendingValueReadsTheSameWhicheverWayItArrives() {
        var pending = Pending(Parallel.start { (0..<1000).reduce(0, +) })
        let copy = pending
        #expect(pending.current == 499_500)
        #expect(pending.source() == 499_500)
        pending.settle()
        #expect(pending.isTakenIn && pending.value == 499_500)
        pending.value! += 1
        #expect(pending.current == 499_501 && pending.source() == 499_501)
        // The copy still has the build, untouched by the change made after it.
        #expect(!copy.isTakenIn && copy.current == 499_500)
        var late = copy
        for _ in 0..<2000 where !late.isTakenIn {
            late.adopt()
            usleep(1000)
        }
        #expect(late.value == 499_500)
    }

    @Test("after appends of every kind, the kept caller index finds what a fresh one finds; only name and number changes re-read it")
    func callerIndexKeptUpToDate() throws {
        var data = DashboardData(loaded: Self.demo(accounts: 30), now: Self.now)
        data.adoptCallerIndex(wait: true)
        let book = data.book
        let first = try #require(book.accountOrder.first), last = try #require(book.accountOrder.last)
        let someone = try #require(book.contactsByAccount[first]?.first)
        let t = Self.now.adding(seconds: -60)
        let events = [
            Event(time: t, author: "t", verb: .interactionLog, subject: first, fields: [.init("kind", "call"), .init("sentiment", "1"), .init("summary", "Quentin rang")]),
            Event(time: t, author: "t", verb: .contactAdd, subject: "P-T1", fields: [.init("account", last), .init("name", "Quentin Quasar"), .init("phone", "07700 424242")]),
            Event(time: t, author: "t", verb: .accountAmend, subject: first, fields: [.init("name", "Zebulon Trading"), .init("phone", "+44 20 7946 9999")]),
            Event(time: t, author: "t", verb: .contactMove, subject: someone, fields: [.init("account", last)]),
            Event(time: t, author: "t", verb: .contactAmend, subject: "P-T1", fields: [.init("email", "quentin@quasar.example")]),
            Event(time: t, author: "t", verb: .complaintOpen, subject: "C-T9", fields: [.init("account", last), .init("severity", "2"), .init("category", "billing"), .init("summary", "Zebulon overcharged")]),
        ]
        for event in events {
            var next = data.takeLoaded()
            let result = next.apply(event, line: 0)
            let touched = try #require(result, "\(event.verb) refused: \(next.problems.last?.message ?? "")")
            data.applied([(event, touched)], to: next)
        }
        let kept = try #require(data.callerIndex)
        let fresh = CallerIndex(book: data.book)
        #expect(kept.count == fresh.count)
        let name = try #require(data.book.contacts[someone]?.name)
        for query in ["quasar", "424242", "quentin@quasar", "zebulon", "9999", name, "smith", "a", "07700", first.lowercased(), last] {
            let a = kept.search(query, limit: 50).map { "\($0.account) \($0.contact ?? "-")" }
            let b = fresh.search(query, limit: 50).map { "\($0.account) \($0.contact ?? "-")" }
            #expect(a == b, "\(query)")
        }
        #expect(kept.search("quasar").first?.account == last)
        #expect(kept.search("zebulon").first?.account == first)
        #expect(CallerIndex.isChanged(by: .contactMove) && !CallerIndex.isChanged(by: .interactionLog) && !CallerIndex.isChanged(by: .complaintOpen))
    }

    @Test("an index full of dead entries is rebuilt in the background and taken in with what changed meanwhile")
    func callerIndexRebuiltInTheBackground() throws {
        var data = DashboardData(loaded: Self.demo(accounts: 30), now: Self.now)
        data.adoptCallerIndex(wait: true)
        let ids = data.book.accountOrder
        let t = Self.now.adding(seconds: -60)
        var round = 0
        while !data.callerIndexPending {
            round += 1
            try #require(round < 500, "no rebuild was started")
            let id = ids[round % ids.count]
            let event = Event(time: t, author: "t", verb: .accountAmend, subject: id, fields: [.init("owner", "owner\(round)")])
            var next = data.takeLoaded()
            let result = next.apply(event, line: 0)
            let touched = try #require(result)
            data.applied([(event, touched)], to: next)
        }
        #expect(data.callerIndex != nil, "the old index answers while the new one is built")
        // A change made while the fresh index is being built is not lost.
        let late = Event(time: t, author: "t", verb: .contactAdd, subject: "P-LATE", fields: [.init("account", ids[0]), .init("name", "Xavier Latecomer")])
        var next = data.takeLoaded()
        let result = next.apply(late, line: 0)
        let touched = try #require(result)
        data.applied([(late, touched)], to: next)
        let taken = data.adoptCallerIndex(wait: true)
        #expect(taken)
        #expect(!data.callerIndexPending)
        let index = try #require(data.callerIndex)
        #expect(!index.wantsRebuild)
        #expect(index.count == CallerIndex(book: data.book).count)
        #expect(index.search("latecomer").first?.contact == "P-LATE")
        #expect(index.search("owner\(round)").first?.account == ids[round % ids.count])
    }

    /// The rows a filter must find, worked out the slow way: every term in the row's text.
    static func expectedRows(_ data: DashboardData, _ pane: DashboardPane, _ query: String) -> [Int] {
        let terms = TextFolding.fold(query).split(separator: " ").map(String.init)
        let texts = pane == .accounts ? data.accounts.map(\.search) : data.payments.map(\.search)
        return texts.indices.filter { i in terms.allSatisfy { texts[i].replacingOccurrences(of: "\n", with: " ").contains($0) } }
    }

    @Test("the Accounts and Payments search text, built on another core after the start, finds what a row-by-row search finds, before it is taken in and after")
    func searchTextBuiltAfterTheStartFindsWhatARowByRowSearchFinds() {
        var data = DashboardData(loaded: Self.demo(accounts: 120), now: Self.now)
        #expect(data.accounts.count == 120)
        for row in data.accounts { #expect(row.search == TextFolding.fold("\(row.name) \(row.id) \(row.owner) \(row.status.label)")) }
        for row in data.payments { #expect(row.search == TextFolding.fold("\(row.invoice) \(row.accountName) \(row.account)")) }
        let queries = ["a", "acme", "ltd 1", "zzz", "ø", "inv-1", "a1"]
        // Straight after the start, as a key typed at once: the filter waits for the text.
        for pane in [DashboardPane.accounts, .payments] {
            for query in queries {
                #expect(data.visibleRows(pane, account: nil, filter: query) == Self.expectedRows(data, pane, query), "\(pane) \(query)")
            }
        }
        // Taken in, as the run loop does once it is built; asked afresh.
        data.adoptRowLookup(wait: true)
        #expect(data.rowTextTakenIn)
        data.forgetDerivedViews()
        for pane in [DashboardPane.accounts, .payments] {
            for query in queries {
                #expect(data.visibleRows(pane, account: nil, filter: query) == Self.expectedRows(data, pane, query), "\(pane) \(query)")
            }
        }
    }

    @Test("search text built ahead on another core gives the same rows as text built on demand")
    func warmedSearchTextFindsTheSameRows() {
        let loaded = Self.demo(accounts: 60)
        let warmed = DashboardData(loaded: loaded, now: Self.now)
        warmed.warmSearchText()
        usleep(200_000)
        for pane in [DashboardPane.accounts, .payments, .complaints] {
            for query in ["a", "acme", "ltd 1", "zzz", "ø"] {
                let cold = DashboardData(loaded: loaded, now: Self.now)
                #expect(warmed.visibleRows(pane, account: nil, filter: query) == cold.visibleRows(pane, account: nil, filter: query), "\(pane) \(query)")
            }
        }
    }

    @Test("a new minute keeps the Accounts and Payments search text, and filters still find what a fresh start would")
    func aNewMinuteKeepsSearchText() {
        let loaded = Self.demo(accounts: 40)
        var data = DashboardData(loaded: loaded, now: Self.now)
        _ = data.visibleRows(.accounts, account: nil, filter: "acme")
        _ = data.visibleRows(.payments, account: nil, filter: "acme")
        let later = Self.now.adding(seconds: 3600)
        data.advance(to: later, reorderQueue: true)
        #expect(!data.derived.hasSearchText(.complaints), "the queue's order changed: its text is built again")
        let fresh = DashboardData(loaded: loaded, now: later)
        for pane in [DashboardPane.accounts, .payments, .complaints] {
            #expect(data.visibleRows(pane, account: nil, filter: "ltd") == fresh.visibleRows(pane, account: nil, filter: "ltd"))
        }
    }

    @Test func aFilterTypedCharacterByCharacterFindsWhatItWouldFromScratch() {
        let loaded = Self.demo(accounts: 60)
        let typed = DashboardData(loaded: loaded, now: Self.now)
        for pane in [DashboardPane.accounts, .complaints, .payments] {
            for query in ["a", "ac", "acm", "acme", "acme l", "ltd a", "zz"] {
                let narrowed = typed.visibleRows(pane, account: nil, filter: query)
                let fresh = DashboardData(loaded: loaded, now: Self.now).visibleRows(pane, account: nil, filter: query)
                #expect(narrowed == fresh, "\(pane) \"\(query)\"")
            }
        }
        let account = typed.accounts[3].id
        for query in ["", "i", "in", "inv"] {
            #expect(typed.visibleRows(.payments, account: account, filter: query)
                    == DashboardData(loaded: loaded, now: Self.now).visibleRows(.payments, account: account, filter: query))
        }
        #expect(typed.visibleRows(.accounts, account: nil, filter: "zz").isEmpty)
    }

    @Test func aSavedComplaintFilterCombinesWithTheTextFilter() {
        let loaded = Self.demo(accounts: 60)
        let data = DashboardData(loaded: loaded, now: Self.now)
        let unassigned = data.visibleRows(.complaints, account: nil, filter: "", saved: .unassigned)
        #expect(unassigned == data.complaints.indices.filter { data.complaints[$0].complaint.owner == nil })
        let text = data.visibleRows(.complaints, account: nil, filter: "c-", saved: nil)
        let both = data.visibleRows(.complaints, account: nil, filter: "c-", saved: .unassigned)
        #expect(both == text.filter(unassigned.contains))
    }

    @Test func searchLinesMatchEveryTermAnywhereInALine() {
        let lines = SearchLines(["acme trading ltd a1", "jane smith acme", "smithson & co", "zoe muller\nsecond line"])
        #expect(lines.rows(matching: ["smith"], among: nil) == [1, 2])
        #expect(lines.rows(matching: ["smith", "acme"], among: nil) == [1])
        #expect(lines.rows(matching: ["acme"], among: [1, 2]) == [1])
        #expect(lines.rows(matching: ["muller second"], among: nil) == [3], "a newline inside a row is a space")
        #expect(lines.rows(matching: ["ltd a1\njane"], among: nil).isEmpty, "a match never spans two rows")
        #expect(lines.rows(matching: [], among: nil) == [0, 1, 2, 3])
    }

    @Test("search text changed row by row finds what text built afresh finds, through many rewrites of its buffer")
    func searchLinesFollowRemovesAndInserts() {
        var random = SeededRandom(seed: 7)
        let words = ["acme", "smith", "ltd", "north", "ørsted", "a1", "jane", "co", "x"]
        // Lines of all lengths: a short one fits in a freed line, a long one goes at the end
        // of the buffer, and the unused bytes that leaves make the buffer be written afresh.
        func line() -> String {
            (0..<random.int(1...(random.chance(0.2) ? 60 : 4))).map { _ in random.pick(words) }.joined(separator: " ")
        }
        var rows = (0..<300).map { _ in line() }
        var lines = SearchLines(rows)
        for step in 0..<3000 {
            if random.chance(0.5), !rows.isEmpty {
                let at = random.int(0...(rows.count - 1))
                rows.remove(at: at)
                lines.remove(at: at)
            } else {
                let at = random.int(0...rows.count)
                let text = line()
                rows.insert(text, at: at)
                lines.insert(text, at: at)
            }
            guard step % 50 == 0 else { continue }
            let fresh = SearchLines(rows)
            #expect(lines.count == rows.count)
            for terms in [["a"], ["aa"], ["smith"], ["acme", "ltd"], ["ørsted"], ["co x"], ["zzz"]] {
                #expect(lines.rows(matching: terms, among: nil) == fresh.rows(matching: terms, among: nil), "step \(step) \(terms)")
                #expect(lines.rows(matching: terms, among: nil) == rows.indices.filter { i in terms.allSatisfy { rows[i].contains($0) } }, "step \(step) \(terms)")
                let among = Array(stride(from: 0, to: rows.count, by: 3))
                #expect(lines.rows(matching: terms, among: among) == fresh.rows(matching: terms, among: among), "step \(step) \(terms)")
            }
        }
    }

    @Test("after appends, the Accounts and Payments search text changed with the rows finds what a fresh start and a row-by-row search find")
    func appendsChangeTheSearchTextWithTheRows() throws {
        var data = DashboardData(loaded: Self.demo(accounts: 60), now: Self.now)
        _ = data.visibleRows(.accounts, account: nil, filter: "a")
        _ = data.visibleRows(.payments, account: nil, filter: "a")
        let book = data.book
        let owing = try #require(book.accountOrder.first { !book.openInvoices(of: $0, asOf: Self.now.day).isEmpty })
        let invoice = try #require(book.openInvoices(of: owing, asOf: Self.now.day).first)
        let t = Self.now.adding(seconds: -60)
        let events = [
            Event(time: t, author: "t", verb: .accountAmend, subject: owing, fields: [.init("name", "Zebedee Ørsted Holdings")]),
            Event(time: t, author: "t", verb: .paymentRecord, subject: "PAY-T1",
                  fields: [.init("invoice", invoice.invoice.id), .init("amount", invoice.outstanding.plain), .init("currency", invoice.outstanding.currency.code), .init("date", "2026-11-22")]),
            Event(time: t, author: "t", verb: .invoiceIssue, subject: "INV-T1",
                  fields: [.init("account", owing), .init("amount", "99.00"), .init("currency", "GBP"), .init("issued", "2026-08-01"), .init("due", "2026-08-31")]),
            Event(time: t, author: "t", verb: .complaintOpen, subject: "C-T1",
                  fields: [.init("account", book.accountOrder[3]), .init("severity", "1"), .init("category", "billing"), .init("summary", "Charged twice")]),
        ]
        for event in events {
            var next = data.takeLoaded()
            let result = next.apply(event, line: 0)
            let touched = try #require(result, "\(event.verb) refused")
            data.applied([(event, touched)], to: next)
        }
        let fresh = DashboardData(loaded: data.loaded, now: Self.now)
        for pane in [DashboardPane.accounts, .payments] {
            for query in ["a", "zebedee", "ørsted hold", "inv-t1", "acme", "zzz"] {
                #expect(data.visibleRows(pane, account: nil, filter: query) == fresh.visibleRows(pane, account: nil, filter: query), "\(pane) \(query)")
                #expect(data.visibleRows(pane, account: nil, filter: query) == Self.expectedRows(data, pane, query), "\(pane) \(query)")
            }
        }
    }

    @Test("names sort as String's < sorts them, composed or not, whichever way they are compared")
    func sortNamesOrderAsStrings() {
        var random = SeededRandom(seed: 9)
        // Greek and Cyrillic as well: composed letters ("ό", "й") beside the same letters
        // decomposed, and the few scalars of those blocks that composing changes (U+0374,
        // U+037E and U+0387 become other scalars; U+0483 is a combining mark).
        let pieces = ["a", "Z", "é", "e\u{301}", "\u{301}", "Š", "S\u{30C}", "ß", "山", "か", "한", "Ω", "ω", "\u{212B}", "Å", "ﬁ", " ", "1", "😀",
                      "ό", "ο\u{301}", "Β", "\u{374}", "\u{2B9}", "\u{37E}", ";", "\u{387}", "·", "й", "и\u{306}", "Ж", "ё", "\u{483}", "Ա"]
        let names = (0..<400).map { _ in (0..<random.int(0...5)).map { _ in random.pick(pieces) }.joined() }
        for a in names.prefix(120) {
            for b in names {
                #expect((SortName(a) < SortName(b)) == (a < b), "\(a.debugDescription) < \(b.debugDescription)")
                // Equal where neither comes first: for a decomposed name and a longer precomposed
                // one that starts the same ("S\u{30C}a", "Š"), `String` finds neither before the
                // other, yet not equal either, and a sort can only follow `<`.
                #expect((SortName(a) == SortName(b)) == (!(a < b) && !(b < a)), "\(a.debugDescription) == \(b.debugDescription)")
            }
        }
    }

    @Test("the start-up sort of account rows gives the order appends insert by, ties, odd names and all")
    func startUpSortAgreesWithTheInsertionOrder() {
        var random = SeededRandom(seed: 11)
        let names = ["Acme", "acme", "Škoda", "S\u{30C}koda", "Škodaa", "山田", "Zoë", "Zoe\u{308}", "", "Ω Ltd", "\u{212B}ngström",
                     // Alike for eight bytes and more, and one a prefix of another.
                     "Acme Holdings 1", "Acme Holdings 12", "Acme Holdings 2", "Acme Hol", "Acme Ho", "Acme Holdings",
                     // Alike but for trailing NULs, which the keys' zero padding must not hide.
                     "Acme\u{0}", "Acme\u{0}\u{0}", "Acme Holdings 123456789", "Acme Holdings 12345678\u{0}"]
        var rows = (0..<600).map { i in
            DashboardData.AccountRow(id: random.chance(0.1) ? "A\u{301}\(i % 7)" : "A\(random.int(1...50))", name: random.pick(names), tier: .small,
                                     owner: "", status: .active, health: random.int(40...44), label: .allCases[0], openComplaints: 0,
                                     oldestOverdueDays: nil, flags: [], healthFlags: [])
        }
        let original = rows
        let order = DashboardData.sortRows(&rows).order
        #expect(rows.map { ObjectIdentifier($0) } == order.map { ObjectIdentifier(original[$0]) })
        func inOrder(_ rows: [DashboardData.AccountRow]) {
            for k in rows.indices.dropFirst() {
                let (earlier, later) = (rows[k - 1], rows[k])
                #expect(!DashboardData.accountOrder(later, earlier), "\(earlier.name.debugDescription) \(earlier.id) before \(later.name.debugDescription) \(later.id)")
            }
        }
        inOrder(rows)
        // As the start does it: each half sorted on its own core, then merged by the keys.
        for cut in [0, 1, 250, 300, 599, 600] {
            var a = Array(original[..<cut]), b = Array(original[cut...])
            let (ka, kb) = (DashboardData.sortRows(&a).keys, DashboardData.sortRows(&b).keys)
            let picks = DashboardData.mergeRows(ka, kb)
            #expect(picks.sorted() == Array(0..<600))
            inOrder(picks.map { $0 < a.count ? a[$0] : b[$0 - a.count] })
        }
    }

    @Test("the start-up sort of unpaid-invoice rows gives the order appends insert by, in halves and whole")
    func startUpPaymentSortAgreesWithTheInsertionOrder() {
        var random = SeededRandom(seed: 12)
        let ids = ["INV-1", "INV-10", "INV-100", "INV-2", "inv-2", "INV-É1", "INV-E\u{301}1", "FACTURE-2026-000000001",
                   "FACTURE-2026-000000002", "FACTURE-2026-00000000", "請求書-7", "", "INV\u{0}", "INV"]
        var rows = (0..<500).map { i in
            DashboardData.PaymentRow(invoice: random.pick(ids) + (random.chance(0.5) ? "\(i)" : ""), account: "A1", accountName: "Acme",
                                     outstanding: Money(minorUnits: 100, currency: .gbp), daysOverdue: random.int(-2...3),
                                     disputed: false, flag: nil, brokenPromise: false)
        }
        let original = rows
        DashboardData.sortRows(&rows)
        func inOrder(_ rows: [DashboardData.PaymentRow]) {
            for k in rows.indices.dropFirst() {
                #expect(!DashboardData.paymentOrder(rows[k], rows[k - 1]), "\(rows[k - 1].invoice) before \(rows[k].invoice)")
            }
        }
        inOrder(rows)
        #expect(rows.first!.daysOverdue == 3 && rows.last!.daysOverdue == -2)
        for cut in [0, 1, 200, 499, 500] {
            var a = Array(original[..<cut]), b = Array(original[cut...])
            let picks = DashboardData.mergeRows(DashboardData.sortRows(&a).keys, DashboardData.sortRows(&b).keys)
            #expect(picks.sorted() == Array(0..<500))
            inOrder(picks.map { $0 < a.count ? a[$0] : b[$0 - a.count] })
        }
        // Days too far apart to count into runs are sorted by comparison alone.
        var far = (0..<300).map { i in
            DashboardData.PaymentRow(invoice: random.pick(ids), account: "A1", accountName: "Acme", outstanding: Money(minorUnits: 100, currency: .gbp),
                                     daysOverdue: random.chance(0.5) ? random.int(-3...3) : random.int(-90_000...90_000), disputed: false, flag: nil,
                                     brokenPromise: false)
        }
        DashboardData.sortRows(&far)
        inOrder(far)
    }

    @Test("the selected account's health is kept over an append about another account, and worked out again after one about it")
    func appendsKeepTheSelectedAccountsHealthUnlessAboutIt() throws {
        var data = DashboardData(loaded: Self.demo(accounts: 30), now: Self.now)
        let selected = data.book.accountOrder[2], other = data.book.accountOrder[5]
        _ = data.healthView(of: selected)
        func log(_ account: String, _ sentiment: String) throws {
            let event = Event(time: Self.now.adding(seconds: -60), author: "t", verb: .interactionLog, subject: account,
                              fields: [.init("kind", "call"), .init("sentiment", sentiment), .init("summary", "x")])
            var next = data.takeLoaded()
            let result = next.apply(event, line: 0)
            let touched = try #require(result)
            data.applied([(event, touched)], to: next)
        }
        func matchesAFreshStart() {
            let fresh = DashboardData(loaded: data.loaded, now: Self.now)
            let kept = data.healthView(of: selected), again = fresh.healthView(of: selected)
            #expect(kept.report == again.report)
            #expect(kept.trend.points == again.trend.points)
        }
        try log(other, "-2")
        #expect(data.derived.healthAccount == selected, "kept over an append about another account")
        matchesAFreshStart()
        try log(selected, "-2")
        #expect(data.derived.healthAccount == nil, "worked out again after an append about it")
        matchesAFreshStart()
    }

    @Test("the start's queue, reading each account's health off its row, is the queue worked out from the book alone")
    func queueFromRowLabels() {
        let loaded = Self.demo(accounts: 300)
        let data = DashboardData(loaded: loaded, now: Self.now)
        let book = data.book
        let settings = Settings()
        let alone = TriageQueue(book: book, now: Self.now, weights: settings.urgency, service: settings.service, health: settings.health)
        #expect(data.queue.items.count == alone.items.count && !alone.items.isEmpty)
        #expect(data.queue.items.map(\.complaint.id) == alone.items.map(\.complaint.id))
        #expect(data.queue.items.map(\.urgency) == alone.items.map(\.urgency))
        #expect(data.queue.items.map { $0.terms.map(\.reason) } == alone.items.map { $0.terms.map(\.reason) })
        // The health term must have something to say: complaints of accounts at risk, on
        // watch and healthy are all in the queue.
        let reasons = Set(alone.items.flatMap { $0.terms.map(\.reason) })
        #expect(reasons.contains("account at risk") && reasons.contains("account on watch"))
        #expect(alone.items.contains { !$0.terms.contains { $0.name == "health" } })
    }

    @Test func theHealthPaneShowsTheSameFigureAsTheAccountsRow() {
        let data = DashboardData(loaded: Self.demo(accounts: 20), now: Self.now)
        for row in data.accounts {
            #expect(data.healthView(of: row.id).report.score == row.health, "\(row.id)")
        }
    }
}

/// A row's search line as text, to compare with a search done the slow way.
extension DashboardData.AccountRow {
    var search: String {
        var bytes: [UInt8] = []
        writeSearch(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension DashboardData.PaymentRow {
    var search: String {
        var bytes: [UInt8] = []
        writeSearch(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
