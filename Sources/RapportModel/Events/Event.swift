/// One line of the journal: who did what to which subject, when, with which details.
///
/// Events are the only input to the model. The fields keep their written order so that
/// printing an event gives back the line it was read from.
public struct Event: Hashable, Sendable {
    public var time: Timestamp
    public var author: String
    public var verb: Verb
    public var subject: String
    public var fields: [Field]

    public init(time: Timestamp, author: String, verb: Verb, subject: String, fields: [Field] = []) {
        self.time = time
        self.author = author
        self.verb = verb
        self.subject = subject
        self.fields = fields
    }

    public init(time: Timestamp, author: String, verb: Verb, subject: String, _ pairs: KeyValuePairs<String, String>) {
        self.init(time: time, author: author, verb: verb, subject: subject, fields: pairs.map { Field($0.key, $0.value) })
    }

    /// The first value written for `key`, if any.
    public subscript(key: String) -> String? {
        for i in fields.indices where Self.sameKey(fields[i].key, key) { return fields[i].value }
        return nil
    }

    /// Field names are short: comparing lengths first settles most mismatches without a
    /// full string comparison.
    @inline(__always)
    static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// One `key=value` detail of an event.
    public struct Field: Hashable, Sendable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }
}
