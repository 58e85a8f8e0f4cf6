/// Lower-cases text and strips Latin diacritics so "zoe muller" finds "Zoë Müller".
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        var ascii = true, upper = false
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x41 && byte <= 0x5A { upper = true }
        }
        if ascii && !upper { return text }
        if ascii {
            // Most names are plain ASCII: lower-case the bytes without going scalar by scalar.
            let count = text.utf8.count
            return String(unsafeUninitializedCapacity: count) { buffer in
                for (i, byte) in text.utf8.enumerated() { buffer[i] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
                return count
            }
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar)
            } else if (0x300...0x36F).contains(v) {
                continue
            } else if let plain = latin[v] {
                out.append(contentsOf: plain.unicodeScalars)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Only the digits of a phone number, in national form: "+44 (0)20 7946-0000",
    /// "0044 20 7946 0000" and "020 7946 0000" all become "2079460000".
    public static func phoneDigits(_ text: String) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        for byte in text.utf8 where byte >= 0x30 && byte <= 0x39 { digits.append(byte) }
        let international = text.utf8.first { $0 != 0x20 } == 0x2B || digits.starts(with: [0x30, 0x30])
        var start = 0
        if digits.starts(with: [0x30, 0x30, 0x34, 0x34]) { start = 4 }
        else if international && digits.starts(with: [0x34, 0x34]) { start = 2 }
        while start < digits.count && digits[start] == 0x30 { start += 1 }
        return String(decoding: digits[start...], as: UTF8.self)
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
