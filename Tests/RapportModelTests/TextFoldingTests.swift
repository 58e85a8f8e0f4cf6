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

    @Test(arguments: [
        ("+44 20 7946 0123", "2079460123"), ("  +44 (0)20 7946 0123", "2079460123"), ("0044 20 7946 0123", "2079460123"),
        ("+49 170 555 0199", "491705550199"), ("44 1234", "441234"), ("000", ""), ("no digits", ""), ("٣٤٥ 12", "12"),
    ])
    func phoneDigitsKeepOnlyNationalDigits(_ text: String, _ digits: String) {
        #expect(TextFolding.phoneDigits(text) == digits)
    }
}
