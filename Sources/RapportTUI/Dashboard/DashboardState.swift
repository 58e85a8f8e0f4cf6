import RapportModel

/// What only the screen cares about: focus, selections, filters, the open overlay.
/// It never goes into the journal.
public struct DashboardState: Sendable {
    public var width: Int
    public var height: Int
    public var focus: DashboardPane = .accounts
    /// Selected position within each pane's visible rows.
    public var selection: [DashboardPane: Int] = [:]
    public var offsets: [DashboardPane: Int] = [:]
    public var filters: [DashboardPane: String] = [:]
    public var editingFilter = false
    /// When set, every pane shows only this account.
    public var accountFilter: String?
    public var overlay: Overlay?
    public var message = ""
    /// Complaints marked for a bulk step (assign, link, change state).
    public var marked: Set<String> = []
    /// The Complaints pane's saved filter, if one is on.
    public var complaintFilter: ComplaintFilter?
    /// While the cursor is moving, the account the Health pane keeps showing; it catches
    /// up with the selection once the cursor rests (see `DashboardUpdate.holdHealth`), so
    /// holding `j` down does not redraw the whole pane on every row.
    public var healthHeld: String?

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public enum Overlay: Sendable {
        case help(offset: Int)
        case detail(account: String, offset: Int)
        case form(EntryForm)
        case lookup(CallerLookup)
        /// The whole book at a glance, worked out when opened.
        case portfolio(Portfolio, offset: Int)
        /// The terms of one complaint's urgency, its clocks and likely links.
        case urgency(complaint: String, offset: Int)
    }

    public func selected(_ pane: DashboardPane) -> Int { selection[pane] ?? 0 }
    public func filter(_ pane: DashboardPane) -> String { filters[pane] ?? "" }
}

/// A form that writes one event: fields taken from the verb's spec, checked as you type.
public struct EntryForm: Sendable {
    public var verb: Verb
    public var title: String
    public var subject: String?
    public var keys: [String]
    public var labels: [String]
    public var inputs: [TextInput]
    public var placeholders: [String]
    public var messages: [String?]
    public var focus = 0
    /// The field whose value is the event's subject (the account, for a conversation
    /// or feedback), rather than one of its fields.
    public var subjectField: String?
    /// Shown after a submit the book refused.
    public var error: String?
    /// Complaints the form writes one event each for (bulk steps); empty: just `subject`.
    public var targets: [String] = []
    /// Fields the form requires although the verb does not (a reason to close early).
    public var required: Set<String> = []
    /// Yes/no fields that steer what the form writes and are not written themselves.
    public var formOnly: Set<String> = []
    /// Warnings that do not block writing, e.g. a note that blames a third party.
    public var warnings: [String?] = []
    /// Set once the warnings were shown: Enter again writes anyway.
    public var warned = false

    public init(verb: Verb, title: String, subject: String? = nil, fields: [(key: String, label: String, value: String, placeholder: String)]) {
        self.verb = verb
        self.title = title
        self.subject = subject
        keys = fields.map(\.key)
        labels = fields.map(\.label)
        inputs = fields.map { TextInput($0.value) }
        placeholders = fields.map(\.placeholder)
        messages = Array(repeating: nil, count: fields.count)
        if VerbSpec.of(verb).subject == "account id" { subjectField = "account" }
    }

    public func value(_ key: String) -> String {
        guard let i = keys.firstIndex(of: key) else { return "" }
        return inputs[i].text.trimmingCharacters(in: " ")
    }

    /// Re-checks every field against the verb's spec and the book.
    public mutating func validate(in book: Book) {
        let spec = VerbSpec.of(verb)
        let currency = Currency(code: value("currency"))
        for (i, key) in keys.enumerated() {
            if key == subjectField {
                let v = value(key)
                messages[i] = v.isEmpty ? "required" : book.accounts[v] == nil ? "no account \"\(v)\"" : nil
            } else if formOnly.contains(key) {
                messages[i] = ["yes", "no"].contains(value(key)) ? nil : "yes or no"
            } else {
                messages[i] = spec.check(field: key, value: value(key), in: book, currency: currency)
            }
            if messages[i] == nil, required.contains(key), value(key).isEmpty { messages[i] = "required" }
        }
        warnings = keys.map { key in
            ["note", "reason", "client-note"].contains(key) && verb.noun != "account" ? ComplaintWording.blame(in: value(key)) : nil
        }
    }

    public var isValid: Bool { messages.allSatisfy { $0 == nil } }

    /// The fields to write: the non-empty ones, in form order, less the subject.
    public var fields: [Event.Field] {
        keys.compactMap { key in
            let v = value(key)
            return v.isEmpty || key == subjectField || formOnly.contains(key) ? nil : Event.Field(key, v)
        }
    }
}

/// The caller check: type any fragment, see who it is and whether they are in good standing.
public struct CallerLookup: Sendable {
    public var input = TextInput()
    public var matches: [CallerIndex.Match] = []
    public var selection = 0
    /// The last search's matches, so the next keystroke narrows from them.
    var narrowing: CallerIndex.Narrowing?

    public init() {}
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
