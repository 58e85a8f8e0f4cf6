/// One terminal cell of a `Canvas`.
///
/// A wide grapheme (CJK, most emoji) is stored in its first cell with `width == 2`;
/// the cell to its right is a continuation (`width == 0`) that holds nothing of its
/// own. Keeping the pair explicit is what lets rows be compared, diffed and turned
/// into text without ever measuring a string twice.
public struct Cell: Hashable, Sendable {
    public var grapheme: Character
    /// 1 or 2 for a cell that starts a grapheme, 0 for the right half of a wide one.
    public var width: Int
    public var style: Style

    public init(_ grapheme: Character, width: Int = 1, style: Style = .normal) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    public static let blank = Cell(" ")

    public static func continuation(style: Style) -> Cell {
        Cell(" ", width: 0, style: style)
    }

    public var isContinuation: Bool { width == 0 }
}
