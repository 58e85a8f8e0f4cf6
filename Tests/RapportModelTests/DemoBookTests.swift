import Testing
@testable import RapportModel

@Suite struct DemoBookTests {
    @Test func theDemoBookIsReproducibleAndFitsTheBook() throws {
        let a = DemoBook(accounts: 60, now: testNow).events()
        let b = DemoBook(accounts: 60, now: testNow).events()
        #expect(a == b)
        var book = Book()
        var rejected: [String] = []
        for event in a {
            do { try book.apply(event) } catch { rejected.append("\(event.verb.rawValue) \(event.subject): \(error)") }
        }
        #expect(rejected.isEmpty, "\(rejected.prefix(5))")
        #expect(book.accounts.count == 60)
        #expect(book.accounts.values.contains { $0.name.unicodeScalars.contains { $0.value > 0x2E80 } }, "some names are CJK")
        #expect(!book.complaints.isEmpty && !book.invoices.isEmpty && !book.promises.isEmpty && book.accountOrder.contains { !(book.feedback[$0] ?? []).isEmpty })
        #expect(a.allSatisfy { $0.time <= testNow }, "nothing in the future")
    }
}
