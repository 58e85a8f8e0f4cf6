/// A field's name as the book's code reads it. The book asks for each field it applies by
/// one of these, not by a string: a misspelt name does not compile, and finding the
/// field among a verb's is one look in a table (`VerbSpec.entry(of:for:)`) rather than
/// a string compared with each of the verb's field names, as a load does for most of
/// its events' fields.
///
/// `name` is the spelling in the journal and in `VerbSpec`; every name the spec gives a
/// verb has a key (a test holds the two together).
enum FieldKey: Int, CaseIterable, Sendable {
    case account, accounts, amount, attempts, by, cadence, category, cause, channel, clientNote
    case comment, contact, currency, date, due, email, examples, flag, instruction, invoice, issued
    case kind, knownError, name, note, owner, phone, rating, reason, referred, remedy
    case role, rootCause, routeTo, sentiment, severity, status, summary, text, tier, to, workaround
    // The client's scores, `Vocabulary.feedbackDimensions`.
    case flexibility, communication, proactiveness, feedbackResponse, value
    case reliability, innovation, complaintHandling, buyAgain, recommend

    /// The field's name in the journal.
    var name: String { Self.names[rawValue] }

    /// The key whose name this is, or nil for a name no verb takes.
    init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: index)
    }

    private static let names: [String] = allCases.map { key in
        switch key {
        case .clientNote: "client-note"
        case .knownError: "known-error"
        case .rootCause: "root-cause"
        case .routeTo: "route-to"
        case .feedbackResponse: "feedback-response"
        case .complaintHandling: "complaint-handling"
        case .buyAgain: "buy-again"
        default: "\(key)"
        }
    }

    /// The keys of the client's scores, in the order of `Vocabulary.feedbackDimensions`.
    static let feedbackDimensions: [FieldKey] = Vocabulary.feedbackDimensions.map { FieldKey(name: $0)! }
}
