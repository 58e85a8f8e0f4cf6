import Foundation
import RapportJournal
import RapportModel
import Testing

/// The `rapport` subcommands against real journals: refused input leaves the journal
/// byte for byte as it was, and problems are told as FILE:LINE.
@Suite("rapport command line")
struct CommandLineTests {
    /// A journal with one account, ACME.
    static func seeded() throws -> Scratch {
        let scratch = Scratch()
        let result = try CLI.rapport(["add", "account", "ACME", "--name", "Acme Trading Ltd", "--tier", "large"], in: scratch)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        /// Fragments stderr must hold: the field and what is wrong with it.
        var fragments: [String]
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "bad date", arguments: ["add", "invoice", "INV-1", "--account", "ACME", "--amount", "10.00", "--currency", "GBP", "--due", "2026-02-30"],
                fragments: ["field due", "\"2026-02-30\" is not a date"]),
        Refusal(name: "date in the wrong format", arguments: ["add", "invoice", "--account", "ACME", "--amount", "10.00", "--currency", "GBP", "--due", "22/12/2026"],
                fragments: ["field due", "is not a date"]),
        Refusal(name: "bad amount", arguments: ["add", "invoice", "--account", "ACME", "--amount", "12,5O", "--currency", "GBP", "--due", "2026-12-22"],
                fragments: ["field amount", "\"12,5O\" is not an amount"]),
        Refusal(name: "too many decimals for JPY", arguments: ["add", "invoice", "--account", "ACME", "--amount", "100.5", "--currency", "JPY", "--due", "2026-12-22"],
                fragments: ["field amount", "JPY has no minor unit"]),
        Refusal(name: "unknown currency", arguments: ["add", "invoice", "--account", "ACME", "--amount", "100", "--currency", "XYZ", "--due", "2026-12-22"],
                fragments: ["field currency", "not an ISO 4217"]),
        Refusal(name: "severity out of range", arguments: ["add", "complaint", "--account", "ACME", "--severity", "9", "--category", "delivery", "--summary", "Late"],
                fragments: ["field severity", "9 is outside 1–4"]),
        Refusal(name: "severity not a number", arguments: ["add", "complaint", "--account", "ACME", "--severity", "high", "--category", "delivery", "--summary", "Late"],
                fragments: ["field severity", "\"high\" is not a whole number"]),
        Refusal(name: "unknown account", arguments: ["add", "complaint", "--account", "NOPE", "--severity", "2", "--category", "delivery", "--summary", "Late"],
                fragments: ["field account", "no account \"NOPE\""]),
        Refusal(name: "missing required field", arguments: ["add", "complaint", "--account", "ACME", "--severity", "2", "--category", "delivery"],
                fragments: ["field summary", "is required"]),
        Refusal(name: "log: bad date", arguments: ["log", "promise.make", "PR-1", "account=ACME", "by=us", "due=2026-13-01", "text=Call back"],
                fragments: ["field due", "is not a date"]),
        Refusal(name: "log: unknown verb", arguments: ["log", "complaint.opne", "C-1", "account=ACME"],
                fragments: ["unknown verb \"complaint.opne\""]),
        Refusal(name: "log: unknown field", arguments: ["log", "account.amend", "ACME", "colour=red"],
                fragments: ["field colour", "has no field \"colour\""]),
        Refusal(name: "log: a field name that would forge a line", arguments: ["log", "account.amend", "ACME", "x\n2026-11-22T09:00:00Z mallory account.open EVIL name=Evil"],
                fragments: ["has no field"]),
        Refusal(name: "log: not key=value", arguments: ["log", "account.amend", "ACME", "name"],
                fragments: ["\"name\" is not key=value"]),
    ]

    @Test("invalid input: exit status 2, a message naming the field, the journal unchanged", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let scratch = try Self.seeded()
        let before = fileBytes(scratch.journal)
        let result = try CLI.rapport(refusal.arguments, in: scratch)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("rapport: "), "\(result.stderr)")
        for fragment in refusal.fragments {
            #expect(result.stderr.contains(fragment), "stderr was: \(result.stderr)")
        }
        #expect(result.stdout.isEmpty)
        let unchanged = fileBytes(scratch.journal) == before
        #expect(unchanged, "the journal must be unchanged byte for byte")
    }

    @Test("a value with newlines and escapes is written as one line and reads back")
    func hostileValueViaLog() throws {
        let scratch = try Self.seeded()
        let summary = "Line one\n2026-11-22T09:00:00Z mallory account.open EVIL name=Evil tier=large\n\u{1B}[2J \"quoted\" \\ \u{202E}"
        let result = try CLI.rapport(["log", "interaction.log", "ACME", "kind=call", "sentiment=-1", "summary=\(summary)"], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: fileBytes(scratch.journal), as: UTF8.self)
        #expect(text.split(separator: "\n").count == 3)
        #expect(!text.utf8.contains(0x1B))
        let loaded = try LoadedBook.load(path: scratch.journal)
        #expect(loaded.book.accounts["EVIL"] == nil)
        #expect(loaded.book.interactions["ACME"]?.first?.summary == summary)
    }

    @Test("--json output escapes quotes, backslashes and control characters, and keeps the rest as it is")
    func jsonEscapes() throws {
        let scratch = Scratch()
        let name = "Zoë \"Q\" \\ Tab\tNew\nline \u{1}\u{7F} 株式会社 /"
        let added = try CLI.rapport(["add", "account", "HOST", "--name", name, "--tier", "small"], in: scratch)
        #expect(added.status == 0, "\(added.stderr)")
        let who = try CLI.rapport(["who", "--json", "HOST"], in: scratch)
        #expect(who.status == 0, "\(who.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(who.stdout.utf8)) as? [[String: Any]])
        #expect(list.first?["name"] as? String == name)
        #expect(list.first?["flags"] as? [Any] != nil && list.first?["oldest_overdue_days"] is NSNull)
        #expect(!who.stdout.utf8.contains { $0 < 0x20 && $0 != 0x0A }, "no raw control byte in the output")
        #expect(who.stdout.contains("Zoë") && who.stdout.contains("株式会社"))
    }

    @Test("init creates an empty journal with mode 0600 and refuses an existing one")
    func initJournal() throws {
        let scratch = Scratch()
        let journal = scratch.directory + "/data/rapport/journal"
        let first = try CLI.rapport(["init", "--journal", journal], in: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(fileMode(journal) == 0o600)
        #expect(String(decoding: fileBytes(journal), as: UTF8.self) == LineFormat.header + "\n")
        let second = try CLI.rapport(["init"], in: scratch, journal: journal)
        #expect(second.status == 2)
        #expect(second.stderr.contains("already exists"))
    }

    @Test("a write refused with no journal yet leaves no journal behind")
    func refusedFirstWrite() throws {
        let scratch = Scratch()
        let invoice = try CLI.rapport(["add", "invoice", "--account", "NOSUCH", "--amount", "10.00", "--currency", "GBP", "--due", "2026-12-01"], in: scratch)
        #expect(invoice.status == 2 && invoice.stderr.contains("NOSUCH"), "\(invoice.stderr)")
        let step = try CLI.rapport(["complaint", "acknowledge", "C-1", "--note", "called"], in: scratch)
        #expect(step.status == 2 && step.stderr.contains("no complaint \"C-1\""), "\(step.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.journal))
    }

    @Test("the first add creates the journal with mode 0600 and its header")
    func addCreates() throws {
        let scratch = try Self.seeded()
        #expect(fileMode(scratch.journal) == 0o600)
        #expect(String(decoding: fileBytes(scratch.journal), as: UTF8.self).hasPrefix(LineFormat.header + "\n"))
    }

    @Test("check: exit 0 on a clean journal, exit 1 and FILE:LINE for each bad line")
    func check() throws {
        let scratch = try Self.seeded()
        let clean = try CLI.rapport(["check"], in: scratch)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.journal))
        handle.seekToEndOfFile()
        handle.write(Data("2026-11-22T09:00:00Z bob complaint.opne C-1 account=ACME\n".utf8))
        handle.write(Data("2026-11-22T09:00:00Z bob invoice.issue INV-9 account=ACME amount=10 currency=GBP due=2026-02-30\n".utf8))
        handle.write(Data("2026-11-22T09:00:00Z bob account.open GLOBEX name=Globex tier=small\n".utf8))
        try handle.close()

        let result = try CLI.rapport(["check"], in: scratch)
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(scratch.journal):3:26: unknown verb \"complaint.opne\""), "\(result.stdout)")
        #expect(result.stdout.contains("\(scratch.journal):4: invoice.issue INV-9: field due: \"2026-02-30\" is not a date"), "\(result.stdout)")
        #expect(result.stdout.contains("5 lines, 2 events applied, 2 problems"), "\(result.stdout)")
    }

    @Test("check reports a torn last line by its line number")
    func checkTorn() throws {
        let scratch = try Self.seeded()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.journal))
        handle.seekToEndOfFile()
        handle.write(Data("2026-11-22T09:00:00Z bob account.open GLO".utf8))
        try handle.close()
        let result = try CLI.rapport(["check"], in: scratch)
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(scratch.journal):3: last line has no newline"), "\(result.stdout)")
    }

    /// The demo book, written once for the `who` tests.
    static func demo() throws -> Scratch {
        let scratch = Scratch()
        let result = try CLI.rapport(["demo"], in: scratch)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch
    }

    @Test("who finds a client by the last four digits of a phone number, and --json parses")
    func whoByPhone() throws {
        let scratch = try Self.demo()
        let contents = try JournalFile(path: scratch.journal).load()
        let opened = contents.events.map(\.event).filter { $0.verb == .accountOpen && ($0["phone"]?.count ?? 0) >= 4 }
        let target = try #require(opened.dropFirst(41).first, "the demo book has phone numbers")
        let phone = try #require(target["phone"])
        let lastFour = String(phone.filter(\.isNumber).suffix(4))

        let result = try CLI.rapport(["who", "--limit", "100", lastFour], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix(target.subject + " ") }, "\(target.subject) (\(phone)) not in:\n\(result.stdout)")

        let json = try CLI.rapport(["who", "--json", "--limit", "100", lastFour], in: scratch)
        #expect(json.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
        let list = try #require(parsed as? [[String: Any]])
        #expect(list.contains { $0["account"] as? String == target.subject })
        for item in list {
            #expect(item["name"] is String && item["unpaid"] is [Any] && item["health"] is [String: Any])
        }
    }

    @Test("who finds an accented name typed without its accents")
    func whoWithoutAccents() throws {
        let scratch = try Self.demo()
        let contents = try JournalFile(path: scratch.journal).load()
        let target = try #require(contents.events.map(\.event).first { $0.verb == .accountOpen && ($0["name"]?.contains("é") ?? false) })
        let name = try #require(target["name"])
        let word = try #require(name.split(separator: " ").first { $0.contains("é") })
        let typed = word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        #expect(typed != String(word))

        let result = try CLI.rapport(["who", "--limit", "100", typed], in: scratch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix(target.subject + " ") }, "\(name) not found by \(typed):\n\(result.stdout)")
    }

    @Test("who exits 1 when no one matches")
    func whoNoMatch() throws {
        let scratch = try Self.seeded()
        let result = try CLI.rapport(["who", "zzzzqqq"], in: scratch)
        #expect(result.status == 1)
    }
}
