import RapportJournal
import RapportModel

/// One account in full: who they are, their people, and every journal line about them,
/// newest first.
struct DetailView {
    var data: DashboardData
    var account: String
    var offset: Int

    func render(in rect: Rect, on canvas: inout Canvas) {
        canvas.fill(rect)
        guard let a = data.book.accounts[account] else { return }
        Pane(title: "\(a.name) · \(a.id)", isFocused: true).render(in: rect, on: &canvas)
        let inner = rect.inset(by: 1)
        guard inner.height >= 4 else { return }
        var y = inner.y
        func line(_ text: String, _ style: Style = .normal) {
            guard y < inner.maxY else { return }
            canvas.put(text, at: Point(x: inner.x + 1, y: y), maxWidth: inner.width - 2, style: style)
            y += 1
        }
        var facts = ["\(a.tier.rawValue) client", a.status.label]
        if let owner = a.owner { facts.append("owner \(owner)") }
        if let phone = a.phone { facts.append(phone) }
        if let email = a.email { facts.append(email) }
        line(facts.joined(separator: " · "))
        for flag in a.flags {
            line("\(PaneFormat.flagWord(flag)): \(flag.instruction) → \(flag.routeTo) (raised by \(flag.raisedBy): \(flag.reason))", Style(.flag, .bold))
        }
        let people = (data.book.contactsByAccount[account] ?? []).compactMap { data.book.contacts[$0] }
        if !people.isEmpty {
            line("People: " + people.map { [$0.name, $0.role, $0.phone].compactMap { $0 }.joined(separator: " ") }.joined(separator: " · "), .muted)
        }
        let history = data.loaded.history(of: account)
        line("History (\(history.count) journal lines, newest first)", Style(.header, .bold))
        let start = min(offset, max(0, history.count - 1))
        let numberWidth = String(history.first?.line ?? 0).count
        for item in history.dropFirst(start) {
            guard y < inner.maxY - 1 else { break }
            let number = String(item.line)
            line(String(repeating: " ", count: max(0, numberWidth - number.count)) + number + "  " + LineFormat.print(item.event))
        }
        canvas.put("↑↓ scroll · Esc back", at: Point(x: inner.x + 1, y: inner.maxY - 1), maxWidth: inner.width - 2, style: .muted)
    }
}
