import RapportModel

/// The open queue, most urgent first: age, severity, state in the protocol, owner.
struct ComplaintsPane {
    var data: DashboardData
    var rows: [Int]
    var state: DashboardState

    func render(in rect: Rect, on canvas: inout Canvas) {
        let columns: [(Table.Column, Int)] = [
            (Table.Column("Sev", width: .fixed(3)), 0),
            (Table.Column("Age", width: .fixed(4), alignment: .trailing), 0),
            (Table.Column("Client", width: .flexible(minimum: 10)), 0),
            (Table.Column("State", width: .fixed(13)), 2),
            (Table.Column("Owner", width: .fixed(6)), 4),
            (Table.Column("Id", width: .fixed(7)), 5),
            (Table.Column("Complaint", width: .flexible(minimum: 14)), 3),
        ]
        ListPane(pane: .complaints, title: "Complaints", focused: state.focus == .complaints, columns: columns.map { ($0.0, $0.1) },
                 total: rows.count, selection: state.selected(.complaints), offset: state.offsets[.complaints] ?? 0,
                 filter: state.filter(.complaints), editingFilter: state.editingFilter && state.focus == .complaints,
                 emptyText: "No open complaints") { index in
            let t = data.complaints[rows[index]]
            let c = t.complaint
            var stateText = c.state.label
            if c.waitingSince != nil { stateText += " ⏸" }
            if !c.missingSteps.isEmpty && c.state >= .fixOffered { stateText += " !" }
            return Table.Row([
                Table.Item("S\(c.severity)", style: Style(.severity(c.severity))),
                Table.Item(PaneFormat.age(from: c.opened, to: data.now)),
                Table.Item(data.book.accounts[c.account]?.name ?? c.account),
                Table.Item(stateText),
                Table.Item(c.owner ?? "—", style: c.owner == nil ? Style(.warning) : nil),
                Table.Item(c.id, style: .muted),
                Table.Item(c.summary),
            ])
        }.render(in: rect, on: &canvas)
    }
}
