import Foundation
import RapportJournal
import RapportModel
import Testing

/// Every command that reads the journal reads the book the dashboard saved, when it can
/// be trusted, and answers exactly as a replay of the whole journal does; writes are
/// checked against that same book, under the append lock.
@Suite(.serialized) struct SavedBookCommandTests {
    /// A demo journal large enough for the saved book to be read (small journals are
    /// simply replayed), and that book saved where the `rapport` under test looks for it,
    /// under its build, as the dashboard saves it.
    static func savedBook() throws -> (scratch: Scratch, snapshot: String) {
        let scratch = Scratch()
        let demo = try CLI.rapport(["demo", "--accounts", "800"], in: scratch)
        try #require(demo.status == 0, "\(demo.stderr)")
        try #require((JournalFile(path: scratch.journal).size ?? 0) >= LoadedBook.pipelineFrom)
        let environment = CLI.environment(journal: scratch.journal, home: scratch.directory)
        let standard = try #require(BookSnapshot.standard(forJournal: scratch.journal, environment: environment))
        #expect(standard.path.hasPrefix(scratch.directory + "/.cache/rapport/"))
        let build = try #require(BookSnapshot.build(ofExecutable: try CLI.requireBinary()))
        let snapshot = BookSnapshot(path: standard.path, build: build)
        // Loaded as the dashboard loads before it saves: the journal hashed on the way.
        let (loaded, outcome) = try LoadedBook.load(path: scratch.journal, snapshot: snapshot)
        #expect(outcome == .notUsed("no snapshot yet"))
        _ = try snapshot.save(loaded, callerIndex: CallerIndex(book: loaded.book))
        return (scratch, snapshot.path)
    }

    static let traced = ["RAPPORT_TRACE": "1"]
    static let readBack = "rapport: trace: book read from its snapshot, then "
    static let replayed = "rapport: trace: journal replayed (snapshot not used: snapshots are off)"

    @Test("report, health, export, complaints and who answer the same from the saved book as from a replay")
    func readsAnswerAsAReplayDoes() throws {
        let (scratch, _) = try Self.savedBook()
        // Lines appended after the save: the book is read back, then these are replayed.
        let added = try CLI.rapport(["add", "complaint", "--account", "ACME", "--severity", "2", "--category", "delivery",
                                     "--summary", "Pallet left in the rain"], in: scratch, extra: Self.traced)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.hasPrefix(Self.readBack + "0 bytes appended since"), "\(added.stderr)")
        let commands: [[String]] = [
            ["report"], ["report", "--format", "json"], ["health", "ACME"], ["health", "GLOB", "--json"],
            ["export"], ["complaints"], ["complaints", "--json"], ["who", "acme"],
        ]
        for command in commands {
            let fromSaved = try CLI.rapport(command, in: scratch, extra: Self.traced)
            // Right after the command's name: `who` takes the rest of its arguments as the query.
            let fromReplay = try CLI.rapport([command[0], "--no-snapshot"] + command.dropFirst(), in: scratch, extra: Self.traced)
            #expect(fromSaved.status == 0 && fromReplay.status == 0, "\(command): \(fromSaved.stderr) \(fromReplay.stderr)")
            #expect(fromSaved.stderr.hasPrefix(Self.readBack), "\(command): \(fromSaved.stderr)")
            #expect(!fromSaved.stderr.hasPrefix(Self.readBack + "0 bytes"), "\(command): the appended line was replayed")
            #expect(fromReplay.stderr.hasPrefix(Self.replayed), "\(command): \(fromReplay.stderr)")
            #expect(!fromSaved.stdout.isEmpty)
            #expect(fromSaved.stdout == fromReplay.stdout, "\(command) answers differently from the saved book")
        }
        let queue = try CLI.rapport(["complaints"], in: scratch)
        #expect(queue.stdout.contains("Pallet left in the rain"), "the line appended after the save is in the book")
    }

    @Test("writes are checked against the saved book and the lines since, and a refused one writes nothing")
    func writesAreCheckedAgainstTheSavedBook() throws {
        let (scratch, _) = try Self.savedBook()
        let opened = try CLI.rapport(["add", "complaint", "--account", "GLOB", "--severity", "3", "--category", "billing",
                                      "--summary", "Invoice sent twice"], in: scratch, extra: Self.traced)
        #expect(opened.status == 0, "\(opened.stderr)")
        let id = try #require(opened.stdout.split(separator: " ").dropFirst().first.map(String.init), "\(opened.stdout)")
        // The complaint exists only in the line appended since the save.
        let acknowledged = try CLI.rapport(["complaint", "acknowledge", id, "--note", "Called back"], in: scratch, extra: Self.traced)
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")
        #expect(acknowledged.stderr.hasPrefix(Self.readBack), "\(acknowledged.stderr)")
        #expect(acknowledged.stderr.components(separatedBy: "trace:").count == 2, "the book is read once a write: \(acknowledged.stderr)")
        let logged = try CLI.rapport(["log", "complaint.assign", id, "owner=dana"], in: scratch, extra: Self.traced)
        #expect(logged.status == 0 && logged.stderr.hasPrefix(Self.readBack), "\(logged.stderr)")

        let before = fileBytes(scratch.journal)
        let unknown = try CLI.rapport(["add", "invoice", "--account", "NOSUCH", "--amount", "10.00", "--currency", "GBP",
                                       "--due", "2026-12-01"], in: scratch, extra: Self.traced)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("NOSUCH"), "\(unknown.stderr)")
        let closing = try CLI.rapport(["complaint", "close", id], in: scratch, extra: Self.traced)
        #expect(closing.status == 2)
        #expect(closing.stderr.contains("not closed: \(id) has no apology"), "\(closing.stderr)")
        #expect(fileBytes(scratch.journal) == before, "a refused write changed the journal")

        // The options may follow the kind, among the fields.
        let late = try CLI.rapport(["add", "complaint", "--account", "GLOB", "--severity", "4", "--category", "billing",
                                    "--summary", "Wrong address", "--no-snapshot", "--author", "erin"], in: scratch, extra: Self.traced)
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stderr.hasPrefix(Self.replayed), "\(late.stderr)")
        let last = try #require(String(decoding: fileBytes(scratch.journal), as: UTF8.self).split(separator: "\n").last)
        #expect(last.contains(" erin complaint.open ") && last.contains("summary=\"Wrong address\""), "\(last)")

        // Every line written through the saved book reads back in a full replay.
        let check = try CLI.rapport(["check"], in: scratch)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        let events = try JournalFile(path: scratch.journal).load().events.map(\.event)
        #expect(events.filter { $0.subject == id }.map(\.verb) == [.complaintOpen, .complaintAcknowledge, .complaintAssign])
    }

    @Test("a journal edited after the save is replayed, not read from the saved book")
    func anEditedJournalIsReplayed() throws {
        let (scratch, _) = try Self.savedBook()
        var bytes = fileBytes(scratch.journal)
        let at = try #require(bytes.firstRange(of: Array("name=\"Globex GmbH\"".utf8)))
        bytes.replaceSubrange(at, with: Array("name=\"Globex AG!!\"".utf8))
        try Data(bytes).write(to: URL(fileURLWithPath: scratch.journal))
        let who = try CLI.rapport(["who", "globex"], in: scratch, extra: Self.traced)
        #expect(who.status == 0)
        #expect(who.stderr.hasPrefix("rapport: trace: journal replayed (snapshot not used: "), "\(who.stderr)")
        #expect(who.stdout.contains("Globex AG!!"), "\(who.stdout)")
    }
}
