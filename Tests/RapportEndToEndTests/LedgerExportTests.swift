import Foundation
import RapportJournal
import RapportModel
import Testing

/// `rapport export --format ledger` read by hledger: the receivable balance of every
/// client equals Rapport's unpaid total, per currency.
@Suite("rapport export --format ledger")
struct LedgerExportTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool with a file on standard input; returns status and output.
    static func run(_ executable: String, _ arguments: [String], stdin: String, in scratch: Scratch) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": scratch.directory]
        let out = scratch.directory + "/tool-out-" + UUID().uuidString
        let err = scratch.directory + "/tool-err-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return CLI.finish(process, out, err)
    }

    /// `"account","balance"` rows of `hledger bal -O csv`: account → currency → minor units.
    static func balances(_ csv: String, prefix: String) throws -> [String: [String: Int64]] {
        var result: [String: [String: Int64]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: "\",\"").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")) }
            guard cells.count == 2, cells[0].hasPrefix(prefix) else { continue }
            let client = String(cells[0].dropFirst(prefix.count))
            for amount in cells[1].split(separator: ",") {
                let parts = amount.split(separator: " ")
                guard parts.count == 2, let currency = Currency(code: parts[0]) else {
                    Issue.record("cannot read hledger amount \"\(amount)\" in \(line)")
                    continue
                }
                let money = try Money.parse(parts[1], currency: currency)
                result[client, default: [:]][currency.code, default: 0] += money.minorUnits
            }
        }
        return result
    }

    static func rapportTotals(_ book: Book, asOf day: Day, _ pick: (Receivables) -> MoneyTotals) -> [String: [String: Int64]] {
        var result: [String: [String: Int64]] = [:]
        for id in book.accountOrder {
            for money in pick(book.receivables(of: id, asOf: day)).amounts {
                result[id, default: [:]][money.currency.code] = money.minorUnits
            }
        }
        return result
    }

    @Test("a demo book exported to ledger: hledger's receivable per client equals Rapport's unpaid total")
    func reconcilesWithHledger() throws {
        let hledger = try #require(Self.tool("hledger"), "hledger is not installed: install it with `apt-get install hledger` (.ci/run does this as root); this test needs it to check the ledger export")
        let scratch = Scratch()
        let demo = try CLI.rapport(["demo", "--accounts", "60"], in: scratch)
        try #require(demo.status == 0, "\(demo.stderr)")
        // What the demo does not have: a credit note, an overpayment held as credit, a
        // write-off in a three-decimal currency, voided payment and invoice, a dispute.
        let extra: [[String]] = [
            ["invoice.issue", "X-1", "account=ACME", "amount=500.00", "currency=GBP", "issued=2026-09-01", "due=2026-10-01"],
            ["invoice.credit", "X-1", "amount=50.00", "reason=damaged"],
            ["payment.record", "X-P1", "invoice=X-1", "amount=600.00", "currency=GBP", "date=2026-10-05"],
            ["invoice.issue", "X-2", "account=ACME", "amount=1250.500", "currency=KWD", "issued=2026-08-01", "due=2026-09-01"],
            ["payment.record", "X-P2", "invoice=X-2", "amount=0.250", "currency=KWD", "date=2026-09-10"],
            ["invoice.write-off", "X-2", "reason=insolvent"],
            ["invoice.issue", "X-3", "account=ACME", "amount=120000", "currency=JPY", "issued=2026-10-01", "due=2026-11-01"],
            ["payment.record", "X-P3", "account=ACME", "amount=20000", "currency=JPY", "date=2026-10-15"],
            ["payment.void", "X-P3", "reason=bounced"],
            ["invoice.issue", "X-4", "account=ACME", "amount=99.00", "currency=GBP", "issued=2026-10-01", "due=2026-11-01"],
            ["invoice.void", "X-4", "reason=issued in error"],
            ["invoice.issue", "X-5", "account=ACME", "amount=75.00", "currency=USD", "issued=2026-10-01", "due=2026-11-01"],
            ["invoice.dispute", "X-5", "reason=wrong rate"],
        ]
        for args in extra {
            let r = try CLI.rapport(["log"] + args, in: scratch)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        let export = try CLI.rapport(["export", "--format", "ledger"], in: scratch)
        try #require(export.status == 0, "\(export.stderr)")
        let file = scratch.directory + "/books.ledger"
        _ = FileManager.default.createFile(atPath: file, contents: Data(export.stdout.utf8))
        #expect(!export.stdout.contains("X-4"), "a voided invoice is left out")
        #expect(!export.stdout.contains("X-P3"), "a voided payment is left out")

        let whole = try Self.run(hledger, ["-f", "-", "bal"], stdin: file, in: scratch)
        #expect(whole.status == 0, "hledger refused the export: \(whole.stderr)")
        let receivable = try Self.run(hledger, ["-f", "-", "bal", "^assets:receivable:", "--flat", "--no-total", "-O", "csv"], stdin: file, in: scratch)
        try #require(receivable.status == 0, "\(receivable.stderr)")
        let credit = try Self.run(hledger, ["-f", "-", "bal", "^liabilities:client credit:", "--flat", "--no-total", "-O", "csv"], stdin: file, in: scratch)
        try #require(credit.status == 0, "\(credit.stderr)")

        let book = try LoadedBook.load(path: scratch.journal).book
        let end = Day(year: 9999, month: 12, day: 31)!
        let expected = Self.rapportTotals(book, asOf: end) { $0.unpaid }
        let got = try Self.balances(receivable.stdout, prefix: "assets:receivable:")
        #expect(got == expected)
        #expect(expected.count > 20, "the demo book should owe money in many accounts")
        #expect(expected["ACME"]?["KWD"] == nil, "written off")
        #expect(expected["ACME"]?["JPY"] == 120_000, "the voided payment put the debt back")
        #expect(expected["ACME"]?["USD"] == 7_500, "a disputed invoice is still owed")
        // Held credit is a liability to the client, not a negative receivable.
        let heldCredit = Self.rapportTotals(book, asOf: end) { $0.credit }
        let gotCredit = try Self.balances(credit.stdout, prefix: "liabilities:client credit:").mapValues { $0.mapValues { -$0 } }
        #expect(gotCredit == heldCredit)
        #expect(heldCredit["ACME"]?["GBP"] == 15_000)

        // As of a day: hledger's end date is exclusive.
        let asOf = Day(iso8601: "2026-10-01")!
        let then = try Self.run(hledger, ["-f", "-", "bal", "^assets:receivable:", "--flat", "--no-total", "-O", "csv", "-e", asOf.adding(days: 1).iso8601],
                                stdin: file, in: scratch)
        try #require(then.status == 0, "\(then.stderr)")
        #expect(try Self.balances(then.stdout, prefix: "assets:receivable:") == Self.rapportTotals(book, asOf: asOf) { $0.unpaid })

        if let ledger = Self.tool("ledger") {
            let result = try Self.run(ledger, ["-f", "-", "bal"], stdin: file, in: scratch)
            #expect(result.status == 0, "ledger refused the export: \(result.stderr)")
        }
    }
}
