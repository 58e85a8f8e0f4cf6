/// A 0–100 bar on one row that always prints its number and label beside it,
/// because a colour or a bar length alone is not something everyone can read.
///
/// `Health  ██████▌░░░░░  54%`: the label on the left, the bar in between in
/// eighths of a cell, the figure on the right.
public struct Gauge: Widget, Sendable {
    public var value: Int
    public var label: String
    public var style: Style

    public init(value: Int, label: String, style: Style = .normal) {
        self.value = value
        self.label = label
        self.style = style
    }

    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let row = rect.row(0)
        let clamped = min(max(value, 0), 100)
        let figure = "\(clamped)%"
        let figureWidth = 4
        canvas.fill(row)
        canvas.put(figure, in: Rect(x: row.maxX - figureWidth, y: row.y, width: figureWidth, height: 1),
                   alignment: .trailing, style: style.adding(.bold))
        let labelSpace = max(0, row.width - figureWidth - 1)
        let labelWidth = canvas.put(label, at: Point(x: row.x, y: row.y), maxWidth: labelSpace, style: .normal)
        let barStart = row.x + labelWidth + (labelWidth > 0 ? 1 : 0)
        let barWidth = row.maxX - figureWidth - 1 - barStart
        guard barWidth >= 3 else { return }
        let filledEighths = clamped * barWidth * 8 / 100
        for cell in 0..<barWidth {
            let eighthsHere = min(max(filledEighths - cell * 8, 0), 8)
            let point = Point(x: barStart + cell, y: row.y)
            switch eighthsHere {
            case 8: canvas.put("█", at: point, style: style)
            case 0: canvas.put("░", at: point, style: .muted)
            default: canvas.put(String(Self.eighths[eighthsHere - 1]), at: point, style: style)
            }
        }
    }
}
