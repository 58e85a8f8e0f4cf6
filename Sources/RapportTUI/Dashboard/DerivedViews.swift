#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RapportModel

/// What a frame derives from the data and would otherwise work out again on every key
/// press: the rows each pane lists under a filter, the text the Complaints filter searches,
/// the selected account's health and trend, and complaints' SLA clocks. Kept beside one
/// `DashboardData` value and thrown away whenever that value changes (`DashboardData`
/// makes a new one), so a cached answer is never older than the data it came from. An
/// append hands over the views of single accounts it did not touch (`keepAccountViews`).
///
/// The dashboard's update and view are pure functions of (state, data); this only saves
/// them from repeating work, and answers exactly what they would compute afresh.
final class DerivedViews: @unchecked Sendable {
    // @unchecked: every stored property below is read and written under `lock`.
    private let lock = Lock()
    private var rows: [RowsKey: [Int]] = [:]
    private var lastRows: [DashboardPane: RowsKey] = [:]
    /// What the rows listed under a key come to, for the panes that total their rows.
    private var totals: [RowsKey: AgingSummary] = [:]
    private var searchText: [DashboardPane: SearchLines] = [:]
    private var health: (account: String, view: HealthView)?
    /// SLA clocks by complaint id, with the complaint's account.
    private var clocks: [String: (account: String, clocks: [ServiceClock])] = [:]
    /// The Complaints and Payments panes as last drawn, with what they were drawn for.
    private var panes: [DashboardPane: (key: AnyHashable, canvas: Canvas)] = [:]

    struct RowsKey: Hashable {
        var pane: DashboardPane
        var account: String?
        var filter: String
        var saved: ComplaintFilter?
    }

    /// The selected account's health as the Health pane shows it.
    struct HealthView {
        var report: HealthReport
        var trend: HealthTrend
    }

    func rows(_ key: RowsKey, compute: (_ narrowingFrom: [Int]?) -> [Int]) -> [Int] {
        if let hit = lock.locked({ rows[key] }) { return hit }
        // A filter typed one more character searches only what the shorter one found.
        let previous: [Int]? = lock.locked {
            guard let last = lastRows[key.pane], last.account == key.account, last.saved == key.saved,
                  !last.filter.isEmpty, key.filter.hasPrefix(last.filter) else { return nil }
            return rows[last]
        }
        let result = compute(previous)
        lock.locked {
            if rows.count > 24 { rows.removeAll(keepingCapacity: true) }
            rows[key] = result
            lastRows[key.pane] = key
        }
        return result
    }

    func aging(_ key: RowsKey, compute: () -> AgingSummary) -> AgingSummary {
        kept(\.totals, key, limit: 24, compute: compute)
    }

    func searchLines(_ pane: DashboardPane, build: () -> SearchLines) -> SearchLines {
        kept(\.searchText, pane, compute: build)
    }

    /// The value `table` keeps under `key`, else `compute`'s, kept there; a table that
    /// holds more than `limit` values is emptied first.
    private func kept<Key: Hashable, Value>(_ table: ReferenceWritableKeyPath<DerivedViews, [Key: Value]>, _ key: Key,
                                            limit: Int = .max, compute: () -> Value) -> Value {
        if let hit = lock.locked({ self[keyPath: table][key] }) { return hit }
        let value = compute()
        lock.locked {
            if self[keyPath: table].count > limit { self[keyPath: table].removeAll(keepingCapacity: true) }
            self[keyPath: table][key] = value
        }
        return value
    }

    /// Takes over `other`'s views of single accounts (the selected account's health, the
    /// SLA clocks of complaints) except those about `touched` accounts. An account's health
    /// and its complaints' clocks read only what is filed under that account, so new
    /// events about other accounts leave them as they were.
    func keepAccountViews(from other: DerivedViews, except touched: Set<String>) {
        guard other !== self else { return }
        let (health, clocks) = other.lock.locked { (other.health, other.clocks) }
        lock.locked {
            if let health, !touched.contains(health.account) { self.health = health }
            self.clocks = touched.isEmpty ? clocks : clocks.filter { !touched.contains($0.value.account) }
        }
    }

    /// The account whose health is kept, if any (for tests).
    var healthAccount: String? { lock.locked { health?.account } }

    /// Whether a pane's search text has been built (for tests).
    func hasSearchText(_ pane: DashboardPane) -> Bool { lock.locked { searchText[pane] != nil } }

    /// A pane as drawn for `key` (everything the drawing reads besides this data): the
    /// last drawing when the key is the same, else `draw`'s.
    func pane(_ pane: DashboardPane, key: AnyHashable, draw: () -> Canvas) -> Canvas {
        if let hit = lock.locked({ panes[pane] }), hit.key == key { return hit.canvas }
        let canvas = draw()
        lock.locked { panes[pane] = (key, canvas) }
        return canvas
    }

    func clocks(of complaint: String, account: String, compute: () -> [ServiceClock]) -> [ServiceClock] {
        kept(\.clocks, complaint, limit: 4096) { (account, compute()) }.clocks
    }

    func health(of account: String, compute: () -> HealthView) -> HealthView {
        if let hit = lock.locked({ health }), hit.account == account { return hit.view }
        let view = compute()
        lock.locked { health = (account, view) }
        return view
    }
}

/// Which byte classes a text holds (`ByteClass`, as the caller check uses them), in 64
/// bits. A text can hold another only if its set contains the other's.
struct ByteSet: Sendable, Equatable {
    private var bits: UInt64 = 0

    init() {}

    init(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { bits |= ByteClass.bit(byte) }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        bits = ByteClass.bits(of: bytes)
    }

    func union(_ other: ByteSet) -> ByteSet {
        var set = self
        set.bits |= other.bits
        return set
    }

    func contains(_ other: ByteSet) -> Bool { bits & other.bits == other.bits }

    /// Whether `byte` has a class of its own, so that the set says for certain whether a
    /// text holds it.
    static func isExact(_ byte: UInt8) -> Bool { ByteClass.isExact(byte) }
}

/// The list 0, 1, … of every row, for an unfiltered pane. Lists of the same length share
/// one array, so the first frame after an append does not write out a hundred thousand
/// numbers again for each unfiltered pane.
enum AllRows {
    private static let lock = Lock()
    /// Read and written under `lock` only.
    nonisolated(unsafe) private static var recent: [[Int]] = []

    static func of(_ count: Int) -> [Int] {
        if let hit = lock.locked({ recent.first { $0.count == count } }) { return hit }
        let rows = Array(0..<count)
        lock.locked {
            recent.insert(rows, at: 0)
            if recent.count > 4 { recent.removeLast() }
        }
        return rows
    }
}

/// A pthread mutex, for the few caches that sit behind `Sendable` values.
final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// Each row's folded search text, one line per row in one byte buffer, so a filter looks
/// at bytes in one place (`ByteSearch` within each line) instead of at a string per row.
/// Lines are written in the order the rows are listed, so a filter reads them in order.
///
/// Rows come and go as the data changes (an append moves an account's row to its new
/// place): `remove(at:)` and `insert(_:at:)` follow the rows list, so the text need not
/// be built again for 100,000 rows when one changes. Each row says which line is its own;
/// a removed row's line is free for the next inserted row whose text fits in it (padded
/// with newlines, which no search term holds), else the new line goes at the end of the
/// buffer. When unused bytes pass an eighth of the buffer it is written afresh.
///
/// Each line also has a 64-bit summary of the bytes in it (`ByteSet`): a row whose
/// summary lacks a byte of the filter cannot match and is passed over without searching
/// its text, and a one-letter filter is answered from the summaries alone.
struct SearchLines: Sendable {
    private var text: [UInt8] = []
    /// Where each line starts in `text`, in buffer order (so ascending).
    private var starts: [Int32] = []
    /// The bytes each line holds, in buffer order.
    private var sets: [ByteSet] = []
    /// The line of each row, in row order.
    private var lineOfRow: [Int32] = []
    /// Lines no row uses, the latest freed last.
    private var free: [Int32] = []
    /// Bytes of lines no row uses.
    private var unusedBytes = 0

    init<S: Sequence<String>>(_ lines: S) {
        for line in lines { insert(line, at: count) }
    }

    var count: Int { lineOfRow.count }

    /// The same lines with the rows in another order: row `k` is the row `order[k]` was.
    /// The lines are written afresh in the new order, so that a filter reads them in order
    /// (read at their old places they were a cache miss each: a filter narrowing 100,000
    /// rows took 20 ms instead of 5).
    func reordered(by order: [Int]) -> SearchLines {
        var lines = SearchLines([String]())
        lines.text.reserveCapacity(text.count - unusedBytes)
        lines.starts.reserveCapacity(order.count)
        lines.sets.reserveCapacity(order.count)
        for row in order { lines.copyLine(Int(lineOfRow[row]), from: self) }
        lines.lineOfRow = Array(0..<Int32(lines.starts.count))
        return lines
    }

    /// Appends line `line` of `other` as a new line (for building a fresh buffer).
    private mutating func copyLine(_ line: Int, from other: SearchLines) {
        starts.append(Int32(text.count))
        sets.append(other.sets[line])
        let start = Int(other.starts[line]), end = other.lineEnd(line)
        other.text.withUnsafeBufferPointer { text.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start...end])) }
    }

    /// Forgets row `row`'s line; the rows after it move up one.
    mutating func remove(at row: Int) {
        let line = lineOfRow.remove(at: row)
        free.append(line)
        unusedBytes += lineEnd(Int(line)) + 1 - Int(starts[Int(line)])
        if unusedBytes > 4096 && unusedBytes > text.count / 8 { compact() }
    }

    /// Adds `line` as row `row`; the rows from there on move down one.
    mutating func insert(_ line: String, at row: Int) {
        insert(at: row) { $0.append(contentsOf: line.utf8) }
    }

    /// Adds as row `row` the line `write` appends to the bytes it is given (it must only
    /// append); the rows from there on move down one.
    mutating func insert(at row: Int, _ write: (inout [UInt8]) -> Void) {
        // Written at the end of the buffer, then moved into a freed line if one fits.
        let start = text.count
        write(&text)
        let length = text.count - start
        let set: ByteSet = text.withUnsafeMutableBufferPointer { b in
            // A newline in a row is a space, so that no match spans two rows.
            if length > 0, memchr(b.baseAddress! + start, 0x0A, length) != nil {
                for i in start..<(start + length) where b[i] == 0x0A { b[i] = 0x20 }
            }
            return ByteSet(UnsafeBufferPointer(rebasing: b[start...]))
        }
        // The most recently freed lines first: an append frees a row's line just before
        // inserting its new text, which is mostly the same length.
        for k in free.indices.reversed().prefix(8) {
            let slot = Int(free[k])
            // (The last line of the buffer ends where the new bytes begin.)
            let slotStart = Int(starts[slot]), slotEnd = slot + 1 < starts.count ? Int(starts[slot + 1]) - 1 : start - 1
            guard length <= slotEnd - slotStart else { continue }
            text.withUnsafeMutableBufferPointer { b in
                for i in 0..<length { b[slotStart + i] = b[start + i] }
                for i in (slotStart + length)..<slotEnd { b[i] = 0x0A }
            }
            text.removeLast(length)
            sets[slot] = set
            unusedBytes -= slotEnd + 1 - slotStart
            lineOfRow.insert(free.remove(at: k), at: row)
            return
        }
        text.append(0x0A)
        starts.append(Int32(start))
        sets.append(set)
        lineOfRow.insert(Int32(starts.count - 1), at: row)
    }

    /// Writes the used lines afresh, in row order.
    private mutating func compact() {
        self = reordered(by: Array(0..<count))
    }

    /// Where line `line`'s newline is.
    private func lineEnd(_ line: Int) -> Int {
        line + 1 < starts.count ? Int(starts[line + 1]) - 1 : text.count - 1
    }

    /// The rows whose text holds every term, in row order; only `among` when given.
    func rows(matching terms: [String], among: [Int]?) -> [Int] {
        // A newline in a term is a space, as in the lines, so no match can span two rows.
        let needles = terms.map { $0.utf8.map { $0 == 0x0A ? 0x20 : $0 } }.filter { !$0.isEmpty }
        guard !needles.isEmpty else { return among ?? Array(0..<count) }
        let needed = needles.reduce(ByteSet()) { $0.union(ByteSet($1)) }
        // A term of one byte with a class of its own is settled by the summary; the rest are searched.
        let searched = needles.filter { !($0.count == 1 && ByteSet.isExact($0[0])) }.map(ByteSearch.Needle.init)
        return text.withUnsafeBytes { buffer -> [Int] in
            guard let base = buffer.baseAddress else { return [] }
            return sets.withUnsafeBufferPointer { sets in
                starts.withUnsafeBufferPointer { starts in
                    lineOfRow.withUnsafeBufferPointer { lineOfRow in
                        func passes(_ row: Int) -> Bool {
                            let line = Int(lineOfRow[row])
                            guard sets[line].contains(needed) else { return false }
                            if searched.isEmpty { return true }
                            let start = Int(starts[line])
                            let end = line + 1 < starts.count ? Int(starts[line + 1]) - 1 : buffer.count - 1
                            return searched.allSatisfy { $0.occurs(in: base + start, length: end - start) }
                        }
                        var result: [Int] = []
                        if searched.isEmpty {
                            // One-byte terms only: a bit test a row, nothing else.
                            if let among {
                                for row in among where sets[Int(lineOfRow[row])].contains(needed) { result.append(row) }
                            } else {
                                for row in 0..<lineOfRow.count where sets[Int(lineOfRow[row])].contains(needed) { result.append(row) }
                            }
                            return result
                        }
                        if let among { return among.filter(passes) }
                        for row in 0..<lineOfRow.count where passes(row) { result.append(row) }
                        return result
                    }
                }
            }
        }
    }
}
