/// The characters a box is drawn with. Literal box-drawing characters rather than
/// the terminal's alternate character set, which comes out as `lqqk` in some
/// terminals and in `tmux capture-pane`.
public struct BorderGlyphs: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character

    public init(horizontal: Character, vertical: Character, topLeft: Character,
                topRight: Character, bottomLeft: Character, bottomRight: Character) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
    }

    public static let light = BorderGlyphs(horizontal: "─", vertical: "│", topLeft: "┌",
                                           topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    /// Used for the focused pane, so focus shows without colour too.
    public static let heavy = BorderGlyphs(horizontal: "━", vertical: "┃", topLeft: "┏",
                                           topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
}
