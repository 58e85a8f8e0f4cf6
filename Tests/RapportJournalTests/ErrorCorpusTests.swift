import RapportJournal
import RapportModel
import Testing

/// Lines that are not events: each gives one clear error pointing at the fault, and in a
/// file every good line around it still loads with its own line number.
@Suite("Parser error corpus")
struct ErrorCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var line: [UInt8]
        /// A fragment the message must hold.
        var message: String
        /// The 1-based byte column, or nil when the error is about the whole line.
        var column: Int?
        var testDescription: String { name }

        init(_ name: String, _ line: String, _ message: String, column: Int?) {
            self.init(name, Array(line.utf8), message, column: column)
        }

        /// The column is where `fragment` first occurs in the line.
        init(_ name: String, _ line: String, _ message: String, at fragment: String) {
            let bytes = Array(line.utf8)
            let needle = Array(fragment.utf8)
            let offset = (0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle }
            self.init(name, bytes, message, column: offset.map { $0 + 1 })
        }

        init(_ name: String, _ line: [UInt8], _ message: String, column: Int?) {
            self.name = name
            self.line = line
            self.message = message
            self.column = column
        }
    }

    static let stamp = "2026-11-22T09:14:03Z"
    static let good = "2026-11-22T09:14:03Z alice account.open ACME name=Acme tier=large"

    static func utf8Case(_ name: String, _ bad: [UInt8]) -> Case {
        // The bad bytes sit inside a quoted value starting at byte 56.
        let prefix = Array(#"2026-11-22T09:14:03Z alice account.open ACME name="Ac"#.utf8)
        return Case(name, prefix + bad + Array(#"me" tier=large"#.utf8), "invalid UTF-8", column: prefix.count + 1)
    }

    static let cases: [Case] = [
        Case("unknown verb", "\(stamp) alice account.opne ACME name=Acme", #"unknown verb "account.opne""#, column: 28),
        Case("verb of a later version", "\(stamp) alice account.merge ACME into=GLOBEX", #"unknown verb "account.merge""#, column: 28),
        Case("timestamp with a space", "2026-11-22 09:14:03 alice account.open ACME", #"timestamp "2026-11-22" is not UTC ISO-8601"#, column: 1),
        Case("timestamp with an offset", "2026-11-22T09:14:03+01:00 alice account.open ACME", "is not UTC ISO-8601", column: 1),
        Case("timestamp with fractions", "2026-11-22T09:14:03.5Z alice account.open ACME", "is not UTC ISO-8601", column: 1),
        Case("30 February", "2026-02-30T10:00:00Z alice account.open ACME", #"timestamp "2026-02-30T10:00:00Z""#, column: 1),
        Case("hour 25", "2026-11-22T25:00:00Z alice account.open ACME", #"timestamp "2026-11-22T25:00:00Z""#, column: 1),
        Case("leap second", "2026-12-31T23:59:60Z alice account.open ACME", "is not UTC ISO-8601", column: 1),
        Case("year 0", "0000-01-01T00:00:00Z alice account.open ACME", "is not UTC ISO-8601", column: 1),
        Case("unbalanced quote", #"\#(stamp) alice account.open ACME name="Acme tier=large"#, #"unbalanced quote: the value of "name" is never closed"#, at: "\"Acme"),
        Case("value ends in a backslash", #"\#(stamp) alice account.open ACME name="Acme\"#, "ends in a backslash", at: #"\"#),
        Case("unknown escape", #"\#(stamp) alice account.open ACME name="Ac\xme""#, #"unknown escape \x in "name""#, at: #"\x"#),
        Case("escaped NUL in C style", #"\#(stamp) alice account.open ACME name="Ac\0me""#, #"unknown escape \0"#, at: #"\0"#),
        Case("\\u without braces", #"\#(stamp) alice account.open ACME name="\u0041""#, #"write \u{hex}"#, at: #"\u"#),
        Case("\\u surrogate", #"\#(stamp) alice account.open ACME name="\u{D800}""#, #"bad \u{…} escape in "name""#, at: #"\u"#),
        Case("\\u beyond Unicode", #"\#(stamp) alice account.open ACME name="\u{110000}""#, #"bad \u{…} escape"#, at: #"\u"#),
        Case("\\u with seven digits", #"\#(stamp) alice account.open ACME name="\u{0000041}""#, #"bad \u{…} escape"#, at: #"\u"#),
        Case("\\u empty", #"\#(stamp) alice account.open ACME name="\u{}""#, #"bad \u{…} escape"#, at: #"\u"#),
        utf8Case("overlong slash", [0xC0, 0xAF]),
        utf8Case("overlong three bytes", [0xE0, 0x80, 0xAF]),
        utf8Case("lone continuation byte", [0x80]),
        utf8Case("UTF-8 encoded surrogate", [0xED, 0xA0, 0x80]),
        utf8Case("truncated sequence", [0xE2, 0x82]),
        utf8Case("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        utf8Case("byte 0xFF", [0xFF]),
        Case("1 MiB line", "\(stamp) alice complaint.example C-1 text=" + String(repeating: "x", count: 1 << 20),
             "line is 1048630 bytes long; the limit is 64 KiB", column: nil),
        Case("NUL byte", Array("\(stamp) alice account.open ACME name=Ac".utf8) + [0] + Array("me".utf8), "NUL byte in line", column: 53),
        Case("NUL byte in a quoted value", Array("\(stamp) alice account.open ACME name=\"Ac".utf8) + [0] + Array("me\"".utf8), "NUL byte in line", column: 54),
        Case("missing subject", "\(stamp) alice account.open", "line ends after the verb", column: 40),
        Case("missing subject, trailing space", "\(stamp) alice account.open ", "line ends after the verb", column: 41),
        Case("missing author and everything after", stamp, "line ends after the timestamp", column: 21),
        Case("empty author", #"\#(stamp) "" account.open ACME"#, "author is empty", column: 22),
        Case("empty subject", #"\#(stamp) alice account.open "" name=x"#, "subject is empty", at: #""""#),
        Case("field without =", "\(stamp) alice account.open ACME name", #"field "name" has no "=""#, at: "name"),
        Case("field with a space before =", "\(stamp) alice account.open ACME name =Acme", #"field "name" has no "=""#, at: "name"),
        Case("upper-case field name", "\(stamp) alice account.open ACME Name=Acme", "expected a field name", at: "Name"),
        Case("field name starting with a digit", "\(stamp) alice account.open ACME 1st=x", "expected a field name", at: "1st"),
        Case("stray quote in a bare value", #"\#(stamp) alice account.open ACME name=Ac"me"#, #"stray quote in the value of "name""#, at: "\""),
        Case("stray backslash in a bare value", #"\#(stamp) alice account.open ACME name=Ac\nme"#, #"stray backslash in the value of "name""#, at: #"\"#),
        Case("raw tab in a bare value", "\(stamp) alice account.open ACME name=Ac\tme", #"control character in the value of "name""#, at: "\t"),
        Case("raw ESC in a quoted value", "\(stamp) alice account.open ACME name=\"Ac\u{1B}[31mme\"", #"raw control character inside the value of "name""#, at: "\u{1B}"),
        Case("raw DEL in a bare value", "\(stamp) alice account.open ACME name=Ac\u{7F}", "control character", at: "\u{7F}"),
        Case("raw CR inside a line", "\(stamp) alice account.open ACME name=\"Ac\rme\"", "raw control character", at: "\r"),
        Case("text straight after a quoted value", #"\#(stamp) alice account.open ACME name="Acme"x tier=large"#, "expected a space after the quoted value", at: "x tier"),
        Case("line starts with a space", " \(good)", "line starts with a space", column: 1),
        Case("a tab is not a separator", "\(stamp)\talice account.open ACME", "is not UTC ISO-8601", column: 1),
    ]

    @Test("one clear error, at the right column", arguments: cases)
    func malformed(_ c: Case) {
        let result = c.line.withUnsafeBufferPointer { buffer in Result { () throws(LineFormat.SyntaxError) in try LineFormat.parse(buffer) } }
        switch result {
        case .success(let line):
            Issue.record("\(c.name): parsed as \(line)")
        case .failure(let error):
            #expect(error.message.contains(c.message), "\(c.name): message was \(error.message.debugDescription)")
            #expect(error.column == c.column, "\(c.name): column")
            #expect(!error.message.contains("\n"), "a message is one line")
        }
    }

    @Test("blank, space-only and comment lines are not events and not errors")
    func blanksAndComments() throws {
        #expect(try LineFormat.parse("") == .blank)
        #expect(try LineFormat.parse("    ") == .blank)
        #expect(try LineFormat.parse("\r") == .blank)
        #expect(try LineFormat.parse("# a comment \"with\" \\ anything") == .comment("# a comment \"with\" \\ anything"))
        #expect(try LineFormat.parse("   # indented comment") == .comment("   # indented comment"))
    }

    @Test("in a file, each bad line is one problem with its line number and every good line loads")
    func badLinesInAFile() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        var content: [UInt8] = Array((LineFormat.header + "\n").utf8)
        var expectedEvents: [(line: Int, subject: String)] = []
        var expectedProblems: [(line: Int, column: Int?, message: String)] = []
        var line = 1
        for (i, c) in Self.cases.enumerated() {
            line += 1
            let good = "2026-11-22T09:14:03Z alice account.open A\(i) name=\"Good \(i)\" tier=small"
            content += Array(good.utf8) + [0x0A]
            expectedEvents.append((line, "A\(i)"))
            line += 1
            content += c.line + [0x0A]
            expectedProblems.append((line, c.column, c.message))
        }
        line += 1
        content += Array("2026-11-22T09:14:03Z alice account.open LAST name=Last tier=small\n".utf8)
        expectedEvents.append((line, "LAST"))
        writeFile(content, to: path)

        let contents = try JournalFile(path: path).load()
        #expect(contents.lineCount == line)
        #expect(contents.events.map(\.line) == expectedEvents.map(\.line))
        #expect(contents.events.map(\.event.subject) == expectedEvents.map(\.subject))
        #expect(contents.problems.count == expectedProblems.count)
        for (problem, expected) in zip(contents.problems, expectedProblems) {
            #expect(problem.kind == .malformed)
            #expect(problem.line == expected.line)
            #expect(problem.column == expected.column, "line \(expected.line)")
            #expect(problem.message.contains(expected.message), "line \(expected.line): \(problem.message)")
            let prefix = "\(path):\(expected.line):" + (expected.column.map { "\($0):" } ?? "") + " "
            #expect(problem.description.hasPrefix(prefix), "\(problem.description.prefix(120))")
        }

        let loaded = try LoadedBook.load(path: path)
        #expect(loaded.book.accounts.count == expectedEvents.count)
        #expect(loaded.problems.count == expectedProblems.count)
    }

    @Test("a newer format version is reported on line 1 and the lines still load")
    func newerVersion() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        writeFile(Array("# rapport journal v2\n\(Self.good)\n".utf8), to: path)
        let contents = try JournalFile(path: path).load()
        #expect(contents.events.count == 1)
        #expect(contents.problems.count == 1)
        #expect(contents.problems.first?.line == 1)
        #expect(contents.problems.first?.message.contains("journal format v2 is newer than this rapport understands (v1)") == true)
    }

    @Test("a file without a header is read as version 1")
    func noHeader() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        writeFile(Array("\(Self.good)\n".utf8), to: path)
        let contents = try JournalFile(path: path).load()
        #expect(contents.events.map(\.line) == [1])
        #expect(contents.problems.isEmpty)
    }
}
