import CLineMarks
@testable import RapportJournal
@testable import RapportModel
import Testing

/// Printing and parsing are exact inverses, whatever the values hold; and the printed
/// line is always one safe line.
@Suite("Line format round trip")
struct RoundTripTests {
    /// The printed line holds no raw control byte, no newline, and none of the invisible
    /// or reordering characters the format escapes.
    static func unsafeContent(in line: String) -> String? {
        for byte in line.utf8 where byte < 0x20 || byte == 0x7F {
            return "raw byte 0x\(String(byte, radix: 16))"
        }
        for scalar in line.unicodeScalars {
            let v = scalar.value
            if (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || (0x2028...0x2029).contains(v) || v == 0xFEFF || (0x200B...0x200F).contains(v) {
                return "raw U+\(String(v, radix: 16, uppercase: true))"
            }
        }
        return nil
    }

    static func check(_ event: Event, seed: UInt64, index: Int) {
        let line = LineFormat.print(event)
        if let bad = unsafeContent(in: line) {
            Issue.record("seed \(seed) event \(index): printed line holds \(bad): \(line.debugDescription)")
            return
        }
        do {
            let parsed = try LineFormat.parse(line)
            guard case .event(let back) = parsed else {
                Issue.record("seed \(seed) event \(index): printed line is not an event: \(line.debugDescription)")
                return
            }
            if !identical(back, event) {
                Issue.record("seed \(seed) event \(index): round trip changed the event\nprinted: \(line.debugDescription)\nwas: \(event)\nnow: \(back)")
            }
            #expect(LineFormat.print(back) == line, "seed \(seed) event \(index): printing is not stable")
        } catch {
            Issue.record("seed \(seed) event \(index): printed line does not parse: \(error)\n\(line.debugDescription)")
        }
    }

    @Test("5,000 random events with hostile text print to one safe line and parse back identically")
    func randomEvents() {
        let seed = testSeed(default: 20_261_122)
        var rng = TestRandom(seed: seed)
        for index in 0..<5_000 {
            Self.check(HostileText.event(&rng), seed: seed, index: index)
        }
    }

    @Test("hand-picked awkward values", arguments: [
        "", " ", "  ", "\"", "\\", "=", "a=b", "\n", "\r\n", "\t", "\0", "\u{1B}[2J\u{1B}[H", "\u{9B}31m", "\u{7F}",
        "\u{202E}txt.exe", "\u{2066}x\u{2069}", "\u{FEFF}", "\u{00AD}", "\u{200B}", "\u{2028}", "e\u{301}", "\u{301}",
        "👩‍👩‍👧‍👦", "🏳️‍🌈", "山田太郎", "مرحبا", "שלום", "Zoë Müller", "\\u{41}", "\\n", "\"quoted\"", "#! torn",
        "# rapport journal v9", "x\n2026-11-22T09:14:03Z mallory account.open EVIL name=x tier=small",
        String(repeating: "\\", count: 100), String(repeating: "\"", count: 100), "\u{10FFFF}", "\u{E000}",
    ])
    func awkwardValue(_ value: String) {
        let event = Event(time: t0, author: "alice", verb: .complaintOpen, subject: "C-1", fields: [
            Event.Field("summary", value), Event.Field("note", value + value),
        ])
        Self.check(event, seed: 0, index: 0)
        var forged = event
        forged.author = value.isEmpty ? "a" : value
        forged.subject = value.isEmpty ? "s" : value
        Self.check(forged, seed: 0, index: 1)
    }

    @Test("bare values are written bare, anything else quoted")
    func canonicalSpelling() {
        let event = Event(time: t0, author: "zoë", verb: .accountOpen, subject: "山田", [
            "name": "Acme Trading", "tier": "large", "email": "a@b.example", "note": "", "x": "a=b", "y": "ünïcødé",
        ])
        #expect(LineFormat.print(event) == #"2026-11-22T09:14:03Z zoë account.open 山田 name="Acme Trading" tier=large email=a@b.example note="" x="a=b" y=ünïcødé"#)
        let escaped = Event(time: t0, author: "a", verb: .complaintExample, subject: "C-1", ["text": "\"hi\"\\\n\r\t\u{1B}\u{9B}\u{202E}\u{0}"])
        #expect(LineFormat.print(escaped) == #"2026-11-22T09:14:03Z a complaint.example C-1 text="\"hi\"\\\n\r\t\u{1B}\u{9B}\u{202E}\u{0}""#)
    }

    @Test("a bare empty value and a quoted empty value mean the same")
    func emptyValueSpellings() throws {
        let bare = try LineFormat.parse("2026-11-22T09:14:03Z a promise.keep PR-1 note=")
        let quoted = try LineFormat.parse(#"2026-11-22T09:14:03Z a promise.keep PR-1 note="""#)
        #expect(bare == quoted)
        guard case .event(let event) = bare else { Issue.record("not an event"); return }
        #expect(event["note"] == "")
    }

    @Test("extra spaces between tokens and a CR before the newline are tolerated")
    func lenientReading() throws {
        let line = try LineFormat.parse("2026-11-22T09:14:03Z  alice   promise.keep  PR-1   note=x  \r")
        #expect(line == .event(Event(time: t0, author: "alice", verb: .promiseKeep, subject: "PR-1", ["note": "x"])))
    }

    @Test("escapes in either case of hex, and every escape the grammar names, are read")
    func escapesRead() throws {
        let line = try LineFormat.parse(#"2026-11-22T09:14:03Z a complaint.example C-1 text="\u{1b}\u{1F600}\u{41}\"\\\n\r\t""#)
        #expect(line == .event(Event(time: t0, author: "a", verb: .complaintExample, subject: "C-1", ["text": "\u{1B}😀A\"\\\n\r\t"])))
    }

    @Test("long values, up to about 60 KB, round-trip while the line fits the 64 KiB limit")
    func longValues() {
        let seed = testSeed(default: 60_000)
        var rng = TestRandom(seed: seed)
        let pieces = ["山", "é", "a", "😀", " ", "\"", "\\", "\n", "e\u{301}", "ab cd", "Ω"]
        for index in 0..<24 {
            let target = rng.int(1_000...60_000)
            var value = ""
            var utf8 = 0
            while utf8 < target {
                let piece = index % 3 == 0 ? "山" : rng.pick(pieces)
                value += piece
                utf8 += piece.utf8.count
            }
            let event = Event(time: t0, author: "alice", verb: .complaintExample, subject: "C-1", ["text": value])
            let line = LineFormat.print(event)
            if line.utf8.count <= LineFormat.maximumLineLength {
                Self.check(event, seed: seed, index: index)
            } else {
                #expect(throws: LineFormat.SyntaxError.self, "seed \(seed) value \(index): an over-long line must not parse") {
                    try LineFormat.parse(line)
                }
            }
        }
    }

    @Test("the line-length limit is exactly 65,536 bytes")
    func lengthBoundary() throws {
        let prefix = "2026-11-22T09:14:03Z a complaint.example C-1 text="
        let fits = prefix + String(repeating: "x", count: LineFormat.maximumLineLength - prefix.utf8.count)
        #expect(fits.utf8.count == 65_536)
        guard case .event(let event) = try LineFormat.parse(fits) else { Issue.record("not an event"); return }
        #expect(event["text"]?.utf8.count == 65_536 - prefix.utf8.count)
        let error = #expect(throws: LineFormat.SyntaxError.self) { try LineFormat.parse(fits + "x") }
        #expect(error?.message == "line is 65537 bytes long; the limit is 64 KiB")
    }
}

@Suite("Fields checked against the verb while parsing")
struct ParsedShapeTests {
    /// A journal reader marks an event whose fields fit its verb, so applying it need not
    /// check again; that mark must agree with `Book.fitsVerb` for every line, or a bad
    /// event would slip past the check.
    /// Keys are matched a word at a time against the verb's own; a key is read the same
    /// whatever its length (one byte to past sixteen), wherever it falls in the line, and
    /// whether or not it is one the verb takes.
    @Test("every field name of every verb is read as the spec's own key, first, last or alone, and near misses are not")
    func everyKeyOfEveryVerb() throws {
        for verb in Verb.allCases {
            let keys = VerbSpec.of(verb).fields.map(\.key)
            for key in keys {
                for line in ["2026-11-22T09:00:00Z a \(verb.rawValue) S \(key)=v",
                             "2026-11-22T09:00:00Z a \(verb.rawValue) S \(key)=v zz-not-a-key=w",
                             "2026-11-22T09:00:00Z a \(verb.rawValue) S \(key)=\"v w\"",
                             "2026-11-22T09:00:00Z a \(verb.rawValue) S \(key)="] {
                    guard case .event(let event) = try LineFormat.parse(line) else { Issue.record("not an event: \(line)"); continue }
                    #expect(event.fields.first?.key == key, "\(line)")
                }
                // A key one letter longer or shorter than the verb's is another key.
                for other in [key + "x", String(key.dropLast())] where !other.isEmpty && !keys.contains(other) && other.last != "-" {
                    let line = "2026-11-22T09:00:00Z a \(verb.rawValue) S \(other)=v"
                    let parsed = try LineFormat.parse(line)
                    guard case .event(let event) = parsed else { Issue.record("not an event: \(line)"); continue }
                    #expect(event.fields.first?.key == other && !Book.fitsVerb(event), "\(line)")
                }
            }
        }
    }

    @Test("the parser's verdict on the fields agrees with Book.fitsVerb, good lines and bad")
    func agreesWithTheBook() throws {
        let t0 = Timestamp(iso8601: "2026-11-22T09:00:00Z")!
        var random = SeededRandom(seed: 5)
        var lines: [String] = []
        for event in DemoBook(accounts: 40, now: t0).events() {
            let fields = event.fields
            var variants = [fields]
            if !fields.isEmpty {
                let i = Int(random.next() % UInt64(fields.count))
                variants.append(fields.enumerated().filter { $0.offset != i }.map(\.element))   // one left out
                variants.append(fields + [fields[i]])                                           // one given twice
                var emptied = fields
                emptied[i] = Event.Field(fields[i].key, "")
                variants.append(emptied)                                                        // one left empty
            }
            variants.append(fields + [Event.Field("colour", "red")])                            // one it does not take
            for v in variants {
                lines.append(LineFormat.print(Event(time: event.time, author: event.author, verb: event.verb, subject: event.subject, fields: v)))
            }
        }
        // Contacts written every way a line can hold them: quoted with escapes, other
        // scripts, empty quoted values, fields in another order.
        lines += [
            #"2026-11-22T09:00:00Z alice contact.add P-X1 account=A1 name="Zoë \"Zed\" Müller\n" role="" phone="+44 20 7946 0000""#,
            #"2026-11-22T09:00:00Z "Ann Lee" contact.add P-X2 email=a@b.example name=山田太郎 account=A2 role=Buyer"#,
            #"2026-11-22T09:00:00Z bob contact.add "P X3" account="A 3" name="Tab\there \u{1F600}" email="""#,
            #"2026-11-22T09:00:00Z bob contact.add P-X4 account=A1 name=Solo"#,
        ]
        var fitting = 0, misfits = 0, encodedEvents = 0
        // As a load's reader does, every compact line goes into one buffer (here after a
        // byte of something else, so no line starts at zero).
        var compactBytes: [UInt8] = [0xEE]
        // And as a reader for another core writes them, with their texts made ahead (after
        // a text of something else, so no event's texts start at zero).
        var ahead = CompactLines()
        [0xEE].withUnsafeBufferPointer { ahead.append($0) }
        ahead.texts = ["else"]
        ahead.makesTexts = true
        var dates = Timestamp.DayMemo()
        var withTexts = Timestamp.DayMemo()
        for line in lines {
            let bytes = Array(line.utf8)
            let parsed = try bytes.withUnsafeBufferPointer { try LineFormat.parseLine($0) }
            guard case .event(let event, let fits) = parsed else {
                Issue.record("not an event: \(line)")
                continue
            }
            #expect(fits == Book.fitsVerb(event), "\(line)")
            if fits { fitting += 1 } else { misfits += 1 }
            // Read for a load, a contact.add that fits comes as the contact the book keeps,
            // and any other event that fits as its values in bytes.
            let before = compactBytes.count
            let compact = try bytes.withUnsafeBufferPointer { try LineFormat.parseLine($0, compact: &compactBytes, dates: &dates) }
            let textsBefore = ahead.texts.count
            let written = try bytes.withUnsafeBufferPointer { try LineFormat.parseLine($0, compact: &ahead, dates: &withTexts) }
            if case .encoded(let encoded) = written {
                // The subject, then each field read as text, as the line gives it (an
                // empty string for one not given); the same bytes as without texts.
                #expect(encoded.firstText == Int32(textsBefore) && ahead.texts.count == textsBefore + EncodedEvent.textCount(of: event.verb), "\(line)")
                let expected = [event.subject] + VerbSpec.textPlaces[event.verb.ordinal].map { event[VerbSpec.fieldKeys[event.verb.ordinal][$0]] ?? "" }
                #expect(Array(ahead.texts[textsBefore...]) == expected, "\(line)")
                #expect(ahead.withBytes { Array($0[encoded.start..<encoded.stop]) } == Array(compactBytes[before...]), "\(line)")
                // Moved to another list, its texts go with it.
                #expect(encoded.moved(by: 0, texts: 5).firstText == encoded.firstText + 5)
            } else if case .contact(let written) = written {
                #expect(ahead.texts.count == textsBefore, "a contact's texts are not made ahead")
                // Written where it stays, the same bytes as appended from the stack.
                #expect(ahead.withBytes { Array($0[written.contact.start..<written.contact.stop]) } == Array(compactBytes[before...]), "\(line)")
            }
            switch compact {
            case .contact(let contact):
                #expect(event.verb == .contactAdd && fits, "\(line)")
                #expect(contact.contact.start == before && contact.contact.stop == compactBytes.count)
                compactBytes.withUnsafeBufferPointer { buffer in
                    let c = contact.event(in: buffer)
                    #expect(c.time == event.time && c.author == event.author && c.subject == event.subject)
                    // An empty field is no value, as the book reads it.
                    func text(_ key: String) -> String? { event[key].flatMap { $0.isEmpty ? nil : $0 } }
                    let d = contact.contact.decoded(in: buffer)
                    #expect(d.id == event.subject && d.name == text("name") && d.account == text("account"), "\(line)")
                    #expect(d.role == text("role") && d.phone == text("phone") && d.email == text("email"), "\(line)")
                    // The book finds the account from these bytes; the author follows the texts.
                    #expect(String(decoding: contact.contact.account(in: buffer), as: UTF8.self) == event["account"])
                    #expect(contact.contact.trailing(in: buffer) == event.author)
                    // What a load asks the cache for ahead of it: its id's slot and its account's.
                    #expect(contact.contact.hints == LookupHints(verb: .contactAdd, subjectHash: IDIndex.hash(event.subject),
                                                                 referenceHash: IDIndex.hash(event["account"] ?? ""), referencesInvoice: false))
                    // Read from a batch, the hints follow the payload, moved or replaced.
                    var read = ReadEvent(event: event, line: 1, offset: 0, length: line.utf8.count)
                    #expect(read.hints == .none)
                    read.payload = .contact(contact)
                    #expect(read.hints == contact.contact.hints)
                    // Moved with its bytes, it reads the same.
                    var elsewhere: [UInt8] = [1, 2, 3]
                    elsewhere += buffer[contact.contact.start..<contact.contact.stop]
                    let moved = contact.contact.moved(by: 3 - contact.contact.start)
                    #expect(elsewhere.withUnsafeBufferPointer { moved.decoded(in: $0) } == d)
                    #expect(elsewhere.withUnsafeBufferPointer { String(decoding: moved.account(in: $0), as: UTF8.self) } == event["account"])
                }
            case .encoded(let encoded):
                #expect(event.verb != .contactAdd && fits, "\(line)")
                #expect(encoded.start == before && encoded.stop == compactBytes.count)
                encodedEvents += 1
                compactBytes.withUnsafeBufferPointer { buffer in
                    // The same event, its fields (empty ones too) in the spec's order.
                    let e = encoded.event(in: buffer)
                    #expect(e.time == event.time && e.author == event.author && e.verb == event.verb && e.subject == event.subject, "\(line)")
                    let keys = VerbSpec.fieldKeys[event.verb.ordinal]
                    #expect(e.fields.map(\.key) == keys.filter { event[$0] != nil }, "\(line)")
                    #expect(e.fields.allSatisfy { event[$0.key] == $0.value }, "\(line)")
                    for (place, key) in keys.enumerated() {
                        let bytes = encoded.field(at: place, in: buffer).map { String(decoding: $0, as: UTF8.self) }
                        #expect(bytes == event[key], "\(line): \(key)")
                    }
                    // What a load asks the cache for ahead of it: its subject's slot, and the
                    // account's it names or else the invoice's.
                    let reference = event["account"].map { (IDIndex.hash($0), false) }
                        ?? event["invoice"].map { (IDIndex.hash($0), true) } ?? (0, false)
                    #expect(encoded.hints == LookupHints(verb: event.verb, subjectHash: IDIndex.hash(event.subject),
                                                         referenceHash: reference.0, referencesInvoice: reference.1), "\(line)")
                    // Moved with its bytes, it reads the same.
                    var elsewhere: [UInt8] = [1, 2, 3]
                    elsewhere += buffer[encoded.start..<encoded.stop]
                    let moved = encoded.moved(by: 3 - encoded.start)
                    #expect(elsewhere.withUnsafeBufferPointer { moved.event(in: $0) } == e)
                }
            case .event(let same, let sameFits):
                #expect(same == event && sameFits == fits && !fits, "\(line)")
                #expect(compactBytes.count == before, "a line that does not fit writes nothing")
            default:
                Issue.record("not an event: \(line)")
            }
        }
        #expect(fitting > 1000 && misfits > 1000)
        #expect(encodedEvents > 100)
    }
}

@Suite("UTF-8 checks")
struct UTF8CheckTests {
    @Test("the first invalid byte is found wherever it falls among ASCII runs of any length, and only when there is one")
    func firstInvalidByte() {
        var random = SeededRandom(seed: 9)
        let pieces: [[UInt8]] = [Array("a".utf8), Array("plain ascii run!".utf8), Array("é".utf8), Array("株".utf8), Array("😀".utf8),
                                 [0x80], [0xC3], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80]]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 8) {
                let piece = random.next() % 4 == 0 ? pieces[Int(random.next() % UInt64(pieces.count))] : pieces[Int(random.next() % 5)]
                bytes += piece
            }
            let found = bytes.withUnsafeBufferPointer { LineFormat.firstInvalidUTF8($0) }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((found == nil) == valid, "\(bytes)")
            // The quick way's check, in the tokeniser, agrees.
            let quick = bytes.withUnsafeBufferPointer { rapport_valid_utf8($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            #expect((quick != 0) == valid, "\(bytes)")
            if let found {
                #expect(String(validating: bytes[..<found], as: UTF8.self) != nil, "\(bytes) at \(found)")
            }
        }
    }
}
