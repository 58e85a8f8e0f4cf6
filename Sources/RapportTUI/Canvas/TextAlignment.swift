/// Where text sits within a wider space, measured in cells.
public enum TextAlignment: Hashable, Sendable {
    case leading
    case trailing
    case center

    /// The column offset at which text of `textWidth` cells starts within `available` cells.
    public func offset(forWidth textWidth: Int, in available: Int) -> Int {
        let slack = max(0, available - textWidth)
        switch self {
        case .leading: return 0
        case .trailing: return slack
        case .center: return slack / 2
        }
    }
}
