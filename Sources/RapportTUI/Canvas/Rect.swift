/// A rectangle of cells. Layout is plain arithmetic on rectangles, so every pane
/// and widget can be placed, split and tested without a terminal.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var minX: Int { x }
    public var minY: Int { y }
    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    public func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x < maxX && point.y >= minY && point.y < maxY
    }

    /// The rectangle shrunk by `amount` cells on every side.
    public func inset(by amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(minX, other.minX), top = max(minY, other.minY)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The single-row rectangle at `offset` rows below the top.
    public func row(_ offset: Int) -> Rect {
        Rect(x: x, y: y + offset, width: width, height: offset >= 0 && offset < height ? 1 : 0)
    }

    /// Splits off the top `rows` rows; the second part is what remains below.
    public func divided(atRow rows: Int) -> (top: Rect, bottom: Rect) {
        let cut = min(max(rows, 0), height)
        return (Rect(x: x, y: y, width: width, height: cut),
                Rect(x: x, y: y + cut, width: width, height: height - cut))
    }

    /// Splits off the left `columns` columns; the second part is what remains to the right.
    public func divided(atColumn columns: Int) -> (left: Rect, right: Rect) {
        let cut = min(max(columns, 0), width)
        return (Rect(x: x, y: y, width: cut, height: height),
                Rect(x: x + cut, y: y, width: width - cut, height: height))
    }

    /// A rectangle of the given size centred in this one (clipped to fit).
    public func centered(width: Int, height: Int) -> Rect {
        let w = min(width, self.width), h = min(height, self.height)
        return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
    }
}
