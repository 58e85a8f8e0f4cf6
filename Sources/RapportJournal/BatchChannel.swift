import Dispatch

/// Hands batches of parsed events from the thread reading a journal to the thread applying
/// them: one sender, one receiver, a few batches in flight at most.
///
/// A batch the receiver has finished with stays in its slot until the sender next fills
/// that slot; the sender then takes it back and frees its events, so the freeing happens
/// on the reading core and the array's storage is reused for the next batch.
final class BatchChannel: @unchecked Sendable {
    // @unchecked: each slot is touched by one side at a time. The sender writes a slot only
    // after `free` says the receiver is done with it; the receiver reads it only after
    // `filled` says the sender has written it. The semaphores order those accesses, and
    // `outcome` is written before the last `filled.signal()` and read after its `wait()`.
    private struct Slot {
        var batch = ReadBatch()
        var read = 0
        var size = 0
        var last = false
    }

    private let capacity: Int
    private let slots: UnsafeMutablePointer<Slot>
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private var sendIndex = 0
    private var receiveIndex = 0
    private var outcome: Result<JournalFile.Contents, JournalError>?

    init(capacity: Int = 3) {
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        // Made at zero and raised, since libdispatch refuses to free a semaphore left
        // below the value it was made with (as this one is, once the last slot is taken).
        free = DispatchSemaphore(value: 0)
        for _ in 0..<capacity { free.signal() }
    }

    deinit {
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// Sender: passes `batch` on, waiting while every slot is full, and leaves `batch`
    /// empty (holding storage to reuse). Returns whether it had to wait: the receiver is
    /// the slower side.
    @discardableResult
    func send(_ batch: inout ReadBatch, read: Int, size: Int) -> Bool {
        let waited = free.wait(timeout: .now()) == .timedOut
        if waited { free.wait() }
        let slot = slots + sendIndex
        sendIndex = (sendIndex + 1) % capacity
        swap(&slot.pointee.batch, &batch)
        batch.removeAll()
        slot.pointee.read = read
        slot.pointee.size = size
        filled.signal()
        return waited
    }

    /// Sender: the end, with what the reading came to.
    func finish(_ result: Result<JournalFile.Contents, JournalError>) {
        free.wait()
        let slot = slots + sendIndex
        outcome = result
        slot.pointee.last = true
        filled.signal()
    }

    /// Receiver: hands each batch to `body` in the order sent, until the sender finishes;
    /// returns how the reading ended. `body` may move events out of the batch if it puts
    /// them back: the sender frees them when it next fills the slot.
    func drain(_ body: (_ batch: inout ReadBatch, _ read: Int, _ size: Int) -> Void) -> Result<JournalFile.Contents, JournalError> {
        while true {
            filled.wait()
            let slot = slots + receiveIndex
            receiveIndex = (receiveIndex + 1) % capacity
            if slot.pointee.last { return outcome! }
            body(&slot.pointee.batch, slot.pointee.read, slot.pointee.size)
            free.signal()
        }
    }
}
