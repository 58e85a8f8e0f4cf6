/// A logged conversation with the client and the mood they were in.
public struct Interaction: Hashable, Sendable {
    public var time: Timestamp
    public var author: String
    public var kind: String
    /// -2 (angry) … +2 (delighted): the client's sentiment, not ours.
    public var sentiment: Int
    public var summary: String
    public var contact: String?
}
