/// What each verb means and which fields it takes: the one table that the journal's
/// validation, `rapport log`, `rapport add`, the dashboard's forms and `docs/JOURNAL.md`
/// all follow, so they cannot drift apart.
public struct VerbSpec: Sendable {
    public let verb: Verb
    /// What the subject id names.
    public let subject: String
    public let summary: String
    public let fields: [FieldSpec]
    /// Prefix of generated ids when a new subject is created without one (`C-1043`).
    public let idPrefix: String?

    public func field(_ key: String) -> FieldSpec? { fields.first { Event.sameKey($0.key, key) } }

    /// The kind of the field `key` of `verb`, read in the table: no copy of the verb's
    /// spec or of the field's.
    static func kind(of key: String, for verb: Verb) -> FieldKind? {
        byOrdinal.withUnsafeBufferPointer { specs in
            let fields = specs[verb.ordinal].fields
            for i in fields.indices where Event.sameKey(fields[i].key, key) { return fields[i].kind }
            return nil
        }
    }

    public static func of(_ verb: Verb) -> VerbSpec { byOrdinal[verb.ordinal] }

    /// Each verb's field names in the order of its spec, by `Verb.ordinal`: a field's place
    /// in this list is its place in an `EncodedEvent`.
    public static let fieldKeys: [[String]] = Verb.allCases.map { of($0).fields.map(\.key) }

    /// Each verb's places of its fields that the book reads as text (`FieldKind.isText`),
    /// by `Verb.ordinal`: what a journal's reader makes strings of ahead, on its own core
    /// (see `EncodedEvent.write(into:texts:time:verb:capacity:_:)`).
    public static let textPlaces: [[Int]] = Verb.allCases.map { verb in
        of(verb).fields.indices.filter { of(verb).fields[$0].kind.isText }
    }

    /// Where the field `key` of `verb` is: its place among the verb's fields, and its
    /// entry in the table of every verb's fields (for `textIndex(at:)`,
    /// `integerRange(at:)` and `option(matching:at:)`); nil when the verb does not take
    /// it. One look in a table, with nothing retained: a load asks this for each field of
    /// most of its events.
    static func entry(of key: FieldKey, for verb: Verb) -> (place: Int, entry: Int)? {
        fieldTable.entry(of: key, for: verb)
    }

    /// Where the field at `entry` (`entry(of:for:)`) is among its verb's `textPlaces`, or
    /// nil when the book does not read it as text.
    static func textIndex(at entry: Int) -> Int? {
        let index = fieldTable.textIndices.withUnsafeBufferPointer { $0[entry] }
        return index < 0 ? nil : index
    }

    /// The bounds of an integer field, by its entry (`entry(of:for:)`); nil for a field of
    /// another kind.
    static func integerRange(at entry: Int) -> ClosedRange<Int>? {
        fieldTable.ranges.withUnsafeBufferPointer { $0[entry] }
    }

    /// The option of a choice field, by its entry (`entry(of:for:)`), whose bytes `value`
    /// are; nil when they are none of its options, or the field is not a choice. The
    /// option is the spec's own string, so reading a choice makes none.
    static func option(matching value: UnsafeBufferPointer<UInt8>, at entry: Int) -> String? {
        fieldTable.option(matching: value, at: entry)
    }

    /// Every verb's fields, one verb after another in the order of `Verb.allCases`, found
    /// by `FieldKey`, with what a journal's load needs of each field's kind in values that
    /// hold no reference: an integer's bounds, and a choice's options (their bytes one
    /// after another).
    private struct FieldTable {
        /// A verb's are `starts[ordinal]..<starts[ordinal + 1]`.
        let starts: [Int]
        /// Each field's bounds, when it is an integer.
        let ranges: [ClosedRange<Int>?]
        /// Each field's place among its verb's `textPlaces`, or -1.
        let textIndices: [Int]
        /// For each verb and `FieldKey`, in that order, the entry of the verb's field of
        /// that name, or -1 when it takes none.
        let entryByKey: [Int32]
        /// Each field's options, as places in `options` (empty when it is not a choice).
        let optionRanges: [Range<Int>]
        let options: [String]
        let optionBytes: [UInt8]
        let optionSpans: [(start: Int, count: Int)]

        init(_ specs: [VerbSpec]) {
            let fields = specs.flatMap(\.fields)
            starts = specs.reduce(into: [0]) { $0.append($0.last! + $1.fields.count) }
            ranges = fields.map { field in
                if case .integer(let range) = field.kind { range } else { nil }
            }
            var entryByKey = [Int32](repeating: -1, count: specs.count * FieldKey.allCases.count)
            var entry = 0
            for (ordinal, spec) in specs.enumerated() {
                for field in spec.fields {
                    guard let key = FieldKey(name: field.key) else { preconditionFailure("no FieldKey for the field \(field.key)") }
                    entryByKey[ordinal * FieldKey.allCases.count + key.rawValue] = Int32(entry)
                    entry += 1
                }
            }
            self.entryByKey = entryByKey
            textIndices = specs.flatMap { spec in
                var next = 0
                return spec.fields.map { field -> Int in
                    guard field.kind.isText else { return -1 }
                    defer { next += 1 }
                    return next
                }
            }
            var optionRanges: [Range<Int>] = []
            var options: [String] = []
            var optionBytes: [UInt8] = []
            var optionSpans: [(start: Int, count: Int)] = []
            for field in fields {
                let first = options.count
                if case .choice(let choices) = field.kind {
                    for option in choices {
                        options.append(option)
                        optionSpans.append((optionBytes.count, option.utf8.count))
                        optionBytes += option.utf8
                    }
                }
                optionRanges.append(first..<options.count)
            }
            self.optionRanges = optionRanges
            self.options = options
            self.optionBytes = optionBytes
            self.optionSpans = optionSpans
        }

        func option(matching value: UnsafeBufferPointer<UInt8>, at entry: Int) -> String? {
            let places = optionRanges.withUnsafeBufferPointer { $0[entry] }
            return optionBytes.withUnsafeBufferPointer { bytes in
                optionSpans.withUnsafeBufferPointer { spans in
                    for i in places {
                        let span = spans[i]
                        guard span.count == value.count else { continue }
                        var same = true
                        for j in 0..<span.count where bytes[span.start + j] != value[j] { same = false; break }
                        if same { return options[i] }
                    }
                    return nil
                }
            }
        }

        func entry(of key: FieldKey, for verb: Verb) -> (place: Int, entry: Int)? {
            let entry = entryByKey.withUnsafeBufferPointer { Int($0[verb.ordinal &* Self.keyCount &+ key.rawValue]) }
            guard entry >= 0 else { return nil }
            return (entry - starts.withUnsafeBufferPointer { $0[verb.ordinal] }, entry)
        }

        private static let keyCount = FieldKey.allCases.count
    }

    private static let fieldTable = FieldTable(byOrdinal)

    private static let byOrdinal: [VerbSpec] = Verb.allCases.map { table[$0]! }

    public static let all: [VerbSpec] = Verb.allCases.map { of($0) }
}

/// One field a verb accepts.
public struct FieldSpec: Sendable {
    public let key: String
    public let kind: FieldKind
    public let required: Bool
    public let help: String

    init(_ key: String, _ kind: FieldKind, required: Bool = false, _ help: String) {
        self.key = key
        self.kind = kind
        self.required = required
        self.help = help
    }
}

/// The shape of a field's value.
public enum FieldKind: Sendable, Equatable {
    case text
    case account
    case contact
    case complaint
    case cause
    case invoice
    case accounts
    case day
    case amount
    case currency
    case integer(ClosedRange<Int>)
    case choice([String])
    case yesNo

    /// Whether the book reads the value as text, as it is written: free text, an id, or
    /// a list of ids.
    public var isText: Bool {
        switch self {
        case .text, .account, .contact, .complaint, .cause, .invoice, .accounts: true
        case .day, .amount, .currency, .integer, .choice, .yesNo: false
        }
    }

    /// How the value is written, for help and docs.
    public var syntax: String {
        switch self {
        case .text: return "text"
        case .account: return "account id"
        case .contact: return "contact id"
        case .complaint: return "complaint id"
        case .cause: return "cause id"
        case .invoice: return "invoice id"
        case .accounts: return "account ids, comma-separated"
        case .day: return "YYYY-MM-DD"
        case .amount: return "decimal, e.g. 1250.00"
        case .currency: return "ISO 4217 code, e.g. GBP"
        case .integer(let r): return "\(r.lowerBound)–\(r.upperBound)"
        case .choice(let options): return options.joined(separator: "|")
        case .yesNo: return "yes|no"
        }
    }
}

public enum Vocabulary {
    public static let tiers = ["small", "medium", "large"]
    public static let statuses = ["active", "watch", "probation", "credit-hold", "offboarded"]
    public static let flags = ["bad-debt", "credit-hold"]
    public static let interactionKinds = ["call", "email", "meeting", "visit", "chat"]
    public static let channels = ["phone", "email", "meeting", "letter", "chat", "web", "social"]
    public static let promiseParties = ["us", "client"]
    /// The ten dimensions clients rate a supplier on, each 0–10.
    public static let feedbackDimensions = [
        "flexibility", "communication", "proactiveness", "feedback-response", "value",
        "reliability", "innovation", "complaint-handling", "buy-again", "recommend",
    ]
    public static let feedbackDimensionNames = [
        "flexibility": "Flexibility", "communication": "Communication", "proactiveness": "Proactiveness",
        "feedback-response": "Response to feedback", "value": "Value for money", "reliability": "Reliability",
        "innovation": "Innovation", "complaint-handling": "Complaint handling & response times",
        "buy-again": "Willingness to buy again", "recommend": "Likelihood to recommend",
    ]
}

extension VerbSpec {
    private static func spec(_ verb: Verb, _ subject: String, _ summary: String, id: String? = nil, _ fields: [FieldSpec]) -> (Verb, VerbSpec) {
        (verb, VerbSpec(verb: verb, subject: subject, summary: summary, fields: fields, idPrefix: id))
    }

    private static let note = FieldSpec("note", .text, "free text for the record")
    private static let reason = FieldSpec("reason", .text, required: true, "why, in a sentence")

    static let table: [Verb: VerbSpec] = Dictionary(uniqueKeysWithValues: [
        spec(.accountOpen, "account id", "A new client account.", [
            FieldSpec("name", .text, required: true, "the client's name as they write it"),
            FieldSpec("tier", .choice(Vocabulary.tiers), required: true, "size of the relationship"),
            FieldSpec("owner", .text, "the account manager who owns it"),
            FieldSpec("phone", .text, "main switchboard number"),
            FieldSpec("email", .text, "main email address"),
            FieldSpec("cadence", .integer(1...365), "days between contacts we aim for (default by tier: 14/30/60)"),
        ]),
        spec(.accountAmend, "account id", "Corrects or updates an account's details; only the fields given change.", [
            FieldSpec("name", .text, "new name"),
            FieldSpec("tier", .choice(Vocabulary.tiers), "new tier"),
            FieldSpec("owner", .text, "new owner"),
            FieldSpec("phone", .text, "new phone"),
            FieldSpec("email", .text, "new email"),
            FieldSpec("cadence", .integer(1...365), "new contact cadence in days"),
        ]),
        spec(.accountStatus, "account id", "Moves an account to another status.", [
            FieldSpec("status", .choice(["active", "watch", "probation", "credit-hold"]), required: true, "the new status (offboarding has its own verb)"),
            reason,
        ]),
        spec(.accountFlag, "account id", "Raises a bad-debt flag or a credit hold, with the agreed handling and who to pass the caller to.", [
            FieldSpec("flag", .choice(Vocabulary.flags), required: true, "which flag"),
            FieldSpec("instruction", .text, required: true, "what the front line should do, e.g. \"take no new orders; pass to credit control\""),
            FieldSpec("route-to", .text, required: true, "the person a caller is passed to, with their number"),
            reason,
        ]),
        spec(.accountUnflag, "account id", "Lifts a flag.", [
            FieldSpec("flag", .choice(Vocabulary.flags), required: true, "which flag"),
            reason,
        ]),
        spec(.accountRate, "account id", "The account manager's own rating of the relationship, compared with the client's view.", [
            FieldSpec("rating", .integer(0...10), required: true, "0 (failing) to 10 (excellent)"),
            note,
        ]),
        spec(.accountOffboard, "account id", "Ends the relationship. The attempts made to save it must be recorded first.", [
            reason,
            FieldSpec("attempts", .text, required: true, "what was tried before letting the client go"),
        ]),
        spec(.contactAdd, "contact id", "A person at a client.", id: "P-", [
            FieldSpec("account", .account, required: true, "the account they work for"),
            FieldSpec("name", .text, required: true, "their name"),
            FieldSpec("role", .text, "their role"),
            FieldSpec("phone", .text, "direct number"),
            FieldSpec("email", .text, "email address"),
        ]),
        spec(.contactAmend, "contact id", "Updates a contact's details.", [
            FieldSpec("name", .text, "new name"),
            FieldSpec("role", .text, "new role"),
            FieldSpec("phone", .text, "new number"),
            FieldSpec("email", .text, "new email"),
        ]),
        spec(.contactMove, "contact id", "A contact has moved to another client: relationships follow people.", [
            FieldSpec("account", .account, required: true, "the account they now work for"),
            note,
        ]),
        spec(.interactionLog, "account id", "A call, email or meeting with the client, and how they felt.", [
            FieldSpec("kind", .choice(Vocabulary.interactionKinds), required: true, "how we spoke"),
            FieldSpec("sentiment", .integer(-2...2), required: true, "the client's mood: -2 angry … 0 neutral … 2 delighted"),
            FieldSpec("summary", .text, required: true, "what was said, in their words where possible"),
            FieldSpec("contact", .contact, "who we spoke to"),
        ]),
        spec(.complaintOpen, "complaint id", "A complaint as the client put it. Ask for their examples; do not defend.", id: "C-", [
            FieldSpec("account", .account, required: true, "the complaining account"),
            FieldSpec("severity", .integer(1...4), required: true, "1 critical … 4 minor"),
            FieldSpec("category", .text, required: true, "e.g. delivery, billing, quality, service"),
            FieldSpec("summary", .text, required: true, "the complaint in the client's words"),
            FieldSpec("channel", .choice(Vocabulary.channels), "how it reached us"),
            FieldSpec("examples", .text, "the client's own examples: why do they say it?"),
            FieldSpec("owner", .text, "who handles it"),
            FieldSpec("contact", .contact, "who complained"),
        ]),
        spec(.complaintExample, "complaint id", "Another example the client gave.", [
            FieldSpec("text", .text, required: true, "the example, in their words"),
        ]),
        spec(.complaintAssign, "complaint id", "Gives the complaint to an owner.", [
            FieldSpec("owner", .text, required: true, "the new owner"),
        ]),
        spec(.complaintAcknowledge, "complaint id", "We told the client we have it (first response).", [note]),
        spec(.complaintInvestigate, "complaint id", "We are finding the cause.", [note]),
        spec(.complaintApologise, "complaint id", "We apologised, without jargon or excuses.", [
            FieldSpec("note", .text, required: true, "how and to whom"),
        ]),
        spec(.complaintAccept, "complaint id", "We accepted responsibility (no blaming third parties).", [
            FieldSpec("note", .text, required: true, "what we accepted"),
        ]),
        spec(.complaintOfferFix, "complaint id", "We offered a fix.", [
            FieldSpec("note", .text, required: true, "the fix offered"),
        ]),
        spec(.complaintWait, "complaint id", "Waiting on the client: SLA clocks pause.", [note]),
        spec(.complaintResume, "complaint id", "No longer waiting on the client: SLA clocks run again.", [note]),
        spec(.complaintResolve, "complaint id", "The fix is in place.", [
            FieldSpec("root-cause", .text, "what caused it"),
            note,
        ]),
        spec(.complaintClose, "complaint id", "The client confirmed it is resolved. Without apology, responsibility and a fix, a reason is required.", [
            FieldSpec("reason", .text, "required when the protocol is incomplete"),
            note,
        ]),
        spec(.complaintReopen, "complaint id", "The client says it is not fixed; counts against the account.", [reason]),
        spec(.complaintLink, "complaint id", "Links complaints that share a cause.", [
            FieldSpec("to", .complaint, "another complaint with the same cause"),
            FieldSpec("cause", .cause, "a shared cause record"),
        ]),
        spec(.causeOpen, "cause id", "A shared cause behind complaints from many clients.", id: "K-", [
            FieldSpec("summary", .text, required: true, "the problem"),
            FieldSpec("root-cause", .text, "what causes it, once known"),
            FieldSpec("workaround", .text, "what helps meanwhile"),
            FieldSpec("known-error", .yesNo, "the cause is understood but not yet fixed"),
        ]),
        spec(.causeAmend, "cause id", "Updates a cause record.", [
            FieldSpec("summary", .text, "the problem"),
            FieldSpec("root-cause", .text, "what causes it"),
            FieldSpec("workaround", .text, "what helps meanwhile"),
            FieldSpec("known-error", .yesNo, "understood but not fixed"),
        ]),
        spec(.causeResolve, "cause id", "The shared cause is fixed.", [note]),
        spec(.invoiceIssue, "invoice id", "An invoice sent to the client.", id: "INV-", [
            FieldSpec("account", .account, required: true, "the account billed"),
            FieldSpec("amount", .amount, required: true, "the invoice total"),
            FieldSpec("currency", .currency, required: true, "its currency"),
            FieldSpec("due", .day, required: true, "when payment is due"),
            FieldSpec("issued", .day, "invoice date (default: the event's day)"),
            note,
        ]),
        spec(.invoiceAmend, "invoice id", "Corrects an invoice's amount or due date.", [
            FieldSpec("amount", .amount, "the corrected total (same currency)"),
            FieldSpec("due", .day, "the corrected due date"),
            reason,
        ]),
        spec(.invoiceVoid, "invoice id", "Cancels an invoice issued in error.", [reason]),
        spec(.invoiceDispute, "invoice id", "The client disputes the invoice: chasing pauses.", [reason]),
        spec(.invoiceSettleDispute, "invoice id", "The dispute is settled: chasing resumes.", [note]),
        spec(.invoiceCredit, "invoice id", "A credit note reducing what is owed on the invoice.", [
            FieldSpec("amount", .amount, required: true, "the credit (invoice currency)"),
            reason,
        ]),
        spec(.invoiceWriteOff, "invoice id", "Writes off what remains unpaid as a bad debt.", [reason]),
        spec(.paymentRecord, "payment id", "Money received. Without an invoice it pays the oldest unpaid invoices first; any excess is held as credit.", id: "PAY-", [
            FieldSpec("account", .account, "the paying account (required without an invoice)"),
            FieldSpec("invoice", .invoice, "the invoice it pays"),
            FieldSpec("amount", .amount, required: true, "the amount received"),
            FieldSpec("currency", .currency, required: true, "its currency"),
            FieldSpec("date", .day, "when it was received (default: the event's day)"),
            note,
        ]),
        spec(.paymentVoid, "payment id", "Reverses a payment recorded in error (a bounced cheque).", [reason]),
        spec(.promiseMake, "promise id", "A commitment with a due date: ours to the client, or the client's promise to pay.", id: "PR-", [
            FieldSpec("account", .account, required: true, "the account"),
            FieldSpec("by", .choice(Vocabulary.promiseParties), required: true, "who promised"),
            FieldSpec("due", .day, required: true, "when it is due"),
            FieldSpec("text", .text, required: true, "what was promised"),
            FieldSpec("amount", .amount, "for a promise to pay: how much"),
            FieldSpec("currency", .currency, "for a promise to pay: the currency"),
            FieldSpec("contact", .contact, "who made or received it"),
        ]),
        spec(.promiseKeep, "promise id", "The promise was kept.", [note]),
        spec(.promiseBreak, "promise id", "The promise was broken.", [note]),
        spec(.promiseCancel, "promise id", "The promise no longer applies (agreed with the client).", [reason]),
        spec(.feedbackRecord, "account id", "The client's own scores, 0–10, on the ten dimensions; any subset.", [
            FieldSpec("flexibility", .integer(0...10), "flexibility"),
            FieldSpec("communication", .integer(0...10), "communication"),
            FieldSpec("proactiveness", .integer(0...10), "proactiveness"),
            FieldSpec("feedback-response", .integer(0...10), "response to feedback"),
            FieldSpec("value", .integer(0...10), "value for money"),
            FieldSpec("reliability", .integer(0...10), "reliability"),
            FieldSpec("innovation", .integer(0...10), "innovation"),
            FieldSpec("complaint-handling", .integer(0...10), "complaint handling and response times"),
            FieldSpec("buy-again", .integer(0...10), "willingness to buy again"),
            FieldSpec("recommend", .integer(0...10), "likelihood to recommend us"),
            FieldSpec("comment", .text, "what they said"),
            FieldSpec("contact", .contact, "who answered"),
        ]),
        spec(.referralRecord, "referral id", "A client referred someone to us.", id: "R-", [
            FieldSpec("account", .account, required: true, "the referring account"),
            FieldSpec("referred", .text, required: true, "who they referred"),
            FieldSpec("contact", .contact, "the person who made the referral"),
            note,
        ]),
        spec(.incidentOpen, "incident id", "Something we caused, logged with its remedy and the clients it affects before the calls go out.", id: "INC-", [
            FieldSpec("summary", .text, required: true, "what happened, for the record"),
            FieldSpec("remedy", .text, required: true, "what we are doing about it"),
            FieldSpec("accounts", .accounts, required: true, "the affected accounts"),
            FieldSpec("client-note", .text, "what we tell clients, in plain words, no jargon"),
        ]),
        spec(.incidentResolve, "incident id", "The incident is over.", [note]),
    ])
}
