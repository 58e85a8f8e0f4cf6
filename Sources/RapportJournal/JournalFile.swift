import Dispatch
import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The plain-text, append-only journal on disk.
///
/// Appends take an exclusive `flock`, write each batch with one `write`, and `fsync`
/// before returning, so an acknowledged event is on disk and two writers never
/// interleave inside a line. A line left without a newline by a crash is never merged
/// with the next event: the next append first closes it and marks it torn.
public struct JournalFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Everything a journal holds, read in one pass.
    public struct Contents: Sendable {
        public var events: [ReadEvent]
        public var problems: [JournalProblem]
        public var byteCount: Int
        /// Lines read, counting a torn last line.
        public var lineCount: Int
        /// Bytes up to and including the last newline: where a follower starts, so a
        /// torn last line is read again once another writer finishes it.
        public var completeByteCount: Int
        public var completeLineCount: Int
        /// The hash, not yet finished, of the first `completeByteCount` bytes, when the
        /// stream was asked to hash them (for a book's snapshot).
        var completeHash: ContentHash?
    }

    public var exists: Bool { access(path, F_OK) == 0 }

    /// The file's size in bytes now, or nil when it cannot be read.
    public var size: Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Creates a new journal holding only the header; refuses to touch an existing file.
    public func create() throws(JournalError) {
        try makeParentDirectory()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError(path: path, errno == EEXIST ? "already exists" : "cannot create: \(Self.systemError())")
        }
        defer { close(fd) }
        let header = Array((LineFormat.header + "\n").utf8)
        try writeAll(fd, header)
        guard fsync(fd) == 0 else { throw JournalError(path: path, "fsync failed: \(Self.systemError())") }
    }

    /// Reads and parses the whole journal; a missing file is an error.
    public func load() throws(JournalError) -> Contents {
        var events: [ReadEvent] = []
        var contents = try stream { events.append($0) }
        contents.events = events
        return contents
    }

    /// Reads the journal a piece at a time and hands each event to `body` as soon as no
    /// later line can take it back (a torn marker retracts the line just before it), so
    /// the file is never held in memory whole. The returned contents have no events.
    /// `progress` hears the bytes read so far and the file's size after every piece.
    ///
    /// With `pipelined`, the file is read and its lines parsed on another core while
    /// `body` runs on this one, a few pieces apart; events still reach `body` in order,
    /// on the calling thread, and the parsed events are freed on the reading core too.
    public func stream(chunk: Int = readChunk, pipelined: Bool = false,
                       progress: ((_ read: Int, _ size: Int) -> Void)? = nil,
                       _ body: (ReadEvent) -> Void) throws(JournalError) -> Contents {
        try stream(chunk: chunk, pipelined: pipelined, compact: false, progress: progress) { event, _, _, _ in body(event) }
    }

    /// `stream`, with lines that fit their verb given as `ContactLine`s and
    /// `EncodedEvent`s when `compact` (what a load into a book wants), their bytes in
    /// `compact` and the texts made ahead for the encoded events in `texts`.
    /// With each event, `body` is shown the events after it in its batch, in place, to
    /// ready the cache for them.
    ///
    /// It starts at `start`: a line's start, at line number `firstLine` (the file's
    /// start unless a book was read back from a snapshot up to there). Given a `hash`, the
    /// complete lines' bytes are added to it as they are read (`Contents.completeHash`).
    func stream(chunk: Int = readChunk, from start: (offset: Int, firstLine: Int) = (0, 1), pipelined: Bool, compact: Bool,
                textsAhead: TextsAhead = .whenAhead, hash: ContentHash? = nil, progress: ((_ read: Int, _ size: Int) -> Void)?,
                _ body: (ReadEvent, _ ahead: UnsafeBufferPointer<ReadEvent>, _ compact: UnsafeBufferPointer<UInt8>, _ texts: UnsafeBufferPointer<String>) -> Void) throws(JournalError) -> Contents {
        if pipelined {
            return try streamPipelined(chunk: chunk, from: start, compact: compact, textsAhead: textsAhead, hash: hash, progress: progress, body)
        }
        var reported = 0
        return try parse(chunk: chunk, from: start, measure: progress != nil, compact: compact, hash: hash) { batch, read, size in
            Self.lend(&batch, to: body)
            batch.removeAll()
            if let progress, read > reported {
                reported = read
                progress(read, size)
            }
            return false
        }
    }

    /// The reading half of `stream`: the events of each piece but its last (which waits in
    /// case the next line is a torn marker) go to `deliver` with the bytes read so far and
    /// the file's size (0 unless `measure`); `deliver` leaves the batch empty, and may hand
    /// back another in its place to reuse. The last batch follows the last piece.
    /// `deliver` returns whether the next piece's encoded events should have their texts
    /// made as they are read (see `CompactLines`).
    private func parse(chunk: Int, from start: (offset: Int, firstLine: Int), measure: Bool, compact: Bool, hash: ContentHash?,
                       _ deliver: (inout ReadBatch, _ read: Int, _ size: Int) -> Bool) throws(JournalError) -> Contents {
        var reader = JournalReader(path: path, firstLine: start.firstLine, offset: start.offset)
        reader.compact = compact
        var batch = ReadBatch()
        var sizeSeen = 0
        var hash = hash
        let (total, unread) = try forEachPiece(chunk: chunk, measure: measure, range: start.offset..<Int.max) { piece, read, size in
            sizeSeen = size
            let consumed = reader.read(piece)
            hash?.add(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(piece)[0..<consumed]))
            if reader.events.count > 1 {
                swap(&batch.events, &reader.events)
                batch.compact.exchangeContents(with: &reader.compactLines)
                reader.events.append(Self.keep(batch.events.removeLast(), from: batch.compact, in: &reader.compactLines))
                reader.compactLines.makesTexts = deliver(&batch, read, size)
            } else if measure {
                var none = ReadBatch()
                _ = deliver(&none, read, size)
            }
            return consumed
        }
        if !reader.events.isEmpty || measure {
            var last = ReadBatch(events: reader.events, compact: reader.compactLines)
            _ = deliver(&last, total, max(sizeSeen, total))
        }
        reader.finish(unterminated: unread)
        return Contents(events: [], problems: reader.problems, byteCount: start.offset + total,
                        lineCount: reader.nextLine - 1 + (unread > 0 ? 1 : 0),
                        completeByteCount: start.offset + total - unread, completeLineCount: reader.nextLine - 1, completeHash: hash)
    }

    /// The event held back from a batch, its bytes and texts (if it is a compact line)
    /// copied from the batch's into `lines`, the reader's for the next batch.
    private static func keep(_ event: consuming ReadEvent, from batch: CompactLines, in lines: inout CompactLines) -> ReadEvent {
        switch event.payload {
        case .event:
            break
        case .contact(var line):
            let contact = line.contact
            let offset = lines.byteCount - contact.start
            batch.withBytes { lines.append(UnsafeBufferPointer(rebasing: $0[contact.start..<contact.stop])) }
            line.contact = contact.moved(by: offset)
            event.payload = .contact(line)
        case .encoded(let encoded):
            let offset = lines.byteCount - encoded.start
            batch.withBytes { lines.append(UnsafeBufferPointer(rebasing: $0[encoded.start..<encoded.stop])) }
            var textOffset = 0
            if encoded.firstText >= 0 {
                let first = Int(encoded.firstText)
                textOffset = lines.texts.count - first
                lines.texts.append(contentsOf: batch.texts[first..<first + EncodedEvent.textCount(of: encoded.verb)])
            }
            event.payload = .encoded(encoded.moved(by: offset, texts: textOffset))
        }
        return event
    }

    /// When a load reading on a second core makes the texts of its encoded events as it
    /// reads them (see `CompactLines`).
    enum TextsAhead: Sendable {
        /// Never: the applying core makes them.
        case never
        /// For every piece but the first (read before any batch is handed over).
        case always
        /// For a piece read while the reading core is ahead: when the batch before it had
        /// to wait for the applying core to free a slot. The applying core is then the
        /// slower, and the strings are better made on this one; while the reading core is
        /// the slower (as it is through a run of contacts), they are left to the other.
        case whenAhead
    }

    private func streamPipelined(chunk: Int, from start: (offset: Int, firstLine: Int), compact: Bool, textsAhead: TextsAhead, hash: ContentHash?,
                                 progress: ((_ read: Int, _ size: Int) -> Void)?,
                                 _ body: (ReadEvent, _ ahead: UnsafeBufferPointer<ReadEvent>, _ compact: UnsafeBufferPointer<UInt8>, _ texts: UnsafeBufferPointer<String>) -> Void) throws(JournalError) -> Contents {
        let channel = BatchChannel()
        let file = self
        let measure = progress != nil
        DispatchQueue.global(qos: .userInitiated).async {
            let outcome = Result { () throws(JournalError) -> Contents in
                try file.parse(chunk: chunk, from: start, measure: measure, compact: compact, hash: hash) { batch, read, size in
                    // Texts are made ahead while this core is ahead: when the batch had to
                    // wait for the applying core to free a slot (see `TextsAhead`).
                    let waited = channel.send(&batch, read: read, size: size)
                    switch textsAhead {
                    case .never: return false
                    case .always: return true
                    case .whenAhead: return waited
                    }
                }
            }
            channel.finish(outcome)
        }
        var reported = 0
        return try channel.drain { batch, read, size in
            Self.lend(&batch, to: body)
            if let progress, read > reported {
                reported = read
                progress(read, size)
            }
        }.get()
    }

    /// Hands each event of a batch to `body` in order, with its batch's contact bytes,
    /// leaving the batch as it was.
    ///
    /// Each is moved out of the array, lent, and moved back: reading it in place through
    /// the array made a copy of every event (a retain of each of its strings, and a
    /// release after), a tenth of the applying thread's time. The batch still frees its
    /// events where it is emptied, on the reading core when there are two.
    ///
    /// With each, `body` sees the events after it in the batch, in place (a copy cost more
    /// than readying the cache saved).
    private static func lend(_ batch: inout ReadBatch,
                             to body: (ReadEvent, _ ahead: UnsafeBufferPointer<ReadEvent>, _ compact: UnsafeBufferPointer<UInt8>, _ texts: UnsafeBufferPointer<String>) -> Void) {
        batch.compact.withBytes { compact in
            batch.compact.texts.withUnsafeBufferPointer { texts in
                batch.events.withUnsafeMutableBufferPointer { events in
                    guard let base = events.baseAddress else { return }
                    for i in events.indices {
                        let ahead = UnsafeBufferPointer(start: base + i + 1, count: events.count - i - 1)
                        let event = (base + i).move()
                        body(event, ahead, compact, texts)
                        (base + i).initialize(to: consume event)
                    }
                }
            }
        }
    }

    /// How many lines of each verb the journal holds, and their bytes, counted from the
    /// verb's bytes without parsing the rest of the line: what `LoadedBook.load` sizes the
    /// book's tables by. Lines that are not events, or whose verb is unknown, are not
    /// counted.
    public struct Census: Sendable {
        /// Lines of each verb, by `Verb.ordinal`.
        public var counts: [Int]
        /// Those lines' bytes, newlines not counted, by `Verb.ordinal`.
        public var bytes: [Int]

        public subscript(verb: Verb) -> Int { counts[verb.ordinal] }
        public func bytes(of verb: Verb) -> Int { bytes[verb.ordinal] }
    }

    /// Counts the lines of each verb. With `parts` of 2, a file of more than two chunks
    /// is counted in two halves, split at a line's start, on two cores at once.
    public func census(chunk: Int = readChunk, parts: Int = 1) throws(JournalError) -> Census {
        guard parts > 1, let size, size >= 2 * chunk, let middle = try lineStart(atOrAfter: size / 2) else {
            return try census(chunk: chunk, range: 0..<Int.max)
        }
        let halves = [0..<middle, middle..<Int.max]
        let results = CensusResults(count: halves.count)
        DispatchQueue.concurrentPerform(iterations: halves.count) { i in
            results.set(i, Result { () throws(JournalError) in try census(chunk: chunk, range: halves[i]) })
        }
        var total = Census(counts: Array(repeating: 0, count: Verb.allCases.count), bytes: Array(repeating: 0, count: Verb.allCases.count))
        for i in halves.indices {
            let part = try results.get(i).get()
            for v in total.counts.indices {
                total.counts[v] += part.counts[v]
                total.bytes[v] += part.bytes[v]
            }
        }
        return total
    }

    /// Where each part of a census puts its outcome: a box for each part, so no two
    /// threads write the same storage (two writes into one array at once would be a race
    /// on the array). @unchecked: each part writes only its own box, and
    /// `concurrentPerform` returns only once every part has finished.
    private final class CensusResults: @unchecked Sendable {
        private final class Box { var result: Result<Census, JournalError>? }
        private let boxes: [Box]
        init(count: Int) { boxes = (0..<count).map { _ in Box() } }
        func set(_ i: Int, _ result: Result<Census, JournalError>) { boxes[i].result = result }
        func get(_ i: Int) -> Result<Census, JournalError> { boxes[i].result! }
    }

    /// The offset of the first line that starts at or after `offset`, or nil when no line
    /// starts between there and the end (or within a line's longest length of it).
    private func lineStart(atOrAfter offset: Int) throws(JournalError) -> Int? {
        guard offset > 0 else { return 0 }
        var found: Int?
        _ = try forEachPiece(chunk: LineFormat.maximumLineLength + 2, range: offset - 1..<offset + LineFormat.maximumLineLength + 1) { piece, _, _ in
            guard found == nil, let base = piece.baseAddress, let newline = memchr(base, 0x0A, piece.count) else { return 0 }
            found = offset + base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            return piece.count
        }
        return found
    }

    /// The census of the lines that start in `range` of the file's bytes (a line's start).
    private func census(chunk: Int, range: Range<Int>) throws(JournalError) -> Census {
        let verbs = Verb.allCases.count
        // Each verb's lines, then its bytes; counted through a pointer, as an array's
        // element was checked for uniqueness and bounds on every line.
        var tally = Array(repeating: 0, count: 2 * verbs)
        try tally.withUnsafeMutableBufferPointer { tally throws(JournalError) in
            let counts = tally.baseAddress!, bytes = counts + verbs
            _ = try forEachPiece(chunk: chunk, range: range) { piece, _, _ in
                Self.tally(piece, from: 0, counts: counts, bytes: bytes)
            }
        }
        return Census(counts: Array(tally[..<verbs]), bytes: Array(tally[verbs...]))
    }

    /// Adds each whole line of `piece` from `start` on to its verb's count and bytes;
    /// returns where the first line not ended in the piece starts.
    @inline(__always)
    private static func tally(_ piece: UnsafeBufferPointer<UInt8>, from start: Int,
                              counts: UnsafeMutablePointer<Int>, bytes: UnsafeMutablePointer<Int>) -> Int {
        guard let base = piece.baseAddress else { return 0 }
        var start = start
        while start < piece.count {
            guard let newline = memchr(base + start, 0x0A, piece.count - start) else { break }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            if let verb = verbOrdinal(UnsafeBufferPointer(start: base + start, count: end - start)) {
                counts[verb] += 1
                bytes[verb] += end - start
            }
            start = end + 1
        }
        return start
    }

    /// How `estimatedCensus` samples a file: `windows` pieces of `window` bytes, and the
    /// margin its counts are scaled by. The standard sample reads 8 MB. Over 512 pieces of
    /// 16 KB, the 201 MB demo journal's six verbs came out at 1.07–1.14 times their
    /// counts; over 128 pieces of 64 KB, at 0.74–1.56 (a journal is in time order, so a
    /// verb's lines bunch in parts of it, which fewer, longer pieces fall in or miss).
    public struct CensusSample: Sendable {
        public var windows: Int
        public var window: Int
        public var margin: Double
        public static let standard = CensusSample(windows: 512, window: 16 << 10, margin: 1.1)

        public init(windows: Int, window: Int, margin: Double) {
            self.windows = windows
            self.window = window
            self.margin = margin
        }
    }

    /// The census as a large file's sample gives it, for sizing a book's tables before a
    /// load: the lines of the sample's pieces, spread evenly over the file, counted by
    /// verb, and each count scaled by the file's bytes over the counted lines' bytes and
    /// by the sample's margin. A count a little high leaves room unused (reserved,
    /// not touched); one too low, a table that grows. A file under four times the sample
    /// is counted line by line, as `census` does.
    public func estimatedCensus(parts: Int = 1, sample: CensusSample = .standard) throws(JournalError) -> Census {
        let windows = sample.windows, window = sample.window
        guard let size, size >= 4 * windows * window else { return try census(parts: parts) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError(path: path, "cannot open: \(Self.systemError())") }
        defer { close(fd) }
        let verbs = Verb.allCases.count
        var tally = Array(repeating: 0, count: 2 * verbs)
        var buffer = [UInt8](repeating: 0, count: window)
        var counted = 0
        for i in 0..<windows {
            let offset = size / windows * i
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                while true {
                    let got = pread(fd, raw.baseAddress!, window, off_t(offset))
                    if got >= 0 || errno != EINTR { return got }
                }
            }
            guard got > 0 else { continue }
            counted += buffer.withUnsafeBufferPointer { all -> Int in
                let piece = UnsafeBufferPointer(rebasing: all[..<got])
                // The first whole line: the window's own start only at the file's.
                var first = 0
                if offset > 0 {
                    guard let newline = memchr(piece.baseAddress!, 0x0A, got) else { return 0 }
                    first = piece.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                }
                return tally.withUnsafeMutableBufferPointer { tally in
                    Self.tally(piece, from: first, counts: tally.baseAddress!, bytes: tally.baseAddress! + verbs) - first
                }
            }
        }
        guard counted > 0 else { return try census(parts: parts) }
        let scale = Double(size) / Double(counted) * sample.margin
        let scaled = tally.map { Int((Double($0) * scale).rounded(.up)) }
        return Census(counts: Array(scaled[..<verbs]), bytes: Array(scaled[verbs...]))
    }

    /// The verb of an event line: the third token, after the timestamp and the author
    /// (which may be quoted).
    static func verbOrdinal(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = line.count
        // A well-formed line's timestamp is twenty bytes: step over it without looking.
        var i = n > 20 && line[20] == 0x20 ? 20 : LineFormat.nextSpace(in: line, from: 0)
        i += 1
        guard i < n else { return nil }
        if line[i] == 0x22 {
            i += 1
            while i < n && line[i] != 0x22 { i += line[i] == 0x5C ? 2 : 1 }
            i += 1
        } else {
            i = LineFormat.nextSpace(in: line, from: i)
        }
        i += 1
        guard i < n else { return nil }
        let end = LineFormat.nextSpace(in: line, from: i)
        return Verb.ordinal(utf8: UnsafeBufferPointer(rebasing: line[i..<end]))
    }

    /// Reads the file `chunk` bytes at a time, handing `body` the unconsumed bytes so far
    /// with the count read and the file's size (0 unless `measure`); `body` returns how
    /// many it consumed, and the rest is kept for the next piece (the buffer grows when one
    /// line is longer than it). Returns the bytes read and how many were left unconsumed.
    /// Only the bytes in `range` are read, when it is given.
    private func forEachPiece(chunk: Int, measure: Bool = false, range: Range<Int> = 0..<Int.max,
                              _ body: (UnsafeBufferPointer<UInt8>, _ read: Int, _ size: Int) -> Int) throws(JournalError) -> (total: Int, unread: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw JournalError(path: path, errno == ENOENT ? "no journal here (create one with `rapport init` or `rapport demo`)" : "cannot open: \(Self.systemError())")
        }
        defer { close(fd) }
        var info = stat()
        let size = measure && fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        var buffer = [UInt8](repeating: 0, count: max(1, chunk))
        var filled = 0
        var total = 0
        var offset = range.lowerBound
        while offset < range.upperBound {
            if filled == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let want = min(buffer.count - filled, range.upperBound - offset)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, want, off_t(offset)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw JournalError(path: path, "read failed: \(Self.systemError())")
            }
            if got == 0 { break }
            filled += got
            total += got
            offset += got
            let consumed = buffer.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[0..<filled]), total, measure ? max(size, total) : 0)
            }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    let base = raw.baseAddress!
                    memmove(base, base + consumed, filled - consumed)
                }
                filled -= consumed
            }
        }
        return (total, filled)
    }

    /// How much of the file is read at a time.
    public static let readChunk = 1 << 20

    /// Appends events durably: they are on disk when this returns.
    ///
    /// Creates the journal (mode 0600, with its header) when it does not exist. On a
    /// failed write the file is cut back to its old length, so no half line is left.
    public func append(_ events: [Event]) throws(JournalError) {
        guard !events.isEmpty else { return }
        try appendRaw(try encode(events))
    }

    /// Appends the events `make` builds from the journal as it stands while the lock is
    /// held, so a check against the book (or a generated id) cannot be overtaken by
    /// another writer between reading and writing. Returns what was written.
    ///
    /// With a `snapshot` that can be trusted, the book is read from it and the lines
    /// appended since, rather than replayed (the same book, sooner); `make` is told which.
    @discardableResult
    public func append(snapshot: BookSnapshot? = nil,
                       checkedAgainst make: (LoadedBook, BookSnapshot.Outcome) throws -> [Event]) throws -> [Event] {
        var written: [Event] = []
        try appendRaw {
            let (loaded, outcome) = exists ? try LoadedBook.load(path: path, snapshot: snapshot)
                                           : (LoadedBook(path: path), .notUsed("no journal yet"))
            written = try make(loaded, outcome)
            return try encode(written)
        }
        return written
    }

    /// Appends the events `make` returns, running it with the lock held: what it checks
    /// them against cannot be overtaken by another writer before they are written. A throw
    /// from `make` writes nothing.
    @discardableResult
    public func append(locked make: () throws -> [Event]) throws -> [Event] {
        var written: [Event] = []
        try appendRaw {
            written = try make()
            return try encode(written)
        }
        return written
    }

    private func encode(_ events: [Event]) throws(JournalError) -> [UInt8] {
        var text = ""
        for event in events {
            if let problem = Self.unwritable(event) {
                throw JournalError(path: path, "cannot write \(event.verb.rawValue): \(problem); nothing was written")
            }
            let line = LineFormat.print(event)
            guard line.utf8.count <= LineFormat.maximumLineLength else {
                throw JournalError(path: path, "cannot write \(event.verb.rawValue): its line would be \(line.utf8.count) bytes; the limit is \(LineFormat.maximumLineLength / 1024) KiB; nothing was written")
            }
            text += line
            text += "\n"
        }
        return Array(text.utf8)
    }

    /// Why an event would not read back as itself, or nil: the printer escapes any value,
    /// but an empty author or subject, a field name outside `[a-z][a-z0-9-]*` (which could
    /// hold a newline and forge a line) or a year outside 0001–9999 cannot be written.
    static func unwritable(_ event: Event) -> String? {
        if event.author.isEmpty { return "the author is empty" }
        if event.subject.isEmpty { return "the subject is empty" }
        guard (1...9999).contains(event.time.day.civil.year) else { return "its time is outside the years 0001–9999" }
        for field in event.fields {
            let bytes = Array(field.key.utf8)
            let valid = !bytes.isEmpty && bytes.enumerated().allSatisfy { i, b in
                (b >= 0x61 && b <= 0x7A) || (i > 0 && ((b >= 0x30 && b <= 0x39) || b == 0x2D))
            }
            if !valid { return "\(field.key.debugDescription) is not a field name (lower-case letters, digits, -)" }
        }
        return nil
    }

    func appendRaw(_ payload: [UInt8]) throws(JournalError) {
        do {
            try appendRaw { payload }
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError(path: path, "\(error)")
        }
    }

    /// Takes the lock, then asks `makePayload` for the bytes, so they can depend on what the
    /// file holds at that moment.
    func appendRaw(_ makePayload: () throws -> [UInt8]) throws {
        try makeParentDirectory()
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError(path: path, "cannot open for appending: \(Self.systemError())") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw JournalError(path: path, "cannot lock: \(Self.systemError())") }
        }
        defer { _ = flock(fd, LOCK_UN) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw JournalError(path: path, "cannot stat: \(Self.systemError())") }
        let size = info.st_size
        var bytes: [UInt8] = []
        if size == 0 {
            bytes = Array((LineFormat.header + "\n").utf8)
        } else {
            var last: UInt8 = 0
            let readFD = open(path, O_RDONLY | O_CLOEXEC)
            if readFD >= 0 {
                _ = pread(readFD, &last, 1, size - 1)
                close(readFD)
            }
            if last != 0x0A {
                bytes = Array(("\n" + LineFormat.tornMarker + "\n").utf8)
            }
        }
        let payload = try makePayload()
        guard !payload.isEmpty else { return }
        bytes += payload
        do {
            try writeAll(fd, bytes)
        } catch {
            _ = ftruncate(fd, size)
            _ = fsync(fd)
            throw error
        }
        guard fsync(fd) == 0 else { throw JournalError(path: path, "fsync failed: \(Self.systemError()); the event may not be on disk") }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(JournalError) {
        guard bytes.withUnsafeBytes({ Self.writeFully(fd, $0) }) else {
            throw JournalError(path: path, "write failed: \(Self.systemError())")
        }
    }

    /// Writes all of `bytes`, going on after short writes and interruptions; false (with
    /// `errno` set) when the system refuses.
    static func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// Creates the folders above the file (mode 0700) that are not there yet.
    func makeParentDirectory() throws(JournalError) {
        var prefix = ""
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (i, component) in components.enumerated() {
            prefix += i == 0 ? String(component) : "/" + component
            guard !component.isEmpty, mkdir(prefix, 0o700) != 0, errno != EEXIST else { continue }
            throw JournalError(path: path, "cannot create folder \(prefix): \(Self.systemError())")
        }
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}

extension JournalFile {
    /// Deletes the journal (for `rapport demo --force`).
    public func remove() throws(JournalError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw JournalError(path: path, "cannot remove: \(Self.systemError())") }
    }
}
