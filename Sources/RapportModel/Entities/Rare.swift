/// Fields that few records ever set, kept out of line: a record carrying none of them pays
/// eight bytes for the lot instead of their full width. Value semantics hold, since the
/// box is never changed, only replaced.
struct Rare<Values: Hashable & Sendable & DefaultInit>: Hashable, Sendable {
    private final class Box: Sendable {
        let values: Values
        init(_ values: Values) { self.values = values }
    }

    private var box: Box?

    init() {}

    var values: Values { box?.values ?? Values() }

    /// Every value is the default: nothing to read, and nothing copied to find that out.
    var isEmpty: Bool { box == nil }

    mutating func change(_ body: (inout Values) -> Void) {
        var values = self.values
        body(&values)
        box = values == Values() ? nil : Box(values)
    }

    static func == (a: Rare, b: Rare) -> Bool { a.values == b.values }
    func hash(into hasher: inout Hasher) { hasher.combine(values) }
}

/// A value with a plain empty state, made by `init()`.
protocol DefaultInit { init() }
