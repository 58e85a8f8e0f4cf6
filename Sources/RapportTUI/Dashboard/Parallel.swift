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
