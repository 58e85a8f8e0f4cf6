/// Copies `count` bytes from `source` to `target` (which do not overlap) a word at a time,
/// the last word overlapping the one before: for the short texts of a journal line (an
/// id, a name, a phone number), where a call to `memcpy` cost more than the copy.
@inline(__always)
func copyShortBytes(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
    if count >= 8 {
        var i = 0
        while i + 8 < count {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i += 8
        }
        let last = count - 8
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: last, as: UInt64.self), toByteOffset: last, as: UInt64.self)
    } else if count >= 4 {
        let last = count - 4
        let head = source.loadUnaligned(as: UInt32.self), tail = source.loadUnaligned(fromByteOffset: last, as: UInt32.self)
        target.storeBytes(of: head, as: UInt32.self)
        target.storeBytes(of: tail, toByteOffset: last, as: UInt32.self)
    } else {
        for i in 0..<count { target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
    }
}
