import RapportModel

/// Short forms the panes share, so an age or an amount reads the same everywhere.
enum PaneFormat {
    /// "5m", "3h", "12d".
    static func age(from start: Timestamp, to now: Timestamp) -> String {
        let seconds = max(0, now.seconds - start.seconds)
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }

    static func healthStyle(_ label: HealthLabel) -> Style {
        switch label {
        case .healthy: Style(.healthGood)
        case .watch: Style(.healthFair)
        case .atRisk: Style(.healthPoor, .bold)
        }
    }

    static func flagWord(_ flag: AccountFlag) -> String {
        flag.kind == .badDebt ? "! BAD DEBT" : "! HOLD"
    }

    static func tierLetter(_ tier: Tier) -> String {
        switch tier {
        case .small: "S"
        case .medium: "M"
        case .large: "L"
        }
    }

    /// Picks the columns that fit: each column has a priority, lower is kept longer.
    static func fit(_ columns: [(column: Table.Column, priority: Int)], width: Int) -> [Int] {
        var kept = Array(columns.indices)
        func needed(_ indexes: [Int]) -> Int {
            indexes.reduce(0) { total, i in
                switch columns[i].column.width {
                case .fixed(let w): total + w + 1
                case .flexible(let minimum): total + minimum + 1
                }
            }
        }
        while needed(kept) > width + 1, let drop = kept.filter({ columns[$0].priority > 0 }).max(by: { columns[$0].priority < columns[$1].priority }) {
            kept.removeAll { $0 == drop }
        }
        return kept
    }
}

/// Draws one list pane: frame, title with position, the visible slice of rows.
struct ListPane {
    var pane: DashboardPane
    var title: String
    var focused: Bool
    var columns: [(column: Table.Column, priority: Int)]
    var total: Int
    var selection: Int
    var offset: Int
    var filter: String
    var editingFilter: Bool
    var emptyText: String
    var cursor: Table.Cursor = .leadingText
    /// Builds the items of visible row `index` (an index into the filtered list).
    var row: (Int) -> Table.Row

    func render(in rect: Rect, on canvas: inout Canvas) {
        var heading = title
        if total > 0 { heading += " \(min(selection + 1, total))/\(total)" }
        if !filter.isEmpty || editingFilter { heading += "  /\(filter)" + (editingFilter ? "▏" : "") }
        Pane(title: heading, isFocused: focused).render(in: rect, on: &canvas)
        let inner = rect.inset(by: 1)
        guard inner.height >= 2, inner.width >= 4 else { return }
        let kept = PaneFormat.fit(columns, width: inner.width)
        let visibleRows = inner.height - 1
        let first = Table.offset(keeping: selection, current: offset, visibleRows: visibleRows, count: total)
        let slice = first..<min(total, first + visibleRows)
        let rows = slice.map { index -> Table.Row in
            let full = row(index)
            return Table.Row(kept.map { $0 < full.items.count ? full.items[$0] : "" }, style: full.style)
        }
        let table = Table(columns: kept.map { columns[$0].column }, rows: rows,
                          selection: focused || total > 0 ? selection - first : nil, offset: 0, cursor: cursor)
        table.render(in: inner, on: &canvas)
        if total == 0 {
            canvas.put(emptyText, at: Point(x: inner.x + 1, y: inner.y + 2), maxWidth: inner.width - 2, style: .muted)
        }
        if !focused, rows.indices.contains(selection - first) {
            canvas.restyle(inner.row(1 + selection - first), style: Style(.normal, .underline))
        }
    }
}

extension DashboardData {
    /// How the lists mark their selected row, from the `cursor` setting.
    var tableCursor: Table.Cursor { settings.cursor == .row ? .wholeRow : .leadingText }
}
