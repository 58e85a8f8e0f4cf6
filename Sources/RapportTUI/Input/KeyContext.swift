/// Where a key binding applies: the whole screen, one pane, a form, an overlay.
///
/// The same key can mean different things in different places (`Enter` opens a
/// complaint in the queue but submits a form), and help lists keys by context.
public struct KeyContext: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { name = value }

    /// Bindings that apply wherever no more specific binding takes the key.
    public static let global = KeyContext("global")

    public var description: String { name }
}
