import CPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records keyed by id, in the order they were added: a small index from id to position,
/// and the records themselves side by side in one array.
///
/// A dictionary of large records scatters them over a table that is rehashed and copied
/// every time it fills, and every lookup or insert lands on a random cache line of it. Here
/// the hashed part is eight bytes a slot (`IDIndex`: a million ids take 16 MB, where a
/// `[String: Int]` takes about 50 and a `[String: Contact]` about 170), the records are appended in
/// journal order, and a record is changed where it lies rather than copied out and back.
/// Records are never removed: the journal only ever adds them.
///
/// Ids are matched byte for byte, as `grep` would find them in the journal: two spellings
/// of an accented id that Unicode counts as the same text are two ids here.
///
/// It reads like the dictionary it replaces (`table[id]`, `count`, `keys`, `values`,
/// iteration as `(key, value)` pairs), but its order is the order the records were added.
public struct Table<Value>: RandomAccessCollection {
    private var positions = IDIndex()
    /// Every id, in the order added.
    public private(set) var keys: [String] = []
    /// Every record, in the order added.
    public private(set) var values: [Value] = []

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(position: Int) -> (key: String, value: Value) { (keys[position], values[position]) }

    public mutating func reserveCapacity(_ n: Int) {
        positions.reserveCapacity(n, keys: keys)
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
    }

    /// Where the record for `key` lies, or nil.
    public func position(of key: String) -> Int? { positions.find(key, in: keys) }

    /// Reads the values where they lie: `values[i].field` copies the whole value out
    /// first, retaining and releasing every string and list it holds; `$0[i].field` on
    /// the buffer reads the one field.
    @inline(__always)
    func withValues<R>(_ body: (UnsafeBufferPointer<Value>) -> R) -> R {
        values.withUnsafeBufferPointer(body)
    }

    /// Where the record whose key has these UTF-8 bytes lies, or nil.
    public func position(utf8 key: UnsafeBufferPointer<UInt8>) -> Int? {
        position(utf8: key, hash: IDIndex.hash(bytes: key))
    }

    /// The same, with the key's `IDIndex.hash` already worked out (on a journal's reading
    /// core, say).
    func position(utf8 key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        positions.find(hash: hash) { IDIndex.sameBytes(keys[$0], key) }
    }

    /// Readies the cache for a lookup, a few events from now, of the key whose
    /// `IDIndex.hash` this is. A hint: no result changes.
    func prefetch(hash: UInt64) { positions.prefetch(hash: hash) }

    /// Where the record for the key whose hash this is probably lies (see `IDIndex.guess`).
    func guessPosition(hash: UInt64) -> Int? { positions.guess(hash: hash) }

    /// Readies the cache for reading the key at `position`.
    func prefetchKey(at position: Int) {
        keys.withUnsafeBufferPointer { keys in
            guard position < keys.count, let base = keys.baseAddress else { return }
            rapport_prefetch(base + position)
        }
    }

    /// Whether there is a record for `key` (no copy of the record is made).
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// The record for `key`. Setting one adds it or replaces it in place; setting nil is
    /// not allowed, as records are never removed.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            guard let newValue else { preconditionFailure("records are never removed from a table") }
            let hash = IDIndex.hash(key)
            if let position = positions.find(key, hash: hash, in: keys) {
                values[position] = newValue
            } else {
                positions.add(position: values.count, hash: hash, keys: keys)
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Changes the record at `position` where it lies: no copy of it is made, so its
    /// arrays stay uniquely held and grow in place.
    public mutating func update<R>(at position: Int, _ change: (inout Value) -> R) -> R {
        change(&values[position])
    }

    /// Adds a record for a new key; returns false, changing nothing, when the key is taken.
    @discardableResult
    public mutating func insert(_ value: consuming Value, for key: String) -> Bool {
        let hash = IDIndex.hash(key)
        if positions.find(key, hash: hash, in: keys) != nil { return false }
        positions.add(position: values.count, hash: hash, keys: keys)
        keys.append(key)
        values.append(value)
        return true
    }
}

extension Table: Sendable where Value: Sendable {}

/// The index of a `Table`: an open-addressed hash table whose slots hold a record's
/// position and sixteen more bits of its id's hash, so a probe rarely needs to look at
/// an id at all. The ids themselves stay in the table's `keys`.
///
/// Ids are hashed and compared as UTF-8 bytes, eight at a time, rather than with
/// `String`'s own hashing, which is seeded SipHash over canonically normalised text: more
/// than the id of a journal line needs, and a large share of a replay's time.
struct IDIndex: Sendable {
    /// Zero for an empty slot; otherwise the high hash bits in the top 16 bits and the
    /// position plus one below them.
    private var slots: [UInt64] = []
    private var count = 0

    private static let positionBits: UInt64 = 48
    private static let positionMask: UInt64 = (1 << positionBits) - 1

    /// The slot count for `n` ids: a power of two, at most three quarters full.
    private static func capacity(for n: Int) -> Int {
        var capacity = 16
        while capacity * 3 < n * 4 { capacity *= 2 }
        return capacity
    }

    /// Makes room for `n` ids; `hashOf` gives the hash of the id at each position so far.
    mutating func reserveCapacity(_ n: Int, hashOf: (Int) -> UInt64) {
        if Self.capacity(for: n) > slots.count { rebuild(capacity: Self.capacity(for: n), hashOf: hashOf) }
    }

    mutating func reserveCapacity(_ n: Int, keys: [String]) {
        reserveCapacity(n) { Self.hash(keys[$0]) }
    }

    func find(_ key: String, in keys: [String]) -> Int? { find(key, hash: Self.hash(key), in: keys) }

    func find(_ key: String, hash: UInt64, in keys: [String]) -> Int? {
        find(hash: hash) { Self.sameBytes(keys[$0], key) }
    }

    /// The position whose hash is `hash` and for which `isKey` holds, or nil.
    func find(hash: UInt64, isKey: (Int) -> Bool) -> Int? {
        guard !slots.isEmpty else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            let tag = hash >> Self.positionBits
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = slots[i]
                if slot == 0 { return nil }
                if slot >> Self.positionBits == tag {
                    let position = Int(slot & Self.positionMask) - 1
                    if isKey(position) { return position }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// The position in the first slot of a search for `hash` whose tag matches, without
    /// comparing its key: a guess, right unless two ids share their hashes' top bits, for
    /// readying the cache (a slot is read, so it should have been readied first).
    func guess(hash: UInt64) -> Int? { find(hash: hash) { _ in true } }

    /// Asks for the slot where a search for `hash` starts to be brought into the cache, so
    /// that a lookup a few events later does not wait on memory. A hint: no result changes.
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            guard let base = slots.baseAddress else { return }
            rapport_prefetch(base + (Int(truncatingIfNeeded: hash) & (slots.count - 1)))
        }
    }

    /// Records that the id hashing to `hash` (not already present) is at `position`.
    mutating func add(position: Int, hash: UInt64, keys: [String]) {
        // The keys are handed over only when the slots grow: passing them on every add
        // retained and released the array each time.
        if needsRoom { grow(keys: keys) }
        add(position: position, hash: hash)
    }

    /// Records that the id hashing to `hash` (not already present) is at `position`;
    /// `hashOf` gives the hashes of the ids before it, should the slots need to grow.
    mutating func add(position: Int, hash: UInt64, hashOf: (Int) -> UInt64) {
        if needsRoom { grow(hashOf: hashOf) }
        add(position: position, hash: hash)
    }

    /// Whether the slots must grow (`grow`) before another id is added.
    var needsRoom: Bool { (count + 1) * 4 > slots.count * 3 }

    /// Makes room for more ids; `hashOf` gives the hash of the id at each position so far.
    mutating func grow(hashOf: (Int) -> UInt64) {
        rebuild(capacity: Self.capacity(for: max(count + 1, count * 2)), hashOf: hashOf)
    }

    mutating func grow(keys: [String]) { grow { Self.hash(keys[$0]) } }

    /// `add`, when there is room (`needsRoom` is false).
    mutating func add(position: Int, hash: UInt64) {
        precondition(!needsRoom, "an index grown before it is added to")
        Self.place(position, hash: hash, in: &slots)
        count += 1
    }

    private mutating func rebuild(capacity: Int, hashOf: (Int) -> UInt64) {
        var fresh = [UInt64](repeating: 0, count: capacity)
        for position in 0..<count { Self.place(position, hash: hashOf(position), in: &fresh) }
        slots = fresh
    }

    private static func place(_ position: Int, hash: UInt64, in slots: inout [UInt64]) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (hash >> positionBits) << positionBits | UInt64(position + 1)
        }
    }

    /// A 64-bit hash of the id's UTF-8 bytes, read eight at a time and mixed with
    /// multiply–xorshift steps (the finaliser of SplitMix64).
    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { hash(bytes: $0) }
    }

    static func hash(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(bytes.count &+ 1)
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return mix(h) }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = mix(h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            // The last one to seven bytes, as up to three loads rather than a byte at a time.
            var tail: UInt64 = 0, shift: UInt64 = 0
            if n - i >= 4 {
                tail = UInt64(base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                i += 4
                shift = 32
            }
            if n - i >= 2 {
                tail |= UInt64(base.loadUnaligned(fromByteOffset: i, as: UInt16.self)) << shift
                i += 2
                shift += 16
            }
            if i < n { tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift }
            h = mix(h ^ tail)
        }
        return mix(h)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func sameBytes(_ a: String, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var a = a
        return a.withUTF8 { x in
            x.count == b.count && (x.count == 0 || memcmp(x.baseAddress!, b.baseAddress!, x.count) == 0)
        }
    }

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
    }
}

extension Table: SnapshotCodable where Value: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        positions.write(to: &out)
        out.write(keys)
        out.write(values)
    }

    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        positions = try IDIndex(from: &input)
        keys = try input.read()
        values = try input.read()
        guard keys.count == values.count, positions.indexes(keys.count) else {
            throw SnapshotError("a table in the snapshot does not agree with its index")
        }
    }
}

extension IDIndex {
    /// The slots as they lie: reading them back costs a copy, not a hash of every id.
    func write(to out: inout SnapshotWriter) {
        out.int(count)
        out.raw(slots)
    }

    init(from input: inout SnapshotReader) throws(SnapshotError) {
        count = try input.int()
        slots = try input.raw()
        guard slots.isEmpty || (slots.count.nonzeroBitCount == 1 && count * 4 <= slots.count * 3) else {
            throw SnapshotError("an index in the snapshot has the wrong number of slots")
        }
    }

    /// Whether this indexes `n` records: `n` slots in use, each naming a position below `n`.
    func indexes(_ n: Int) -> Bool {
        guard count == n else { return false }
        var used = 0
        for slot in slots where slot != 0 {
            let place = Int(slot & Self.positionMask)
            guard place >= 1 && place <= n else { return false }
            used += 1
        }
        return used == count
    }
}
