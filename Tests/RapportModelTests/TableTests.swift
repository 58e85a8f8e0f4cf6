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
