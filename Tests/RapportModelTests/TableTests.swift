import RapportModel
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
