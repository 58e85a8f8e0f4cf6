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
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 32 : v))
            } else if (0x300...0x36F).contains(v) {
                continue
            } else if let plain = latin[v] {
                out.append(contentsOf: plain.utf8)
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(contentsOf: UTF8.encode(lower)!) }
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

    private static let latin: [UInt32: String] = {
        var map: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"), ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"),
            ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"), ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"),
            ("ĹĺĻļĽľĿŀŁł", "l"), ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
            ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"),
            ("ŹźŻżŽž", "z"), ("Ææ", "ae"), ("Œœ", "oe"), ("ß", "ss"), ("Þþ", "th"), ("Ðð", "d"),
        ]
        for (chars, plain) in groups {
            for scalar in chars.unicodeScalars { map[scalar.value] = plain }
        }
        return map
    }()
}
