import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The events a book applied, in order, kept as where their lines are in the journal
/// rather than as the events themselves.
///
/// A parsed event with its fields costs a few hundred bytes; its place in the file costs
/// eight. The journal is append-only, so a line, once read, stays where it was: the
/// history view and the health trend read back the few lines they need (one `pread`
/// each) when they need them. Events that did not come from the file (a test folding
/// events by hand) are kept whole.
public struct EventLog: Sendable {
    public let path: String
    /// Where a line is, in one word: its byte offset in the file (40 bits, up to a
    /// terabyte) and its length (23 bits), or, with the top bit set, the number of an
    /// event kept whole in `held`.
    struct Entry {
        private var word: UInt64

        static let offsetLimit: Int64 = 1 << 40
        static let lengthLimit = 1 << 23
        private static let heldBit: UInt64 = 1 << 63

        init(offset: Int64, length: Int) {
            precondition(offset >= 0 && offset < Self.offsetLimit, "a journal line lies past the first terabyte")
            precondition(length >= 0 && length < Self.lengthLimit, "a journal line is longer than 8 MB")
            word = UInt64(offset) | UInt64(length) << 40
        }

        init(held index: Int) {
            precondition(index >= 0 && Int64(index) < Self.offsetLimit, "more than 2^40 events kept whole")
            word = UInt64(index) | Self.heldBit
        }

        /// The line's byte offset in the file, or, when negative, `-1 - i` for the `i`th
        /// event kept whole in `held`.
        var offset: Int64 {
            let place = Int64(word & 0xFF_FFFF_FFFF)
            return word & Self.heldBit != 0 ? -1 - place : place
        }

        /// The line's length in bytes (zero for an event kept whole).
        var length: Int { word & Self.heldBit != 0 ? 0 : Int(word >> 40 & 0x7F_FFFF) }
    }

    /// A run of events on consecutive lines: from the event at `start` until the next
    /// run's, an event's line number is its position plus `difference`. A journal's
    /// events mostly lie on consecutive lines (a comment, a blank or a refused line starts
    /// a new run), so line numbers cost eight bytes a run rather than four an event.
    struct Run: Equatable {
        var start: Int32
        var difference: Int32
    }
    private var entries: [Entry] = []
    private var held: [Event] = []
    private var runs: [Run] = []

    public init(path: String) { self.path = path }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// How many runs of consecutive line numbers the events lie in.
    var runCount: Int { runs.count }

    public mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    /// Records an event read from the journal.
    public mutating func append(_ read: ReadEvent) {
        noteLine(read.line)
        entries.append(Entry(offset: Int64(read.offset), length: read.length))
    }

    /// Records an event that is not (or not yet known to be) in the file: it is kept whole.
    public mutating func append(_ event: Event, line: Int) {
        noteLine(line)
        entries.append(Entry(held: held.count))
        held.append(event)
    }

    /// Starts a new run of line numbers when the next event's line is not the one after
    /// the last event's.
    @inline(__always)
    private mutating func noteLine(_ line: Int) {
        let position = Int32(clamping: entries.count), number = Int32(clamping: line)
        if let last = runs.last, Int64(last.difference) + Int64(position) == Int64(number) { return }
        runs.append(Run(start: position, difference: number - position))
    }

    /// The journal line of the event at `position` (0-based, in applied order).
    public func line(at position: Int) -> Int {
        precondition(position >= 0 && position < entries.count, "no event at \(position)")
        // The last run that starts at or before `position`.
        var low = 0, high = runs.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(runs[middle].start) <= position { low = middle } else { high = middle }
        }
        return position + Int(runs[low].difference)
    }

    /// The event at `position`, read back from the journal.
    public subscript(position: Int) -> (event: Event, line: Int)? {
        events(at: CollectionOfOne(position)).first
    }

    /// The events at `positions`, in the order given, read back from the journal with one
    /// `pread` each. A line that no longer parses (the file was rewritten under us, which
    /// the follower reports as a replaced journal) is left out.
    public func events(at positions: some Collection<Int>) -> [(event: Event, line: Int)] {
        var result: [(event: Event, line: Int)] = []
        result.reserveCapacity(positions.count)
        var fd: Int32 = -1
        defer { if fd >= 0 { close(fd) } }
        var buffer: [UInt8] = []
        for position in positions {
            let entry = entries[position]
            if entry.offset < 0 {
                result.append((held[Int(-1 - entry.offset)], line(at: position)))
                continue
            }
            if fd < 0 {
                fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { return result }
            }
            let length = Int(entry.length)
            if buffer.count < length { buffer = [UInt8](repeating: 0, count: max(length, 4096)) }
            let event: Event? = buffer.withUnsafeMutableBytes { raw in
                var got = 0
                while got < length {
                    let n = pread(fd, raw.baseAddress! + got, length - got, off_t(entry.offset) + off_t(got))
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return nil }
                    got += n
                }
                let line = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length)
                guard case .event(let event)? = try? LineFormat.parse(line) else { return nil }
                return event
            }
            if let event { result.append((event, line(at: position))) }
        }
        return result
    }
}

extension EventLog {
    /// The log as a snapshot keeps it: each entry's place in the file and the runs of
    /// line numbers as they lie in memory, and any events kept whole.
    func write(to out: inout SnapshotWriter) {
        out.raw(entries)
        out.write(held)
        out.raw(runs)
    }

    /// A log read back from a snapshot; every entry must be a line of the file (below
    /// `fileBytes`) or one of the events kept whole.
    init(path: String, from input: inout SnapshotReader, fileBytes: Int) throws(SnapshotError) {
        self.init(path: path)
        entries = try input.raw()
        held = try input.read()
        runs = try input.raw()
        guard entries.isEmpty || (runs.first?.start == 0
                                  && zip(runs, runs.dropFirst()).allSatisfy({ $0.start < $1.start })
                                  && runs.last.map({ Int($0.start) < entries.count }) == true) else {
            throw SnapshotError("the snapshot's line numbers do not cover its events in order")
        }
        let kept = Int64(held.count)
        guard entries.allSatisfy({ $0.offset < 0 ? -1 - $0.offset < kept : $0.offset + Int64($0.length) <= Int64(fileBytes) }) else {
            throw SnapshotError("the snapshot's list of events points outside the journal")
        }
    }
}
