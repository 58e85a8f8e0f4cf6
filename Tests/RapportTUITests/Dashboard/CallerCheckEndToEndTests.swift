import Foundation
import RapportJournal
import RapportModel
import Testing

/// The caller check in the real dashboard: the phone rings, four digits are typed, and the
/// screen says who it is, that they owe money, and who to pass them to.
@Suite(.serialized) struct CallerCheckEndToEndTests {
    @Test func findsAClientByTheLastFourDigitsOfTheirPhoneAndShowsTheRouteTo() throws {
        let journal = try DashboardEndToEndTests.demoJournal(accounts: 60)
        let book = try LoadedBook.load(path: journal).book
        // A bad-debt client whose phone's last four digits no other phone in the book ends with.
        let phones = book.accounts.values.compactMap(\.phone) + book.contacts.values.compactMap(\.phone)
        func lastFour(_ phone: String) -> String { String(phone.filter(\.isNumber).suffix(4)) }
        let account = try #require(book.accountOrder.compactMap { book.accounts[$0] }.first { a in
            guard a.badDebt != nil, let phone = a.phone else { return false }
            return phones.filter { lastFour($0) == lastFour(phone) }.count == 1
        }, "the demo book should have a bad-debt client with a distinctive phone number")
        let flag = try #require(account.badDebt)
        let digits = lastFour(account.phone!)

        let session = try DashboardEndToEndTests.start(journal, width: 110, height: 34)
        defer { session.kill() }
        try session.sendKeys("w")
        try session.waitFor("Who's calling?")
        try session.type(digits)
        // Wait for the whole card, not its first part to land (a frame reaches the terminal in pieces).
        let screen = try session.waitUntil("the caller's card") {
            $0.contains("pass to \(String(flag.routeTo.prefix(24)))") && $0.contains("\(account.name) (\(account.id))") && $0.contains("Unpaid")
        }
        #expect(screen.contains("\(account.name) (\(account.id))"), "the top match is the caller:\n\(screen)")
        #expect(screen.contains("BAD DEBT"))
        #expect(screen.contains("pass to \(String(flag.routeTo.prefix(24)))"))
        #expect(screen.contains("Unpaid"), "what they owe shows at a glance:\n\(screen)")
        #expect(screen.contains("health"))

        try session.sendKeys("Enter")
        // Enter closes the overlay and goes to the account, saying so on the status line.
        try session.waitUntil("the overlay closes on the account") { !$0.contains("Who's calling?") && $0.contains("Caller: \(account.name)") }
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
