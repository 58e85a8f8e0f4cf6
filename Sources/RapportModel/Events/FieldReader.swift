/// Reads an event's fields against its verb's spec: unknown, repeated and missing fields
/// are refused, and each value is parsed to its type with an error naming the field.
///
/// The event is an `Event`, or an `EncodedEvent` in a journal reader's buffer: the book's
/// code reads both the same way, and for the second no string is made of a value the
/// book does not keep (a date, an amount, a currency code is read from its bytes).
struct FieldReader {
    let time: Timestamp
    let verb: Verb
    let subject: String
    private let source: Source

    private enum Source {
        case event(Event)
        case encoded(EncodedEvent, UnsafeBufferPointer<UInt8>, texts: UnsafeBufferPointer<String>)
    }

    /// `shapeChecked`: `checkShape` has already passed for this event (see `Book.fitsVerb`).
    /// The verb's spec is not kept: a copy of it is five strings and a list retained and
    /// released for every event of a load, and its fields' kinds are read where they lie.
    init(_ event: Event, shapeChecked: Bool = false) throws(Rejection) {
        if !shapeChecked { try Self.checkShape(event, VerbSpec.of(event.verb)) }
        time = event.time
        verb = event.verb
        subject = event.subject
        source = .event(event)
    }

    /// An encoded event, whose fields fit its verb (it is only written when they do),
    /// with the list of texts it was written with (if it was: `EncodedEvent.firstText`).
    /// Lives no longer than the buffer and list it reads.
    init(_ encoded: EncodedEvent, in buffer: UnsafeBufferPointer<UInt8>, texts: UnsafeBufferPointer<String>) {
        assert(encoded.firstText < 0 || Int(encoded.firstText) + EncodedEvent.textCount(of: encoded.verb) <= texts.count,
               "an event written with texts is read with its list")
        time = encoded.time
        verb = encoded.verb
        subject = encoded.firstText >= 0 ? texts[Int(encoded.firstText)] : encoded.subject(in: buffer)
        source = .encoded(encoded, buffer, texts: texts)
    }

    var author: String {
        switch source {
        case .event(let event): event.author
        case .encoded(let encoded, let buffer, _): encoded.author(in: buffer)
        }
    }

    /// For an encoded event, the bytes of its field `key`, or `.some(nil)` when that is
    /// not given or empty; nil for an `Event`.
    private func encodedBytes(_ key: FieldKey) -> UnsafeBufferPointer<UInt8>?? {
        encodedField(key).map { $0?.bytes }
    }

    /// For an encoded event, its field `key` given and not empty: its bytes, and its
    /// entry in the spec's table (`VerbSpec.entry(of:for:)`); `.some(nil)` when it is
    /// not given or empty; nil for an `Event`.
    private func encodedField(_ key: FieldKey) -> (bytes: UnsafeBufferPointer<UInt8>, entry: Int)?? {
        guard case .encoded(let encoded, let buffer, _) = source else { return nil }
        guard let (place, entry) = VerbSpec.entry(of: key, for: verb), let bytes = encoded.field(at: place, in: buffer), !bytes.isEmpty else {
            return .some(nil)
        }
        return (bytes, entry)
    }

    static func checkShape(_ event: Event, _ spec: VerbSpec) throws(Rejection) {
        guard !event.subject.isEmpty else { throw Rejection("\(event.verb.rawValue) needs a subject (\(spec.subject))") }
        let fields = event.fields
        for (i, f) in fields.enumerated() {
            guard spec.fields.contains(where: { Event.sameKey($0.key, f.key) }) else {
                let known = spec.fields.map(\.key).joined(separator: ", ")
                throw Rejection(field: f.key, "\(event.verb.rawValue) has no field \"\(f.key)\"" + (known.isEmpty ? "" : " (it takes: \(known))"))
            }
            for j in 0..<i where Event.sameKey(fields[j].key, f.key) {
                throw Rejection(field: f.key, "given twice")
            }
        }
        for field in spec.fields where field.required {
            guard let value = event[field.key], !value.isEmpty else {
                throw Rejection(field: field.key, "is required (\(field.help))")
            }
        }
    }

    func text(_ key: FieldKey) -> String? {
        switch source {
        case .event(let event):
            guard let value = event[key.name], !value.isEmpty else { return nil }
            return value
        case .encoded(let encoded, let buffer, let texts):
            // The field is found once, whether its string was made ahead or is made here.
            guard let (place, entry) = VerbSpec.entry(of: key, for: verb) else { return nil }
            if encoded.firstText >= 0, let index = VerbSpec.textIndex(at: entry) {
                // Made ahead by the reader: an empty one is a field not given, or given empty.
                let text = texts[Int(encoded.firstText) + 1 + index]
                return text.isEmpty ? nil : text
            }
            guard let bytes = encoded.field(at: place, in: buffer), !bytes.isEmpty else { return nil }
            return String(valueBytes: bytes)
        }
    }

    func required(_ key: FieldKey) -> String { text(key) ?? "" }

    /// For an encoded event, the bytes of its `account` field and their `IDIndex.hash`,
    /// worked out where the event was written; nil for an `Event`, or with none given.
    var accountReference: (bytes: UnsafeBufferPointer<UInt8>, hash: UInt64)? {
        guard case .encoded(let encoded, let buffer, _) = source, encoded.referenceHash != 0, !encoded.referencesInvoice,
              let (place, _) = VerbSpec.entry(of: .account, for: verb),
              let bytes = encoded.field(at: place, in: buffer), !bytes.isEmpty else { return nil }
        return (bytes, encoded.referenceHash)
    }

    func day(_ key: FieldKey) throws(Rejection) -> Day? {
        if let read = encodedBytes(key) {
            guard let bytes = read else { return nil }
            if let day = Day(utf8: bytes) { return day }
        }
        guard let value = text(key) else { return nil }
        guard let day = Day(iso8601: value) else {
            throw Rejection(field: key.name, "\"\(value)\" is not a date (write YYYY-MM-DD)")
        }
        return day
    }

    func integer(_ key: FieldKey) throws(Rejection) -> Int? {
        // An encoded value in its bounds is read from its bytes; any other is read the
        // careful way below, which says what is wrong with it.
        if let read = encodedField(key) {
            guard let (bytes, entry) = read else { return nil }
            if let n = Self.integer(utf8: bytes), let range = VerbSpec.integerRange(at: entry), range.contains(n) { return n }
        }
        guard let value = text(key) else { return nil }
        guard let n = Int(value) else { throw Rejection(field: key.name, "\"\(value)\" is not a whole number") }
        if case .integer(let range) = VerbSpec.kind(of: key.name, for: verb), !range.contains(n) {
            throw Rejection(field: key.name, "\(n) is outside \(range.lowerBound)–\(range.upperBound)")
        }
        return n
    }

    /// A choice's value is the spec's own string for the option, so an encoded one
    /// makes no string.
    func choice(_ key: FieldKey) throws(Rejection) -> String? {
        if let read = encodedField(key) {
            guard let (bytes, entry) = read else { return nil }
            if let option = VerbSpec.option(matching: bytes, at: entry) { return option }
        }
        guard let value = text(key) else { return nil }
        if case .choice(let options) = VerbSpec.kind(of: key.name, for: verb), !options.contains(value) {
            throw Rejection(field: key.name, "\"\(value)\" is not one of \(options.joined(separator: ", "))")
        }
        return value
    }

    func yesNo(_ key: FieldKey) throws(Rejection) -> Bool? {
        if let read = encodedBytes(key) {
            guard let bytes = read else { return nil }
            if bytes.elementsEqual("yes".utf8) { return true }
            if bytes.elementsEqual("no".utf8) { return false }
        }
        guard let value = text(key) else { return nil }
        switch value {
        case "yes": return true
        case "no": return false
        default: throw Rejection(field: key.name, "\"\(value)\" is not yes or no")
        }
    }

    func currency(_ key: FieldKey = .currency) throws(Rejection) -> Currency? {
        if let read = encodedBytes(key) {
            guard let bytes = read else { return nil }
            if let currency = Currency.known(utf8: bytes) { return currency }
        }
        guard let value = text(key) else { return nil }
        guard let currency = Currency(code: value) else {
            throw Rejection(field: key.name, "\"\(value)\" is not an ISO 4217 currency code")
        }
        return currency
    }

    func money(_ key: FieldKey, in currency: Currency) throws(Rejection) -> Money? {
        do {
            if let read = encodedBytes(key) {
                guard let bytes = read else { return nil }
                return try Money.parse(utf8: bytes, currency: currency)
            }
            guard let value = text(key) else { return nil }
            return try Money.parse(value, currency: currency)
        } catch {
            throw Rejection(field: key.name, error.description)
        }
    }

    /// A whole number written as an optional sign and at most eighteen digits (so it
    /// cannot overflow), read from its bytes; nil for anything else.
    static func integer(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        let digits = bytes.count - i
        guard digits > 0 && digits <= 18 else { return nil }
        var n = 0
        while i < bytes.count {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            n = n * 10 + Int(d)
            i += 1
        }
        return negative ? -n : n
    }

    func positiveMoney(_ key: FieldKey, in currency: Currency) throws(Rejection) -> Money? {
        guard let money = try money(key, in: currency) else { return nil }
        guard money.isPositive else { throw Rejection(field: key.name, "must be more than zero") }
        return money
    }
}
