import ArgumentParser
import CSV
import Foundation
import RapportJournal
import RapportModel

/// `rapport import invoices|payments FILE.csv`: an accounting system's export turned into
/// `invoice.issue` or `payment.record` events, all or nothing, idempotent by reference.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import invoices or payments from a CSV export (all rows or none; re-importing writes nothing new).",
        discussion: """
        The first row names the columns. Default mapping (field = column of the same name):
          invoices: reference, account, amount, currency, issued, due   (issued optional)
          payments: reference, invoice, amount, currency, date          (invoice or account; date optional)
        --map field=column,... reads a field from another column, e.g. --map "reference=Invoice No,due=Due Date".
        Amounts may use thousands separators (1,250.00); dates are YYYY-MM-DD. The reference becomes the
        invoice or payment id, so a reference already in the book is skipped. A bad row is reported as
        FILE:ROW: reason (the header is row 1) and nothing is written unless --skip-bad is given.
        Exit status 2 when rows are bad and nothing was written.
        """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case invoices, payments
    }

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Option(help: "Who is writing (default: $RAPPORT_AUTHOR, else your login name).") var author: String?
    @Option(name: .long, help: "field=column pairs, comma-separated; may be repeated.") var map: [String] = []
    @Flag(name: .long, help: "Print the events that would be written; write nothing.") var dryRun = false
    @Flag(name: .long, help: "Write the good rows and report the bad ones, instead of writing nothing.") var skipBad = false
    @Argument(help: "invoices or payments.") var kind: Kind
    @Argument(help: "The CSV file.") var file: String

    func run() throws {
        try reportingErrors {
            let now = try Environment.now()
            let writer = EventWriter(path: options.path, now: now, author: try Environment.author(author),
                                     snapshot: saved.snapshot(forJournal: options.path))
            let noun = kind == .invoices ? "invoice" : "payment"
            func count(_ n: Int) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            var reported = Set<String>()
            /// The plan against `book`, its problems and notes reported (each once, though
            /// the plan may be made twice); refused, writing nothing, when rows are bad and
            /// `--skip-bad` was not given.
            func planned(against book: Book) throws -> ImportPlan {
                let plan = try ImportPlan.make(kind: kind, file: file, map: map, book: book, now: now, author: writer.author)
                for line in plan.problems + plan.notes where reported.insert(line).inserted { printError(Terminal.safe(line)) }
                if !plan.problems.isEmpty && !skipBad {
                    throw UserError("\(plan.problems.count) bad row\(plan.problems.count == 1 ? "" : "s") in \(file); nothing was written (--skip-bad writes the good rows)")
                }
                return plan
            }
            func skipped(_ plan: ImportPlan) -> String {
                plan.problems.isEmpty ? "" : ", \(plan.problems.count) bad row\(plan.problems.count == 1 ? "" : "s") skipped"
            }
            let journal = JournalFile(path: options.path)
            if dryRun || !journal.exists {
                // A dry run writes nothing; with no journal yet, a refusal must not leave an
                // empty one behind, so the plan is made against the empty book first.
                let plan = try planned(against: try writer.currentBook().book)
                if dryRun {
                    for event in plan.events { print(Terminal.safe(LineFormat.print(event))) }
                    print("would import \(count(plan.events.count)) from \(Terminal.safe(file)) (\(plan.alreadyInBook) already in the book\(skipped(plan)))")
                    return
                }
                if plan.events.isEmpty {
                    print("imported \(count(0)) from \(Terminal.safe(file)) (\(plan.alreadyInBook) already in the book\(skipped(plan)))")
                    return
                }
            }
            // Planned again under the append lock, against the journal as it then stands:
            // another writer cannot slip an invoice or payment in between the plan and the write.
            var plan = ImportPlan()
            let began = ContinuousClock.now
            try journal.append(snapshot: writer.snapshot, checkedAgainst: { loaded, outcome in
                Trace.book(outcome, since: began)
                KeptUntilExit.keep(loaded)
                plan = try planned(against: loaded.book)
                return plan.events
            })
            print("imported \(count(plan.events.count)) from \(Terminal.safe(file)) (\(plan.alreadyInBook) already in the book\(skipped(plan)))")
        }
    }
}

/// What an import would write: the events that fit the book, in file order, and every
/// problem as `FILE:ROW: reason`.
struct ImportPlan {
    var events: [Event] = []
    var problems: [String] = []
    var notes: [String] = []
    var alreadyInBook = 0

    struct FieldSpec {
        var name: String
        var required: Bool
    }

    static func fields(_ kind: Import.Kind) -> [FieldSpec] {
        switch kind {
        case .invoices:
            [.init(name: "reference", required: true), .init(name: "account", required: true), .init(name: "amount", required: true),
             .init(name: "currency", required: true), .init(name: "issued", required: false), .init(name: "due", required: true)]
        case .payments:
            [.init(name: "reference", required: true), .init(name: "invoice", required: false), .init(name: "account", required: false),
             .init(name: "amount", required: true), .init(name: "currency", required: true), .init(name: "date", required: false)]
        }
    }

    static func make(kind: Import.Kind, file: String, map: [String], book: Book, now: Timestamp, author: String) throws -> ImportPlan {
        guard let data = FileManager.default.contents(atPath: file) else { throw UserError("\(file): cannot read the file") }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw UserError("\(file): not UTF-8 text") }
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false) } catch {
            throw UserError("\(file): not CSV (\(error))")
        }
        guard let header = reader.next().map({ $0.map { $0.trimmingCharacters(in: .whitespaces) } }),
              header.contains(where: { !$0.isEmpty }) else {
            throw UserError("\(file):1: empty; the first row must name the columns")
        }

        // Field → column name, then → column index.
        let specs = fields(kind)
        var columnFor: [String: String] = [:]
        for pair in map.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: true) }) {
            guard let eq = pair.firstIndex(of: "=") else { throw UserError("--map \"\(pair)\" is not field=column") }
            let field = pair[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let column = pair[pair.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard specs.contains(where: { $0.name == field }) else {
                throw UserError("--map: \(kind.rawValue) have no field \"\(field)\" (fields: \(specs.map(\.name).joined(separator: ", ")))")
            }
            columnFor[field] = column
        }
        let folded = header.map { $0.lowercased() }
        var index: [String: Int] = [:]
        for spec in specs {
            let column = columnFor[spec.name] ?? spec.name
            if let i = folded.firstIndex(of: column.lowercased()) {
                index[spec.name] = i
            } else if spec.required || columnFor[spec.name] != nil {
                throw UserError("\(file):1: no column \"\(column)\" for \(spec.name) (columns: \(header.joined(separator: ", ")))")
            }
        }
        if kind == .payments && index["invoice"] == nil && index["account"] == nil {
            throw UserError("\(file):1: payments need an invoice or an account column (columns: \(header.joined(separator: ", ")))")
        }

        var plan = ImportPlan()
        var book = book
        var seen: [String: Int] = [:]
        let name = (file as NSString).lastPathComponent
        var row = 1
        while let fields = reader.next() {
            row += 1
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            func bad(_ reason: String) { plan.problems.append("\(file):\(row): \(reason)") }
            guard fields.count == header.count else {
                bad("\(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(header.count)")
                continue
            }
            func value(_ field: String) -> String? {
                guard let i = index[field] else { return nil }
                let v = fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            guard let reference = value("reference") else { bad("the reference is empty"); continue }
            if let control = index.keys.sorted().compactMap({ value($0) }).first(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
                bad("a field holds control characters (\(control.debugDescription))")
                continue
            }
            guard !reference.contains(where: { $0.isWhitespace }) else { bad("reference \"\(reference)\" has spaces; an id must be one word"); continue }
            if let first = seen[reference] {
                bad("reference \(reference) repeats row \(first)")
                continue
            }
            seen[reference] = row

            var out: [Event.Field] = []
            var failed = false
            func need(_ field: String) -> String? {
                guard let v = value(field) else { bad("\(field) is empty"); failed = true; return nil }
                return v
            }
            let verb: Verb
            let existing: (account: String, currency: Currency, amount: Money)?
            switch kind {
            case .invoices:
                verb = .invoiceIssue
                existing = book.invoices[reference].map { ($0.account, $0.currency, $0.amount) }
                guard let account = need("account"), let amount = need("amount"), let currency = need("currency"), let due = need("due") else { continue }
                out.append(.init("account", account))
                guard let plain = normalisedAmount(amount, currency: currency.uppercased(), bad: bad) else { continue }
                out.append(.init("amount", plain))
                out.append(.init("currency", currency.uppercased()))
                out.append(.init("due", due))
                if let issued = value("issued") { out.append(.init("issued", issued)) }
            case .payments:
                verb = .paymentRecord
                existing = book.payments[reference].map { ($0.account, $0.amount.currency, $0.amount) }
                let invoice = value("invoice")
                let account = value("account")
                guard invoice != nil || account != nil else { bad("neither an invoice nor an account"); continue }
                guard let amount = need("amount"), let currency = need("currency") else { continue }
                if let account { out.append(.init("account", account)) }
                if let invoice { out.append(.init("invoice", invoice)) }
                guard let plain = normalisedAmount(amount, currency: currency.uppercased(), bad: bad) else { continue }
                out.append(.init("amount", plain))
                out.append(.init("currency", currency.uppercased()))
                if let date = value("date") { out.append(.init("date", date)) }
            }
            if failed { continue }
            out.append(.init("note", "imported from \(name) row \(row)"))
            let event = Event(time: now, author: author, verb: verb, subject: reference, fields: out)

            if let existing {
                // Already imported (or entered by hand): idempotent, unless it is plainly another record.
                let account = event["account"] ?? (event["invoice"].flatMap { book.invoices[$0]?.account }) ?? existing.account
                if account != existing.account || event["currency"] != existing.currency.code {
                    bad("\(kind == .invoices ? "invoice" : "payment") \(reference) is already in the book for \(existing.account) in \(existing.currency.code); this row says \(account) in \(event["currency"] ?? "?")")
                } else {
                    if let amount = event["amount"], amount != existing.amount.plain {
                        plan.notes.append("\(file):\(row): note: \(reference) is already in the book as \(existing.amount.formatted), not \(amount); left as it is")
                    }
                    plan.alreadyInBook += 1
                }
                continue
            }
            do {
                try book.apply(event)
                plan.events.append(event)
            } catch {
                bad(error.description)
            }
        }
        if let error = reader.error { throw UserError("\(file):\(row): cannot read further: \(error)") }
        return plan
    }

    /// `1,250.00` → `1250.00`, checked against the currency's decimals. Commas are only
    /// taken as thousands separators in groups of three, so `12,50` is refused rather
    /// than read as 1250.
    static func normalisedAmount(_ text: String, currency code: String, bad: (String) -> Void) -> String? {
        guard let currency = Currency(code: code) else {
            bad("field currency: \"\(code)\" is not an ISO 4217 currency code")
            return nil
        }
        guard let s = Money.ungrouped(text.filter { $0 != " " && $0 != "\u{00A0}" }) else {
            bad("field amount: \"\(text)\" is not an amount (a comma is read only as a thousands separator, as in 1,250.00)")
            return nil
        }
        do {
            let money = try Money.parse(s, currency: currency)
            guard money.isPositive else { bad("field amount: \"\(text)\" must be more than zero"); return nil }
            return money.plain
        } catch {
            bad("field amount: \(error.description)")
            return nil
        }
    }
}
