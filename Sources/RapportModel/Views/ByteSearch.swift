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
        guard !needle.isEmpty, start >= 0, let base = haystack.baseAddress else { return nil }
        return search(needle, anchor: anchor(of: needle), in: base, count: haystack.count, from: start)
    }

    /// A needle searched for in many short texts (a filter in every row's line): its
    /// rarest byte is chosen once rather than for every text.
    public struct Needle: Sendable {
        public let bytes: [UInt8]
        private let anchor: Int

        public init(_ bytes: [UInt8]) {
            self.bytes = bytes
            anchor = bytes.withUnsafeBytes { ByteSearch.anchor(of: $0) }
        }

        /// Whether the needle occurs in the `length` bytes at `start`.
        @inline(__always)
        public func occurs(in start: UnsafeRawPointer, length: Int) -> Bool {
            bytes.isEmpty || bytes.withUnsafeBytes { search($0, anchor: anchor, in: start, count: length, from: 0) != nil }
        }
    }

    /// Where the needle's rarest byte is.
    static func anchor(of needle: UnsafeRawBufferPointer) -> Int {
        var anchor = 0
        for i in needle.indices where rarity[Int(needle[i])] < rarity[Int(needle[anchor])] { anchor = i }
        return anchor
    }

    /// The search itself, in `base[start..<count]`: `memchr` for the byte at `anchor`, then
    /// `memcmp` for the rest.
    @inline(__always)
    static func search(_ needle: UnsafeRawBufferPointer, anchor: Int, in base: UnsafeRawPointer, count: Int, from start: Int) -> Int? {
        let n = needle.count
        guard n > 0, count - start >= n, let pattern = needle.baseAddress else { return nil }
        let byte = Int32(needle[anchor])
        var from = start + anchor
        let last = count - (n - anchor)
        while from <= last {
            guard let hit = memchr(base + from, byte, last - from + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit)) - anchor
            if n == 1 || memcmp(base + at, pattern, n) == 0 { return at }
            from = at + anchor + 1
        }
        return nil
    }

    /// How common a byte is in folded names and addresses (lower is rarer).
    static let rarity: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        let common = " eaoinrstlhcdmu.@-pgkyb0123456789fwvjxqz"
        for (i, c) in common.utf8.enumerated() { table[Int(c)] = UInt8(common.utf8.count - i) }
        return table
    }()
}

/// Bytes sorted into 64 classes, one bit each: letters, digits and the common punctuation
/// have a class of their own; the rest share a few. A text's classes as a 64-bit set say
/// which texts cannot hold a word (the caller check's entries, the dashboard's filter
/// lines) without reading them.
public enum ByteClass {
    private static let own = Array("abcdefghijklmnopqrstuvwxyz0123456789 .@-_'&+,/():#!\"$%*=?<>".utf8)

    public static let table: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for b in 0..<256 { table[b] = b >= 0x80 ? 63 : UInt8(59 + b % 4) }
        for (i, b) in own.enumerated() { table[Int(b)] = UInt8(i) }
        return table
    }()

    private static let exact: [Bool] = {
        var exact = [Bool](repeating: false, count: 256)
        for b in own { exact[Int(b)] = true }
        return exact
    }()

    public static func bit(_ byte: UInt8) -> UInt64 { 1 << UInt64(table[Int(byte)]) }

    /// The classes of all of `bytes`, as one set: the table is fetched once, not once a
    /// byte (each `bit` from another module checks that the table is made, then reads it).
    public static func bits(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        table.withUnsafeBufferPointer { classes in
            var bits: UInt64 = 0
            for byte in bytes { bits |= 1 << UInt64(classes[Int(byte)]) }
            return bits
        }
    }
    public static func isExact(_ byte: UInt8) -> Bool { exact[Int(byte)] }
}
