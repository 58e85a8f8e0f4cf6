/// The `?` screen: every key that works here, grouped by where it applies.
///
/// It is given rows generated from the `Keymap`, never a hand-written list, so it
/// cannot fall out of date. It draws centred over whatever is beneath it and
/// scrolls when the list is taller than the screen.
public struct HelpOverlay: Widget, Sendable {
    public var rows: [HelpRow]
    public var title: String
    public var offset: Int

    public init(rows: [HelpRow], title: String = "Keys", offset: Int = 0) {
        self.rows = rows
        self.title = title
        self.offset = offset
    }

    private enum Line {
        case context(String)
        case binding(HelpRow)
        case blank
    }

    private var lines: [Line] {
        var result: [Line] = []
        var current: String?
        for row in rows {
            if row.context != current {
                if current != nil { result.append(.blank) }
                result.append(.context(row.context))
                current = row.context
            }
            result.append(.binding(row))
        }
        return result
    }

    /// The number of lines the overlay would like, for the caller's scroll limits.
    public var lineCount: Int { lines.count }

    public func render(in rect: Rect, on canvas: inout Canvas) {
        let lines = self.lines
        let keyWidth = rows.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let textWidth = max(rows.map { DisplayWidth.of($0.description) }.max() ?? 0,
                            rows.map { DisplayWidth.of($0.context) }.max() ?? 0, 20)
        let box = rect.centered(width: keyWidth + textWidth + 7, height: lines.count + 2)
        guard box.width >= 10, box.height >= 3 else { return }
        canvas.fill(box)
        canvas.drawBox(box, glyphs: .heavy, style: .borderFocused, title: title)
        let footer = " Esc close "
        canvas.put(footer, at: Point(x: box.maxX - 1 - DisplayWidth.of(footer) - 1, y: box.maxY - 1),
                   maxWidth: box.width - 2, style: .muted)

        let inner = box.inset(by: 1)
        let first = min(max(0, offset), max(0, lines.count - inner.height))
        for row in 0..<inner.height where first + row < lines.count {
            let y = inner.y + row
            switch lines[first + row] {
            case .context(let name):
                canvas.put(name.prefix(1).uppercased() + name.dropFirst(), at: Point(x: inner.x + 1, y: y),
                           maxWidth: inner.width - 2, style: Style(.header, [.bold, .underline]))
            case .binding(let help):
                canvas.put(help.keys, at: Point(x: inner.x + 2, y: y), maxWidth: keyWidth, style: .key)
                canvas.put(help.description, at: Point(x: inner.x + 4 + keyWidth, y: y),
                           maxWidth: inner.maxX - (inner.x + 4 + keyWidth) - 1, style: .normal)
            case .blank:
                break
            }
        }
        if first > 0 { canvas.put("▲", at: Point(x: inner.maxX - 1, y: inner.y), style: .muted) }
        if first + inner.height < lines.count {
            canvas.put("▼", at: Point(x: inner.maxX - 1, y: inner.maxY - 1), style: .muted)
        }
    }
}
