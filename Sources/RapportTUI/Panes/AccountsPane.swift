import RapportModel

/// Every client: name, tier, owner, status, health and the flags that matter on a call.
struct AccountsPane {
    var data: DashboardData
    var rows: [Int]
    var state: DashboardState

    func render(in rect: Rect, on canvas: inout Canvas) {
        let columns: [(Table.Column, Int)] = [
            (Table.Column("Account", width: .flexible(minimum: 12)), 0),
            (Table.Column("T", width: .fixed(1)), 3),
            (Table.Column("Owner", width: .fixed(6)), 5),
            (Table.Column("Status", width: .fixed(10)), 4),
            (Table.Column("Hlth", width: .fixed(4), alignment: .trailing), 0),
            (Table.Column("Flags", width: .flexible(minimum: 10)), 1),
        ]
        ListPane(pane: .accounts, title: "Accounts", focused: state.focus == .accounts, columns: columns.map { ($0.0, $0.1) },
                 total: rows.count, selection: state.selected(.accounts), offset: state.offsets[.accounts] ?? 0,
                 filter: state.filter(.accounts), editingFilter: state.editingFilter && state.focus == .accounts,
                 emptyText: data.accounts.isEmpty ? "No accounts yet: add one with `rapport add account`" : "No account matches", cursor: data.tableCursor) { index in
            let a = data.accounts[rows[index]]
            var flags: [String] = a.flags.map(PaneFormat.flagWord)
            if let days = a.oldestOverdueDays { flags.append("\(days)d overdue") }
            if a.openComplaints > 0 { flags.append("\(a.openComplaints) open") }
            flags += a.healthFlags
            let flagStyle: Style? = a.flags.isEmpty ? (a.oldestOverdueDays == nil && a.healthFlags.isEmpty ? nil : Style(.overdue)) : Style(.flag, .bold)
            return Table.Row([
                Table.Item(a.name), Table.Item(PaneFormat.tierLetter(a.tier)), Table.Item(a.owner),
                Table.Item(a.status.label, style: a.status == .active ? nil : Style(.warning)),
                Table.Item("\(a.health)", style: PaneFormat.healthStyle(a.label)),
                Table.Item(flags.joined(separator: " · "), style: flagStyle),
            ])
        }.render(in: rect, on: &canvas)
    }
}
