/// One entry of the key table: which keys, which action, the help text, and where
/// it applies. Dispatch and the `?` help screen are both read from these, so the
/// help can never disagree with what the keys do.
public struct KeyBinding<Action> {
    public var keys: [Key]
    public var action: Action
    public var help: String
    public var context: KeyContext
    /// False for bindings too obvious or too numerous to list (each digit, say).
    public var isListed: Bool

    public init(_ keys: [Key], _ action: Action, help: String, context: KeyContext = .global, isListed: Bool = true) {
        self.keys = keys
        self.action = action
        self.help = help
        self.context = context
        self.isListed = isListed
    }

    public init(_ key: Key, _ action: Action, help: String, context: KeyContext = .global, isListed: Bool = true) {
        self.init([key], action, help: help, context: context, isListed: isListed)
    }

    /// The keys as help shows them: `j/↓`.
    public var keyLabel: String {
        keys.map(\.displayName).joined(separator: "/")
    }
}

extension KeyBinding: Sendable where Action: Sendable {}
extension KeyBinding: Equatable where Action: Equatable {}
