import RapportModel

/// "Who's calling?": a search box, the matches, and the top match's standing at a glance.
struct CallerCheckView {
    var data: DashboardData
    var lookup: CallerLookup

    func render(in rect: Rect, on canvas: inout Canvas) {
        let box = rect.centered(width: min(rect.width - 2, 100), height: min(rect.height - 2, 22))
        canvas.fill(box)
        Pane(title: "Who's calling?", isFocused: true).render(in: box, on: &canvas)
        let inner = box.inset(by: 1)
        guard inner.height >= 6, inner.width >= 20 else { return }
        canvas.put("Name, phone, email or account:", at: Point(x: inner.x + 1, y: inner.y), maxWidth: inner.width - 2, style: .normal)
        let field = Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, height: 1)
        canvas.fill(field, style: Style(.inputFocused, .underline))
        canvas.put(lookup.input.text, at: Point(x: field.x, y: field.y), maxWidth: field.width, style: Style(.inputFocused, .underline))
        var y = inner.y + 3
        let query = lookup.input.text
        if data.callerIndex == nil {
            canvas.put("Indexing names and numbers: a moment…", at: Point(x: inner.x + 1, y: y), maxWidth: inner.width - 2, style: .muted)
            return
        }
        if lookup.matches.isEmpty {
            canvas.put(query.isEmpty ? "Start typing; digits match any part of a phone number." : "No one matches \"\(query)\"",
                       at: Point(x: inner.x + 1, y: y), maxWidth: inner.width - 2, style: .muted)
            return
        }
        let selected = lookup.matches[min(lookup.selection, lookup.matches.count - 1)]
        if let summary = data.book.callerSummary(account: selected.account, contact: selected.contact, now: data.now) {
            y = renderSummary(summary, at: y, inner: inner, on: &canvas)
        }
        y += 1
        for (i, match) in lookup.matches.enumerated() where y < inner.maxY - 1 {
            guard let a = data.book.accounts[match.account] else { continue }
            var text = "\(a.id)  \(a.name)"
            if let c = match.contact.flatMap({ data.book.contacts[$0] }) { text += " · \(c.name)" }
            let style: Style = i == lookup.selection ? .selection : .normal
            let row = Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: 1)
            if i == lookup.selection { canvas.fill(row, style: style) }
            canvas.put(text, at: Point(x: row.x, y: y), maxWidth: row.width, style: style)
            y += 1
        }
        canvas.put("↑↓ choose · Enter go to account · Esc close", at: Point(x: inner.x + 1, y: inner.maxY - 1), maxWidth: inner.width - 2, style: .muted)
    }

    private func renderSummary(_ s: CallerSummary, at top: Int, inner: Rect, on canvas: inout Canvas) -> Int {
        var y = top
        func line(_ text: String, _ style: Style) {
            guard y < inner.maxY - 2 else { return }
            canvas.put(text, at: Point(x: inner.x + 1, y: y), maxWidth: inner.width - 2, style: style)
            y += 1
        }
        var who = "\(s.account.name) (\(s.account.id))"
        if let c = s.contact { who += " · \(c.name)" + (c.role.map { ", \($0)" } ?? "") }
        line(who, Style(.title, .bold))
        for flag in s.account.flags {
            line("\(PaneFormat.flagWord(flag)): \(flag.instruction)", Style(.flag, .bold))
            line("   → pass to \(flag.routeTo)", Style(.flag, .bold))
        }
        if s.receivables.unpaid.isZero {
            line("Nothing unpaid", Style(.healthGood))
        } else {
            var owed = "Unpaid \(s.receivables.unpaid)"
            if let days = s.receivables.oldestOverdueDays { owed += " · oldest \(days) days overdue" }
            line(owed, s.receivables.oldestOverdueDays == nil ? .normal : Style(.overdue, .bold))
        }
        for warning in s.warningLines {
            line(warning, warning.hasPrefix("!") ? Style(.warning) : .muted)
        }
        var rest = ["\(s.openComplaints) open complaint\(s.openComplaints == 1 ? "" : "s")"]
        if s.brokenPromises > 0 { rest.append("\(s.brokenPromises) broken promise\(s.brokenPromises == 1 ? "" : "s")") }
        rest.append("health \(s.health.score) \(s.health.label.rawValue)")
        if s.account.status != .active { rest.append(s.account.status.label) }
        line(rest.joined(separator: " · "), .normal)
        return y
    }
}
