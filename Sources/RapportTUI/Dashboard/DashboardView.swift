import RapportModel

/// Draws the whole dashboard for a state and the data: pure, so a test can render any
/// moment to text.
public enum DashboardView {
    public static func render(_ s: DashboardState, _ data: DashboardData, journalName: String) -> (canvas: Canvas, cursor: Point?) {
        var canvas = Canvas(width: s.width, height: s.height)
        let layout = DashboardLayout(width: s.width, height: s.height)
        guard layout.fits else {
            let lines = ["Rapport needs \(DashboardLayout.minimumWidth)×\(DashboardLayout.minimumHeight) or more;",
                         "this terminal is \(s.width)×\(s.height).", "Enlarge it, or press q to quit."]
            for (i, part) in lines.enumerated() where i < s.height {
                canvas.put(part, at: Point(x: 0, y: i), style: i == 0 ? .error : .muted)
            }
            return (canvas, nil)
        }
        let rows = Dictionary(uniqueKeysWithValues: [DashboardPane.accounts, .complaints, .payments].map { ($0, DashboardUpdate.rows($0, s, data)) })
        AccountsPane(data: data, rows: rows[.accounts]!, state: s).render(in: layout.rect(of: .accounts), on: &canvas)
        // A cursor move in one pane leaves the other list panes as they were: they are
        // drawn again only when what they show could have changed.
        drawKept(.complaints, in: layout.rect(of: .complaints), s, data, on: &canvas) { rect, c in
            ComplaintsPane(data: data, rows: rows[.complaints]!, state: s).render(in: rect, on: &c)
        }
        drawKept(.payments, in: layout.rect(of: .payments), s, data, on: &canvas) { rect, c in
            PaymentsPane(data: data, rows: rows[.payments]!, state: s,
                         aging: data.visibleAging(account: s.accountFilter, filter: s.filter(.payments))).render(in: rect, on: &c)
        }
        HealthPane(data: data, account: DashboardUpdate.healthAccount(s, data), focused: s.focus == .health)
            .render(in: layout.rect(of: .health), on: &canvas)

        var cursor: Point?
        switch s.overlay {
        case .help(let offset):
            HelpOverlay(rows: DashboardKeymap.keymap.helpRows(), title: "Keys", offset: offset).render(in: layout.body, on: &canvas)
        case .detail(let account, let offset):
            DetailView(data: data, account: account, offset: offset).render(in: layout.body, on: &canvas)
        case .form(let form):
            let fields = form.keys.indices.map {
                Form.Field(label: form.labels[$0], input: form.inputs[$0],
                           message: (form.messages[$0] == "required" && form.error == nil ? nil : form.messages[$0])
                               ?? (form.warnings.indices.contains($0) ? form.warnings[$0] : nil),
                           placeholder: form.placeholders[$0])
            }
            let widget = Form(title: form.title + (form.subject.map { " · \($0)" } ?? ""), fields: fields, focus: form.focus,
                              hint: form.error.map { "Not written: \($0)" } ?? "Enter write · Esc cancel · Tab next field")
            let box = layout.body.centered(width: min(layout.body.width - 4, 90), height: widget.contentHeight + 2)
            widget.render(in: box, on: &canvas)
            cursor = widget.cursorPosition(in: box)
        case .lookup(let lookup):
            CallerCheckView(data: data, lookup: lookup).render(in: layout.body, on: &canvas)
        case .portfolio(let portfolio, let offset):
            PortfolioView(data: data, portfolio: portfolio, offset: offset).render(in: layout.body, on: &canvas)
        case .urgency(let id, let offset):
            UrgencyOverlay(data: data, complaint: id, offset: offset).render(in: layout.body, on: &canvas)
        case nil:
            break
        }
        renderStatus(s, data, journalName: journalName, in: layout.statusLine, on: &canvas)
        return (canvas, cursor)
    }

    /// Everything of the state that the Complaints or Payments pane reads. With the data
    /// (whose derived views, where the drawing is kept, go with any change to it), it
    /// decides the drawing.
    private struct ListPaneKey: Hashable {
        var pane: DashboardPane
        var width: Int
        var height: Int
        var focused: Bool
        var selection: Int
        var offset: Int
        var filter: String
        var editingFilter: Bool
        var accountFilter: String?
        var complaintFilter: ComplaintFilter?
        var marked: Set<String>

        init(_ pane: DashboardPane, _ rect: Rect, _ s: DashboardState) {
            self.pane = pane
            width = rect.width
            height = rect.height
            focused = s.focus == pane
            selection = s.selected(pane)
            offset = s.offsets[pane] ?? 0
            filter = s.filter(pane)
            // Each pane shows a filter being typed only when it has the focus.
            editingFilter = s.editingFilter && focused
            accountFilter = s.accountFilter
            complaintFilter = pane == .complaints ? s.complaintFilter : nil
            marked = pane == .complaints ? s.marked : []
        }
    }

    /// Draws a list pane on a canvas of its own (kept in the data's derived views) and
    /// copies it into place.
    private static func drawKept(_ pane: DashboardPane, in rect: Rect, _ s: DashboardState, _ data: DashboardData,
                                 on canvas: inout Canvas, draw: (Rect, inout Canvas) -> Void) {
        let drawn = data.derived.pane(pane, key: ListPaneKey(pane, rect, s)) {
            var own = Canvas(width: rect.width, height: rect.height)
            draw(own.bounds, &own)
            return own
        }
        canvas.copy(drawn, to: Point(x: rect.x, y: rect.y))
    }

    static func renderStatus(_ s: DashboardState, _ data: DashboardData, journalName: String, in rect: Rect, on canvas: inout Canvas) {
        canvas.fill(rect, style: .statusLine)
        let (y, m, d) = data.now.day.civil
        let minutes = data.now.secondOfDay / 60
        let clock = "\(y)-\(pad(m))-\(pad(d)) \(pad(minutes / 60)):\(pad(minutes % 60))Z"
        var parts = ["\(data.book.accounts.count) accounts", "\(data.openComplaintCount) open", clock]
        if !data.loaded.problems.isEmpty { parts.insert("\(data.loaded.problems.count) journal problems", at: 0) }
        parts.insert(journalName, at: 0)
        var info = parts.joined(separator: " · ")
        while DisplayWidth.of(info) > rect.width - 36, parts.count > 1 {
            parts.removeFirst()
            info = parts.joined(separator: " · ")
        }
        let infoWidth = min(DisplayWidth.of(info), rect.width / 2)
        let left = s.editingFilter ? "Filter: type to narrow · Enter keep · Esc clear" : (s.message.isEmpty ? "? keys · w who's calling · q quit" : s.message)
        canvas.put(" " + left, at: Point(x: rect.x, y: rect.y), maxWidth: rect.width - infoWidth - 2, style: .statusLine)
        canvas.put(info + " ", in: Rect(x: rect.maxX - infoWidth - 1, y: rect.y, width: infoWidth + 1, height: 1), alignment: .trailing, style: .statusLine)
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
