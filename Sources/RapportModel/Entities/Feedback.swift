/// The client's own scores: their perception is the truth.
public struct Feedback: Hashable, Sendable {
    public var time: Timestamp
    /// Dimension key (see `Vocabulary.feedbackDimensions`) to a 0–10 score.
    public var scores: [String: Int]
    public var comment: String?
    public var contact: String?

    /// Mean of the nine rated dimensions (recommend is kept apart), if any were given.
    public var averageScore: Double? {
        let values = scores.filter { $0.key != "recommend" }.map(\.value)
        return values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }

    public var recommend: Int? { scores["recommend"] }
}

/// A client who sent someone our way.
public struct Referral: Hashable, Sendable, Identifiable {
    public let id: String
    public var account: String
    public var referred: String
    public var contact: String?
    public var time: Timestamp
    public var author: String
}

/// Something we caused, with its remedy and the clients it touches.
public struct Incident: Hashable, Sendable, Identifiable {
    public let id: String
    public var summary: String
    public var remedy: String
    public var accounts: [String]
    public var clientNote: String?
    public var opened: Timestamp
    public var resolvedAt: Timestamp?
}
