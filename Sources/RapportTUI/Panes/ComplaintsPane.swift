import RapportModel

/// The open queue, most urgent first: severity, age, both SLA clocks, state in the
/// protocol, owner, links. Clock states are words and glyphs as well as colours.
struct ComplaintsPane {
    var data: DashboardData
    var rows: [Int]
    var state: DashboardState

    func render(in rect: Rect, on canvas: inout Canvas) {
        let columns: [(Table.Column, Int)] = [
            (Table.Column("Sev", width: .fixed(4)), 0),
            (Table.Column("Age", width: .fixed(4), alignment: .trailing), 0),
            (Table.Column("Client", width: .flexible(minimum: 10)), 0),
            (Table.Column("Resp", width: .fixed(6)), 1),
            (Table.Column("Fix", width: .fixed(6)), 1),
            (Table.Column("State", width: .fixed(13)), 2),
            (Table.Column("Owner", width: .fixed(6)), 4),
            (Table.Column("Links", width: .fixed(5)), 5),
            (Table.Column("Id", width: .fixed(7)), 6),
            (Table.Column("Complaint", width: .flexible(minimum: 14)), 3),
        ]
        var title = "Complaints"
        if let saved = state.complaintFilter { title += " [\(saved.label)]" }
        if !state.marked.isEmpty { title += " ●\(state.marked.count)" }
        ListPane(pane: .complaints, title: title, focused: state.focus == .complaints, columns: columns.map { ($0.0, $0.1) },
                 total: rows.count, selection: state.selected(.complaints), offset: state.offsets[.complaints] ?? 0,
                 filter: state.filter(.complaints), editingFilter: state.editingFilter && state.focus == .complaints,
                 emptyText: state.complaintFilter == nil ? "No open complaints" : "None \(state.complaintFilter!.label) · F next filter", cursor: data.tableCursor) { index in
            let t = data.complaints[rows[index]]
            let c = t.complaint
            var stateText = c.state.label
            if c.waitingSince != nil { stateText += " ⏸" }
            if !c.missingSteps.isEmpty && c.state >= .fixOffered { stateText += " !" }
            // Clocks are worked out at the screen's minute, so they tick even when the order waits.
            let clocks = data.clocks(of: c)
            let resp = clocks.first { $0.kind == .firstResponse }.map(Self.cell) ?? Table.Item("—", style: .muted)
            let fix = clocks.first { $0.kind == .resolution }.map(Self.cell) ?? Table.Item("—", style: .muted)
            var links = ""
            if !c.linked.isEmpty { links += "\(c.linked.count)↔" }
            if let cause = c.cause { links += "K\(data.book.reach(ofCause: cause).accounts.count)" }
            let mark = state.marked.contains(c.id) ? "●" : " "
            return Table.Row([
                Table.Item("\(mark)S\(c.severity)", style: Style(.severity(c.severity))),
                Table.Item(PaneFormat.age(from: c.opened, to: data.now)),
                Table.Item(data.book.accounts[c.account]?.name ?? c.account),
                resp,
                fix,
                Table.Item(stateText),
                Table.Item(c.owner ?? "—", style: c.owner == nil ? Style(.warning) : nil),
                Table.Item(links.isEmpty ? "—" : links, style: links.isEmpty ? .muted : nil),
                Table.Item(c.id, style: .muted),
                Table.Item(c.summary),
            ])
        }.render(in: rect, on: &canvas)
    }

    /// A clock in six cells: "3h", "⚠ 45m", "‼ 2h" (overdue by), "⏸ 1h", "✓ met", "✗ late".
    static func cell(_ clock: ServiceClock) -> Table.Item {
        let left = String(ServiceClock.duration(abs(clock.left)).filter { $0 != " " })
        switch clock.status {
        case .met: return Table.Item("✓ met", style: .muted)
        case .missed: return Table.Item("✗ late", style: Style(.warning))
        case .overdue: return Table.Item("‼ \(left)", style: .error)
        case .warning: return Table.Item("⚠ \(left)", style: Style(.warning, .bold))
        case .paused: return Table.Item("⏸ \(left)", style: .muted)
        case .running: return Table.Item(left)
        }
    }
}

/// Why a complaint is where it is: every urgency term, both clocks, links and likely links.
struct UrgencyOverlay {
    var data: DashboardData
    var complaint: String
    var offset: Int

    func render(in rect: Rect, on canvas: inout Canvas) {
        guard let t = data.book.triaged(complaint, now: data.now, weights: data.settings.urgency, service: data.settings.service,
                                                 health: data.settings.health) else {
            return
        }
        let c = t.complaint
        var lines: [(String, Style)] = []
        lines.append(("\(c.id) · \(data.book.accounts[c.account]?.name ?? c.account) · S\(c.severity) \(c.category) · \(c.state.label)", Style(.header, .bold)))
        lines.append((c.summary, .normal))
        lines.append(("", .normal))
        lines.append(("Urgency \(Self.points(t.urgency)), the sum of:", Style(.header, .bold)))
        for term in t.terms {
            let figure = Self.points(term.points)
            lines.append(("  " + String(repeating: " ", count: max(0, 7 - figure.count)) + figure + "  \(term.name): \(term.reason)", term.points < 0 ? .muted : .normal))
        }
        lines.append(("", .normal))
        lines.append(("Clocks (\(data.settings.service.calendar.mode == .business ? "business hours, \(data.settings.service.calendar.zone.name)" : "calendar hours")):", Style(.header, .bold)))
        for clock in t.clocks {
            var text = "  \(clock.kind.rawValue): \(clock.summary) of \(ServiceClock.duration(clock.target))"
            if let d = clock.deadline { text += " · breaches \(d.iso8601)" }
            let style: Style = clock.status == .overdue ? .error : clock.status == .warning ? Style(.warning, .bold) : .normal
            lines.append((text, style))
        }
        let steps = c.missingSteps
        lines.append(("", .normal))
        lines.append((steps.isEmpty ? "Protocol: apology, responsibility and fix recorded" : "Protocol: still missing \(steps.joined(separator: ", "))",
                      steps.isEmpty ? .normal : Style(.warning)))
        if !c.linked.isEmpty { lines.append(("Linked: \(c.linked.sorted().joined(separator: ", "))", .normal)) }
        if let cause = c.cause {
            let reach = data.book.reach(ofCause: cause)
            let summary = data.book.causes[cause]?.summary ?? ""
            lines.append(("Cause \(cause): \(summary) · \(reach.complaints.count) complaints from \(reach.accounts.count) accounts", .normal))
        }
        let suggestions = data.book.suggestedLinks(for: c.id, rules: data.settings.suggestions).prefix(5)
        if !suggestions.isEmpty {
            lines.append(("Likely the same cause (L links):", Style(.header, .bold)))
            for s in suggestions {
                let name = data.book.accounts[s.account]?.name ?? s.account
                lines.append(("  \(s.complaint) \(name): \(Int((s.similarity * 100).rounded()))% alike (\(s.sharedWords.prefix(4).joined(separator: ", ")))", .normal))
            }
        }

        canvas.fill(rect)
        Pane(title: "Why this urgency · \(c.id)", isFocused: true).render(in: rect, on: &canvas)
        let inner = rect.inset(by: 1)
        guard inner.height >= 2 else { return }
        let start = min(offset, max(0, lines.count - 1))
        var y = inner.y
        for (text, style) in lines.dropFirst(start) where y < inner.maxY - 1 {
            canvas.put(text, at: Point(x: inner.x + 1, y: y), maxWidth: inner.width - 2, style: style)
            y += 1
        }
        canvas.put("↑↓ scroll · Esc back", at: Point(x: inner.x + 1, y: inner.maxY - 1), maxWidth: inner.width - 2, style: .muted)
    }

    static func points(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : "+"
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
