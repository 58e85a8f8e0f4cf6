/// The text of one form field being edited, with its cursor, as a value.
///
/// Editing is a pure function of the key, so form behaviour is unit-tested
/// without a terminal. The cursor counts graphemes, never bytes or scalars, so
/// "Zoë" is three steps however it was typed.
public struct TextInput: Hashable, Sendable {
    public private(set) var text: String
    /// The number of graphemes before the cursor.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies an editing key. Returns false for keys that are not editing keys
    /// (Enter, Tab, Esc...), which the caller then handles itself.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let character):
            guard !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return false }
            text.insert(character, at: index(cursor))
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1)
        case .right, .ctrl("f"):
            cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"):
            cursor = 0
        case .end, .ctrl("e"):
            cursor = text.count
        case .ctrl("u"):
            text.removeSubrange(text.startIndex..<index(cursor))
            cursor = 0
        case .ctrl("k"):
            text.removeSubrange(index(cursor)...)
        case .ctrl("w"):
            var start = cursor
            let characters = Array(text)
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            text.removeSubrange(index(start)..<index(cursor))
            cursor = start
        default:
            return false
        }
        return true
    }

    private func index(_ offset: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: offset)
    }
}
