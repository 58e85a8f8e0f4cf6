#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search over folded bytes at memory speed: `memchr` (vectorised in libc) for
/// the needle's rarest byte, then `memcmp` for the rest. Names and addresses are mostly
/// common letters, so anchoring on the rarest one skips most false starts.
public enum ByteSearch {
    /// The first position at or after `start` where `needle` occurs in `haystack`.
    public static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        let n = needle.count
        guard n > 0, start >= 0, haystack.count - start >= n, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return nil }
        if n == 1 {
            guard let hit = memchr(base + start, Int32(pattern.load(as: UInt8.self)), haystack.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        var anchor = 0
        for i in 1..<n where rarity[Int(needle[i])] < rarity[Int(needle[anchor])] { anchor = i }
        let byte = Int32(needle[anchor])
        var from = start + anchor
        let last = haystack.count - (n - anchor)
        while from <= last {
            guard let hit = memchr(base + from, byte, last - from + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit)) - anchor
            if memcmp(base + at, pattern, n) == 0 { return at }
            from = at + anchor + 1
        }
        return nil
    }

    /// A needle searched for in many short texts (a filter in every row's line): its
    /// rarest byte is chosen once rather than for every text.
    public struct Needle: Sendable {
        public let bytes: [UInt8]
        private let anchor: Int

        public init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var anchor = 0
            for i in bytes.indices where rarity[Int(bytes[i])] < rarity[Int(bytes[anchor])] { anchor = i }
            self.anchor = anchor
        }

        /// Whether the needle occurs in the `length` bytes at `start`.
        @inline(__always)
        public func occurs(in start: UnsafeRawPointer, length: Int) -> Bool {
            let n = bytes.count
            guard n > 0, length >= n else { return n == 0 }
            return bytes.withUnsafeBytes { pattern in
                let byte = Int32(pattern[anchor])
                var from = anchor
                let last = length - (n - anchor)
                while from <= last {
                    guard let hit = memchr(start + from, byte, last - from + 1) else { return false }
                    let at = start.distance(to: UnsafeRawPointer(hit)) - anchor
                    if n == 1 || memcmp(start + at, pattern.baseAddress!, n) == 0 { return true }
                    from = at + anchor + 1
                }
                return false
            }
        }
    }

    /// How common a byte is in folded names and addresses (lower is rarer).
    static let rarity: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        let common = " eaoinrstlhcdmu.@-pgkyb0123456789fwvjxqz"
        for (i, c) in common.utf8.enumerated() { table[Int(c)] = UInt8(common.utf8.count - i) }
        return table
    }()
}
