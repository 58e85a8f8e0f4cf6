import RapportModel

/// A journal folded into a book, with every problem found on the way: lines that are not
/// events and events the book refused, each with its file and line.
public struct LoadedBook: Sendable {
    public var book: Book
    /// The events the book applied, in order, with their line numbers; `Book.eventsByAccount`
    /// indexes into this.
    public var events: EventLog
    public var problems: [JournalProblem]
    public var byteCount: Int
    public var lineCount: Int
    /// Where a `JournalFollower` should start: the end of the last complete line.
    public var followFrom: (offset: Int, lineCount: Int) = (0, 0)
    /// The hash, not yet finished, of the journal's first `bytes` bytes as the load read
    /// them (when it was asked to keep one, for a snapshot): a snapshot saved later is
    /// keyed to the bytes the book was folded from, not to whatever the file holds then.
    var journalHash: (state: ContentHash, bytes: Int)?
    /// For a book read back from a snapshot: where the caller index saved with it is, and
    /// the accounts the lines replayed after the snapshot touched.
    var savedCallerIndex: BookSnapshot.SavedCallerIndex?
    var touchedSinceSnapshot: Set<String> = []
    public let path: String

    public init(path: String) {
        self.path = path
        book = Book()
        events = EventLog(path: path)
        problems = []
        byteCount = 0
        lineCount = 0
    }

    /// Loads and folds the journal at `path`, a piece at a time: each event is applied as
    /// it is read, and only its place in the file is kept.
    /// `progress` hears the bytes read so far and the file's size as the load goes.
    ///
    /// A journal of more than a few pieces is read and parsed on a second core while this
    /// one applies (`pipelined`, nil to choose by size); the book is the same either way.
    /// `chunk` is how much of the file is read at a time (each piece's events are a batch).
    public static func load(path: String, pipelined: Bool? = nil, chunk: Int = JournalFile.readChunk,
                            progress: ((_ read: Int, _ size: Int) -> Void)? = nil) throws(JournalError) -> LoadedBook {
        try load(path: path, pipelined: pipelined, chunk: chunk, hashing: false, progress: progress)
    }

    /// `load`, hashing the journal's bytes as they are read when `hashing` (see `journalHash`).
    /// `textsAhead` says when the reading core makes the encoded events' texts.
    /// The tables are sized from the census `censusSample` estimates (see
    /// `JournalFile.estimatedCensus`).
    static func load(path: String, pipelined: Bool? = nil, chunk: Int = JournalFile.readChunk, hashing: Bool,
                     textsAhead: JournalFile.TextsAhead = .whenAhead, censusSample: JournalFile.CensusSample = .standard,
                     progress: ((_ read: Int, _ size: Int) -> Void)?) throws(JournalError) -> LoadedBook {
        var loaded = LoadedBook(path: path)
        let file = JournalFile(path: path)
        let twoCores = pipelined ?? ((file.size ?? 0) >= pipelineFrom)
        let census = try file.estimatedCensus(parts: twoCores ? 2 : 1, sample: censusSample)
        loaded.book.reserveCapacity(for: { census[$0] }, contactBytes: census.bytes(of: .contactAdd))
        loaded.events.reserveCapacity(census.counts.reduce(0, +))
        let contents = try file.stream(chunk: chunk, pipelined: twoCores, compact: true, textsAhead: textsAhead,
                                       hash: hashing ? ContentHash() : nil, progress: progress) {
            loaded.load($0, ahead: $1, compact: $2, texts: $3)
        }
        loaded.problems += contents.problems
        loaded.byteCount = contents.byteCount
        loaded.lineCount = contents.lineCount
        loaded.followFrom = (contents.completeByteCount, contents.completeLineCount)
        loaded.journalHash = contents.completeHash.map { ($0, contents.completeByteCount) }
        loaded.problems.sort { $0.line < $1.line }
        return loaded
    }

    /// How many events ahead of the one being applied `load` asks for index slots, and
    /// for an account's key and files: far enough for memory to answer (an event takes a
    /// few hundred nanoseconds to apply), near enough that what came in is still cached.
    static let far = 6
    static let near = 3

    /// The journal size from which `load` reads on a second core. Small journals gain
    /// nothing from it: the 1 MB demo book loaded in 42.6 ms that way against 34.7 ms on one
    /// core (the bench's quick mode), the handing over of batches costing more than it saves.
    public static let pipelineFrom = 4 * JournalFile.readChunk

    /// Applies one event read from the journal, recording a rejection as a problem.
    /// Returns the accounts the event is about, or nil when the book refused it.
    @discardableResult
    public mutating func apply(_ read: ReadEvent) -> [String]? {
        guard let touched = fold(read.event, line: read.line, shapeChecked: read.shapeChecked) else { return nil }
        events.append(read)
        return touched
    }

    /// Applies one event read while loading, as `apply` does, without listing the accounts
    /// it touched; readies the cache for the events `ahead` of it. A contact's slot in the
    /// index is a random place in 16 MB, an account's or invoice's in 2 MB, and what is
    /// filed under an account somewhere in a hundred; applying an event otherwise waits on
    /// each in turn. So the slots of the event `far` places on are asked for, and the
    /// account's key and files of the one `near` places on, whose slot has come in by then.
    private mutating func load(_ read: ReadEvent, ahead: UnsafeBufferPointer<ReadEvent>, compact: UnsafeBufferPointer<UInt8>,
                               texts: UnsafeBufferPointer<String>) {
        if let base = ahead.baseAddress {
            if ahead.count >= Self.far { book.prefetch(base[Self.far - 1].hints) }
            if ahead.count >= Self.near { book.prefetchAccountFiles(of: base[Self.near - 1].hints) }
        }
        let refusal: Rejection?
        switch read.payload {
        case .event(let event):
            do { try book.fold(event, shapeChecked: read.shapeChecked); refusal = nil } catch { refusal = error }
        case .contact(let line):
            do { try book.addContact(line.contact, in: compact, at: line.time); refusal = nil } catch { refusal = error }
        case .encoded(let encoded):
            do { try book.fold(encoded, in: compact, texts: texts); refusal = nil } catch { refusal = error }
        }
        if let refusal {
            problems.append(rejection(refusal, of: read.event(compact: compact), line: read.line))
        } else {
            events.append(read)
        }
    }

    /// Records an event read from the journal that the book has already applied (a
    /// writer that checked it against this book by applying it, before writing it): its
    /// place in the file is kept, and it is not applied again.
    public mutating func record(alreadyApplied read: ReadEvent) {
        events.append(read)
    }

    /// Applies an event that did not come from the file (it is kept whole).
    @discardableResult
    public mutating func apply(_ event: Event, line: Int) -> [String]? {
        guard let touched = fold(event, line: line) else { return nil }
        events.append(event, line: line)
        return touched
    }

    private mutating func fold(_ event: Event, line: Int, shapeChecked: Bool = false) -> [String]? {
        do {
            return try book.apply(event, shapeChecked: shapeChecked)
        } catch {
            problems.append(rejection(error, of: event, line: line))
            return nil
        }
    }

    private func rejection(_ error: Rejection, of event: Event, line: Int) -> JournalProblem {
        JournalProblem(path: path, line: line, kind: .rejected, message: "\(event.verb.rawValue) \(event.subject): \(error.description)")
    }

    /// A follower that picks up where this load stopped.
    public func follower() -> JournalFollower {
        JournalFollower(path: path, offset: followFrom.offset, lineCount: followFrom.lineCount)
    }

    /// The journal lines about an account, newest first.
    public func history(of account: String) -> [(event: Event, line: Int)] {
        events.events(at: (book.eventsByAccount[account] ?? []).reversed())
    }

    /// The events about an account in applied order, ready for `HealthReplay`.
    public func applied(about account: String) -> [Event] {
        events.events(at: book.eventsByAccount[account] ?? []).map(\.event)
    }
}
