#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Installing and reinstating `sigaction` handlers, which C spells differently
/// on each platform.
enum SignalAction {
    typealias Handler = @convention(c) (Int32) -> Void
    typealias InfoHandler = @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

    /// Installs `handler` for `signal`, storing the handler it replaces in `previous`.
    static func install(_ handler: Handler, for signal: Int32, flags: Int32 = 0, saving previous: UnsafeMutablePointer<sigaction>) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags
        sigaction(signal, &action, previous)
    }

    static func install(_ handler: InfoHandler, for signal: Int32, flags: Int32 = 0, saving previous: UnsafeMutablePointer<sigaction>) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_sigaction = handler
        #else
        action.__sigaction_u.__sa_sigaction = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = flags | SA_SIGINFO
        sigaction(signal, &action, previous)
    }

    static func reinstate(_ signal: Int32, from saved: UnsafeMutablePointer<sigaction>) {
        sigaction(signal, saved, nil)
    }

    /// Calls a saved plain handler, if it is a function rather than default or ignore.
    static func callPlainHandler(_ saved: UnsafeMutablePointer<sigaction>, signal: Int32) {
        guard Int32(saved.pointee.sa_flags) & SA_SIGINFO == 0 else { return }
        #if canImport(Glibc)
        let handler = saved.pointee.__sigaction_handler.sa_handler
        #else
        let handler = saved.pointee.__sigaction_u.__sa_handler
        #endif
        guard let handler, unsafeBitCast(handler, to: Int.self) != 1 else { return }
        handler(signal)
    }
}
