/// A style reduced to what the terminal can do: palette indices it supports (nil
/// for the terminal default) and attributes. This is all the `Screen` needs.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: Int?
    public var background: Int?
    public var attributes: TextAttributes

    public init(foreground: Int? = nil, background: Int? = nil, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
