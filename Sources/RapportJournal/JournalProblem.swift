/// Something wrong with one line of a journal, told as `FILE:LINE:COLUMN: message`.
public struct JournalProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The line is not an event (bad syntax, bad UTF-8, too long).
        case malformed
        /// The line is an event the book refuses (unknown invoice, closing a closed complaint).
        case rejected
        /// The last line has no newline, or a later write marked it as cut short.
        case torn
    }

    public var path: String
    public var line: Int
    public var column: Int?
    public var kind: Kind
    public var message: String

    public init(path: String, line: Int, column: Int? = nil, kind: Kind, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "\(path):\(line):" + (column.map { "\($0):" } ?? "") + " \(message)"
    }
}

/// A journal that could not be opened, read or written at all.
public struct JournalError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
