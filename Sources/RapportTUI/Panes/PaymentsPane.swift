import RapportModel

/// Unpaid invoices, most overdue first, with aging bucket and any bad-debt flag with
/// the person to route the caller to.
struct PaymentsPane {
    var data: DashboardData
    var rows: [Int]
    var state: DashboardState

    func render(in rect: Rect, on canvas: inout Canvas) {
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
                 emptyText: "Nothing unpaid") { index in
            let p = data.payments[rows[index]]
            let bucket = AgingBucket(daysOverdue: p.daysOverdue)
            var note: [String] = []
            if let flag = p.flag { note.append("\(PaneFormat.flagWord(flag)) → \(flag.routeTo)") }
            if p.disputed { note.append("disputed: not chased") }
            if p.brokenPromise { note.append("broken promise") }
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
