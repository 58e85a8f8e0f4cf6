#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

nonisolated(unsafe) private var restoreAction: (@convention(c) () -> Void)?
nonisolated(unsafe) private var handlersInstalled = false
nonisolated(unsafe) private var terminationPending: Int32 = 0
nonisolated(unsafe) private let savedActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 128)

/// The one way back to a usable terminal, reached from every exit path.
///
/// - Normal exit and `exit()`: through `atexit`.
/// - SIGINT, SIGTERM, SIGHUP: the first one is handed to the run loop through the
///   `SignalPipe` (so it can finish what it is doing and exit 128+n); without a
///   loop, or on a second signal, the terminal is restored and the process exits
///   at once with 130, 143 or 129.
/// - Crashes (SEGV, ILL, TRAP, BUS, FPE, ABRT): the terminal is restored, the
///   previous handler (the Swift runtime's backtracer, or the default) is put back
///   and the signal repeats, so the backtrace prints on a clean screen.
///
/// Ctrl-Z is left to ncurses' own SIGTSTP handler, which restores and re-enters
/// the screen around the stop.
public enum TerminalRestore {
    public static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    public static let crashSignals: [Int32] = [SIGSEGV, SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGABRT]

    /// Registers `restore` (which must be safe to call twice and from a signal
    /// handler) and installs the handlers. Call before curses starts, so curses
    /// sees the handlers and does not install its own.
    public static func install(restore: @escaping @convention(c) () -> Void) {
        restoreAction = restore
        guard !handlersInstalled else { return }
        handlersInstalled = true
        atexit { TerminalRestore.restore() }
        for signal in crashSignals {
            SignalAction.install(crashHandler, for: signal, flags: SA_ONSTACK | SA_NODEFER,
                                 saving: savedActions + Int(signal))
        }
        for signal in terminationSignals {
            SignalAction.install(terminationHandler, for: signal, saving: savedActions + Int(signal))
        }
    }

    /// Restores the terminal now. Idempotent.
    public static func restore() {
        restoreAction?()
    }

    /// Forgets the restore action, after the screen has closed itself.
    public static func unregister() {
        restoreAction = nil
    }

    /// Restores the terminal and exits as the shell expects after `signal`.
    public static func exit(afterSignal signal: Int32) -> Never {
        restore()
        #if canImport(Glibc)
        Glibc.exit(128 + signal)
        #else
        Darwin.exit(128 + signal)
        #endif
    }

    /// Unblocks every signal for the calling thread. A process started from a
    /// thread that blocks signals (Swift Testing's do) inherits that mask, and
    /// would then never see a resize or a termination request.
    public static func clearSignalMask() {
        var empty = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, nil)
    }
}

private func crashHandler(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _: UnsafeMutableRawPointer?) {
    restoreAction?()
    SignalAction.reinstate(signal, from: savedActions + Int(signal))
    // A fault repeats by itself when the instruction runs again; a signal sent by
    // kill() or raise() (abort) does not, so send it again.
    if let info, info.pointee.si_code <= 0 {
        raise(signal)
    }
}

private func terminationHandler(_ signal: Int32) {
    if signalPipeWriteDescriptor >= 0, terminationPending == 0 {
        terminationPending = signal
        let saved = errno
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(signalPipeWriteDescriptor, &byte, 1)
        errno = saved
        return
    }
    restoreAction?()
    _exit(128 + signal)
}
