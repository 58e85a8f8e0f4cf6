/// How alike two complaints must be, and how close in time, to be suggested as one cause.
public struct LinkSuggestionRules: Hashable, Sendable {
    public var windowDays = 30
    /// Share of distinct words in common (Jaccard), 0…1.
    public var minimumSimilarity = 0.3

    public init() {}
}

/// A complaint from another account that looks like the same problem.
public struct LinkSuggestion: Hashable, Sendable {
    public var complaint: String
    public var account: String
    public var similarity: Double
    public var sharedWords: [String]
}

/// The complaints and accounts behind one shared cause.
public struct CauseReach: Hashable, Sendable {
    public var cause: String
    public var complaints: [String]
    public var openComplaints: [String]
    public var accounts: Set<String>
}

extension Book {
    /// Complaints from other accounts in the same category, opened within the window of
    /// this one, with similar wording and not linked yet: most alike first.
    public func suggestedLinks(for id: String, rules: LinkSuggestionRules = LinkSuggestionRules()) -> [LinkSuggestion] {
        guard let c = complaints[id] else { return [] }
        let words = ComplaintWording.words(of: c)
        guard !words.isEmpty else { return [] }
        let window = Int64(rules.windowDays) * 86_400
        let category = TextFolding.fold(c.category)
        var found: [LinkSuggestion] = []
        for other in complaints.values where other.id != id && other.account != c.account && !c.linked.contains(other.id) {
            guard abs(other.opened.seconds - c.opened.seconds) <= window, TextFolding.fold(other.category) == category else { continue }
            if let cause = c.cause, other.cause == cause { continue }
            let theirs = ComplaintWording.words(of: other)
            let shared = words.intersection(theirs)
            guard !shared.isEmpty else { continue }
            let similarity = Double(shared.count) / Double(words.union(theirs).count)
            if similarity >= rules.minimumSimilarity {
                found.append(LinkSuggestion(complaint: other.id, account: other.account, similarity: similarity, sharedWords: shared.sorted()))
            }
        }
        return found.sorted { ($1.similarity, $0.complaint) < ($0.similarity, $1.complaint) }
    }

    /// Every complaint linked to a cause, which of them are still open, and the accounts they come from.
    public func reach(ofCause id: String) -> CauseReach {
        var ids: [String] = [], open: [String] = [], accounts: Set<String> = []
        for c in complaints.values where c.cause == id {
            ids.append(c.id)
            if c.state < .resolved { open.append(c.id) }
            accounts.insert(c.account)
        }
        return CauseReach(cause: id, complaints: ids.sorted(), openComplaints: open.sorted(), accounts: accounts)
    }
}

/// Plain checks on what we write about a complaint.
public enum ComplaintWording {
    private static let stopWords: Set<String> = [
        "the", "and", "for", "was", "were", "are", "our", "their", "they", "with", "that", "this", "from", "have", "has",
        "had", "not", "but", "all", "you", "your", "its", "again", "into", "been", "after", "before", "any", "about",
    ]

    /// The distinct words of a complaint's summary and examples, folded, short and common words left out.
    public static func words(of c: Complaint) -> Set<String> {
        words(in: ([c.summary] + c.examples).joined(separator: " "))
    }

    public static func words(in text: String) -> Set<String> {
        var result: Set<String> = []
        for word in TextFolding.fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 3 {
            let w = String(word)
            if !stopWords.contains(w) { result.insert(w) }
        }
        return result
    }

    private static let thirdParties = [
        "courier", "supplier", "subcontractor", "contractor", "third party", "third-party", "vendor", "partner",
        "the bank", "royal mail", "dhl", "fedex", "ups ", "the carrier", "their fault", "not our fault", "not us",
        "wasn't us", "out of our hands", "beyond our control",
    ]
    private static let excuses = [
        "unfortunately", "due to", "because of", "as you know", "we were told", "the system", "per the contract",
        "according to the contract", "it was", "it's not", "we couldn't", "there was nothing",
    ]

    /// A warning when a note names a third party or opens with an excuse: blaming
    /// others and explaining away are not a resolution. Nil when it reads as ours.
    public static func blame(in text: String) -> String? {
        let t = " " + TextFolding.fold(text) + " "
        if thirdParties.contains(where: { t.contains($0) }) || excuses.contains(where: { t.hasPrefix(" " + $0) }) {
            return "that sounds like blame — say what we will do"
        }
        return nil
    }
}
