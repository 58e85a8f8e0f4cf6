import RapportModel

/// A journal folded into a book, with every problem found on the way: lines that are not
/// events and events the book refused, each with its file and line.
public struct LoadedBook: Sendable {
    public var book: Book
    /// The events the book applied, in order, with their line numbers; `Book.eventsByAccount`
    /// indexes into this.
    public var events: [(event: Event, line: Int)]
    public var problems: [JournalProblem]
    public var byteCount: Int
    public var lineCount: Int
    /// Where a `JournalFollower` should start: the end of the last complete line.
    public var followFrom: (offset: Int, lineCount: Int) = (0, 0)
    public let path: String

    public init(path: String) {
        self.path = path
        book = Book()
        events = []
        problems = []
        byteCount = 0
        lineCount = 0
    }

    /// Loads and folds the journal at `path`.
    public static func load(path: String) throws(JournalError) -> LoadedBook {
        let contents = try JournalFile(path: path).load()
        var loaded = LoadedBook(path: path)
        loaded.events.reserveCapacity(contents.events.count)
        loaded.problems = contents.problems
        loaded.byteCount = contents.byteCount
        loaded.lineCount = contents.lineCount
        loaded.followFrom = (contents.completeByteCount, contents.completeLineCount)
        for item in contents.events { loaded.apply(item.event, line: item.line) }
        loaded.problems.sort { $0.line < $1.line }
        return loaded
    }

    /// Applies one event read from `line`, recording a rejection as a problem. Returns the
    /// accounts the event is about, or nil when the book refused it.
    @discardableResult
    public mutating func apply(_ event: Event, line: Int) -> [String]? {
        do {
            let touched = try book.apply(event)
            events.append((event, line))
            return touched
        } catch {
            problems.append(JournalProblem(path: path, line: line, kind: .rejected,
                                           message: "\(event.verb.rawValue) \(event.subject): \(error.description)"))
            return nil
        }
    }

    /// A follower that picks up where this load stopped.
    public func follower() -> JournalFollower {
        JournalFollower(path: path, offset: followFrom.offset, lineCount: followFrom.lineCount)
    }

    /// The journal lines about an account, newest first.
    public func history(of account: String) -> [(event: Event, line: Int)] {
        (book.eventsByAccount[account] ?? []).reversed().map { events[$0] }
    }
}
