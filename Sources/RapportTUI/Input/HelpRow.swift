/// One line of the help overlay: the keys, what they do, and where.
public struct HelpRow: Hashable, Sendable {
    public var keys: String
    public var description: String
    public var context: String

    public init(keys: String, description: String, context: String) {
        self.keys = keys
        self.description = description
        self.context = context
    }
}
