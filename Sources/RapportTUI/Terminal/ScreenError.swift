/// Why the dashboard cannot take over the terminal, in words a person can act on.
public enum ScreenError: Error, Hashable, Sendable, CustomStringConvertible {
    case notATerminal
    case unsupportedTerminal(String?)
    case cannotStart(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "standard input and output must be a terminal; use the subcommands (see --help) from scripts"
        case .unsupportedTerminal(let name):
            if let name, !name.isEmpty {
                "terminal type \"\(name)\" cannot show the dashboard; set TERM to your terminal (e.g. xterm-256color)"
            } else {
                "TERM is not set; set it to your terminal (e.g. xterm-256color)"
            }
        case .cannotStart(let name):
            "ncurses does not know terminal type \"\(name)\"; install its terminfo or set TERM=xterm-256color"
        }
    }
}
