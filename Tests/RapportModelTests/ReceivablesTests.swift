import Testing
@testable import RapportModel

@Suite struct ReceivablesTests {
    /// ACME with INV-1 (GBP 1,000.00 due 2026-06-01) and INV-2 (GBP 500.00 due 2026-07-01).
    func billed() throws -> Book {
        var book = try acmeBook()
        try book.apply(ev("invoice.issue", "INV-1", ["account": "ACME", "amount": "1000.00", "currency": "GBP", "due": "2026-06-01", "issued": "2026-05-01"], at: "2026-05-01T10:00:00Z"))
        try book.apply(ev("invoice.issue", "INV-2", ["account": "ACME", "amount": "500.00", "currency": "GBP", "due": "2026-07-01", "issued": "2026-06-01"], at: "2026-06-01T10:00:00Z"))
        return book
    }

    @Test(arguments: [(0, AgingBucket.current), (1, .days1to30), (30, .days1to30), (31, .days31to60), (60, .days31to60),
                      (61, .days61to90), (90, .days61to90), (91, .over90), (400, .over90), (-5, .current)])
    func agingBoundaries(days: Int, bucket: AgingBucket) throws {
        let book = try billed()
        let asOf = day("2026-06-01").adding(days: days)
        let open = book.openInvoices(of: "ACME", asOf: asOf).first { $0.invoice.id == "INV-1" }
        #expect(open?.daysOverdue == days)
        #expect(open?.bucket == bucket)
        #expect(AgingBucket(daysOverdue: days) == bucket)
    }

    @Test func aPaymentWithoutAnInvoicePaysTheOldestFirstAndKeepsTheRestAsCredit() throws {
        var book = try billed()
        try book.apply(ev("payment.record", "PAY-1", ["account": "ACME", "amount": "1200.00", "currency": "GBP", "date": "2026-07-10"], at: "2026-07-10T10:00:00Z"))
        #expect(book.invoices["INV-1"]?.outstanding.minorUnits == 0)
        #expect(book.invoices["INV-2"]?.outstanding.minorUnits == 30_000)
        try book.apply(ev("payment.record", "PAY-2", ["account": "ACME", "amount": "350.00", "currency": "GBP", "date": "2026-07-11"], at: "2026-07-11T10:00:00Z"))
        let r = book.receivables(of: "ACME", asOf: day("2026-07-12"))
        #expect(r.unpaid.isZero)
        #expect(r.credit.amounts == [Money(minorUnits: 5_000, currency: .gbp)])
    }

    @Test func partPaymentsLeaveTheRestOwedAndAsOfIgnoresLaterPayments() throws {
        var book = try billed()
        try book.apply(ev("payment.record", "PAY-1", ["invoice": "INV-1", "amount": "400.00", "currency": "GBP", "date": "2026-06-15"], at: "2026-06-15T10:00:00Z"))
        try book.apply(ev("payment.record", "PAY-2", ["invoice": "INV-1", "amount": "600.00", "currency": "GBP", "date": "2026-08-01"], at: "2026-08-01T10:00:00Z"))
        let july = book.receivables(of: "ACME", asOf: day("2026-07-15"))
        #expect(july.unpaid.amounts == [Money(minorUnits: 110_000, currency: .gbp)])
        #expect(july.oldestOverdueDays == 44)
        let may = book.receivables(of: "ACME", asOf: day("2026-05-15"))
        #expect(may.unpaid.amounts == [Money(minorUnits: 100_000, currency: .gbp)], "INV-2 was not yet issued")
        #expect(may.oldestOverdueDays == nil)
        let august = book.receivables(of: "ACME", asOf: day("2026-08-02"))
        #expect(august.unpaid.amounts == [Money(minorUnits: 50_000, currency: .gbp)])
    }

    @Test func currenciesAreNeverSummedAcross() throws {
        var book = try billed()
        try book.apply(ev("invoice.issue", "INV-3", ["account": "ACME", "amount": "120000", "currency": "JPY", "due": "2026-06-10", "issued": "2026-05-10"], at: "2026-05-10T10:00:00Z"))
        #expect(throws: Rejection.self) {
            try book.apply(ev("payment.record", "PAY-1", ["invoice": "INV-3", "amount": "10.00", "currency": "GBP"]))
        }
        try book.apply(ev("payment.record", "PAY-1", ["account": "ACME", "amount": "20000", "currency": "JPY", "date": "2026-06-01"], at: "2026-06-01T10:00:00Z"))
        let r = book.receivables(of: "ACME", asOf: day("2026-07-02"))
        #expect(r.unpaid.amounts == [Money(minorUnits: 150_000, currency: .gbp), Money(minorUnits: 100_000, currency: .jpy)])
        #expect(r.unpaid.description == "GBP 1,500.00 + JPY 100,000")
    }

    @Test func creditsWriteOffsVoidsAndDisputes() throws {
        var book = try billed()
        try book.apply(ev("invoice.credit", "INV-1", ["amount": "100.00", "reason": "late delivery"], at: "2026-06-02T10:00:00Z"))
        #expect(book.invoices["INV-1"]?.outstanding.minorUnits == 90_000)
        #expect(throws: Rejection.self) { try book.apply(ev("invoice.credit", "INV-1", ["amount": "2000.00", "reason": "x"])) }
        try book.apply(ev("invoice.dispute", "INV-2", ["reason": "wrong rate"], at: "2026-07-05T10:00:00Z"))
        var r = book.receivables(of: "ACME", asOf: day("2026-08-01"))
        #expect(r.disputed.amounts == [Money(minorUnits: 50_000, currency: .gbp)])
        #expect(r.overdue.amounts == [Money(minorUnits: 90_000, currency: .gbp)], "a disputed invoice is not chased")
        try book.apply(ev("invoice.write-off", "INV-1", ["reason": "client insolvent"], at: "2026-09-01T10:00:00Z"))
        r = book.receivables(of: "ACME", asOf: day("2026-09-02"))
        #expect(r.overdue.isZero)
        try book.apply(ev("invoice.void", "INV-2", ["reason": "issued in error"], at: "2026-09-03T10:00:00Z"))
        r = book.receivables(of: "ACME", asOf: day("2026-09-04"))
        #expect(r.unpaid.isZero)
        #expect(throws: Rejection("invoice INV-2 is void")) { try book.apply(ev("invoice.amend", "INV-2", ["due": "2026-10-01", "reason": "x"])) }
    }

    @Test func aPaymentTheBookCannotPlaceIsRefusedAndChangesNothing() throws {
        var book = try billed()
        try book.apply(ev("account.open", "GLOBEX", ["name": "Globex", "tier": "small"]))
        try book.apply(ev("invoice.issue", "INV-3", ["account": "GLOBEX", "amount": "70.00", "currency": "GBP", "due": "2026-07-01", "issued": "2026-06-01"]))
        try book.apply(ev("invoice.issue", "INV-4", ["account": "ACME", "amount": "90.00", "currency": "EUR", "due": "2026-07-01", "issued": "2026-06-01"]))
        try book.apply(ev("invoice.void", "INV-4", ["reason": "raised in error"]))
        try book.apply(ev("payment.record", "PAY-1", ["invoice": "INV-1", "amount": "100.00", "currency": "GBP"]))
        let before = book.invoices.values.map(\.outstanding)
        let refused: [(KeyValuePairs<String, String>, Rejection)] = [
            (["invoice": "INV-9", "amount": "1.00", "currency": "GBP"], Rejection(field: "invoice", "no invoice \"INV-9\" in the book")),
            (["invoice": "INV-4", "amount": "1.00", "currency": "EUR"], Rejection(field: "invoice", "invoice INV-4 is void")),
            (["invoice": "INV-1", "amount": "1.00", "currency": "EUR"], Rejection(field: "currency", "EUR payment for a GBP invoice")),
            (["invoice": "INV-3", "account": "ACME", "amount": "1.00", "currency": "GBP"], Rejection(field: "invoice", "invoice INV-3 belongs to GLOBEX, not ACME")),
            (["amount": "1.00", "currency": "GBP"], Rejection(field: "account", "is required when no invoice is named")),
        ]
        for (fields, rejection) in refused {
            #expect(throws: rejection) { try book.apply(ev("payment.record", "PAY-2", fields)) }
        }
        #expect(throws: Rejection("payment PAY-1 already exists")) {
            try book.apply(ev("payment.record", "PAY-1", ["invoice": "INV-2", "amount": "1.00", "currency": "GBP"]))
        }
        #expect(book.invoices.values.map(\.outstanding) == before)
        #expect(book.payments.count == 1)
        // The named invoice is paid, and only it, even when an older one is owed.
        try book.apply(ev("payment.record", "PAY-2", ["invoice": "INV-2", "account": "ACME", "amount": "50.00", "currency": "GBP"]))
        #expect(book.invoices["INV-1"]?.outstanding.minorUnits == 90_000)
        #expect(book.invoices["INV-2"]?.outstanding.minorUnits == 45_000)
        #expect(book.payments["PAY-2"]?.allocations.map(\.invoice) == ["INV-2"])
    }

    @Test func voidingAPaymentPutsTheDebtBack() throws {
        var book = try billed()
        try book.apply(ev("payment.record", "PAY-1", ["invoice": "INV-1", "amount": "1000.00", "currency": "GBP"], at: "2026-06-01T10:00:00Z"))
        #expect(book.invoices["INV-1"]?.outstanding.isZero == true)
        try book.apply(ev("payment.void", "PAY-1", ["reason": "cheque bounced"], at: "2026-06-05T10:00:00Z"))
        #expect(book.invoices["INV-1"]?.outstanding.minorUnits == 100_000)
    }

    @Test func promisesToPayAreJudgedByPayments() throws {
        var book = try billed()
        try book.apply(ev("promise.make", "PR-1", ["account": "ACME", "by": "client", "due": "2026-07-10", "text": "pay by Friday", "amount": "1000.00", "currency": "GBP"], at: "2026-07-01T10:00:00Z"))
        try book.apply(ev("promise.make", "PR-2", ["account": "ACME", "by": "client", "due": "2026-07-20", "text": "the rest", "amount": "500.00", "currency": "GBP"], at: "2026-07-01T10:00:00Z"))
        try book.apply(ev("payment.record", "PAY-1", ["account": "ACME", "amount": "1000.00", "currency": "GBP", "date": "2026-07-08"], at: "2026-07-08T10:00:00Z"))
        let pr1 = book.promises["PR-1"]!
        let pr2 = book.promises["PR-2"]!
        #expect(book.outcome(of: pr1, asOf: day("2026-07-05")) == .open)
        #expect(book.outcome(of: pr1, asOf: day("2026-07-09")) == .kept)
        #expect(book.outcome(of: pr2, asOf: day("2026-07-21")) == .kept, "PAY-1 fell inside PR-2's window too")
        try book.apply(ev("promise.make", "PR-3", ["account": "ACME", "by": "client", "due": "2026-08-10", "text": "x", "amount": "300.00", "currency": "GBP"], at: "2026-08-01T10:00:00Z"))
        try book.apply(ev("payment.record", "PAY-2", ["account": "ACME", "amount": "100.00", "currency": "GBP", "date": "2026-08-05"], at: "2026-08-05T10:00:00Z"))
        #expect(book.outcome(of: book.promises["PR-3"]!, asOf: day("2026-08-11")) == .partlyKept)
        try book.apply(ev("promise.make", "PR-4", ["account": "ACME", "by": "client", "due": "2026-09-10", "text": "x", "amount": "300.00", "currency": "GBP"], at: "2026-09-01T10:00:00Z"))
        #expect(book.outcome(of: book.promises["PR-4"]!, asOf: day("2026-09-10")) == .open)
        #expect(book.outcome(of: book.promises["PR-4"]!, asOf: day("2026-09-11")) == .broken)
    }

    @Test func ourPromisesAreKeptBrokenOrLate() throws {
        var book = try acmeBook()
        try book.apply(ev("promise.make", "PR-1", ["account": "ACME", "by": "us", "due": "2026-03-06", "text": "Call back by Friday"], at: "2026-03-02T10:00:00Z"))
        try book.apply(ev("promise.make", "PR-2", ["account": "ACME", "by": "us", "due": "2026-03-06", "text": "Send credit note"], at: "2026-03-02T10:00:00Z"))
        try book.apply(ev("promise.keep", "PR-1", [:], at: "2026-03-05T10:00:00Z"))
        #expect(book.outcome(of: book.promises["PR-1"]!, asOf: day("2026-04-01")) == .kept)
        #expect(book.outcome(of: book.promises["PR-2"]!, asOf: day("2026-03-06")) == .open)
        #expect(book.outcome(of: book.promises["PR-2"]!, asOf: day("2026-03-07")) == .broken)
        #expect(throws: Rejection("promise PR-1 is already kept")) { try book.apply(ev("promise.break", "PR-1")) }
    }
}
