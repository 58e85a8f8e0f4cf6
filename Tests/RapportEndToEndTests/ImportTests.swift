import Foundation
import RapportJournal
import RapportModel
import Testing

/// `rapport import invoices|payments FILE.csv` against real journals and real files.
@Suite("rapport import")
struct ImportTests {
    /// A journal with ACME and BETA.
    static func seeded() throws -> Scratch {
        let scratch = Scratch()
        for (id, name) in [("ACME", "Acme Trading Ltd"), ("BETA", "Beta GmbH")] {
            let result = try CLI.rapport(["add", "account", id, "--name", name, "--tier", "large"], in: scratch)
            try #require(result.status == 0, "\(result.stderr)")
        }
        return scratch
    }

    static func write(_ text: String, to name: String, in scratch: Scratch, bom: Bool = false) -> String {
        let path = scratch.directory + "/" + name
        var bytes: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        bytes += Array(text.utf8)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func lines(_ scratch: Scratch) -> [String] {
        String(decoding: fileBytes(scratch.journal), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// BOM, CRLF, a quoted field with a newline and commas inside, thousands separators.
    static let awkward = "reference,account,amount,currency,issued,due,description\r\n"
        + "INV-1,ACME,\"1,250.00\",GBP,2026-10-01,2026-10-31,\"Two lines,\r\nwith commas, inside\"\r\n"
        + "INV-2,BETA,\"1,000,000\",JPY,2026-10-05,2026-11-05,plain\r\n"
        + "\"INV-3\",\"ACME\",\" 12.5 \",eur,2026-11-01,2026-12-01,\"He said \"\"pay\"\"\"\r\n"

    @Test("BOM, CRLF, quoted fields with newlines and commas, thousands separators")
    func awkwardButValid() throws {
        let scratch = try Self.seeded()
        let file = Self.write(Self.awkward, to: "invoices.csv", in: scratch, bom: true)
        let result = try CLI.rapport(["import", "invoices", file], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 3 invoices"))
        let book = try LoadedBook.load(path: scratch.journal).book
        #expect(book.invoices["INV-1"]?.amount == Money(minorUnits: 125_000, currency: .gbp))
        #expect(book.invoices["INV-1"]?.issued == Day(iso8601: "2026-10-01"))
        #expect(book.invoices["INV-1"]?.due == Day(iso8601: "2026-10-31"))
        #expect(book.invoices["INV-2"]?.amount == Money(minorUnits: 1_000_000, currency: .jpy))
        #expect(book.invoices["INV-3"]?.amount == Money(minorUnits: 1_250, currency: .eur))
        #expect(book.invoices["INV-3"]?.account == "ACME")
    }

    @Test("all events of one import are appended together, after the existing lines")
    func oneAppend() throws {
        let scratch = try Self.seeded()
        let before = Self.lines(scratch)
        let file = Self.write(Self.awkward, to: "invoices.csv", in: scratch)
        #expect(try CLI.rapport(["import", "invoices", file], in: scratch).status == 0)
        let after = Self.lines(scratch)
        #expect(Array(after.prefix(before.count)) == before)
        #expect(after.count == before.count + 3)
        #expect(after.suffix(3).allSatisfy { $0.contains(" invoice.issue ") })
    }

    @Test("re-importing the same file writes nothing new")
    func idempotent() throws {
        let scratch = try Self.seeded()
        let file = Self.write(Self.awkward, to: "invoices.csv", in: scratch, bom: true)
        #expect(try CLI.rapport(["import", "invoices", file], in: scratch).status == 0)
        let once = fileBytes(scratch.journal)
        let again = try CLI.rapport(["import", "invoices", file], in: scratch)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("imported 0 invoices"))
        #expect(again.stdout.contains("3 already in the book"))
        #expect(fileBytes(scratch.journal) == once, "the journal must be unchanged byte for byte")
    }

    @Test("--dry-run prints the events and writes nothing")
    func dryRun() throws {
        let scratch = try Self.seeded()
        let before = fileBytes(scratch.journal)
        let file = Self.write(Self.awkward, to: "invoices.csv", in: scratch)
        let result = try CLI.rapport(["import", "invoices", file, "--dry-run"], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("invoice.issue INV-1 account=ACME amount=1250.00 currency=GBP due=2026-10-31 issued=2026-10-01"))
        #expect(result.stdout.contains("would import 3 invoices"))
        #expect(fileBytes(scratch.journal) == before)
    }

    struct BadFile: CustomTestStringConvertible, Sendable {
        var name: String
        var csv: String
        /// What stderr must hold, FILE:ROW included.
        var fragments: [String]
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "wrong column count", csv: "reference,account,amount,currency,due\nINV-1,ACME,10.00,GBP,2026-12-01\nINV-2,ACME,10.00,GBP\n",
                fragments: [":3: 4 fields, but the header has 5"]),
        BadFile(name: "duplicate reference in the file", csv: "reference,account,amount,currency,due\nINV-1,ACME,10.00,GBP,2026-12-01\nINV-1,BETA,11.00,GBP,2026-12-01\n",
                fragments: [":3: reference INV-1 repeats row 2"]),
        BadFile(name: "row number counts a quoted newline's record once", csv: "reference,account,amount,currency,due,note\nINV-1,ACME,10.00,GBP,2026-12-01,\"a\nb\"\nINV-2,NOPE,10.00,GBP,2026-12-01,x\n",
                fragments: [":3: field account: no account \"NOPE\""]),
        BadFile(name: "a decimal comma is not a thousands separator", csv: "reference,account,amount,currency,due\nINV-1,ACME,\"12,50\",GBP,2026-12-01\n",
                fragments: [":2: field amount: \"12,50\" is not an amount"]),
        BadFile(name: "a date the calendar does not have", csv: "reference,account,amount,currency,due\nINV-1,ACME,10.00,GBP,2026-02-30\n",
                fragments: [":2: field due", "is not a date"]),
        BadFile(name: "too many decimals for JPY", csv: "reference,account,amount,currency,due\nINV-1,ACME,10.5,JPY,2026-12-01\n",
                fragments: [":2: field amount", "JPY has no minor unit"]),
        BadFile(name: "due before issued (the book refuses it)", csv: "reference,account,amount,currency,issued,due\nINV-1,ACME,10.00,GBP,2026-12-01,2026-11-01\n",
                fragments: [":2: field due", "is before the invoice date"]),
        BadFile(name: "a missing column", csv: "reference,account,amount,due\nINV-1,ACME,10.00,2026-12-01\n",
                fragments: [":1: no column \"currency\""]),
        BadFile(name: "control characters", csv: "reference,account,amount,currency,due\nINV-1,\"AC\u{1B}[2JME\",10.00,GBP,2026-12-01\n",
                fragments: [":2: a field holds control characters"]),
    ]

    @Test("a bad row: FILE:ROW: reason, exit status 2, nothing written", arguments: badFiles)
    func badRow(_ bad: BadFile) throws {
        let scratch = try Self.seeded()
        let before = fileBytes(scratch.journal)
        let file = Self.write(bad.csv, to: "bad.csv", in: scratch)
        let result = try CLI.rapport(["import", "invoices", file], in: scratch)
        #expect(result.status == 2)
        #expect(result.stderr.contains(file + bad.fragments[0]), "stderr was: \(result.stderr)")
        for fragment in bad.fragments.dropFirst() {
            #expect(result.stderr.contains(fragment), "stderr was: \(result.stderr)")
        }
        #expect(!result.stderr.utf8.contains(0x1B), "no escape sequence reaches the terminal")
        #expect(fileBytes(scratch.journal) == before, "the journal must be unchanged byte for byte")
    }

    @Test("--skip-bad writes the good rows and reports the bad ones")
    func skipBad() throws {
        let scratch = try Self.seeded()
        let csv = "reference,account,amount,currency,due\nINV-1,ACME,10.00,GBP,2026-12-01\nINV-2,ACME,10.00,GBP\nINV-3,BETA,20.00,EUR,2026-12-01\n"
        let file = Self.write(csv, to: "some-bad.csv", in: scratch)
        let result = try CLI.rapport(["import", "invoices", file, "--skip-bad"], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(file + ":3: 4 fields"))
        #expect(result.stdout.contains("imported 2 invoices"))
        let book = try LoadedBook.load(path: scratch.journal).book
        #expect(book.invoices.keys.sorted() == ["INV-1", "INV-3"])
    }

    @Test("payments: --map renames columns; rows are checked against the book in order")
    func paymentsWithMapping() throws {
        let scratch = try Self.seeded()
        let invoices = Self.write("reference,account,amount,currency,issued,due\nINV-1,ACME,\"1,000.00\",GBP,2026-09-01,2026-10-01\nINV-2,ACME,500.00,GBP,2026-10-01,2026-11-01\n",
                                  to: "invoices.csv", in: scratch)
        #expect(try CLI.rapport(["import", "invoices", invoices], in: scratch).status == 0)
        let csv = "Receipt No,Inv,Paid,Ccy,Received,Customer\n"
            + "R-1,INV-1,400.00,GBP,2026-10-10,\n"
            + "R-2,,\"1,200.00\",GBP,2026-10-20,ACME\n"   // no invoice: oldest first, excess held as credit
        let file = Self.write(csv, to: "bank.csv", in: scratch)
        let map = ["--map", "reference=Receipt No,invoice=Inv,amount=Paid", "--map", "currency=Ccy,date=Received,account=Customer"]
        let result = try CLI.rapport(["import", "payments", file] + map, in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let book = try LoadedBook.load(path: scratch.journal).book
        #expect(book.payments["R-1"]?.day == Day(iso8601: "2026-10-10"))
        #expect(book.invoices["INV-1"]?.outstanding.isZero == true)
        #expect(book.invoices["INV-2"]?.outstanding.isZero == true)
        #expect(book.receivables(of: "ACME", asOf: Day(iso8601: "2026-11-22")!).credit.amounts == [Money(minorUnits: 10_000, currency: .gbp)])
        let again = try CLI.rapport(["import", "payments", file] + map, in: scratch)
        #expect(again.stdout.contains("imported 0 payments"), "\(again.stdout)\(again.stderr)")

        // A payment for an invoice the book has not got is refused with its row.
        let orphan = Self.write("reference,invoice,amount,currency,date\nR-9,INV-404,1.00,GBP,2026-10-10\n", to: "orphan.csv", in: scratch)
        let refused = try CLI.rapport(["import", "payments", orphan], in: scratch)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(orphan + ":2: field invoice: no invoice \"INV-404\""))
    }

    @Test("a reference already in the book for another client is an error, not a silent skip")
    func conflictingReference() throws {
        let scratch = try Self.seeded()
        let first = Self.write("reference,account,amount,currency,due\nINV-1,ACME,10.00,GBP,2026-12-01\n", to: "a.csv", in: scratch)
        #expect(try CLI.rapport(["import", "invoices", first], in: scratch).status == 0)
        let second = Self.write("reference,account,amount,currency,due\nINV-1,BETA,10.00,GBP,2026-12-01\n", to: "b.csv", in: scratch)
        let result = try CLI.rapport(["import", "invoices", second], in: scratch)
        #expect(result.status == 2)
        #expect(result.stderr.contains(second + ":2: invoice INV-1 is already in the book for ACME"))
    }

    /// `rows` invoices for ACME and BETA, in turn; amounts with a thousands separator when
    /// `separators` (row i: "(i % 9 + 1),(100 + i % 900).00"), else "(100 + i % 900).00".
    static func invoices(_ rows: Int, separators: Bool) -> String {
        var csv = "reference,account,amount,currency,issued,due\n"
        for i in 1...rows {
            let amount = separators ? "\"\(i % 9 + 1),\(100 + i % 900).00\"" : "\(100 + i % 900).00"
            csv += "INV-\(i),\(i % 2 == 0 ? "ACME" : "BETA"),\(amount),GBP,2026-10-01,2026-10-31\n"
        }
        return csv
    }

    @Test("three imports of one file at once: each invoice written once, the journal clean")
    func concurrentImports() throws {
        let scratch = try Self.seeded()
        let file = Self.write(Self.invoices(5_000, separators: false), to: "same.csv", in: scratch)
        let binary = try CLI.requireBinary()
        let env = CLI.environment(journal: scratch.journal, home: scratch.directory)
        // Started together: each plans against the journal as it stands under the append
        // lock, so those that come second see the first one's invoices as already there.
        let runs = try (0..<3).map { _ in try CLI.start(binary, ["import", "invoices", file], environment: env, outputIn: scratch.directory) }
        let results = runs.map { CLI.finish($0.0, $0.1, $0.2) }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        #expect(results.filter { $0.stdout.contains("imported 5000 invoices") }.count == 1, "\(results.map(\.stdout))")
        #expect(results.filter { $0.stdout.contains("imported 0 invoices from") && $0.stdout.contains("5000 already in the book") }.count == 2)
        #expect(Self.lines(scratch).count == 1 + 2 + 5_000)
        let check = try CLI.rapport(["check"], in: scratch)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("an import that writes nothing leaves no journal behind where there was none")
    func nothingWrittenNoJournal() throws {
        let scratch = Scratch()
        let file = Self.write("reference,account,amount,currency,issued,due\nINV-1,ACME,10.00,GBP,2026-10-01,2026-10-31\n", to: "a.csv", in: scratch)
        let refused = try CLI.rapport(["import", "invoices", file], in: scratch)
        #expect(refused.status == 2 && refused.stderr.contains("no account \"ACME\""), "\(refused.stderr)")
        let skipped = try CLI.rapport(["import", "invoices", file, "--skip-bad"], in: scratch)
        #expect(skipped.status == 0 && skipped.stdout.contains("imported 0 invoices"), "\(skipped.stdout)\(skipped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.journal))
    }

    @Test("10,000 invoices with thousands separators import in one append, each as written")
    func manyRows() throws {
        let scratch = try Self.seeded()
        let file = Self.write(Self.invoices(10_000, separators: true), to: "big.csv", in: scratch)
        let result = try CLI.rapport(["import", "invoices", file], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = Self.lines(scratch)
        #expect(lines.count == 1 + 2 + 10_000)
        // The last row, read back: its amount with the separator taken out.
        #expect(lines.last?.contains("INV-10000") == true && lines.last?.contains("amount=2200.00") == true, "\(lines.last ?? "")")
        #expect(try CLI.rapport(["check"], in: scratch).status == 0)
    }
}
