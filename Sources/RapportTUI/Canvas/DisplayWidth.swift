/// Terminal cell widths of text, computed from Unicode data alone.
///
/// `wcwidth` depends on the process locale and the C library's Unicode version, so
/// the same screen could lay out differently on two machines. Layout here is
/// deterministic: East Asian Wide/Fullwidth and emoji presentation take two cells,
/// combining marks and other zero-width characters none, everything else one. The
/// `Screen` reconciles this with whatever the terminal believes when it draws.
public enum DisplayWidth {
    /// Cells taken by one grapheme cluster.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.properties.generalCategory == .control { return 0 }
        if scalars.count == 1 { return of(first) }

        if isRegionalIndicator(first) {
            return scalars.dropFirst().contains(where: isRegionalIndicator) ? 2 : 1
        }
        let isEmojiBase = first.properties.isEmoji
        if isEmojiBase {
            if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
            if scalars.contains(where: { $0.value == 0xFE0E }) { return 1 }
        }
        return scalars.lazy.map { of($0) }.first(where: { $0 > 0 }) ?? 0
    }

    /// Cells taken by one scalar shown on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
        if value < 0x7F { return 1 }
        if value == 0x00AD { return 1 }
        // Latin letters, dashes, quotes, bullets, box drawing and blocks: one cell, no lookup.
        if (0x00A0...0x02FF).contains(value) || (0x2010...0x2027).contains(value) || (0x2500...0x259F).contains(value) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .spacingMark: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        if scalar.properties.isEmojiPresentation || isWide(value) { return 2 }
        return 1
    }

    /// Cells taken by a whole string.
    public static func of(_ text: some StringProtocol) -> Int {
        // Most of what a frame measures is printable ASCII: one cell a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        // Then text of scalars that are each a character of their own (Latin letters,
        // punctuation, box drawing, CJK, kana, Hangul): counted without splitting the text
        // into characters.
        if let cells = plainCells(text.unicodeScalars) { return cells }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The cells of a scalar that is a character of its own wherever it stands, or 0 for
    /// any other. One cell: printable ASCII, Latin-1 and Latin Extended letters and spacing
    /// modifiers, general punctuation up to U+2027, box drawing and blocks. Two cells: CJK
    /// ideographs, kana (without the combining sound marks), Hangul syllables and
    /// fullwidth forms. No two of these ever join into one character: what could join
    /// them (combining marks, jamo, variation selectors, joiners) is none of them, and
    /// text holding it is measured a character at a time.
    @inline(__always)
    static func plainWidth(_ value: UInt32) -> Int {
        if value < 0x2500 {
            return (0x20...0x7E).contains(value) || (0xA0...0x2FF).contains(value) || (0x2010...0x2027).contains(value) ? 1 : 0
        }
        if value <= 0x259F { return 1 }
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0x3041...0x3096).contains(value) || (0x30A1...0x30FA).contains(value) || (0x30FC...0x30FE).contains(value)
            || (0xFF01...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) {
            return 2
        }
        return 0
    }

    /// The cells of text made only of plain scalars (see `plainWidth`), or nil.
    static func plainCells(_ scalars: some Sequence<Unicode.Scalar>) -> Int? {
        var count = 0
        for scalar in scalars {
            let cells = plainWidth(scalar.value)
            guard cells > 0 else { return nil }
            count += cells
        }
        return count
    }

    /// `text` cut to at most `width` cells, ending in `ellipsis` when anything was
    /// removed. Whole graphemes only: a name is never cut inside a character.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let budget = width - of(ellipsis)
        if budget >= 0, plainCells(text.unicodeScalars) != nil {
            // Each scalar its own character: cut by scalars.
            var kept = String.UnicodeScalarView()
            var used = 0
            for scalar in text.unicodeScalars {
                used += plainWidth(scalar.value)
                if used > budget { break }
                kept.append(scalar)
            }
            var result = String(kept)
            result.append(ellipsis)
            return result
        }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > budget { break }
            result.append(character)
            used += cells
        }
        if budget >= 0 { result.append(ellipsis) }
        return result
    }

    /// `text` with every control character replaced by a visible stand-in, so text
    /// from a journal or an import can never reach the terminal as a control
    /// sequence. C0 controls become their Control Pictures (ESC → ␛, NUL → ␀),
    /// DEL becomes ␡, and C1 controls and bidirectional overrides become �.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacement) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(contentsOf: replacement(for: scalar).unicodeScalars)
        }
        return String(result)
    }

    private static func needsReplacement(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || isBidiControl(value)
            || value == 0x2028 || value == 0x2029
    }

    private static func replacement(for scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        switch value {
        case 0..<0x20: return String(Unicode.Scalar(0x2400 + value)!)
        case 0x7F: return "␡"
        case 0x2028, 0x2029: return "␤"
        case _ where (0x80...0x9F).contains(value) || isBidiControl(value): return "\u{FFFD}"
        default: return String(scalar)
        }
    }

    /// Embeddings, overrides and isolates: they reorder what follows them and can
    /// make a line read differently from what it contains.
    private static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    private static func isWide(_ value: UInt32) -> Bool {
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound { high = mid - 1 } else if value > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }

    /// East Asian Wide and Fullwidth blocks (Unicode 15). Emoji are covered by the
    /// Emoji_Presentation property instead.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5,
        0x2FF0...0x2FFF, 0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F,
        0x3131...0x318E, 0x3190...0x31E3, 0x31EF...0x321E, 0x3220...0x3247, 0x3250...0x4DBF,
        0x4E00...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60,
        0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7,
        0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFF3, 0x1AFF5...0x1AFFB,
        0x1AFFD...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132, 0x1B150...0x1B152,
        0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB, 0x1F200...0x1F202,
        0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
