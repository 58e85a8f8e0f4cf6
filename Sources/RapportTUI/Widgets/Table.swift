/// Rows and columns with a header, a selected row and scrolling.
///
/// Columns are sized and aligned in terminal cells, so names in any script line
/// up. The selected row is marked in the selection role (`cursor` says how much of
/// it). The table keeps no scroll state of its own: the caller stores `offset` and asks
/// `visibleOffset(rows:)` for the one that keeps the selection in view.
public struct Table: Widget, Sendable {
    /// How much of the selected row the selection role covers.
    public enum Cursor: Sendable, Hashable {
        /// Every cell of the row: the easiest to follow across a wide row, and the
        /// costliest to move, since both rows are written out again in full.
        case wholeRow
        /// The row's leading columns through the text of its first flexible column
        /// (the account or client name), and one cell after it. A move rewrites only
        /// those cells of the two rows.
        case leadingText
    }

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
    public var cursor: Cursor

    public init(columns: [Column], rows: [Row], selection: Int? = nil, offset: Int = 0, showsHeader: Bool = true,
                cursor: Cursor = .wholeRow) {
        self.columns = columns
        self.rows = rows
        self.selection = selection
        self.offset = offset
        self.showsHeader = showsHeader
        self.cursor = cursor
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
            let leadEnd = drawRow(rows[index].items, in: rowRect, widths: widths,
                                  style: isSelected && cursor == .wholeRow ? .selection : rows[index].style, on: &canvas)
            // A mark in the last cell when rows continue off screen above or below.
            if line == 0, first > 0 {
                canvas.put("▲", at: Point(x: rowRect.maxX - 1, y: rowRect.y), style: .muted)
            }
            if line == body.height - 1, index + 1 < rows.count {
                canvas.put("▼", at: Point(x: rowRect.maxX - 1, y: rowRect.y), style: .muted)
            }
            if isSelected {
                switch cursor {
                case .wholeRow:
                    canvas.restyle(rowRect, style: .selection)
                case .leadingText:
                    canvas.restyle(Rect(x: rowRect.x, y: rowRect.y, width: min(leadEnd + 1, rowRect.maxX) - rowRect.x, height: 1),
                                   style: .selection)
                }
            }
        }
    }

    /// Draws one row's items; returns where the text of the first flexible column ends
    /// (the end of the row's leading columns when none is flexible or shown).
    @discardableResult
    private func drawRow(_ items: [Item], in rect: Rect, widths: [Int], style: Style, on canvas: inout Canvas) -> Int {
        var x = rect.x
        var leadEnd: Int?
        for (index, column) in columns.enumerated() where x < rect.maxX {
            let width = min(widths[index], rect.maxX - x)
            var written = 0
            if index < items.count {
                written = canvas.put(items[index].text, in: Rect(x: x, y: rect.y, width: width, height: 1),
                                     alignment: column.alignment, style: items[index].style ?? style)
            }
            if leadEnd == nil, case .flexible = column.width {
                // Text set to the right of its cell ends at the cell's end.
                leadEnd = column.alignment == .leading ? x + written : x + width
            }
            x += width + 1
        }
        return leadEnd ?? min(x - 1, rect.maxX)
    }
}
