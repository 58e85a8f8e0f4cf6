import RapportModel

/// The saved filters of the Complaints pane, cycled with one key.
public enum ComplaintFilter: Hashable, Sendable {
    case mine
    case breachingToday
    case unassigned
    case category(String)

    public var label: String {
        switch self {
        case .mine: "mine"
        case .breachingToday: "breaching today"
        case .unassigned: "unassigned"
        case .category(let c): "category \(c)"
        }
    }

    /// The next saved filter after this one; `category` takes the selected complaint's.
    static func next(after current: ComplaintFilter?, category: String?) -> ComplaintFilter? {
        switch current {
        case nil: return .mine
        case .mine?: return .breachingToday
        case .breachingToday?: return .unassigned
        case .unassigned?: return category.map { .category($0) }
        case .category?: return nil
        }
    }
}

extension DashboardData {
    /// Whether a row of the queue passes a saved filter.
    func complaint(_ t: TriagedComplaint, passes filter: ComplaintFilter) -> Bool {
        switch filter {
        case .mine:
            return t.complaint.owner == me
        case .breachingToday:
            let zone = settings.service.calendar.zone
            return t.breaches(before: zone.instant(zone.localDay(of: now).adding(days: 1), secondOfDay: 0))
        case .unassigned:
            return t.complaint.owner == nil
        case .category(let c):
            return TextFolding.fold(t.complaint.category) == TextFolding.fold(c)
        }
    }
}

/// The forms behind the Complaints pane's keys: one step of the handling protocol on the
/// selected complaint, or on every marked one.
enum ComplaintForms {
    /// The complaints a step acts on: the marked ones, else the selected one.
    static func targets(_ s: DashboardState, _ data: DashboardData) -> [String] {
        let marked = s.marked.filter { data.book.complaints[$0] != nil }.sorted()
        if !marked.isEmpty { return marked }
        return selectedComplaint(s, data).map { [$0.id] } ?? []
    }

    static func selectedComplaint(_ s: DashboardState, _ data: DashboardData) -> Complaint? {
        guard s.focus == .complaints else { return nil }
        let visible = DashboardUpdate.rows(.complaints, s, data)
        let index = s.selected(.complaints)
        return visible.indices.contains(index) ? data.complaints[visible[index]].complaint : nil
    }

    /// The form for one protocol step, or a message when there is nothing to act on.
    static func make(_ verb: Verb, _ s: DashboardState, _ data: DashboardData) -> Result<EntryForm, Message> {
        let book = data.book
        if verb == .causeOpen {
            let summary = selectedComplaint(s, data)?.summary ?? ""
            return .success(EntryForm(verb: .causeOpen, title: "A shared cause behind many complaints", subject: book.nextID(for: .causeOpen), fields: [
                ("summary", "Problem", summary, "the problem, in plain words"),
                ("root-cause", "Root cause", "", "what causes it, once known"),
                ("workaround", "Workaround", "", "what helps meanwhile"),
                ("known-error", "Known error", "no", "yes | no"),
            ]))
        }
        if verb == .incidentOpen {
            let account = DashboardUpdate.currentAccount(s, data) ?? ""
            return .success(EntryForm(verb: .incidentOpen, title: "An incident we caused — have the remedy before the calls", subject: book.nextID(for: .incidentOpen), fields: [
                ("summary", "What happened", "", "for the record"),
                ("remedy", "Remedy", "", "what we are doing about it"),
                ("accounts", "Affected", account, "account ids, comma-separated"),
                ("client-note", "To clients", "", "plain words, no jargon: sorry, what we will do"),
            ]))
        }
        if verb == .causeResolve {
            guard let c = selectedComplaint(s, data), let cause = c.cause else { return .failure(Message("Select a complaint linked to a cause (L links one)")) }
            guard book.causes[cause]?.resolvedAt == nil else { return .failure(Message("Cause \(cause) is already resolved")) }
            let reach = book.reach(ofCause: cause)
            var form = EntryForm(verb: .causeResolve, title: "Resolve cause \(cause) · \(reach.accounts.count) account\(reach.accounts.count == 1 ? "" : "s")", subject: cause, fields: [
                ("note", "Note", "", "what fixed it"),
                ("resolve-complaints", "Resolve its \(reach.openComplaints.count) open", reach.openComplaints.isEmpty ? "no" : "yes",
                 "yes: one complaint.resolve each · no"),
            ])
            form.formOnly = ["resolve-complaints"]
            form.validate(in: book)
            return .success(form)
        }
        let ids = targets(s, data)
        guard let first = ids.first, let c = book.complaints[first] else { return .failure(Message("Select a complaint first (2 goes to the Complaints pane)")) }
        var step = verb
        if verb == .complaintWait, c.waitingSince != nil { step = .complaintResume }
        let what = ids.count == 1 ? first : "\(ids.count) marked complaints"
        var fields: [(key: String, label: String, value: String, placeholder: String)]
        var title: String
        var required: Set<String> = []
        switch step {
        case .complaintAcknowledge:
            title = "Acknowledge \(what): tell the client we have it"
            fields = [("note", "Note", "", "how we told them (optional)")]
        case .complaintApologise:
            title = "Apologise for \(what) — sincerely, no jargon"
            fields = [("note", "Apology", "", "how and to whom")]
        case .complaintAccept:
            title = "Accept responsibility for \(what)"
            fields = [("note", "We accept", "", "what was ours to get right")]
        case .complaintOfferFix:
            title = "Offer a fix for \(what)"
            fields = [("note", "Fix offered", "", "what we will do, by when")]
        case .complaintWait:
            title = "Wait on the client for \(what): clocks pause"
            fields = [("note", "Waiting for", "", "what we need from them")]
        case .complaintResume:
            title = "Resume \(what): clocks run again"
            fields = [("note", "Note", "", "optional")]
        case .complaintResolve:
            title = "Resolve \(what): the fix is in place"
            fields = [("root-cause", "Root cause", c.rootCause ?? "", "what caused it"), ("note", "Note", "", "optional")]
        case .complaintClose:
            let missing = Set(ids.compactMap { book.complaints[$0] }.flatMap(\.missingSteps))
            if missing.isEmpty {
                title = "Close \(what): the client confirmed"
            } else {
                title = "Close \(what) without \(["apology", "responsibility", "fix offered"].filter(missing.contains).joined(separator: ", ")): say why"
                required.insert("reason")
            }
            fields = [("reason", "Reason", "", missing.isEmpty ? "optional" : "required: why close without the full protocol"),
                      ("note", "Note", "", "optional")]
        case .complaintReopen:
            title = "Reopen \(what) — counts against the account"
            fields = [("reason", "Reason", "", "what the client said")]
        case .complaintAssign:
            title = "Assign \(what)"
            fields = [("owner", "Owner", ids.count == 1 ? c.owner ?? data.me ?? "" : data.me ?? "", "who handles it")]
        case .complaintLink:
            let suggestion = ids.count == 1 ? book.suggestedLinks(for: first, rules: data.settings.suggestions).first : nil
            title = "Link \(what) to a complaint or cause" + (suggestion.map { " · likely: \($0.complaint) (\($0.sharedWords.prefix(3).joined(separator: ", ")))" } ?? "")
            fields = [("to", "Same as", suggestion?.complaint ?? "", "another complaint id"),
                      ("cause", "Cause", "", "a cause id (K opens one)")]
        default:
            return .failure(Message("\(step.rawValue) has no form"))
        }
        var form = EntryForm(verb: step, title: title, subject: ids.count == 1 ? first : nil, fields: fields)
        form.targets = ids
        form.required = required
        form.validate(in: book)
        return .success(form)
    }

    struct Message: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}

extension DashboardUpdate {
    /// The Complaints pane's own keys: protocol steps, the urgency breakdown, marks and saved filters.
    static func performComplaintAction(_ action: DashboardAction, _ s: inout DashboardState, data: DashboardData) {
        switch action {
        case .complaintStep(let verb):
            switch ComplaintForms.make(verb, s, data) {
            case .success(let form): s.overlay = .form(form)
            case .failure(let message): s.message = message.text
            }
        case .urgencyBreakdown:
            guard let c = ComplaintForms.selectedComplaint(s, data) else { s.message = "Select a complaint first"; return }
            s.overlay = .urgency(complaint: c.id, offset: 0)
        case .toggleMark:
            guard let c = ComplaintForms.selectedComplaint(s, data) else { return }
            if s.marked.remove(c.id) == nil { s.marked.insert(c.id) }
            s.message = s.marked.isEmpty ? "No complaints marked" : "\(s.marked.count) marked · the next step acts on all · V clears"
            let count = rows(.complaints, s, data).count
            move(&s, .complaints, to: s.selected(.complaints) + 1, count: count)
        case .clearMarks:
            s.marked = []
            s.message = "Marks cleared"
        case .cycleComplaintFilter:
            let category = ComplaintForms.selectedComplaint(s, data)?.category
            s.complaintFilter = ComplaintFilter.next(after: s.complaintFilter, category: category)
            s.selection[.complaints] = 0
            s.offsets[.complaints] = 0
            s.message = s.complaintFilter.map { "Complaints: \($0.label) · F next" } ?? "Complaints: all"
        default:
            break
        }
    }

    /// What a complaint form writes: one event per target (each journaled on its own),
    /// and for a resolved cause, one `complaint.resolve` per open complaint if asked.
    /// Nil for forms that write a single event the usual way.
    static func complaintEffects(_ form: EntryForm, _ s: inout DashboardState, data: DashboardData) -> [DashboardEffect]? {
        if form.verb == .causeResolve, let cause = form.subject {
            var effects: [DashboardEffect] = [.append(verb: .causeResolve, subject: cause, fields: form.fields)]
            if form.value("resolve-complaints") == "yes" {
                for id in data.book.reach(ofCause: cause).openComplaints {
                    effects.append(.append(verb: .complaintResolve, subject: id, fields: [Event.Field("note", "cause \(cause) resolved")]))
                }
            }
            return effects
        }
        guard form.targets.count > 1 else { return nil }
        let to = form.value("to")
        let effects: [DashboardEffect] = form.targets.compactMap { id in
            if form.verb == .complaintLink, id == to, form.value("cause").isEmpty { return nil }
            var fields = form.fields
            if form.verb == .complaintLink, id == to { fields.removeAll { $0.key == "to" } }
            if form.verb == .complaintLink, let other = data.book.complaints[id], other.linked.contains(to) { fields.removeAll { $0.key == "to" } }
            if form.verb == .complaintLink, !fields.contains(where: { $0.key == "to" || $0.key == "cause" }) { return nil }
            return .append(verb: form.verb, subject: id, fields: fields)
        }
        s.marked = []
        return effects
    }
}
