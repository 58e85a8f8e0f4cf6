/// What a journal's load asks the cache for ahead of an event: its verb and the
/// `IDIndex.hash` of its subject and of the account or invoice it names, worked out where
/// the line was read. One plain value, whatever the line was read into, so the load
/// takes it from the event a few places on in one read (`Book.prefetch(_:)`).
public struct LookupHints: Sendable, Equatable {
    /// Nil for an event read the careful way, which has no hashes worked out.
    public var verb: Verb?
    public var subjectHash: UInt64
    /// The account's (or, with `referencesInvoice`, the invoice's); zero with neither.
    public var referenceHash: UInt64
    public var referencesInvoice: Bool

    public init(verb: Verb?, subjectHash: UInt64, referenceHash: UInt64, referencesInvoice: Bool) {
        self.verb = verb
        self.subjectHash = subjectHash
        self.referenceHash = referenceHash
        self.referencesInvoice = referencesInvoice
    }

    /// Nothing to ask for.
    public static let none = LookupHints(verb: nil, subjectHash: 0, referenceHash: 0, referencesInvoice: false)
}

extension EncodedEvent {
    public var hints: LookupHints {
        LookupHints(verb: verb, subjectHash: subjectHash, referenceHash: referenceHash, referencesInvoice: referencesInvoice)
    }
}

extension ContactTable.Encoded {
    /// A `contact.add`: its id's hash, and its account's.
    public var hints: LookupHints {
        LookupHints(verb: .contactAdd, subjectHash: idHash, referenceHash: accountHash, referencesInvoice: false)
    }
}
