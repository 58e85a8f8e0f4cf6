import RapportModel
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
