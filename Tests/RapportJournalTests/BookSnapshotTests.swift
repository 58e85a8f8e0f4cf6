import Foundation
@testable import RapportJournal
@testable import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Book snapshots: read back only when they can be trusted")
struct BookSnapshotTests {
    /// A journal holding every verb and 25 refusals, and a snapshot place for it.
    private func journal(_ scratch: Scratch) throws -> (path: String, snapshot: BookSnapshot) {
        let path = scratch.path("journal")
        let (events, odd) = everyVerbEvents()
        try JournalFile(path: path).append(events + odd)
        return (path, BookSnapshot(path: scratch.path("cache/journal.book"), build: "test build"))
    }

    /// Whether two loads of a journal agree on everything a dashboard reads of them.
    private func expectSame(_ a: LoadedBook, _ b: LoadedBook, _ note: Comment? = nil) {
        #expect(differences(a.book, b.book) == [], note)
        #expect(a.problems == b.problems, note)
        #expect(a.events.count == b.events.count, note)
        #expect(a.byteCount == b.byteCount && a.lineCount == b.lineCount, note)
        #expect(a.followFrom == b.followFrom, note)
        for account in b.book.accountOrder.prefix(5) + ["N1"] {
            #expect(a.history(of: account).map(\.line) == b.history(of: account).map(\.line), note)
            #expect(a.history(of: account).map(\.event) == b.history(of: account).map(\.event), note)
        }
    }

    @Test("a saved book reads back as the book its journal makes, refusals, history and all")
    func roundTrip() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        let replayed = try LoadedBook.load(path: path)
        #expect(replayed.problems.count == 38)
        let size = try snapshot.save(replayed)
        #expect(size > 0)
        // Created private to the user, as the journal is.
        var info = stat()
        #expect(stat(snapshot.path, &info) == 0 && info.st_mode & 0o777 == 0o600)

        let (loaded, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        #expect(outcome == .used(tailBytes: 0))
        expectSame(loaded, replayed)

        // The book read back takes further events as the replayed one does: its indexes work.
        var a = loaded, b = replayed
        let more = [accountOpen("AFTER"), Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-AFTER", ["account": "AFTER", "name": "Al"]),
                    Event(time: t0, author: "bob", verb: .invoiceIssue, subject: "INV-AFTER", ["account": "N1", "amount": "5", "currency": "GBP", "due": "2026-12-22"]),
                    accountOpen("N1")]
        for (i, event) in more.enumerated() {
            #expect((a.apply(event, line: 9000 + i) == nil) == (b.apply(event, line: 9000 + i) == nil))
        }
        expectSame(a, b)
        #expect(a.book.contacts["P-AFTER"]?.account == "AFTER")
    }

    @Test("two spellings of an accented text stay two: texts are shared by their bytes, not by Unicode equality")
    func spellings() throws {
        var book = Book()
        try book.apply(Event(time: t0, author: "bob", verb: .accountOpen, subject: "caf\u{E9}", ["name": "Caf\u{E9}", "tier": "small"]))
        try book.apply(Event(time: t0, author: "bob", verb: .accountOpen, subject: "cafe\u{301}", ["name": "Cafe\u{301}", "tier": "small"]))
        var out = SnapshotWriter()
        for part in 0..<Book.snapshotParts { book.writeSnapshot(part: part, to: &out) }
        let back = try out.bytes.withUnsafeBytes { raw throws(SnapshotError) in
            var input = SnapshotReader(raw)
            var first = try Book(snapshotPart: 0, from: &input)
            try first.joinSnapshot(try Book(snapshotPart: 1, from: &input))
            return first
        }
        #expect(back.accountOrder.map { Array($0.utf8) } == book.accountOrder.map { Array($0.utf8) })
        #expect(back.accounts.values.map { Array($0.name.utf8) } == book.accounts.values.map { Array($0.name.utf8) })
        #expect(back.accounts.position(of: "cafe\u{301}") == 1)
    }

    @Test("lines appended after the snapshot are read and applied, a bad one and a torn last one as a load reports them")
    func tail() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        try snapshot.save(try LoadedBook.load(path: path))
        let before = try #require(JournalFile(path: path).size)
        try JournalFile(path: path).append([accountOpen("LATE"),
                                            Event(time: t0, author: "bob", verb: .complaintOpen, subject: "C-LATE", ["account": "NOPE", "severity": "2", "category": "x", "summary": "y"])])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("not an event\n2026-11-22T09:20:00Z bob account.open TORN name=Tor".utf8))
        try handle.close()
        let size = try #require(JournalFile(path: path).size)

        let (loaded, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        #expect(outcome == .used(tailBytes: size - before))
        let replayed = try LoadedBook.load(path: path)
        #expect(replayed.problems.suffix(3).map(\.kind) == [.rejected, .malformed, .torn])
        expectSame(loaded, replayed)
        #expect(loaded.book.accounts["LATE"] != nil)
    }

    @Test("a snapshot that cannot be trusted is passed over and the journal replayed", arguments: [
        "journal edited", "journal shorter", "another build", "damaged snapshot", "cut-short snapshot", "another journal", "no snapshot",
    ])
    func untrusted(_ change: String) throws {
        let scratch = Scratch()
        var (path, snapshot) = try journal(scratch)
        try snapshot.save(try LoadedBook.load(path: path))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func flip(_ file: String, at offset: Int) throws {
            var data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            data[offset] ^= 0x01
            try Data(data).write(to: URL(fileURLWithPath: file))
        }
        let why: String
        switch change {
        case "journal edited":
            // Same length, one letter changed in the middle of a name.
            let at = try #require(bytes.firstIndex(of: UInt8(ascii: "Z")))
            bytes[at] = UInt8(ascii: "Y")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            why = "the journal changed before the end of what the snapshot covers"
        case "journal shorter":
            try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
            why = "the journal is shorter than the snapshot"
        case "another build":
            snapshot = BookSnapshot(path: snapshot.path, build: "another build")
            why = "written by another build of rapport"
        case "damaged snapshot":
            let size = try #require(JournalFile(path: snapshot.path).size)
            try flip(snapshot.path, at: size - 100)
            why = "the snapshot is damaged"
        case "cut-short snapshot":
            let data = try Data(contentsOf: URL(fileURLWithPath: snapshot.path))
            try data.prefix(data.count - 1).write(to: URL(fileURLWithPath: snapshot.path))
            why = "the snapshot is cut short"
        case "another journal":
            let other = scratch.path("other")
            try Data(bytes).write(to: URL(fileURLWithPath: other))
            path = other
            why = "for another journal"
        default:
            unlink(snapshot.path)
            why = "no snapshot yet"
        }
        let (loaded, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        #expect(outcome == .notUsed(why))
        expectSame(loaded, try LoadedBook.load(path: path))
    }

    @Test("a snapshot is keyed to the bytes the book was folded from: a journal rewritten before the save is replayed")
    func rewrittenBeforeSave() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        // Loaded with no snapshot yet: the load hashes what it reads.
        let (loaded, first) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        #expect(first == .notUsed("no snapshot yet"))
        // Another program rewrites a line in place (same length) before the book is saved.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "Z")))
        bytes[at] = UInt8(ascii: "Y")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try snapshot.save(loaded)
        let (again, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        #expect(outcome == .notUsed("the journal changed before the end of what the snapshot covers"))
        expectSame(again, try LoadedBook.load(path: path))
    }

    @Test("a book read from a snapshot plus appended lines saves a snapshot that the next start reads whole")
    func resave() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        try snapshot.save(try LoadedBook.load(path: path))
        try JournalFile(path: path).append([accountOpen("LATE")])
        let (grown, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        guard case .used(let tail) = outcome, tail > 0 else { Issue.record("the snapshot was not used: \(outcome)"); return }
        try snapshot.save(grown)
        let (loaded, again) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        #expect(again == .used(tailBytes: 0))
        expectSame(loaded, try LoadedBook.load(path: path))
    }

    @Test("the caller index saved beside the book reads back searching as a fresh build does, lines appended since included")
    func callerIndex() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        let first = try LoadedBook.load(path: path)
        #expect(first.snapshotCallerIndex == nil, "a replayed load has no saved index")
        try snapshot.save(first, callerIndex: CallerIndex(book: first.book))
        // Appended after the save: a new person at an existing account, found only if the
        // read-back index is brought up to date with the lines replayed after it.
        let account = first.book.accountOrder[3]
        try JournalFile(path: path).append([Event(time: t0, author: "bob", verb: .contactAdd, subject: "P-ZED",
                                                  ["account": account, "name": "Zed Smithereens", "phone": "07700 987654"])])
        let (loaded, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
        guard case .used = outcome else { Issue.record("the snapshot was not used: \(outcome)"); return }
        let handle = try #require(loaded.snapshotCallerIndex)
        let index = try #require(handle.read(for: loaded.book))
        let built = CallerIndex(book: loaded.book)
        for query in ["smithereens", "987654", "acme", "N1", "zo", "07700", account.lowercased(), "nobody-at-all"] {
            #expect(index.search(query, limit: 20) == built.search(query, limit: 20), "\(query)")
        }
        #expect(index.search("smithereens", limit: 5).first?.contact == "P-ZED")
        // A snapshot saved again without an index offers none.
        try snapshot.save(loaded)
        #expect(try LoadedBook.load(path: path, snapshot: snapshot, from: 0).loaded.snapshotCallerIndex == nil)
    }

    @Test("a save clears the snapshots of journals that are gone and unfinished saves a day old, and nothing else")
    func prune() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        let folder = scratch.path("cache")
        // Another journal's snapshot, then that journal deleted.
        let gone = scratch.path("gone-journal")
        try JournalFile(path: gone).append([accountOpen("GONE")])
        try BookSnapshot(path: folder + "/gone.book", build: "test build").save(try LoadedBook.load(path: gone))
        // A third journal's snapshot, kept.
        let other = scratch.path("other-journal")
        try JournalFile(path: other).append([accountOpen("OTHER")])
        try BookSnapshot(path: folder + "/other.book", build: "test build").save(try LoadedBook.load(path: other))
        unlink(gone)
        for (name, text) in [("old.partial", "x"), ("new.partial", "x"), ("notes.txt", "mine"), ("not-a-snapshot.book", "hello")] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        var times = [timeval(tv_sec: time(nil) - 2 * 86_400, tv_usec: 0), timeval(tv_sec: time(nil) - 2 * 86_400, tv_usec: 0)]
        #expect(utimes(folder + "/old.partial", &times) == 0)

        try snapshot.save(try LoadedBook.load(path: path))
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(left == ["journal.book", "other.book", "new.partial", "notes.txt", "not-a-snapshot.book"])
    }

    @Test("small journals, and snapshots turned off, are replayed without looking for one")
    func notLooked() throws {
        let scratch = Scratch()
        let (path, snapshot) = try journal(scratch)
        try snapshot.save(try LoadedBook.load(path: path))
        #expect(try LoadedBook.load(path: path, snapshot: snapshot).snapshot == .notUsed("the journal is small"))
        #expect(try LoadedBook.load(path: path, snapshot: nil).snapshot == .notUsed("snapshots are off"))
    }

    @Test("the standard place is in the user's cache folder, one file per journal")
    func standardPlace() throws {
        let a = try #require(BookSnapshot.standard(forJournal: "/data/a/journal", environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]))
        let b = try #require(BookSnapshot.standard(forJournal: "/data/b/journal", environment: ["HOME": "/h"]))
        #expect(a.path.hasPrefix("/c/rapport/journal-") && a.path.hasSuffix(".book"))
        #expect(b.path.hasPrefix("/h/.cache/rapport/journal-"))
        #expect(a.path.split(separator: "/").last != b.path.split(separator: "/").last)
        #expect(BookSnapshot.standard(forJournal: "/j", environment: [:]) == nil)
    }

    /// The snapshot writes every stored property of the book and its records by hand; a
    /// property added to one of them must be added to the snapshot too, or a book read
    /// back would silently lack it. These lists fail the test when one is added.
    @Test("the snapshot knows every stored property of the book and its records")
    func everyProperty() {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let (events, odd) = everyVerbEvents()
        let book = Book(events: events + odd)
        #expect(labels(book) == ["accounts", "contacts", "complaints", "causes", "invoices", "payments", "promises", "referrals",
                                 "incidents", "files", "eventChain", "appliedCount", "latestTime", "lastLookup"])
        #expect(labels(book.files[0]) == ["contacts", "interactions", "complaints", "invoices", "payments", "promises", "feedback", "lastContact", "lastEvent"])
        #expect(labels(book.eventChain) == ["previous", "extra"])
        #expect(labels(book.accounts.values[0]) == ["id", "name", "tier", "owner", "phone", "email", "cadence", "status", "managerRating",
                                                    "managerRatingAt", "opened", "rare"])
        #expect(labels(Account.RareFields()) == ["statusReason", "badDebt", "creditHold", "offboardReason", "offboardAttempts"])
        #expect(labels(book.complaints.values[0]) == ["id", "account", "severity", "category", "channel", "summary", "examples", "owner", "contact",
                                                      "state", "opened", "acknowledgedAt", "resolvedAt", "closedAt", "apology", "responsibility",
                                                      "fix", "closeReason", "rootCause", "reopenCount", "linked", "cause", "waitingSince", "pauses"])
        #expect(labels(book.invoices.values[0]) == ["id", "account", "amount", "issued", "due", "voided", "credits", "payments", "rare"])
        #expect(labels(Invoice.RareFields()) == ["disputed", "writeOff"])
        #expect(labels(book.payments.values[0]) == ["id", "account", "amount", "day", "invoice", "voided", "allocationList"])
        let promise = book.promises.values.first!, cause = book.causes.values.first!
        #expect(labels(promise) == ["id", "account", "by", "due", "text", "amount", "contact", "made", "recorded", "recordedAt"])
        #expect(labels(cause) == ["id", "summary", "rootCause", "workaround", "knownError", "resolvedAt", "opened"])
        #expect(labels(book.referrals.values.first!) == ["id", "account", "referred", "contact", "time", "author"])
        #expect(labels(book.incidents.values.first!) == ["id", "summary", "remedy", "accounts", "clientNote", "opened", "resolvedAt"])
        let files = book.files.first { !$0.interactions.isEmpty && !$0.feedback.isEmpty }!
        #expect(labels(files.interactions[0]) == ["time", "author", "kind", "sentiment", "summary", "contact"])
        #expect(labels(files.feedback[0]) == ["time", "scores", "comment", "contact"])
        #expect(labels(AccountFlag(kind: .badDebt, instruction: "", routeTo: "", reason: "", raisedBy: "", raisedAt: t0)) ==
                ["kind", "instruction", "routeTo", "reason", "raisedBy", "raisedAt"])
        #expect(labels(ContactTable()) == ["index", "bytes", "starts", "previous"])
        #expect(labels(Table<Account>()) == ["positions", "keys", "values"])
        #expect(labels(EventLog(path: "")) == ["path", "entries", "held", "runs"])
        #expect(labels(LoadedBook(path: "")) == ["book", "events", "problems", "byteCount", "lineCount", "followFrom", "journalHash",
                                                 "savedCallerIndex", "touchedSinceSnapshot", "path"])
        // The caller index's own properties, which its snapshot writes by hand.
        #expect(labels(CallerIndex(book: Book())) == ["text", "entries", "contactOf", "oddNames", "deadCount", "accountIDs", "accountNumber",
                                                      "accountEntries", "lowercasedIDs", "lowercasedTwins", "phoneText", "phoneStarts",
                                                      "phoneEntry", "pairs", "identity"])
    }

    @Test("damaged bytes are an error, never a crash: every cut of a snapshot's part is refused")
    func everyCut() throws {
        let (events, odd) = everyVerbEvents()
        let book = Book(events: events + odd)
        for part in 0..<Book.snapshotParts {
            var out = SnapshotWriter()
            book.writeSnapshot(part: part, to: &out)
            let bytes = out.bytes
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
                let refused = bytes.withUnsafeBytes { raw in
                    var input = SnapshotReader(UnsafeRawBufferPointer(rebasing: raw[0..<cut]))
                    return (try? Book(snapshotPart: part, from: &input)) == nil
                }
                #expect(refused, "part \(part) cut at \(cut) of \(bytes.count) was read as a book")
            }
        }
    }

    @Test("a writer draining its bytes a piece at a time hands on exactly the bytes a writer keeping them makes")
    func draining() {
        let (events, odd) = everyVerbEvents()
        let book = Book(events: events + odd)
        for part in 0..<Book.snapshotParts {
            var whole = SnapshotWriter()
            book.writeSnapshot(part: part, to: &whole)
            for piece in [1, 97, 4096, 1 << 20] {
                final class Collected { var bytes: [UInt8] = []; var pieces = 0 }
                let collected = Collected()
                var out = SnapshotWriter(drainingEvery: piece) { collected.bytes.append(contentsOf: $0); collected.pieces += 1 }
                book.writeSnapshot(part: part, to: &out)
                out.flush()
                #expect(out.bytes.isEmpty)
                #expect(collected.bytes == whole.bytes, "part \(part), pieces of \(piece)")
                // Handed on as they filled, not all at the end.
                #expect(collected.pieces >= 2 || whole.bytes.count < 2 * piece, "part \(part), pieces of \(piece)")
            }
        }
    }

    @Test("the content hash notices any one changed, added or moved byte")
    func contentHash() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let whole = bytes.withUnsafeBytes { ContentHash.of($0) }
        // Fed in pieces of any size, the hash is the same.
        for piece in [1, 5, 31, 32, 33, 999] {
            var hash = ContentHash()
            for start in stride(from: 0, to: bytes.count, by: piece) {
                bytes.withUnsafeBytes { hash.add(UnsafeRawBufferPointer(rebasing: $0[start..<min(bytes.count, start + piece)])) }
            }
            #expect(hash.finish() == whole, "pieces of \(piece)")
        }
        var seen: Set<UInt64> = [whole]
        for i in stride(from: 0, to: bytes.count, by: 37) {
            var changed = bytes
            changed[i] ^= 0x40
            seen.insert(changed.withUnsafeBytes { ContentHash.of($0) })
        }
        seen.insert((bytes + [0]).withUnsafeBytes { ContentHash.of($0) })
        seen.insert(bytes.dropLast().withUnsafeBytes { ContentHash.of($0) })
        #expect(seen.count == 1 + (bytes.count + 36) / 37 + 2)
    }
}
