#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds who is calling from any fragment: part of a name, an email, an account id, or
/// digits of a phone number however they are written.
///
/// Queries AND their words (`smith acm` finds Jo Smith at Acme). Every entry's folded
/// text sits in one contiguous byte buffer, one entry per line, so a word is found with
/// a `ByteSearch` (memchr on the rarest byte, then memcmp) over the whole buffer at memory speed rather than string by string; a query
/// that extends the previous one is checked only against the previous matches.
public struct CallerIndex: Sendable {
    /// Folded name, account name, id, email, role of every entry, each ending in a newline.
    private var text: [UInt8] = []
    private var starts: [Int] = []
    /// Phone digits of every entry that has a number, each ending in a newline.
    private var phoneText: [UInt8] = []
    private var phoneStarts: [Int] = []
    private var phoneEntry: [Int] = []
    private var accountOf: [String] = []
    private var contactOf: [String?] = []
    private var nameOf: [String] = []
    /// Entries superseded by a refresh; compacted away when they are half the index.
    private var dead: Set<Int> = []
    private var entriesOf: [String: [Int]] = [:]

    /// One account found, with the person (if a contact matched) and how well.
    public struct Match: Hashable, Sendable {
        public var account: String
        public var contact: String?
        public var score: Int
    }

    /// What a search found, to narrow from on the next keystroke.
    public struct Narrowing: Sendable {
        var query: String
        var phone: Bool
        var entries: [Int]
    }

    public init(book: Book) {
        text.reserveCapacity(book.contacts.count * 64)
        for id in book.accountOrder { add(account: id, from: book) }
    }

    public var count: Int { starts.count - dead.count }

    /// Re-reads the given accounts (and their people) after events touched them.
    public mutating func refresh(accounts ids: Set<String>, in book: Book) {
        for id in ids {
            for entry in entriesOf[id] ?? [] { dead.insert(entry) }
            entriesOf[id] = nil
        }
        if dead.count > starts.count / 2 {
            self = CallerIndex(book: book)
            return
        }
        for id in ids { add(account: id, from: book) }
    }

    private mutating func add(account id: String, from book: Book) {
        guard let a = book.accounts[id] else { return }
        append(account: id, contact: nil, name: a.name, haystack: [a.name, id, a.email ?? "", a.owner ?? ""], phone: a.phone)
        for cid in book.contactsByAccount[id] ?? [] {
            guard let c = book.contacts[cid] else { continue }
            append(account: id, contact: cid, name: c.name, haystack: [c.name, a.name, id, c.email ?? "", c.role ?? "", cid], phone: c.phone)
        }
    }

    private mutating func append(account: String, contact: String?, name: String, haystack: [String], phone: String?) {
        let entry = starts.count
        starts.append(text.count)
        for (i, part) in haystack.enumerated() where !part.isEmpty {
            if i > 0 { text.append(0x20) }
            text.append(contentsOf: TextFolding.fold(part).utf8.lazy.map { $0 == 0x0A ? 0x20 : $0 })
        }
        text.append(0x0A)
        accountOf.append(account)
        entriesOf[account, default: []].append(entry)
        contactOf.append(contact)
        nameOf.append(TextFolding.fold(name))
        if let phone {
            let digits = TextFolding.phoneDigits(phone)
            if !digits.isEmpty {
                phoneStarts.append(phoneText.count)
                phoneText.append(contentsOf: digits.utf8)
                phoneText.append(0x0A)
                phoneEntry.append(entry)
            }
        }
    }

    /// Whether a query looks like (part of) a phone number.
    public static func isPhoneQuery(_ query: String) -> Bool {
        let digits = query.filter(\.isASCII).filter(\.isNumber).count
        return digits >= 3 && query.allSatisfy { $0.isNumber || " +-().".contains($0) }
    }

    /// Matching accounts, best first, at most `limit`; one match per account.
    public func search(_ query: String, limit: Int = 50) -> [Match] {
        search(query, limit: limit, narrowing: nil).matches
    }

    /// Like `search`, narrowing from `previous` when this query extends it, and returning
    /// what to narrow from next time.
    public func search(_ query: String, limit: Int, narrowing previous: Narrowing?) -> (matches: [Match], narrowing: Narrowing?) {
        let trimmed = query.trimmingSpaces
        guard !trimmed.isEmpty else { return ([], nil) }
        let phone = Self.isPhoneQuery(trimmed)
        var best: [String: Match] = [:]
        var found: [Int] = []
        if phone {
            let needle = TextFolding.phoneQueryDigits(trimmed)
            let digits = Array(needle.utf8)
            guard !digits.isEmpty else { return ([], nil) }
            let candidates: [Int]
            if let previous, previous.phone, needle.hasPrefix(previous.query) {
                candidates = previous.entries.filter { contains(phoneSlice(of: $0), digits) }
            } else {
                candidates = Self.scan(phoneText, starts: phoneStarts, for: digits)
            }
            for slot in candidates where !dead.contains(phoneEntry[slot]) {
                let entry = phoneEntry[slot]
                let number = phoneSlice(of: slot)
                let score = number.count == digits.count ? 100 : number.suffix(digits.count).elementsEqual(digits) ? 80 : 60
                consider(Match(account: accountOf[entry], contact: contactOf[entry], score: score), into: &best)
            }
            found = candidates
            return (Self.ranked(best, limit: limit), Narrowing(query: needle, phone: true, entries: found))
        } else {
            let folded = TextFolding.fold(trimmed)
            let terms = folded.split(separator: " ").map { Array($0.utf8) }
            guard let longest = terms.max(by: { $0.count < $1.count }) else { return ([], nil) }
            let candidates: [Int]
            if let previous, !previous.phone, folded.hasPrefix(previous.query) {
                // Every word of the previous query is still here, or grew: a narrower search.
                candidates = previous.entries
            } else {
                candidates = Self.scan(text, starts: starts, for: longest)
            }
            let lowerQuery = trimmed.lowercased()
            let first = String(decoding: terms[0], as: UTF8.self)
            for entry in candidates where !dead.contains(entry) {
                let slice = textSlice(of: entry)
                guard terms.allSatisfy({ contains(slice, $0) }) else { continue }
                found.append(entry)
                var score = 10
                let name = nameOf[entry]
                if accountOf[entry].lowercased() == lowerQuery { score = 100 }
                else if name.hasPrefix(first) { score = 50 }
                else if name.contains(" " + first) { score = 40 }
                if contactOf[entry] == nil { score += 1 }
                consider(Match(account: accountOf[entry], contact: contactOf[entry], score: score), into: &best)
            }
            return (Self.ranked(best, limit: limit), Narrowing(query: folded, phone: false, entries: found))
        }
    }

    private static func ranked(_ best: [String: Match], limit: Int) -> [Match] {
        best.values.sorted { ($1.score, $0.account) < ($0.score, $1.account) }.prefix(limit).map { $0 }
    }

    private func textSlice(of entry: Int) -> ArraySlice<UInt8> {
        text[starts[entry]..<(entry + 1 < starts.count ? starts[entry + 1] : text.count)]
    }

    private func phoneSlice(of slot: Int) -> ArraySlice<UInt8> {
        phoneText[phoneStarts[slot]..<((slot + 1 < phoneStarts.count ? phoneStarts[slot + 1] : phoneText.count) - 1)]
    }

    /// Every line of `buffer` (lines begin at `starts`) that contains `needle`, found with
    /// `ByteSearch` over the whole buffer; returns line indexes, each once.
    static func scan(_ buffer: [UInt8], starts: [Int], for needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty, !buffer.isEmpty else { return [] }
        var result: [Int] = []
        buffer.withUnsafeBytes { raw in
            needle.withUnsafeBytes { n in
                var offset = 0
                while offset < raw.count, let position = ByteSearch.find(n, in: raw, from: offset) {
                    var low = 0, high = starts.count
                    while low < high {
                        let mid = (low + high) / 2
                        if starts[mid] <= position { low = mid + 1 } else { high = mid }
                    }
                    let line = low - 1
                    result.append(line)
                    offset = line + 1 < starts.count ? starts[line + 1] : raw.count
                }
            }
        }
        return result
    }

    private func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in ByteSearch.find(n, in: h) != nil }
        }
    }

    private func consider(_ match: Match, into best: inout [String: Match]) {
        if let current = best[match.account], current.score >= match.score { return }
        best[match.account] = match
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
