import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

nonisolated(unsafe) private var activeTerminal: OpaquePointer?

/// Ends curses mode if it is on, then shows what was written to standard error
/// meanwhile. Safe to call twice; called from crash handlers too.
private func restoreActiveTerminal() {
    if activeTerminal != nil, !isendwin() { endwin() }
    StandardErrorCapture.end()
}

/// The terminal, and the only code that talks to ncurses.
///
/// It takes over the terminal (`newterm`, cbreak, no echo, keypad, mouse clicks,
/// colours from the theme), copies each finished `Canvas` to it — only the rows
/// that changed since the last frame, after which ncurses sends only the cells
/// that differ — and turns key codes into `Key` values. Everything else in the
/// program works on canvases and keys and can be tested without a terminal.
///
/// Not Sendable: ncurses state is process-wide and single-threaded; create one
/// screen, on the thread that runs the `EventLoop`.
public final class Screen {
    public let colorDepth: ColorDepth
    private let theme: Theme
    private let terminal: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: Canvas?
    private var pairs: [ColorPairKey: Int16] = [:]
    private var resolved: [Style: (attributes: attr_t, pair: Int16)] = [:]
    private var isClosed = false

    private struct ColorPairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// Takes over the terminal.
    ///
    /// - Parameters:
    ///   - theme: the roles' colours, resolved to what the terminal supports.
    ///   - environment: the process environment; `TERM` and `NO_COLOR` are read from it.
    public init(theme: Theme, environment: [String: String]) throws(ScreenError) {
        let term = environment["TERM"]
        guard let term, !term.isEmpty, term != "dumb", term != "unknown" else {
            throw .unsupportedTerminal(term)
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }

        setlocale(LC_ALL, "")
        TerminalRestore.clearSignalMask()
        // Before curses starts, so ncurses leaves SIGINT/SIGTERM to us.
        TerminalRestore.install(restore: restoreActiveTerminal)

        StandardErrorCapture.begin()
        guard let terminal = newterm(term, rapport_stdout(), rapport_stdin()) else {
            StandardErrorCapture.end()
            throw .cannotStart(term)
        }
        self.terminal = terminal
        set_term(terminal)
        activeTerminal = terminal
        window = rapport_stdscr()
        self.theme = theme

        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        leaveok(window, false)
        // Report presses at once rather than waiting to tell clicks from drags.
        mouseinterval(0)
        mousemask(rapport_button1_pressed() | rapport_button2_pressed() | rapport_button3_pressed()
                  | rapport_button4_pressed() | rapport_button5_pressed(), nil)

        var depth = ColorDepth(colors: has_colors() ? Int(rapport_colors()) : 0, noColor: environment["NO_COLOR"])
        if depth != .none {
            if start_color() == OK {
                use_default_colors()
                depth = ColorDepth(colors: Int(rapport_colors()), noColor: nil)
            } else {
                depth = .none
            }
        }
        colorDepth = depth
    }

    deinit { close() }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(rapport_cols()), Int(rapport_lines()))
    }

    /// Gives the terminal back: ends curses mode and frees the screen. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        restoreActiveTerminal()
        activeTerminal = nil
        TerminalRestore.unregister()
        delscreen(terminal)
    }

    /// Forgets what is on the terminal, so the next `draw` repaints everything
    /// (after Ctrl-L, or when something else wrote to the terminal).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    /// Shows `canvas`. Rows equal to the last frame's are not touched; ncurses
    /// then sends the terminal only the cells that differ within changed rows.
    public func draw(_ canvas: Canvas, cursor: Point? = nil) {
        guard !isClosed else { return }
        let size = self.size
        let fullRedraw = previous.map { $0.width != canvas.width || $0.height != canvas.height } ?? true
        if fullRedraw { werase(window) }
        let rows = min(canvas.height, size.height)
        for y in 0..<rows where fullRedraw || previous?.row(y) != canvas.row(y) {
            drawRow(y, of: canvas, columns: min(canvas.width, size.width))
        }
        previous = canvas
        if let cursor, cursor.x < size.width, cursor.y < size.height {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }

    /// Every key waiting, decoded. Call after the `EventLoop` reports input or a
    /// signal: a resize shows up here as `.resize`.
    public func readKeys() -> [Key] {
        var keys: [Key] = []
        var character: wint_t = 0
        while true {
            let status = wget_wch(window, &character)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                if let key = decodeKeyCode(Int32(character)) { keys.append(key) }
            } else if let key = Key(scalarValue: UInt32(character)) {
                keys.append(key)
            }
        }
        if !keys.contains(.resize), resizeIfNeeded() { keys.append(.resize) }
        return keys
    }

    /// Catches a size change that no handler reported (a SIGWINCH handler
    /// installed before ncurses' own, or a signal lost while stopped).
    private func resizeIfNeeded() -> Bool {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return false }
        guard Int32(size.ws_row) != rapport_lines() || Int32(size.ws_col) != rapport_cols() else { return false }
        resize_term(Int32(size.ws_row), Int32(size.ws_col))
        previous = nil
        return true
    }

    private func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case rapport_key_resize():
            previous = nil
            return .resize
        case rapport_key_mouse(): return readMouse()
        case rapport_key_f(1)...rapport_key_f(24): return .function(Int(code - rapport_key_f(0)))
        default: return nil
        }
    }

    private func readMouse() -> Key? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let state = event.bstate
        let button: MouseEvent.Button
        if state & rapport_button1_pressed() != 0 {
            button = .left
        } else if state & rapport_button2_pressed() != 0 {
            button = .middle
        } else if state & rapport_button3_pressed() != 0 {
            button = .right
        } else if state & rapport_button4_pressed() != 0 {
            button = .scrollUp
        } else if state & rapport_button5_pressed() != 0 {
            button = .scrollDown
        } else {
            return nil
        }
        return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), button: button))
    }

    private func drawRow(_ y: Int, of canvas: Canvas, columns: Int) {
        var x = 0
        while x < columns {
            let cell = canvas[x, y]
            defer { x += max(cell.width, 1) }
            if cell.isContinuation { continue }
            let look = attributes(for: cell.style)
            if x + cell.width > columns {
                put(" ", at: x, y, look)
            } else {
                drawGrapheme(cell, at: x, y, look)
            }
        }
    }

    /// Draws one grapheme so that it takes exactly the cells the canvas gave it,
    /// whatever the terminal's own idea of its width. When the C library measures
    /// it differently (an emoji sequence, a newer character), the first character
    /// is drawn and the rest padded, so nothing after it on the row shifts.
    private func drawGrapheme(_ cell: Cell, at x: Int, _ y: Int, _ look: (attributes: attr_t, pair: Int16)) {
        let scalars = cell.grapheme.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        let widths = scalars.map { Int(rapport_wcwidth($0)) }
        let terminalWidth = widths.reduce(0) { $0 + max($1, 0) }
        let combining = widths.dropFirst().allSatisfy { $0 == 0 }
        if terminalWidth == cell.width, widths.first == cell.width, combining, scalars.count < 5 {
            put(scalars, at: x, y, look)
        } else if let first = scalars.first, let firstWidth = widths.first, firstWidth >= 1, firstWidth <= cell.width {
            put([first], at: x, y, look)
            for pad in firstWidth..<cell.width { put(" ", at: x + pad, y, look) }
        } else {
            put("?", at: x, y, look)
            for pad in 1..<max(cell.width, 1) { put(" ", at: x + pad, y, look) }
        }
    }

    private func put(_ text: Character, at x: Int, _ y: Int, _ look: (attributes: attr_t, pair: Int16)) {
        put(text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }, at: x, y, look)
    }

    private func put(_ scalars: [wchar_t], at x: Int, _ y: Int, _ look: (attributes: attr_t, pair: Int16)) {
        var cell = cchar_t()
        setcchar(&cell, scalars + [0], look.attributes, look.pair, nil)
        mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    private func attributes(for style: Style) -> (attributes: attr_t, pair: Int16) {
        if let known = resolved[style] { return known }
        let look = theme.resolve(style, depth: colorDepth)
        var attributes = rapport_a_normal()
        let names: [(TextAttributes, attr_t)] = [
            (.bold, rapport_a_bold()), (.dim, rapport_a_dim()), (.underline, rapport_a_underline()),
            (.reverse, rapport_a_reverse()), (.italic, rapport_a_italic()),
        ]
        for (attribute, value) in names where look.attributes.contains(attribute) { attributes |= value }
        let result = (attributes, colorPair(foreground: look.foreground, background: look.background))
        resolved[style] = result
        return result
    }

    private func colorPair(foreground: Int?, background: Int?) -> Int16 {
        guard colorDepth != .none, foreground != nil || background != nil else { return 0 }
        let key = ColorPairKey(foreground: foreground ?? -1, background: background ?? -1)
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < rapport_color_pairs() else { return 0 }
        init_pair(next, Int16(key.foreground), Int16(key.background))
        pairs[key] = next
        return next
    }
}
