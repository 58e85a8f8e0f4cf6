/// The bottom row: what is going on (left) and the keys that matter now (right).
///
/// When space runs short the hints give way from the left, so the message the
/// person needs right now is the last thing to be cut.
public struct StatusLine: Widget, Sendable {
    public var message: String
    public var hints: [KeyHint]

    public init(message: String, hints: [KeyHint] = []) {
        self.message = message
        self.hints = hints
    }

    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let row = rect.row(0)
        canvas.fill(row, style: .statusLine)
        let messageWidth = canvas.put(" " + message, at: Point(x: row.x, y: row.y), maxWidth: row.width, style: .statusLine)

        var shown = hints
        func width(of hints: [KeyHint]) -> Int {
            hints.reduce(0) { $0 + DisplayWidth.of($1.key) + 1 + DisplayWidth.of($1.label) + 2 }
        }
        while !shown.isEmpty, messageWidth + 2 + width(of: shown) > row.width { shown.removeFirst() }
        var x = row.maxX - width(of: shown)
        for hint in shown {
            x += canvas.put(hint.key, at: Point(x: x, y: row.y), style: Style(.statusLine, .bold))
            x += 1
            x += canvas.put(hint.label, at: Point(x: x, y: row.y), style: .statusLine)
            x += 2
        }
    }
}
