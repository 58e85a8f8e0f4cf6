#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line on standard error while a large journal loads, before the dashboard takes the
/// screen, so the terminal never sits blank for seconds. Shown only on a terminal, only
/// once loading has taken a quarter of a second, at most ten times a second, and erased
/// before the dashboard starts. The text is the program's own (figures, no journal text).
struct LoadingNote {
    private let enabled = isatty(2) != 0
    private let started = ContinuousClock.now
    private var lastShown: ContinuousClock.Instant?
    private var shown = false

    /// Shows `text`; `now` skips the rate limit (a change of step, not of percentage).
    mutating func show(_ text: String, now: Bool = false) {
        guard enabled else { return }
        let clock = ContinuousClock.now
        guard clock - started >= .milliseconds(250) else { return }
        if !now, let lastShown, clock - lastShown < .milliseconds(100) { return }
        lastShown = clock
        shown = true
        emit("\r\u{1B}[Krapport: \(text)…")
    }

    /// Erases the line, if one was shown.
    func clear() {
        guard shown else { return }
        emit("\r\u{1B}[K")
    }

    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
    }
}
