/// How one cell is drawn: a semantic role plus any attributes the drawing code
/// insists on (for example reverse video for a selected row, so selection never
/// depends on colour alone).
public struct Style: Hashable, Sendable {
    public var role: StyleRole
    public var attributes: TextAttributes

    public init(_ role: StyleRole = .normal, _ attributes: TextAttributes = []) {
        self.role = role
        self.attributes = attributes
    }

    public static let normal = Style(.normal)
    public static let muted = Style(.muted)
    public static let border = Style(.border)
    public static let borderFocused = Style(.borderFocused, .bold)
    public static let title = Style(.title, .bold)
    public static let header = Style(.header, .bold)
    public static let selection = Style(.selection, .reverse)
    public static let statusLine = Style(.statusLine)
    public static let key = Style(.key, .bold)
    public static let error = Style(.error, .bold)

    /// This style with `extra` attributes added.
    public func adding(_ extra: TextAttributes) -> Style {
        Style(role, attributes.union(extra))
    }
}
