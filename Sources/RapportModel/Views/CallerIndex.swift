/// Finds who is calling from any fragment: part of a name, an email, an account id, or
/// digits of a phone number however they are written.
///
/// Built once from a book; queries AND their words (`smith acm` finds Jo Smith at Acme).
public struct CallerIndex: Sendable {
    struct Entry: Sendable {
        var account: String
        var contact: String?
        /// Folded name, account name, id, email and role, separated by spaces.
        var haystack: String
        var name: String
        var phones: [String]
    }

    var entries: [Entry] = []

    /// One account found, with the person (if a contact matched) and what matched.
    public struct Match: Hashable, Sendable {
        public var account: String
        public var contact: String?
        public var score: Int
    }

    public init(book: Book) {
        entries.reserveCapacity(book.accounts.count + book.contacts.count)
        for id in book.accountOrder { add(account: id, from: book) }
    }

    /// Re-reads the given accounts (and their people) after events touched them.
    public mutating func refresh(accounts ids: Set<String>, in book: Book) {
        entries.removeAll { ids.contains($0.account) }
        for id in ids { add(account: id, from: book) }
    }

    private mutating func add(account id: String, from book: Book) {
        guard let a = book.accounts[id] else { return }
        entries.append(Entry(account: id, contact: nil,
                             haystack: TextFolding.fold([a.name, id, a.email ?? "", a.owner ?? ""].joined(separator: " ")),
                             name: TextFolding.fold(a.name), phones: [a.phone].compactMap { $0 }.map(TextFolding.phoneDigits)))
        for cid in book.contactsByAccount[id] ?? [] {
            guard let c = book.contacts[cid] else { continue }
            entries.append(Entry(account: id, contact: cid,
                                 haystack: TextFolding.fold([c.name, a.name, id, c.email ?? "", c.role ?? "", cid].joined(separator: " ")),
                                 name: TextFolding.fold(c.name), phones: [c.phone].compactMap { $0 }.map(TextFolding.phoneDigits)))
        }
    }

    /// Whether a query looks like (part of) a phone number.
    public static func isPhoneQuery(_ query: String) -> Bool {
        let digits = query.filter(\.isASCII).filter(\.isNumber).count
        return digits >= 3 && query.allSatisfy { $0.isNumber || " +-().".contains($0) }
    }

    /// Matching accounts, best first, at most `limit`; one match per account.
    public func search(_ query: String, limit: Int = 50) -> [Match] {
        let trimmed = query.trimmingSpaces
        guard !trimmed.isEmpty else { return [] }
        var best: [String: Match] = [:]
        if Self.isPhoneQuery(trimmed) {
            let digits = TextFolding.phoneQueryDigits(trimmed)
            guard !digits.isEmpty else { return [] }
            for e in entries {
                for phone in e.phones where phone.contains(digits) {
                    let score = phone == digits ? 100 : phone.hasSuffix(digits) ? 80 : 60
                    consider(Match(account: e.account, contact: e.contact, score: score), into: &best)
                }
            }
        } else {
            let terms = TextFolding.fold(trimmed).split(separator: " ").map(String.init)
            for e in entries where terms.allSatisfy({ e.haystack.contains($0) }) {
                var score = 10
                let first = terms[0]
                if e.account.lowercased() == trimmed.lowercased() { score = 100 }
                else if e.name.hasPrefix(first) { score = 50 }
                else if e.name.contains(" " + first) { score = 40 }
                if e.contact == nil { score += 1 }
                consider(Match(account: e.account, contact: e.contact, score: score), into: &best)
            }
        }
        return best.values.sorted { ($1.score, $0.account) < ($0.score, $1.account) }.prefix(limit).map { $0 }
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
