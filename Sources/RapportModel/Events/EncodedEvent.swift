/// An event whose fields fit its verb, written as bytes into a journal reader's buffer:
/// its author, its subject and each of its verb's fields by their place in the spec, with
/// no `Event`, no string per value and no allocation of its own. What a journal's load
/// makes of most of its lines; `Book.fold(_:in:)` reads the values where they lie and
/// makes strings only of those the book keeps.
///
/// From `start`, the buffer holds one eight-byte slot for the author, one for the subject
/// and one for each of the verb's fields (`VerbSpec.fieldKeys`), each a value's offset
/// from `start` and its length, four bytes apiece (a length of `UInt32.max` for a field
/// not given); then the values' bytes, up to `stop`.
///
/// Written with a list of texts, it also has strings made ahead of its subject and of
/// each field the book reads as text (`VerbSpec.textPlaces`; an empty string for one not
/// given), from `firstText` on in that list: a journal's reader makes them on its own
/// core, and the book takes them as they are rather than making them again.
public struct EncodedEvent: Sendable {
    public let time: Timestamp
    public let verb: Verb
    /// Where the event's texts start in its list of texts, or -1 when it has none.
    public private(set) var firstText: Int32 = -1
    public private(set) var start: Int
    public private(set) var stop: Int
    /// The `IDIndex.hash` of the subject, and of the account the line names (or, with
    /// none, the invoice; zero with neither): worked out where the event is written (a
    /// journal's reading core), so the book can ready the cache for its lookups.
    public private(set) var subjectHash: UInt64 = 0
    public private(set) var referenceHash: UInt64 = 0
    /// Whether `referenceHash` is an invoice's.
    public private(set) var referencesInvoice = false

    private static let absent = UInt32.max

    /// Each verb's places of its `account` and `invoice` fields, by `Verb.ordinal`.
    private static let referencePlaces: [(account: Int?, invoice: Int?)] = VerbSpec.fieldKeys.map {
        ($0.firstIndex(of: "account"), $0.firstIndex(of: "invoice"))
    }

    /// Appends an event to `buffer` and says where it is: `write` puts the author, the
    /// subject, then each of the verb's fields in the spec's order (nil for one not
    /// given), `capacity` bytes of values at most. Written on the stack and appended in
    /// one copy.
    public static func write(into buffer: inout [UInt8], time: Timestamp, verb: Verb, capacity: Int,
                             _ write: (inout Writer) -> Void) -> EncodedEvent {
        let start = buffer.count
        let room = room(for: verb, capacity: capacity)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { scratch in
            let event = Self.write(at: 0, in: scratch, time: time, verb: verb, capacity: capacity, write)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<event.stop]))
            return event.moved(by: start)
        }
    }

    /// The bytes an event of `verb` with `capacity` bytes of values may take.
    public static func room(for verb: Verb, capacity: Int) -> Int {
        8 * (2 + VerbSpec.fieldKeys[verb.ordinal].count) + capacity
    }

    /// Writes an event into `memory` from `start`, where `room(for:capacity:)` bytes must
    /// be free: for a buffer the caller keeps room in, so the event is written where it
    /// stays, with no copy.
    public static func write(at start: Int, in memory: UnsafeMutableBufferPointer<UInt8>, time: Timestamp, verb: Verb,
                             capacity: Int, _ write: (inout Writer) -> Void) -> EncodedEvent {
        let slots = 2 + VerbSpec.fieldKeys[verb.ordinal].count
        let room = 8 * slots + capacity
        precondition(start >= 0 && memory.count - start >= room, "no room for an encoded event")
        let references = referencePlaces[verb.ordinal]
        var event = EncodedEvent(time: time, verb: verb, start: start, stop: start)
        var writer = Writer(buffer: UnsafeMutableBufferPointer(rebasing: memory[start..<start + room]), slots: slots)
        write(&writer)
        precondition(writer.slot == slots, "an encoded event has a value or nil for each of its verb's fields")
        let written = UnsafeBufferPointer(memory)
        event.stop = start + writer.count
        event.subjectHash = IDIndex.hash(bytes: event.value(1, in: written)!)
        if let place = references.account, let account = event.value(2 + place, in: written) {
            event.referenceHash = IDIndex.hash(bytes: account)
        } else if let place = references.invoice, let invoice = event.value(2 + place, in: written) {
            event.referenceHash = IDIndex.hash(bytes: invoice)
            event.referencesInvoice = true
        }
        return event
    }

    /// `write(into:time:verb:capacity:_:)`, and the strings of the event's subject and of
    /// each field the book reads as text appended to `texts`.
    public static func write(into buffer: inout [UInt8], texts: inout [String], time: Timestamp, verb: Verb, capacity: Int,
                             _ write: (inout Writer) -> Void) -> EncodedEvent {
        var event = Self.write(into: &buffer, time: time, verb: verb, capacity: capacity, write)
        buffer.withUnsafeBufferPointer { event.makeTexts(in: $0, into: &texts) }
        return event
    }

    /// Appends the strings of the event's subject and of each field the book reads as
    /// text to `texts`, and notes where they start.
    public mutating func makeTexts(in buffer: UnsafeBufferPointer<UInt8>, into texts: inout [String]) {
        firstText = Int32(texts.count)
        texts.append(subject(in: buffer))
        VerbSpec.textPlaces.withUnsafeBufferPointer { places in
            for place in places[verb.ordinal] {
                texts.append(field(at: place, in: buffer).map { String(valueBytes: $0) } ?? "")
            }
        }
    }

    /// How many texts an event of `verb` has in its list of texts, when it has them.
    public static func textCount(of verb: Verb) -> Int {
        1 + VerbSpec.textPlaces[verb.ordinal].count
    }

    /// The same event, its bytes moved by `offset` in its buffer (or to another), and its
    /// texts (if it has them) by `textOffset` in its list.
    public func moved(by offset: Int, texts textOffset: Int = 0) -> EncodedEvent {
        var event = self
        event.start += offset
        event.stop += offset
        if event.firstText >= 0 { event.firstText += Int32(textOffset) }
        return event
    }

    /// Writes the slots and values into a block on the stack, with no check of
    /// uniqueness or capacity per byte.
    public struct Writer {
        fileprivate let buffer: UnsafeMutableBufferPointer<UInt8>
        fileprivate let slots: Int
        fileprivate var slot = 0
        fileprivate var count: Int

        fileprivate init(buffer: UnsafeMutableBufferPointer<UInt8>, slots: Int) {
            self.buffer = buffer
            self.slots = slots
            count = 8 * slots
        }

        /// Puts the next value: the author, the subject, then the fields; nil for a field
        /// not given.
        public mutating func put(_ value: UnsafeBufferPointer<UInt8>?) {
            precondition(slot < slots, "more values than the verb has fields")
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            let n = value?.count ?? 0
            precondition(count + n <= buffer.count, "an encoded event is larger than its capacity")
            raw.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 8 * slot, as: UInt32.self)
            raw.storeBytes(of: (value == nil ? EncodedEvent.absent : UInt32(n)).littleEndian, toByteOffset: 8 * slot + 4, as: UInt32.self)
            if let source = value?.baseAddress, n > 0 {
                copyShortBytes(from: source, to: buffer.baseAddress! + count, count: n)
                count += n
            }
            slot += 1
        }
    }

    /// The bytes of the value in slot `slot`, or nil for a field not given.
    private func value(_ slot: Int, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let base = buffer.baseAddress! + start
        let raw = UnsafeRawPointer(base)
        let length = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * slot + 4, as: UInt32.self))
        if length == Self.absent { return nil }
        let offset = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * slot, as: UInt32.self)))
        return UnsafeBufferPointer(start: base + offset, count: Int(length))
    }

    public func author(in buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(valueBytes: value(0, in: buffer)!)
    }

    public func subject(in buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(valueBytes: value(1, in: buffer)!)
    }

    /// The bytes of the field at `place` among the verb's (`VerbSpec.fieldKeys`), or nil
    /// when the line did not give it.
    public func field(at place: Int, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        value(2 + place, in: buffer)
    }

    /// The same event as an `Event`, its fields in the spec's order.
    public func event(in buffer: UnsafeBufferPointer<UInt8>) -> Event {
        var fields: [Event.Field] = []
        for (place, key) in VerbSpec.fieldKeys[verb.ordinal].enumerated() {
            if let bytes = field(at: place, in: buffer) { fields.append(Event.Field(key, String(decoding: bytes, as: UTF8.self))) }
        }
        return Event(time: time, author: author(in: buffer), verb: verb, subject: subject(in: buffer), fields: fields)
    }
}
