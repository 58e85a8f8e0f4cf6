import ArgumentParser
import RapportJournal
import RapportModel

/// `rapport export --format ledger`: the money in the book as a ledger/hledger journal,
/// so the accountant's tools reconcile with what the front line sees.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the money events as a ledger/hledger journal on standard output.",
        discussion: """
        Accounts, one per client (CLIENT is the account id):
          invoice      assets:receivable:CLIENT  against  income:CLIENT:sales
          payment      assets:bank  against  assets:receivable:CLIENT (per invoice paid)
                       and liabilities:client credit:CLIENT for any excess held as credit
          credit note  income:CLIENT:credit notes  against  assets:receivable:CLIENT
          write-off    expenses:bad debt:CLIENT  against  assets:receivable:CLIENT
        Voided invoices and payments are left out, as Rapport treats them. Amounts carry
        the ISO 4217 code as commodity (GBP 1250.00). So assets:receivable:CLIENT equals
        Rapport's unpaid total for the client, per currency; `hledger bal -e DATE` gives it
        as of a day. See docs/MONEY.md.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case ledger }

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Option(help: "Output format (only ledger, read by ledger and hledger).") var format: Format = .ledger

    func run() throws {
        try reportingErrors {
            let loaded = try saved.load(options.path)
            print(LedgerExport.journal(of: loaded.book), terminator: "")
            if !loaded.problems.isEmpty {
                printError("\(loaded.problems.count) journal problem\(loaded.problems.count == 1 ? "" : "s") left out; run `rapport check`")
            }
        }
    }
}

/// The ledger text for a book. Pure: the same book gives the same bytes.
enum LedgerExport {
    /// The text for a book, written as bytes: each transaction's lines into one buffer, then
    /// copied out in date order (a `String` built by interpolation, a piece at a time, took
    /// most of a second and a half for 170,000 transactions).
    static func journal(of book: Book) -> String {
        var text: [UInt8] = []
        var transactions: [(day: Day, order: Int, start: Int, end: Int)] = []
        func put(_ s: String) { text.append(contentsOf: s.utf8) }
        func add(_ day: Day, _ payee: String, _ postings: [(account: String, money: Money, comment: String?)]) {
            let start = text.count
            put(day.iso8601)
            text.append(0x20)
            appendClean(payee, to: &text)
            text.append(0x0A)
            for p in postings {
                put("    ")
                put(p.account)
                text.append(contentsOf: repeatElement(0x20, count: max(2, 44 - width(p.account))))
                put(p.money.currency.code)
                text.append(0x20)
                put(p.money.plain)
                if let comment = p.comment {
                    put("  ; ")
                    appendClean(comment, to: &text)
                }
                text.append(0x0A)
            }
            transactions.append((day, transactions.count, start, text.count))
        }
        func negated(_ m: Money) -> Money { Money(minorUnits: -m.minorUnits, currency: m.currency) }

        for accountID in book.accountOrder {
            let client = accountName(accountID)
            let name = book.accounts[accountID]?.name ?? accountID
            let receivable = "assets:receivable:\(client)"
            for invoice in book.invoices(of: accountID) where !invoice.voided {
                let id = invoice.id
                add(invoice.issued, "Invoice \(id) | \(name)", [
                    (receivable, invoice.amount, nil),
                    ("income:\(client):sales", negated(invoice.amount), nil),
                ])
                for credit in invoice.credits {
                    let money = Money(minorUnits: credit.minorUnits, currency: invoice.currency)
                    add(credit.day, "Credit note on \(id) | \(name)", [
                        ("income:\(client):credit notes", money, nil),
                        (receivable, negated(money), id),
                    ])
                }
                if let w = invoice.writeOff {
                    let money = Money(minorUnits: w.minorUnits, currency: invoice.currency)
                    add(w.day, "Write-off of \(id) | \(name)", [
                        ("expenses:bad debt:\(client)", money, nil),
                        (receivable, negated(money), id),
                    ])
                }
            }
            for payment in book.payments(of: accountID) where !payment.voided {
                let id = payment.id
                var postings: [(account: String, money: Money, comment: String?)] = [("assets:bank", payment.amount, nil)]
                for allocation in payment.allocations {
                    postings.append((receivable, Money(minorUnits: -allocation.minorUnits, currency: payment.amount.currency), allocation.invoice))
                }
                if payment.unallocated.isPositive {
                    postings.append(("liabilities:client credit:\(client)", negated(payment.unallocated), "held as credit"))
                }
                add(payment.day, "Payment \(id) | \(name)", postings)
            }
        }
        transactions.sort { ($0.day, $0.order) < ($1.day, $1.order) }
        var out = Array("; Money from a Rapport journal: receivables, income, payments, credit held, bad debt.\n".utf8)
        out += Array("; Read with `hledger -f FILE bal` or `ledger -f FILE bal`.\n\n".utf8)
        out.reserveCapacity(out.count + text.count + transactions.count)
        for t in transactions {
            out.append(contentsOf: text[t.start..<t.end])
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An account name's width as the padding counts it: in characters.
    static func width(_ name: String) -> Int {
        name.utf8.allSatisfy { $0 < 0x80 } ? name.utf8.count : name.count
    }

    /// An account id as one ledger account-name segment: no colon (a sub-account), no run
    /// of spaces (the end of the name), nothing a ledger reader treats specially.
    static func accountName(_ id: String) -> String {
        String(id.map { c -> Character in
            c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." ? c : "_"
        })
    }

    /// A payee or comment, appended to `out` as bytes on one line, with no control
    /// characters and no `;` (which would start a comment): controls (C0, DEL, C1) and
    /// spaces become one space a run, and `;` a comma.
    static func appendClean(_ text: String, to out: inout [UInt8]) {
        var lastSpace = false
        var utf8 = text.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? utf8.next() {
            pending = nil
            var space = b < 0x20 || b == 0x7F || b == 0x20
            var after: UInt8? = nil
            if b == 0xC2, let next = utf8.next() {
                // U+0080–U+009F, the C1 controls, are C2 80 … C2 9F.
                if next >= 0x80 && next <= 0x9F { space = true } else { after = next }
            }
            if space {
                if !lastSpace { out.append(0x20) }
                lastSpace = true
                continue
            }
            out.append(b == 0x3B ? 0x2C : b)
            if let after {
                // The byte after C2 was read ahead: it belongs to this scalar when it is a
                // continuation byte, else it starts the next one.
                if after & 0xC0 == 0x80 { out.append(after) } else { pending = after }
            }
            lastSpace = false
        }
    }
}
