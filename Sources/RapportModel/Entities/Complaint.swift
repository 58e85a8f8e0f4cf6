/// Where a complaint stands in the handling protocol:
/// listen, understand the cause, contain, resolve, confirm with the client.
public enum ComplaintState: String, CaseIterable, Sendable, Comparable {
    case received, acknowledged, investigating
    case fixOffered = "fix-offered"
    case resolved, closed

    public var label: String { self == .fixOffered ? "fix offered" : rawValue }
    public var isOpen: Bool { self != .closed }

    public static func < (a: ComplaintState, b: ComplaintState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A complaint, always valid, as the client put it.
public struct Complaint: Hashable, Sendable, Identifiable {
    public let id: String
    public var account: String
    /// 1 critical … 4 minor.
    public var severity: Int
    public var category: String
    public var channel: String?
    public var summary: String
    /// The client's own examples: "Why do you say it? Can you give me examples?"
    public var examples: [String] = []
    public var owner: String?
    public var contact: String?
    public var state: ComplaintState = .received
    public var opened: Timestamp
    public var acknowledgedAt: Timestamp?
    public var resolvedAt: Timestamp?
    public var closedAt: Timestamp?
    /// The three steps of a good answer: apologise, accept responsibility, offer a fix.
    public var apology: String?
    public var responsibility: String?
    public var fix: String?
    /// Journaled reason for closing without the full protocol.
    public var closeReason: String?
    public var rootCause: String?
    public var reopenCount = 0
    public var linked: Set<String> = []
    public var cause: String?
    /// When the current wait on the client began; nil when not waiting.
    public var waitingSince: Timestamp?
    /// Completed waits on the client, for pausing SLA clocks.
    public var pauses: [ClosedRange<Timestamp>] = []

    public var protocolComplete: Bool { apology != nil && responsibility != nil && fix != nil }

    /// The protocol steps still missing, in the words a person would use.
    public var missingSteps: [String] {
        var missing: [String] = []
        if apology == nil { missing.append("apology") }
        if responsibility == nil { missing.append("responsibility") }
        if fix == nil { missing.append("fix offered") }
        return missing
    }
}

/// A cause shared by complaints from many clients: one pitfall seen once.
public struct Cause: Hashable, Sendable, Identifiable {
    public let id: String
    public var summary: String
    public var rootCause: String?
    public var workaround: String?
    public var knownError = false
    public var resolvedAt: Timestamp?
    public var opened: Timestamp
}
