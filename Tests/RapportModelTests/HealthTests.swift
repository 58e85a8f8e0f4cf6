import Testing
@testable import RapportModel

@Suite struct HealthTests {
    func points(_ r: HealthReport) -> [String: Int] { Dictionary(uniqueKeysWithValues: r.contributions.map { ($0.title, $0.points) }) }
    func reason(_ r: HealthReport, _ title: String) -> String? { r.contributions.first { $0.title == title }?.reason }

    @Test("a report without its contributions has the same score, label, gap and flags, for every demo account on several days; asked by place, the same report")
    func unexplainedReportsScoreTheSame() throws {
        let book = Book(events: DemoBook(accounts: 60, now: testNow).events())
        var withComplaints = 0, withPromises = 0
        for days in [0, 3, 40] {
            let now = testNow.adding(seconds: Int64(days) * 86_400)
            for id in book.accountOrder {
                let full = book.health(of: id, now: now)
                let bare = book.health(of: id, now: now, explain: false)
                // Asked by the account's place, as the start's rows ask, it is the same report.
                let p = try #require(book.accounts.position(of: id))
                let placed = book.health(ofAccountAt: p, now: now)
                #expect(placed.account == id && placed.score == full.score && placed.flags == full.flags, "\(id)")
                #expect(placed.contributions.map(\.reason) == full.contributions.map(\.reason), "\(id)")
                #expect(book.openInvoices(ofAccountAt: p, asOf: now.day).map(\.invoice.id) == book.openInvoices(of: id, asOf: now.day).map(\.invoice.id))
                #expect(book.promises(ofAccountAt: p, asOf: now.day).map(\.promise.id) == book.promises(of: id, asOf: now.day).map(\.promise.id))
                withPromises += book.promises(ofAccountAt: p, asOf: now.day).isEmpty ? 0 : 1
                #expect(bare.score == full.score, "\(id)")
                #expect(bare.label == full.label)
                #expect(bare.flags == full.flags)
                #expect(bare.gap == full.gap)
                #expect(bare.contributions.isEmpty)
                #expect(bare.openComplaints == book.openComplaintCount(of: id, at: now), "\(id)")
                #expect(full.openComplaints == bare.openComplaints)
                withComplaints += bare.openComplaints > 0 ? 1 : 0
                #expect(full.score == max(0, min(100, full.baseline + full.contributions.reduce(0) { $0 + $1.points })), "\(id)")
                #expect(full.contributions.allSatisfy { !$0.reason.isEmpty })
            }
        }
        #expect(withComplaints > 10, "the demo book has accounts with open complaints to count")
        #expect(withPromises > 5, "the demo book has accounts with promises to list")
    }

    @Test("money read from the invoices where they lie scores as the listed open invoices do, on past days too")
    func owedReadInPlaceMatchesTheOpenInvoices() throws {
        var book = Book(events: DemoBook(accounts: 60, now: testNow).events())
        // Some overdue invoices disputed: those are owed but not overdue.
        let late = book.accountOrder.compactMap { id in book.openInvoices(of: id, asOf: testNow.day).first { $0.daysOverdue > 0 } }
        for open in late.prefix(8) {
            try book.apply(ev("invoice.dispute", open.invoice.id, ["reason": "wrong rate"], at: "2026-11-20T09:00:00Z"))
        }
        var overdue = 0
        for days in [-300, -120, -30, 0, 45] {
            let now = testNow.adding(seconds: Int64(days) * 86_400)
            for id in book.accountOrder {
                let open = book.openInvoices(of: id, asOf: now.day)
                let listed = book.health(of: id, now: now, open: open)
                #expect(book.health(of: id, now: now) == listed, "\(id) at \(now)")
                if open.contains(where: { $0.daysOverdue > 0 && $0.invoice.disputed == nil }) { overdue += 1 }
            }
        }
        #expect(overdue > 10, "the demo book has overdue money to compare")
    }

    @Test func missingInputsAreShownAsMissingNotAsGood() throws {
        let report = try acmeBook().health(of: "ACME", now: testNow)
        let missing = report.contributions.filter(\.missing).map(\.title)
        #expect(missing == ["Their scores", "Recommend", "Sentiment", "Our promises", "Last contact"])
        #expect(report.contributions.filter(\.missing).allSatisfy { $0.points == 0 })
        #expect(report.score == report.baseline)
        #expect(report.gap == nil && report.flags.isEmpty)
    }

    @Test func theScoreIsTheBaselinePlusEveryVisibleContribution() throws {
        var book = try acmeBook()
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "1", "category": "outage", "summary": "down"], at: "2026-11-22T09:00:00Z"))
        try book.apply(ev("feedback.record", "ACME", ["reliability": "4", "communication": "4", "recommend": "3"], at: "2026-11-01T09:00:00Z"))
        try book.apply(ev("interaction.log", "ACME", ["kind": "call", "sentiment": "-2", "summary": "furious"], at: "2026-11-21T09:00:00Z"))
        let report = book.health(of: "ACME", now: testNow)
        let p = points(report)
        #expect(p["Complaints"] == -15)
        #expect(p["Their scores"] == -9)
        #expect(p["Recommend"] == -5)
        #expect(p["Sentiment"] == -10)
        #expect(p["Last contact"] == 5)
        #expect(report.score == 70 - 15 - 9 - 5 - 10 + 5)
        #expect(report.score == report.baseline + report.contributions.reduce(0) { $0 + $1.points })
        #expect(report.label == .atRisk)
        #expect(reason(report, "Complaints") == "1 open (sev 1)")
        #expect(reason(report, "Their scores") == "average 4.0/10 on 2 dimensions, 2026-11-01; lowest communication 4")
        #expect(reason(report, "Recommend") == "3/10 (detractor)")
        #expect(reason(report, "Sentiment") == "mean -2.0 over 1 conversation")
        #expect(reason(report, "Last contact") == "0 days ago, within the 14-day cadence")
        #expect(report.worst?.title == "Complaints")
    }

    @Test func complaintsCountAgeBreachesAndReopenings() throws {
        var book = try acmeBook()
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "3", "category": "billing", "summary": "old"], at: "2026-09-01T09:00:00Z"))
        try book.apply(ev("complaint.open", "C-2", ["account": "ACME", "severity": "4", "category": "billing", "summary": "minor"], at: "2026-11-02T09:00:00Z"))
        try book.apply(ev("complaint.acknowledge", "C-2", at: "2026-11-02T09:30:00Z"))
        try book.apply(ev("complaint.resolve", "C-2", at: "2026-11-02T10:00:00Z"))
        try book.apply(ev("complaint.reopen", "C-2", ["reason": "still wrong"], at: "2026-11-03T10:00:00Z"))
        let report = book.health(of: "ACME", now: testNow)
        let p = points(report)
        #expect(p["Complaints"] == -(5 + 3) - 2)
        #expect(reason(report, "Complaints") == "2 open (sev 3, sev 4), 1 older than 30 days")
        // C-1 never had a first response; C-2's resolution ran out after reopening.
        #expect(p["SLA breaches"] == -8)
        #expect(reason(report, "SLA breaches") == "2 open past a service-level target (C-1, C-2)")
        #expect(p["Reopened"] == -4)
        #expect(reason(report, "Reopened") == "1 reopening: the fix did not hold")
    }

    @Test func moneyOverdueBadDebtAndBrokenPromisesToPay() throws {
        var book = try acmeBook()
        try book.apply(ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "1000.00", "currency": "GBP", "due": "2026-09-30", "issued": "2026-09-01"], at: "2026-09-01T09:00:00Z"))
        try book.apply(ev("promise.make", "PR-1", ["account": "ACME", "by": "client", "due": "2026-10-15", "text": "pay", "amount": "1000.00", "currency": "GBP"], at: "2026-10-01T09:00:00Z"))
        try book.apply(ev("account.flag", "ACME", ["flag": "bad-debt", "instruction": "no orders", "route-to": "Priya", "reason": "unpaid"], at: "2026-11-01T09:00:00Z"))
        let report = book.health(of: "ACME", now: testNow)
        let p = points(report)
        #expect(p["Overdue"] == -10)
        #expect(reason(report, "Overdue") == "GBP 1,000.00 overdue, oldest 53 days")
        #expect(p["Bad debt"] == -15)
        #expect(reason(report, "Bad debt") == "flagged: unpaid")
        #expect(p["Promises to pay"] == -5)
        #expect(reason(report, "Promises to pay") == "1 not kept in full (PR-1)")
    }

    @Test func ourPromisesKeptBrokenAndTellThemNowBeforeTheyAreLate() throws {
        var book = try acmeBook()
        try book.apply(ev("promise.make", "PR-1", ["account": "ACME", "by": "us", "due": "2026-11-10", "text": "call back"], at: "2026-11-01T09:00:00Z"))
        try book.apply(ev("promise.keep", "PR-1", at: "2026-11-09T09:00:00Z"))
        try book.apply(ev("promise.make", "PR-2", ["account": "ACME", "by": "us", "due": "2026-11-12", "text": "send credit"], at: "2026-11-01T09:00:00Z"))
        try book.apply(ev("promise.make", "PR-3", ["account": "ACME", "by": "us", "due": "2026-11-24", "text": "deliver fix"], at: "2026-11-20T09:00:00Z"))
        try book.apply(ev("promise.make", "PR-4", ["account": "ACME", "by": "us", "due": "2026-12-20", "text": "review"], at: "2026-11-20T09:00:00Z"))
        let report = book.health(of: "ACME", now: testNow)
        let p = points(report)
        #expect(p["Our promises"] == 2 - 6)
        #expect(reason(report, "Our promises") == "1 kept, 1 broken, 2 open")
        #expect(p["Due soon"] == -2)
        #expect(reason(report, "Due soon") == "PR-3 due within 3 days, not done: tell them now")
        #expect(report.flags == [.tellThemNow(promise: "PR-3", due: day("2026-11-24"), text: "deliver fix")])
        #expect(report.flagWords == ["TELL"])
        #expect(report.flags[0].text == "Tell them now: PR-3 \"deliver fix\" due 2026-11-24, not done")

        var w = HealthWeights()
        w.atRiskPromiseDays = 1
        #expect(book.health(of: "ACME", now: testNow, weights: w).flags.isEmpty, "the window is configurable")
        try book.apply(ev("promise.keep", "PR-3", at: "2026-11-22T10:00:00Z"))
        #expect(book.health(of: "ACME", now: testNow).flags.isEmpty, "a kept promise needs no warning")
    }

    @Test func engagementAgainstTheCadence() throws {
        var book = try acmeBook()
        try book.apply(ev("interaction.log", "ACME", ["kind": "call", "sentiment": "0", "summary": "catch-up"], at: "2026-09-01T09:00:00Z"))
        var report = book.health(of: "ACME", now: testNow)
        // 82 days against a 14-day cadence: five periods late, capped at 15.
        #expect(points(report)["Last contact"] == -15)
        #expect(reason(report, "Last contact") == "82 days ago, cadence is 14")
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "4", "category": "x", "summary": "y"], at: "2026-11-15T09:00:00Z"))
        report = book.health(of: "ACME", now: testNow)
        #expect(points(report)["Last contact"] == 5, "any logged contact resets it")
        var w = HealthWeights()
        w.lapsedPointsPerPeriod = 2
        #expect(points(book.health(of: "ACME", now: at("2026-12-10T12:00:00Z"), weights: w))["Last contact"] == -2)
    }

    @Test func labelsFollowTheThresholds() {
        let w = HealthWeights()
        #expect(w.label(for: 70) == .healthy)
        #expect(w.label(for: 69) == .watch)
        #expect(w.label(for: 45) == .watch)
        #expect(w.label(for: 44) == .atRisk)
    }

    @Test func aRosierOwnRatingIsFlaggedAsAPerceptionGap() throws {
        var book = try acmeBook()
        try book.apply(ev("feedback.record", "ACME", ["reliability": "5", "communication": "6", "recommend": "4"], at: "2026-11-01T09:00:00Z"))
        try book.apply(ev("interaction.log", "ACME", ["kind": "call", "sentiment": "-1", "summary": "meh"], at: "2026-11-20T09:00:00Z"))
        try book.apply(ev("account.rate", "ACME", ["rating": "9"], at: "2026-11-21T09:00:00Z"))
        let report = book.health(of: "ACME", now: testNow)
        let gap = try #require(report.gap)
        // Theirs: scores 5.5, recommend 4, mood -1 → 2.5 on the 0–10 scale; mean 4.0.
        #expect(gap.theirs == 4.0)
        #expect(gap.gap == 5.0)
        #expect(gap.flagged)
        #expect(gap.text == "we say 9, they say 4.0 (scores 5.5, recommend 4, mood -1.0): 5.0 rosier")
        #expect(report.flagWords == ["GAP"])

        try book.apply(ev("account.rate", "ACME", ["rating": "5"], at: "2026-11-22T09:00:00Z"))
        let fair = book.health(of: "ACME", now: testNow)
        #expect(fair.gap?.flagged == false)
        #expect(fair.flags.isEmpty)
        #expect(fair.score == report.score, "the gap flags, it does not change the figure")
    }

    @Test func noGapWithoutTheClientsView() throws {
        var book = try acmeBook()
        try book.apply(ev("account.rate", "ACME", ["rating": "9"], at: "2026-11-21T09:00:00Z"))
        #expect(book.health(of: "ACME", now: testNow).gap == nil)
    }

    @Test func healthWeightsComeFromTheConfigFile() throws {
        let s = try Settings.parse("health.baseline = 60\nhealth.tell-them-now-days = 5\nhealth.overdue = 30:8, 0:2\nhealth.perception-gap = 1.5\n")
        #expect(s.health.baseline == 60)
        #expect(s.health.atRiskPromiseDays == 5)
        #expect(s.health.overduePoints.map(\.points) == [8, 2])
        #expect(s.health.perceptionGapThreshold == 1.5)
        #expect(throws: Settings.Problem.self) { try Settings.parse("health.nonsense = 1") }
        #expect(throws: Settings.Problem.self) { try Settings.parse("health.baseline = lots") }
    }
}

@Suite struct HealthReplayTests {
    /// A journal in time order with a contact who moves between accounts.
    func journal() -> [Event] {
        [
            ev("account.open", "ACME", ["name": "Acme", "tier": "large"], at: "2026-06-01T09:00:00Z"),
            ev("account.open", "BETA", ["name": "Beta", "tier": "small"], at: "2026-06-01T09:00:00Z"),
            ev("contact.add", "P-1", ["account": "BETA", "name": "Jo"], at: "2026-06-02T09:00:00Z"),
            ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "500.00", "currency": "GBP", "due": "2026-08-01", "issued": "2026-07-01"], at: "2026-07-01T09:00:00Z"),
            ev("complaint.open", "C-1", ["account": "ACME", "severity": "2", "category": "delivery", "summary": "late"], at: "2026-08-10T09:00:00Z"),
            ev("contact.move", "P-1", ["account": "ACME"], at: "2026-09-01T09:00:00Z"),
            ev("interaction.log", "ACME", ["kind": "call", "sentiment": "1", "summary": "fine", "contact": "P-1"], at: "2026-09-02T09:00:00Z"),
            ev("payment.record", "PAY-1", ["account": "ACME", "amount": "500.00", "currency": "GBP"], at: "2026-09-05T09:00:00Z"),
            ev("incident.open", "INC-1", ["accounts": "ACME,BETA", "summary": "outage", "remedy": "fixed"], at: "2026-09-06T09:00:00Z"),
            ev("complaint.acknowledge", "C-1", at: "2026-09-10T09:00:00Z"),
            ev("complaint.resolve", "C-1", at: "2026-10-01T09:00:00Z"),
            ev("feedback.record", "ACME", ["reliability": "8", "recommend": "9", "contact": "P-1"], at: "2026-10-15T09:00:00Z"),
            ev("promise.make", "PR-1", ["account": "ACME", "by": "us", "due": "2026-11-23", "text": "visit", "contact": "P-1"], at: "2026-11-01T09:00:00Z"),
            ev("account.rate", "ACME", ["rating": "10"], at: "2026-11-02T09:00:00Z"),
        ]
    }

    func loaded() -> (book: Book, events: [Event]) {
        var book = Book()
        var applied: [Event] = []
        for e in journal() { if (try? book.apply(e)) != nil { applied.append(e) } }
        return (book, applied)
    }

    @Test func healthAsOfAPastDateEqualsTheBookFoldedUpToThatDate() throws {
        let (book, applied) = loaded()
        #expect(applied.count == journal().count)
        let events = HealthReplay.events(of: "ACME", in: book, applied: (book.eventsByAccount["ACME"] ?? []).map { applied[$0] })
        for date in ["2026-06-01", "2026-08-15", "2026-09-02", "2026-09-06", "2026-10-20", "2026-11-22"] {
            let asOf = HealthReplay.endOf(day(date))
            let full = Book(events: applied.filter { $0.time <= asOf }).health(of: "ACME", now: asOf)
            let replayed = try #require(HealthReplay.health(of: "ACME", events: events, asOf: asOf))
            #expect(replayed == full, "as of \(date)")
        }
        #expect(HealthReplay.health(of: "ACME", events: events, asOf: at("2026-05-01T00:00:00Z")) == nil, "not opened yet")
    }

    @Test func theTrendIsOnePointADayAndSaysWhatMovedSinceLastWeek() throws {
        let (book, applied) = loaded()
        let events = HealthReplay.events(of: "ACME", in: book, applied: (book.eventsByAccount["ACME"] ?? []).map { applied[$0] })
        let trend = HealthReplay.trend(of: "ACME", events: events, now: testNow, days: 90)
        #expect(trend.points.count == 90)
        #expect(trend.points.last?.day == testNow.day)
        for (i, point) in trend.points.enumerated() where i % 9 == 0 || i == 89 {
            let asOf = i == 89 ? testNow : HealthReplay.endOf(point.day)
            #expect(point.score == Book(events: applied.filter { $0.time <= asOf }).health(of: "ACME", now: asOf).score, "\(point.day)")
        }
        #expect(trend.current == book.health(of: "ACME", now: testNow))
        let changes = trend.changes.map(\.title)
        #expect(changes.contains("Due soon"))
        let due = try #require(trend.changes.first { $0.title == "Due soon" })
        #expect(due.text == "Due soon 0 → -2 (-2): PR-1 due within 3 days, not done: tell them now")
    }

    @Test func theBoardWorksOutOnlyTouchedAccountsAndEverythingOnANewDay() throws {
        var (book, _) = loaded()
        var board = HealthBoard(book: book, now: testNow)
        #expect(board["ACME"] == book.health(of: "ACME", now: testNow))
        let touched = try book.apply(ev("complaint.open", "C-9", ["account": "BETA", "severity": "1", "category": "x", "summary": "y"], at: "2026-11-22T11:00:00Z"))
        board.update(book: book, touched: touched, now: testNow)
        #expect(board["BETA"] == book.health(of: "BETA", now: testNow))
        let tomorrow = testNow.adding(days: 1)
        board.update(book: book, touched: [], now: tomorrow)
        #expect(board["ACME"] == book.health(of: "ACME", now: tomorrow))
    }

    @Test("a board worked out in parts and merged is the board worked out whole")
    func partsMerged() {
        let book = Book(events: DemoBook(accounts: 60, now: testNow).events())
        let whole = HealthBoard(book: book, now: testNow)
        let order = book.accountOrder
        for cut in [0, 1, 29, 60] {
            var board = HealthBoard(book: book, accounts: order[..<cut], now: testNow)
            board.merge(HealthBoard(book: book, accounts: order[cut...], now: testNow))
            #expect(board.reports == whole.reports)
        }
        #expect(whole.reports.count == 60 && Set(whole.reports.values.map(\.label)).count > 1)
    }
}

@Suite struct PortfolioTests {
    @Test func mixConcentrationReferralsAndCauses() throws {
        var book = Book()
        for (i, tier) in ["large", "medium", "small", "small", "small", "small", "medium"].enumerated() {
            try book.apply(ev("account.open", "A\(i)", ["name": "Client \(i)", "tier": tier], at: "2026-01-01T09:00:00Z"))
            try book.apply(ev("invoice.issue", "INV-\(i)", ["account": "A\(i)", "amount": "\((i + 1) * 100).00", "currency": "GBP", "due": "2026-12-31", "issued": "2026-06-01"], at: "2026-06-01T09:00:00Z"))
            try book.apply(ev("interaction.log", "A\(i)", ["kind": "call", "sentiment": "2", "summary": "great"], at: "2026-11-20T09:00:00Z"))
        }
        try book.apply(ev("invoice.issue", "INV-OLD", ["account": "A0", "amount": "9999.00", "currency": "GBP", "due": "2025-01-31", "issued": "2025-01-01"], at: "2025-01-01T09:00:00Z"))
        try book.apply(ev("invoice.issue", "INV-E", ["account": "A1", "amount": "50.00", "currency": "EUR", "due": "2026-12-31", "issued": "2026-06-01"], at: "2026-06-01T09:00:00Z"))
        try book.apply(ev("invoice.dispute", "INV-6", ["reason": "wrong rate"], at: "2026-07-01T09:00:00Z"))
        try book.apply(ev("referral.record", "R-1", ["account": "A2", "referred": "Gamma Ltd"], at: "2026-05-01T09:00:00Z"))
        try book.apply(ev("referral.record", "R-2", ["account": "A2", "referred": "Delta Ltd"], at: "2026-06-01T09:00:00Z"))
        for (n, account) in ["A0", "A1", "A3"].enumerated() {
            try book.apply(ev("complaint.open", "C-\(n)", ["account": account, "severity": "4", "category": "Delivery", "summary": "late"], at: "2026-11-21T09:00:00Z"))
        }
        try book.apply(ev("complaint.open", "C-9", ["account": "A4", "severity": "1", "category": "billing", "summary": "twice"], at: "2026-11-21T09:00:00Z"))
        try book.apply(ev("account.flag", "A4", ["flag": "bad-debt", "instruction": "no orders", "route-to": "Priya", "reason": "unpaid"], at: "2026-11-01T09:00:00Z"))
        try book.apply(ev("complaint.open", "C-8", ["account": "A4", "severity": "1", "category": "billing", "summary": "twice"], at: "2026-11-21T09:00:00Z"))

        let p = book.portfolio(now: testNow) { _ in nil }
        #expect(p.accountCount == 7)
        #expect(p.byTier == [.large: 1, .medium: 2, .small: 4])
        #expect(p.byLabel.values.reduce(0, +) == 7)
        let gbp = try #require(p.revenue.first { $0.currency == .gbp })
        #expect(gbp.total.minorUnits == 280_000, "the old invoice is outside the twelve months")
        #expect(gbp.top.map(\.account) == ["A6", "A5", "A4", "A3", "A2"])
        #expect(gbp.topTotal.minorUnits == 250_000)
        #expect(abs(gbp.share - 25.0 / 28.0) < 1e-9)
        #expect(p.revenue.map(\.currency.code) == ["EUR", "GBP"])
        #expect(p.referrals.map(\.account) == ["A2"] && p.referrals[0].count == 2 && p.referralCount == 2)
        #expect(p.referrals[0].referred == ["Gamma Ltd", "Delta Ltd"])
        let asked = p.askForReferral.map(\.account)
        #expect(!asked.contains("A6"), "in dispute")
        #expect(!asked.contains("A4"), "not healthy")
        #expect(asked.allSatisfy { id in p.atRisk.allSatisfy { $0.account != id } })
        #expect(p.causes.first?.name == "category delivery")
        #expect(p.causes.first?.accounts == 3)
        #expect(p.causes.first { $0.name == "category billing" }?.complaints == 2)
        #expect(p.atRisk.map(\.account) == ["A4"])
    }
}
