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
    struct Transaction {
        var day: Day
        var order: Int
        var text: String
    }

    static func journal(of book: Book) -> String {
        var transactions: [Transaction] = []
        var order = 0
        func add(_ day: Day, _ payee: String, _ postings: [(account: String, money: Money, comment: String?)]) {
            var text = "\(day.iso8601) \(clean(payee))\n"
            for p in postings {
                let amount = "\(p.money.currency.code) \(p.money.plain)"
                let pad = String(repeating: " ", count: max(2, 44 - p.account.count))
                text += "    \(p.account)\(pad)\(amount)"
                if let comment = p.comment { text += "  ; \(clean(comment))" }
                text += "\n"
            }
            transactions.append(Transaction(day: day, order: order, text: text))
            order += 1
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
        var out = "; Money from a Rapport journal: receivables, income, payments, credit held, bad debt.\n"
        out += "; Read with `hledger -f FILE bal` or `ledger -f FILE bal`.\n\n"
        for t in transactions { out += t.text + "\n" }
        return out
    }

    /// An account id as one ledger account-name segment: no colon (a sub-account), no run
    /// of spaces (the end of the name), nothing a ledger reader treats specially.
    static func accountName(_ id: String) -> String {
        String(id.map { c -> Character in
            c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." ? c : "_"
        })
    }

    /// Payees and comments on one line, with no control characters and no `;` (which
    /// would start a comment).
    static func clean(_ text: String) -> String {
        var out = ""
        var lastSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let space = v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || scalar == " "
            if space {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.unicodeScalars.append(scalar == ";" ? "," : scalar)
                lastSpace = false
            }
        }
        return out
    }
}
