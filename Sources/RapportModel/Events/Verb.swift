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
        self = Verb.allCases[ordinal]
    }

    /// The verb's position in `allCases` (its declaration order), for tables indexed by verb.
    @inlinable public var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The position in `allCases` of the verb spelled by `bytes`, or nil.
    public static func ordinal(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard n < spellings.count, let base = bytes.baseAddress else { return nil }
        for (spelling, ordinal) in spellings[n] where spelling[0] == base[0] {
            var i = 1
            while i < n && spelling[i] == base[i] { i += 1 }
            if i == n { return ordinal }
        }
        return nil
    }

    /// Every verb's spelling with its ordinal, grouped by length.
    private static let spellings: [[(spelling: [UInt8], ordinal: Int)]] = {
        var table = Array(repeating: [(spelling: [UInt8], ordinal: Int)](), count: 1 + allCases.map(\.rawValue.utf8.count).max()!)
        for (ordinal, verb) in allCases.enumerated() {
            let spelling = Array(verb.rawValue.utf8)
            table[spelling.count].append((spelling, ordinal))
        }
        return table
    }()

    /// The kind of thing the subject names (`account`, `complaint`, …).
    public var noun: Substring { rawValue.split(separator: ".")[0] }
}
