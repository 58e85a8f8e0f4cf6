import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The journal's line syntax: one event per line, printed and parsed as exact inverses.
///
/// `2026-11-22T09:14:03Z alice complaint.open C-1042 account=ACME summary="Order late"`
///
/// Values are bare when they hold only printable characters and none of space, `"`, `\`
/// or `=`; otherwise they are quoted, with `\"`, `\\`, `\n`, `\r`, `\t` and `\u{…}` for
/// every other control or invisible formatting character, so no value can forge a second
/// line or smuggle a terminal escape into a reader's screen. See docs/JOURNAL.md.
public enum LineFormat {
    /// The first line of every journal; the number is the format version.
    public static let header = "# rapport journal v1"
    public static let version = 1
    /// Written after a line that an interrupted write cut short, so it is never applied.
    public static let tornMarker = "#! torn: the line above was cut short by an interrupted write"
    /// Longest line accepted, in bytes.
    public static let maximumLineLength = 65_536

    // MARK: Printing

    public static func print(_ event: Event) -> String {
        var line = event.time.iso8601
        line += " "
        appendValue(event.author, to: &line)
        line += " "
        line += event.verb.rawValue
        line += " "
        appendValue(event.subject, to: &line)
        for field in event.fields {
            line += " "
            line += field.key
            line += "="
            appendValue(field.value, to: &line)
        }
        return line
    }

    static func appendValue(_ value: String, to line: inout String) {
        if isBare(value) {
            line += value
            return
        }
        line += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            default:
                if needsEscape(scalar) {
                    line += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    line.unicodeScalars.append(scalar)
                }
            }
        }
        line += "\""
    }

    static func isBare(_ value: String) -> Bool {
        guard !value.isEmpty else { return false }
        for scalar in value.unicodeScalars {
            switch scalar {
            case " ", "\"", "\\", "=": return false
            default: if needsEscape(scalar) { return false }
            }
        }
        return true
    }

    /// Control characters, line and paragraph separators, bidirectional overrides and other
    /// invisible formatting characters are always written as `\u{…}`.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        switch v {
        case 0x00AD, 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }

    // MARK: Parsing

    /// A line that is not an event; `column` is 1-based, in bytes.
    public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
        public var column: Int?
        public var message: String
        public var description: String { column.map { "column \($0): \(message)" } ?? message }
    }

    /// What one line of the journal holds.
    public enum Line: Hashable, Sendable {
        case event(Event)
        case comment(String)
        case blank
    }

    /// Parses one line, without its newline.
    public static func parse(_ text: String) throws(SyntaxError) -> Line {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer throws(SyntaxError) in
            try parse(UnsafeBufferPointer(buffer))
        }
    }

    /// Parses one line of raw bytes, without its newline.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> Line {
        switch try parseLine(line) {
        case .blank: .blank
        case .comment(let text): .comment(text)
        case .event(let event, _): .event(event)
        case .contact, .encoded: preconditionFailure("a plain parse makes no compact lines")
        }
    }

    /// What `parseLine` found.
    enum Parsed {
        case blank
        case comment(String)
        /// An event, and whether its fields fit its verb (`Book.fitsVerb`).
        case event(Event, fits: Bool)
        /// A `contact.add` whose fields fit the verb, written into the compact buffer as
        /// the book stores a contact (only when one is given).
        case contact(ContactLine)
        /// Any other event whose fields fit its verb, written into the compact buffer as
        /// an `EncodedEvent` (only when one is given).
        case encoded(EncodedEvent)
    }

    /// Where `parseLine` writes compact contacts and events: a batch's buffer, or (for a
    /// plain parse) nowhere, decided when it is compiled rather than tested on every line.
    protocol CompactBuffer {
        static var takesCompact: Bool { get }
        mutating func write(capacity: Int, _ write: (inout ContactTable.Encoded.Writer) -> Void) -> ContactTable.Encoded
        mutating func write(time: Timestamp, verb: Verb, capacity: Int, _ write: (inout EncodedEvent.Writer) -> Void) -> EncodedEvent
    }

    /// No compact lines: every line is an `Event`.
    struct NoCompactBuffer: CompactBuffer {
        static var takesCompact: Bool { false }
        func write(capacity: Int, _ write: (inout ContactTable.Encoded.Writer) -> Void) -> ContactTable.Encoded {
            preconditionFailure("no contacts are written without a buffer")
        }
        func write(time: Timestamp, verb: Verb, capacity: Int, _ write: (inout EncodedEvent.Writer) -> Void) -> EncodedEvent {
            preconditionFailure("no events are written without a buffer")
        }
    }

    /// Parses a line as an `Event` (or a comment, or nothing).
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> Parsed {
        var dates = Timestamp.DayMemo()
        return try parseLine(line, dates: &dates)
    }

    /// As `parseLine(_:)`, for a reader of many lines: `dates` keeps the last date read.
    static func parseLine(_ line: UnsafeBufferPointer<UInt8>, dates: inout Timestamp.DayMemo) throws(SyntaxError) -> Parsed {
        var none = NoCompactBuffer()
        return try parseLine(line, compact: &none, dates: &dates)
    }

    /// Parses a line, and says whether an event's fields fit its verb (`Book.fitsVerb`),
    /// worked out from the keys as they are matched against the verb's spec: no unknown
    /// or repeated key, every required one given and not empty.
    ///
    /// Given a buffer for them, an event whose fields fit is written into it, with no
    /// `Event` and no string for its values: a `contact.add` as a `ContactLine`, any
    /// other as an `EncodedEvent`. A line that does not fit is read as an `Event`, which
    /// the book refuses in its own words.
    ///
    /// `dates` keeps the last date read, for the next line's (see `Timestamp.DayMemo`).
    ///
    /// A line in the common shape is read the quick way (`parseMarked`); `quickly: false`
    /// reads every line the careful way, for tests that hold the two side by side.
    static func parseLine<Buffer: CompactBuffer>(_ line: UnsafeBufferPointer<UInt8>, compact: inout Buffer,
                                                 dates: inout Timestamp.DayMemo, quickly: Bool = true) throws(SyntaxError) -> Parsed {
        var end = line.count
        if end > 0 && line[end - 1] == 0x0D { end -= 1 }
        guard end <= maximumLineLength else {
            throw SyntaxError(column: nil, message: "line is \(end) bytes long; the limit is \(maximumLineLength / 1024) KiB")
        }
        let body = UnsafeBufferPointer(rebasing: line[0..<end])
        if Buffer.takesCompact && quickly, let parsed = parseMarked(body, compact: &compact, dates: &dates) { return parsed }
        let (ascii, nul) = scan(body)
        if let nul { throw SyntaxError(column: nul + 1, message: "NUL byte in line") }
        if !ascii, let bad = firstInvalidUTF8(body) {
            throw SyntaxError(column: bad + 1, message: "invalid UTF-8")
        }
        var cursor = Cursor(bytes: body)
        cursor.skipSpaces()
        if cursor.atEnd { return .blank }
        if body[cursor.position] == UInt8(ascii: "#") {
            return .comment(String(decoding: body, as: UTF8.self))
        }
        guard cursor.position == 0 else { throw SyntaxError(column: 1, message: "line starts with a space") }

        let stampBytes = cursor.bareToken()
        guard let time = Timestamp(utf8: stampBytes, memo: &dates) else {
            throw SyntaxError(column: 1, message: "timestamp \"\(String(decoding: stampBytes, as: UTF8.self))\" is not UTC ISO-8601 (YYYY-MM-DDTHH:MM:SSZ)")
        }
        try cursor.requireSpace(after: "timestamp")
        let authorColumn = cursor.position + 1
        let author = try cursor.value(named: .author)
        guard !author.isEmpty else { throw SyntaxError(column: authorColumn, message: "author is empty") }
        try cursor.requireSpace(after: "author")
        let verbColumn = cursor.position + 1
        let verbBytes = cursor.bareToken()
        guard !verbBytes.isEmpty else { throw SyntaxError(column: verbColumn, message: "verb is missing") }
        guard let verb = Verb(utf8: verbBytes) else {
            throw SyntaxError(column: verbColumn, message: "unknown verb \"\(String(decoding: verbBytes, as: UTF8.self))\"")
        }
        try cursor.requireSpace(after: "verb")
        let subjectColumn = cursor.position + 1
        let subject = try cursor.value(named: .subject)
        guard !subject.isEmpty else { throw SyntaxError(column: subjectColumn, message: "subject is empty") }

        if Buffer.takesCompact && verb == .contactAdd {
            // The fields, known by their places in the verb's spec.
            var found = ContactFields()
            let fits = try cursor.fields(of: verb, into: &found)
            guard fits, let account = found.account else { return try parseLine(line, dates: &dates) }
            // In the order the table keeps them: id, name, account, role, phone, email; then
            // the author. No text is longer than its bytes in the line.
            let reader = cursor
            let contact = compact.write(capacity: end + 3 * 7) { writer in
                Self.put(subject, from: reader, into: &writer)
                Self.put(found.name, from: reader, into: &writer)
                Self.put(account, from: reader, into: &writer)
                Self.put(found.role, from: reader, into: &writer)
                Self.put(found.phone, from: reader, into: &writer)
                Self.put(found.email, from: reader, into: &writer)
                reader.withBytes(of: author) { writer.putTrailing($0) }
            }
            return .contact(ContactLine(time: time, contact: contact))
        }

        if Buffer.takesCompact && VerbSpec.fieldKeys[verb.ordinal].count <= PlacedFields.capacity {
            var found = PlacedFields()
            let fits = try cursor.fields(of: verb, into: &found)
            guard fits else { return try parseLine(line, dates: &dates) }
            let reader = cursor
            let places = VerbSpec.fieldKeys[verb.ordinal].count
            // No value is longer than its bytes in the line.
            let event = compact.write(time: time, verb: verb, capacity: end) { writer in
                reader.withBytes(of: author) { writer.put($0) }
                reader.withBytes(of: subject) { writer.put($0) }
                for place in 0..<places {
                    guard let value = found[place] else {
                        writer.put(nil)
                        continue
                    }
                    reader.withBytes(of: value) { writer.put($0) }
                }
            }
            return .encoded(event)
        }

        var fields = EventFields(known: VerbSpec.fieldKeys[verb.ordinal])
        let fits = try cursor.fields(of: verb, into: &fields)
        return .event(Event(time: time, author: cursor.string(author), verb: verb, subject: cursor.string(subject), fields: fields.list), fits: fits)
    }

    fileprivate static func put(_ value: Cursor.Value?, from line: borrowing Cursor, into contact: inout ContactTable.Encoded.Writer) {
        guard let value else { return contact.put(nil) }
        line.withBytes(of: value) { contact.put($0) }
    }

    /// What the field loop hands each field to: its place among the verb's fields (nil
    /// when the verb does not take it), where its name is in the line, and its value. A
    /// type rather than a closure: the loop's closures captured what they filled in, and
    /// every field then paid for a run-time exclusivity check.
    fileprivate protocol FieldSink {
        mutating func take(index: Int?, name: Range<Int>, value: Cursor.Value, in line: borrowing Cursor)
    }

    /// A contact's fields, by their places in the verb's spec.
    fileprivate struct ContactFields: FieldSink {
        var account, name, role, phone, email: Cursor.Value?
        // Read once a line, not once a field.
        private let slots = LineFormat.contactSlots

        mutating func take(index: Int?, name: Range<Int>, value: Cursor.Value, in line: borrowing Cursor) {
            switch index {
            case slots.account: account = value
            case slots.name: self.name = value
            case slots.role: role = value
            case slots.phone: phone = value
            case slots.email: email = value
            default: break
            }
        }
    }

    /// The values of a verb's fields by their places in its spec, kept in the line's
    /// reading (no more than `capacity` places; a verb with more is read as an `Event`).
    /// The most fields a verb may have to be written as an `EncodedEvent`.
    static let placedFieldsCapacity = 16

    fileprivate struct PlacedFields: FieldSink {
        static let capacity = placedFieldsCapacity
        /// Each place's value as its span and whether it was unescaped, packed in a word
        /// (zero for none): the span's start in the low 32 bits, its length plus one in
        /// the next 31, the escape bit on top.
        private var packed = InlineArray<16, UInt64>(repeating: 0)

        subscript(place: Int) -> Cursor.Value? {
            let word = packed[place]
            guard word != 0 else { return nil }
            let start = Int(word & 0xFFFF_FFFF)
            let length = Int((word >> 32) & 0x7FFF_FFFF) - 1
            return Cursor.Value(span: start..<start + length, escaped: word >> 63 != 0)
        }

        mutating func take(index: Int?, name: Range<Int>, value: Cursor.Value, in line: borrowing Cursor) {
            guard let index, index < Self.capacity else { return }
            packed[index] = UInt64(value.span.lowerBound) | UInt64(value.span.count + 1) << 32 | (value.escaped ? 1 << 63 : 0)
        }
    }

    /// Any other verb's fields, as the event keeps them.
    fileprivate struct EventFields: FieldSink {
        /// The verb's field names: a known field's key is the spec's own string.
        let known: [String]
        var list: [Event.Field]

        init(known: [String]) {
            self.known = known
            list = []
            list.reserveCapacity(known.count)
        }

        mutating func take(index: Int?, name: Range<Int>, value: Cursor.Value, in line: borrowing Cursor) {
            let key = index.map { known[$0] } ?? line.string(at: name)
            list.append(Event.Field(key, line.string(value)))
        }
    }

    /// Where `contact.add`'s fields are among its spec's.
    static let contactSlots: (account: Int, name: Int, role: Int, phone: Int, email: Int) = {
        let keys = VerbSpec.of(.contactAdd).fields.map(\.key)
        func slot(_ key: String) -> Int { keys.firstIndex(of: key)! }
        return (slot("account"), slot("name"), slot("role"), slot("phone"), slot("email"))
    }()

    /// Each verb's required fields, as bits in the order of its spec.
    static let requiredKeys: [UInt64] = Verb.allCases.map { verb in
        VerbSpec.of(verb).fields.enumerated().reduce(0) { mask, field in
            field.element.required && field.offset < 64 ? mask | 1 << UInt64(field.offset) : mask
        }
    }


    /// A field name's length and its bytes as two little-endian words (zero past the end),
    /// so a line's key is matched a word at a time, with no string to retain and release
    /// on the way (the names are looked up about five times a line).
    struct KeyWords {
        let count: Int
        /// The first sixteen bytes.
        let words: (UInt64, UInt64)
        /// The next eight (the longest key is 18 bytes).
        let third: UInt64

        init(_ key: String) {
            let bytes = Array(key.utf8)
            count = bytes.count
            var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
            for (i, b) in bytes.prefix(24).enumerated() {
                switch i {
                case ..<8: words.0 |= UInt64(b) << (8 * UInt64(i))
                case ..<16: words.1 |= UInt64(b) << (8 * UInt64(i - 8))
                default: words.2 |= UInt64(b) << (8 * UInt64(i - 16))
                }
            }
            self.words = (words.0, words.1)
            third = words.2
        }
    }

    /// `VerbSpec.fieldKeys` as words.
    static let keyWordTable: [[KeyWords]] = VerbSpec.fieldKeys.map { $0.map(KeyWords.init) }

    /// `keyWordTable[verb.ordinal]` where it lies: the quick parse asks for a verb's keys
    /// on every line, and taking the inner array out of the table retained it and
    /// released it again, two atomic operations a line (2% of a one-core load of a
    /// large journal).
    static func keyWords(of verb: Verb) -> UnsafeBufferPointer<KeyWords> {
        let (words, starts) = flatKeyWords
        let start = starts[verb.ordinal]
        return UnsafeBufferPointer(rebasing: words[start..<starts[verb.ordinal + 1]])
    }

    /// `keyWordTable` laid out in one block, each verb's keys from `starts[ordinal]` to
    /// `starts[ordinal + 1]`. Made once, never written again and never freed, so reading
    /// it from any thread is safe.
    nonisolated(unsafe) private static let flatKeyWords: (words: UnsafeBufferPointer<KeyWords>, starts: UnsafeBufferPointer<Int>) = {
        let all = keyWordTable.flatMap { $0 }
        let words = UnsafeMutableBufferPointer<KeyWords>.allocate(capacity: max(1, all.count))
        _ = words.initialize(from: all)
        var starts = [0]
        for keys in keyWordTable { starts.append(starts.last! + keys.count) }
        let startsBuffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: starts.count)
        _ = startsBuffer.initialize(from: starts)
        return (UnsafeBufferPointer(words), UnsafeBufferPointer(startsBuffer))
    }()

    /// The first space at or after `from`, or the line's end: eight bytes at a time.
    @inline(__always)
    static func nextSpace(in line: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        let n = line.count
        if let base = line.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x2020_2020_2020_2020
                let hits = (w &- ones) & ~w & tops
                if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < n && line[i] != 0x20 { i += 1 }
        return i
    }

    /// Whether a line is all ASCII, and where its first NUL byte is: eight bytes at a time.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (ascii: Bool, nul: Int?) {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return (true, nil) }
        let raw = UnsafeRawPointer(base)
        var high: UInt64 = 0
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        // Sixteen bytes a turn while there are; then eight.
        while i + 16 <= n {
            let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            if ((a &- ones) & ~a | (b &- ones) & ~b) & tops != 0 { break }
            high |= a | b
            i += 16
        }
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if (word &- ones) & ~word & tops != 0 { break }
            high |= word
            i += 8
        }
        // The last few bytes as the word that ends the line (it overlaps bytes already
        // seen, which changes neither answer), rather than one at a time.
        if i < n && i + 8 > n && n >= 8 {
            let word = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            if (word &- ones) & ~word & tops == 0 {
                high |= word
                i = n
            }
        }
        var ascii = high & tops == 0
        while i < n {
            let b = base[i]
            if b == 0 { return (ascii, i) }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        return (ascii, nil)
    }

    /// The byte offset of the first invalid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        while i < n {
            // Runs of ASCII, eight bytes at a time.
            while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}

extension Array: LineFormat.CompactBuffer where Element == UInt8 {
    static var takesCompact: Bool { true }
    mutating func write(capacity: Int, _ write: (inout ContactTable.Encoded.Writer) -> Void) -> ContactTable.Encoded {
        ContactTable.Encoded.write(into: &self, capacity: capacity, write)
    }
    mutating func write(time: Timestamp, verb: Verb, capacity: Int, _ write: (inout EncodedEvent.Writer) -> Void) -> EncodedEvent {
        EncodedEvent.write(into: &self, time: time, verb: verb, capacity: capacity, write)
    }
}

/// A reading position in one line.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// The values that had escapes, written out: a `Value` with `escaped` is a range of these.
    private(set) var unescaped: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    /// The first place from `from` holding a quote, a backslash, a control byte or DEL
    /// (or a space, with `stoppingAtSpace`), or where the last whole eight bytes end:
    /// the bytes before it need no look one at a time. Eight bytes are tested at once,
    /// each test the classic "has a byte below n" of a word (exact for the first such
    /// byte, which is the one wanted).
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from: Int, stoppingAtSpace: Bool) -> Int {
        guard let base = bytes.baseAddress else { return from }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ w: UInt64) -> UInt64 { (w &- ones) & ~w & tops }
        let below = (stoppingAtSpace ? 0x21 : 0x20) as UInt64 &* ones
        var i = from
        while i + 8 <= bytes.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let hits = ((w &- below) & ~w & tops) | hasZero(w ^ (0x22 &* ones)) | hasZero(w ^ (0x5C &* ones)) | hasZero(w ^ (0x7F &* ones))
            if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
            i += 8
        }
        return i
    }

    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = position
        while position < bytes.count && bytes[position] == 0x20 { position += 1 }
        return position > start
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func requireSpace(after what: String) throws(LineFormat.SyntaxError) {
        guard skipSpaces(), !atEnd else {
            throw LineFormat.SyntaxError(column: position + 1, message: atEnd ? "line ends after the \(what)" : "expected a space after the \(what)")
        }
    }

    /// The bytes up to the next space or the line's end, eight at a time.
    mutating func bareToken() -> UnsafeBufferPointer<UInt8> {
        let start = position
        position = LineFormat.nextSpace(in: bytes, from: position)
        return UnsafeBufferPointer(rebasing: bytes[start..<position])
    }

    /// Eight bytes from `i` as a little-endian word, zero past the line's end.
    private func word(at i: Int) -> UInt64 {
        guard i < bytes.count, let base = bytes.baseAddress else { return 0 }
        if i + 8 <= bytes.count { return UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt64.self) }
        var w: UInt64 = 0
        for j in 0..<(bytes.count - i) { w |= UInt64(base[i + j]) << (8 * UInt64(j)) }
        return w
    }

    /// A field name: its place among the verb's fields (nil when the verb does not take
    /// it) and where it is in the line.
    mutating func key(_ known: [LineFormat.KeyWords], of verb: Verb) throws(LineFormat.SyntaxError) -> (index: Int?, name: Range<Int>) {
        // Most keys are one the verb takes, followed by "=": found from the first sixteen
        // bytes, a word at a time (a known key is a well-formed name, so a match is what
        // the byte-by-byte reading below would have found).
        let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
        func equalsAt(_ w: UInt64) -> Int? {
            let hits = ((w ^ (0x3D &* ones)) &- ones) & ~(w ^ (0x3D &* ones)) & tops
            return hits == 0 ? nil : hits.trailingZeroBitCount / 8
        }
        let first = word(at: position)
        var length: Int?
        var words: (UInt64, UInt64) = (first, 0)
        if let k = equalsAt(first) {
            length = k
            words.0 = k == 0 ? 0 : first & (UInt64.max >> (64 - 8 * UInt64(k)))
        } else {
            let second = word(at: position + 8)
            if let k = equalsAt(second) {
                length = 8 + k
                words.1 = k == 0 ? 0 : second & (UInt64.max >> (64 - 8 * UInt64(k)))
            }
        }
        if let length, length > 0 {
            for i in known.indices {
                let candidate = known[i]
                if candidate.count == length && candidate.words.0 == words.0 && candidate.words.1 == words.1 {
                    position += length
                    return (i, position - length..<position)
                }
            }
        }
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            let isLetter = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
            let isDigit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            guard isLetter || (position > start && (isDigit || b == UInt8(ascii: "-"))) else { break }
            position += 1
        }
        guard position > start else {
            throw LineFormat.SyntaxError(column: start + 1, message: "expected a field name (lower-case letters, digits, -)")
        }
        let name = UnsafeBufferPointer(rebasing: bytes[start..<position])
        for (i, key) in VerbSpec.fieldKeys[verb.ordinal].enumerated() where key.utf8.elementsEqual(name) {
            return (i, start..<position)
        }
        return (nil, start..<position)
    }

    /// A value as read: where its bytes are, in the line or, when it had escapes, among
    /// the cursor's `unescaped` bytes. Plain numbers, so that handing values about (a
    /// contact's five are kept until its line ends) costs no retain or release.
    struct Value {
        var span: Range<Int>
        var escaped = false

        var isEmpty: Bool { span.isEmpty }
    }

    /// What a value is called in an error message.
    enum Name {
        case author, subject
        /// A field: where its name is in the line.
        case field(Range<Int>)
    }

    func withBytes<R>(of value: Value, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if value.escaped { return unescaped.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[value.span])) } }
        return body(UnsafeBufferPointer(rebasing: bytes[value.span]))
    }

    func string(_ value: Value) -> String {
        withBytes(of: value) { String(decoding: $0, as: UTF8.self) }
    }

    func string(at span: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[span]), as: UTF8.self)
    }

    func text(_ name: Name) -> String {
        switch name {
        case .author: "author"
        case .subject: "subject"
        case .field(let span): string(at: span)
        }
    }

    /// The fields after the subject, each handed to `sink` with its key (the spec's own
    /// string when the verb takes it) and its place among the verb's fields; returns
    /// whether they fit the verb: no unknown or repeated key, every required one given
    /// and not empty.
    mutating func fields<Sink: LineFormat.FieldSink>(of verb: Verb, into sink: inout Sink) throws(LineFormat.SyntaxError) -> Bool {
        let knownKeys = LineFormat.keyWordTable[verb.ordinal]
        // Which of the verb's fields were given, and given a value.
        var given: UInt64 = 0, filled: UInt64 = 0
        var fits = knownKeys.count <= 64
        while true {
            let hadSpace = skipSpaces()
            if atEnd { break }
            guard hadSpace else { throw LineFormat.SyntaxError(column: position + 1, message: "expected a space before the next field") }
            let keyColumn = position + 1
            let (index, name) = try self.key(knownKeys, of: verb)
            guard consume(UInt8(ascii: "=")) else {
                throw LineFormat.SyntaxError(column: keyColumn, message: "field \"\(string(at: name))\" has no \"=\" (write key=value)")
            }
            let value = try self.value(named: .field(name))
            if let index, index < 64 {
                let bit: UInt64 = 1 << UInt64(index)
                if given & bit != 0 { fits = false }
                given |= bit
                if !value.isEmpty { filled |= bit }
            } else {
                fits = false
            }
            sink.take(index: index, name: name, value: value, in: self)
        }
        return fits && LineFormat.requiredKeys[verb.ordinal] & ~filled == 0
    }

    /// A bare or quoted value.
    mutating func value(named name: Name) throws(LineFormat.SyntaxError) -> Value {
        let start = position
        if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
            return try quoted(named: name)
        }
        position = Self.firstSpecial(in: bytes, from: position, stoppingAtSpace: true)
        while position < bytes.count && bytes[position] != 0x20 {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                throw LineFormat.SyntaxError(column: position + 1, message: "stray \(b == 0x22 ? "quote" : "backslash") in the value of \"\(text(name))\" (quote the whole value)")
            }
            if b < 0x20 || b == 0x7F {
                throw LineFormat.SyntaxError(column: position + 1, message: "control character in the value of \"\(text(name))\" (quote it and write it as \\u{…})")
            }
            position += 1
        }
        return Value(span: start..<position)
    }

    private mutating func quoted(named name: Name) throws(LineFormat.SyntaxError) -> Value {
        let open = position
        position += 1
        // Most quoted values hold no escapes: take them straight from the line.
        var end = Self.firstSpecial(in: bytes, from: position, stoppingAtSpace: false)
        while end < bytes.count {
            let b = bytes[end]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 || b == 0x7F { break }
            end += 1
        }
        if end < bytes.count && bytes[end] == UInt8(ascii: "\"") && (end + 1 == bytes.count || bytes[end + 1] == 0x20) {
            let value = Value(span: position..<end)
            position = end + 1
            return value
        }
        let outStart = unescaped.count
        var runStart = position
        while true {
            guard position < bytes.count else {
                throw LineFormat.SyntaxError(column: open + 1, message: "unbalanced quote: the value of \"\(text(name))\" is never closed")
            }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                if position < bytes.count && bytes[position] != 0x20 {
                    throw LineFormat.SyntaxError(column: position + 1, message: "expected a space after the quoted value of \"\(text(name))\"")
                }
                return Value(span: outStart..<unescaped.count, escaped: true)
            }
            if b < 0x20 || b == 0x7F {
                throw LineFormat.SyntaxError(column: position + 1, message: "raw control character inside the value of \"\(text(name))\" (write it as \\u{…})")
            }
            if b == UInt8(ascii: "\\") {
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                let escapeColumn = position + 1
                position += 1
                guard position < bytes.count else {
                    throw LineFormat.SyntaxError(column: escapeColumn, message: "unbalanced quote: the value of \"\(text(name))\" ends in a backslash")
                }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""): unescaped.append(0x22)
                case UInt8(ascii: "\\"): unescaped.append(0x5C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    guard consume(UInt8(ascii: "{")) else {
                        throw LineFormat.SyntaxError(column: escapeColumn, message: "bad escape in \"\(text(name))\": write \\u{hex}")
                    }
                    var value: UInt32 = 0
                    var digits = 0
                    while position < bytes.count, let d = hexValue(bytes[position]), digits < 6 {
                        value = value << 4 | d
                        digits += 1
                        position += 1
                    }
                    guard digits > 0, consume(UInt8(ascii: "}")), let scalar = Unicode.Scalar(value) else {
                        throw LineFormat.SyntaxError(column: escapeColumn, message: "bad \\u{…} escape in \"\(text(name))\"")
                    }
                    unescaped.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw LineFormat.SyntaxError(column: escapeColumn, message: "unknown escape \\\(Character(Unicode.Scalar(e))) in \"\(text(name))\"")
                }
                runStart = position
                continue
            }
            position += 1
        }
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - 55)
        default: return nil
        }
    }
}
