/// How many colours the terminal will actually show us.
///
/// Decided once at start-up from the terminal's colour count and `NO_COLOR`; the
/// theme is then resolved down to it, so a 256-colour theme still reads on an
/// 8-colour console and turns into attributes only on a monochrome one.
public enum ColorDepth: Hashable, Sendable, Comparable {
    case none
    case eight
    case sixteen
    case full

    /// - Parameters:
    ///   - colors: what the terminal reports (`COLORS`), 0 when it has no colour.
    ///   - noColor: the value of `NO_COLOR`; set and non-empty means no colour.
    public init(colors: Int, noColor: String?) {
        if let noColor, !noColor.isEmpty {
            self = .none
        } else if colors >= 256 {
            self = .full
        } else if colors >= 16 {
            self = .sixteen
        } else if colors >= 8 {
            self = .eight
        } else {
            self = .none
        }
    }
}
