/// Every kind of event the journal knows. The raw value is what the journal writes.
public enum Verb: String, CaseIterable, Hashable, Sendable {
    case accountOpen = "account.open"
    case accountAmend = "account.amend"
    case accountStatus = "account.status"
    case accountFlag = "account.flag"
    case accountUnflag = "account.unflag"
    case accountRate = "account.rate"
    case accountOffboard = "account.offboard"

    case contactAdd = "contact.add"
    case contactAmend = "contact.amend"
    case contactMove = "contact.move"

    case interactionLog = "interaction.log"

    case complaintOpen = "complaint.open"
    case complaintExample = "complaint.example"
    case complaintAssign = "complaint.assign"
    case complaintAcknowledge = "complaint.acknowledge"
    case complaintInvestigate = "complaint.investigate"
    case complaintApologise = "complaint.apologise"
    case complaintAccept = "complaint.accept"
    case complaintOfferFix = "complaint.offer-fix"
    case complaintWait = "complaint.wait"
    case complaintResume = "complaint.resume"
    case complaintResolve = "complaint.resolve"
    case complaintClose = "complaint.close"
    case complaintReopen = "complaint.reopen"
    case complaintLink = "complaint.link"

    case causeOpen = "cause.open"
    case causeAmend = "cause.amend"
    case causeResolve = "cause.resolve"

    case invoiceIssue = "invoice.issue"
    case invoiceAmend = "invoice.amend"
    case invoiceVoid = "invoice.void"
    case invoiceDispute = "invoice.dispute"
    case invoiceSettleDispute = "invoice.settle-dispute"
    case invoiceCredit = "invoice.credit"
    case invoiceWriteOff = "invoice.write-off"

    case paymentRecord = "payment.record"
    case paymentVoid = "payment.void"

    case promiseMake = "promise.make"
    case promiseKeep = "promise.keep"
    case promiseBreak = "promise.break"
    case promiseCancel = "promise.cancel"

    case feedbackRecord = "feedback.record"
    case referralRecord = "referral.record"

    case incidentOpen = "incident.open"
    case incidentResolve = "incident.resolve"

    /// Looks a verb up by its journal spelling.
    public init?(journal text: some StringProtocol) {
        guard let verb = Verb.byName[String(text)] else { return nil }
        self = verb
    }

    static let byName: [String: Verb] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// Looks a verb up by its journal spelling in raw bytes, without making a string.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let ordinal = Verb.ordinal(utf8: bytes) else { return nil }
        // The ordinal is the case's own tag (see `ordinal`).
        self = unsafeBitCast(UInt8(ordinal), to: Verb.self)
    }

    /// The verb's position in `allCases` (its declaration order), for tables indexed by verb.
    @inlinable public var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The position in `allCases` of the verb spelled by `bytes`, or nil.
    ///
    /// Every spelling is 10 to 24 bytes, so it is three words read straight from the
    /// line: the first eight bytes, the last eight (overlapping the first when there are
    /// sixteen or fewer) and, past sixteen, the eight between. Those words pick a slot in
    /// an open-addressed table of 128, and the spelling there is compared in the same
    /// three words: one probe for almost every line, with no copy and no array per
    /// candidate. (The census reads every line's verb, and the parser reads it again.)
    public static func ordinal(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard n >= 8, n <= 24, let base = bytes.baseAddress else { return nil }
        let key = SpellingKey(UnsafeRawPointer(base), count: n)
        return slots.withUnsafeBufferPointer { table in
            var i = key.slot
            while true {
                let entry = table[i]
                if entry.ordinal < 0 { return nil }
                if entry.key == key { return entry.ordinal }
                i = (i + 1) & (table.count - 1)
            }
        }
    }

    /// A spelling of 8 to 24 bytes as three words (see `ordinal`).
    struct SpellingKey: Equatable {
        var first: UInt64 = 0, middle: UInt64 = 0, last: UInt64 = 0
        var count = 0

        init() {}

        init(_ base: UnsafeRawPointer, count n: Int) {
            first = base.loadUnaligned(as: UInt64.self)
            last = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            middle = n > 16 ? base.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0
            count = n
        }

        var slot: Int {
            let mixed = (first ^ (last &<< 29 | last &>> 35) ^ (middle &<< 43 | middle &>> 21) ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
            return Int(mixed >> 57)
        }
    }

    /// The verbs by `SpellingKey.slot`, open-addressed (a taken slot passes to the next);
    /// an ordinal of -1 is an empty slot, and ends a search.
    private static let slots: [(key: SpellingKey, ordinal: Int)] = {
        var table = Array(repeating: (key: SpellingKey(), ordinal: -1), count: 128)
        for verb in allCases {
            let spelling = Array(verb.rawValue.utf8)
            precondition((8...24).contains(spelling.count), "verb spellings are 8 to 24 bytes")
            let key = spelling.withUnsafeBytes { SpellingKey($0.baseAddress!, count: $0.count) }
            var i = key.slot
            while table[i].ordinal >= 0 { i = (i + 1) & (table.count - 1) }
            table[i] = (key, verb.ordinal)
        }
        return table
    }()

    /// The kind of thing the subject names (`account`, `complaint`, …).
    public var noun: Substring { rawValue.split(separator: ".")[0] }
}
