/// A commitment with a due date. Trust what people do, not what they say: kept and broken
/// promises are counted.
public struct Promise: Hashable, Sendable, Identifiable {
    public enum Party: String, Sendable { case us, client }
    public enum Outcome: String, Sendable { case open, kept, partlyKept = "partly kept", broken, cancelled }

    public let id: String
    public var account: String
    public var by: Party
    public var due: Day
    public var text: String
    /// For a client's promise to pay.
    public var amount: Money?
    public var contact: String?
    public var made: Timestamp
    /// An outcome recorded by an event (keep, break, cancel); promises to pay derive theirs.
    public var recorded: Outcome = .open
    public var recordedAt: Timestamp?
}
