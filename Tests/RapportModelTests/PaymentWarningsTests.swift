import Testing
@testable import RapportModel

@Suite struct PaymentWarningsTests {
    /// ACME billed monthly: INV-n for GBP 100.00, issued on the 1st, due on the 15th.
    func monthly(_ months: ClosedRange<Int>) throws -> Book {
        var book = try acmeBook()
        for m in months {
            let mm = m < 10 ? "0\(m)" : "\(m)"
            try book.apply(ev("invoice.issue", "INV-\(m)", ["account": "ACME", "amount": "100.00", "currency": "GBP", "due": "2026-\(mm)-15", "issued": "2026-\(mm)-01"], at: "2026-\(mm)-01T09:00:00Z"))
        }
        return book
    }

    func pay(_ book: inout Book, _ id: String, invoice: String, amount: String = "100.00", on date: String) throws {
        try book.apply(ev("payment.record", id, ["invoice": invoice, "amount": amount, "currency": "GBP", "date": date], at: "\(date)T12:00:00Z"))
    }

    @Test func aPayerWhoUsuallyPaysLateIsFlaggedFromHistory() throws {
        var book = try monthly(1...4)
        try pay(&book, "PAY-1", invoice: "INV-1", on: "2026-02-04")   // 20 days late
        try pay(&book, "PAY-2", invoice: "INV-2", on: "2026-03-11")   // 24 days late (February has 28)
        try pay(&book, "PAY-3", invoice: "INV-3", on: "2026-03-10")   // 5 days early: counts as 0
        let asOf = day("2026-03-31")
        let lateness = try #require(book.paymentLateness(of: "ACME", asOf: asOf))
        #expect(lateness == PaymentLateness(averageDays: 14, worstDays: 24, invoices: 3))
        let warnings = book.paymentWarnings(of: "ACME", asOf: asOf)
        #expect(warnings.contains(.paysLate(lateness)))
        #expect(warnings.first { $0.kind == "pays-late" }?.text == "usually pays 14 days late (3 invoices)")
        // Stricter threshold: no warning. Too little history: no warning.
        #expect(!book.paymentWarnings(of: "ACME", asOf: asOf, policy: PaymentPolicy(lateDays: 15)).contains { $0.kind == "pays-late" })
        #expect(!book.paymentWarnings(of: "ACME", asOf: asOf, policy: PaymentPolicy(minimumPaidInvoices: 4)).contains { $0.kind == "pays-late" })
        // As of before the late payments arrived, there is no history yet.
        #expect(book.paymentLateness(of: "ACME", asOf: day("2026-02-03")) == nil)
    }

    @Test func aPartPaymentIsNotYetPaidAndTheLastSettlementDatesIt() throws {
        var book = try monthly(1...1)
        try pay(&book, "PAY-1", invoice: "INV-1", amount: "40.00", on: "2026-01-10")
        #expect(book.paidOn(book.invoices["INV-1"]!, asOf: day("2026-03-01")) == nil)
        try book.apply(ev("invoice.credit", "INV-1", ["amount": "10.00", "reason": "damaged"], at: "2026-01-20T09:00:00Z"))
        try pay(&book, "PAY-2", invoice: "INV-1", amount: "50.00", on: "2026-02-14")
        #expect(book.paidOn(book.invoices["INV-1"]!, asOf: day("2026-03-01")) == day("2026-02-14"))
        #expect(book.paidOn(book.invoices["INV-1"]!, asOf: day("2026-02-13")) == nil, "as of before the last payment")
        #expect(book.paymentLateness(of: "ACME", asOf: day("2026-03-01"))?.averageDays == 30)
    }

    @Test func overdueBeyondTheConfiguredDaysWarnsButADisputeIsShownAsSuchAndNotChased() throws {
        var book = try monthly(1...2)
        try book.apply(ev("invoice.dispute", "INV-2", ["reason": "wrong rate"], at: "2026-02-20T09:00:00Z"))
        let asOf = day("2026-03-20")   // INV-1 64 days overdue, INV-2 33
        var warnings = book.paymentWarnings(of: "ACME", asOf: asOf)
        #expect(warnings == [
            .disputed(invoice: "INV-2", outstanding: Money(minorUnits: 10_000, currency: .gbp), reason: "wrong rate"),
            .overdue(invoice: "INV-1", days: 64, outstanding: Money(minorUnits: 10_000, currency: .gbp)),
        ])
        #expect(book.paymentWarnings(of: "ACME", asOf: day("2026-03-16")).filter { $0.kind == "overdue" }.isEmpty, "60 days is not beyond 60")
        #expect(book.paymentWarnings(of: "ACME", asOf: day("2026-03-17")).contains { $0.kind == "overdue" }, "61 days is")
        warnings = book.paymentWarnings(of: "ACME", asOf: asOf, policy: PaymentPolicy(overdueDays: 30))
        #expect(warnings.filter { $0.kind == "overdue" }.count == 1, "the disputed invoice is never an overdue warning")
        // A payment without an invoice does not go to the disputed invoice.
        try book.apply(ev("payment.record", "PAY-1", ["account": "ACME", "amount": "150.00", "currency": "GBP", "date": "2026-03-21"], at: "2026-03-21T09:00:00Z"))
        #expect(book.invoices["INV-2"]?.outstanding.minorUnits == 10_000)
        let r = book.receivables(of: "ACME", asOf: day("2026-03-22"))
        #expect(r.credit.amounts == [Money(minorUnits: 5_000, currency: .gbp)])
        #expect(r.overdue.isZero)
        #expect(r.oldestOverdueDays == nil, "only the disputed invoice is left, and it is not chased")
        // Settled: chasing resumes.
        try book.apply(ev("invoice.settle-dispute", "INV-2", ["note": "rate confirmed"], at: "2026-03-25T09:00:00Z"))
        #expect(book.receivables(of: "ACME", asOf: day("2026-03-26")).oldestOverdueDays == 39)
    }

    @Test func brokenAndPartlyKeptPromisesToPayWarnKeptOnesDoNot() throws {
        var book = try monthly(1...3)
        try book.apply(ev("promise.make", "PR-1", ["account": "ACME", "by": "client", "due": "2026-04-10", "text": "clear January", "amount": "100.00", "currency": "GBP"], at: "2026-04-01T09:00:00Z"))
        try book.apply(ev("promise.make", "PR-2", ["account": "ACME", "by": "client", "due": "2026-05-10", "text": "clear the rest", "amount": "200.00", "currency": "GBP"], at: "2026-05-01T09:00:00Z"))
        try book.apply(ev("promise.make", "PR-3", ["account": "ACME", "by": "client", "due": "2026-06-10", "text": "one more", "amount": "50.00", "currency": "GBP"], at: "2026-06-01T09:00:00Z"))
        try pay(&book, "PAY-1", invoice: "INV-1", on: "2026-04-09")
        try pay(&book, "PAY-2", invoice: "INV-2", on: "2026-05-09")
        let warnings = book.paymentWarnings(of: "ACME", asOf: day("2026-06-11")).filter { $0.kind == "broken-promise" }
        #expect(warnings == [
            .brokenPromise(promise: "PR-2", due: day("2026-05-10"), amount: Money(minorUnits: 20_000, currency: .gbp), outcome: .partlyKept),
            .brokenPromise(promise: "PR-3", due: day("2026-06-10"), amount: Money(minorUnits: 5_000, currency: .gbp), outcome: .broken),
        ])
        #expect(warnings.last?.text == "promise PR-3 to pay GBP 50.00 by 2026-06-10 broken")
        #expect(book.paymentWarnings(of: "ACME", asOf: day("2026-06-10")).filter { $0.kind == "broken-promise" }.count == 1, "PR-3 is still open on its due day")
    }

    @Test func agingSummaryIsPerCurrencyAndAsOf() throws {
        var book = try monthly(1...2)
        try book.apply(ev("account.open", "BETA", ["name": "Beta GmbH", "tier": "small"], at: "2026-01-01T09:00:00Z"))
        try book.apply(ev("invoice.issue", "INV-E1", ["account": "BETA", "amount": "1250.00", "currency": "EUR", "due": "2026-01-31", "issued": "2026-01-01"], at: "2026-01-01T09:00:00Z"))
        try book.apply(ev("invoice.issue", "INV-J1", ["account": "BETA", "amount": "90000", "currency": "JPY", "due": "2026-03-31", "issued": "2026-03-01"], at: "2026-03-01T09:00:00Z"))
        try book.apply(ev("payment.record", "PAY-E1", ["invoice": "INV-E1", "amount": "250.00", "currency": "EUR", "date": "2026-02-01"], at: "2026-02-01T09:00:00Z"))
        try book.apply(ev("payment.record", "PAY-G1", ["invoice": "INV-1", "amount": "100.00", "currency": "GBP", "date": "2026-04-20"], at: "2026-04-20T09:00:00Z"))
        let asOf = day("2026-04-16")   // INV-1 91 days, INV-2 60, INV-E1 75, INV-J1 16
        let s = book.agingSummary(asOf: asOf)
        #expect(s.currencies == [.eur, .gbp, .jpy])
        #expect(s.amount(.over90, in: .gbp) == Money(minorUnits: 10_000, currency: .gbp), "PAY-G1 came after the as-of date")
        #expect(s.amount(.days31to60, in: .gbp) == Money(minorUnits: 10_000, currency: .gbp))
        #expect(s.amount(.days61to90, in: .eur) == Money(minorUnits: 100_000, currency: .eur), "part payment counted")
        #expect(s.amount(.days1to30, in: .jpy) == Money(minorUnits: 90_000, currency: .jpy))
        #expect(s.total(in: .gbp) == Money(minorUnits: 20_000, currency: .gbp))
        #expect(book.agingSummary(asOf: day("2026-02-20")).currencies == [.eur, .gbp], "nothing in JPY was issued yet")
        #expect(book.agingSummary(asOf: day("2026-04-21")).amount(.over90, in: .gbp).isZero)
    }

    @Test func anOverpaymentIsHeldAsCreditAndNeverMakesAnInvoiceNegative() throws {
        var book = try monthly(1...1)
        try pay(&book, "PAY-1", invoice: "INV-1", amount: "130.00", on: "2026-01-20")
        #expect(book.invoices["INV-1"]?.outstanding.isZero == true)
        #expect(book.payments["PAY-1"]?.unallocated == Money(minorUnits: 3_000, currency: .gbp))
        let r = book.receivables(of: "ACME", asOf: day("2026-01-21"))
        #expect(r.unpaid.isZero)
        #expect(r.credit.amounts == [Money(minorUnits: 3_000, currency: .gbp)])
        #expect(book.receivables(of: "ACME", asOf: day("2026-01-19")).credit.isZero, "not yet received")
        #expect(book.paidOn(book.invoices["INV-1"]!, asOf: day("2026-02-01")) == day("2026-01-20"))
    }
}
