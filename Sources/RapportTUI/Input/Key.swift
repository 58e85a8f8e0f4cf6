/// One key press (or a resize or mouse event) as the rest of the program sees it.
///
/// The `Screen` turns ncurses key codes into these; everything after that —
/// the keymap, `update`, tests — works on plain values.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace, delete, insert
    case pageUp, pageDown, home, end
    /// Control plus a letter or one of `@[\]^_`, always lowercase: `.ctrl("c")`.
    case ctrl(Character)
    case function(Int)
    /// The terminal changed size; the next frame must be laid out again.
    case resize
    case mouse(MouseEvent)

    /// The key for a character read from the terminal, with the control
    /// characters that have names (Enter, Tab, Esc, Backspace) given them.
    public init?(scalarValue: UInt32) {
        switch scalarValue {
        case 0x0D, 0x0A: self = .enter
        case 0x09: self = .tab
        case 0x1B: self = .escape
        case 0x7F, 0x08: self = .backspace
        case 0x00: self = .ctrl("@")
        case 0x01...0x1A: self = .ctrl(Character(Unicode.Scalar(UInt8(0x60 + scalarValue))))
        case 0x1C...0x1F: self = .ctrl(Character(Unicode.Scalar(UInt8(0x40 + scalarValue))))
        case 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
            self = .char(Character(scalar))
        }
    }

    /// How the key is written in help and hints: `↑`, `Enter`, `Ctrl-C`, `F1`, `Space`.
    public var displayName: String {
        switch self {
        case .char(" "): "Space"
        case .char(let character): String(character)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .insert: "Ins"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .ctrl(let character): "Ctrl-" + character.uppercased()
        case .function(let number): "F\(number)"
        case .resize: "Resize"
        case .mouse: "Click"
        }
    }
}
