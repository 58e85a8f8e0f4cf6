import CLineMarks
import RapportModel

/// The quick way through a line as rapport writes it: every field's place found from one
/// pass that marks the line's spaces, quotes and equals signs, sixteen bytes at a time,
/// rather than byte runs searched again for each token.
///
/// It reads only the common shape: single spaces between tokens; bare values, or quoted
/// ones without escapes; each key one the verb takes, at most once; every required one
/// given and not empty; no control character anywhere. For anything else, an error
/// included, it returns nil and the line is read the careful way (`Cursor`), which reads
/// every line this one reads to the same result (tests hold the two side by side over
/// every verb, the error corpus and random damage to real lines).
extension LineFormat {
    static func parseMarked<Buffer: CompactBuffer>(_ body: UnsafeBufferPointer<UInt8>, compact: inout Buffer,
                                                   dates: inout Timestamp.DayMemo) -> Parsed? {
        let n = body.count
        guard Buffer.takesCompact, let base = body.baseAddress else { return nil }
        // The tokens' places, then each of the verb's places' value: its start in the low
        // 32 bits, its length plus one above (zero for a field not given). Read through a
        // pointer: an inline array's reads were checked against its bounds every time.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (Int(RAPPORT_TOKENS_COUNT) + 3) / 4 + placedFieldsCapacity) { buffer -> Parsed? in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            let tokens = raw.bindMemory(to: UInt16.self, capacity: Int(RAPPORT_TOKENS_COUNT))
            let spans = buffer.baseAddress! + (Int(RAPPORT_TOKENS_COUNT) + 3) / 4
            let shape = rapport_tokenize(base, n, tokens)
            // A line that is not UTF-8 is among those left to the careful way.
            guard shape != 0 else { return nil }
            func bytes(_ first: Int, _ last: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(start: base + Int(tokens[first]), count: Int(tokens[last]) - Int(tokens[first]))
            }
            guard let time = Timestamp(utf8: UnsafeBufferPointer(start: base, count: Int(tokens[0])), memo: &dates),
                  let verb = Verb(utf8: bytes(3, 4)) else { return nil }
            let keys = keyWords(of: verb)
            guard keys.count <= placedFieldsCapacity else { return nil }
            spans.initialize(repeating: 0, count: keys.count)
            var given: UInt64 = 0, filled: UInt64 = 0
            // Rapport writes a verb's fields in the spec's order, so each key is looked for
            // first just after the last one found.
            var next = 0
            for field in 0..<Int(tokens[7]) {
                let at = 8 + 4 * field
                guard let place = Self.place(of: bytes(at, at + 1), in: base, lineEnd: n, among: keys, from: next) else { return nil }
                next = place + 1
                // A place is under `placedFieldsCapacity` (checked above), so the shift is
                // in range without the checks `<<` adds.
                let bit: UInt64 = 1 &<< UInt64(place)
                guard given & bit == 0 else { return nil }
                given |= bit
                let first = UInt64(tokens[at + 2]), length = UInt64(tokens[at + 3]) - first
                if length > 0 { filled |= bit }
                spans[place] = first | (length + 1) << 32
            }
            guard requiredKeys[verb.ordinal] & ~filled == 0 else { return nil }

            let placed = Placed(body: body, spans: UnsafePointer(spans))
            let author = bytes(1, 2), subject = bytes(5, 6)
            if verb == .contactAdd {
                let slots = contactSlots
                guard let account = placed[slots.account] else { return nil }
                // As the careful way writes it: id, name, account, role, phone, email, then
                // the author. No text is longer than its bytes in the line.
                let contact = compact.write(capacity: n + 3 * 7) { writer in
                    writer.putContact(id: subject, name: placed[slots.name], account: account, role: placed[slots.role],
                                      phone: placed[slots.phone], email: placed[slots.email])
                    writer.putTrailing(author)
                }
                return .contact(ContactLine(time: time, contact: contact))
            }
            let places = keys.count
            let event = compact.write(time: time, verb: verb, capacity: n) { writer in
                writer.put(author)
                writer.put(subject)
                for place in 0..<places { writer.put(placed[place]) }
            }
            return .encoded(event)
        }
    }

    /// The place of the key `name` among a verb's keys, matched a word at a time, looked
    /// for from the place `from` on and then from the first. `name` is in a line that
    /// ends at `lineEnd` bytes from `line`.
    @inline(__always)
    static func place(of name: UnsafeBufferPointer<UInt8>, in line: UnsafePointer<UInt8>, lineEnd: Int,
                      among keys: UnsafeBufferPointer<KeyWords>, from: Int) -> Int? {
        let length = name.count
        guard length > 0, length <= 24, let start = name.baseAddress else { return nil }
        // The first eight bytes as a word, masked to the name; the rest, for the few
        // longer keys, a byte at a time.
        let head = min(length, 8)
        var first: UInt64 = 0
        if start - line + 8 <= lineEnd {
            first = UnsafeRawPointer(start).loadUnaligned(as: UInt64.self) & (UInt64.max >> UInt64(64 - 8 * head))
        } else {
            for j in 0..<head { first |= UInt64(start[j]) << (8 * UInt64(j)) }
        }
        let count = keys.count
        guard count > 0 else { return nil }
        var i = from < count ? from : 0
        for _ in 0..<count {
            let key = keys[i]
            if key.count == length && key.words.0 == first {
                var same = true
                for j in 8..<max(8, length) {
                    let word = j < 16 ? key.words.1 : key.third
                    if UInt8(truncatingIfNeeded: word >> (8 * UInt64(j % 8))) != start[j] { same = false; break }
                }
                if same { return i }
            }
            i = i + 1 == count ? 0 : i + 1
        }
        return nil
    }
}

/// The values found for a verb's fields, by place: read-only, so the writing closures
/// capture a copy rather than a variable (which would be boxed, and checked for
/// exclusive access on every read).
private struct Placed {
    let body: UnsafeBufferPointer<UInt8>
    let spans: UnsafePointer<UInt64>

    @inline(__always)
    func bytes(_ span: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: body[span]) }

    @inline(__always)
    subscript(place: Int) -> UnsafeBufferPointer<UInt8>? {
        let word = spans[place]
        guard word != 0 else { return nil }
        let start = Int(word & 0xFFFF_FFFF)
        return bytes(start..<start + Int(word >> 32) - 1)
    }
}
