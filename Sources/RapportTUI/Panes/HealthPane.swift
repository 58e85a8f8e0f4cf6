import RapportModel

/// The selected account's health: a gauge with its number and label, its 90-day trend and
/// what moved since last week, warnings that want action now (a promise about to be late,
/// a perception gap), then every contribution with its points and reason, so the figure
/// always explains itself. The trend is replayed from the journal, not stored.
struct HealthPane {
    var data: DashboardData
    var account: String?
    var focused: Bool

    func render(in rect: Rect, on canvas: inout Canvas) {
        let name = account.flatMap { data.book.accounts[$0]?.name }
        Pane(title: name.map { "Health · \($0)" } ?? "Health", isFocused: focused).render(in: rect, on: &canvas)
        let inner = rect.inset(by: 1)
        guard inner.height >= 2, inner.width >= 10 else { return }
        guard let account, data.book.accounts[account] != nil else {
            canvas.put("Select an account to see its health", at: Point(x: inner.x + 1, y: inner.y + 1), maxWidth: inner.width - 2, style: .muted)
            return
        }
        let weights = data.settings.health
        let view = data.healthView(of: account)
        let report = view.report, trend = view.trend
        let style = PaneFormat.healthStyle(report.label)
        Gauge(value: report.score, label: report.label.rawValue, style: style).render(in: inner.row(0), on: &canvas)
        var y = inner.y + 1
        func line(_ text: String, _ style: Style, x: Int? = nil) {
            guard y < inner.maxY else { return }
            let left = x ?? inner.x
            canvas.put(text, at: Point(x: left, y: y), maxWidth: inner.maxX - left, style: style)
            y += 1
        }

        // The trend: one block a day, and where it stood a week ago.
        let scores = trend.scores.map(Double.init)
        let week = trend.weekAgo.map { "wk ago \($0.score)" } ?? "new"
        let label = "\(weights.trendDays)d "
        let sparkWidth = max(0, min(scores.count, inner.width - DisplayWidth.of(label) - DisplayWidth.of(week) - 2))
        canvas.put(label, at: Point(x: inner.x, y: y), maxWidth: inner.width, style: .muted)
        Sparkline(values: scores, range: 0...100, style: style).render(in: Rect(x: inner.x + DisplayWidth.of(label), y: y, width: sparkWidth, height: 1), on: &canvas)
        let weekX = inner.x + DisplayWidth.of(label) + sparkWidth + 1
        if weekX < inner.maxX { canvas.put(week, at: Point(x: weekX, y: y), maxWidth: inner.maxX - weekX, style: .muted) }
        y += 1
        let changes = trend.changes
        if trend.weekAgo != nil {
            let moved = changes.map { "\($0.title) \($0.delta > 0 ? "+" : "")\($0.delta)" }
            line("Since last week: " + (moved.isEmpty ? "no change" : moved.joined(separator: ", ")), .muted)
        }

        // Warnings first, in words, not colour alone.
        for flag in report.flags {
            switch flag {
            case .tellThemNow(let promise, let due, let text):
                line("! TELL THEM NOW: \(promise) \"\(text)\" due \(due)", Style(.warning, .bold))
            case .perceptionGap(let gap):
                line("! GAP: \(gap.text)", Style(.flag, .bold))
            }
        }

        let ordered = report.contributions.sorted { abs($0.points) > abs($1.points) }
        let longest = ordered.map { DisplayWidth.of($0.title) }.max() ?? 0
        let titleWidth = min(longest, max(10, inner.width / 2 - 5))
        let reasonX = inner.x + 5 + titleWidth + 1
        for part in ordered where y < inner.maxY {
            let points = part.missing ? "  ?" : part.points == 0 ? "  0" : (part.points > 0 ? " +\(part.points)" : " \(part.points)")
            let pointStyle: Style = part.missing ? .muted : part.points < 0 ? Style(.healthPoor, .bold) : part.points > 0 ? Style(.healthGood) : .normal
            canvas.put(points, in: Rect(x: inner.x, y: y, width: 4, height: 1), alignment: .trailing, style: pointStyle)
            canvas.put(part.title, at: Point(x: inner.x + 5, y: y), maxWidth: titleWidth, style: part.missing ? .muted : .normal)
            if reasonX < inner.maxX {
                canvas.put((part.missing ? "missing: " : "") + part.reason, at: Point(x: reasonX, y: y), maxWidth: inner.maxX - reasonX, style: .muted)
            }
            y += 1
        }
        if let gap = report.gap, !gap.flagged { line("Our rating: \(gap.text)", .muted) }
        line("base \(report.baseline)", .muted)
        for change in changes where y < inner.maxY { line("  " + change.text, .muted) }
    }
}
