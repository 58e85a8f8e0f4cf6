@testable import RapportModel
import Testing

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Jane SMITH", "jane smith"), ("acme ltd", "acme ltd"), ("Zoë Müller", "zoe muller"), ("ÆRØ Straße", "aero strasse"),
        ("山田太郎商事", "山田太郎商事"), ("", ""), ("A1-B2@X.COM", "a1-b2@x.com"), ("Café\u{301}", "cafe"),
    ])
    func foldLowerCasesAndStripsLatinMarks(_ text: String, _ folded: String) {
        #expect(TextFolding.fold(text) == folded)
    }

    @Test(arguments: [("ΑΒΓ Δέλτα", "αβγ δέλτα"), ("ПРИВЕТ", "привет"), ("İstanbul", "istanbul"), ("Ǆemal", "ǆemal")])
    func foldLowerCasesOtherScripts(_ text: String, _ folded: String) {
        #expect(TextFolding.fold(text) == folded)
    }

    /// Folding as it was first written, scalar by scalar through a dictionary and the
    /// standard library's lower-case mapping: the definition the byte-wise folding keeps.
    static func referenceFold(_ text: String) -> String {
        var map: [UInt32: String] = [:]
        for (chars, plain) in TextFolding.latinGroups {
            for scalar in chars.unicodeScalars { map[scalar.value] = plain }
        }
        var out = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(v >= 0x41 && v <= 0x5A ? v + 32 : v)))
            } else if (0x300...0x36F).contains(v) {
                continue
            } else if let plain = map[v] {
                out += plain
            } else {
                out += scalar.properties.lowercaseMapping
            }
        }
        return out
    }

    @Test("every scalar of the BMP, and the cased ones beyond, folds as the scalar-by-scalar definition folds it")
    func everyScalarFoldsAsDefined() {
        var differing: [String] = []
        // The scripts with case beyond the BMP (Deseret and Osage, Old Hungarian, Warang
        // Citi, Medefaidrin, Adlam), and every 31st scalar of the rest.
        let cased: [ClosedRange<UInt32>] = [0x10400...0x104FF, 0x10C80...0x10CFF, 0x118A0...0x118FF, 0x16E40...0x16E9F, 0x1E900...0x1E95F]
        let scalars = Array(UInt32(0x80)...0xFFFF) + cased.flatMap { Array($0) } + stride(from: UInt32(0x10000), through: 0x10FFFF, by: 31)
        // Each scalar after an upper-case letter, so the byte-wise path is taken.
        for v in scalars {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let text = "A" + String(Character(scalar))
            let folded = TextFolding.fold(text), expected = Self.referenceFold(text)
            if folded != expected { differing.append(String(v, radix: 16)) }
        }
        #expect(differing.isEmpty, "\(differing.count) scalars fold differently: \(differing.prefix(20))")
    }

    @Test("folding parts and joining them with spaces gives the folded whole, as a row's search line is built")
    func foldingIsPartByPart() {
        var random = SeededRandom(seed: 5)
        let pieces = ["Acme", "ZOË", "e\u{301}", "\u{301}", "Straße", "ÆRØ", "山田", "Δ", "Ж", "İ", " ", "-", "1", "😀", "ǅ"]
        for _ in 0..<500 {
            let parts = (0..<random.int(1...4)).map { _ in (0..<random.int(0...4)).map { _ in random.pick(pieces) }.joined() }
            var bytes: [UInt8] = []
            for (i, part) in parts.enumerated() {
                if i > 0 { bytes.append(0x20) }
                TextFolding.appendFolded(part, to: &bytes)
            }
            #expect(String(decoding: bytes, as: UTF8.self) == TextFolding.fold(parts.joined(separator: " ")), "\(parts)")
        }
    }

    @Test(arguments: [
        ("+44 20 7946 0123", "2079460123"), ("  +44 (0)20 7946 0123", "2079460123"), ("0044 20 7946 0123", "2079460123"),
        ("+49 170 555 0199", "491705550199"), ("44 1234", "441234"), ("000", ""), ("no digits", ""), ("٣٤٥ 12", "12"),
    ])
    func phoneDigitsKeepOnlyNationalDigits(_ text: String, _ digits: String) {
        #expect(TextFolding.phoneDigits(text) == digits)
    }
}
