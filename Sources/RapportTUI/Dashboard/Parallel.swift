import Dispatch

/// Work started on another thread whose result is collected later with `wait()`, for the
/// start-up steps that need nothing from each other.
final class Parallel<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is written once on the worker before `done` is signalled and read
    // only after `wait()` has seen that signal.
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    private init() {}

    static func start(_ work: @escaping @Sendable () -> Value) -> Parallel<Value> {
        let job = Parallel<Value>()
        DispatchQueue.global(qos: .userInitiated).async {
            job.value = work()
            job.done.signal()
        }
        return job
    }

    /// The value if the work has finished, without waiting.
    func poll() -> Value? {
        guard done.wait(timeout: .now()) == .success else { return nil }
        done.signal()  // for whoever asks next
        return value
    }

    /// The value, once the work has finished; any number of callers may wait.
    func wait() -> Value {
        done.wait()
        done.signal()  // for whoever asks next
        return value!
    }
}

/// A value built on another core after the start, kept beside the data it belongs to:
/// taken in once its build has finished (`adopt`), or waited for (`settle`, before a
/// change to it), and readable either way (`current`, which waits if need be).
struct Pending<Value: Sendable>: Sendable {
    /// The value once taken in; nil while `build` has it.
    var value: Value?
    private var build: Parallel<Value>?

    init(_ build: Parallel<Value>) { self.build = build }

    var isTakenIn: Bool { value != nil }

    /// Takes the value in if its build has finished (with `wait`, once it has). Letting
    /// go of the build leaves the value held here alone, so a change to it is not a copy.
    mutating func adopt(wait: Bool = false) {
        guard value == nil, let build, let built = wait ? build.wait() : build.poll() else { return }
        value = built
        self.build = nil
    }

    /// Takes the value in, waiting for its build if it has not finished.
    mutating func settle() { adopt(wait: true) }

    /// The value: as taken in, or from its build, waited for if need be.
    var current: Value { value ?? build!.wait() }

    /// `current` for work on another core, which must not hold this data itself.
    var source: @Sendable () -> Value {
        if let value { return { value } }
        let build = build!
        return { build.wait() }
    }
}
