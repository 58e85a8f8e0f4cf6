import Foundation
import RapportJournal
import RapportModel
import Testing

/// `rapport who` shows an account's payment warnings as the dashboard's caller check does:
/// under its line in text, and every one of them, with particulars, in JSON.
@Suite struct WhoCommandTests {
    /// ACME pays late (three invoices, each 20 days after its due day), has two invoices long
    /// overdue, one disputed and a broken promise to pay; PLAIN owes nothing.
    static func book() throws -> Scratch {
        let scratch = Scratch()
        var events: [Event] = []
        var minute = 0
        func add(_ verb: Verb, _ subject: String, _ fields: KeyValuePairs<String, String>, on date: String = "2026-01-01") {
            minute += 1
            let time = Timestamp(iso8601: "\(date)T09:\(minute < 10 ? "0" : "")\(minute % 60):00Z")!
            events.append(Event(time: time, author: "tester", verb: verb, subject: subject, fields: fields.map { Event.Field($0.key, $0.value) }))
        }
        add(.accountOpen, "ACME", ["name": "Acme Trading Ltd", "tier": "large", "phone": "+44 20 7946 0123"])
        add(.contactAdd, "P-1", ["account": "ACME", "name": "Jo Smith", "phone": "07700 900123"])
        add(.accountOpen, "PLAIN", ["name": "Plain Sailing Co", "tier": "small"])
        for (n, month) in ["01", "02", "03", "06", "07", "10"].enumerated() {
            add(.invoiceIssue, "INV-\(n + 1)", ["account": "ACME", "amount": "100.00", "currency": "GBP", "due": "2026-\(month)-15", "issued": "2026-\(month)-01"],
                on: "2026-\(month)-01")
        }
        for (n, date) in ["2026-02-04", "2026-03-07", "2026-04-04"].enumerated() {
            add(.paymentRecord, "PAY-\(n + 1)", ["invoice": "INV-\(n + 1)", "amount": "100.00", "currency": "GBP", "date": date], on: date)
        }
        add(.invoiceDispute, "INV-6", ["reason": "wrong rate"], on: "2026-10-20")
        add(.promiseMake, "PR-1", ["account": "ACME", "by": "client", "due": "2026-09-01", "text": "pays June", "amount": "100.00", "currency": "GBP"],
            on: "2026-08-20")
        let file = JournalFile(path: scratch.journal)
        try file.create()
        try file.append(events)
        return scratch
    }

    @Test("who prints the payment warnings under the account's line, as the caller check shows them")
    func warningsInText() throws {
        let scratch = try Self.book()
        let result = try CLI.rapport(["who", "ACME"], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex { $0.hasPrefix("ACME  Acme Trading Ltd") }, "\(result.stdout)")
        #expect(lines[at].contains("1 broken promise"), "\(lines[at])")
        #expect(lines.dropFirst(at + 1).prefix(2) == [
            "    Disputed, not chased: INV-6 disputed (GBP 100.00), not chased: wrong rate",
            "    ! usually pays 20 days late (3 invoices) (+2 more)",
        ], "\(result.stdout)")

        let plain = try CLI.rapport(["who", "PLAIN"], in: scratch)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.hasPrefix("PLAIN  Plain Sailing Co · small · nothing unpaid"), "\(plain.stdout)")
        #expect(!plain.stdout.contains("\n    "), "no warning lines for an account without warnings:\n\(plain.stdout)")
    }

    @Test("who --json lists every payment warning with its kind and particulars")
    func warningsInJSON() throws {
        let scratch = try Self.book()
        let result = try CLI.rapport(["who", "--json", "ACME"], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let acme = try #require(list.first { $0["account"] as? String == "ACME" })
        let warnings = try #require(acme["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["kind"] as? String } == ["disputed", "broken-promise", "overdue", "overdue", "pays-late"])
        for warning in warnings { #expect((warning["text"] as? String)?.isEmpty == false) }

        let disputed = warnings[0]
        #expect(disputed["invoice"] as? String == "INV-6")
        #expect(disputed["reason"] as? String == "wrong rate")
        #expect((disputed["outstanding"] as? [String: Any])?["amount"] as? String == "100.00")
        #expect(disputed["text"] as? String == "INV-6 disputed (GBP 100.00), not chased: wrong rate")

        let promise = warnings[1]
        #expect(promise["promise"] as? String == "PR-1")
        #expect(promise["due"] as? String == "2026-09-01")
        #expect(promise["outcome"] as? String == "broken")
        #expect((promise["amount"] as? [String: Any])?["currency"] as? String == "GBP")

        let overdue = warnings[2]
        #expect(overdue["invoice"] as? String == "INV-4")
        #expect((overdue["days_overdue"] as? Int ?? 0) > 60)
        #expect((overdue["outstanding"] as? [String: Any])?["minor_units"] as? Int == 10_000)

        let late = warnings[4]
        #expect(late["average_days_late"] as? Int == 20)
        #expect(late["worst_days_late"] as? Int == 20)
        #expect(late["paid_invoices"] as? Int == 3)
        #expect(late["text"] as? String == "usually pays 20 days late (3 invoices)")

        let plain = try CLI.rapport(["who", "--json", "PLAIN"], in: scratch)
        let plainList = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [[String: Any]])
        #expect((plainList.first?["warnings"] as? [Any])?.isEmpty == true)
    }
}
