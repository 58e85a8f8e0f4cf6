/// The key table, generic over the program's action type.
///
/// Looking up a key walks a chain of contexts, most specific first (for example
/// `["form"]` alone, so typing in a form never quits, or `["accounts", .global]`).
/// The same table produces the help rows, in the order the bindings were written.
public struct Keymap<Action> {
    public private(set) var bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) {
        self.bindings = bindings
    }

    /// The action bound to `key` in the first context of `contexts` that binds it.
    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// The action bound to `key` in `context`, or else globally.
    public func action(for key: Key, in context: KeyContext) -> Action? {
        action(for: key, in: context == .global ? [.global] : [context, .global])
    }

    /// Help rows for the given contexts (all contexts when nil), grouped by context
    /// in the order each context first appears in the table.
    public func helpRows(for contexts: [KeyContext]? = nil) -> [HelpRow] {
        var order: [KeyContext] = []
        for binding in bindings where !order.contains(binding.context) { order.append(binding.context) }
        if let contexts { order = order.filter(contexts.contains) }
        return order.flatMap { context in
            bindings.filter { $0.context == context && $0.isListed }
                .map { HelpRow(keys: $0.keyLabel, description: $0.help, context: context.name) }
        }
    }

    /// Keys bound more than once within one context; a test asserts this is empty.
    public func duplicateKeys() -> [(key: Key, context: KeyContext)] {
        var seen = Set<[String]>()
        var result: [(Key, KeyContext)] = []
        for binding in bindings {
            for key in binding.keys {
                let id = [binding.context.name, String(describing: key)]
                if !seen.insert(id).inserted { result.append((key, binding.context)) }
            }
        }
        return result
    }
}

extension Keymap: Sendable where Action: Sendable {}
