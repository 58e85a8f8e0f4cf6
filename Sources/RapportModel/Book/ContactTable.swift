#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The book's contacts, in the order added, kept as bytes: each contact's six texts
/// (id, name, account, role, phone, email) one after another in a single byte array, each
/// behind its length, and a contact is its place in that array.
///
/// A book of a million contacts held them as `Contact` values: six strings of sixteen bytes
/// each, and an e-mail address too long to fit inside its string, so a heap block of its
/// own (64 bytes with its header). That was about 200 bytes a contact, kept for the whole
/// session; here it is the bytes of the texts, eight bytes for the place and eight for the
/// index, about 100 in all. A `Contact` is made when one is asked for.
///
/// It reads like `Table<Contact>`: `contacts[id]`, `count`, `contains`, `insert`, and
/// iteration in the order added. Ids are matched byte for byte, as in `Table`.
public struct ContactTable: RandomAccessCollection, Sendable {
    private var index = IDIndex()
    /// Each contact's texts: for each, its UTF-8 length plus one as a LEB128 number (zero
    /// for none), then the bytes. A changed contact is written again at the end.
    private var bytes: [UInt8] = []
    /// Where each contact's texts start in `bytes`.
    private var starts: [Int] = []
    /// The accounts a contact worked for before, for the few that moved.
    private var previous: [Int: [String]] = [:]

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { starts.count }
    public subscript(position: Int) -> (key: String, value: Contact) {
        let contact = contact(at: position)
        return (contact.id, contact)
    }

    /// Every id, in the order added.
    public var keys: [String] { indices.map { contact(at: $0).id } }
    /// Every contact, in the order added.
    public var values: [Contact] { indices.map { contact(at: $0) } }

    /// Makes room for `n` contacts in all, and for `texts` bytes of their texts when that
    /// is known (a guess from a typical contact when not).
    ///
    /// A journal's loader passes the bytes of its `contact.add` lines, more than their
    /// texts take. Room that is never written costs no memory, as the system gives a page
    /// only when it is first touched; a guess that fell short cost a great deal: the
    /// texts of a million contacts outgrew 80 bytes each near the load's end, and were
    /// copied, all 80 MB, into a buffer twice the size, with both held at once.
    public mutating func reserveCapacity(_ n: Int, bytes texts: Int? = nil) {
        bytes.withUnsafeBufferPointer { b in
            index.reserveCapacity(n) { Self.hash(id: b, at: starts[$0]) }
        }
        starts.reserveCapacity(n)
        bytes.reserveCapacity(Swift.max(texts ?? 0, n * Self.typicalBytes))
    }

    fileprivate static let typicalBytes = 80

    /// The texts' bytes written, and the room they have before their buffer must grow.
    var textBytes: (used: Int, room: Int) { (bytes.count, bytes.capacity) }

    /// Where the contact `id` is, or nil.
    public func position(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { key in find(key, hash: IDIndex.hash(bytes: key)) }
    }

    /// Whether there is a contact `id` (no `Contact` is made).
    public func contains(_ id: String) -> Bool { position(of: id) != nil }

    /// The contact `id`. Setting one adds it or replaces it; setting nil is not allowed.
    public subscript(id: String) -> Contact? {
        get { position(of: id).map { contact(at: $0) } }
        set {
            guard let newValue else { preconditionFailure("contacts are never removed") }
            if let position = position(of: id) {
                starts[position] = write(newValue, id: id)
                previous[position] = newValue.previousAccounts.isEmpty ? nil : newValue.previousAccounts
            } else {
                insert(newValue, for: id)
            }
        }
    }

    /// Adds a contact under a new id; returns false, changing nothing, when the id is taken.
    @discardableResult
    public mutating func insert(_ contact: Contact, for id: String) -> Bool {
        var key = id
        let hash = key.withUTF8 { IDIndex.hash(bytes: $0) }
        if key.withUTF8({ find($0, hash: hash) }) != nil { return false }
        let position = starts.count
        bytes.withUnsafeBufferPointer { b in
            index.add(position: position, hash: hash) { Self.hash(id: b, at: starts[$0]) }
        }
        starts.append(write(contact, id: id))
        if !contact.previousAccounts.isEmpty { previous[position] = contact.previousAccounts }
        return true
    }

    /// A contact's texts already written as the table keeps them (id, name, account,
    /// role, phone, email), so a journal's reader can make one from a line's bytes and the
    /// table can take it in with one copy: no `String` and no `Contact` on the way.
    ///
    /// The bytes are in a buffer of the writer's (a journal's reader keeps a batch's
    /// contacts in one, so a contact costs no allocation of its own); this says where.
    /// Bytes may follow the six texts (a reader keeps the line's author there, for the
    /// event the line was); the table does not take them.
    public struct Encoded: Sendable {
        /// The six texts are `start..<end` of the buffer, and trailing bytes `end..<stop`.
        public private(set) var start: Int
        public private(set) var end: Int
        public private(set) var stop: Int
        /// The hash of the id, as the table's index hashes it: worked out where the contact
        /// is written (a journal's reading core), not where it is inserted.
        public private(set) var idHash: UInt64
        /// The same of the account's id, as the book's accounts are indexed.
        public private(set) var accountHash: UInt64
        /// Where the account's id lies, from `start`, and its length: noted as it is
        /// written, so the book finds the account without reading the texts before it.
        private var accountPlace: UInt32 = 0, accountCount: UInt32 = 0

        /// Appends a contact to `buffer` and says where it is: `write` puts the six texts
        /// in order, then any trailing bytes, `capacity` bytes at most (a text of n bytes
        /// takes at most n + 3). Written on the stack and appended in one copy.
        public static func write(into buffer: inout [UInt8], capacity: Int, _ write: (inout Writer) -> Void) -> Encoded {
            let start = buffer.count
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
                let contact = Self.write(at: 0, in: scratch, capacity: capacity, write)
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<contact.stop]))
                return contact.moved(by: start)
            }
        }

        /// Writes a contact into `memory` from `start`, where `capacity` bytes must be
        /// free: for a buffer the caller keeps room in, so the contact is written where it
        /// stays, with no copy.
        public static func write(at start: Int, in memory: UnsafeMutableBufferPointer<UInt8>, capacity: Int,
                                 _ write: (inout Writer) -> Void) -> Encoded {
            precondition(start >= 0 && memory.count - start >= capacity, "no room for an encoded contact")
            var writer = Writer(buffer: UnsafeMutableBufferPointer(rebasing: memory[start..<start + capacity]))
            write(&writer)
            precondition(writer.texts == 6, "a contact has six texts")
            var contact = Encoded(start: start, end: start + writer.end, stop: start + writer.count, idHash: writer.idHash,
                                  accountHash: writer.accountHash)
            contact.accountPlace = UInt32(writer.accountPlace)
            contact.accountCount = UInt32(writer.accountCount)
            return contact
        }

        private init(start: Int, end: Int, stop: Int, idHash: UInt64, accountHash: UInt64) {
            self.start = start
            self.end = end
            self.stop = stop
            self.idHash = idHash
            self.accountHash = accountHash
        }

        /// The same contact, its bytes moved by `offset` in its buffer (or to another).
        public func moved(by offset: Int) -> Encoded {
            var moved = self
            moved.start += offset
            moved.end += offset
            moved.stop += offset
            return moved
        }

        /// Writes into a block on the stack, with no check of uniqueness or capacity per
        /// byte: appending to an array byte by byte and text by text cost more than the
        /// rest of a contact's line to parse.
        public struct Writer {
            fileprivate let buffer: UnsafeMutableBufferPointer<UInt8>
            fileprivate var count = 0
            fileprivate var texts = 0
            fileprivate var end = 0
            fileprivate var idHash: UInt64 = 0
            fileprivate var accountHash: UInt64 = 0
            fileprivate var accountPlace = 0, accountCount = 0

            /// Puts the next text; nil or empty is "none" (as an empty field is). The id,
            /// name and account must not be empty.
            public mutating func put(_ text: UnsafeBufferPointer<UInt8>?) {
                precondition(texts < 6, "a contact has six texts")
                if texts == 0 { idHash = IDIndex.hash(bytes: text ?? UnsafeBufferPointer(start: nil, count: 0)) }
                if texts == 2 { accountHash = IDIndex.hash(bytes: text ?? UnsafeBufferPointer(start: nil, count: 0)) }
                texts += 1
                let n = text?.count ?? 0
                // The account is the third text (counted above).
                let place = putText(text, count: n)
                if texts == 3 { (accountPlace, accountCount) = (place, n) }
            }

            /// Puts all six texts at once, as `put` does one at a time: one call rather
            /// than six for the million contacts of a large journal's load.
            public mutating func putContact(id: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>?,
                                            account: UnsafeBufferPointer<UInt8>, role: UnsafeBufferPointer<UInt8>?,
                                            phone: UnsafeBufferPointer<UInt8>?, email: UnsafeBufferPointer<UInt8>?) {
                precondition(texts == 0, "a contact's texts are put once")
                idHash = IDIndex.hash(bytes: id)
                accountHash = IDIndex.hash(bytes: account)
                texts = 6
                putText(id, count: id.count)
                putText(name, count: name?.count ?? 0)
                accountPlace = putText(account, count: account.count)
                accountCount = account.count
                putText(role, count: role?.count ?? 0)
                putText(phone, count: phone?.count ?? 0)
                putText(email, count: email?.count ?? 0)
            }

            /// Writes a text's length (plus one; zero for none) and bytes; returns where
            /// the bytes start.
            @inline(__always) @discardableResult
            private mutating func putText(_ text: UnsafeBufferPointer<UInt8>?, count n: Int) -> Int {
                precondition(count + n + 3 <= buffer.count, "an encoded contact is larger than its capacity")
                var length = UInt(n) + 1
                if n == 0 { length = 0 }
                while length >= 0x80 {
                    buffer[count] = UInt8(truncatingIfNeeded: length) | 0x80
                    count += 1
                    length >>= 7
                }
                buffer[count] = UInt8(length)
                count += 1
                let place = count
                if let text, n > 0 {
                    copyShortBytes(from: text.baseAddress!, to: buffer.baseAddress! + count, count: n)
                    count += n
                }
                end = count
                return place
            }

            /// Puts bytes after the six texts.
            public mutating func putTrailing(_ bytes: UnsafeBufferPointer<UInt8>) {
                precondition(texts == 6, "trailing bytes come after the six texts")
                precondition(count + bytes.count <= buffer.count, "an encoded contact is larger than its capacity")
                guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
                copyShortBytes(from: source, to: buffer.baseAddress! + count, count: bytes.count)
                count += bytes.count
            }
        }

        /// The six texts, in `buffer`.
        public func texts(in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: buffer[start..<end])
        }

        /// The contact these texts make.
        public func decoded(in buffer: UnsafeBufferPointer<UInt8>) -> Contact {
            ContactTable.decode(texts(in: buffer), at: 0)
        }

        /// The contact's id.
        public func id(in buffer: UnsafeBufferPointer<UInt8>) -> String {
            var i = 0
            return ContactTable.string(texts(in: buffer), &i) ?? ""
        }

        /// The bytes after the six texts, as text.
        public func trailing(in buffer: UnsafeBufferPointer<UInt8>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[end..<stop]), as: UTF8.self)
        }

        /// The bytes of the contact's account.
        public func account(in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: buffer[start + Int(accountPlace)..<start + Int(accountPlace) + Int(accountCount)])
        }
    }

    /// Adds a contact written as `Encoded` into `buffer`; returns false, changing nothing,
    /// when its id is taken.
    @discardableResult
    public mutating func insert(_ contact: Encoded, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let hash = contact.idHash
        let texts = contact.texts(in: buffer)
        var i = 0
        if find(Self.text(texts, &i) ?? UnsafeBufferPointer(rebasing: texts[0..<0]), hash: hash) != nil { return false }
        let position = starts.count
        // The texts and their places are reached only when the index grows: reaching them
        // from a closure on every insert retained and released both arrays.
        if index.needsRoom {
            let starts = starts
            bytes.withUnsafeBufferPointer { b in index.grow { Self.hash(id: b, at: starts[$0]) } }
        }
        index.add(position: position, hash: hash)
        starts.append(bytes.count)
        bytes.append(contentsOf: texts)
        return true
    }

    /// Readies the cache for inserting the contact whose `Encoded.idHash` is `idHash`
    /// soon (see `IDIndex.prefetch`).
    public func prefetch(idHash: UInt64) {
        index.prefetch(hash: idHash)
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            index.find(hash: hash) { position in
                var i = starts[position]
                let id = Self.text(b, &i) ?? UnsafeBufferPointer(rebasing: b[0..<0])
                return id.count == key.count && (id.isEmpty || memcmp(id.baseAddress!, key.baseAddress!, id.count) == 0)
            }
        }
    }

    private static func hash(id b: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt64 {
        var i = start
        return IDIndex.hash(bytes: text(b, &i) ?? UnsafeBufferPointer(rebasing: b[0..<0]))
    }

    /// Appends a contact's texts, with `id` as its id; returns where they start.
    private mutating func write(_ contact: Contact, id: String) -> Int {
        let start = bytes.count
        put(id)
        put(contact.name)
        put(contact.account)
        put(contact.role)
        put(contact.phone)
        put(contact.email)
        return start
    }

    private mutating func put(_ text: String?) {
        guard var text else {
            bytes.append(0)
            return
        }
        text.withUTF8 { utf8 in
            Self.putLength(utf8.count, into: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// A text's length plus one, as a LEB128 number.
    fileprivate static func putLength(_ count: Int, into bytes: inout [UInt8]) {
        var n = UInt(count) + 1
        while n >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        bytes.append(UInt8(n))
    }

    /// The bytes of the text at `i` (nil for none), moving `i` past it.
    fileprivate static func text(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UnsafeBufferPointer<UInt8>? {
        var n = 0, shift = 0
        while true {
            let byte = b[i]
            i += 1
            n |= Int(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard n > 0 else { return nil }
        defer { i += n - 1 }
        return UnsafeBufferPointer(rebasing: b[i..<(i + n - 1)])
    }

    fileprivate static func string(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> String? {
        text(b, &i).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The id of the contact at `position`, without making the rest of the contact.
    public func id(at position: Int) -> String {
        bytes.withUnsafeBufferPointer { b in
            var i = starts[position]
            return Self.string(b, &i) ?? ""
        }
    }

    /// The contact at `position`.
    public func contact(at position: Int) -> Contact {
        var contact = bytes.withUnsafeBufferPointer { Self.decode($0, at: starts[position]) }
        if let moved = previous[position] { contact.previousAccounts = moved }
        return contact
    }

    /// The contact whose texts start at `start`.
    fileprivate static func decode(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Contact {
        var i = start
        func next() -> String? { string(b, &i) }
        let id = next() ?? "", name = next() ?? "", account = next() ?? ""
        let role = next(), phone = next(), email = next()
        return Contact(id: id, name: name, account: account, role: role, phone: phone, email: email)
    }
}

extension ContactTable: SnapshotCodable {
    public func write(to out: inout SnapshotWriter) {
        index.write(to: &out)
        bytes.withUnsafeBytes { out.bytes($0) }
        out.raw(starts)
        out.unsigned(UInt64(previous.count))
        for position in previous.keys.sorted() {
            out.int(position)
            out.write(previous[position]!)
        }
    }

    /// The texts are read back with room to grow by a quarter, as a load leaves them:
    /// the first contact added after a start should not copy every contact's texts into
    /// a larger buffer (room that is never written costs no memory).
    public init(from input: inout SnapshotReader) throws(SnapshotError) {
        index = try IDIndex(from: &input)
        let n = try input.count()
        let texts = try input.rawBytes(n)
        bytes.reserveCapacity(n + n / 4)
        bytes.append(contentsOf: texts)
        starts = try input.raw()
        let moved = try input.count()
        for _ in 0..<moved {
            let position = try input.int()
            let accounts: [String] = try input.read()
            previous[position] = accounts
        }
        let size = bytes.count
        guard index.indexes(starts.count), starts.allSatisfy({ $0 >= 0 && $0 < size }),
              previous.keys.allSatisfy({ $0 >= 0 && $0 < starts.count }) else {
            throw SnapshotError("the contacts in the snapshot do not agree with their index")
        }
    }
}
