import RapportModel

/// The dashboard's one state transition: a key (or click) and the current data in,
/// the new state and the effects to carry out back. No I/O happens here, so every key
/// sequence is a unit test.
public enum DashboardUpdate {
    public static func update(_ s: inout DashboardState, key: Key, data: DashboardData) -> [DashboardEffect] {
        if case .resize = key { return [] }
        switch s.overlay {
        case .form(var form):
            let effects = updateForm(&form, &s, key: key, data: data)
            return effects
        case .lookup(var lookup):
            updateLookup(&lookup, &s, key: key, data: data)
            return []
        case .urgency(let id, let offset):
            switch DashboardKeymap.keymap.action(for: key, in: DashboardKeymap.overlay) {
            case .up: s.overlay = .urgency(complaint: id, offset: max(0, offset - 1))
            case .down: s.overlay = .urgency(complaint: id, offset: offset + 1)
            case .back: s.overlay = nil
            default: if key == .char("u") { s.overlay = nil }
            }
            return []
        case .portfolio(let portfolio, let offset):
            switch DashboardKeymap.keymap.action(for: key, in: DashboardKeymap.overlay) {
            case .up: s.overlay = .portfolio(portfolio, offset: max(0, offset - 1))
            case .down: s.overlay = .portfolio(portfolio, offset: offset + 1)
            case .back: s.overlay = nil
            default: if key == .char("P") { s.overlay = nil }
            }
            return []
        case .help(let offset):
            switch DashboardKeymap.keymap.action(for: key, in: DashboardKeymap.overlay) {
            case .up: s.overlay = .help(offset: max(0, offset - 1))
            case .down: s.overlay = .help(offset: offset + 1)
            case .back: s.overlay = nil
            default: if key == .char("?") { s.overlay = nil }
            }
            return []
        case .detail(let account, let offset):
            switch DashboardKeymap.keymap.action(for: key, in: DashboardKeymap.overlay) {
            case .up: s.overlay = .detail(account: account, offset: max(0, offset - 1))
            case .down: s.overlay = .detail(account: account, offset: min(offset + 1, max(0, (data.book.eventsByAccount[account]?.count ?? 0) - 1)))
            case .back: s.overlay = nil
            default: break
            }
            return []
        case nil:
            break
        }
        if s.editingFilter { return updateFilter(&s, key: key, data: data) }
        if case .mouse(let mouse) = key { click(mouse, &s, data: data); return [] }
        let contexts = s.focus == .complaints ? [DashboardKeymap.complaints, DashboardKeymap.list] : [DashboardKeymap.list]
        guard let action = DashboardKeymap.keymap.action(for: key, in: contexts) else { return [] }
        return perform(action, &s, data: data)
    }

    static func perform(_ action: DashboardAction, _ s: inout DashboardState, data: DashboardData) -> [DashboardEffect] {
        let pane = s.focus
        let count = rows(pane, s, data).count
        let page = max(1, DashboardLayout(width: s.width, height: s.height).dataRows(of: pane) / 2)
        switch action {
        case .up: move(&s, pane, to: s.selected(pane) - 1, count: count)
        case .down: move(&s, pane, to: s.selected(pane) + 1, count: count)
        case .top: move(&s, pane, to: 0, count: count)
        case .bottom: move(&s, pane, to: count - 1, count: count)
        case .pageDown: move(&s, pane, to: s.selected(pane) + page, count: count)
        case .pageUp: move(&s, pane, to: s.selected(pane) - page, count: count)
        case .nextPane: s.focus = pane.next
        case .previousPane: s.focus = pane.previous
        case .paneLeft: if !pane.isLeft { s.focus = pane.across }
        case .paneRight: if pane.isLeft { s.focus = pane.across }
        case .goTo(let target): s.focus = target
        case .open:
            guard let account = currentAccount(s, data) else { s.message = "Nothing selected"; break }
            s.overlay = .detail(account: account, offset: 0)
        case .filter:
            guard pane != .health else { s.message = "The Health pane follows the selected account"; break }
            s.editingFilter = true
        case .help: s.overlay = .help(offset: 0)
        case .quit: return [.quit]
        case .redraw: return [.redraw]
        case .focusAccount:
            guard let account = currentAccount(s, data) else { break }
            s.accountFilter = account
            s.selection = [:]
            s.offsets = [:]
            s.message = "Showing only \(data.book.accounts[account]?.name ?? account) · x shows all"
        case .clearFilter:
            guard !s.filter(pane).isEmpty else { return perform(.clearAccountFilter, &s, data: data) }
            // The selected row stays selected in the whole list.
            let visible = rows(pane, s, data)
            let selected = visible.indices.contains(s.selected(pane)) ? visible[s.selected(pane)] : nil
            s.filters[pane] = nil
            let whole = rows(pane, s, data)
            move(&s, pane, to: selected.flatMap { whole.firstIndex(of: $0) } ?? 0, count: whole.count)
            s.message = "Filter cleared"
        case .clearAccountFilter:
            guard s.accountFilter != nil else { break }
            let account = s.accountFilter
            s.accountFilter = nil
            s.selection = [:]
            s.offsets = [:]
            if let account, let row = rows(.accounts, s, data).firstIndex(where: { data.accounts[$0].id == account }) {
                s.selection[.accounts] = row
            }
            s.message = "Showing all accounts"
        case .logInteraction, .openComplaint, .recordPayment, .addPromise:
            var form = makeForm(action, s, data)
            form.validate(in: data.book)
            s.overlay = .form(form)
        case .callerCheck:
            s.overlay = .lookup(CallerLookup())
        case .portfolio:
            let book = data.book, now = data.now, settings = data.settings
            s.overlay = .portfolio(book.portfolio(now: now) { book.health(of: $0, now: now, weights: settings.health, service: settings.service) }, offset: 0)
        case .complaintStep, .urgencyBreakdown, .toggleMark, .clearMarks, .cycleComplaintFilter:
            performComplaintAction(action, &s, data: data)
        case .back, .nextField, .previousField, .submit:
            break
        }
        return []
    }

    /// The visible rows of a pane under the current filters.
    public static func rows(_ pane: DashboardPane, _ s: DashboardState, _ data: DashboardData) -> [Int] {
        data.visibleRows(pane, account: s.accountFilter, filter: s.filter(pane), saved: s.complaintFilter)
    }

    static func move(_ s: inout DashboardState, _ pane: DashboardPane, to index: Int, count: Int) {
        s.selection[pane] = max(0, min(index, count - 1))
        let visible = DashboardLayout(width: s.width, height: s.height).dataRows(of: pane)
        s.offsets[pane] = Table.offset(keeping: s.selection[pane], current: s.offsets[pane] ?? 0, visibleRows: visible, count: count)
    }

    /// The account the Health pane shows: the held one while the cursor moves, else the
    /// selection's.
    public static func healthAccount(_ s: DashboardState, _ data: DashboardData) -> String? {
        s.healthHeld ?? currentAccount(s, data)
    }

    /// How long the cursor must rest before the Health pane follows it.
    public static let healthSettle = Duration.milliseconds(150)

    /// After a key: keeps the Health pane on the account it showed (`shown`) when the key
    /// only moved the cursor to another account, so a run of moves redraws the lists and
    /// not the Health pane; any other key lets it follow at once. Returns whether the pane
    /// is now held and must be released after `healthSettle`.
    public static func holdHealth(_ s: inout DashboardState, key: Key, shown: String?, data: DashboardData) -> Bool {
        let moved = s.overlay == nil && !s.editingFilter && s.focus != .health
            && [DashboardAction.up, .down, .pageUp, .pageDown].contains(DashboardKeymap.keymap.action(for: key, in: [DashboardKeymap.list]))
        guard moved, shown != currentAccount(s, data) else {
            s.healthHeld = nil
            return false
        }
        s.healthHeld = shown
        return true
    }

    /// The account the selection is about: the focused pane's row, else the account filter,
    /// else the Accounts pane's selection.
    public static func currentAccount(_ s: DashboardState, _ data: DashboardData) -> String? {
        for pane in [s.focus, .accounts] where pane != .health {
            let visible = rows(pane, s, data)
            let index = s.selected(pane)
            if visible.indices.contains(index), let account = data.account(of: pane, row: visible[index]) { return account }
        }
        return s.accountFilter
    }

    static func updateFilter(_ s: inout DashboardState, key: Key, data: DashboardData) -> [DashboardEffect] {
        let pane = s.focus
        switch key {
        case .enter:
            s.editingFilter = false
        case .escape:
            s.editingFilter = false
            s.filters[pane] = nil
        default:
            var input = TextInput(s.filter(pane))
            guard input.handle(key) else { return [] }
            s.filters[pane] = input.text
        }
        s.selection[pane] = 0
        s.offsets[pane] = 0
        return []
    }

    static func click(_ mouse: MouseEvent, _ s: inout DashboardState, data: DashboardData) {
        let layout = DashboardLayout(width: s.width, height: s.height)
        guard let pane = layout.pane(at: Point(x: mouse.x, y: mouse.y)) else { return }
        s.focus = pane
        guard pane != .health else { return }
        let rect = layout.rect(of: pane)
        let row = mouse.y - rect.y - 2 + (s.offsets[pane] ?? 0)
        let count = rows(pane, s, data).count
        if row >= 0 && row < count { s.selection[pane] = row }
    }

    // MARK: Forms

    static func makeForm(_ action: DashboardAction, _ s: DashboardState, _ data: DashboardData) -> EntryForm {
        let account = currentAccount(s, data) ?? ""
        let book = data.book
        let today = data.now.day
        switch action {
        case .logInteraction:
            return EntryForm(verb: .interactionLog, title: "Log a conversation", subject: nil, fields: [
                ("account", "Account", account, "account id"),
                ("kind", "Kind", "call", Vocabulary.interactionKinds.joined(separator: "|")),
                ("sentiment", "Their mood", "", "-2 angry … 0 neutral … 2 delighted"),
                ("summary", "What they said", "", "in their words"),
                ("contact", "Contact", "", "contact id (optional)"),
            ])
        case .openComplaint:
            return EntryForm(verb: .complaintOpen, title: "Open a complaint — ask, don't defend", subject: book.nextID(for: .complaintOpen), fields: [
                ("account", "Account", account, "account id"),
                ("severity", "Severity", "", "1 critical … 4 minor"),
                ("category", "Category", "", "delivery, billing, quality, service…"),
                ("summary", "Complaint", "", "as the client put it"),
                ("examples", "Their examples", "", "Why do you say it? Can you give me examples?"),
                ("channel", "Channel", "phone", Vocabulary.channels.joined(separator: "|")),
                ("owner", "Owner", book.accounts[account]?.owner ?? "", "who handles it"),
            ])
        case .recordPayment:
            var invoice = "", amount = "", currency = ""
            if s.focus == .payments {
                let visible = rows(.payments, s, data)
                if visible.indices.contains(s.selected(.payments)) {
                    let row = data.payments[visible[s.selected(.payments)]]
                    invoice = row.invoice
                    amount = row.outstanding.plain
                    currency = row.outstanding.currency.code
                }
            }
            return EntryForm(verb: .paymentRecord, title: "Record a payment", subject: book.nextID(for: .paymentRecord), fields: [
                ("account", "Account", account, "account id"),
                ("invoice", "Invoice", invoice, "invoice id (blank: oldest first)"),
                ("amount", "Amount", amount, "e.g. 1250.00"),
                ("currency", "Currency", currency.isEmpty ? "GBP" : currency, "ISO code"),
                ("date", "Received", today.iso8601, "YYYY-MM-DD"),
            ])
        default:
            return EntryForm(verb: .promiseMake, title: "Make a promise", subject: book.nextID(for: .promiseMake), fields: [
                ("account", "Account", account, "account id"),
                ("by", "Promised by", "us", "us | client"),
                ("due", "Due", today.adding(days: 3).iso8601, "YYYY-MM-DD"),
                ("text", "Promise", "", "call back, send credit, deliver fix…"),
                ("amount", "Amount", "", "for a promise to pay"),
                ("currency", "Currency", "", "for a promise to pay"),
            ])
        }
    }

    static func updateForm(_ form: inout EntryForm, _ s: inout DashboardState, key: Key, data: DashboardData) -> [DashboardEffect] {
        switch DashboardKeymap.keymap.action(for: key, in: [DashboardKeymap.form]) {
        case .nextField:
            form.focus = (form.focus + 1) % form.keys.count
        case .previousField:
            form.focus = (form.focus + form.keys.count - 1) % form.keys.count
        case .back:
            s.overlay = nil
            s.message = "Cancelled; nothing written"
            return []
        case .submit:
            form.validate(in: data.book)
            if let bad = form.messages.firstIndex(where: { $0 != nil }) {
                form.focus = bad
                form.error = "\(form.labels[bad]): \(form.messages[bad]!)"
                s.overlay = .form(form)
                return []
            }
            if !form.warned, let flagged = form.warnings.firstIndex(where: { $0 != nil }) {
                form.warned = true
                form.focus = flagged
                form.error = "\(form.labels[flagged]): \(form.warnings[flagged]!) (Enter again writes it as it is)"
                s.overlay = .form(form)
                return []
            }
            s.overlay = nil
            if let effects = complaintEffects(form, &s, data: data) { return effects }
            let subject = form.subjectField.map(form.value) ?? form.subject ?? data.book.nextID(for: form.verb) ?? ""
            return [.append(verb: form.verb, subject: subject, fields: form.fields)]
        default:
            form.inputs[form.focus].handle(key)
            form.error = nil
            form.warned = false
            form.validate(in: data.book)
        }
        s.overlay = .form(form)
        return []
    }

    // MARK: Caller check

    static func updateLookup(_ lookup: inout CallerLookup, _ s: inout DashboardState, key: Key, data: DashboardData) {
        switch key {
        case .escape:
            s.overlay = nil
            return
        case .up:
            lookup.selection = max(0, lookup.selection - 1)
        case .down:
            lookup.selection = min(max(0, lookup.matches.count - 1), lookup.selection + 1)
        case .enter:
            guard lookup.matches.indices.contains(lookup.selection) else { return }
            let account = lookup.matches[lookup.selection].account
            s.overlay = nil
            s.accountFilter = nil
            s.filters = [:]
            s.focus = .accounts
            let visible = rows(.accounts, s, data)
            if let row = visible.firstIndex(where: { data.accounts[$0].id == account }) {
                move(&s, .accounts, to: row, count: visible.count)
            }
            s.message = "Caller: \(data.book.accounts[account]?.name ?? account)"
            return
        default:
            guard lookup.input.handle(key) else { return }
            search(&lookup, data)
        }
        s.overlay = .lookup(lookup)
    }

    static func search(_ lookup: inout CallerLookup, _ data: DashboardData) {
        lookup.selection = 0
        guard let index = data.callerIndex else {
            // Still being built: the view says so, and `callerIndexArrived` searches again.
            lookup.matches = []
            lookup.narrowing = nil
            return
        }
        let result = index.search(lookup.input.text, limit: 20, narrowing: lookup.narrowing)
        lookup.matches = result.matches
        lookup.narrowing = result.narrowing
    }

    /// The caller index has just been taken in: an open caller check searches for what
    /// was typed while it was being built.
    public static func callerIndexArrived(_ s: inout DashboardState, data: DashboardData) {
        guard case .lookup(var lookup) = s.overlay, !lookup.input.text.isEmpty else { return }
        search(&lookup, data)
        s.overlay = .lookup(lookup)
    }
}
