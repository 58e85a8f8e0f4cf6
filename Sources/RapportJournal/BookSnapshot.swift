import Dispatch
import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded book saved beside nothing the user keeps: a cache file, so the next start
/// reads the book back instead of replaying the whole journal, and replays only the lines
/// appended since.
///
/// A snapshot is trusted only when all of these hold, and is otherwise ignored (the
/// journal is replayed in full, as if there were none):
/// - it was written by this very build of rapport (the executable's size and time), so
///   a change to how events fold can never meet a book folded the old way;
/// - it is for this journal (its real path), and the journal is at least as long as the
///   part the snapshot covers;
/// - the journal's bytes up to there hash to what they hashed to when it was written, so
///   an edited, restored or replaced journal is replayed;
/// - its own bytes hash to what was written, so a damaged file is never read as a book.
///
/// The journal stays the only record: deleting the snapshot loses nothing.
public struct BookSnapshot: Sendable {
    /// Where the snapshot file is.
    public let path: String
    /// What identifies the build that may read and write it.
    public let build: String

    public init(path: String, build: String) {
        self.path = path
        self.build = build
    }

    /// The snapshot for `journal` in the user's cache folder (`$XDG_CACHE_HOME/rapport`,
    /// else `~/.cache/rapport`), named after the journal's file name and a hash of its
    /// real path; nil when there is no cache folder or no way to tell this build apart.
    public static func standard(forJournal journal: String, environment: [String: String]) -> BookSnapshot? {
        let folder: String
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            folder = cache + "/rapport"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            folder = home + "/.cache/rapport"
        } else {
            return nil
        }
        guard let build = thisBuild() else { return nil }
        let real = realPath(journal) ?? journal
        let name = real.split(separator: "/").last.map(String.init) ?? "journal"
        var hash = ContentHash()
        var text = real
        text.withUTF8 { hash.add(UnsafeRawBufferPointer($0)) }
        let tag = String(hash.finish() & 0xFFFF_FFFF_FFFF, radix: 16)
        return BookSnapshot(path: "\(folder)/\(name)-\(tag).book", build: build)
    }

    /// This executable's size and modification time: a rebuilt rapport is another build.
    public static func thisBuild() -> String? {
        #if os(Linux)
        build(ofExecutable: "/proc/self/exe")
        #else
        CommandLine.arguments.first.flatMap(build(ofExecutable:))
        #endif
    }

    /// The build of the executable at `path`, as that program's `thisBuild()` names it.
    public static func build(ofExecutable path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        #else
        return "\(info.st_size)-\(info.st_mtimespec.tv_sec).\(info.st_mtimespec.tv_nsec)"
        #endif
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: The file

    /// The file begins with this line, then the header (see `Header`), then the book.
    static let magic = Array("rapport book snapshot 1\n".utf8)
    /// Written as a word: read back in another byte order, it reads differently.
    static let byteOrderMark: UInt64 = 0x0102_0304_0506_0708

    struct Header {
        var build: String
        var journal: String
        /// The journal bytes and complete lines the book was folded from.
        var coveredBytes: Int
        var coveredLines: Int
        var journalHash: UInt64
        /// The parts that follow the header, one after another: each part's size and
        /// the hash of its bytes. Part `i` is part `i` of the book (`Book.snapshotParts`);
        /// the first also holds the events' places and the problems. A last part, when
        /// there is one, is the caller index built from the same book.
        var parts: [(bytes: Int, hash: UInt64)]

        func write(to out: inout SnapshotWriter) {
            out.string(build)
            out.string(journal)
            out.int(coveredBytes)
            out.int(coveredLines)
            out.word(journalHash)
            out.unsigned(UInt64(parts.count))
            // Fixed widths, so the header is the same size before the parts are written
            // (when it is written with zeros) as after.
            for part in parts {
                out.word(UInt64(part.bytes))
                out.word(part.hash)
            }
        }

        init(build: String, journal: String, coveredBytes: Int, coveredLines: Int, journalHash: UInt64, parts: [(bytes: Int, hash: UInt64)]) {
            self.build = build
            self.journal = journal
            self.coveredBytes = coveredBytes
            self.coveredLines = coveredLines
            self.journalHash = journalHash
            self.parts = parts
        }

        init(from input: inout SnapshotReader) throws(SnapshotError) {
            build = try input.string()
            journal = try input.string()
            coveredBytes = try input.int()
            coveredLines = try input.int()
            journalHash = try input.word()
            let count = try input.count(each: 9)
            // The book's parts, and the caller index's when it was saved with one.
            guard count == Book.snapshotParts || count == Book.snapshotParts + 1 else { throw SnapshotError("the snapshot has \(count) parts") }
            parts = []
            for _ in 0..<count {
                let bytes = try input.word()
                guard bytes <= UInt64(Int.max) else { throw SnapshotError("a part of the snapshot is too large") }
                parts.append((Int(bytes), try input.word()))
            }
        }
    }

    /// Saves `loaded` (the book folded from the journal's first `followFrom` bytes, and
    /// the problems found in them) for the next start. Written to a temporary file a few
    /// megabytes at a time and renamed into place, so a reader sees the old snapshot or
    /// the new one, never half, and the book is never held twice in memory. Returns the
    /// snapshot's size in bytes.
    /// `callerIndex`, when given, must be the one built from (or kept up to date with)
    /// this same book; it is saved as a last part, read back only when asked for.
    @discardableResult
    public func save(_ loaded: LoadedBook, callerIndex: CallerIndex? = nil) throws(JournalError) -> Int {
        let journal = Self.realPath(loaded.path) ?? loaded.path
        let covered = loaded.followFrom
        // The bytes the book was folded from, as the load hashed them while reading; only
        // what was appended and applied since is read again. (A book loaded without a
        // hash is hashed against the file as it is now.)
        var hash = ContentHash()
        var hashed = 0
        if let kept = loaded.journalHash, kept.bytes <= covered.offset { (hash, hashed) = kept }
        try Self.hashJournal(loaded.path, from: hashed, upTo: covered.offset, into: &hash)
        let journalHash = hash.finish()
        func header(_ parts: [(bytes: Int, hash: UInt64)]) -> [UInt8] {
            var out = SnapshotWriter(reservingCapacity: 4096)
            Self.magic.withUnsafeBytes { out.appendRaw($0) }
            out.word(Self.byteOrderMark)
            Header(build: build, journal: journal, coveredBytes: covered.offset, coveredLines: covered.lineCount,
                   journalHash: journalHash, parts: parts).write(to: &out)
            return out.bytes
        }
        // Zeros where the parts' sizes and hashes go, until they are known.
        let partCount = Book.snapshotParts + (callerIndex == nil ? 0 : 1)
        let placeholder = header(Array(repeating: (0, 0), count: partCount))

        try JournalFile(path: path).makeParentDirectory()
        let temporary = "\(path).\(getpid()).partial"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError(path: temporary, "cannot write a snapshot: \(JournalFile.systemError())") }
        var written = placeholder.withUnsafeBytes { JournalFile.writeFully(fd, $0) }
        // The book's parts; the events' places and the problems follow the first.
        var parts: [(bytes: Int, hash: UInt64)] = []
        for part in 0..<partCount where written {
            let sink = PartSink(fd: fd)
            var out = SnapshotWriter(drainingEvery: 4 << 20) { sink.take($0) }
            if part == Book.snapshotParts, let callerIndex {
                callerIndex.write(to: &out)
            } else {
                loaded.book.writeSnapshot(part: part, to: &out)
            }
            if part == 0 {
                loaded.events.write(to: &out)
                out.write(loaded.problems.filter { $0.line <= covered.lineCount })
            }
            out.flush()
            written = !sink.failed
            parts.append((sink.size, sink.hash.finish()))
        }
        if written {
            let final = header(parts)
            written = final.count == placeholder.count && final.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) } == final.count
        }
        close(fd)
        guard written, rename(temporary, path) == 0 else {
            let reason = JournalFile.systemError()
            unlink(temporary)
            throw JournalError(path: path, "cannot write a snapshot: \(reason)")
        }
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty { Self.prune(folder, keeping: path) }
        return parts.reduce(placeholder.count) { $0 + $1.bytes }
    }

    /// Deletes, from the snapshot folder, the snapshots of journals that no longer exist
    /// and the pieces of saves that never finished (a day old or more): files this type
    /// wrote, by their names, and nothing else.
    static func prune(_ folder: String, keeping kept: String, now: Int = Int(time(nil))) {
        guard let directory = opendir(folder) else { return }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".book") || name.hasSuffix(".partial") { names.append(name) }
        }
        closedir(directory)
        for name in names {
            let file = folder + "/" + name
            guard file != kept else { continue }
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            if name.hasSuffix(".partial") {
                #if os(Linux)
                let modified = Int(info.st_mtim.tv_sec)
                #else
                let modified = Int(info.st_mtimespec.tv_sec)
                #endif
                if now - modified >= 86_400 { unlink(file) }
                continue
            }
            guard let journal = journalPath(of: file), access(journal, F_OK) != 0, errno == ENOENT else { continue }
            unlink(file)
        }
    }

    /// The journal a snapshot file was saved for, from its header; nil when it is not a
    /// snapshot this type can read.
    static func journalPath(of file: String) -> String? {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 64 * 1024)
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard got > 0 else { return nil }
        return head.withUnsafeBytes { raw -> String? in
            var input = SnapshotReader(UnsafeRawBufferPointer(rebasing: raw[0..<got]))
            guard let magic = try? input.rawBytes(Self.magic.count), magic.elementsEqual(Self.magic),
                  (try? input.word()) == byteOrderMark, let header = try? Header(from: &input) else { return nil }
            return header.journal
        }
    }

    /// Where a part's bytes go as they are written: the file, and the part's hash.
    private final class PartSink {
        let fd: Int32
        var hash = ContentHash()
        var size = 0
        var failed = false
        init(fd: Int32) { self.fd = fd }

        func take(_ bytes: UnsafeRawBufferPointer) {
            guard !failed else { return }
            hash.add(bytes)
            size += bytes.count
            failed = !JournalFile.writeFully(fd, bytes)
        }
    }

    /// What became of a snapshot at a load.
    public enum Outcome: Sendable, Equatable {
        /// The book was read from the snapshot, and `tailBytes` of journal appended since
        /// were replayed.
        case used(tailBytes: Int)
        /// There was none, or it could not be trusted (why); the journal was replayed.
        case notUsed(String)
    }

    /// Reads the snapshot back as the book of the journal at `journal` up to the bytes it
    /// covers; nil, with why, when it cannot be trusted. The journal's bytes are hashed on
    /// a second core while this one reads the snapshot.
    func read(journal: String) -> Result<(loaded: LoadedBook, coveredLines: Int), SnapshotError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(SnapshotError(errno == ENOENT ? "no snapshot yet" : "cannot open the snapshot: \(JournalFile.systemError())")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(SnapshotError("cannot read the snapshot")) }
        let size = Int(info.st_size)
        // The header, from the first few kilobytes.
        var head = [UInt8](repeating: 0, count: min(size, 64 * 1024))
        guard Self.readAll(fd, into: &head, at: 0) else { return .failure(SnapshotError("cannot read the snapshot")) }
        let attempt = head.withUnsafeBytes { raw in
            Result { () throws(SnapshotError) -> (header: Header, payloadStart: Int) in
                var input = SnapshotReader(raw)
                let magic = try input.rawBytes(Self.magic.count)
                guard magic.elementsEqual(Self.magic) else { throw SnapshotError("not a snapshot of this kind") }
                guard try input.word() == Self.byteOrderMark else { throw SnapshotError("written on another kind of machine") }
                return (try Header(from: &input), input.position)
            }
        }
        let parsed: (header: Header, payloadStart: Int)
        switch attempt {
        case .success(let value): parsed = value
        case .failure(let error): return .failure(error)
        }
        let header = parsed.header
        guard header.build == build else { return .failure(SnapshotError("written by another build of rapport")) }
        let real = Self.realPath(journal) ?? journal
        guard header.journal == real else { return .failure(SnapshotError("for another journal")) }
        guard let journalSize = JournalFile(path: journal).size, journalSize >= header.coveredBytes else {
            return .failure(SnapshotError("the journal is shorter than the snapshot"))
        }
        guard parsed.payloadStart + header.parts.reduce(0, { $0 + $1.bytes }) == size else {
            return .failure(SnapshotError("the snapshot is cut short"))
        }
        // The file mapped, not copied: its pages are the system's file cache, shared and
        // given back as soon as the book is read.
        // Only the header and the book's parts: a caller index after them is read later,
        // on another core, when asked for.
        let bookParts = Book.snapshotParts
        let mappedSize = parsed.payloadStart + header.parts.prefix(bookParts).reduce(0) { $0 + $1.bytes }
        guard let mapped = Self.map(fd, offset: 0, size: mappedSize) else { return .failure(SnapshotError("cannot map the snapshot")) }
        defer { munmap(mapped, mappedSize) }
        // Where each part starts in the mapping (an address as a number, which may cross
        // to the other cores; the mapping outlives them).
        var address = Int(bitPattern: mapped) + parsed.payloadStart
        var starts: [Int] = []
        for part in header.parts.prefix(bookParts) {
            starts.append(address)
            address += part.bytes
        }
        let partStarts = starts

        // The journal's bytes hashed on one core while each part is checked and read on
        // the other (the system spreads the three over the cores it has).
        let outcome = ReadOutcome(parts: bookParts)
        DispatchQueue.concurrentPerform(iterations: 1 + bookParts) { task in
            guard task > 0 else {
                var hash = ContentHash()
                if (try? Self.hashJournal(journal, upTo: header.coveredBytes, into: &hash)) != nil { outcome.journalHash = hash }
                return
            }
            let part = task - 1
            let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: partStarts[part]), count: header.parts[part].bytes)
            outcome.parts[part] = Result { () throws(SnapshotError) -> LoadedBook in
                guard ContentHash.of(raw) == header.parts[part].hash else { throw SnapshotError("the snapshot is damaged") }
                var input = SnapshotReader(raw)
                var loaded = LoadedBook(path: journal)
                loaded.book = try Book(snapshotPart: part, from: &input)
                if part == 0 {
                    loaded.events = try EventLog(path: journal, from: &input, fileBytes: header.coveredBytes)
                    loaded.problems = try input.read()
                }
                guard input.atEnd else { throw SnapshotError("a part of the snapshot has bytes after its end") }
                return loaded
            }
        }
        guard let journalHash = outcome.journalHash else { return .failure(SnapshotError("cannot read the journal")) }
        guard journalHash.finish() == header.journalHash else { return .failure(SnapshotError("the journal changed before the end of what the snapshot covers")) }
        do {
            var loaded = try outcome.parts[0]!.get()
            for part in 1..<bookParts { try loaded.book.joinSnapshot(try outcome.parts[part]!.get().book) }
            guard loaded.events.count == loaded.book.appliedCount else { throw SnapshotError("the snapshot's events do not match its book") }
            loaded.byteCount = header.coveredBytes
            loaded.lineCount = header.coveredLines
            loaded.followFrom = (header.coveredBytes, header.coveredLines)
            loaded.journalHash = (journalHash, header.coveredBytes)
            if header.parts.count > bookParts {
                loaded.savedCallerIndex = SavedCallerIndex(snapshot: path, book: Array(header.parts.prefix(bookParts).map(\.hash)),
                                                           start: mappedSize, part: header.parts[bookParts])
            }
            return .success((loaded, header.coveredLines))
        } catch let error as SnapshotError {
            return .failure(error)
        } catch {
            return .failure(SnapshotError("\(error)"))
        }
    }

    /// Where a snapshot's caller index is, and which book it goes with (the hashes of the
    /// book's parts it was saved beside).
    struct SavedCallerIndex: Sendable {
        var snapshot: String
        var book: [UInt64]
        var start: Int
        var part: (bytes: Int, hash: UInt64)
    }

    /// Reads the caller index saved beside the book, if the snapshot file still holds the
    /// same book (another start may have saved a newer one since) and the index's bytes
    /// hash as written; nil otherwise.
    static func readCallerIndex(_ saved: SavedCallerIndex) -> CallerIndex? {
        let fd = open(saved.snapshot, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) == saved.start + saved.part.bytes else { return nil }
        var head = [UInt8](repeating: 0, count: min(Int(info.st_size), 64 * 1024))
        guard readAll(fd, into: &head, at: 0) else { return nil }
        let sameBook = head.withUnsafeBytes { raw -> Bool in
            var input = SnapshotReader(raw)
            guard (try? input.rawBytes(magic.count)) != nil, (try? input.word()) == byteOrderMark,
                  let header = try? Header(from: &input) else { return false }
            return header.parts.count == saved.book.count + 1 && zip(header.parts, saved.book).allSatisfy { $0.hash == $1 }
                && header.parts.last?.hash == saved.part.hash
        }
        // The index's part alone, from the page it starts in.
        let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
        let from = saved.start / page * page
        let length = saved.start + saved.part.bytes - from
        guard sameBook, let mapped = map(fd, offset: from, size: length) else { return nil }
        defer { munmap(mapped, length) }
        let raw = UnsafeRawBufferPointer(start: mapped + (saved.start - from), count: saved.part.bytes)
        guard ContentHash.of(raw) == saved.part.hash else { return nil }
        var input = SnapshotReader(raw)
        guard let index = try? CallerIndex(from: &input), input.atEnd else { return nil }
        return index
    }

    /// `size` bytes of the file from `offset` (a multiple of the page size), read-only,
    /// their pages asked for up front where the system allows.
    private static func map(_ fd: Int32, offset: Int, size: Int) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard size > 0, let pointer = mmap(nil, size, PROT_READ, flags, fd, off_t(offset)), pointer != MAP_FAILED else { return nil }
        return pointer
    }

    /// Where the tasks of `read` leave their results. @unchecked: each task writes only
    /// its own place, and `concurrentPerform` returns only once every one has finished.
    private final class ReadOutcome: @unchecked Sendable {
        var journalHash: ContentHash?
        var parts: [Result<LoadedBook, SnapshotError>?]
        init(parts: Int) { self.parts = Array(repeating: nil, count: parts) }
    }

    /// The journal's bytes from `start` up to `count` added to `hash`.
    static func hashJournal(_ journal: String, from start: Int = 0, upTo count: Int, into hash: inout ContentHash) throws(JournalError) {
        let fd = open(journal, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError(path: journal, "cannot open: \(JournalFile.systemError())") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: JournalFile.readChunk)
        var offset = start
        while offset < count {
            let want = min(buffer.count, count - offset)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(offset)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw JournalError(path: journal, "read failed: \(JournalFile.systemError())") }
            buffer.withUnsafeBytes { hash.add(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            offset += got
        }
    }

    private static func readAll(_ fd: Int32, into buffer: inout [UInt8], at offset: Int) -> Bool {
        var got = 0
        let wanted = buffer.count
        while got < wanted {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, wanted - got, off_t(offset + got)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            got += n
        }
        return true
    }
}

/// A 64-bit hash of a run of bytes, fed in pieces of any size: four lanes of
/// multiply–rotate steps over 32 bytes a turn, folded together at the end with the length.
/// For noticing that bytes changed, quickly (a couple of hundred megabytes in a few tens
/// of milliseconds), not for standing up to someone who wants two files to collide.
struct ContentHash {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1 &+ prime2, prime2, 0, 0 &- prime1)
    private var length: UInt64 = 0
    /// Bytes of a 32-byte block not yet complete.
    private var pending: [UInt8] = []

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = ContentHash()
        hash.add(bytes)
        return hash.finish()
    }

    @inline(__always)
    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = lane &+ word &* prime2
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var i = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            i = take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { block($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while i + 32 <= bytes.count {
            block(base + i)
            i += 32
        }
        if i < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: bytes.count - i)) }
    }

    @inline(__always)
    private mutating func block(_ p: UnsafeRawPointer) {
        lanes.0 = Self.round(lanes.0, p.loadUnaligned(as: UInt64.self))
        lanes.1 = Self.round(lanes.1, p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        lanes.2 = Self.round(lanes.2, p.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        lanes.3 = Self.round(lanes.3, p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    func finish() -> UInt64 {
        func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
        var h = rotate(lanes.0, 1) &+ rotate(lanes.1, 7) &+ rotate(lanes.2, 12) &+ rotate(lanes.3, 18)
        h = (h ^ Self.round(0, lanes.0)) &* Self.prime1 &+ Self.prime3
        h = (h ^ Self.round(0, lanes.1)) &* Self.prime1 &+ Self.prime3
        h = (h ^ Self.round(0, lanes.2)) &* Self.prime1 &+ Self.prime3
        h = (h ^ Self.round(0, lanes.3)) &* Self.prime1 &+ Self.prime3
        h &+= length
        // The last few bytes, eight at a time, then one at a time.
        pending.withUnsafeBytes { rest in
            var i = 0
            while i + 8 <= rest.count {
                h = rotate(h ^ Self.round(0, rest.loadUnaligned(fromByteOffset: i, as: UInt64.self)), 27) &* Self.prime1 &+ Self.prime3
                i += 8
            }
            while i < rest.count {
                h = rotate(h ^ (UInt64(rest[i]) &* Self.prime3), 11) &* Self.prime1
                i += 1
            }
        }
        h = (h ^ (h >> 33)) &* Self.prime2
        h = (h ^ (h >> 29)) &* Self.prime3
        return h ^ (h >> 32)
    }
}

extension LoadedBook {
    /// Loads the journal at `path` as `load(path:)` does, starting from `snapshot` when it
    /// can be trusted: the book is read back from it and only the journal's lines after
    /// what it covers are read and applied. Journals smaller than `from` bytes are always
    /// replayed (they load about as fast as a snapshot reads).
    public static func load(path: String, snapshot: BookSnapshot?, from minimum: Int = pipelineFrom,
                            progress: ((_ read: Int, _ size: Int) -> Void)? = nil) throws(JournalError) -> (loaded: LoadedBook, snapshot: BookSnapshot.Outcome) {
        guard let snapshot else { return (try load(path: path, progress: progress), .notUsed("snapshots are off")) }
        guard let size = JournalFile(path: path).size, size >= minimum else {
            return (try load(path: path, progress: progress), .notUsed("the journal is small"))
        }
        switch snapshot.read(journal: path) {
        case .failure(let why):
            return (try load(path: path, hashing: true, progress: progress), .notUsed(why.description))
        case .success(let read):
            var loaded = read.loaded
            let tail = try loaded.readTail(from: loaded.followFrom.offset, firstLine: read.coveredLines + 1)
            return (loaded, .used(tailBytes: tail))
        }
    }

    /// Reads and applies the journal's lines from `offset` (where line `firstLine` starts)
    /// to its end, as a load would have: events applied, problems noted, a last line
    /// without a newline reported as torn; the accounts they touch are noted for the
    /// caller index saved with the snapshot. Returns the bytes read.
    mutating func readTail(from offset: Int, firstLine: Int) throws(JournalError) -> Int {
        let contents = try JournalFile(path: path).stream(from: (offset, firstLine), pipelined: false, compact: false,
                                                          hash: journalHash?.state, progress: nil) { read, _, _, _ in
            touchedSinceSnapshot.formUnion(apply(read) ?? [])
        }
        problems += contents.problems
        problems.sort { $0.line < $1.line }
        byteCount = contents.byteCount
        lineCount = contents.lineCount
        followFrom = (contents.completeByteCount, contents.completeLineCount)
        journalHash = contents.completeHash.map { ($0, contents.completeByteCount) }
        return contents.byteCount - offset
    }
}

/// The caller index saved beside a book that a load read back from its snapshot, and the
/// accounts the lines replayed after the snapshot touched: a handle that is cheap to
/// keep and to hand to another core, which reads the index when asked.
public struct SnapshotCallerIndex: Sendable {
    let saved: BookSnapshot.SavedCallerIndex
    let touched: Set<String>

    /// The index, brought up to date with the lines replayed after the snapshot, for
    /// `book` (the loaded book); nil when it can no longer be trusted (build one then).
    /// It takes a fraction of the time a build does; meant for a background core.
    public func read(for book: Book) -> CallerIndex? {
        guard var index = BookSnapshot.readCallerIndex(saved) else { return nil }
        if !touched.isEmpty { index.refresh(accounts: touched, in: book) }
        return index
    }
}

extension LoadedBook {
    /// The caller index saved with the snapshot this load read back; nil when the load
    /// replayed the journal or the snapshot held none.
    public var snapshotCallerIndex: SnapshotCallerIndex? {
        savedCallerIndex.map { SnapshotCallerIndex(saved: $0, touched: touchedSinceSnapshot) }
    }
}

extension JournalProblem: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(path)
        out.int(line)
        out.write(column)
        out.string(kind.rawValue)
        out.string(message)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(path: try input.string(), line: try input.int(), column: try input.read(), kind: try input.named(), message: try input.string())
    }
}
