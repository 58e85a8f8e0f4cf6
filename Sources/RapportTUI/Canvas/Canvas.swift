/// An in-memory grid of cells that panes and widgets draw into each frame.
///
/// Drawing never touches the terminal: the `Screen` copies a finished canvas to
/// ncurses, and tests read it back as text. All text entering the canvas is
/// sanitised and measured in cells, so neither control sequences from data nor
/// wide characters can shift what is drawn after them.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// The cells of row `y`, left to right.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        cells[(y * width)..<((y + 1) * width)]
    }

    /// Writes `text` starting at `point`, within `maxWidth` cells and the canvas edge,
    /// ending in "…" when it does not fit. Returns the number of cells written.
    @discardableResult
    public mutating func put(_ text: String, at point: Point, maxWidth: Int? = nil, style: Style = .normal) -> Int {
        guard point.y >= 0, point.y < height, point.x >= 0, point.x < width else { return 0 }
        let available = min(maxWidth ?? Int.max, width - point.x)
        guard available > 0 else { return 0 }
        let fitted = DisplayWidth.truncate(DisplayWidth.sanitize(text), toWidth: available)
        var x = point.x
        if DisplayWidth.plainCells(fitted.unicodeScalars) != nil {
            // Each scalar is a character of its own: no need to find where characters end.
            for scalar in fitted.unicodeScalars {
                let cells = DisplayWidth.plainWidth(scalar.value)
                setCell(Cell(Character(scalar), width: cells, style: style), x: x, y: point.y)
                x += cells
            }
            return x - point.x
        }
        for character in fitted {
            let cells = DisplayWidth.of(character)
            guard cells > 0 else { continue }
            setCell(Cell(character, width: cells, style: style), x: x, y: point.y)
            x += cells
        }
        return x - point.x
    }

    /// Writes `text` aligned within the single-row rectangle `rect`.
    @discardableResult
    public mutating func put(_ text: String, in rect: Rect, alignment: TextAlignment, style: Style = .normal) -> Int {
        let textWidth = min(DisplayWidth.of(DisplayWidth.sanitize(text)), rect.width)
        let offset = alignment.offset(forWidth: textWidth, in: rect.width)
        return put(text, at: Point(x: rect.x + offset, y: rect.y), maxWidth: rect.width - offset, style: style)
    }

    /// Fills `rect` with one repeated single-width grapheme.
    public mutating func fill(_ rect: Rect, with grapheme: Character = " ", style: Style = .normal) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = Cell(grapheme, width: 1, style: style)
        for y in area.minY..<area.maxY {
            for x in area.minX..<area.maxX { setCell(cell, x: x, y: y) }
        }
    }

    /// Gives every cell in `rect` the same style, keeping its text (a selected row).
    public mutating func restyle(_ rect: Rect, style: Style) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.minY..<area.maxY {
            for x in area.minX..<area.maxX { cells[y * width + x].style = style }
        }
    }

    /// Draws a frame around the edge of `rect`, with `title` set into the top border.
    public mutating func drawBox(_ rect: Rect, glyphs: BorderGlyphs = .light, style: Style = .border,
                                 title: String? = nil, titleStyle: Style = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        fill(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), with: glyphs.horizontal, style: style)
        fill(Rect(x: rect.x + 1, y: bottom, width: rect.width - 2, height: 1), with: glyphs.horizontal, style: style)
        fill(Rect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), with: glyphs.vertical, style: style)
        fill(Rect(x: right, y: rect.y + 1, width: 1, height: rect.height - 2), with: glyphs.vertical, style: style)
        fill(Rect(x: rect.x, y: rect.y, width: 1, height: 1), with: glyphs.topLeft, style: style)
        fill(Rect(x: right, y: rect.y, width: 1, height: 1), with: glyphs.topRight, style: style)
        fill(Rect(x: rect.x, y: bottom, width: 1, height: 1), with: glyphs.bottomLeft, style: style)
        fill(Rect(x: right, y: bottom, width: 1, height: 1), with: glyphs.bottomRight, style: style)
        if let title, !title.isEmpty, rect.width >= 5 {
            put(" \(title) ", at: Point(x: rect.x + 1, y: rect.y), maxWidth: rect.width - 2, style: titleStyle)
        }
    }

    /// Copies all of `source` onto this canvas with its top-left corner at `origin`, cut
    /// at this canvas's edges: a pane drawn earlier on a canvas of its own.
    public mutating func copy(_ source: Canvas, to origin: Point) {
        let area = Rect(x: origin.x, y: origin.y, width: source.width, height: source.height).intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.minY..<area.maxY {
            let from = (y - origin.y) * source.width + (area.minX - origin.x)
            cells.replaceSubrange((y * width + area.minX)..<(y * width + area.maxX), with: source.cells[from..<(from + area.width)])
        }
    }

    /// Each row as plain text, exactly `width` cells wide.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) where !cell.isContinuation { line.append(cell.grapheme) }
            return line
        }
    }

    /// The whole canvas as text with trailing spaces removed, for snapshot tests.
    public func text() -> String {
        lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n")
    }

    /// Stores `cell` at (x, y), blanking any wide grapheme it would cut in half.
    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard y >= 0, y < height, x >= 0, x + max(cell.width, 1) <= width else { return }
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        let end = x + max(cell.width, 1)
        if cells[end - 1].width == 2, end < width {
            cells[index + max(cell.width, 1)] = Cell(" ", style: cells[end].style)
        }
        cells[index] = cell
        if cell.width == 2 { cells[index + 1] = .continuation(style: cell.style) }
    }
}
