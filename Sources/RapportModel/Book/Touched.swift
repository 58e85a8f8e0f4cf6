/// The accounts one event is about: one for nearly every event, two when a contact moves,
/// more only when a complaint links others or an incident lists them. The first is held inline, so applying an
/// event allocates nothing to say which account it touched (a journal of a million events
/// used to make a million one-element arrays and free them again).
struct Touched: Sendable {
    private var first: String?
    private var others: [String] = []

    static let none = Touched(first: nil)

    static func one(_ id: String) -> Touched { Touched(first: id) }

    private init(first: String?) { self.first = first }

    init(_ a: String, _ b: String) {
        first = a
        others = [b]
    }

    init(_ list: [String]) {
        first = list.first
        others = Array(list.dropFirst())
    }

    mutating func append(_ id: String) {
        if first == nil { first = id } else { others.append(id) }
    }

    /// Calls `body` with each account, in order.
    @inline(__always)
    func forEach(_ body: (String) -> Void) {
        guard let first else { return }
        body(first)
        for id in others { body(id) }
    }

    var array: [String] {
        guard let first else { return [] }
        return [first] + others
    }
}
