@testable import RapportModel
import Testing

@Suite("Table: records by id, in the order added")
struct TableTests {
    @Test("reads like a dictionary, keeps insertion order, replaces records in place and never takes a key twice")
    func behavesLikeADictionary() {
        var table = Table<Int>()
        #expect(table.isEmpty && table["a"] == nil && !table.contains("a"))
        let first = table.insert(1, for: "b")
        let second = table.insert(2, for: "a")
        let again = table.insert(9, for: "b")
        #expect(first && second)
        #expect(!again, "a taken key is refused")
        #expect(table["b"] == 1, "and its record is left alone")
        table["c"] = 3
        table["a"] = 20
        #expect(table.keys == ["b", "a", "c"])
        #expect(table.values == [1, 20, 3])
        #expect(table.map(\.key) == ["b", "a", "c"])
        #expect(table.count == 3 && table.position(of: "c") == 2)
    }

    @Test("a thousand random inserts and updates agree with a dictionary")
    func agreesWithADictionary() {
        var random = SeededRandom(seed: 7)
        var table = Table<Int>()
        var reference: [String: Int] = [:]
        var order: [String] = []
        for i in 0..<1000 {
            let key = "K\(random.next() % 300)"
            if random.next() % 2 == 0 {
                let added = table.insert(i, for: key)
                #expect(added == (reference[key] == nil))
                if added { reference[key] = i; order.append(key) }
            } else {
                if reference[key] == nil { order.append(key) }
                table[key] = i
                reference[key] = i
            }
        }
        #expect(table.keys == order)
        #expect(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }) == reference)
    }
}

extension TableTests {
    @Test("ids are matched byte for byte, whatever their length, accented ones included")
    func idsAreBytes() {
        var table = Table<Int>()
        let composed = "Zoë", decomposed = "Zoe\u{308}"
        #expect(composed == decomposed, "Swift counts these as the same text")
        let ids = ["", "a", "ab", "1234567", "12345678", "123456789", "P-1000000", "P-1000001", "ACME-INTERNATIONAL-0001",
                   composed, decomposed, "株式会社", "\u{212A}", "K"]
        for (i, id) in ids.enumerated() {
            let added = table.insert(i, for: id)
            #expect(added, "\(id)")
        }
        for (i, id) in ids.enumerated() { #expect(table[id] == i && table.position(of: id) == i, "\(id)") }
        #expect(table["Zoe"] == nil && table["P-100000"] == nil && table["123456780"] == nil)
    }

    @Test("a hundred thousand ids, reserved for or grown into, are all found again and no stranger is")
    func manyIDs() {
        for reserve in [true, false] {
            var table = Table<Int>()
            if reserve { table.reserveCapacity(100_000) }
            for i in 0..<100_000 { table.insert(i, for: "P-\(i)") }
            #expect(table.count == 100_000)
            let lost = (0..<100_000).filter { (i: Int) in table.position(of: "P-\(i)") != i }
            let strangers = (100_000..<110_000).filter { table.contains("P-\($0)") }
            #expect(lost.isEmpty && strangers.isEmpty)
            let again = table.insert(-1, for: "P-99999")
            #expect(!again && table["P-99999"] == 99_999)
        }
    }
}

@Suite("Verbs by their bytes")
struct VerbBytesTests {
    @Test("every verb is found from its spelling's bytes, at its place in allCases; near misses are not")
    func lookup() {
        for (i, verb) in Verb.allCases.enumerated() {
            #expect(verb.ordinal == i)
            let bytes = Array(verb.rawValue.utf8)
            #expect(bytes.withUnsafeBufferPointer { Verb(utf8: $0) } == verb)
            #expect(bytes.withUnsafeBufferPointer { Verb.ordinal(utf8: UnsafeBufferPointer(rebasing: $0.dropLast())) } == nil, "\(verb)")
            #expect((bytes + [0x73]).withUnsafeBufferPointer { Verb(utf8: $0) } == nil)
        }
        #expect([UInt8]().withUnsafeBufferPointer { Verb(utf8: $0) } == nil)
    }
}

@Suite("Contacts kept as bytes")
struct ContactTableTests {
    @Test("a contact reads back as it went in: none and empty kept apart, long and accented texts whole")
    func roundTrip() {
        var table = ContactTable()
        let long = String(repeating: "Ω-long-name ", count: 40)
        let contacts = [
            Contact(id: "P-1", name: "Isla Okafor", account: "A1", role: "CEO", phone: "07700 000000", email: "isla@acme.example"),
            Contact(id: "P-2", name: "Zoë Müller", account: "A1", role: nil, phone: nil, email: nil),
            Contact(id: "P-3", name: long, account: "A2", role: "", phone: "", email: String(repeating: "x", count: 70_000)),
            Contact(id: "株式会社-4", name: "", account: "A2", role: "Buyer", phone: nil, email: "e@x", previousAccounts: ["A0", "A1"]),
        ]
        for c in contacts {
            let added = table.insert(c, for: c.id)
            #expect(added)
        }
        #expect(table.count == 4)
        #expect(table.values == contacts)
        #expect(table.keys == contacts.map(\.id))
        for c in contacts { #expect(table[c.id] == c) }
        #expect(table["P-4"] == nil && !table.contains("P-"))
    }

    @Test("a taken id is refused; a change is kept in place, moves included")
    func changes() {
        var table = ContactTable()
        let first = Contact(id: "P-1", name: "Ann", account: "A1", role: nil, phone: nil, email: nil)
        let added = table.insert(first, for: "P-1")
        #expect(added)
        let again = table.insert(Contact(id: "P-1", name: "Other", account: "A9", role: nil, phone: nil, email: nil), for: "P-1")
        #expect(!again && table["P-1"] == first)
        var moved = first
        moved.account = "A2"
        moved.previousAccounts = ["A1"]
        moved.email = "ann@new.example"
        table["P-1"] = moved
        table["P-2"] = Contact(id: "P-2", name: "Bo", account: "A2", role: nil, phone: nil, email: nil)
        #expect(table["P-1"] == moved && table.position(of: "P-1") == 0 && table.position(of: "P-2") == 1)
        #expect(table.map(\.key) == ["P-1", "P-2"])
    }

    @Test("twenty thousand random adds and changes agree with a table of Contact values")
    func agreesWithATable() {
        var random = SeededRandom(seed: 3)
        var bytes = ContactTable()
        var values = Table<Contact>()
        func text() -> String? {
            switch random.next() % 4 {
            case 0: return nil
            case 1: return "short \(random.next() % 100)"
            case 2: return String(repeating: "é", count: Int(random.next() % 90))
            default: return "someone.\(random.next() % 1000)@example.com"
            }
        }
        for _ in 0..<20_000 {
            let id = "P-\(random.next() % 5000)"
            let c = Contact(id: id, name: text() ?? "n", account: "A\(random.next() % 50)", role: text(), phone: text(), email: text())
            if random.next() % 3 == 0 {
                bytes[id] = c
                values[id] = c
            } else {
                let a = bytes.insert(c, for: id), b = values.insert(c, for: id)
                #expect(a == b)
            }
        }
        #expect(bytes.values == values.values)
        #expect(bytes.keys == values.keys)
    }
}

@Suite("Short byte copies")
struct ShortByteCopyTests {
    @Test("every length up to 40, from and to any alignment, copies those bytes and touches no other")
    func copiesExactly() {
        let source = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for count in 0...40 {
            for from in 0..<8 {
                for to in 0..<8 {
                    var target = [UInt8](repeating: 0xAA, count: 64)
                    source.withUnsafeBytes { s in
                        target.withUnsafeMutableBytes { t in
                            copyShortBytes(from: s.baseAddress! + from, to: t.baseAddress! + to, count: count)
                        }
                    }
                    let expected = Array(repeating: 0xAA, count: to) + source[from..<from + count]
                        + Array(repeating: 0xAA, count: 64 - to - count)
                    #expect(target == expected, "\(count) bytes from \(from) to \(to)")
                }
            }
        }
    }
}

@Suite("Texts made from a value's bytes")
struct ValueBytesTextTests {
    @Test("every length up to 40, ASCII, UTF-8 and broken bytes, reads as the decoding way reads it")
    func sameAsDecoding() {
        let samples: [[UInt8]] = [
            Array("A-1043 acme INV-20260114 owner=bob and a much longer summary".utf8),
            Array("Zoë Müller · 東京 · Łukasz · Nguyễn Wilson".utf8),
            // Broken: a lone continuation byte, a lead byte cut short, an overlong form.
            [0x41, 0x80, 0x42, 0xE2, 0x82, 0x43, 0xC0, 0xAF] + Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8),
        ]
        for sample in samples {
            for count in 0...min(40, sample.count) {
                for from in 0..<min(4, sample.count - count + 1) {
                    let bytes = Array(sample[from..<from + count])
                    bytes.withUnsafeBufferPointer { buffer in
                        let made = String(valueBytes: buffer)
                        let decoded = String(decoding: buffer, as: UTF8.self)
                        #expect(made == decoded && Array(made.utf8) == Array(decoded.utf8), "\(count) bytes from \(from): \(bytes)")
                    }
                }
            }
        }
    }
}
