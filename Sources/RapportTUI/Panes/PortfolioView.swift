import RapportModel

/// The whole book over the panes: the mix of clients by tier and health, how much rests
/// on the largest five, referrals and whom to ask next, the causes touching most clients,
/// and the accounts at risk.
struct PortfolioView {
    var data: DashboardData
    var portfolio: Portfolio
    var offset: Int

    func render(in rect: Rect, on canvas: inout Canvas) {
        canvas.fill(rect)
        Pane(title: "Portfolio · \(portfolio.accountCount) accounts", isFocused: true).render(in: rect, on: &canvas)
        let inner = rect.inset(by: 1)
        guard inner.height >= 3 else { return }
        let lines = portfolio.lines { data.book.accounts[$0]?.name ?? $0 }
        let start = min(offset, max(0, lines.count - 1))
        var y = inner.y
        for l in lines.dropFirst(start) where y < inner.maxY - 1 {
            let style: Style = l.kind == .heading ? Style(.header, .bold) : l.kind == .note ? .muted : .normal
            canvas.put(l.text, at: Point(x: inner.x + 1, y: y), maxWidth: inner.width - 2, style: style)
            y += 1
        }
        canvas.put("↑↓ scroll · Esc back", at: Point(x: inner.x + 1, y: inner.maxY - 1), maxWidth: inner.width - 2, style: .muted)
    }
}
