#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The program's only wait: one `poll()` on the terminal input, the signal pipe,
/// and any descriptors the program adds (the journal's change notification, a
/// database socket), with a timeout only as long as the next deadline the caller
/// names. With nothing to do and no deadline the process sleeps and uses no CPU.
///
/// The loop is synchronous and single-threaded on purpose: ncurses is not
/// thread-safe, and one thread that owns the screen needs no locks.
public final class EventLoop {
    /// Why the loop woke: any of these may be set at once.
    public struct Wakeup: Hashable, Sendable {
        /// The terminal has input: read keys now.
        public var inputReady = false
        /// The terminal input is gone (end of file, I/O error: a dropped SSH session).
        public var inputClosed = false
        /// Signals that arrived through the `SignalPipe`.
        public var signals: [Int32] = []
        /// The deadline passed.
        public var deadlineReached = false

        public init() {}
    }

    public enum Ending: Hashable, Sendable {
        /// The handler asked to stop.
        case stopped
        case inputClosed
        /// SIGINT, SIGTERM or SIGHUP arrived; exit with 128 + the signal.
        case signal(Int32)
    }

    public enum Decision: Sendable {
        case keepRunning
        case stop
    }

    private let input: Int32
    private let signalPipe: SignalPipe?
    private var sources: [(descriptor: Int32, onReadable: () -> Void)] = []

    /// - Parameters:
    ///   - input: the terminal's input descriptor, or -1 for none.
    ///   - signalPipe: where signals arrive; without one, only input, sources and deadlines wake the loop.
    public init(input: Int32 = STDIN_FILENO, signalPipe: SignalPipe? = nil) {
        self.input = input
        self.signalPipe = signalPipe
    }

    /// Calls `onReadable` on the loop's thread whenever `descriptor` is readable.
    /// The callback must consume what is there, or the loop will spin.
    public func watch(_ descriptor: Int32, onReadable: @escaping () -> Void) {
        unwatch(descriptor)
        sources.append((descriptor, onReadable))
    }

    public func unwatch(_ descriptor: Int32) {
        sources.removeAll { $0.descriptor == descriptor }
    }

    /// Waits once, for input, a signal, a watched descriptor or `deadline`, and
    /// calls the callbacks of watched descriptors that became readable.
    public func wait(until deadline: ContinuousClock.Instant?) -> Wakeup {
        var wakeup = Wakeup()
        var descriptors = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: signalPipe?.readDescriptor ?? -1, events: Int16(POLLIN), revents: 0)]
        descriptors += sources.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }

        let result = poll(&descriptors, nfds_t(descriptors.count), Self.timeout(until: deadline))
        if result < 0, errno != EINTR, errno != EAGAIN {
            // poll itself failing (EBADF, ENOMEM) would otherwise spin forever.
            wakeup.inputClosed = true
            return wakeup
        }
        if let deadline, ContinuousClock.now >= deadline { wakeup.deadlineReached = true }
        guard result > 0 else { return wakeup }

        let inputEvents = Int32(descriptors[0].revents)
        if inputEvents & Int32(POLLHUP | POLLERR | POLLNVAL) != 0 {
            wakeup.inputClosed = true
        } else if inputEvents & Int32(POLLIN) != 0 {
            // Readable with nothing to read is end of file.
            var pending: Int32 = 0
            if ioctl(input, UInt(FIONREAD), &pending) != 0 || pending == 0 {
                wakeup.inputClosed = true
            } else {
                wakeup.inputReady = true
            }
        }
        if Int32(descriptors[1].revents) & Int32(POLLIN) != 0, let signalPipe {
            wakeup.signals = signalPipe.drain()
        }
        let ready = descriptors[2...].filter { Int32($0.revents) != 0 }.map(\.fd)
        for descriptor in ready {
            sources.first { $0.descriptor == descriptor }?.onReadable()
        }
        return wakeup
    }

    /// Runs until `onWake` says stop, the input closes, or a termination signal
    /// arrives. `nextDeadline` is asked before each wait: the next moment the
    /// screen must change by itself (a clock that shows minutes), or nil.
    public func run(nextDeadline: () -> ContinuousClock.Instant?, onWake: (Wakeup) -> Decision) -> Ending {
        while true {
            let wakeup = wait(until: nextDeadline())
            if let signal = wakeup.signals.first(where: TerminalRestore.terminationSignals.contains) {
                return .signal(signal)
            }
            if wakeup.inputClosed { return .inputClosed }
            if onWake(wakeup) == .stop { return .stopped }
        }
    }

    /// Milliseconds for `poll()`, rounded up so the loop never wakes just early
    /// and spins; -1 waits forever.
    static func timeout(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let remaining = deadline - ContinuousClock.now
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
