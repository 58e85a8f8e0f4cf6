import RapportModel

/// One event as read, with where its line is in the file.
public struct ReadEvent: Sendable {
    /// What the line holds: an event, or (when the reader was asked for them) a contact
    /// ready for the book or an event written as bytes, in its batch's compact bytes.
    enum Payload: Sendable {
        case event(Event)
        case contact(ContactLine)
        case encoded(EncodedEvent)
    }

    var payload: Payload {
        didSet { hints = Self.hints(of: payload) }
    }
    /// The 1-based line number.
    public var line: Int
    /// The byte offset of the line's start, and its length without the newline.
    public var offset: Int
    public var length: Int
    /// `Book.fitsVerb(event)` is known to be true, so applying it need not check again.
    public var shapeChecked: Bool
    /// What a load asks the cache for ahead of the event, kept beside the payload so it
    /// is one read rather than a switch over the payload for each hash.
    private(set) var hints: LookupHints

    public init(event: Event, line: Int, offset: Int, length: Int, shapeChecked: Bool = false) {
        self.init(payload: .event(event), line: line, offset: offset, length: length, shapeChecked: shapeChecked)
    }

    init(payload: Payload, line: Int, offset: Int, length: Int, shapeChecked: Bool) {
        self.payload = payload
        self.line = line
        self.offset = offset
        self.length = length
        self.shapeChecked = shapeChecked
        hints = Self.hints(of: payload)
    }

    private static func hints(of payload: Payload) -> LookupHints {
        switch payload {
        case .event: .none
        case .contact(let line): line.contact.hints
        case .encoded(let encoded): encoded.hints
        }
    }

    /// The event. (A load's reader gives most events as bytes in its batch's buffer,
    /// and the load makes them into events with `event(compact:)`; no other reader does.)
    public var event: Event {
        switch payload {
        case .event(let event): event
        case .contact, .encoded: preconditionFailure("a compact line is read with its batch's compact bytes")
        }
    }

    /// The event, a compact line's read from its batch's buffer.
    func event(compact: UnsafeBufferPointer<UInt8>) -> Event {
        switch payload {
        case .event(let event): event
        case .contact(let contact): contact.event(in: compact)
        case .encoded(let encoded): encoded.event(in: compact)
        }
    }
}

/// A `contact.add` line whose fields fit the verb, written as `ContactTable` stores a
/// contact into the contact bytes of the reader's batch: what a journal's load makes of
/// most of its lines, with no `Event`, no string per value and no allocation of its own
/// (`Book.addContact` takes it in). The line's author follows the contact's texts.
struct ContactLine: Sendable {
    var time: Timestamp
    var contact: ContactTable.Encoded

    /// The same event as an `Event`, its fields in the spec's order.
    func event(in contacts: UnsafeBufferPointer<UInt8>) -> Event {
        let c = contact.decoded(in: contacts)
        var fields = [Event.Field("account", c.account), Event.Field("name", c.name)]
        for (key, value) in [("role", c.role), ("phone", c.phone), ("email", c.email)] {
            if let value { fields.append(Event.Field(key, value)) }
        }
        return Event(time: time, author: contact.trailing(in: contacts), verb: .contactAdd, subject: c.id, fields: fields)
    }
}

/// Where a journal's reader writes its compact lines (`ContactLine`, `EncodedEvent`):
/// their bytes, and (when `makesTexts`) the strings made ahead of the texts of its
/// encoded events.
///
/// Texts are made ahead where the applying is done on another core and is the slower
/// side (`JournalFile.TextsAhead`): the strings are made on the reading core, which has
/// time to spare, and the applying core only takes them. On one core that would be the
/// same work, and more.
struct CompactLines: LineFormat.CompactBuffer, Sendable {
    /// The bytes written are the first `byteCount` of `storage`; the rest is room, kept
    /// (written once, as zeros, when it grows) so that each line is written where it
    /// stays: a line written on the stack and appended cost a copy and an append's checks.
    private var storage: [UInt8] = []
    private(set) var byteCount = 0
    var texts: [String] = []
    var makesTexts = false

    static var takesCompact: Bool { true }

    /// The bytes written.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<byteCount])) }
    }

    /// Appends `bytes` as they are (a line's, moved from another batch).
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        makeRoom(bytes.count)
        storage.withUnsafeMutableBufferPointer { all in
            guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
            (all.baseAddress! + byteCount).update(from: source, count: bytes.count)
        }
        byteCount += bytes.count
    }

    /// Grows the room after the bytes written to at least `n`, doubling.
    private mutating func makeRoom(_ n: Int) {
        let room = storage.count - byteCount
        if room < n { storage.append(contentsOf: repeatElement(0, count: max(n - room, storage.count))) }
    }

    mutating func write(capacity: Int, _ write: (inout ContactTable.Encoded.Writer) -> Void) -> ContactTable.Encoded {
        makeRoom(capacity)
        let start = byteCount
        let contact = storage.withUnsafeMutableBufferPointer { ContactTable.Encoded.write(at: start, in: $0, capacity: capacity, write) }
        byteCount = contact.stop
        return contact
    }

    mutating func write(time: Timestamp, verb: Verb, capacity: Int, _ write: (inout EncodedEvent.Writer) -> Void) -> EncodedEvent {
        makeRoom(EncodedEvent.room(for: verb, capacity: capacity))
        let start = byteCount
        var event = storage.withUnsafeMutableBufferPointer {
            EncodedEvent.write(at: start, in: $0, time: time, verb: verb, capacity: capacity, write)
        }
        byteCount = event.stop
        if makesTexts {
            // The storage and the texts are reached as two properties: through `withBytes`
            // the texts would be a copy's too, and each append would copy them all.
            let written = byteCount
            storage.withUnsafeBufferPointer { event.makeTexts(in: UnsafeBufferPointer(rebasing: $0[..<written]), into: &texts) }
        }
        return event
    }

    /// Trades bytes and texts with `other`; each keeps whether it makes texts.
    mutating func exchangeContents(with other: inout CompactLines) {
        swap(&storage, &other.storage)
        swap(&byteCount, &other.byteCount)
        swap(&texts, &other.texts)
    }

    /// Empties it, keeping the storage.
    mutating func removeAll() {
        byteCount = 0
        texts.removeAll(keepingCapacity: true)
    }
}

/// Events read together, with the bytes and texts of the compact lines among them: what
/// goes from the reading half of a load to the applying half.
struct ReadBatch: Sendable {
    var events: [ReadEvent] = []
    var compact = CompactLines()

    /// Empties it, keeping the storage for the next batch. Where there are two cores,
    /// this is the reading one: the texts the book did not keep are freed there.
    mutating func removeAll() {
        events.removeAll(keepingCapacity: true)
        compact.removeAll()
    }
}

/// Splits journal bytes into lines and parses each, collecting the events and a problem
/// for every line that is not one. A bad line never stops the others loading.
///
/// Used both for a whole file and for the bytes another writer appended since the last
/// read (`JournalFollower`), so the two cannot disagree about what a line is.
public struct JournalReader: Sendable {
    public let path: String
    /// The number of the next line to be read (1-based).
    public private(set) var nextLine = 1
    /// Events read, with where each came from.
    public var events: [ReadEvent] = []
    /// The bytes and texts of the compact lines among `events` (see `ContactLine`,
    /// `EncodedEvent`).
    var compactLines = CompactLines()
    public var problems: [JournalProblem] = []
    /// The date of the last line read, for the next line's timestamp.
    private var dates = Timestamp.DayMemo()
    /// The line number of the last event read, so a torn marker can retract it.
    private var lastEventLine: Int?
    /// Whether lines that fit their verb come as compact lines, `ContactLine`s and
    /// `EncodedEvent`s in `compactLines` (for a journal's load).
    var compact = false

    /// The byte offset in the file of the next line to be read.
    public private(set) var nextOffset: Int

    public init(path: String, firstLine: Int = 1, offset: Int = 0) {
        self.path = path
        self.nextLine = firstLine
        self.nextOffset = offset
    }

    /// Reads the complete lines in `bytes` and returns how many bytes were consumed; a
    /// trailing part without a newline is left for the caller (`finish` reports it as torn).
    @discardableResult
    public mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var start = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        while start < n {
            guard let newline = memchr(base + start, 0x0A, n - start) else { break }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            readLine(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            nextOffset += end + 1 - start
            start = end + 1
        }
        return start
    }

    /// Reports a trailing line without a newline: an interrupted write. It is not applied.
    public mutating func finish(unterminated tail: Int) {
        guard tail > 0 else { return }
        problems.append(JournalProblem(path: path, line: nextLine, kind: .torn,
                                       message: "last line has no newline (\(tail) bytes; an interrupted write?); it is not loaded and the next append starts a fresh line"))
    }

    private mutating func readLine(_ line: UnsafeBufferPointer<UInt8>) {
        let number = nextLine
        nextLine += 1
        do {
            let parsed = compact ? try LineFormat.parseLine(line, compact: &compactLines, dates: &dates)
                                         : try LineFormat.parseLine(line, dates: &dates)
            switch parsed {
            case .event(let event, let fits):
                events.append(ReadEvent(payload: .event(event), line: number, offset: nextOffset, length: line.count,
                                        shapeChecked: fits))
                lastEventLine = number
            case .contact(let contact):
                events.append(ReadEvent(payload: .contact(contact), line: number, offset: nextOffset, length: line.count,
                                        shapeChecked: true))
                lastEventLine = number
            case .encoded(let encoded):
                events.append(ReadEvent(payload: .encoded(encoded), line: number, offset: nextOffset, length: line.count,
                                        shapeChecked: true))
                lastEventLine = number
            case .comment(let text):
                if text.hasPrefix("#! torn") {
                    retractTornLine(before: number)
                } else if number == 1, text.hasPrefix("# rapport journal v"), let version = Int(text.dropFirst(19)), version > LineFormat.version {
                    problems.append(JournalProblem(path: path, line: number, kind: .malformed,
                                                   message: "journal format v\(version) is newer than this rapport understands (v\(LineFormat.version)); upgrade rapport"))
                }
            case .blank:
                break
            }
        } catch {
            problems.append(JournalProblem(path: path, line: number, column: error.column, kind: .malformed, message: error.message))
        }
    }

    /// The line before a torn marker was cut short: drop its event (if it parsed) and say so.
    private mutating func retractTornLine(before marker: Int) {
        let torn = marker - 1
        if lastEventLine == torn, let last = events.last, last.line == torn {
            events.removeLast()
            lastEventLine = nil
        }
        problems.removeAll { $0.line == torn && $0.path == path }
        problems.append(JournalProblem(path: path, line: torn, kind: .torn,
                                       message: "line was cut short by an interrupted write; it is not loaded"))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
