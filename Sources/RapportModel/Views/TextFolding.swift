/// Lower-cases text and strips Latin diacritics so "zoe muller" finds "Zoë Müller".
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        var ascii = true, upper = false
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x41 && byte <= 0x5A { upper = true }
        }
        if ascii && !upper { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendFolded(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `fold(text)` appended to `out` as UTF-8, for text built from several parts (a row's
    /// search line) without making a string of each part or of the whole.
    public static func appendFolded(_ text: String, to out: inout [UInt8]) {
        var text = text
        let ascii: Bool = text.withUTF8 { utf8 in
            // Most names are plain ASCII: lower-case the bytes without going scalar by scalar.
            var high: UInt8 = 0
            for byte in utf8 { high |= byte }
            guard high < 0x80 else { return false }
            // Copied in one go, then lower-cased where it lies: an append a byte costs a
            // check of the array's room and uniqueness for every byte.
            let start = out.count
            out.append(contentsOf: utf8)
            out.withUnsafeMutableBufferPointer { folded in
                for i in start..<folded.count where folded[i] >= 0x41 && folded[i] <= 0x5A { folded[i] += 32 }
            }
            return true
        }
        if ascii { return }
        text.withUTF8 { utf8 in
            let table = latinTable
            let n = utf8.count
            var i = 0
            while i < n {
                let b = utf8[i]
                if b < 0x80 {
                    // A run of ASCII, copied in one go and lower-cased where it lies.
                    var end = i + 1
                    while end < n && utf8[end] < 0x80 { end += 1 }
                    let start = out.count
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<end]))
                    out.withUnsafeMutableBufferPointer { folded in
                        for k in start..<folded.count where folded[k] >= 0x41 && folded[k] <= 0x5A { folded[k] += 32 }
                    }
                    i = end
                    continue
                }
                // A String's bytes are valid UTF-8: the lead byte gives the length.
                let length = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { v = v << 6 | UInt32(utf8[i + k] & 0x3F) }
                defer { i += length }
                if v >= 0x300 && v <= 0x36F { continue }
                if (v >= 0x3040 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7A3) {
                    // Kana, CJK and Hangul have no case: copied without asking Unicode's
                    // tables, a lookup that cost more than the rest of such a name.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<i + length]))
                    continue
                }
                if v < Self.latinEnd, let plain = table.folded(v) {
                    out.append(contentsOf: plain)
                    continue
                }
                let scalar = Unicode.Scalar(v)!
                if scalar.properties.changesWhenLowercased {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(contentsOf: UTF8.encode(lower)!) }
                } else {
                    // Its own bytes: nothing to lower-case (most scripts have no case).
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<i + length]))
                }
            }
        }
    }

    /// Only the digits of a phone number, in national form: "+44 (0)20 7946-0000",
    /// "0044 20 7946 0000" and "020 7946 0000" all become "2079460000".
    public static func phoneDigits(_ text: String) -> String {
        var digits: [UInt8] = []
        appendPhoneDigits(text, to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    /// `phoneDigits(text)` appended to `out` as bytes, for indexes that keep many numbers
    /// in one buffer.
    public static func appendPhoneDigits(_ text: String, to out: inout [UInt8]) {
        let start = out.count
        for byte in text.utf8 where byte >= 0x30 && byte <= 0x39 { out.append(byte) }
        func digitsStart(with prefix: [UInt8]) -> Bool { out[start...].starts(with: prefix) }
        let international = text.utf8.first { $0 != 0x20 } == 0x2B || digitsStart(with: [0x30, 0x30])
        var from = start
        if digitsStart(with: [0x30, 0x30, 0x34, 0x34]) { from += 4 }
        else if international && digitsStart(with: [0x34, 0x34]) { from += 2 }
        while from < out.count && out[from] == 0x30 { from += 1 }
        out.removeSubrange(start..<from)
    }

    /// The digits to look for when someone types part of a number. A fragment ("0123",
    /// the last four digits) is kept as typed; a whole number loses its +44/0 prefix
    /// like the stored ones do.
    public static func phoneQueryDigits(_ text: String) -> String {
        let digits = text.filter { $0.isASCII && $0.isNumber }
        let whole = text.drop { $0 == " " }.hasPrefix("+") || digits.hasPrefix("00") || (digits.hasPrefix("0") && digits.count >= 9)
        return whole ? phoneDigits(text) : digits
    }

    /// Latin letters with diacritics, and ligatures, as plain ASCII.
    static let latinGroups: [(String, String)] = [
        ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"), ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"),
        ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"), ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"),
        ("ĹĺĻļĽľĿŀŁł", "l"), ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
        ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"),
        ("ŹźŻżŽž", "z"), ("Ææ", "ae"), ("Œœ", "oe"), ("ß", "ss"), ("Þþ", "th"), ("Ðð", "d"),
    ]

    /// Every scalar in `latinGroups` is below this.
    static let latinEnd: UInt32 = 0x180

    /// `latinGroups` by scalar, for U+0080 up to `latinEnd`: the plain bytes of each, in
    /// one array (a lookup is two reads, with no hashing and no string to retain).
    struct LatinTable: Sendable {
        /// For scalar `v`, its plain bytes are `bytes[starts[v - 0x80]..<starts[v - 0x7F]]`.
        let starts: [Int]
        let bytes: [UInt8]

        init(_ groups: [(String, String)]) {
            var map: [UInt32: String] = [:]
            for (chars, plain) in groups {
                for scalar in chars.unicodeScalars {
                    precondition(scalar.value >= 0x80 && scalar.value < TextFolding.latinEnd)
                    map[scalar.value] = plain
                }
            }
            var starts: [Int] = [0], bytes: [UInt8] = []
            for v in 0x80..<TextFolding.latinEnd {
                bytes.append(contentsOf: (map[v] ?? "").utf8)
                starts.append(bytes.count)
            }
            self.starts = starts
            self.bytes = bytes
        }

        /// The plain bytes for `v` (at least 0x80, below `latinEnd`), or nil when it has none.
        func folded(_ v: UInt32) -> ArraySlice<UInt8>? {
            let k = Int(v) - 0x80
            let (from, to) = (starts[k], starts[k + 1])
            return from == to ? nil : bytes[from..<to]
        }
    }

    static let latinTable = LatinTable(latinGroups)
}
