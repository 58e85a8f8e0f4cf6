/// What a piece of text *means* on screen, independent of how it is coloured.
///
/// Widgets and panes speak only in roles; a `Theme` decides the colours. This keeps
/// colour choices out of drawing code and lets one screen work in 256 colours,
/// 8 colours and monochrome alike.
public enum StyleRole: Hashable, Sendable {
    case normal
    case muted
    case border
    case borderFocused
    case title
    case header
    case selection
    case statusLine
    case key
    case input
    case inputFocused
    case error
    /// Complaint severity, 1 (most urgent) to 4.
    case severity(Int)
    case healthGood
    case healthFair
    case healthPoor
    case overdue
    case warning
    case flag

    /// Every role a theme may set, in the order theme files list them.
    public static let all: [StyleRole] = [
        .normal, .muted, .border, .borderFocused, .title, .header, .selection, .statusLine,
        .key, .input, .inputFocused, .error,
        .severity(1), .severity(2), .severity(3), .severity(4),
        .healthGood, .healthFair, .healthPoor, .overdue, .warning, .flag,
    ]

    /// The name used in theme files, e.g. `border-focused` or `severity-2`.
    public var name: String {
        switch self {
        case .normal: "normal"
        case .muted: "muted"
        case .border: "border"
        case .borderFocused: "border-focused"
        case .title: "title"
        case .header: "header"
        case .selection: "selection"
        case .statusLine: "status-line"
        case .key: "key"
        case .input: "input"
        case .inputFocused: "input-focused"
        case .error: "error"
        case .severity(let level): "severity-\(level)"
        case .healthGood: "health-good"
        case .healthFair: "health-fair"
        case .healthPoor: "health-poor"
        case .overdue: "overdue"
        case .warning: "warning"
        case .flag: "flag"
        }
    }

    public init?(name: String) {
        guard let role = Self.all.first(where: { $0.name == name }) else { return nil }
        self = role
    }

    /// Attributes that keep the role recognisable without any colour. Used when a
    /// theme leaves a role out, and as the floor on a monochrome terminal for the
    /// roles whose meaning is otherwise carried by a background colour.
    public var baselineAttributes: TextAttributes {
        switch self {
        case .selection, .statusLine: .reverse
        case .title, .borderFocused, .key, .overdue, .flag, .error: .bold
        case .header: [.bold, .underline]
        case .severity(let level): level <= 1 ? [.bold, .reverse] : level == 2 ? .bold : []
        case .muted: .dim
        case .inputFocused: .underline
        default: []
        }
    }
}
