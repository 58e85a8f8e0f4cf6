import Foundation
@testable import RapportJournal
@testable import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Journal file: create, append, torn lines")
struct JournalFileTests {
    static let header = LineFormat.header + "\n"

    @Test("create writes only the header, with mode 0600, and refuses an existing file")
    func create() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).create()
        #expect(String(decoding: bytes(of: path), as: UTF8.self) == Self.header)
        #expect(mode(of: path) == 0o600)

        try JournalFile(path: path).append([accountOpen("ACME")])
        let before = bytes(of: path)
        let error = #expect(throws: JournalError.self) { try JournalFile(path: path).create() }
        #expect(error?.description == "\(path): already exists")
        let unchanged = bytes(of: path) == before
        #expect(unchanged, "create must not touch an existing journal")
    }

    @Test("create makes missing parent folders")
    func createParents() throws {
        let scratch = Scratch()
        let path = scratch.path("a/b/journal")
        try JournalFile(path: path).create()
        #expect(mode(of: path) == 0o600)
    }

    @Test("append to a missing file creates it with the header and mode 0600")
    func appendCreates() throws {
        let scratch = Scratch()
        let path = scratch.path("new/journal")
        try JournalFile(path: path).append([accountOpen("ACME"), accountOpen("GLOBEX")])
        #expect(mode(of: path) == 0o600)
        let text = String(decoding: bytes(of: path), as: UTF8.self)
        #expect(text == Self.header + LineFormat.print(accountOpen("ACME")) + "\n" + LineFormat.print(accountOpen("GLOBEX")) + "\n")
        let contents = try JournalFile(path: path).load()
        #expect(contents.events.map(\.line) == [2, 3])
        #expect(contents.problems.isEmpty)
    }

    @Test("append to an empty file writes the header first")
    func appendToEmpty() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        writeFile([], to: path)
        try JournalFile(path: path).append([accountOpen("ACME")])
        #expect(String(decoding: bytes(of: path), as: UTF8.self).hasPrefix(Self.header))
    }

    @Test("appending nothing leaves the file alone")
    func appendNothing() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append([])
        #expect(!JournalFile(path: path).exists)
    }

    @Test("loading a missing journal is an error that says how to make one")
    func loadMissing() {
        let error = #expect(throws: JournalError.self) { try JournalFile(path: "/nonexistent/journal").load() }
        #expect(error?.message.contains("rapport init") == true)
    }

    /// A journal with two good events and then a crash in the middle of a third line
    /// that, cut short, still looks like a valid event.
    static func tornJournal(_ path: String) -> String {
        let torn = "2026-11-22T09:20:00Z alice account.open TORN name=Tor"
        writeFile(Array((header + LineFormat.print(accountOpen("ACME")) + "\n" + LineFormat.print(accountOpen("GLOBEX")) + "\n" + torn).utf8), to: path)
        return torn
    }

    @Test("a last line without a newline is reported as torn and not loaded")
    func tornTail() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        let torn = Self.tornJournal(path)
        let contents = try JournalFile(path: path).load()
        #expect(contents.events.map(\.event.subject) == ["ACME", "GLOBEX"])
        #expect(contents.lineCount == 4)
        #expect(contents.problems.count == 1)
        let problem = try #require(contents.problems.first)
        #expect(problem.kind == .torn)
        #expect(problem.line == 4)
        #expect(problem.description.hasPrefix("\(path):4: last line has no newline (\(torn.utf8.count) bytes"))
    }

    @Test("after a torn tail, an append writes the marker first; the torn line stays reported and is never merged")
    func appendAfterTornTail() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        let torn = Self.tornJournal(path)
        let before = bytes(of: path)
        let next = accountOpen("NEXT", at: t0.adding(seconds: 60))
        try JournalFile(path: path).append([next])

        let after = bytes(of: path)
        #expect(Array(after.prefix(before.count)) == before, "the torn bytes stay as they were")
        let added = String(decoding: after.dropFirst(before.count), as: UTF8.self)
        #expect(added == "\n" + LineFormat.tornMarker + "\n" + LineFormat.print(next) + "\n")

        let contents = try JournalFile(path: path).load()
        #expect(contents.events.map(\.event.subject) == ["ACME", "GLOBEX", "NEXT"])
        #expect(contents.events.map(\.line) == [2, 3, 6])
        #expect(contents.problems.count == 1)
        let problem = try #require(contents.problems.first)
        #expect(problem.kind == .torn)
        #expect(problem.line == 4)
        #expect(problem.message == "line was cut short by an interrupted write; it is not loaded")
        #expect(torn.hasPrefix("2026"))

        // A second append adds no second marker.
        try JournalFile(path: path).append([accountOpen("LATER")])
        #expect(String(decoding: bytes(of: path), as: UTF8.self).components(separatedBy: "#! torn").count == 2)
        let book = try LoadedBook.load(path: path)
        #expect(book.book.accounts.keys.sorted() == ["ACME", "GLOBEX", "LATER", "NEXT"])
    }

    @Test("reading a piece at a time gives the same events, lines, offsets and problems whatever the piece size")
    func streamedInPieces() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        _ = Self.tornJournal(path)
        try JournalFile(path: path).append([accountOpen("NEXT", at: t0.adding(seconds: 60))])
        var extra = Array("2026-11-22T09:21:00Z bob account.open CRLF name=\"Zoë Müller\" tier=small\r\n".utf8)
        extra += Array("not an event\n\n# a comment\n2026-11-22T09:22:00Z bob account.open LAST name=Last tier=large\n".utf8)
        extra += Array("2026-11-22T09:23:00Z bob account.open HALF name=Ha".utf8)
        let handle = open(path, O_WRONLY | O_APPEND)
        _ = extra.withUnsafeBytes { write(handle, $0.baseAddress!, $0.count) }
        close(handle)

        let whole = bytes(of: path)
        let reference = try JournalFile(path: path).stream(chunk: whole.count + 1) { _ in }
        var referenceEvents: [ReadEvent] = []
        _ = try JournalFile(path: path).stream(chunk: whole.count + 1) { referenceEvents.append($0) }
        #expect(referenceEvents.map(\.event.subject) == ["ACME", "GLOBEX", "NEXT", "CRLF", "LAST"])
        for item in referenceEvents {
            let line = Array(whole[item.offset..<(item.offset + item.length)])
            #expect(line.last != 0x0A)
            #expect(try LineFormat.parse(String(decoding: line, as: UTF8.self)) == .event(item.event))
        }
        for chunk in [1, 2, 3, 7, 16, 64, 100, 1000] {
            for pipelined in [false, true] {
                var events: [ReadEvent] = []
                let contents = try JournalFile(path: path).stream(chunk: chunk, pipelined: pipelined) { events.append($0) }
                let how = "chunk \(chunk)" + (pipelined ? ", pipelined" : "")
                #expect(events.map(\.event) == referenceEvents.map(\.event), "\(how)")
                #expect(events.map(\.line) == referenceEvents.map(\.line), "\(how)")
                #expect(events.map(\.offset) == referenceEvents.map(\.offset), "\(how)")
                #expect(events.map(\.length) == referenceEvents.map(\.length), "\(how)")
                #expect(contents.problems == reference.problems, "\(how)")
                #expect(contents.lineCount == reference.lineCount && contents.completeByteCount == reference.completeByteCount)
            }
        }
        #expect(reference.problems.map(\.kind) == [.torn, .malformed, .torn])
        #expect(reference.completeByteCount == whole.count - "2026-11-22T09:23:00Z bob account.open HALF name=Ha".utf8.count)

        // The loaded book keeps places, not events, and reads them back as they were.
        let loaded = try LoadedBook.load(path: path)
        #expect(loaded.events.count == 5)
        #expect((0..<5).map { loaded.events[$0]?.event } == referenceEvents.map(\.event))
        #expect(loaded.history(of: "CRLF").map(\.line) == [referenceEvents[3].line])
    }

    @Test("the census counts each verb's lines from their bytes, as a full parse would, quoted authors included")
    func census() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        var events = DemoBook(accounts: 30, now: t0).events()
        events.append(Event(time: t0, author: "Ana María", verb: .accountOpen, subject: "QUOTED", ["name": "Q", "tier": "small"]))
        events.append(Event(time: t0, author: "say \"hi\"", verb: .contactAdd, subject: "P-Q", ["account": "QUOTED", "name": "Q"]))
        try JournalFile(path: path).append(events)
        let handle = open(path, O_WRONLY | O_APPEND)
        let junk = Array("# comment\n2026-11-22T09:00:00Z bob account.opened X\nnot an event\n2026-11-22T09:00:00Z\n".utf8)
        _ = junk.withUnsafeBytes { write(handle, $0.baseAddress!, $0.count) }
        close(handle)
        var expected = Array(repeating: 0, count: Verb.allCases.count)
        var expectedBytes = expected
        for event in events {
            expected[event.verb.ordinal] += 1
            expectedBytes[event.verb.ordinal] += LineFormat.print(event).utf8.count
        }
        // In one part, and in two split at a line's start however the middle falls,
        // counted on two cores.
        let size = try #require(JournalFile(path: path).size)
        for (parts, chunk) in [(1, 4096), (2, 4096), (2, 1000), (2, 977), (2, size / 2)] {
            let census = try JournalFile(path: path).census(chunk: chunk, parts: parts)
            #expect(census.counts == expected, "parts \(parts), chunk \(chunk)")
            #expect(census.bytes == expectedBytes, "parts \(parts), chunk \(chunk)")
            #expect(census[.contactAdd] > 30)
        }
    }

    @Test("a large journal's census is estimated from pieces spread over it; a small one's is counted")
    func estimatedCensus() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append(DemoBook(accounts: 300, now: t0).events())
        let file = JournalFile(path: path)
        let size = try #require(file.size)
        let exact = try file.census()
        // 64 pieces of 2 KB: a tenth of this journal, which is over four times that.
        let sample = JournalFile.CensusSample(windows: 64, window: 2048, margin: 1.1)
        #expect(size >= 4 * 64 * 2048)
        let estimate = try file.estimatedCensus(sample: sample)
        #expect(estimate.counts != exact.counts, "a sample, not a count")
        for verb in Verb.allCases where exact[verb] >= 1000 {
            let ratio = Double(estimate[verb]) / Double(exact[verb])
            #expect(ratio > 0.85 && ratio < 1.35, "\(verb.rawValue): \(estimate[verb]) for \(exact[verb])")
            let bytes = Double(estimate.bytes(of: verb)) / Double(exact.bytes(of: verb))
            #expect(bytes > 0.85 && bytes < 1.35, "\(verb.rawValue) bytes")
        }
        #expect(estimate[.contactAdd] > 0 && estimate[.accountOpen] > 0)
        // Under four times the sample, the lines are counted.
        let counted = try file.estimatedCensus(sample: JournalFile.CensusSample(windows: 64, window: size / 200, margin: 1.1))
        #expect(counted.counts == exact.counts && counted.bytes == exact.bytes)
    }

    @Test("a load whose sampled census is far too low or too high makes the same book: tables grow, or keep room")
    func loadWithAWrongCensus() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append(DemoBook(accounts: 300, now: t0).events())
        let (book, refused, applied) = try foldedAsEvents(path)
        for margin in [0.02, 1.1, 5.0] { for pipelined in [false, true] {
            let sample = JournalFile.CensusSample(windows: 64, window: 2048, margin: margin)
            let loaded = try LoadedBook.load(path: path, pipelined: pipelined, hashing: false, censusSample: sample, progress: nil)
            #expect(loaded.problems.map { "line \($0.line): \($0.message)" } == refused)
            #expect(loaded.events.count == applied, "margin \(margin)")
            #expect(loaded.book.appliedCount == book.appliedCount)
            #expect(loaded.book.accountOrder == book.accountOrder)
            #expect(loaded.book.contacts.values == book.contacts.values, "margin \(margin)")
            #expect(loaded.book.invoices.values.map(\.id) == book.invoices.values.map(\.id))
            #expect(loaded.book.invoices.values.map(\.outstanding) == book.invoices.values.map(\.outstanding))
            #expect(loaded.book.payments.values.map(\.id) == book.payments.values.map(\.id))
            #expect(loaded.book.complaints.values.map(\.id) == book.complaints.values.map(\.id))
            for id in book.accountOrder {
                #expect(loaded.book.accounts[id] == book.accounts[id], "\(id)")
                #expect(loaded.book.contactsByAccount[id] == book.contactsByAccount[id], "\(id)")
                #expect(loaded.book.eventsByAccount[id] == book.eventsByAccount[id], "\(id)")
            }
            // Every id is found again through the tables' indexes, grown or not.
            for id in book.contacts.values.map(\.id) { #expect(loaded.book.contacts[id] != nil, "\(id)") }
            for id in book.invoices.keys { #expect(loaded.book.invoices[id] != nil, "\(id)") }
        } }
    }

    @Test("a load makes room for its contacts' texts from their lines' bytes, so the buffer never grows while loading")
    func contactRoomFromTheCensus() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        var events = DemoBook(accounts: 40, now: t0).events()
        // Long texts, and escapes, which are longer in the line than in the book.
        events.append(Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-LONG",
                            ["account": events[0].subject, "name": String(repeating: "Ñandú ", count: 40), "role": "tab\there\u{7}"]))
        try JournalFile(path: path).append(events)
        let census = try JournalFile(path: path).census()
        let loaded = try LoadedBook.load(path: path)
        #expect(loaded.problems.isEmpty)
        let texts = loaded.book.contacts.textBytes
        #expect(texts.used > 0)
        #expect(texts.used <= census.bytes[Verb.contactAdd.ordinal])
        // Still the room the census made: the buffer was never reallocated.
        #expect(texts.room >= census.bytes[Verb.contactAdd.ordinal])
        #expect(texts.room < 2 * census.bytes[Verb.contactAdd.ordinal] + 4096)
    }

    @Test("a load reports its progress: bytes read rising to the file's size")
    func loadProgress() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append(DemoBook(accounts: 20, now: t0).events())
        let size = bytes(of: path).count
        for pipelined in [false, true] {
            var reports: [(read: Int, size: Int)] = []
            _ = try JournalFile(path: path).stream(chunk: 4096, pipelined: pipelined, progress: { reports.append(($0, $1)) }) { _ in }
            #expect(reports.count >= size / 4096)
            #expect(reports.allSatisfy { $0.size == size })
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.read < $1.read })
            #expect(reports.last?.read == size)
        }
    }

    @Test("a book loaded with the reading on a second core is the book loaded on one")
    func pipelinedLoad() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        var events = DemoBook(accounts: 200, now: t0).events()
        // A refused event and a malformed line among them.
        events.insert(Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-X", ["account": "NOWHERE", "name": "X"]), at: 500)
        events.insert(Event(time: t0, author: "bob", verb: .accountOpen, subject: "ODD", ["name": "Odd", "tier": "small", "colour": "red"]), at: 600)
        try JournalFile(path: path).append(events)
        let handle = open(path, O_WRONLY | O_APPEND)
        let junk = Array("not an event\n".utf8)
        _ = junk.withUnsafeBytes { write(handle, $0.baseAddress!, $0.count) }
        close(handle)
        try JournalFile(path: path).append([accountOpen("AFTER")])

        let one = try LoadedBook.load(path: path, pipelined: false)
        let two = try LoadedBook.load(path: path, pipelined: true)
        #expect(one.problems.map(\.kind) == [.rejected, .rejected, .malformed])
        #expect(one.problems[1].message.contains("has no field \"colour\""))
        #expect(two.problems == one.problems)
        #expect(two.events.count == one.events.count)
        #expect((0..<two.events.count).allSatisfy { two.events[$0]?.event == one.events[$0]?.event })
        #expect(Array(two.book.accounts.keys) == Array(one.book.accounts.keys))
        #expect(two.book.accounts.values == one.book.accounts.values)
        #expect(two.book.contacts.values == one.book.contacts.values)
        #expect(two.book.complaints.count == one.book.complaints.count)
        #expect(two.book.invoices.count == one.book.invoices.count)
        #expect(two.lineCount == one.lineCount && two.followFrom == one.followFrom)
    }

    @Test("contacts read straight into the book make the book the events make, refusals and all")
    func compactContactsLoadAsEvents() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        var events = DemoBook(accounts: 60, now: t0).events()
        let a = events.filter { $0.verb == .accountOpen }.prefix(4).map(\.subject)
        let odd: [Event] = [
            Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-ESC", ["account": a[0], "name": "Zoë \"Zed\"\nMüller", "role": "", "phone": "+44 20 7946 0000"]),
            Event(time: t0, author: "Ann Lee", verb: .contactAdd, subject: "P 山田", ["email": "a@b.example", "name": "山田太郎", "account": a[1]]),
            Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-TAB", ["account": a[2], "name": "Tab\there \u{1F600}", "email": ""]),
            // Refused: an account that is not there, an id that is taken, a field the verb does not take.
            Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-NOWHERE", ["account": "NOWHERE", "name": "X"]),
            Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-ESC", ["account": a[1], "name": "Again"]),
            Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-ODD", ["account": a[0], "name": "Odd", "colour": "red"]),
            Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-EMPTY", ["account": a[0], "name": ""]),
            // A contact read compactly, then moved and amended as events.
            Event(time: t0.adding(seconds: 1), author: "bob", verb: .contactMove, subject: "P-ESC", ["account": a[3]]),
            Event(time: t0.adding(seconds: 2), author: "bob", verb: .contactAmend, subject: "P-TAB", ["role": "Boss"]),
        ]
        events += odd
        try JournalFile(path: path).append(events)

        // What applying each event as an `Event` makes.
        let (book, refused, applied) = try foldedAsEvents(path)
        #expect(refused.count == 4, "\(refused)")
        // Read a megabyte at a time (one batch), and in small pieces, so that batches end
        // on every kind of line and a contact held back for the next batch takes its bytes
        // with it.
        for pipelined in [false, true] { for chunk in [JournalFile.readChunk, 4096, 97] {
            let loaded = try LoadedBook.load(path: path, pipelined: pipelined, chunk: chunk)
            #expect(loaded.problems.map { "line \($0.line): \($0.message)" } == refused, "pipelined: \(pipelined), chunk: \(chunk)")
            #expect(loaded.events.count == applied)
            #expect(loaded.book.appliedCount == book.appliedCount)
            #expect(loaded.book.contacts.values == book.contacts.values)
            #expect(loaded.book.contacts["P-ESC"]?.previousAccounts == [a[0]])
            #expect(loaded.book.latestTime == book.latestTime)
            for id in book.accountOrder {
                #expect(loaded.book.contactsByAccount[id] == book.contactsByAccount[id], "\(id)")
                #expect(loaded.book.eventsByAccount[id] == book.eventsByAccount[id], "\(id)")
            }
            // Read back from the file, a compact contact's line is the event it was.
            let line = try #require(loaded.history(of: a[2]).first { $0.event.subject == "P-TAB" && $0.event.verb == .contactAdd })
            #expect(line.event == odd[2])
        } }
    }

    @Test("every verb read as bytes straight into the book makes the book its events make, refusals and all")
    func encodedEventsLoadAsEvents() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        var (events, odd) = everyVerbEvents()
        #expect(Set((events + odd).map(\.verb)) == Set(Verb.allCases))
        events += odd
        try JournalFile(path: path).append(events)

        // What applying each line as an `Event` makes.
        let (book, refused, applied) = try foldedAsEvents(path)
        #expect(refused.count == 38, "\(refused.joined(separator: "\n"))")
        // On two cores, with the texts made on the reading core for every piece, for none,
        // and as a load decides.
        let ways: [(pipelined: Bool, texts: JournalFile.TextsAhead)] = [(false, .never), (true, .never), (true, .always), (true, .whenAhead)]
        for (pipelined, texts) in ways { for chunk in [JournalFile.readChunk, 4096, 97] {
            let how = "pipelined: \(pipelined), texts: \(texts), chunk: \(chunk)"
            let loaded = try LoadedBook.load(path: path, pipelined: pipelined, chunk: chunk, hashing: false, textsAhead: texts, progress: nil)
            #expect(loaded.problems.map { "line \($0.line): \($0.message)" } == refused, "\(how)")
            #expect(loaded.events.count == applied)
            #expect(differences(loaded.book, book) == [], "\(how)")
            // Read back from the file, an encoded event's line is the event it was.
            let line = try #require(loaded.history(of: "N1").first { $0.event.verb == .accountOpen })
            #expect(line.event == odd[0])
        } }
    }

    /// The book made by applying each line of a journal as an `Event`, the refusals as a
    /// load words them, and how many were applied.
    private func foldedAsEvents(_ path: String) throws -> (book: Book, refused: [String], applied: Int) {
        var book = Book()
        var refused: [String] = []
        var applied = 0
        _ = try JournalFile(path: path).stream { read in
            do {
                try book.apply(read.event)
                applied += 1
            } catch {
                refused.append("line \(read.line): \(read.event.verb.rawValue) \(read.event.subject): \(error)")
            }
        }
        return (book, refused, applied)
    }

    @Test("a torn line that is also malformed gives one problem, not two")
    func tornAndMalformed() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        writeFile(Array((Self.header + "2026-11-22T09:20:00Z alice account.open TORN name=\"Tor").utf8), to: path)
        try JournalFile(path: path).append([accountOpen("NEXT")])
        let contents = try JournalFile(path: path).load()
        #expect(contents.problems.map(\.kind) == [.torn])
        #expect(contents.problems.map(\.line) == [2])
        #expect(contents.events.map(\.line) == [4])
    }

    @Test("an event whose line would be over the length limit is refused and nothing is written")
    func overlongEventRefused() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append([accountOpen("ACME")])
        let before = bytes(of: path)
        let huge = Event(time: t0, author: "alice", verb: .complaintExample, subject: "C-1", ["text": String(repeating: "\u{1B}", count: 20_000)])
        let error = #expect(throws: JournalError.self) { try JournalFile(path: path).append([accountOpen("GLOBEX"), huge]) }
        #expect(error?.message.contains("64 KiB") == true, "\(error?.message ?? "")")
        let unchanged = bytes(of: path) == before
        #expect(unchanged, "the journal must be unchanged")
    }

    @Test("an event that would not read back as itself is refused: a bad field name (which could forge a line), an empty author or subject, a year outside 1–9999")
    func badKeyRefused() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append([accountOpen("ACME")])
        let before = bytes(of: path)
        for key in ["", "Name", "na me", "x\n2026-11-22T09:14:03Z mallory account.open EVIL name=Evil tier=large\nnote", "a=b", "1st"] {
            let forged = Event(time: t0, author: "alice", verb: .accountAmend, subject: "ACME", fields: [Event.Field(key, "v")])
            #expect(throws: JournalError.self, "key \(key.debugDescription)") { try JournalFile(path: path).append([forged]) }
        }
        for time in [Timestamp(seconds: -62_135_596_801), Timestamp(seconds: 253_402_300_800)] {
            let outOfRange = Event(time: time, author: "alice", verb: .accountAmend, subject: "ACME", ["name": "x"])
            #expect(throws: JournalError.self, "\(time)") { try JournalFile(path: path).append([outOfRange]) }
        }
        for (author, subject) in [("", "ACME"), ("alice", "")] {
            let empty = Event(time: t0, author: author, verb: .accountAmend, subject: subject, ["name": "x"])
            #expect(throws: JournalError.self) { try JournalFile(path: path).append([empty]) }
        }
        let unchanged = bytes(of: path) == before
        #expect(unchanged, "the journal must be unchanged")
    }

    @Test("a rejected event is a FILE:LINE problem; the book keeps every other event")
    func rejectionsAreProblems() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        let lines = [
            LineFormat.print(accountOpen("ACME")),
            "2026-11-22T09:15:00Z bob invoice.issue INV-1 account=NOPE amount=10.00 currency=GBP due=2026-12-01",
            "2026-11-22T09:16:00Z bob invoice.issue INV-2 account=ACME amount=12,5O currency=GBP due=2026-12-01",
            "2026-11-22T09:17:00Z bob invoice.issue INV-3 account=ACME amount=10.00 currency=GBP due=2026-12-01",
            "2026-11-22T09:18:00Z bob invoice.issue INV-4 account=ACME amount=10.00 currency=GBP due=2026-02-30",
            "2026-11-22T09:19:00Z bob account.open ACME name=Again tier=small",
            "2026-11-22T09:20:00Z bob complaint.open C-1 account=ACME severity=9 category=x summary=y",
        ]
        writeFile(Array((Self.header + lines.joined(separator: "\n") + "\n").utf8), to: path)
        let loaded = try LoadedBook.load(path: path)
        #expect((0..<loaded.events.count).map { loaded.events.line(at: $0) } == [2, 5])
        #expect(loaded.history(of: "ACME").map(\.event.verb) == [.invoiceIssue, .accountOpen])
        #expect(loaded.problems.map(\.line) == [3, 4, 6, 7, 8])
        #expect(loaded.problems.allSatisfy { $0.kind == .rejected && $0.column == nil })
        let messages = loaded.problems.map(\.description)
        #expect(messages[0] == "\(path):3: invoice.issue INV-1: field account: no account \"NOPE\" in the book")
        #expect(messages[1] == "\(path):4: invoice.issue INV-2: field amount: \"12,5O\" is not an amount (write it like 1250.00)")
        #expect(messages[2] == "\(path):6: invoice.issue INV-4: field due: \"2026-02-30\" is not a date (write YYYY-MM-DD)")
        #expect(messages[3] == "\(path):7: account.open ACME: account ACME is already open")
        #expect(messages[4] == "\(path):8: complaint.open C-1: field severity: 9 is outside 1–4")
        #expect(loaded.book.invoices.keys.sorted() == ["INV-3"])
    }

    @Test("money keeps the currency's exponent: JPY has none, KWD three")
    func currencyExponents() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        let lines = [
            LineFormat.print(accountOpen("ACME")),
            "2026-11-22T09:15:00Z bob invoice.issue INV-1 account=ACME amount=48000 currency=JPY due=2026-12-01",
            "2026-11-22T09:15:00Z bob invoice.issue INV-2 account=ACME amount=48000.5 currency=JPY due=2026-12-01",
            "2026-11-22T09:15:00Z bob invoice.issue INV-3 account=ACME amount=1.250 currency=KWD due=2026-12-01",
            "2026-11-22T09:15:00Z bob invoice.issue INV-4 account=ACME amount=1.2505 currency=KWD due=2026-12-01",
            "2026-11-22T09:15:00Z bob invoice.issue INV-5 account=ACME amount=0.1 currency=GBP due=2026-12-01",
        ]
        writeFile(Array((Self.header + lines.joined(separator: "\n") + "\n").utf8), to: path)
        let loaded = try LoadedBook.load(path: path)
        #expect(loaded.book.invoices["INV-1"]?.amount.minorUnits == 48_000)
        #expect(loaded.book.invoices["INV-3"]?.amount.minorUnits == 1_250)
        #expect(loaded.book.invoices["INV-5"]?.amount.minorUnits == 10)
        #expect(loaded.problems.map(\.line) == [4, 6])
    }
}

@Suite("Journal follower")
struct JournalFollowerTests {
    static func appended(_ change: JournalFollower.Change) -> [ReadEvent]? {
        if case .appended(let events, _) = change { return events }
        return nil
    }

    @Test("sees appended events with their line numbers")
    func seesAppends() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append([accountOpen("ACME")])
        let contents = try JournalFile(path: path).load()
        var follower = JournalFollower(path: path, offset: contents.byteCount, lineCount: contents.lineCount)
        guard case .unchanged = follower.poll() else { Issue.record("nothing was appended yet"); return }
        try JournalFile(path: path).append([accountOpen("B"), accountOpen("C")])
        let events = try #require(Self.appended(follower.poll()))
        #expect(events.map(\.event.subject) == ["B", "C"])
        #expect(events.map(\.line) == [3, 4])
        guard case .unchanged = follower.poll() else { Issue.record("the same events twice"); return }
        try JournalFile(path: path).append([accountOpen("D")])
        #expect(Self.appended(follower.poll())?.map(\.line) == [5])
    }

    @Test("holds back a partial line until its newline arrives")
    func holdsPartialLine() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).create()
        let contents = try JournalFile(path: path).load()
        var follower = JournalFollower(path: path, offset: contents.byteCount, lineCount: contents.lineCount)
        let line = Array(LineFormat.print(accountOpen("ACME")).utf8)
        appendRaw(Array(line.prefix(30)), to: path)
        guard case .unchanged = follower.poll() else { Issue.record("a partial line must not be read"); return }
        appendRaw(Array(line.dropFirst(30)), to: path)
        guard case .unchanged = follower.poll() else { Issue.record("still no newline"); return }
        appendRaw([0x0A], to: path)
        let events = try #require(Self.appended(follower.poll()))
        #expect(events.map(\.event) == [accountOpen("ACME")])
        #expect(events.map(\.line) == [2])
        #expect(follower.offset == bytes(of: path).count)
    }

    @Test("reports malformed lines appended by another writer")
    func reportsProblems() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).create()
        var follower = JournalFollower(path: path, offset: bytes(of: path).count, lineCount: 1)
        appendRaw(Array("garbage\n".utf8) + Array((LineFormat.print(accountOpen("ACME")) + "\n").utf8), to: path)
        guard case .appended(let events, let problems) = follower.poll() else { Issue.record("expected an append"); return }
        #expect(events.map(\.line) == [3])
        #expect(problems.map(\.line) == [2])
        #expect(problems.map(\.kind) == [.malformed])
    }

    @Test("reports .replaced when the file is truncated")
    func truncation() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append([accountOpen("ACME"), accountOpen("B")])
        var follower = JournalFollower(path: path, offset: bytes(of: path).count, lineCount: 3)
        #expect(truncate(path, 10) == 0)
        guard case .replaced = follower.poll() else { Issue.record("truncation must be reported"); return }
    }

    @Test("reports .replaced when another file is renamed over it, even a longer one")
    func replacement() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        try JournalFile(path: path).append([accountOpen("ACME")])
        var follower = JournalFollower(path: path, offset: bytes(of: path).count, lineCount: 2)
        let other = scratch.path("other")
        try JournalFile(path: other).append([accountOpen("X"), accountOpen("Y"), accountOpen("Z")])
        #expect(rename(other, path) == 0)
        guard case .replaced = follower.poll() else { Issue.record("replacement must be reported"); return }
    }

    @Test("following from a load that ended in a torn line gives the same line numbers as a fresh load")
    func followAfterTornTail() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        _ = JournalFileTests.tornJournal(path)
        let contents = try JournalFile(path: path).load()
        var follower = JournalFollower(path: path, offset: contents.byteCount, lineCount: contents.lineCount)
        try JournalFile(path: path).append([accountOpen("NEXT")])
        guard case .appended(let events, let problems) = follower.poll() else { Issue.record("expected an append"); return }
        let fresh = try JournalFile(path: path).load()
        #expect(events.map(\.event.subject) == ["NEXT"])
        #expect(events.map(\.line) == fresh.events.filter { $0.event.subject == "NEXT" }.map(\.line))
        #expect(problems.allSatisfy { $0.kind == .torn && $0.line == 4 }, "\(problems)")
    }

    @Test("following from the last complete line after a torn tail agrees with a fresh load too")
    func followFromCompleteLines() throws {
        let scratch = Scratch()
        let path = scratch.path("journal")
        _ = JournalFileTests.tornJournal(path)
        let contents = try JournalFile(path: path).load()
        var follower = JournalFollower(path: path, offset: contents.completeByteCount, lineCount: contents.completeLineCount)
        try JournalFile(path: path).append([accountOpen("NEXT")])
        guard case .appended(let events, let problems) = follower.poll() else { Issue.record("expected an append"); return }
        #expect(events.map(\.line) == [6])
        #expect(problems.map(\.line) == [4])
        #expect(problems.map(\.kind) == [.torn])
    }
}
