import Foundation
import RapportJournal
import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `rapport` binary in tmux, used as a person would: screens are read as text,
/// keys are typed, another process appends to the journal, the window is resized.
@Suite(.serialized) struct DashboardEndToEndTests {
    static let now = "2026-11-22T12:00:00Z"

    /// The `rapport` executable `swift test` built beside this test bundle.
    static func binary() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        var directory = URL(fileURLWithPath: length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0])
        for _ in 0..<6 {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("rapport").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TmuxSession.Failure(description: "the rapport executable was not found beside the test bundle; run `swift build` first")
    }

    /// A fresh demo journal of `accounts` clients, written by the real CLI.
    static func demoJournal(accounts: Int = 40) throws -> String {
        let directory = try TestFolder.make("e2e")
        let path = directory + "/journal"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = ["demo", "--accounts", "\(accounts)", "--journal", path]
        process.environment = ["RAPPORT_NOW": now, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return path
    }

    static func start(_ journal: String, width: Int = 100, height: Int = 30, extra: [String: String] = [:]) throws -> TmuxSession {
        let session = try TmuxSession([try binary(), "--journal", journal], width: width, height: height,
                                      environment: ["RAPPORT_NOW": now, "RAPPORT_AUTHOR": "tester"].merging(extra) { $1 })
        try session.waitFor("Health")
        return session
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func opensOnADemoJournalWithFourPanesAndQuitsCleanly() throws {
        let journal = try Self.demoJournal()
        let session = try Self.start(journal)
        // The status line is the last row written: wait for the frame to land whole.
        let screen = try session.waitUntil("the whole first frame") { $0.contains("40 accounts") }
        for title in ["Accounts", "Complaints", "Payments", "Health"] { #expect(screen.contains(title)) }
        #expect(screen.contains("40 accounts"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        let after = try session.capture()
        #expect(!after.contains("Complaints"), "the dashboard's screen is gone once the terminal is restored")
    }

    @Test func questionMarkListsTheBindings() throws {
        let session = try Self.start(try Self.demoJournal(), width: 120, height: 90)
        try session.sendKeys("?")
        // The help is written to the terminal in pieces: wait for the whole of it, not the
        // first line to land (under load tmux can show a half-written frame).
        let screen = try session.waitUntil("the whole help") {
            $0.contains("show these keys") && $0.contains("who's calling") && $0.contains("cancel: nothing is written")
        }
        #expect(screen.contains("who's calling"))
        #expect(screen.contains("cancel: nothing is written"))
        try session.sendKeys("Escape")
        try session.waitUntil("help closed") { !$0.contains("show these keys") }
    }

    @Test func aFormWritesExactlyOneJournalLine() throws {
        let journal = try Self.demoJournal()
        let before = try Self.lines(journal)
        let session = try Self.start(journal)
        try session.sendKeys("i")
        try session.waitFor("Log a conversation")
        try session.sendKeys("Tab", "Tab")
        try session.type("2")
        try session.sendKeys("Tab")
        try session.type("Delighted with the new courier, Zoë says")
        try session.sendKeys("Enter")
        try session.waitFor("Written: interaction.log")
        let after = try Self.lines(journal)
        #expect(after.count == before.count + 1)
        #expect(Array(after.prefix(before.count)) == before, "nothing else changed")
        let last = try #require(after.last)
        #expect(last.hasPrefix("\(Self.now) tester interaction.log "))
        #expect(last.hasSuffix("kind=call sentiment=2 summary=\"Delighted with the new courier, Zoë says\""))

        try session.sendKeys("c")
        try session.waitFor("Open a complaint")
        try session.type("anything")
        try session.sendKeys("Escape")
        try session.waitFor("Cancelled; nothing written")
        #expect(try Self.lines(journal).count == after.count)
    }

    @Test func anAppendFromAnotherProcessAppearsWithinASecond() throws {
        let journal = try Self.demoJournal()
        let session = try Self.start(journal)
        try session.waitFor("40 accounts")
        let event = Event(time: Timestamp(iso8601: Self.now)!, author: "cron", verb: .accountOpen, subject: "NEWCO",
                          fields: [.init("name", "Newco Appended Ltd"), .init("tier", "small")])
        let start = ContinuousClock.now
        try JournalFile(path: journal).append([event])
        try session.waitFor("41 accounts", timeout: .seconds(1))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(1))
    }

    /// On the real clock, not a pinned one: a complaint another writer opens a second or
    /// more after the dashboard last read the clock is stamped after the dashboard's "now",
    /// and must still be queued at once rather than at the next hour's re-rank.
    @Test func aComplaintAppendedOnTheRealClockJoinsTheQueueAtOnce() throws {
        let journal = try Self.demoJournal()
        let session = try Self.start(journal, extra: ["RAPPORT_NOW": ""])
        let screen = try session.waitFor("Complaints 1/")
        let count = try #require(screen.firstMatch(of: /Complaints 1\/(\d+)/).flatMap { Int($0.1) })
        let account = try #require(Self.lines(journal).first { $0.contains(" account.open ") }?.split(separator: " ")[3])
        usleep(1_200_000)
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        let event = Event(time: Timestamp(seconds: Int64(clock.tv_sec)), author: "colleague", verb: .complaintOpen, subject: "C-LIVE",
                          fields: [.init("account", String(account)), .init("severity", "1"), .init("category", "billing"),
                                   .init("summary", "Charged twice")])
        try JournalFile(path: journal).append([event])
        try session.waitFor("Complaints 1/\(count + 1)", timeout: .seconds(2))
    }

    @Test func aResizeRedrawsAtTheNewSize() throws {
        let session = try Self.start(try Self.demoJournal(), width: 100, height: 30)
        try session.resize(width: 140, height: 40)
        // tmux may deliver the new width and height as two changes, so wait
        // for the frame that fills both rather than the first one that widens.
        let screen = try session.waitUntil("a 140×40 frame") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.count >= 40 && rows.contains { $0.hasPrefix("┏ Accounts") && $0.count == 140 }
                && rows[39].contains("q quit")
        }
        #expect(screen.split(separator: "\n", omittingEmptySubsequences: false)[39].contains("? keys"))
        try session.resize(width: 50, height: 12)
        try session.waitFor("Rapport needs 60×16")
        try session.resize(width: 80, height: 24)
        try session.waitFor("Complaints")
    }

    @Test func sigtermRestoresTheTerminalAndExits143() throws {
        let session = try Self.start(try Self.demoJournal())
        let pid = try session.processID()
        Glibc.kill(pid, SIGTERM)
        #expect(try session.waitForExit() == 143)
        #expect(!(try session.capture()).contains("Complaints"))
    }

    /// Job control needs a shell: in a session with no shell, the kernel discards a stop
    /// signal, so this runs the dashboard from an interactive bash as a person would.
    @Test func ctrlZGivesTheTerminalBackAndFgRedraws() throws {
        let journal = try Self.demoJournal()
        let session = try TmuxSession(["/bin/bash", "--norc", "--noprofile", "-i"], width: 100, height: 30,
                                      environment: ["RAPPORT_NOW": Self.now, "RAPPORT_AUTHOR": "tester", "PS1": "$ "])
        try session.waitFor("$")
        try session.type("\(try Self.binary()) --journal \(journal)")
        try session.sendKeys("Enter")
        try session.waitFor("Complaints")
        try session.sendKeys("C-z")
        try session.waitFor("Stopped")
        #expect(!(try session.capture()).contains("Complaints"), "the shell's screen is back")
        try session.type("fg")
        try session.sendKeys("Enter")
        try session.waitFor("Complaints")
        try session.sendKeys("q")
        try session.waitUntil("the dashboard to quit") { !$0.contains("Complaints") }
        try session.type("echo status=$?")
        try session.sendKeys("Enter")
        try session.waitFor("status=0")
    }

    /// A journal past the size from which the dashboard saves its book: the first start
    /// replays it and saves the book in the cache folder; the second reads that back and
    /// shows what a start without it shows.
    @Test func aSecondStartReadsTheSavedBookAndShowsTheSameScreen() throws {
        let journal = try Self.demoJournal(accounts: 2500)
        #expect((JournalFile(path: journal).size ?? 0) >= LoadedBook.pipelineFrom)
        let cache = try TestFolder.make("cache")
        let folder = cache + "/rapport"
        func snapshots() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".book") }
        }
        /// The first full frame of a dashboard started with `arguments`, and its caller
        /// check for "smi" once the caller index is ready (read back from the snapshot,
        /// or built); then, with `waitForSave`, it waits for a snapshot to be saved, and quits.
        func screens(_ arguments: [String], waitForSave: Bool = false) throws -> (frame: String, caller: String) {
            let session = try TmuxSession([try Self.binary(), "--journal", journal] + arguments, width: 140, height: 40,
                                          environment: ["RAPPORT_NOW": Self.now, "RAPPORT_AUTHOR": "tester", "XDG_CACHE_HOME": cache])
            // The status line, the last row drawn (not the loading note before the frame).
            let frame = try session.waitUntil(timeout: .seconds(60), "the whole first frame") { $0.contains("journal · 2500 accounts") }
            try session.sendKeys("w")
            try session.type("smi")
            let caller = try session.waitUntil(timeout: .seconds(60), "the caller check's matches") {
                $0.contains("Who's calling?") && $0.contains("Esc close") && !$0.contains("Indexing names") && !$0.contains("Start typing")
            }
            if waitForSave {
                let deadline = ContinuousClock.now + .seconds(120)
                while snapshots().isEmpty && ContinuousClock.now < deadline { usleep(100_000) }
            }
            try session.sendKeys("Escape")
            try session.sendKeys("q")
            #expect(try session.waitForExit(timeout: .seconds(30)) == 0)
            return (frame, caller)
        }
        #expect(snapshots().isEmpty)
        let replayed = try screens([], waitForSave: true)
        let saved = try #require(snapshots().first)
        var info = stat()
        #expect(stat(folder + "/" + saved, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let savedAt = try FileManager.default.attributesOfItem(atPath: folder + "/" + saved)[.modificationDate] as? Date
        let fromSnapshot = try screens([])
        let withoutSnapshot = try screens(["--no-snapshot"])
        #expect(fromSnapshot.frame == replayed.frame)
        #expect(withoutSnapshot.frame == replayed.frame)
        // The caller check answers the same from the index saved with the book.
        #expect(fromSnapshot.caller == replayed.caller)
        #expect(withoutSnapshot.caller == replayed.caller)
        // Read back, not saved again: nothing was appended since.
        #expect(try FileManager.default.attributesOfItem(atPath: folder + "/" + saved)[.modificationDate] as? Date == savedAt)
        #expect(snapshots() == [saved])
    }
}
