/// A mistake in a theme file, naming the file, the line and what to fix, e.g.
/// `default.theme:12: unknown role "selction" (did you mean "selection"?)`.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is not on a particular line (an unreadable file).
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
