/// Where each pane sits for a terminal size: the 2×2 grid above a status line.
/// Shared by drawing and by mouse clicks so they always agree.
public struct DashboardLayout: Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var fits: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    public var body: Rect { Rect(x: 0, y: 0, width: width, height: height - 1) }
    public var statusLine: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }

    public func rect(of pane: DashboardPane) -> Rect {
        let leftWidth = width * 11 / 20
        let topHeight = (height - 1) / 2
        let (top, bottom) = body.divided(atRow: topHeight)
        let row = pane.rawValue < 2 ? top : bottom
        let (left, right) = row.divided(atColumn: pane == .payments || pane == .health ? width / 2 : leftWidth)
        return pane.isLeft ? left : right
    }

    /// Rows of data a pane can show: its height less the border and the header row.
    public func dataRows(of pane: DashboardPane) -> Int { max(0, rect(of: pane).height - 3) }

    public func pane(at point: Point) -> DashboardPane? {
        DashboardPane.allCases.first { rect(of: $0).contains(point) }
    }
}
