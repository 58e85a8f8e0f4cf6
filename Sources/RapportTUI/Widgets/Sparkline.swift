/// A trend in one row of block characters (▁▂▃▄▅▆▇█), newest value on the right.
///
/// When there are more values than cells, the most recent ones are shown.
public struct Sparkline: Widget, Sendable {
    public var values: [Double]
    /// The values drawn as the lowest and highest blocks; nil scales from
    /// zero (or the smallest value, if negative) to the largest value.
    public var range: ClosedRange<Double>?
    public var style: Style

    public init(values: [Double], range: ClosedRange<Double>? = nil, style: Style = .normal) {
        self.values = values
        self.range = range
        self.style = style
    }

    private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The blocks for the last `width` values, as text.
    public func text(width: Int) -> String {
        let shown = values.suffix(max(0, width))
        guard let smallest = shown.min(), let largest = shown.max() else { return "" }
        let low = range?.lowerBound ?? min(0, smallest)
        let high = range?.upperBound ?? largest
        return String(shown.map { value -> Character in
            guard high > low else { return Self.blocks[0] }
            let fraction = (min(max(value, low), high) - low) / (high - low)
            return Self.blocks[Int((fraction * 7).rounded())]
        })
    }

    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        canvas.put(text(width: rect.width), at: Point(x: rect.x, y: rect.y), maxWidth: rect.width, style: style)
    }
}
