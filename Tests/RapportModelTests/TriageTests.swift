import Testing
@testable import RapportModel

@Suite struct TriageTests {
    /// ACME (large) and GLOB (small); three complaints opened over the week of 16 November.
    func book() throws -> Book {
        var book = try acmeBook()
        try book.apply(ev("account.open", "GLOB", ["name": "Globex", "tier": "small", "owner": "bob"], at: "2026-01-02T09:00:00Z"))
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "2", "category": "delivery",
                                                   "summary": "Order 5521 arrived three days late"], at: "2026-11-16T09:00:00Z"))
        try book.apply(ev("complaint.open", "C-2", ["account": "GLOB", "severity": "2", "category": "delivery",
                                                   "summary": "Order 7710 arrived late again"], at: "2026-11-18T09:00:00Z"))
        try book.apply(ev("complaint.open", "C-3", ["account": "GLOB", "severity": "4", "category": "billing",
                                                   "summary": "Invoice address wrong"], at: "2026-11-20T09:00:00Z"))
        return book
    }

    let now = at("2026-11-20T12:00:00Z")

    func terms(_ t: TriagedComplaint) -> [String: UrgencyTerm] {
        Dictionary(uniqueKeysWithValues: t.terms.map { ($0.name, $0) })
    }

    @Test func everyTermIsVisibleAndAddsUp() throws {
        var book = try book()
        try book.apply(ev("promise.make", "PR-1", ["account": "ACME", "by": "us", "due": "2026-11-18", "text": "call back"], at: "2026-11-16T10:00:00Z"))
        try book.apply(ev("cause.open", "K-1", ["summary": "Depot short-staffed"], at: "2026-11-19T09:00:00Z"))
        try book.apply(ev("complaint.link", "C-1", ["cause": "K-1"], at: "2026-11-19T09:00:00Z"))
        try book.apply(ev("complaint.close", "C-1", ["reason": "duplicate"], at: "2026-11-19T10:00:00Z"))
        try book.apply(ev("complaint.reopen", "C-1", ["reason": "still late"], at: "2026-11-19T11:00:00Z"))
        let t = book.triaged("C-1", now: now)!
        let named = terms(t)
        #expect(named["severity"]?.points == 25)
        #expect(named["age"]?.reason == "open 4 days")
        #expect(named["tier"]?.reason == "large client")
        #expect(named["broken promises"]?.points == 4)
        #expect(named["broken promises"]?.reason == "1 promise we broke in 180 days")
        #expect(named["reopened"]?.points == 5)
        #expect(named["shared cause"]?.reason == "cause K-1")
        #expect(named["unanswered"] == nil) // closing counted as an answer
        // Opened Monday 09:00, now Friday 12:00: 4 × 8½ + 3 = 37 working hours against 24.
        #expect(named["resolution clock"]?.reason == "overdue 13h of 24h")
        #expect(named["resolution clock"]?.points == 25.0)
        #expect(named["first response clock"] == nil)
        #expect(t.urgency == t.terms.reduce(0) { $0 + $1.points })
        #expect(t.clocks.map(\.status) == [.missed, .overdue])
    }

    @Test("each queued complaint's terms, written out when read, add up to its figure and name every weight's reason")
    func termsWrittenOnReadingAddUpAcrossTheDemoQueue() {
        let book = Book(events: DemoBook(accounts: 60, now: testNow).events())
        let queue = book.triage(now: testNow)
        #expect(queue.count >= 10)
        for t in queue {
            let terms = t.terms
            #expect(!terms.isEmpty && terms.allSatisfy { !$0.name.isEmpty && !$0.reason.isEmpty }, "\(t.complaint.id)")
            #expect(t.urgency == terms.reduce(0) { $0 + $1.points }, "\(t.complaint.id)")
            #expect(terms == t.terms, "the same terms on every reading")
            #expect(terms == book.triaged(t.complaint.id, now: testNow)?.terms, "a complaint worked out on its own reads the same")
        }
    }

    @Test func theQueueIsOrderedByTheFigure() throws {
        var book = try book()
        var queue = book.triage(now: now)
        #expect(queue.map(\.complaint.id) == ["C-1", "C-2", "C-3"])
        // Waiting on the client pushes a complaint down; its clocks stop running.
        try book.apply(ev("complaint.wait", "C-1", [:], at: "2026-11-16T10:00:00Z"))
        queue = book.triage(now: now)
        #expect(queue.first?.complaint.id == "C-2")
        let waiting = queue.first { $0.complaint.id == "C-1" }!
        #expect(terms(waiting)["waiting"]?.points == -10)
        #expect(waiting.clocks.allSatisfy { $0.status == .paused || $0.status == .warning || $0.status == .running })
        #expect(waiting.clocks.first?.used == 3600)
    }

    @Test func weightsComeFromSettings() throws {
        let book = try book()
        var w = UrgencyWeights()
        w.severity[4] = 500
        #expect(book.triage(now: now, weights: w).first?.complaint.id == "C-3")
        let calendar = ServiceLevel(calendar: .calendarHours)
        let fix = book.triaged("C-2", now: now, service: calendar)!.clocks[1]
        #expect(fix.used == 51 * 3600)
        #expect(fix.status == .overdue)
    }

    @Test("the queue judges an account's health with the settings' health weights, as the Accounts pane does")
    func healthTermUsesTheHealthWeights() throws {
        let book = try book()
        #expect(terms(book.triaged("C-2", now: now)!)["health"]?.reason == "account on watch", "by the usual weights")
        var harsh = HealthWeights()
        harsh.baseline = 20
        #expect(book.health(of: "GLOB", now: now, weights: harsh).label == .atRisk)
        let queued = TriageQueue(book: book, now: now, health: harsh)
        let glob = try #require(queued.items.first { $0.complaint.id == "C-2" })
        #expect(terms(glob)["health"]?.reason == "account at risk")
        #expect(terms(book.triaged("C-2", now: now, health: harsh)!)["health"]?.reason == "account at risk")
    }

    @Test func theQueueReRanksOnlyWhatAnEventTouched() throws {
        var book = try book()
        for i in 4...60 {
            try book.apply(ev("complaint.open", "C-\(i)", ["account": i % 2 == 0 ? "ACME" : "GLOB", "severity": "\(i % 4 + 1)",
                                                          "category": "service", "summary": "slow reply \(i)"], at: "2026-11-1\(i % 9)T09:00:00Z"))
        }
        var queue = TriageQueue(book: book, now: now)
        let events = [
            ev("complaint.acknowledge", "C-10", [:], at: "2026-11-20T10:00:00Z"),
            ev("complaint.wait", "C-7", [:], at: "2026-11-20T10:00:00Z"),
            ev("complaint.close", "C-3", ["reason": "withdrawn"], at: "2026-11-20T10:00:00Z"),
            ev("account.amend", "GLOB", ["tier": "large"], at: "2026-11-20T10:00:00Z"),
            ev("complaint.open", "C-99", ["account": "ACME", "severity": "1", "category": "outage", "summary": "down"], at: "2026-11-20T11:00:00Z"),
        ]
        for event in events {
            let touched = try book.apply(event)
            queue.update(after: event, touched: touched, in: book)
            let full = book.triage(now: now)
            #expect(queue.items.map(\.complaint.id) == full.map(\.complaint.id))
            #expect(queue.items.map(\.urgency) == full.map(\.urgency))
        }
        #expect(queue.position(of: "C-3") == nil)
        #expect(queue.position(of: "C-99") != nil)
        #expect(queue.position(of: "C-99") == queue.items.firstIndex { $0.complaint.id == "C-99" })
    }

    @Test func likelyLinksAreSameCategoryOtherAccountsSimilarWords() throws {
        var book = try book()
        let suggestions = book.suggestedLinks(for: "C-1")
        #expect(suggestions.map(\.complaint) == ["C-2"])
        #expect(suggestions.first?.sharedWords == ["arrived", "late", "order"])
        // Already linked: no longer suggested.
        try book.apply(ev("complaint.link", "C-1", ["to": "C-2"]))
        #expect(book.suggestedLinks(for: "C-1").isEmpty)
        var narrow = LinkSuggestionRules()
        narrow.windowDays = 1
        #expect(try self.book().suggestedLinks(for: "C-1", rules: narrow).isEmpty)
    }

    @Test func aCauseShowsHowManyAccountsItTouches() throws {
        var book = try book()
        try book.apply(ev("cause.open", "K-1", ["summary": "Depot short-staffed"]))
        for id in ["C-1", "C-2", "C-3"] { try book.apply(ev("complaint.link", id, ["cause": "K-1"])) }
        try book.apply(ev("complaint.resolve", "C-3", [:]))
        let reach = book.reach(ofCause: "K-1")
        #expect(reach.accounts == ["ACME", "GLOB"])
        #expect(reach.complaints == ["C-1", "C-2", "C-3"])
        #expect(reach.openComplaints == ["C-1", "C-2"])
    }

    @Test func blameAndExcusesAreFlagged() {
        #expect(ComplaintWording.blame(in: "The courier lost it") == "that sounds like blame — say what we will do")
        #expect(ComplaintWording.blame(in: "Unfortunately the depot was short") != nil)
        #expect(ComplaintWording.blame(in: "Due to high demand") != nil)
        #expect(ComplaintWording.blame(in: "We sent the wrong part; we will replace it today") == nil)
        #expect(ComplaintWording.blame(in: "Our mistake. Sorry, Jane") == nil)
    }
}
