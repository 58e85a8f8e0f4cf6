import Testing
@testable import RapportTUI
import RapportModel

@Suite struct DisplayWidthTests {
    /// The width and the cut as a character at a time would give them.
    static func slowWidth(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.of($1) } }
    static func slowTruncate(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if slowWidth(text) <= width { return text }
        let budget = width - 1
        var result = "", used = 0
        for c in text {
            let cells = DisplayWidth.of(c)
            if used + cells > budget { break }
            result.append(c)
            used += cells
        }
        if budget >= 0 { result.append("…") }
        return result
    }

    @Test("measuring and cutting by scalars agrees with doing it a character at a time, whatever the mix")
    func scalarFastPathAgrees() {
        var random = SeededRandom(seed: 21)
        // Scalars each a character of their own (one cell, then two), and what can join
        // characters or has no fixed width.
        let plain: [String] = ["a", "Z", " ", "·", "é", "Š", "ß", "ʼ", "—", "‘", "…", "│", "█", "株", "か", "ア", "한", "Ａ", "￥"]
        let other: [String] = ["e\u{301}", "\u{301}", "😀", "👨\u{200D}👩\u{200D}👧", "🇬🇧", "\u{AD}", "\u{2028}", "\r\n", "\u{1B}", "ⓘ", "€",
                               "か\u{3099}", "\u{3099}", "\u{1100}\u{1161}", "\u{11A8}", "ｱ", "株\u{FE0F}", "\u{FE0E}", "\u{200D}", "〜", "𠀋"]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(random.next() % 12) {
                // Mostly plain pieces, so the fast path is taken often.
                text += random.next() % 3 == 0 ? random.pick(other) : random.pick(plain)
            }
            #expect(DisplayWidth.of(text) == Self.slowWidth(text), "\(text.debugDescription)")
            let width = Int(random.next() % 10)
            #expect(DisplayWidth.truncate(text, toWidth: width) == Self.slowTruncate(text, width), "\(text.debugDescription) to \(width)")
        }
    }

    @Test(arguments: [
        ("Acme Trading", 12),
        ("Zoë Müller", 10),
        ("Zoe\u{0308} Mu\u{0308}ller", 10),
        ("山田太郎", 8),
        ("山田 Taro", 9),
        ("ｱｲｳ", 3),
        ("ＡＢ", 4),
        ("한국어", 6),
        ("\u{1100}\u{1161}\u{11A8}", 2),
        ("👍", 2),
        ("👍🏽", 2),
        ("👨‍👩‍👧", 2),
        ("🇬🇧🇯🇵", 4),
        ("❤️", 2),
        ("❤", 1),
        ("1️⃣", 2),
        ("e\u{0301}\u{0323}", 1),
        ("a\u{200B}b", 2),
        ("\u{1B}[31m", 4),
        ("", 0),
    ])
    func width(of text: String, is expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test func composedAndDecomposedNamesMeasureTheSame() {
        #expect(DisplayWidth.of("Zoë Müller") == DisplayWidth.of("Zoe\u{0308} Mu\u{0308}ller"))
    }

    @Test func controlCharactersTakeNoCells() {
        #expect(DisplayWidth.of(Character("\u{07}")) == 0)
        #expect(DisplayWidth.of(Character("\r\n")) == 0)
        #expect(DisplayWidth.of(Character("\u{9B}")) == 0)
    }

    @Test(arguments: [
        ("Zoë Müller", 10, "Zoë Müller"),
        ("Zoë Müller", 9, "Zoë Müll…"),
        ("Zoe\u{0308} Mu\u{0308}ller", 4, "Zoe\u{0308}…"),
        ("山田太郎", 8, "山田太郎"),
        ("山田太郎", 7, "山田太…"),
        ("山田太郎", 6, "山田…"),
        ("山田太郎", 2, "…"),
        ("山田太郎", 1, "…"),
        ("山田太郎", 0, ""),
        ("👨‍👩‍👧 family", 3, "👨‍👩‍👧…"),
        ("👨‍👩‍👧 family", 2, "…"),
        ("🇬🇧🇯🇵", 3, "🇬🇧…"),
        ("e\u{0301}e\u{0301}e\u{0301}", 2, "e\u{0301}…"),
    ])
    func truncation(of text: String, to width: Int, gives expected: String) {
        let result = DisplayWidth.truncate(text, toWidth: width)
        #expect(result == expected)
        #expect(DisplayWidth.of(result) <= width)
    }

    @Test func truncationNeverSplitsAGrapheme() {
        let samples = ["Zoe\u{0308} Mu\u{0308}ller", "👨‍👩‍👧👍🏽🇬🇧", "山田太郎 Müller", "a\u{0301}\u{0302}\u{0303}bc", "1️⃣2️⃣3️⃣"]
        for sample in samples {
            let original = Array(sample)
            for width in 0...DisplayWidth.of(sample) + 1 {
                let kept = Array(DisplayWidth.truncate(sample, toWidth: width))
                let body = kept.last == "…" && sample != String(kept) ? Array(kept.dropLast()) : kept
                #expect(Array(original.prefix(body.count)) == body, "\(sample) at \(width)")
                #expect(DisplayWidth.of(String(kept)) <= width)
            }
        }
    }

    @Test(arguments: [
        ("\u{1B}[31mred", "␛[31mred"),
        ("\u{1B}]0;title\u{07}", "␛]0;title␇"),
        ("a\u{00}b", "a␀b"),
        ("bell\u{07}", "bell␇"),
        ("line\nbreak\r", "line␊break␍"),
        ("tab\there", "tab␉here"),
        ("del\u{7F}", "del␡"),
        ("csi\u{9B}2J", "csi\u{FFFD}2J"),
        ("next\u{85}line", "next\u{FFFD}line"),
        ("evil\u{202E}txt.exe", "evil\u{FFFD}txt.exe"),
        ("iso\u{2066}late\u{2069}", "iso\u{FFFD}late\u{FFFD}"),
        ("Zoë 山田 👍", "Zoë 山田 👍"),
    ])
    func sanitize(_ input: String, gives expected: String) {
        let result = DisplayWidth.sanitize(input)
        #expect(result == expected)
        #expect(!result.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }
}
