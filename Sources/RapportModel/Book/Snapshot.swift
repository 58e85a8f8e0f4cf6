/// A book written out as bytes and read back as the same book, so that a large journal
/// need not be replayed in full every time the dashboard starts (see `BookSnapshot` for
/// the file, and for when one is trusted).
///
/// The bytes are a plain, private format for this build only: numbers as LEB128 (signed
/// ones zigzagged first), times as eight bytes, texts as their length and UTF-8 bytes the
/// first time and as a number after that, an optional as a byte saying whether it is
/// there, a list as its count and its elements, and the arrays of plain numbers (an
/// index's slots, an account's event numbers) copied as they lie in memory. Nothing is
/// inferred: reading back gives every record, every index slot and every list exactly as
/// they were.
///
/// Given somewhere to drain to (a file), the writer hands on its bytes a piece at a time
/// as they fill, so a large book is never held twice in memory.
public struct SnapshotWriter {
    /// What has been written and not yet drained.
    public private(set) var bytes: [UInt8] = []
    private let drain: ((UnsafeRawBufferPointer) -> Void)?
    private let drainAt: Int
    /// Each text written so far and its number: a text met again is written as that
    /// number (an invoice's account is its account's id, a call's author one of a few
    /// names), and read back as the same string, made once.
    private var texts: [TextBytes: UInt32] = [:]

    /// A text compared and hashed by its UTF-8 bytes: two spellings that Unicode counts
    /// as the same text (a precomposed "é" and an "e" with its accent after it) are two
    /// texts here, as they are two ids in the book.
    private struct TextBytes: Hashable, Sendable {
        var text: String
        static func == (a: TextBytes, b: TextBytes) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// A writer that keeps every byte in `bytes`.
    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
        drain = nil
        drainAt = .max
    }

    /// A writer that hands its bytes to `drain` whenever `piece` of them have gathered,
    /// and at `flush()`, in order.
    public init(drainingEvery piece: Int, into drain: @escaping (UnsafeRawBufferPointer) -> Void) {
        bytes.reserveCapacity(piece + 4096)
        self.drain = drain
        drainAt = piece
    }

    /// Hands what has gathered to the drain (nothing without one).
    public mutating func flush() {
        guard let drain, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(drain)
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private mutating func drainIfFull() {
        if bytes.count >= drainAt { flush() }
    }

    /// Bytes at least a piece long go to the drain as they are, not through `bytes`.
    private mutating func append(_ values: UnsafeRawBufferPointer) {
        if values.count >= drainAt, let drain {
            flush()
            drain(values)
        } else {
            bytes.append(contentsOf: values)
            drainIfFull()
        }
    }

    public mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
        drainIfFull()
    }

    public mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func int(_ value: Int) { signed(Int64(value)) }

    public mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        drainIfFull()
    }

    /// A text: its number among those written before, times two; or, the first time, its
    /// length times two plus one, then its bytes.
    public mutating func string(_ value: String) {
        let key = TextBytes(text: value)
        if let number = texts[key] {
            unsigned(UInt64(number) << 1)
            return
        }
        texts[key] = UInt32(texts.count)
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count) << 1 | 1)
            append(UnsafeRawBufferPointer(utf8))
        }
    }

    /// A case of a small enum, by its place among the cases.
    public mutating func choice<T: SnapshotChoice>(_ value: T) {
        unsigned(UInt64(T.snapshotCases.firstIndex(of: value)!))
    }

    /// Plain numbers as they lie in memory (this build's layout and byte order; a
    /// snapshot is read only by the build that wrote it).
    public mutating func raw<T: BitwiseCopyable>(_ values: [T]) {
        unsigned(UInt64(values.count))
        values.withUnsafeBytes { append($0) }
    }

    public mutating func bytes(_ values: UnsafeRawBufferPointer) {
        unsigned(UInt64(values.count))
        append(values)
    }

    public mutating func write<T: SnapshotCodable>(_ value: T) { value.write(to: &self) }

    /// Bytes as they are, with no count before them.
    public mutating func appendRaw(_ values: UnsafeRawBufferPointer) { append(values) }
}

/// Why a snapshot's bytes could not be read back; the caller replays the journal instead.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads back what a `SnapshotWriter` wrote. Every read is checked against the end of the
/// bytes, and every value against what it may be (a known currency, tier or state), so
/// damaged bytes are an error, never a crash or a made-up record.
public struct SnapshotReader {
    private let base: UnsafeRawPointer?
    private let end: Int
    public private(set) var position = 0
    /// The texts read so far, in the order first written (see `SnapshotWriter.string`).
    private var texts: [String] = []
    private var lastCurrency: Currency?

    /// Reads `bytes`, which must outlive the reader.
    public init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress
        end = bytes.count
    }

    public var atEnd: Bool { position == end }

    private mutating func take(_ count: Int) throws(SnapshotError) -> UnsafeRawPointer {
        guard count >= 0, count <= end - position, let base else { throw SnapshotError("the snapshot ends early") }
        defer { position += count }
        return base + position
    }

    @inline(__always)
    public mutating func unsigned() throws(SnapshotError) -> UInt64 {
        // Most numbers are one byte.
        if position < end, let base {
            let first = base.load(fromByteOffset: position, as: UInt8.self)
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        return try longUnsigned()
    }

    private mutating func longUnsigned() throws(SnapshotError) -> UInt64 {
        // Ten bytes or more left: no end to check byte by byte.
        if end - position >= 10, let base {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            var i = position
            while true {
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                i += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
                guard shift < 64 else { throw SnapshotError("a number in the snapshot is too long") }
            }
            position = i
            return result
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try take(1).load(as: UInt8.self)
            guard shift < 64 else { throw SnapshotError("a number in the snapshot is too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func signed() throws(SnapshotError) -> Int64 {
        let v = try unsigned()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    public mutating func int() throws(SnapshotError) -> Int { Int(try signed()) }

    /// A count of things still to be read: no more than the bytes left, so a damaged count
    /// cannot ask for a huge allocation.
    public mutating func count(each minimum: Int = 1) throws(SnapshotError) -> Int {
        let n = try unsigned()
        guard n <= UInt64(end - position) / UInt64(max(1, minimum)) else { throw SnapshotError("a count in the snapshot is larger than what follows it") }
        return Int(n)
    }

    public mutating func word() throws(SnapshotError) -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    public mutating func string() throws(SnapshotError) -> String {
        let tag = try unsigned()
        guard tag & 1 == 1 else {
            guard tag >> 1 < UInt64(texts.count) else { throw SnapshotError("a text in the snapshot refers to one not yet read") }
            return texts[Int(tag >> 1)]
        }
        guard tag >> 1 <= UInt64(end - position) else { throw SnapshotError("the snapshot ends early") }
        let n = Int(tag >> 1)
        let text = String(decoding: UnsafeRawBufferPointer(start: try take(n), count: n).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        texts.append(text)
        return text
    }

    /// A currency, by its code; the last one read is kept, as a book's amounts are
    /// nearly all in a few currencies.
    mutating func currency() throws(SnapshotError) -> Currency {
        let code = try string()
        if let last = lastCurrency, last.code == code { return last }
        guard let currency = Currency(code: code) else { throw SnapshotError("\"\(code)\" is not a currency") }
        lastCurrency = currency
        return currency
    }

    /// A case of a small enum, by its place among the cases.
    public mutating func choice<T: SnapshotChoice>(_: T.Type = T.self) throws(SnapshotError) -> T {
        let place = try unsigned()
        let cases = T.snapshotCases
        guard place < UInt64(cases.count) else { throw SnapshotError("a \(T.self) in the snapshot is not one of its cases") }
        return cases[Int(place)]
    }

    public mutating func raw<T: BitwiseCopyable>(_: T.Type = T.self) throws(SnapshotError) -> [T] {
        let n = try count(each: MemoryLayout<T>.stride)
        let source = try take(n * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            if n > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: n * MemoryLayout<T>.stride) }
            initialized = n
        }
    }

    public mutating func bytes() throws(SnapshotError) -> [UInt8] { try raw(UInt8.self) }

    /// The next `count` bytes where they lie (valid as long as the reader's bytes are).
    public mutating func rawBytes(_ count: Int) throws(SnapshotError) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: try take(count), count: count)
    }

    public mutating func read<T: SnapshotCodable>(_: T.Type = T.self) throws(SnapshotError) -> T { try T(from: &self) }

    /// A case of a string-valued enum, by its raw value.
    public mutating func named<T: RawRepresentable>(_: T.Type = T.self) throws(SnapshotError) -> T where T.RawValue == String {
        let raw = try string()
        guard let value = T(rawValue: raw) else { throw SnapshotError("\"\(raw)\" is not a \(T.self) in the snapshot") }
        return value
    }
}

/// A small enum that a snapshot holds as its case's place among `snapshotCases`.
public protocol SnapshotChoice: Equatable {
    static var snapshotCases: [Self] { get }
}

extension Tier: SnapshotChoice { public static let snapshotCases = allCases }
extension AccountStatus: SnapshotChoice { public static let snapshotCases = allCases }
extension ComplaintState: SnapshotChoice { public static let snapshotCases = allCases }
extension AccountFlag.Kind: SnapshotChoice { public static let snapshotCases = allCases }
extension Verb: SnapshotChoice { public static let snapshotCases = allCases }

/// A value that a snapshot holds.
public protocol SnapshotCodable {
    func write(to out: inout SnapshotWriter)
    init(from input: inout SnapshotReader) throws(SnapshotError)
}

extension Int: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.int(self) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self = try input.int() }
}

extension Int32: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.int(Int(self)) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let v = try input.int()
        guard let narrow = Int32(exactly: v) else { throw SnapshotError("a number in the snapshot is out of range") }
        self = narrow
    }
}

extension Int64: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.signed(self) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self = try input.signed() }
}

extension Bool: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.unsigned(self ? 1 : 0) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        switch try input.unsigned() {
        case 0: self = false
        case 1: self = true
        default: throw SnapshotError("a yes-or-no in the snapshot is neither")
        }
    }
}

extension String: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.string(self) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self = try input.string() }
}

extension Optional: SnapshotCodable where Wrapped: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        switch self {
        case .none: out.unsigned(0)
        case .some(let value):
            out.unsigned(1)
            value.write(to: &out)
        }
    }

    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        switch try input.unsigned() {
        case 0: self = .none
        case 1: self = .some(try Wrapped(from: &input))
        default: throw SnapshotError("an optional value in the snapshot is damaged")
        }
    }
}

extension Array: SnapshotCodable where Element: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.unsigned(UInt64(count))
        for element in self { element.write(to: &out) }
    }

    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let n = try input.count()
        self = []
        reserveCapacity(n)
        for _ in 0..<n { append(try Element(from: &input)) }
    }
}

extension Set: SnapshotCodable where Element == String {
    public func write(to out: inout SnapshotWriter) { out.write(sorted()) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self = Set(try [String](from: &input)) }
}

extension Dictionary: SnapshotCodable where Key == String, Value: SnapshotCodable {
    /// In the order of the keys, so the same book always makes the same bytes.
    public func write(to out: inout SnapshotWriter) {
        out.unsigned(UInt64(count))
        for key in keys.sorted() {
            out.string(key)
            self[key]!.write(to: &out)
        }
    }

    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let n = try input.count()
        self.init(minimumCapacity: n)
        for _ in 0..<n {
            let key = try input.string()
            self[key] = try Value(from: &input)
        }
    }
}

extension Timestamp: SnapshotCodable {
    /// Eight bytes as they are: a time is most of a record's numbers, and a varint of one
    /// takes five bytes and a loop to read.
    public func write(to out: inout SnapshotWriter) { out.word(UInt64(bitPattern: seconds)) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self.init(seconds: Int64(bitPattern: try input.word())) }
}

extension Day: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.int(Int(number)) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self.init(number: try Int32(from: &input)) }
}

extension Currency: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) { out.string(code) }
    public init(from input: inout SnapshotReader) throws(SnapshotError) { self = try input.currency() }
}

extension Money: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.signed(minorUnits)
        currency.write(to: &out)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let units = try input.signed()
        self.init(minorUnits: units, currency: try Currency(from: &input))
    }
}

// MARK: Records

extension AccountFlag: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.choice(kind)
        out.string(instruction)
        out.string(routeTo)
        out.string(reason)
        out.string(raisedBy)
        out.write(raisedAt)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(kind: try input.choice(), instruction: try input.string(), routeTo: try input.string(), reason: try input.string(),
                  raisedBy: try input.string(), raisedAt: try input.read())
    }
}

extension Account: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(name)
        out.choice(tier)
        out.write(owner)
        out.write(phone)
        out.write(email)
        out.write(cadence)
        out.choice(status)
        out.write(managerRating)
        out.write(managerRatingAt)
        out.write(opened)
        let rare = rare.values
        out.write(rare.statusReason)
        out.write(rare.badDebt)
        out.write(rare.creditHold)
        out.write(rare.offboardReason)
        out.write(rare.offboardAttempts)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let id = try input.string(), name = try input.string()
        let tier: Tier = try input.choice()
        let owner: String? = try input.read(), phone: String? = try input.read(), email: String? = try input.read()
        let cadence: Int? = try input.read()
        let status: AccountStatus = try input.choice()
        let rating: Int? = try input.read(), ratedAt: Timestamp? = try input.read()
        self.init(id: id, name: name, tier: tier, opened: try input.read())
        self.owner = owner
        self.phone = phone
        self.email = email
        self.cadence = cadence
        self.status = status
        managerRating = rating
        managerRatingAt = ratedAt
        let rare = RareFields(statusReason: try input.read(), badDebt: try input.read(), creditHold: try input.read(),
                              offboardReason: try input.read(), offboardAttempts: try input.read())
        self.rare.change { $0 = rare }
    }
}

extension ClosedRange: SnapshotCodable where Bound == Timestamp {
    public func write(to out: inout SnapshotWriter) {
        out.write(lowerBound)
        out.write(upperBound)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let lower = try Timestamp(from: &input), upper = try Timestamp(from: &input)
        guard lower <= upper else { throw SnapshotError("a pause in the snapshot ends before it starts") }
        self = lower...upper
    }
}

extension Complaint: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(account)
        out.int(severity)
        out.string(category)
        out.write(channel)
        out.string(summary)
        out.write(examples)
        out.write(owner)
        out.write(contact)
        out.choice(state)
        out.write(opened)
        out.write(acknowledgedAt)
        out.write(resolvedAt)
        out.write(closedAt)
        out.write(apology)
        out.write(responsibility)
        out.write(fix)
        out.write(closeReason)
        out.write(rootCause)
        out.int(reopenCount)
        out.write(linked)
        out.write(cause)
        out.write(waitingSince)
        out.write(pauses)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), account: try input.string(), severity: try input.int(), category: try input.string(),
                  channel: try input.read(), summary: try input.string(), examples: try input.read(), owner: try input.read(),
                  contact: try input.read(), state: try input.choice(), opened: try input.read(), acknowledgedAt: try input.read(),
                  resolvedAt: try input.read(), closedAt: try input.read(), apology: try input.read(), responsibility: try input.read(),
                  fix: try input.read(), closeReason: try input.read(), rootCause: try input.read(), reopenCount: try input.int(),
                  linked: try input.read(), cause: try input.read(), waitingSince: try input.read(), pauses: try input.read())
    }
}

extension Cause: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(summary)
        out.write(rootCause)
        out.write(workaround)
        out.write(knownError)
        out.write(resolvedAt)
        out.write(opened)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), summary: try input.string(), rootCause: try input.read(), workaround: try input.read(),
                  knownError: try input.read(), resolvedAt: try input.read(), opened: try input.read())
    }
}

extension Feedback: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.write(time)
        out.write(scores)
        out.write(comment)
        out.write(contact)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(time: try input.read(), scores: try input.read(), comment: try input.read(), contact: try input.read())
    }
}

extension Referral: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(account)
        out.string(referred)
        out.write(contact)
        out.write(time)
        out.string(author)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), account: try input.string(), referred: try input.string(), contact: try input.read(),
                  time: try input.read(), author: try input.string())
    }
}

extension Incident: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(summary)
        out.string(remedy)
        out.write(accounts)
        out.write(clientNote)
        out.write(opened)
        out.write(resolvedAt)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), summary: try input.string(), remedy: try input.string(), accounts: try input.read(),
                  clientNote: try input.read(), opened: try input.read(), resolvedAt: try input.read())
    }
}

extension Interaction: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.write(time)
        out.string(author)
        out.string(kind)
        out.int(sentiment)
        out.string(summary)
        out.write(contact)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(time: try input.read(), author: try input.string(), kind: try input.string(), sentiment: try input.int(),
                  summary: try input.string(), contact: try input.read())
    }
}

extension Invoice.Settlement: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.write(day)
        out.signed(minorUnits)
        out.string(source)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(day: try input.read(), minorUnits: try input.signed(), source: try input.string())
    }
}

extension Invoice: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(account)
        out.write(amount)
        out.write(issued)
        out.write(due)
        out.write(voided)
        out.write(credits)
        out.write(payments)
        out.write(disputed)
        out.write(writeOff)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), account: try input.string(), amount: try input.read(), issued: try input.read(),
                  due: try input.read(), voided: try input.read(), credits: try input.read(), payments: try input.read())
        let disputed: String? = try input.read(), writeOff: Settlement? = try input.read()
        rare.change {
            $0.disputed = disputed
            $0.writeOff = writeOff
        }
    }
}

extension Payment.Allocation: SnapshotCodable {
    func write(to out: inout SnapshotWriter) {
        out.string(invoice)
        out.signed(minorUnits)
    }
    init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(invoice: try input.string(), minorUnits: try input.signed())
    }
}

extension Payment: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(account)
        out.write(amount)
        out.write(day)
        out.write(invoice)
        out.write(voided)
        out.write(allocationList)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), account: try input.string(), amount: try input.read(), day: try input.read(),
                  invoice: try input.read(), voided: try input.read(), allocationList: try input.read())
    }
}

extension Promise: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.string(id)
        out.string(account)
        out.string(by.rawValue)
        out.write(due)
        out.string(text)
        out.write(amount)
        out.write(contact)
        out.write(made)
        out.string(recorded.rawValue)
        out.write(recordedAt)
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try input.string(), account: try input.string(), by: try input.named(), due: try input.read(),
                  text: try input.string(), amount: try input.read(), contact: try input.read(), made: try input.read(),
                  recorded: try input.named(), recordedAt: try input.read())
    }
}

extension Book.AccountFiles: SnapshotCodable {
    func write(to out: inout SnapshotWriter) {
        out.raw(contacts)
        out.write(interactions)
        out.write(complaints)
        out.raw(invoices)
        out.raw(payments)
        out.write(promises)
        out.write(feedback)
        out.write(lastContact)
        out.int(Int(lastEvent))
    }
    init(from input: inout SnapshotReader) throws(SnapshotError) {
        let (contacts, interactions, complaints, invoices): ([Int32], [Interaction], [String], [Int32]) =
            (try input.raw(), try input.read(), try input.read(), try input.raw())
        let (payments, promises, feedback, lastContact): ([Int32], [String], [Feedback], Timestamp?) =
            (try input.raw(), try input.read(), try input.read(), try input.read())
        let lastEvent = try input.int()
        guard let link = Int32(exactly: lastEvent) else { throw SnapshotError("an account's history ends at \(lastEvent)") }
        self.init(contacts: contacts, interactions: interactions, complaints: complaints, invoices: invoices, payments: payments,
                  promises: promises, feedback: feedback, lastContact: lastContact, lastEvent: link)
    }
}

extension Book {
    /// A snapshot holds a book in two parts, each with its own texts, so the two can be
    /// read back at once on two cores: the accounts, people, complaints and the smaller
    /// tables; and what is filed under each account, with the invoices and payments.
    public static let snapshotParts = 2

    /// Writes part `part` (0 or 1) of the book.
    public func writeSnapshot(part: Int, to out: inout SnapshotWriter) {
        if part == 0 {
            accounts.write(to: &out)
            contacts.write(to: &out)
            complaints.write(to: &out)
            out.write(causes)
            out.write(promises)
            out.write(referrals)
            out.write(incidents)
            out.int(appliedCount)
            out.write(latestTime)
        } else {
            out.write(files)
            out.raw(eventChain.previous)
            out.raw(eventChain.extra)
            invoices.write(to: &out)
            payments.write(to: &out)
        }
    }

    /// A book holding only part `part`, read back; `joinSnapshot` puts the parts together.
    public init(snapshotPart part: Int, from input: inout SnapshotReader) throws(SnapshotError) {
        self.init()
        if part == 0 {
            accounts = try Table(from: &input)
            contacts = try ContactTable(from: &input)
            complaints = try Table(from: &input)
            causes = try input.read()
            promises = try input.read()
            referrals = try input.read()
            incidents = try input.read()
            appliedCount = try input.int()
            latestTime = try input.read()
        } else {
            files = try input.read()
            eventChain.previous = try input.raw()
            eventChain.extra = try input.raw()
            invoices = try Table(from: &input)
            payments = try Table(from: &input)
        }
    }

    /// Takes in part 1 of a snapshot, read as its own book, into this one (part 0), and
    /// checks that they agree: the files must line up with the accounts, and every
    /// contact, invoice, payment and event an account files must be there, so that no
    /// later read of the book can run off the end of a table.
    public mutating func joinSnapshot(_ other: consuming Book) throws(SnapshotError) {
        files = other.files
        eventChain = other.eventChain
        invoices = other.invoices
        payments = other.payments
        guard files.count == accounts.count else { throw SnapshotError("the snapshot files \(files.count) accounts' records for \(accounts.count) accounts") }
        let (contactCount, invoiceCount, paymentCount) = (contacts.count, invoices.count, payments.count)
        for f in files {
            guard f.contacts.allSatisfy({ $0 >= 0 && Int($0) < contactCount }),
                  f.invoices.allSatisfy({ $0 >= 0 && Int($0) < invoiceCount }),
                  f.payments.allSatisfy({ $0 >= 0 && Int($0) < paymentCount }),
                  eventChain.holds(f.lastEvent) else {
                throw SnapshotError("an account in the snapshot files a record the book does not hold")
            }
        }
        guard eventChain.isSound(appliedCount: appliedCount) else {
            throw SnapshotError("the accounts' histories in the snapshot do not fit the \(appliedCount) events it applied")
        }
    }
}

extension Event: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        out.write(time)
        out.string(author)
        out.choice(verb)
        out.string(subject)
        out.unsigned(UInt64(fields.count))
        for field in fields {
            out.string(field.key)
            out.string(field.value)
        }
    }
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        let time: Timestamp = try input.read()
        let author = try input.string()
        let verb: Verb = try input.choice()
        let subject = try input.string()
        let n = try input.count(each: 2)
        var fields: [Field] = []
        fields.reserveCapacity(n)
        for _ in 0..<n { fields.append(Field(try input.string(), try input.string())) }
        self.init(time: time, author: author, verb: verb, subject: subject, fields: fields)
    }
}
