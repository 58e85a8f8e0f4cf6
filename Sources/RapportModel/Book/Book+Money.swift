extension Book {
    func requireInvoice(_ id: String, field: String? = nil) throws(Rejection) -> Invoice {
        invoices.values[try requireInvoicePosition(id, field: field)]
    }

    /// Where the invoice `id` is in `invoices`, or a refusal when there is none.
    func requireInvoicePosition(_ id: String, field: String? = nil) throws(Rejection) -> Int {
        guard let position = invoices.position(of: id) else { throw Rejection(field: field, "no invoice \"\(id)\" in the book") }
        return position
    }

    mutating func applyInvoice(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        if e.verb == .invoiceIssue {
            guard !invoices.contains(id) else { throw Rejection("invoice \(id) already exists") }
            let account = try requireAccountID(r)
            let currency = try r.currency()!
            let amount = try r.positiveMoney(.amount, in: currency)!
            let due = try r.day(.due)!
            let issued = try r.day(.issued) ?? e.time.day
            guard due >= issued else { throw Rejection(field: "due", "\(due) is before the invoice date \(issued)") }
            let filed = Int32(invoices.count)
            invoices.insert(Invoice(id: id, account: account, amount: amount, issued: issued, due: due), for: id)
            file(under: account) { $0.invoices.append(filed) }
            return .one(account)
        }
        var invoice = try requireInvoice(id)
        guard !invoice.voided else { throw Rejection("invoice \(id) is void") }
        let today = e.time.day
        switch e.verb {
        case .invoiceAmend:
            let amount = try r.positiveMoney(.amount, in: invoice.currency)
            let due = try r.day(.due)
            guard amount != nil || due != nil else { throw Rejection("invoice.amend needs amount= or due=") }
            if let amount {
                let settled = invoice.amount.minorUnits - invoice.outstanding.minorUnits
                guard amount.minorUnits >= settled else {
                    throw Rejection(field: "amount", "\(amount.formatted) is less than the \(Money(minorUnits: settled, currency: invoice.currency).formatted) already settled")
                }
                invoice.amount = amount
            }
            if let due {
                guard due >= invoice.issued else { throw Rejection(field: "due", "\(due) is before the invoice date \(invoice.issued)") }
                invoice.due = due
            }
        case .invoiceVoid:
            guard invoice.payments.isEmpty else { throw Rejection("invoice \(id) has payments; void them first") }
            invoice.voided = true
        case .invoiceDispute:
            guard invoice.disputed == nil else { throw Rejection("invoice \(id) is already disputed") }
            invoice.disputed = r.required(.reason)
        case .invoiceSettleDispute:
            guard invoice.disputed != nil else { throw Rejection("invoice \(id) is not disputed") }
            invoice.disputed = nil
        case .invoiceCredit:
            let amount = try r.positiveMoney(.amount, in: invoice.currency)!
            guard amount.minorUnits <= invoice.outstanding.minorUnits else {
                throw Rejection(field: "amount", "\(amount.formatted) is more than the \(invoice.outstanding.formatted) still owed")
            }
            invoice.credits.append(.init(day: today, minorUnits: amount.minorUnits, source: "credit"))
        case .invoiceWriteOff:
            guard invoice.writeOff == nil else { throw Rejection("invoice \(id) is already written off") }
            let owed = invoice.outstanding
            guard owed.isPositive else { throw Rejection("invoice \(id) has nothing left to write off") }
            invoice.writeOff = .init(day: today, minorUnits: owed.minorUnits, source: "write-off")
        default:
            preconditionFailure("\(e.verb) is not an invoice verb")
        }
        invoices[id] = invoice
        return .one(invoice.account)
    }

    mutating func applyPayment(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        if e.verb == .paymentVoid {
            guard var payment = payments[id] else { throw Rejection("no payment \"\(id)\" in the book") }
            guard !payment.voided else { throw Rejection("payment \(id) is already void") }
            for (invoiceID, _) in payment.allocations {
                invoices[invoiceID]?.payments.removeAll { $0.source == id }
            }
            payment.voided = true
            payment.allocations = []
            payments[id] = payment
            return .one(payment.account)
        }
        // The invoices are read and changed where they lie, by position: a copy taken out
        // and written back cost two lookups and a copy of its lists for every payment.
        guard !payments.contains(id) else { throw Rejection("payment \(id) already exists") }
        let currency = try r.currency()!
        let amount = try r.positiveMoney(.amount, in: currency)!
        let day = try r.day(.date) ?? e.time.day
        var namedAt: Int?
        if let invoiceID = r.text(.invoice) {
            let at = try requireInvoicePosition(invoiceID, field: "invoice")
            guard !invoices.values[at].voided else { throw Rejection(field: "invoice", "invoice \(invoiceID) is void") }
            let invoiceCurrency = invoices.values[at].currency
            guard invoiceCurrency == currency else {
                throw Rejection(field: "currency", "\(currency) payment for a \(invoiceCurrency) invoice")
            }
            namedAt = at
        }
        // The named invoice's id and account, not a copy of it (a copy would share its
        // list of payments, and adding to that list would then copy it).
        let namedID = namedAt.map { invoices.keys[$0] }
        let namedAccount = namedAt.map { invoices.values[$0].account }
        let accountID: String
        if let given = r.text(.account) {
            accountID = try requireAccountID(given)
            if let namedID, let namedAccount, namedAccount != accountID {
                throw Rejection(field: "invoice", "invoice \(namedID) belongs to \(namedAccount), not \(accountID)")
            }
        } else if let namedAccount {
            accountID = namedAccount
        } else {
            throw Rejection(field: "account", "is required when no invoice is named")
        }

        var remaining = amount.minorUnits
        var allocations: [Payment.Allocation] = []
        let targets: [Int]
        if let namedAt { targets = [namedAt] } else {
            targets = (accounts.position(of: accountID).map { files[$0].invoices } ?? []).map { Int($0) }
                .filter {
                    let invoice = invoices.values[$0]
                    return !invoice.voided && invoice.disputed == nil && invoice.currency == currency && invoice.outstanding.isPositive
                }
                .sorted {
                    let a = invoices.values[$0], b = invoices.values[$1]
                    return (a.due, a.issued, a.id) < (b.due, b.issued, b.id)
                }
        }
        for at in targets where remaining > 0 {
            let take = min(remaining, invoices.values[at].outstanding.minorUnits)
            guard take > 0 else { continue }
            invoices.update(at: at) { $0.payments.append(.init(day: day, minorUnits: take, source: id)) }
            allocations.append(.init(invoice: invoices.keys[at], minorUnits: take))
            remaining -= take
        }
        var payment = Payment(id: id, account: accountID, amount: amount, day: day, invoice: namedID)
        payment.allocationList = allocations
        let filed = Int32(payments.count)
        payments.insert(payment, for: id)
        file(under: accountID) { $0.payments.append(filed) }
        return .one(accountID)
    }
}
