/// Rows and columns with a header, a selected row and scrolling.
///
/// Columns are sized and aligned in terminal cells, so names in any script line
/// up. The selected row is drawn in the selection role *and* reverse video. The
/// table keeps no scroll state of its own: the caller stores `offset` and asks
/// `visibleOffset(rows:)` for the one that keeps the selection in view.
public struct Table: Widget, Sendable {
    public struct Column: Hashable, Sendable {
        public enum Width: Hashable, Sendable {
            case fixed(Int)
            /// Shares the space left by fixed columns, never narrower than `minimum`.
            case flexible(minimum: Int)
        }

        public var title: String
        public var width: Width
        public var alignment: TextAlignment

        public init(_ title: String, width: Width, alignment: TextAlignment = .leading) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    /// One cell's text, with a style of its own when it carries meaning (a flag).
    public struct Item: Hashable, Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var style: Style?

        public init(_ text: String, style: Style? = nil) {
            self.text = text
            self.style = style
        }

        public init(stringLiteral value: String) { self.init(value) }
    }

    public struct Row: Hashable, Sendable {
        public var items: [Item]
        public var style: Style

        public init(_ items: [Item], style: Style = .normal) {
            self.items = items
            self.style = style
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var selection: Int?
    public var offset: Int
    public var showsHeader: Bool

    public init(columns: [Column], rows: [Row], selection: Int? = nil, offset: Int = 0, showsHeader: Bool = true) {
        self.columns = columns
        self.rows = rows
        self.selection = selection
        self.offset = offset
        self.showsHeader = showsHeader
    }

    /// The first row to show in `visibleRows` rows: `offset`, moved just enough to
    /// keep the selection in view and not to leave empty space after the last row.
    public func visibleOffset(rows visibleRows: Int) -> Int {
        Self.offset(keeping: selection, current: offset, visibleRows: visibleRows, count: rows.count)
    }

    public static func offset(keeping selection: Int?, current: Int, visibleRows: Int, count: Int) -> Int {
        guard visibleRows > 0 else { return 0 }
        var result = min(max(current, 0), max(0, count - visibleRows))
        if let selection {
            if selection < result { result = selection }
            if selection >= result + visibleRows { result = selection - visibleRows + 1 }
        }
        return max(0, result)
    }

    /// Column widths for a table `totalWidth` cells wide, one cell between columns.
    public func columnWidths(totalWidth: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.reduce(0) { sum, column in
            if case .fixed(let width) = column.width { return sum + width }
            return sum
        }
        let flexible = columns.filter { if case .flexible = $0.width { return true } else { return false } }
        var spare = max(0, totalWidth - gaps - fixed)
        var shares = flexible.count
        return columns.map { column in
            switch column.width {
            case .fixed(let width):
                return width
            case .flexible(let minimum):
                let share = shares > 0 ? spare / shares : 0
                shares -= 1
                let width = max(minimum, share)
                spare = max(0, spare - width)
                return width
            }
        }
    }

    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        canvas.fill(rect)
        let widths = columnWidths(totalWidth: rect.width)
        var body = rect
        if showsHeader {
            let parts = rect.divided(atRow: 1)
            drawRow(columns.map { Item($0.title) }, in: parts.top, widths: widths,
                    style: Style(.header, [.bold, .underline]), on: &canvas)
            body = parts.bottom
        }
        let first = visibleOffset(rows: body.height)
        for line in 0..<body.height {
            let index = first + line
            guard index < rows.count else { break }
            let rowRect = body.row(line)
            let isSelected = index == selection
            if rows[index].style != .normal { canvas.fill(rowRect, style: rows[index].style) }
            drawRow(rows[index].items, in: rowRect, widths: widths,
                    style: isSelected ? .selection : rows[index].style, on: &canvas)
            // A mark in the last cell when rows continue off screen above or below.
            if line == 0, first > 0 {
                canvas.put("▲", at: Point(x: rowRect.maxX - 1, y: rowRect.y), style: .muted)
            }
            if line == body.height - 1, index + 1 < rows.count {
                canvas.put("▼", at: Point(x: rowRect.maxX - 1, y: rowRect.y), style: .muted)
            }
            if isSelected { canvas.restyle(rowRect, style: .selection) }
        }
    }

    private func drawRow(_ items: [Item], in rect: Rect, widths: [Int], style: Style, on canvas: inout Canvas) {
        var x = rect.x
        for (index, column) in columns.enumerated() where x < rect.maxX {
            let width = min(widths[index], rect.maxX - x)
            if index < items.count {
                canvas.put(items[index].text, in: Rect(x: x, y: rect.y, width: width, height: 1),
                           alignment: column.alignment, style: items[index].style ?? style)
            }
            x += width + 1
        }
    }
}
