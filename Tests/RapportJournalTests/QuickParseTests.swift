import CLineMarks
import Foundation
@testable import RapportJournal
@testable import RapportModel
import Testing

/// The quick way through a line (`LineFormat.parseMarked`, over the marks of
/// `rapport_tokenize_line`) must read every line it takes exactly as the careful way
/// does, and leave every other line to it.
@Suite struct QuickParseTests {
    /// What a parse came to, with the compact bytes it wrote: equal only when every
    /// stored value is.
    struct Outcome: Equatable, CustomStringConvertible {
        var result: String
        var buffer: [UInt8]
        var description: String { result }
    }

    static func parse(_ line: [UInt8], quickly: Bool) -> Outcome {
        var buffer: [UInt8] = []
        var dates = Timestamp.DayMemo()
        let result = line.withUnsafeBufferPointer { bytes in
            do {
                return String(describing: try LineFormat.parseLine(bytes, compact: &buffer, dates: &dates, quickly: quickly))
            } catch {
                return "error: \(error)"
            }
        }
        return Outcome(result: result, buffer: buffer)
    }

    /// Whether the quick way takes the line at all.
    static func takenQuickly(_ line: [UInt8]) -> Bool {
        var buffer: [UInt8] = []
        var dates = Timestamp.DayMemo()
        return line.withUnsafeBufferPointer { LineFormat.parseMarked($0, compact: &buffer, dates: &dates) } != nil
    }

    /// Every line of a demo book and one of each verb, with odd events among them.
    static func realLines() -> [[UInt8]] {
        let (events, odd) = everyVerbEvents()
        return (events + odd).map { Array(LineFormat.print($0).utf8) }
    }

    @Test("lines as rapport writes them are read the quick way, each to what the careful way reads")
    func realLinesAgree() {
        let (events, odd) = everyVerbEvents()
        var quick = 0, expected = 0
        for (event, isOdd) in events.map({ ($0, false) }) + odd.map({ ($0, true) }) {
            let line = Array(LineFormat.print(event).utf8)
            #expect(Self.parse(line, quickly: true) == Self.parse(line, quickly: false), "\(String(decoding: line, as: UTF8.self))")
            // Left to the careful way: a line with an escape or over 512 bytes, and a verb
            // of more than sixteen fields (which is never written compact).
            let common = !isOdd && !line.contains(0x5C) && line.count <= Int(RAPPORT_MARKS_MAX)
                && VerbSpec.fieldKeys[event.verb.ordinal].count <= LineFormat.placedFieldsCapacity
            if common {
                expected += 1
                #expect(Self.takenQuickly(line), "\(String(decoding: line, as: UTF8.self))")
            }
            if Self.takenQuickly(line) { quick += 1 }
        }
        #expect(expected > (events.count + odd.count) * 9 / 10)
        #expect(quick >= expected)
    }

    @Test("each shape the quick way takes, and each it leaves, reads the same both ways")
    func shapes() {
        let stamp = "2026-11-22T09:14:03Z"
        let taken = [
            "\(stamp) bob contact.add P-1 account=ACME name=\"Łukasz Hughes\" role=Buyer phone=\"07700 900123\" email=l@h.example",
            "\(stamp) bob contact.add P-1 email=l@h.example name=Jo account=ACME",
            "\(stamp) \"Jo Bloggs\" account.open ACME name=\"Acme & Co\" tier=large",
            "\(stamp) bob account.open \"AC ME\" name=\"Acme\" tier=large owner=",
            "\(stamp) bob account.open ACME name=a=b tier=large",
            "\(stamp) bob invoice.issue INV-1 account=ACME amount=12.50 currency=GBP due=2026-12-01",
            "\(stamp) bob account.open 株式会社 name=\"Hooli 株式会社\" tier=small",
        ]
        let left = [
            "",
            "   ",
            "# a comment",
            " \(stamp) bob account.open ACME name=Acme tier=large",
            "\(stamp)  bob account.open ACME name=Acme tier=large",
            "\(stamp) bob account.open ACME name=Acme  tier=large",
            "\(stamp) bob account.open ACME name=Acme tier=large ",
            "\(stamp) bob account.open ACME name=\"Acme \\\"the\\\" Co\" tier=large",
            "\(stamp) bob account.open ACME name=Ac\"me tier=large",
            "\(stamp) bob account.open ACME name=\"Acme tier=large",
            "\(stamp) bob account.open ACME name=\"Acme\"x tier=large",
            "\(stamp) bob account.open ACME name=Acme tier=large name=Other",
            "\(stamp) bob account.open ACME name=Acme tier=large colour=red",
            "\(stamp) bob account.open ACME name=Acme",
            "\(stamp) bob account.open ACME name= tier=large",
            "\(stamp) bob account.open ACME name=Acme tier=large\tx",
            "\(stamp) bob account.open ACME name=Acme tier",
            "\(stamp) bob account.open ACME =Acme tier=large",
            "\(stamp) bob account.open ACME Name=Acme tier=large",
            "\(stamp) bob account.shut ACME",
            "\(stamp) bob account.open",
            "\(stamp) bob account.open ",
            "\(stamp) \"\" account.open ACME name=Acme tier=large",
            "2026-13-22T09:14:03Z bob account.open ACME name=Acme tier=large",
            "\(stamp) bob account.open ACME name=\"\(String(repeating: "x", count: 600))\" tier=large",
        ]
        for text in taken {
            let line = Array(text.utf8)
            #expect(Self.takenQuickly(line), "\(text)")
            #expect(Self.parse(line, quickly: true) == Self.parse(line, quickly: false), "\(text)")
        }
        for text in left {
            let line = Array(text.utf8)
            #expect(!Self.takenQuickly(line), "\(text)")
            #expect(Self.parse(line, quickly: true) == Self.parse(line, quickly: false), "\(text)")
        }
        // Every line of the parser's error corpus is left to it, with its own error.
        for c in ErrorCorpusTests.cases {
            #expect(!Self.takenQuickly(c.line), "\(c.name)")
            #expect(Self.parse(c.line, quickly: true) == Self.parse(c.line, quickly: false), "\(c.name)")
        }
        // Bytes that are not UTF-8, and a NUL, are left to the careful way's errors.
        for bad in [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0x00]] as [[UInt8]] {
            let line = Array("\(stamp) bob account.open ACME name=Ac".utf8) + bad + Array("me tier=large".utf8)
            #expect(!Self.takenQuickly(line))
            #expect(Self.parse(line, quickly: true) == Self.parse(line, quickly: false))
        }
    }

    @Test("real lines damaged at random read the same both ways")
    func damagedLinesAgree() {
        var random = TestRandom(seed: testSeed(default: 0x51CC_E55F))
        let lines = Self.realLines()
        let bytes: [UInt8] = [0x20, 0x20, 0x22, 0x22, 0x3D, 0x3D, 0x5C, 0x09, 0x00, 0x7F, 0x23, 0x61, 0xC3, 0xA9, 0xE6, 0x80]
        var quick = 0
        for round in 0..<20_000 {
            var line = random.pick(lines)
            for _ in 0..<random.int(1...3) {
                let at = random.int(0...line.count)
                switch random.int(0...3) {
                case 0: line.insert(random.pick(bytes), at: at)
                case 1: if at < line.count { line.remove(at: at) }
                case 2: if at < line.count { line[at] = random.pick(bytes) }
                default: line = Array(line.prefix(at))
                }
            }
            if Self.takenQuickly(line) { quick += 1 }
            let a = Self.parse(line, quickly: true), b = Self.parse(line, quickly: false)
            #expect(a == b, "round \(round): \(String(decoding: line, as: UTF8.self))")
            if a != b { break }
        }
        // Many damaged lines are still well formed, and those are read the quick way.
        #expect(quick > 200, "\(quick) damaged lines read the quick way")
    }

    @Test("the marks of sixteen bytes at a time are the marks of one byte at a time")
    func marksAgree() {
        var random = TestRandom(seed: testSeed(default: 0x3A4B))
        let alphabet: [UInt8] = [0x20, 0x22, 0x3D, 0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xFF, 0x61, 0x41, 0x7E]
        let words = Int(RAPPORT_MARKS_MAX) / 64
        for _ in 0..<3_000 {
            let count = random.int(0...Int(RAPPORT_MARKS_MAX))
            let line = (0..<count).map { _ in random.chance(0.5) ? random.pick(alphabet) : UInt8(random.int(0...255)) }
            var fast = [UInt64](repeating: 0xDEAD, count: 3 * words), portable = [UInt64](repeating: 0xBEEF, count: 3 * words)
            var wide = [UInt64](repeating: 0xF00D, count: 3 * words)
            let (flagsFast, flagsPortable, flagsWide) = line.withUnsafeBufferPointer { bytes in
                let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let a = fast.withUnsafeMutableBufferPointer { m in rapport_mark_line(base, count, m.baseAddress!, m.baseAddress! + words, m.baseAddress! + 2 * words, 0) }
                let b = portable.withUnsafeMutableBufferPointer { m in rapport_mark_line(base, count, m.baseAddress!, m.baseAddress! + words, m.baseAddress! + 2 * words, 1) }
                let c = wide.withUnsafeMutableBufferPointer { m in
                    rapport_tokenize_uses_avx2() != 0 ? rapport_mark_line_avx2(base, count, m.baseAddress!, m.baseAddress! + words, m.baseAddress! + 2 * words) : a
                }
                return (a, b, c)
            }
            #expect(flagsFast == flagsPortable)
            #expect(flagsWide == flagsFast)
            // And both say what each byte is.
            var flags: UInt32 = 0
            for (i, b) in line.enumerated() {
                let (w, bit) = (i / 64, UInt64(1) << UInt64(i % 64))
                #expect((fast[w] & bit != 0) == (b == 0x20) && (fast[words + w] & bit != 0) == (b == 0x22)
                        && (fast[2 * words + w] & bit != 0) == (b == 0x3D), "byte \(i) of \(count): \(b)")
                if b < 0x20 || b == 0x7F { flags |= UInt32(RAPPORT_MARKS_CONTROL) }
                if b == 0x5C { flags |= UInt32(RAPPORT_MARKS_BACKSLASH) }
                if b >= 0x80 { flags |= UInt32(RAPPORT_MARKS_HIGH) }
            }
            #expect(flagsFast == flags)
            let used = (count + 63) / 64
            if count % 64 != 0 {
                for kind in 0..<3 { #expect(fast[kind * words + used - 1] >> UInt64(count % 64) == 0, "no marks past the end") }
            }
            for kind in 0..<3 {
                #expect(Array(fast[(kind * words)..<(kind * words + used)]) == Array(portable[(kind * words)..<(kind * words + used)]))
                if rapport_tokenize_uses_avx2() != 0 {
                    #expect(Array(wide[(kind * words)..<(kind * words + used)]) == Array(fast[(kind * words)..<(kind * words + used)]))
                }
            }
        }
    }

    @Test("the tokens of the way chosen for this processor are the inline way's, on damaged lines too")
    func chosenWayAgrees() {
        var random = TestRandom(seed: testSeed(default: 0x70C3_A1F2))
        let lines = Self.realLines()
        let bytes: [UInt8] = [0x20, 0x20, 0x22, 0x22, 0x3D, 0x3D, 0x5C, 0x09, 0x00, 0x7F, 0x61, 0xC3]
        var taken = 0
        for round in 0..<20_000 {
            var line = random.pick(lines)
            if round % 4 != 0 {
                for _ in 0..<random.int(1...3) {
                    let at = random.int(0...line.count)
                    switch random.int(0...2) {
                    case 0: line.insert(random.pick(bytes), at: at)
                    case 1: if at < line.count { line.remove(at: at) }
                    default: if at < line.count { line[at] = random.pick(bytes) }
                    }
                }
            }
            var inline = [UInt16](repeating: 0xAAAA, count: Int(RAPPORT_TOKENS_COUNT)), chosen = inline
            let (a, b) = line.withUnsafeBufferPointer { bytes in
                let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
                return (inline.withUnsafeMutableBufferPointer { rapport_tokenize_line(base, bytes.count, $0.baseAddress!) },
                        chosen.withUnsafeMutableBufferPointer { rapport_tokenize(base, bytes.count, $0.baseAddress!) })
            }
            #expect(a == b, "round \(round): \(String(decoding: line, as: UTF8.self))")
            if a != 0 && a == b {
                taken += 1
                let used = 8 + 4 * Int(inline[7])
                #expect(Array(inline[..<used]) == Array(chosen[..<used]), "round \(round)")
            }
        }
        #expect(taken > 5_000, "\(taken) lines tokenised")
    }
}

/// An applied event's place in the journal is kept in one word; its line number in a run.
@Suite struct EventLogEntryTests {
    @Test("offsets up to a terabyte and lengths up to 8 MB read back as written, and kept events by number")
    func packing() {
        #expect(MemoryLayout<EventLog.Entry>.stride == 8)
        let offsets: [Int64] = [0, 1, 4_294_967_295, 4_294_967_296, 201_903_257, EventLog.Entry.offsetLimit - 1]
        let lengths = [0, 1, 143, 65_537, EventLog.Entry.lengthLimit - 1]
        for offset in offsets {
            for length in lengths {
                let entry = EventLog.Entry(offset: offset, length: length)
                #expect(entry.offset == offset && entry.length == length)
            }
        }
        for index in [0, 1, 70_000, Int(EventLog.Entry.offsetLimit) - 1] {
            let entry = EventLog.Entry(held: index)
            #expect(entry.offset == -1 - Int64(index) && entry.length == 0)
        }
    }

    @Test("every event's line number reads back, across gaps, repeats and events kept whole")
    func lineNumbers() {
        let event = Event(time: Timestamp(iso8601: "2026-01-01T00:00:00Z")!, author: "a", verb: .accountOpen, subject: "A1", fields: [])
        // Runs of consecutive lines, a gap of one and of many, the same line twice (a
        // line can hold no more than one event, but the log does not rely on it), lines
        // going back, and held events among them.
        let lines = [2, 3, 4, 6, 7, 100, 100, 101, 50, 51, 52, 1_000_000, 1_000_001, 9, 10]
        var log = EventLog(path: "/nonexistent")
        for (i, line) in lines.enumerated() {
            if i % 4 == 3 {
                log.append(event, line: line)
            } else {
                log.append(ReadEvent(event: event, line: line, offset: i * 10, length: 10))
            }
        }
        #expect(log.count == lines.count)
        #expect((0..<log.count).map { log.line(at: $0) } == lines)
        // One run per break in the sequence, not one per event.
        #expect(log.runCount == 7)
        var consecutive = EventLog(path: "/nonexistent")
        for i in 0..<10_000 {
            consecutive.append(ReadEvent(event: event, line: i + 2, offset: i * 10, length: 10))
        }
        #expect(consecutive.runCount == 1 && consecutive.line(at: 9_999) == 10_001)
    }
}
