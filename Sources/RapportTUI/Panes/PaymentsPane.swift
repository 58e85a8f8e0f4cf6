import RapportModel

/// Unpaid invoices, most overdue first, with aging bucket and any bad-debt flag with
/// the person to route the caller to; above them, what the listed invoices come to in
/// each aging bucket per currency (the whole book's until a filter narrows the list).
struct PaymentsPane {
    var data: DashboardData
    var rows: [Int]
    var state: DashboardState
    var aging: AgingSummary

    func render(in rect: Rect, on canvas: inout Canvas) {
        let summary = agingLines(width: rect.width - 2)
        let keep = max(0, min(summary.count, rect.height - 6))
        // The list draws below the summary; its top border row becomes the last summary line.
        renderList(in: Rect(x: rect.x, y: rect.y + keep, width: rect.width, height: rect.height - keep), on: &canvas)
        guard keep > 0 else { return }
        let focused = state.focus == .payments
        var heading = "Payments"
        if !rows.isEmpty { heading += " \(min(state.selected(.payments) + 1, rows.count))/\(rows.count)" }
        let filter = state.filter(.payments)
        let editing = state.editingFilter && focused
        if !filter.isEmpty || editing { heading += "  /\(filter)" + (editing ? "▏" : "") }
        // One frame round summary and list; the list's own top border row is overwritten.
        Pane(title: heading, isFocused: focused).render(in: rect, on: &canvas)
        for (i, line) in summary.prefix(keep).enumerated() {
            let row = Rect(x: rect.x + 1, y: rect.y + 1 + i, width: rect.width - 2, height: 1)
            canvas.fill(row)
            _ = canvas.put(line.text, at: Point(x: row.x, y: row.y), maxWidth: row.width, style: line.style)
        }
    }

    /// Aging totals of the unpaid invoices listed (as of now), one line per currency,
    /// never summed across: a table when the pane is wide, a short form when not.
    func agingLines(width: Int) -> [(text: String, style: Style)] {
        let currencies = aging.currencies
        guard !currencies.isEmpty else { return [] }
        let cell = 14
        var lines: [(text: String, style: Style)] = []
        if width >= 5 + cell * AgingBucket.allCases.count {
            func pad(_ text: String, _ w: Int = cell) -> String { String(repeating: " ", count: max(1, w - text.count)) + text }
            lines.append(("Aging" + AgingBucket.allCases.map { pad($0.label) }.joined(), Style(.header)))
            for c in currencies {
                let cells = AgingBucket.allCases.map { b -> String in
                    let m = aging.amount(b, in: c)
                    return pad(m.isZero ? "—" : String(m.formatted.dropFirst(c.code.count + 1)))
                }
                let late = aging.amount(.days61to90, in: c) + aging.amount(.over90, in: c)
                lines.append((c.code + String(repeating: " ", count: max(0, 5 - c.code.count)) + cells.joined(), late.isPositive ? Style(.overdue) : .normal))
            }
        } else {
            for c in currencies {
                let overdue = aging.total(in: c) - aging.amount(.current, in: c)
                var text = "\(aging.total(in: c).formatted) owed"
                if overdue.isPositive { text += " · \(String(overdue.formatted.dropFirst(c.code.count + 1))) overdue" }
                let old = aging.amount(.over90, in: c)
                if old.isPositive { text += " · \(String(old.formatted.dropFirst(c.code.count + 1))) 90+" }
                lines.append((text, old.isPositive ? Style(.overdue) : .normal))
            }
        }
        return lines
    }

    func renderList(in rect: Rect, on canvas: inout Canvas) {
        let columns: [(Table.Column, Int)] = [
            (Table.Column("Invoice", width: .fixed(8)), 3),
            (Table.Column("Client", width: .flexible(minimum: 10)), 0),
            (Table.Column("Owed", width: .fixed(14), alignment: .trailing), 0),
            (Table.Column("Late", width: .fixed(5), alignment: .trailing), 0),
            (Table.Column("Aging", width: .fixed(7)), 2),
            (Table.Column("Flag / route to", width: .flexible(minimum: 12)), 1),
        ]
        ListPane(pane: .payments, title: "Payments", focused: state.focus == .payments, columns: columns.map { ($0.0, $0.1) },
                 total: rows.count, selection: state.selected(.payments), offset: state.offsets[.payments] ?? 0,
                 filter: state.filter(.payments), editingFilter: state.editingFilter && state.focus == .payments,
                 emptyText: "Nothing unpaid", cursor: data.tableCursor) { index in
            let p = data.payments[rows[index]]
            let bucket = AgingBucket(daysOverdue: p.daysOverdue)
            var note: [String] = []
            if let flag = p.flag { note.append("\(PaneFormat.flagWord(flag)) → \(flag.routeTo)") }
            if p.disputed { note.append("disputed: not chased") }
            if p.brokenPromise { note.append("broken promise to pay") }
            if !p.disputed, p.daysOverdue > 0, let late = data.book.paymentLateness(of: p.account, asOf: data.now.day),
               late.invoices >= PaymentPolicy().minimumPaidInvoices, late.averageDays >= PaymentPolicy().lateDays {
                note.append("pays ~\(late.averageDays)d late")
            }
            let late = p.daysOverdue > 0 ? "\(p.daysOverdue)d" : "—"
            return Table.Row([
                Table.Item(p.invoice, style: .muted),
                Table.Item(p.accountName),
                Table.Item(p.outstanding.formatted),
                Table.Item(late, style: p.daysOverdue > 30 && !p.disputed ? Style(.overdue, .bold) : nil),
                Table.Item(bucket.label, style: bucket >= .days31to60 ? Style(.overdue) : nil),
                Table.Item(note.joined(separator: " · "), style: p.flag == nil ? (p.disputed ? Style(.muted) : Style(.warning)) : Style(.flag, .bold)),
            ])
        }.render(in: rect, on: &canvas)
    }
}
