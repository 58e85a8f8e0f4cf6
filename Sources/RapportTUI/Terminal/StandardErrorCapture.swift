#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

nonisolated(unsafe) private var captureFile: Int32 = -1
nonisolated(unsafe) private var originalStandardError: Int32 = -1
private let replayBufferSize = 4096
/// Allocated before capture starts: a crash handler must not allocate.
nonisolated(unsafe) private let replayBuffer = UnsafeMutableRawPointer.allocate(byteCount: replayBufferSize, alignment: 1)

/// Holds back what is written to standard error while the dashboard owns the
/// terminal, and writes it out once the terminal is restored.
///
/// Anything printed to the terminal during curses mode would scribble over the
/// screen and then vanish with the alternate screen — including the message of
/// a fatal error, which is exactly what someone needs to read after a crash.
/// A deleted temporary file (never a pipe, which could fill and block) keeps it.
/// `end()` uses only async-signal-safe calls, so the crash handler can call it.
enum StandardErrorCapture {
    static func begin() {
        guard originalStandardError < 0, isatty(STDERR_FILENO) == 1 else { return }
        _ = replayBuffer
        var template = Array("/tmp/rapport-stderr-XXXXXX".utf8CString)
        let file = mkstemp(&template)
        guard file >= 0 else { return }
        unlink(template)
        let original = dup(STDERR_FILENO)
        guard original >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            close(file)
            if original >= 0 { close(original) }
            return
        }
        captureFile = file
        originalStandardError = original
    }

    static func end() {
        guard originalStandardError >= 0 else { return }
        dup2(originalStandardError, STDERR_FILENO)
        close(originalStandardError)
        originalStandardError = -1
        lseek(captureFile, 0, SEEK_SET)
        while true {
            let count = read(captureFile, replayBuffer, replayBufferSize)
            guard count > 0 else { break }
            _ = write(STDERR_FILENO, replayBuffer, count)
        }
        close(captureFile)
        captureFile = -1
    }
}
