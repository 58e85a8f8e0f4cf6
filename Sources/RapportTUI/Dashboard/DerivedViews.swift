#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RapportModel

/// What a frame derives from the data and would otherwise work out again on every key
/// press: the rows each pane lists under a filter, the text those filters search, and the
/// selected account's health and trend. Kept beside one `DashboardData` value and thrown
/// away whenever that value changes (`DashboardData` makes a new one), so a cached answer
/// is never older than the data it came from.
///
/// The dashboard's update and view are pure functions of (state, data); this only saves
/// them from repeating work, and answers exactly what they would compute afresh.
final class DerivedViews: @unchecked Sendable {
    // @unchecked: every stored property below is read and written under `lock`.
    private let lock = Lock()
    private var rows: [RowsKey: [Int]] = [:]
    private var lastRows: [DashboardPane: RowsKey] = [:]
    private var searchText: [DashboardPane: SearchLines] = [:]
    private var health: (account: String, view: HealthView)?
    private var clocks: [String: [ServiceClock]] = [:]

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

    func searchLines(_ pane: DashboardPane, build: () -> SearchLines) -> SearchLines {
        if let hit = lock.locked({ searchText[pane] }) { return hit }
        let lines = build()
        lock.locked { searchText[pane] = lines }
        return lines
    }

    /// Whether a pane's search text has been built (for tests).
    func hasSearchText(_ pane: DashboardPane) -> Bool { lock.locked { searchText[pane] != nil } }

    /// Takes over `other`'s search text for `panes`, whose rows have not changed.
    func keepSearchText(of panes: [DashboardPane], from other: DerivedViews) {
        guard other !== self else { return }
        let texts = other.lock.locked { panes.compactMap { pane in other.searchText[pane].map { (pane, $0) } } }
        lock.locked { for (pane, text) in texts { searchText[pane] = text } }
    }

    func clocks(of complaint: String, compute: () -> [ServiceClock]) -> [ServiceClock] {
        if let hit = lock.locked({ clocks[complaint] }) { return hit }
        let value = compute()
        lock.locked {
            if clocks.count > 4096 { clocks.removeAll(keepingCapacity: true) }
            clocks[complaint] = value
        }
        return value
    }

    func health(of account: String, compute: () -> HealthView) -> HealthView {
        if let hit = lock.locked({ health }), hit.account == account { return hit.view }
        let view = compute()
        lock.locked { health = (account, view) }
        return view
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

/// Each row's folded search text, one line per row in one byte buffer, so a filter finds
/// its rows with `ByteSearch` over the buffer instead of comparing strings row by row.
struct SearchLines: Sendable {
    private var text: [UInt8] = []
    private var starts: [Int] = []

    init<S: Sequence<String>>(_ lines: S) {
        for line in lines {
            starts.append(text.count)
            var line = line
            if line.utf8.contains(0x0A) { line = String(decoding: line.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self) }
            text.append(contentsOf: line.utf8)
            text.append(0x0A)
        }
    }

    var count: Int { starts.count }

    /// The rows whose text holds every term, in row order; only `among` when given.
    func rows(matching terms: [String], among: [Int]?) -> [Int] {
        // A newline in a term is a space, as in the lines, so no match can span two rows.
        let needles = terms.map { $0.utf8.map { $0 == 0x0A ? 0x20 : $0 } }.filter { !$0.isEmpty }
        guard let longest = needles.indices.max(by: { needles[$0].count < needles[$1].count }) else { return among ?? Array(0..<count) }
        return text.withUnsafeBytes { buffer -> [Int] in
            guard let base = buffer.baseAddress else { return [] }
            func line(_ i: Int) -> (UnsafeRawPointer, Int) {
                let end = i + 1 < starts.count ? starts[i + 1] - 1 : buffer.count - 1
                return (base + starts[i], end - starts[i])
            }
            func holds(_ i: Int, _ needle: [UInt8]) -> Bool {
                let (start, length) = line(i)
                return ByteSearch.contains(needle, in: start, length: length)
            }
            if let among {
                return among.filter { i in needles.allSatisfy { holds(i, $0) } }
            }
            var result: [Int] = []
            var offset = 0
            let needle = needles[longest]
            while offset < buffer.count {
                guard let position = needle.withUnsafeBytes({ ByteSearch.find($0, in: buffer, from: offset) }) else { break }
                var low = 0, high = starts.count
                while low < high {
                    let mid = (low + high) / 2
                    if starts[mid] <= position { low = mid + 1 } else { high = mid }
                }
                let row = low - 1
                if needles.indices.allSatisfy({ $0 == longest || holds(row, needles[$0]) }) { result.append(row) }
                offset = row + 1 < starts.count ? starts[row + 1] : buffer.count
            }
            return result
        }
    }
}
