import Foundation
import RapportJournal
import RapportModel
import Testing
@testable import RapportTUI

/// An event written from the dashboard is checked against the book as the journal stands,
/// written once, and taken in once, leaving the data a fresh load of the file would make.
@Suite struct DashboardWriteTests {
    static let now = DashboardDataTests.now

    /// A demo journal on disk, loaded and followed as the dashboard holds it.
    static func journal(accounts: Int = 40) throws -> (path: String, data: DashboardData, follower: JournalFollower) {
        let path = try TestFolder.make("write") + "/journal"
        try JournalFile(path: path).append(DemoBook(accounts: accounts, now: now).events())
        let loaded = try LoadedBook.load(path: path)
        return (path, DashboardData(loaded: loaded, now: now), loaded.follower())
    }

    static func fresh(_ path: String) throws -> DashboardData {
        DashboardData(loaded: try LoadedBook.load(path: path), now: now)
    }

    static func call(_ account: String, _ summary: String) -> Event {
        Event(time: now.adding(seconds: -60), author: "me", verb: .interactionLog, subject: account,
              fields: [.init("kind", "call"), .init("sentiment", "1"), .init("summary", summary)])
    }

    @Test("an event written from the dashboard is on disk, applied once, and in its history at its line")
    func writes() throws {
        var (path, data, follower) = try Self.journal()
        let account = data.book.accountOrder[3]
        let before = data.book.interactions[account]?.count ?? 0
        let event = Self.call(account, "Spoke about the renewal")
        #expect(data.write(event, to: path, follower: &follower) == .written)
        #expect(data.book.interactions[account]?.count == before + 1, "applied once, not again when read back")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.last.map(String.init) == LineFormat.print(event))
        let newest = data.loaded.history(of: account).first
        #expect(newest?.event == event && newest?.line == lines.count)
        DashboardDataTests.same(data, try Self.fresh(path))
        #expect(data.loaded.events.count == (try Self.fresh(path)).loaded.events.count)
        if case .unchanged = follower.poll() {} else { Issue.record("the line written was left for the follower to read again") }
    }

    @Test("lines other writers appended are taken in before the check, in the file's order")
    func takesInOtherWritersFirst() throws {
        var (path, data, follower) = try Self.journal()
        // Another writer opens an account the dashboard has not read yet; a call logged
        // with it can only be checked once that line is in.
        let opened = Event(time: Self.now.adding(seconds: -120), author: "them", verb: .accountOpen, subject: "A-NEW",
                           fields: [.init("name", "Newco"), .init("tier", "small")])
        try JournalFile(path: path).append([opened, Self.call(data.book.accountOrder[0], "Their call")])
        let event = Self.call("A-NEW", "First call")
        #expect(data.write(event, to: path, follower: &follower) == .written)
        #expect(data.book.accounts["A-NEW"]?.name == "Newco")
        #expect(data.loaded.history(of: "A-NEW").map(\.event) == [event, opened])
        DashboardDataTests.same(data, try Self.fresh(path))
        #expect(data.loaded.problems.isEmpty)
    }

    @Test("a refused event writes nothing and leaves the data as a fresh load makes it")
    func refused() throws {
        var (path, data, follower) = try Self.journal()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = data.write(Self.call("NO-SUCH", "Nobody"), to: path, follower: &follower)
        guard case .notWritten(let reason) = result else {
            Issue.record("expected a refusal, got \(result)")
            return
        }
        #expect(reason.contains("NO-SUCH"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        DashboardDataTests.same(data, try Self.fresh(path))
        // The data is whole again: the next write goes through.
        #expect(data.write(Self.call(data.book.accountOrder[1], "Next"), to: path, follower: &follower) == .written)
        DashboardDataTests.same(data, try Self.fresh(path))
    }

    @Test("a journal replaced under the dashboard is not written to, and asks for a fresh load")
    func replaced() throws {
        var (path, data, follower) = try Self.journal()
        let other = try Self.journal(accounts: 5).path
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: other, toPath: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.write(Self.call(data.book.accountOrder[0], "Hello"), to: path, follower: &follower) == .reload("the journal was replaced"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }
}
