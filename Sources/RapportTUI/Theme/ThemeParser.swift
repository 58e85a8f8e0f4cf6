/// Reads the theme file format:
///
/// ```
/// # comments start with '#'
/// selection    = black on 110, bold
/// border       = 240
/// status-line  = on 236
/// title        = bold, underline
/// ```
///
/// A role is followed by `=`, then optionally `FOREGROUND`, `FOREGROUND on BACKGROUND`
/// or `on BACKGROUND`, then comma-separated attributes. Colours are `default`, the
/// eight names, `bright-` names, or 0–255; attributes are bold, dim, underline,
/// reverse and italic. Every mistake is reported with the file, line and role.
public enum ThemeParser {
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        var styles: [StyleRole: ThemeStyle] = [:]
        var firstLine: [StyleRole: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            func fail(_ message: String) -> ThemeError {
                ThemeError(file: file, line: lineNumber, message: message)
            }
            let line = rawLine.prefix { $0 != "#" }.trimmingSpaces
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw fail("expected \"role = colour on colour, attributes\", found \"\(line)\"")
            }
            let roleName = line[..<equals].trimmingSpaces
            guard let role = StyleRole(name: roleName) else {
                throw fail("unknown role \"\(roleName)\"" + suggestion(for: roleName, among: StyleRole.all.map(\.name)))
            }
            if let earlier = firstLine[role] {
                throw fail("role \"\(roleName)\" is already set on line \(earlier)")
            }
            let style = try parseStyle(line[line.index(after: equals)...].trimmingSpaces, role: roleName, fail: fail)
            styles[role] = style
            firstLine[role] = lineNumber
        }
        let name = file.split(separator: "/").last.map { String($0) } ?? file
        return Theme(name: name.hasSuffix(".theme") ? String(name.dropLast(6)) : name, styles: styles)
    }

    private static func parseStyle(_ text: String, role: String,
                                   fail: (String) -> ThemeError) throws(ThemeError) -> ThemeStyle {
        guard !text.isEmpty else { throw fail("role \"\(role)\" has no style after \"=\"") }
        var style = ThemeStyle()
        for (index, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = part.trimmingSpaces
            if item.isEmpty { throw fail("empty item in the style of role \"\(role)\"") }
            if let attribute = TextAttributes(name: item) {
                style.attributes.insert(attribute)
                continue
            }
            guard index == 0 else {
                throw fail("unknown attribute \"\(item)\" for role \"\(role)\""
                    + suggestion(for: item, among: TextAttributes.named.map(\.name)))
            }
            let words = item.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let foregroundName: String?, backgroundName: String?
            switch words.count {
            case 1: (foregroundName, backgroundName) = (words[0], nil)
            case 2 where words[0] == "on": (foregroundName, backgroundName) = (nil, words[1])
            case 3 where words[1] == "on": (foregroundName, backgroundName) = (words[0], words[2])
            default:
                throw fail("expected \"colour\", \"colour on colour\" or \"on colour\" for role \"\(role)\", found \"\(item)\"")
            }
            if let foregroundName { style.foreground = try color(foregroundName, role: role, fail: fail) }
            if let backgroundName { style.background = try color(backgroundName, role: role, fail: fail) }
        }
        return style
    }

    private static func color(_ name: String, role: String, fail: (String) -> ThemeError) throws(ThemeError) -> ThemeColor {
        if let color = ThemeColor(name: name) { return color }
        let known = ["default"] + ThemeColor.names + ThemeColor.names.map { "bright-\($0)" }
        let hint = suggestion(for: name, among: known)
        throw fail("unknown colour \"\(name)\" for role \"\(role)\""
            + (hint.isEmpty ? " (use a name, bright-NAME, default or 0-255)" : hint))
    }

    /// ` (did you mean "x"?)` when one known word is within two edits of `word`.
    private static func suggestion(for word: String, among known: [String]) -> String {
        let scored = known.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
        return " (did you mean \"\(best.0)\"?)"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
