import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads what other writers append to a journal after it was loaded.
///
/// Call `poll()` when the file may have changed (an inotify wake-up, or a timer): it
/// returns the events on complete new lines. A line still being written is held back
/// until its newline arrives. If the file shrinks or is replaced, `poll` says so and the
/// caller reloads from scratch.
public struct JournalFollower: Sendable {
    public let path: String
    public private(set) var offset: Int
    private var reader: JournalReader
    private var identity: (device: UInt64, inode: UInt64)?

    public enum Change: Sendable {
        case unchanged
        case appended(events: [ReadEvent], problems: [JournalProblem])
        /// The file was truncated or replaced: reload it.
        case replaced
    }

    /// Starts following after `offset` bytes holding `lineCount` lines, counted as
    /// `JournalFile.Contents` counts them: a last line without a newline (torn, or still
    /// being written) is counted, and is read again from its start once its newline arrives,
    /// so line numbers and the torn marker agree with a fresh load.
    public init(path: String, offset: Int, lineCount: Int) {
        self.path = path
        if let start = Self.startOfUnterminatedLine(path: path, before: offset) {
            self.offset = start
            reader = JournalReader(path: path, firstLine: lineCount, offset: start)
        } else {
            self.offset = offset
            reader = JournalReader(path: path, firstLine: lineCount + 1, offset: offset)
        }
        identity = Self.identity(of: path)
    }

    /// Where the line that `offset` cuts short begins, or nil when `offset` is at a line start.
    static func startOfUnterminatedLine(path: String, before offset: Int) -> Int? {
        guard offset > 0 else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var end = offset
        while end > 0 {
            let start = max(0, end - buffer.count)
            let count = end - start
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(start)) }
            guard got == count else { return nil }
            if let newline = buffer[0..<count].lastIndex(of: 0x0A) {
                return start + newline + 1 == offset ? nil : start + newline + 1
            }
            end = start
        }
        return 0
    }

    /// Complete lines read so far, counting those before the start.
    public var lineCount: Int { reader.nextLine - 1 }

    public mutating func poll() -> Change {
        guard let now = Self.identity(of: path) else { return .unchanged }
        if let identity, identity != now { return .replaced }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .unchanged }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unchanged }
        let size = Int(info.st_size)
        if size < offset { return .replaced }
        if size == offset { return .unchanged }
        var bytes = [UInt8](repeating: 0, count: size - offset)
        var got = 0
        while got < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, $0.count - got, off_t(offset + got)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        let consumed = bytes.withUnsafeBufferPointer { reader.read(UnsafeBufferPointer(rebasing: $0[0..<got])) }
        offset += consumed
        let events = reader.events
        let problems = reader.problems
        reader.events.removeAll(keepingCapacity: true)
        reader.problems.removeAll(keepingCapacity: true)
        if events.isEmpty && problems.isEmpty { return .unchanged }
        return .appended(events: events, problems: problems)
    }

    static func identity(of path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}
