import RapportModel

/// The selected account's health: a gauge with its number and label, then every
/// contribution with its points and reason, so the figure always explains itself.
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
        let report = data.book.health(of: account, now: data.now)
        let style = PaneFormat.healthStyle(report.label)
        Gauge(value: report.score, label: report.label.rawValue, style: style).render(in: inner.row(0), on: &canvas)
        var y = inner.y + 1
        canvas.put("base \(report.baseline)", at: Point(x: inner.x, y: y), maxWidth: inner.width, style: .muted)
        y += 1
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
    }
}
