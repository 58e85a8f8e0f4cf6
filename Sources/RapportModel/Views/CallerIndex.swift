#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds who is calling from any fragment: part of a name, an email, an account id, or
/// digits of a phone number however they are written.
///
/// Queries AND their words (`smith acm` finds Jo Smith at Acme): each word is a substring
/// of an entry's folded text (one entry per account and one per contact). The best entry
/// of an account stands for it, and accounts rank by score, then id.
///
/// How it stays fast at a million entries:
/// - Every entry's folded text sits in one byte buffer, one entry per line; a word is
///   checked as `ByteSearch` does: `memchr` on its rarest byte, then `memcmp`.
/// - What a search reads of an entry besides its text is one 32-byte record: where the
///   text is, the account (a number, not a string), and a 64-bit set of the byte classes
///   in the text, so most entries that cannot match are passed over with one bit test,
///   and a one-letter query never reads the text at all. The name's first byte and the
///   bytes that start its words are kept the same way, for scoring.
/// - Every pair of adjacent bytes is indexed: the entries holding it, as a sorted list,
///   or as a bitmap when more than one entry in 32 holds it. A fresh query starts from
///   its rarest pair instead of from every entry, and a two-byte word needs no look.
/// - A query that extends the previous one starts from the previous matches when they
///   are fewer, and checks only the words that changed. When the matches are few, the
///   search keeps copies of their records and lines, so the next keystroke reads them in
///   order; scattered entries are otherwise read in batches so their cache misses overlap.
/// - The best score per account lives in a flat array, and only the first `limit`
///   accounts are ever put in order.
public struct CallerIndex: Sendable {
    /// Folded name, account name, id, email, role of every entry, each ending in a newline.
    private var text: [UInt8] = []
    private var entries: [Entry] = []
    private var contactOf: [String?] = []
    /// Folded names the text does not hold as they are: with a newline (a space in the
    /// text) or longer than a record can say.
    private var oddNames: [Int32: String] = [:]
    private var deadCount = 0

    private var accountIDs: [String] = []
    private var accountNumber: [String: Int32] = [:]
    /// Each account's live entries, which are always added together.
    private var accountEntries: [Range<Int32>] = []
    /// Accounts by lower-cased id, for the exact-id score; ids that differ only in case
    /// share a key, and all but the first are kept aside.
    private var lowercasedIDs: [String: Int32] = [:]
    private var lowercasedTwins: [String: [Int32]] = [:]

    /// Phone digits of every entry that has a number, each ending in a newline.
    private var phoneText: [UInt8] = []
    private var phoneStarts: [Int] = [0]
    private var phoneEntry: [Int32] = []

    private var pairs = PairIndex()
    /// New whenever the entries change, so a narrowing from before is not trusted.
    private var identity: UInt64

    /// What a search reads of an entry, besides its text.
    fileprivate struct Entry: Sendable {
        /// Byte classes (`ByteClass`) present in the entry's text.
        var classes: UInt64
        /// Classes of the ASCII bytes that follow a space in the folded name.
        var initials: UInt64
        /// The entry's text, its newline included.
        var start: UInt32
        var end: UInt32
        var account: Int32
        /// Bytes of the folded name, which opens the text.
        var nameLength: UInt16
        var flags: UInt8
        /// The first byte of the folded name; 0 when there is none or it is not ASCII.
        var nameFirst: UInt8

        var line: Range<Int> { Int(start)..<Int(end) }
    }

    fileprivate enum Flag {
        static let dead: UInt8 = 1
        static let account: UInt8 = 2
        /// Scoring needs a look at the name's bytes: a non-ASCII byte touches its first
        /// byte or a word start, or the name is odd.
        static let nameNeedsLook: UInt8 = 4
        /// The name is in `oddNames`; its string decides the score.
        static let oddName: UInt8 = 8
    }

    /// One account found, with the person (if a contact matched) and how well.
    public struct Match: Hashable, Sendable {
        public var account: String
        public var contact: String?
        public var score: Int
    }

    /// What a search found, to narrow from on the next keystroke.
    public struct Narrowing: Sendable {
        var identity: UInt64
        var query: [UInt8]
        var phone: Bool
        /// Matching entries (phone slots for a phone query), ascending.
        var entries: [Int32]
        /// When they are few: their records, pointing into `text`, a copy of their lines,
        /// so that the next keystroke reads them in order rather than all over the index.
        fileprivate var records: [Entry] = []
        fileprivate var text: [UInt8] = []
    }

    public init(book: Book) {
        identity = UInt64.random(in: .min ... .max)
        let expected = book.accounts.count + book.contacts.count
        text.reserveCapacity(expected * 96)
        entries.reserveCapacity(expected)
        contactOf.reserveCapacity(expected)
        phoneEntry.reserveCapacity(expected)
        phoneStarts.reserveCapacity(expected + 1)
        phoneText.reserveCapacity(expected * 12)
        accountIDs.reserveCapacity(book.accounts.count)
        accountEntries.reserveCapacity(book.accounts.count)
        accountNumber.reserveCapacity(book.accounts.count)
        lowercasedIDs.reserveCapacity(book.accounts.count)
        var folds: [String: [UInt8]] = [:]
        for id in book.accountOrder { add(account: id, from: book, folds: &folds) }
        pairs = text.withUnsafeBufferPointer { t in
            entries.withUnsafeBufferPointer { e in PairIndex(text: t, entries: e) }
        }
    }

    public var count: Int { entries.count - deadCount }

    /// Entries held, dead ones included, and bytes of entry and phone text: what a refresh
    /// adds to.
    var stored: (entries: Int, textBytes: Int, phoneBytes: Int) { (entries.count, text.count, phoneText.count) }

    /// Whether a quarter of the entries are dead (re-read accounts leave their old entries
    /// behind): time to build a fresh index, in the background, before searches slow and
    /// the index doubles in size.
    public var wantsRebuild: Bool { deadCount > 64 && deadCount > entries.count / 4 }

    /// Whether an event of this verb can change what the index holds (names, ids, emails,
    /// owners, roles, phone numbers, and who works where). Other events, however many,
    /// leave it alone.
    public static func isChanged(by verb: Verb) -> Bool {
        switch verb {
        case .accountOpen, .accountAmend, .contactAdd, .contactAmend, .contactMove: true
        default: false
        }
    }

    /// Re-reads the given accounts (and their people) after events touched them.
    ///
    /// An account whose entries were already re-read once (so they lie beyond the pair
    /// index) is rewritten where it is when its people are the same and each new text fits
    /// the old one's place: an owner or a phone number changed back and forth all day
    /// costs no memory. Otherwise its old entries are marked dead and new ones added.
    public mutating func refresh(accounts ids: Set<String>, in book: Book) {
        identity = UInt64.random(in: .min ... .max)
        var folds: [String: [UInt8]] = [:]
        var added: [String] = []
        for id in ids {
            guard let number = accountNumber[id] else {
                added.append(id)
                continue
            }
            if rewriteInPlace(account: id, number: number, from: book, folds: &folds) { continue }
            for entry in accountEntries[Int(number)] where entries[Int(entry)].flags & Flag.dead == 0 {
                entries[Int(entry)].flags |= Flag.dead
                deadCount += 1
            }
            accountEntries[Int(number)] = 0..<0
            added.append(id)
        }
        if deadCount > entries.count / 2 {
            self = CallerIndex(book: book)
            return
        }
        // New entries go after the pair index's reach; searches read them directly.
        for id in added { add(account: id, from: book, folds: &folds) }
    }

    /// Writes an account's entries again over their old places, when they lie beyond the
    /// pair index (which knows nothing of them), name the same people in the same order
    /// (so ties between them still go to the first), and each new text and phone number
    /// fits where the old one was. Returns false, changing nothing, otherwise.
    private mutating func rewriteInPlace(account id: String, number: Int32, from book: Book,
                                         folds: inout [String: [UInt8]]) -> Bool {
        let old = accountEntries[Int(number)]
        guard !old.isEmpty, Int(old.lowerBound) >= pairs.covered else { return false }
        let mark = (text: text.count, entries: entries.count, phoneText: phoneText.count, phones: phoneEntry.count)
        // Build the new entries at the end, compare, then take them off again either way.
        add(account: id, from: book, folds: &folds)
        defer {
            for entry in mark.entries..<entries.count where entries[entry].flags & Flag.oddName != 0 {
                oddNames[Int32(entry)] = nil
            }
            text.removeLast(text.count - mark.text)
            entries.removeLast(entries.count - mark.entries)
            contactOf.removeLast(contactOf.count - mark.entries)
            phoneText.removeLast(phoneText.count - mark.phoneText)
            phoneEntry.removeLast(phoneEntry.count - mark.phones)
            phoneStarts.removeLast(phoneStarts.count - mark.phones - 1)
            accountEntries[Int(number)] = old
        }
        let new = mark.entries..<entries.count
        guard new.count == old.count else { return false }
        // The phone slots of the old entries (ascending, as the entries are) and the new.
        var slot = 0, high = mark.phones
        while slot < high {
            let mid = (slot + high) / 2
            if phoneEntry[mid] < old.lowerBound { slot = mid + 1 } else { high = mid }
        }
        var moves: [(from: Int, to: Int, room: Int, oldSlot: Int?, newSlot: Int?)] = []
        var newSlot = mark.phones
        for k in 0..<old.count {
            let was = Int(old.lowerBound) + k, now = new.lowerBound + k
            guard contactOf[was] == contactOf[now],
                  (entries[was].flags | entries[now].flags) & Flag.oddName == 0 else { return false }
            let room = (was + 1 < mark.entries ? Int(entries[was + 1].start) : mark.text) - Int(entries[was].start)
            guard Int(entries[now].end - entries[now].start) <= room else { return false }
            let oldPhone = slot < mark.phones && phoneEntry[slot] == was ? slot : nil
            let newPhone = newSlot < phoneEntry.count && phoneEntry[newSlot] == now ? newSlot : nil
            if oldPhone != nil { slot += 1 }
            if newPhone != nil { newSlot += 1 }
            switch (oldPhone, newPhone) {
            case (nil, nil): break
            case let (a?, b?) where phoneStarts[a + 1] - phoneStarts[a] == phoneStarts[b + 1] - phoneStarts[b]: break
            default: return false
            }
            moves.append((now, was, room, oldPhone, newPhone))
        }
        for move in moves {
            var record = entries[move.from]
            let start = Int(entries[move.to].start), length = Int(record.end - record.start)
            text.withUnsafeMutableBufferPointer { t in
                for i in 0..<length { t[start + i] = t[Int(record.start) + i] }
                for i in length..<move.room { t[start + i] = 0x0A }
            }
            record.start = UInt32(start)
            record.end = UInt32(start + length)
            entries[move.to] = record
            if let a = move.oldSlot, let b = move.newSlot {
                for i in 0..<(phoneStarts[b + 1] - phoneStarts[b]) { phoneText[phoneStarts[a] + i] = phoneText[phoneStarts[b] + i] }
            }
        }
        return true
    }

    // MARK: - Building

    private mutating func number(of id: String) -> Int32 {
        if let n = accountNumber[id] { return n }
        let n = Int32(accountIDs.count)
        accountIDs.append(id)
        accountNumber[id] = n
        accountEntries.append(0..<0)
        let lower = id.lowercased()
        if lowercasedIDs[lower] == nil { lowercasedIDs[lower] = n } else { lowercasedTwins[lower, default: []].append(n) }
        return n
    }

    /// Adds the entries of an account and its people. `folds` keeps the folded form of
    /// non-ASCII text while an index is being built, since names recur.
    private mutating func add(account id: String, from book: Book, folds: inout [String: [UInt8]]) {
        guard let a = book.accounts[id] else { return }
        let number = number(of: id)
        let first = Int32(entries.count)
        beginEntry(account: number, contact: nil, name: a.name, folds: &folds)
        appendPart(id, folds: &folds)
        appendPart(a.email ?? "", folds: &folds)
        appendPart(a.owner ?? "", folds: &folds)
        finishEntry(phone: a.phone)
        // Every person's entry repeats the account's name and id.
        var shared: [UInt8] = []
        for part in [a.name, id] where !part.isEmpty {
            shared.append(0x20)
            _ = Self.appendFolded(part, to: &shared, folds: &folds)
        }
        for cid in book.contactsByAccount[id] ?? [] {
            guard let c = book.contacts[cid] else { continue }
            beginEntry(account: number, contact: cid, name: c.name, folds: &folds)
            text.append(contentsOf: shared)
            appendPart(c.email ?? "", folds: &folds)
            appendPart(c.role ?? "", folds: &folds)
            appendPart(cid, folds: &folds)
            finishEntry(phone: c.phone)
        }
        accountEntries[Int(number)] = first..<Int32(entries.count)
    }

    /// Starts an entry with its name: the first part of its text, with no space before it.
    private mutating func beginEntry(account: Int32, contact: String?, name: String, folds: inout [String: [UInt8]]) {
        precondition(text.count < Int(UInt32.max) - (1 << 24), "the caller index holds at most 4 GB of text")
        let start = text.count
        let hadNewline = Self.appendFolded(name, to: &text, folds: &folds)
        let length = text.count - start
        var flags: UInt8 = contact == nil ? Flag.account : 0
        if hadNewline || length > Int(UInt16.max) {
            flags |= Flag.oddName | Flag.nameNeedsLook
            oddNames[Int32(entries.count)] = TextFolding.fold(name)
        }
        entries.append(Entry(classes: 0, initials: 0, start: UInt32(start), end: 0, account: account,
                             nameLength: UInt16(min(length, Int(UInt16.max))), flags: flags, nameFirst: 0))
        contactOf.append(contact)
    }

    /// A later part of the entry's text: a space, then the folded part; empty parts add nothing.
    private mutating func appendPart(_ part: String, folds: inout [String: [UInt8]]) {
        guard !part.isEmpty else { return }
        text.append(0x20)
        _ = Self.appendFolded(part, to: &text, folds: &folds)
    }

    /// Appends `TextFolding.fold(part)` with newlines made spaces; says whether there was one.
    private static func appendFolded(_ part: String, to out: inout [UInt8], folds: inout [String: [UInt8]]) -> Bool {
        let start = out.count
        var part = part
        // ASCII folds to itself lower-cased: copy it, then lower-case it in place.
        let ascii = part.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !ascii {
            if let folded = folds[part] {
                out.append(contentsOf: folded)
                return false
            }
            out.append(contentsOf: TextFolding.fold(part).utf8)
        }
        var newline = false
        out.withUnsafeMutableBufferPointer { t in
            for i in start..<t.count {
                let byte = t[i]
                if byte == 0x0A { newline = true; t[i] = 0x20 } else if ascii && byte >= 0x41 && byte <= 0x5A { t[i] = byte | 0x20 }
            }
        }
        if !ascii && !newline { folds[part] = Array(out[start...]) }
        return newline
    }

    /// Ends the entry's text and works out its byte classes and name figures.
    private mutating func finishEntry(phone: String?) {
        let index = entries.count - 1
        var entry = entries[index]
        let start = Int(entry.start)
        let n = Int(entry.nameLength)
        var look = false
        text.withUnsafeBufferPointer { t in
            entry.classes = ByteClass.bits(of: UnsafeBufferPointer(rebasing: t[start...]))
            ByteClass.table.withUnsafeBufferPointer { table in
                guard n > 0 else { return }
                if t[start] < 0x80 {
                    entry.nameFirst = t[start]
                    if n > 1 && t[start + 1] >= 0x80 { look = true }
                }
                var i = start
                while i + 1 < start + n {
                    if t[i] == 0x20, t[i + 1] < 0x80 {
                        entry.initials |= 1 << UInt64(table[Int(t[i + 1])])
                        if (i + 2 < start + n && t[i + 2] >= 0x80) || (i > start && t[i - 1] >= 0x80) { look = true }
                    }
                    i += 1
                }
            }
        }
        text.append(0x0A)
        entry.end = UInt32(text.count)
        if look { entry.flags |= Flag.nameNeedsLook }
        entries[index] = entry
        if let phone {
            let before = phoneText.count
            TextFolding.appendPhoneDigits(phone, to: &phoneText)
            if phoneText.count > before {
                phoneText.append(0x0A)
                phoneStarts.append(phoneText.count)
                phoneEntry.append(Int32(index))
            }
        }
    }

    // MARK: - Searching

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
        let usable = previous.flatMap { $0.identity == identity ? $0 : nil }
        return Self.isPhoneQuery(trimmed)
            ? searchPhone(trimmed, limit: limit, previous: usable)
            : searchWords(trimmed, limit: limit, previous: usable)
    }

    private func searchPhone(_ trimmed: String, limit: Int, previous: Narrowing?) -> (matches: [Match], narrowing: Narrowing?) {
        let digits = Array(TextFolding.phoneQueryDigits(trimmed).utf8)
        guard !digits.isEmpty else { return ([], nil) }
        var best = Ranking(accounts: accountIDs.count)
        var slots: [Int32] = []
        phoneText.withUnsafeBytes { t in
            phoneStarts.withUnsafeBufferPointer { s in
                digits.withUnsafeBytes { needle in
                    if let previous, previous.phone, digits.starts(with: previous.query) {
                        slots = previous.entries.filter { slot in
                            ByteSearch.find(needle, in: UnsafeRawBufferPointer(rebasing: t[s[Int(slot)]..<(s[Int(slot) + 1] - 1)])) != nil
                        }
                    } else {
                        var from = 0
                        while let at = ByteSearch.find(needle, in: t, from: from) {
                            let slot = Self.line(containing: at, starts: s)
                            slots.append(Int32(slot))
                            from = s[slot + 1]
                        }
                    }
                }
            }
        }
        var found: [Int32] = []
        found.reserveCapacity(slots.count)
        for slot in slots {
            let entry = Int(phoneEntry[Int(slot)])
            guard entries[entry].flags & Flag.dead == 0 else { continue }
            found.append(slot)
            let number = phoneStarts[Int(slot)]..<(phoneStarts[Int(slot) + 1] - 1)
            let score: UInt8
            if number.count == digits.count {
                score = 100
            } else {
                score = phoneText[(number.upperBound - digits.count)..<number.upperBound].elementsEqual(digits) ? 80 : 60
            }
            best.note(account: Int(entries[entry].account), score: score, entry: Int32(entry))
        }
        return (ranked(best, limit: limit), Narrowing(identity: identity, query: digits, phone: true, entries: found))
    }

    private func searchWords(_ trimmed: String, limit: Int, previous: Narrowing?) -> (matches: [Match], narrowing: Narrowing?) {
        let folded = TextFolding.fold(trimmed)
        let terms = folded.split(separator: " ").map { Array($0.utf8) }
        guard !terms.isEmpty else { return ([], nil) }
        let query = Array(folded.utf8)

        // Where to start: the last keystroke's matches, the rarest pair's entries, or all.
        let plan = pairs.plan(keys: PairIndex.keys(of: terms))
        let estimate = (plan.map { Int(pairs.counts[$0.base]) } ?? pairs.covered) + (entries.count - pairs.covered)
        let narrowFrom = previous.flatMap { p in
            !p.phone && query.starts(with: p.query) && p.entries.count <= estimate ? p : nil
        }

        // Every byte class of every word must be in an entry. A one-byte word whose class
        // is its own is then present; the other words are looked for in the text, except
        // where they are known to be there: a word the last keystroke's matches hold
        // unchanged, or a two-byte word (its own pair) held by every entry the index covers,
        // or by which the index chose the entries (when it did).
        var required: UInt64 = 0
        var words = Words(), unproven = Words(), changed = Words(), changedUnproven = Words()
        let previousTerms = narrowFrom.map { $0.query.split(separator: 0x20, omittingEmptySubsequences: true) } ?? []
        for (i, term) in terms.enumerated().sorted(by: { $0.element.count > $1.element.count }) {
            for byte in term where byte != 0x0A { required |= ByteClass.bit(byte) }
            if term.count == 1 && ByteClass.isExact(term[0]) { continue }
            words.add(term)
            let everywhere = term.count == 2 && pairs.isUniversal(term[0], term[1])
            let chosenBy = term.count == 2 && plan?.checks(PairIndex.key(term[0], term[1])) == true
            let isChanged = i >= previousTerms.count || !previousTerms[i].elementsEqual(term)
            if !everywhere && !chosenBy { unproven.add(term) }
            if isChanged { changed.add(term) }
            if isChanged && !everywhere { changedUnproven.add(term) }
        }
        let few = entries.count / 16
        var scan = WordScan(required: required, score: Scoring(first: terms[0], exact: exactIDAccounts(trimmed.lowercased())),
                            best: Ranking(accounts: accountIDs.count),
                            keepRecords: (narrowFrom?.entries.count ?? plan.map { Int(pairs.counts[$0.base]) } ?? few + 1) <= few)
        text.withUnsafeBytes { t in
            entries.withUnsafeBufferPointer { records in
                if let narrowFrom {
                    let list = narrowFrom.entries
                    let copied = narrowFrom.records.count == list.count
                    // The pair index's proofs hold for the entries it covers, not for later ones.
                    var split = list.count
                    while split > 0 && Int(list[split - 1]) >= pairs.covered { split -= 1 }
                    (copied ? narrowFrom.text : []).withUnsafeBytes { copy in
                        for (part, words) in [(0..<split, changedUnproven), (split..<list.count, changed)] where !part.isEmpty {
                            words.withNeedles {
                                scan.scattered(list[part], given: copied ? narrowFrom.records[part] : [], records,
                                               text: copied ? copy : t, needles: $0, patterns: $1, index: self)
                            }
                        }
                    }
                    return
                }
                unproven.withNeedles { needles, patterns in
                    if let plan, let marked = pairs.bitmapOffsets(plan) {
                        pairs.bitmaps.withUnsafeBufferPointer {
                            scan.marked($0, at: marked, words: pairs.words, records, text: t, needles: needles, patterns: patterns, index: self)
                        }
                    } else if let plan {
                        scan.scattered(pairs.candidates(plan)[...], given: [], records, text: t, needles: needles, patterns: patterns, index: self)
                    } else {
                        scan.all(0..<pairs.covered, records, text: t, needles: needles, patterns: patterns, index: self)
                    }
                }
                // Entries added since the pair index was built.
                words.withNeedles { scan.all(pairs.covered..<records.count, records, text: t, needles: $0, patterns: $1, index: self) }
            }
        }
        var narrowing = Narrowing(identity: identity, query: query, phone: false, entries: scan.found)
        narrowing.records = scan.foundRecords
        narrowing.text = scan.foundText
        return (ranked(scan.best, limit: limit), narrowing)
    }

    /// Accounts whose lower-cased id is the lower-cased query (they score 100).
    private func exactIDAccounts(_ lowered: String) -> [Int32] {
        guard let first = lowercasedIDs[lowered] else { return [] }
        return [first] + (lowercasedTwins[lowered] ?? [])
    }

    /// The folded name as a string, for the scores only a string comparison can settle.
    fileprivate func name(of entry: Int, _ record: Entry, text: UnsafeRawBufferPointer) -> String {
        let start = Int(record.start)
        return oddNames[Int32(entry)] ?? String(decoding: text[start..<start + Int(record.nameLength)], as: UTF8.self)
    }

    /// The first `limit` accounts by score, then id.
    private func ranked(_ best: Ranking, limit: Int) -> [Match] {
        guard limit > 0 else { return [] }
        func before(_ a: Int32, _ b: Int32) -> Bool {
            let sa = best.score[Int(a)], sb = best.score[Int(b)]
            return sa != sb ? sa > sb : accountIDs[Int(a)] < accountIDs[Int(b)]
        }
        var top: [Int32]
        if best.touched.count / 4 <= limit {
            top = Array(best.touched.sorted(by: before).prefix(limit))
        } else {
            top = []
            top.reserveCapacity(limit + 1)
            for a in best.touched {
                if top.count == limit, !before(a, top[limit - 1]) { continue }
                var low = 0, high = top.count
                while low < high {
                    let mid = (low + high) / 2
                    if before(top[mid], a) { low = mid + 1 } else { high = mid }
                }
                top.insert(a, at: low)
                if top.count > limit { top.removeLast() }
            }
        }
        return top.map { a in
            Match(account: accountIDs[Int(a)], contact: contactOf[Int(best.entry[Int(a)])], score: Int(best.score[Int(a)]))
        }
    }

    /// The line of a newline-separated buffer holding byte `position` (lines begin at `starts`).
    static func line(containing position: Int, starts: UnsafeBufferPointer<Int>) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= position { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}

/// Checks entries against a query's words, keeping the matches and each account's best.
private struct WordScan {
    var required: UInt64
    var score: Scoring
    var best: Ranking
    var found: [Int32] = []
    /// Whether to copy the matches' records and lines for the next keystroke (when they
    /// are few).
    var keepRecords: Bool
    var foundRecords: [CallerIndex.Entry] = []
    var foundText: [UInt8] = []

    init(required: UInt64, score: Scoring, best: Ranking, keepRecords: Bool) {
        self.required = required
        self.score = score
        self.best = best
        self.keepRecords = keepRecords
    }

    /// `head`, when given, is the first byte of the entry's text, read ahead.
    @inline(__always)
    mutating func consider(_ entry: Int, _ record: CallerIndex.Entry, head: UInt8?, text: UnsafeRawBufferPointer,
                           needles: UnsafeBufferPointer<Needle>, patterns: UnsafeRawBufferPointer, index: CallerIndex) {
        guard record.flags & CallerIndex.Flag.dead == 0, record.classes & required == required else { return }
        for needle in needles where !needle.occurs(in: text, record.line, patterns: patterns) { return }
        found.append(Int32(entry))
        if keepRecords {
            var copy = record
            copy.start = UInt32(foundText.count)
            foundText.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[record.line]))
            copy.end = UInt32(foundText.count)
            foundRecords.append(copy)
        }
        let tier = score.of(record, head: head, text: text) ?? score.byString(index.name(of: entry, record, text: text), record)
        best.note(account: Int(record.account), score: tier, entry: Int32(entry))
    }

    /// Every entry of `range`, in order.
    mutating func all(_ range: Range<Int>, _ records: UnsafeBufferPointer<CallerIndex.Entry>, text: UnsafeRawBufferPointer,
                      needles: UnsafeBufferPointer<Needle>, patterns: UnsafeRawBufferPointer, index: CallerIndex) {
        found.reserveCapacity(found.count + range.count)
        for entry in range {
            consider(entry, records[entry], head: nil, text: text, needles: needles, patterns: patterns, index: index)
        }
    }

    /// The entries whose bits are set in all the bitmaps at `offsets` (each `words` long).
    mutating func marked(_ bitmaps: UnsafeBufferPointer<UInt64>, at offsets: [Int], words: Int,
                         _ records: UnsafeBufferPointer<CallerIndex.Entry>, text: UnsafeRawBufferPointer,
                         needles: UnsafeBufferPointer<Needle>, patterns: UnsafeRawBufferPointer, index: CallerIndex) {
        for w in 0..<words {
            var bits = ~UInt64(0)
            for offset in offsets { bits &= bitmaps[offset + w] }
            while bits != 0 {
                let entry = w << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                consider(entry, records[entry], head: nil, text: text, needles: needles, patterns: patterns, index: index)
            }
        }
    }

    /// The listed entries (ascending, scattered), with their records as `given` or else
    /// from `records`. They are read in batches: the records first, then the first byte of
    /// each one's text, so that the cache misses overlap instead of queueing.
    mutating func scattered(_ list: ArraySlice<Int32>, given: ArraySlice<CallerIndex.Entry>,
                            _ records: UnsafeBufferPointer<CallerIndex.Entry>, text: UnsafeRawBufferPointer,
                            needles: UnsafeBufferPointer<Needle>, patterns: UnsafeRawBufferPointer, index: CallerIndex) {
        let copied = given.count == list.count
        if !copied && list.count * 4 > records.count {
            // Hardly scattered: read in order.
            for entry in list {
                consider(Int(entry), records[Int(entry)], head: nil, text: text, needles: needles, patterns: patterns, index: index)
            }
            return
        }
        let batch = 32
        withUnsafeTemporaryAllocation(of: CallerIndex.Entry.self, capacity: batch) { held in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: batch) { heads in
                list.withUnsafeBufferPointer { list in
                    given.withUnsafeBufferPointer { given in
                        var i = 0
                        while i < list.count {
                            let n = min(batch, list.count - i)
                            if copied {
                                for j in 0..<n { held.initializeElement(at: j, to: given[i + j]) }
                            } else {
                                for j in 0..<n { held.initializeElement(at: j, to: records[Int(list[i + j])]) }
                            }
                            for j in 0..<n { heads.initializeElement(at: j, to: text[Int(held[j].start)]) }
                            for j in 0..<n {
                                consider(Int(list[i + j]), held[j], head: heads[j], text: text, needles: needles, patterns: patterns, index: index)
                            }
                            i += n
                        }
                    }
                }
            }
        }
    }
}

/// How well an entry matches: 100 for the account's id typed whole, 50 when the name
/// starts with the first word, 40 when a word of the name does, else 10; one more for the
/// account's own entry than for its people.
private struct Scoring {
    var first: [UInt8]
    var firstString: String
    var exact: [Int32]
    /// The first word is printable ASCII that no other character is canonically equal to,
    /// so the name's bytes decide (unless a non-ASCII byte touches the match).
    var byBytes: Bool
    /// ... and it is one byte with a class of its own: the record's figures decide.
    var single: UInt8?
    var singleBit: UInt64 = 0

    init(first: [UInt8], exact: [Int32]) {
        self.first = first
        self.exact = exact
        firstString = String(decoding: first, as: UTF8.self)
        // ";" and "`" are the ASCII that other characters (U+037E, U+1FEF) are equal to.
        byBytes = first.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3B && $0 != 0x60 }
        single = byBytes && first.count == 1 && ByteClass.isExact(first[0]) ? first[0] : nil
        if let single { singleBit = ByteClass.bit(single) }
    }

    /// The score from the record and the name's bytes, or nil when the name's string has
    /// to decide.
    @inline(__always)
    func of(_ record: CallerIndex.Entry, head: UInt8?, text: UnsafeRawBufferPointer) -> UInt8? {
        let plus: UInt8 = record.flags & CallerIndex.Flag.account != 0 ? 1 : 0
        if !exact.isEmpty && exact.contains(record.account) { return 100 + plus }
        if single != nil && record.flags & CallerIndex.Flag.nameNeedsLook == 0 {
            if record.nameFirst == single { return 50 + plus }
            return (record.initials & singleBit != 0 ? 40 : 10) + plus
        }
        guard byBytes && record.flags & CallerIndex.Flag.oddName == 0 else { return nil }
        let start = Int(record.start)
        return tier(of: UnsafeRawBufferPointer(rebasing: text[start..<start + Int(record.nameLength)]), head: head).map { $0 + plus }
    }

    /// The score as the name's string gives it (its own prefix and substring comparison).
    func byString(_ name: String, _ record: CallerIndex.Entry) -> UInt8 {
        let plus: UInt8 = record.flags & CallerIndex.Flag.account != 0 ? 1 : 0
        if name.hasPrefix(firstString) { return 50 + plus }
        if name.contains(" " + firstString) { return 40 + plus }
        return 10 + plus
    }

    /// The name's tier from its bytes (`head`, if read ahead, is the first), or nil when a
    /// match touches a non-ASCII byte: a combining mark after it, or a prepended mark
    /// before the space, would make other characters of it.
    private func tier(of name: UnsafeRawBufferPointer, head: UInt8?) -> UInt8? {
        let n = name.count, k = first.count
        func matches(at position: Int) -> Bool {
            var j = 0
            while j < k && name[position + j] == first[j] { j += 1 }
            return j == k
        }
        if n >= k && (head ?? name[0]) == first[0] && matches(at: 0) {
            return n == k || name[k] < 0x80 ? 50 : nil
        }
        var unsure = false
        var i = 0
        while i + 1 + k <= n {
            if name[i] == 0x20 && matches(at: i + 1) {
                if (i + 1 + k == n || name[i + 1 + k] < 0x80) && (i == 0 || name[i - 1] < 0x80) { return 40 }
                unsure = true
            }
            i += 1
        }
        return unsure ? nil : 10
    }
}

/// The best-scoring entry of each account found so far, by account number.
private struct Ranking {
    var score: [UInt8]
    var entry: [Int32]
    var touched: [Int32] = []

    init(accounts: Int) {
        score = [UInt8](repeating: 0, count: accounts)
        entry = [Int32](repeating: 0, count: accounts)
    }

    /// Keeps the first entry with the highest score (entries arrive in ascending order).
    @inline(__always)
    mutating func note(account: Int, score s: UInt8, entry e: Int32) {
        let current = score[account]
        if current == 0 { touched.append(Int32(account)) } else if current >= s { return }
        score[account] = s
        entry[account] = e
    }
}

/// A word to look for: where its bytes are in `Words.bytes`, and its rarest byte, which
/// `memchr` looks for. `ByteSearch.find` with the anchor worked out once per query, since
/// the index looks for a word in entry after entry.
private struct Needle {
    var offset: Int
    var count: Int
    var anchor: Int

    /// Whether the word lies within `range` of `buffer`.
    @inline(__always)
    func occurs(in buffer: UnsafeRawBufferPointer, _ range: Range<Int>, patterns: UnsafeRawBufferPointer) -> Bool {
        find(in: buffer, from: range.lowerBound, to: range.upperBound, patterns: patterns) != nil
    }

    /// The first position in `from..<to` where the whole word lies.
    func find(in buffer: UnsafeRawBufferPointer, from: Int, to: Int, patterns: UnsafeRawBufferPointer) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        return ByteSearch.search(UnsafeRawBufferPointer(rebasing: patterns[offset..<(offset + count)]), anchor: anchor,
                                 in: base, count: to, from: from)
    }
}

/// A query's words, their bytes in one buffer.
private struct Words {
    var bytes: [UInt8] = []
    var needles: [Needle] = []

    mutating func add(_ word: [UInt8]) {
        let anchor = word.withUnsafeBytes { ByteSearch.anchor(of: $0) }
        needles.append(Needle(offset: bytes.count, count: word.count, anchor: anchor))
        bytes.append(contentsOf: word)
    }

    func withNeedles<R>(_ body: (UnsafeBufferPointer<Needle>, UnsafeRawBufferPointer) -> R) -> R {
        needles.withUnsafeBufferPointer { n in bytes.withUnsafeBytes { body(n, $0) } }
    }
}

/// For every pair of adjacent bytes in the entries' text (newlines aside), the entries
/// holding it: a sorted list for pairs held by at most one entry in 32, a bitmap for the
/// others, nothing for pairs every entry holds. It covers the entries present when it
/// was built; entries added later by a refresh are read directly.
private struct PairIndex: Sendable {
    var covered = 0
    var counts: [Int32] = []
    var listStart: [Int] = []
    var lists: [Int32] = []
    /// A pair's bitmap is `bitmaps[slot * words ..< (slot + 1) * words]`; -1 for none.
    var bitmapSlot: [Int32] = []
    var bitmaps: [UInt64] = []
    var words = 0

    init() {}

    static func key(_ a: UInt8, _ b: UInt8) -> Int { Int(a) << 8 | Int(b) }

    init(text: UnsafeBufferPointer<UInt8>, entries records: UnsafeBufferPointer<CallerIndex.Entry>) {
        let entries = records.count
        covered = entries
        words = (entries + 63) / 64
        var counts = [Int32](repeating: 0, count: 65536)
        var seen = [Int32](repeating: -1, count: 65536)
        counts.withUnsafeMutableBufferPointer { counts in
            Self.forEachPair(text: text, entries: records, seen: &seen) { key, _ in counts[key] += 1 }
        }
        var listStart = [Int](repeating: 0, count: 65537)
        var bitmapSlot = [Int32](repeating: -1, count: 65536)
        var total = 0, slots = 0
        for key in 0..<65536 {
            listStart[key] = total
            let c = Int(counts[key])
            if c == entries { continue }
            if c * 32 > entries {
                bitmapSlot[key] = Int32(slots)
                slots += 1
            } else {
                total += c
            }
        }
        listStart[65536] = total
        var lists = [Int32](repeating: 0, count: total)
        var bitmaps = [UInt64](repeating: 0, count: slots * words)
        var cursor = listStart
        for i in seen.indices { seen[i] = -1 }
        let words = words
        lists.withUnsafeMutableBufferPointer { l in
            bitmaps.withUnsafeMutableBufferPointer { m in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    bitmapSlot.withUnsafeBufferPointer { slot in
                        Self.forEachPair(text: text, entries: records, seen: &seen) { key, entry in
                            let s = Int(slot[key])
                            if s >= 0 {
                                m[s * words + entry >> 6] |= 1 << UInt64(entry & 63)
                            } else if cursor[key] < listStart[key + 1] {
                                l[cursor[key]] = Int32(entry)
                                cursor[key] += 1
                            }
                        }
                    }
                }
            }
        }
        self.counts = counts
        self.listStart = listStart
        self.lists = lists
        self.bitmapSlot = bitmapSlot
        self.bitmaps = bitmaps
    }

    /// Calls `body` once for each distinct pair of each entry's text.
    private static func forEachPair(text: UnsafeBufferPointer<UInt8>, entries: UnsafeBufferPointer<CallerIndex.Entry>,
                                    seen: inout [Int32], _ body: (Int, Int) -> Void) {
        seen.withUnsafeMutableBufferPointer { seen in
            for entry in 0..<entries.count {
                var i = Int(entries[entry].start)
                let end = Int(entries[entry].end) - 1
                guard end - i >= 2 else { continue }
                var key = Int(text[i])
                let mark = Int32(entry)
                i += 1
                while i < end {
                    key = (key << 8 | Int(text[i])) & 0xFFFF
                    if seen[key] != mark {
                        seen[key] = mark
                        body(key, entry)
                    }
                    i += 1
                }
            }
        }
    }

    /// The pairs in the query's words (none with a newline), each once.
    static func keys(of terms: [[UInt8]]) -> [Int] {
        var keys: Set<Int> = []
        for term in terms where term.count >= 2 {
            for i in 0..<(term.count - 1) where term[i] != 0x0A && term[i + 1] != 0x0A {
                keys.insert(key(term[i], term[i + 1]))
            }
        }
        return Array(keys)
    }

    /// Where to start (the rarest pair) and which bitmaps to filter by.
    struct Plan {
        var base: Int
        var filters: [Int]
        func checks(_ key: Int) -> Bool { key == base || filters.contains(key) }
    }

    /// Nil when no pair narrows anything (no pairs, or every entry holds them all).
    func plan(keys: [Int]) -> Plan? {
        guard covered > 0 else { return nil }
        let useful = keys.filter { Int(counts[$0]) < covered }.sorted { (counts[$0], $0) < (counts[$1], $1) }
        guard let base = useful.first else { return nil }
        return Plan(base: base, filters: useful.dropFirst().filter { bitmapSlot[$0] >= 0 }.prefix(3).map { $0 })
    }

    /// Whether every entry covered holds the pair.
    func isUniversal(_ a: UInt8, _ b: UInt8) -> Bool {
        covered > 0 && Int(counts[Self.key(a, b)]) == covered
    }

    /// Where in `bitmaps` the plan's pairs are, when its base is a bitmap too.
    func bitmapOffsets(_ plan: Plan) -> [Int]? {
        guard bitmapSlot[plan.base] >= 0 else { return nil }
        return ([plan.base] + plan.filters).map { Int(bitmapSlot[$0]) * words }
    }

    /// The entries holding every pair of the plan (its base a list), ascending.
    func candidates(_ plan: Plan) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(Int(counts[plan.base]))
        bitmaps.withUnsafeBufferPointer { m in
            let filters = plan.filters.map { Int(bitmapSlot[$0]) * words }
            func passes(_ entry: Int) -> Bool {
                for f in filters where m[f + entry >> 6] & (1 << UInt64(entry & 63)) == 0 { return false }
                return true
            }
            lists.withUnsafeBufferPointer { l in
                for i in listStart[plan.base]..<listStart[plan.base + 1] where passes(Int(l[i])) { result.append(l[i]) }
            }
        }
        return result
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

extension CallerIndex: SnapshotCodable {
    /// The index as it lies, so a start can read it back rather than build it again (it
    /// depends on the book alone, not on the time).
    public func write(to out: inout SnapshotWriter) {
        out.bytes(text.withUnsafeBytes { $0 })
        out.raw(entries)
        out.write(contactOf)
        out.unsigned(UInt64(oddNames.count))
        for key in oddNames.keys.sorted() {
            out.int(Int(key))
            out.string(oddNames[key]!)
        }
        out.int(deadCount)
        out.write(accountIDs)
        out.write(accountNumber)
        out.raw(accountEntries.map(\.lowerBound))
        out.raw(accountEntries.map(\.upperBound))
        out.write(lowercasedIDs)
        out.write(lowercasedTwins)
        out.bytes(phoneText.withUnsafeBytes { $0 })
        out.raw(phoneStarts)
        out.raw(phoneEntry)
        out.int(pairs.covered)
        out.raw(pairs.counts)
        out.raw(pairs.listStart)
        out.raw(pairs.lists)
        out.raw(pairs.bitmapSlot)
        out.raw(pairs.bitmaps)
        out.int(pairs.words)
    }

    /// An index read back; its lists must agree in length, and every entry's line must
    /// lie in its text and name one of its accounts.
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        identity = UInt64.random(in: .min ... .max)
        text = try input.bytes()
        entries = try input.raw()
        contactOf = try input.read()
        for _ in 0..<(try input.count()) {
            let key = try Int32(from: &input)
            oddNames[key] = try input.string()
        }
        deadCount = try input.int()
        accountIDs = try input.read()
        accountNumber = try input.read()
        let lower: [Int32] = try input.raw(), upper: [Int32] = try input.raw()
        guard lower.count == upper.count, zip(lower, upper).allSatisfy({ $0 <= $1 }) else { throw SnapshotError("the caller index's accounts are damaged") }
        accountEntries = zip(lower, upper).map { $0..<$1 }
        lowercasedIDs = try input.read()
        lowercasedTwins = try input.read()
        phoneText = try input.bytes()
        phoneStarts = try input.raw()
        phoneEntry = try input.raw()
        pairs.covered = try input.int()
        pairs.counts = try input.raw()
        pairs.listStart = try input.raw()
        pairs.lists = try input.raw()
        pairs.bitmapSlot = try input.raw()
        pairs.bitmaps = try input.raw()
        pairs.words = try input.int()
        let (textBytes, accounts, count) = (UInt32(text.count), Int32(accountIDs.count), Int32(entries.count))
        guard contactOf.count == entries.count, accountEntries.count == accountIDs.count,
              entries.allSatisfy({ $0.start <= $0.end && $0.end <= textBytes && $0.account >= 0 && $0.account < accounts }),
              accountEntries.allSatisfy({ $0.lowerBound >= 0 && $0.upperBound <= count }),
              phoneStarts.count == phoneEntry.count + 1, phoneStarts.last.map({ $0 <= phoneText.count }) ?? false,
              phoneEntry.allSatisfy({ $0 >= 0 && $0 < count }),
              pairs.covered <= entries.count, pairs.words == (pairs.covered + 63) / 64,
              pairs.counts.isEmpty ? pairs.covered == 0 && pairs.lists.isEmpty && pairs.bitmaps.isEmpty
                  : pairs.counts.count == 65536 && pairs.bitmapSlot.count == 65536 && pairs.listStart.count == 65537
                    && pairs.listStart.last == pairs.lists.count && pairs.bitmaps.count % max(1, pairs.words) == 0
                    && pairs.bitmapSlot.allSatisfy({ Int($0) < pairs.bitmaps.count / max(1, pairs.words) })
                    && pairs.lists.allSatisfy({ $0 >= 0 && Int($0) < pairs.covered }) else {
            throw SnapshotError("the caller index in the snapshot does not agree with itself")
        }
    }
}
