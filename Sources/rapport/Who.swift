import ArgumentParser
import Foundation
import RapportJournal
import RapportModel
import RapportTUI

/// `rapport who QUERY`: can I help this caller? One line per matching account, then its
/// payment warnings as the dashboard's caller check shows them, indented.
struct Who: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who is calling? Unpaid total, overdue days, flags with their route-to contact, payment warnings, complaints, health.",
        discussion: "QUERY is any part of a name, an email, an account id, or digits of a phone number (spaces, dashes and a leading +44 or 0 do not matter). Exit status 1 when no one matches."
    )

    @OptionGroup var options: JournalOptions
    @Flag(help: "Print JSON for scripts.") var json = false
    @Option(help: "At most this many matches.") var limit = 20
    @OptionGroup var saved: SnapshotOptions
    @Argument(parsing: .remaining, help: "Name, phone, email or account id.") var query: [String]

    func run() throws {
        var found = false
        try reportingErrors {
            let text = query.joined(separator: " ")
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw UserError("who needs something to look for") }
            let now = try Environment.now()
            // The book and the caller index the dashboard saved, when they can be trusted
            // (a large journal then answers in a fraction of a second); built otherwise.
            let loaded = try saved.load(options.path)
            let index = loaded.snapshotCallerIndex?.read(for: loaded.book) ?? CallerIndex(book: loaded.book)
            let summaries = index.search(text, limit: limit).compactMap {
                loaded.book.callerSummary(account: $0.account, contact: $0.contact, now: now)
            }
            found = !summaries.isEmpty
            if json {
                print(Self.json(summaries))
            } else if summaries.isEmpty {
                print("No one matches \"\(text)\".")
            } else {
                for summary in summaries {
                    print(Terminal.safe(summary.line))
                    for warning in summary.warningLines { print("    " + Terminal.safe(warning)) }
                }
            }
            if !loaded.problems.isEmpty {
                printError("\(loaded.problems.count) journal problem\(loaded.problems.count == 1 ? "" : "s"); run `rapport check`")
            }
        }
        if !found { throw ExitCode(1) }
    }

    static func json(_ summaries: [CallerSummary]) -> String {
        func money(_ totals: MoneyTotals) -> [[String: Any]] {
            totals.amounts.map { ["currency": $0.currency.code, "amount": $0.plain, "minor_units": $0.minorUnits] }
        }
        let list: [[String: Any]] = summaries.map { s in
            var item: [String: Any] = [
                "account": s.account.id, "name": s.account.name, "tier": s.account.tier.rawValue,
                "status": s.account.status.rawValue, "unpaid": money(s.receivables.unpaid), "overdue": money(s.receivables.overdue),
                "open_complaints": s.openComplaints, "broken_promises": s.brokenPromises,
                "health": ["score": s.health.score, "label": s.health.label.rawValue],
                "flags": s.account.flags.map { ["flag": $0.kind.rawValue, "instruction": $0.instruction, "route_to": $0.routeTo, "reason": $0.reason] },
            ]
            item["warnings"] = s.warnings.map(Self.json)
            item["oldest_overdue_days"] = s.receivables.oldestOverdueDays ?? NSNull()
            if let c = s.contact {
                let phone: Any = c.phone ?? NSNull()
                let email: Any = c.email ?? NSNull()
                item["contact"] = ["id": c.id as String, "name": c.name, "phone": phone, "email": email]
            }
            return item
        }
        return JSONText.string(list)
    }

    /// One payment warning: its kind and the line people read, then its particulars.
    static func json(_ warning: PaymentWarning) -> [String: Any] {
        func money(_ m: Money) -> [String: Any] { ["currency": m.currency.code, "amount": m.plain, "minor_units": m.minorUnits] }
        var item: [String: Any] = ["kind": warning.kind, "text": warning.text]
        switch warning {
        case .overdue(let invoice, let days, let outstanding):
            item["invoice"] = invoice
            item["days_overdue"] = days
            item["outstanding"] = money(outstanding)
        case .brokenPromise(let promise, let due, let amount, let outcome):
            item["promise"] = promise
            item["due"] = due.iso8601
            item["amount"] = amount.map(money) ?? NSNull()
            item["outcome"] = outcome.rawValue
        case .paysLate(let lateness):
            item["average_days_late"] = lateness.averageDays
            item["worst_days_late"] = lateness.worstDays
            item["paid_invoices"] = lateness.invoices
        case .disputed(let invoice, let outstanding, let reason):
            item["invoice"] = invoice
            item["outstanding"] = money(outstanding)
            item["reason"] = reason
        }
        return item
    }
}

/// Text bound for a terminal: control and invisible formatting characters from the
/// journal or an import are made visible, by the same rule the dashboard draws with.
enum Terminal {
    static func safe(_ text: String) -> String { DisplayWidth.sanitize(text) }
}
