/// Why an event does not fit the book: a bad field, or an action the book's state refuses
/// (paying an unknown invoice, closing a closed complaint). The book is left unchanged.
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field at fault, when one is.
    public var field: String?
    public var message: String

    public init(field: String? = nil, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "field \(field): \(message)" }
        return message
    }
}
