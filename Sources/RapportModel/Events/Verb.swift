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
    /// Every spelling fits in 24 bytes, so the bytes are read into three words and
    /// compared a word at a time with the spellings of the same length, which lie side by
    /// side in one flat table: no array is touched (and retained) per candidate.
    public static func ordinal(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard n > 0, n <= 24, n < firstOfLength.count - 1, let base = bytes.baseAddress else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: n) }
        return packed.withUnsafeBufferPointer { table in
            for i in firstOfLength[n]..<firstOfLength[n + 1] {
                let entry = table[i]
                if entry.words.0 == words.0 && entry.words.1 == words.1 && entry.words.2 == words.2 { return entry.ordinal }
            }
            return nil
        }
    }

    /// Every verb's spelling as three words (zero beyond its end), with its ordinal,
    /// ordered by length; `firstOfLength[n]` is where the spellings of `n` bytes begin.
    private static let packed: [(words: (UInt64, UInt64, UInt64), ordinal: Int)] = byLength.map { verb in
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let spelling = Array(verb.rawValue.utf8)
        precondition(spelling.count <= 24, "verb spellings fit in 24 bytes")
        withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: spelling) }
        return (words, verb.ordinal)
    }
    private static let byLength = allCases.sorted { ($0.rawValue.utf8.count, $0.ordinal) < ($1.rawValue.utf8.count, $1.ordinal) }
    private static let firstOfLength: [Int] = {
        let longest = allCases.map(\.rawValue.utf8.count).max()!
        return (0...longest + 1).map { n in byLength.firstIndex { $0.rawValue.utf8.count >= n } ?? byLength.count }
    }()

    /// The kind of thing the subject names (`account`, `complaint`, …).
    public var noun: Substring { rawValue.split(separator: ".")[0] }
}
