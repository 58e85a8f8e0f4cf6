/// Records keyed by id, in the order they were added: a small index from id to position,
/// and the records themselves side by side in one array.
///
/// A dictionary of large records scatters them over a table that is rehashed and copied
/// every time it fills, and every lookup or insert lands on a random cache line of it. Here
/// the hashed part is an id and a position (a million contacts: about 30 MB, not 170), the
/// records are appended in journal order, and a record is changed where it lies rather
/// than copied out and back. Records are never removed: the journal only ever adds them.
///
/// It reads like the dictionary it replaces (`table[id]`, `count`, `keys`, `values`,
/// iteration as `(key, value)` pairs), but its order is the order the records were added.
public struct Table<Value>: RandomAccessCollection {
    private var positions: [String: Int] = [:]
    /// Every id, in the order added.
    public private(set) var keys: [String] = []
    /// Every record, in the order added.
    public private(set) var values: [Value] = []

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(position: Int) -> (key: String, value: Value) { (keys[position], values[position]) }

    public mutating func reserveCapacity(_ n: Int) {
        positions.reserveCapacity(n)
        keys.reserveCapacity(n)
        values.reserveCapacity(n)
    }

    /// Where the record for `key` lies, or nil.
    public func position(of key: String) -> Int? { positions[key] }

    /// Whether there is a record for `key` (no copy of the record is made).
    public func contains(_ key: String) -> Bool { positions.index(forKey: key) != nil }

    /// The record for `key`. Setting one adds it or replaces it in place; setting nil is
    /// not allowed, as records are never removed.
    public subscript(key: String) -> Value? {
        get { positions[key].map { values[$0] } }
        set {
            guard let newValue else { preconditionFailure("records are never removed from a table") }
            if let position = positions[key] {
                values[position] = newValue
            } else {
                positions[key] = values.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Adds a record for a new key; returns false, changing nothing, when the key is taken.
    @discardableResult
    public mutating func insert(_ value: consuming Value, for key: String) -> Bool {
        if let taken = positions.updateValue(values.count, forKey: key) {
            positions[key] = taken
            return false
        }
        keys.append(key)
        values.append(value)
        return true
    }
}

extension Table: Sendable where Value: Sendable {}
