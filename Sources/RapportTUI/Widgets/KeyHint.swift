/// A key and a word about it, as the status line shows them: `? help`.
public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}
