#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the live `SignalPipe`, or -1. Read by signal handlers, which
/// may touch nothing but fixed globals.
nonisolated(unsafe) var signalPipeWriteDescriptor: Int32 = -1
nonisolated(unsafe) private let chainedActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 128)

/// Turns signals into bytes on a pipe, so the run loop's `poll()` wakes for them.
///
/// A handler that only sets a flag races with `poll()`: a signal arriving just
/// before the call is noticed only at the next key press. A byte in a pipe is
/// never missed. Handlers already installed (ncurses' SIGWINCH handler, which
/// makes the next read return KEY_RESIZE) are still called first. While a
/// pipe exists, the `TerminalRestore` termination handlers also report here.
///
/// One pipe per process; create it after the `Screen`, so ncurses' handlers
/// are in place to be chained.
public final class SignalPipe {
    public let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let signals: [Int32]

    public init(signals: [Int32] = [SIGWINCH, SIGCONT]) throws(SystemCallError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw SystemCallError("pipe") }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        self.signals = signals
        signalPipeWriteDescriptor = writeDescriptor
        for signal in signals {
            SignalAction.install(forwardingHandler, for: signal, flags: SA_RESTART, saving: chainedActions + Int(signal))
        }
    }

    deinit {
        for signal in signals {
            SignalAction.reinstate(signal, from: chainedActions + Int(signal))
        }
        signalPipeWriteDescriptor = -1
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// The signals that arrived since the last call, oldest first.
    public func drain() -> [Int32] {
        var result: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            result.append(contentsOf: buffer[0..<count].map { Int32($0) })
        }
        return result
    }
}

private func forwardingHandler(_ signal: Int32) {
    let saved = errno
    SignalAction.callPlainHandler(chainedActions + Int(signal), signal: signal)
    var byte = UInt8(truncatingIfNeeded: signal)
    if signalPipeWriteDescriptor >= 0 { _ = write(signalPipeWriteDescriptor, &byte, 1) }
    errno = saved
}
