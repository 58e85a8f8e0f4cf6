import ArgumentParser
import Foundation
import RapportJournal
import RapportModel
import RapportTUI
#if canImport(Glibc)
import Glibc
#endif

/// `rapport bench`: generates books and prints each speed and memory figure beside its
/// target, as median, min and max of several runs. `--quick` uses a small book and fails
/// only when a figure is more than ten times off its target (for CI on a noisy machine).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure replay, start-up, keystroke, caller-check, append and idle figures against their targets.",
        discussion: "Full mode (default) uses a 100,000-account book (about 1.4 million events, 1 million contacts). Build with -c release for real figures."
    )

    @Option(help: "Accounts in the generated book (default: 100000, or the 200 of the default demo book with --quick).") var accounts: Int?
    @Option(help: "Runs of each measurement.") var runs = 5
    @Flag(help: "Small book, short idle; fail only when a figure is over 10× its target.") var quick = false
    @Option(help: "Use this journal instead of generating one.") var journal: String?
    @Option(help: "Seconds to measure the idle dashboard (needs tmux and script).") var idleSeconds: Int?
    @Option(help: "Measure only this part: replay (one core, then two), caller (index build, each keystroke of the caller check, phone digits), or terminal (bytes per move, idle CPU, memory over appends).") var only: Part?

    enum Part: String, ExpressibleByArgument { case replay, caller, terminal }

    func run() throws {
        let now = Timestamp(iso8601: "2026-11-22T12:00:00Z")!
        let count = accounts ?? (quick ? 200 : 100_000)
        let directory = NSTemporaryDirectory() + "rapport-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A given journal is copied, never used in place: the append and memory figures
        // write to the journal they measure.
        let path = directory + "/journal"
        if let journal {
            try FileManager.default.copyItem(atPath: journal, toPath: path)
        } else {
            let started = ContinuousClock.now
            let events = DemoBook(accounts: count, now: now).events()
            let file = JournalFile(path: path)
            try file.create()
            for chunk in stride(from: 0, to: events.count, by: 100_000) {
                try file.append(Array(events[chunk..<min(events.count, chunk + 100_000)]))
            }
            print("book: \(count) accounts, \(events.count) events, generated in \(Self.format(ContinuousClock.now - started))")
        }
        var report = BenchReport(quick: quick)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        print("journal: \(journal ?? path), \(size / 1_000_000) MB\n")

        // Replay.
        var loaded = LoadedBook(path: path)
        // The target is for one core; the dashboard and the commands read and parse on a
        // second core while the first applies, and that figure is printed beside it.
        // The book of the run before is freed ahead of each run, outside the timing, and
        // its pages handed back to the system, so that each run allocates fresh memory as
        // a new process would rather than reusing the heap the last one left.
        let freeTheLast = {
            loaded = LoadedBook(path: path)
            HeapTrim.now()
        }
        let replay = try BenchReport.time(only == nil || only == .replay ? runs : 1, before: freeTheLast) {
            loaded = try LoadedBook.load(path: path, pipelined: false)
        }
        if only == .terminal {
            print("replayed in \(Self.format(.seconds(replay.median)))")
            try Self.addTerminalFigures(path: path, idleSeconds: idleSeconds ?? (quick ? 5 : 60), amending: Array(loaded.book.accountOrder.prefix(50)), into: &report)
            report.print()
            if quick && report.failedQuickGate { throw ExitCode(1) }
            return
        }
        if only == .caller {
            print("replayed in \(Self.format(.seconds(replay.median)))")
            try Self.callerFigures(book: loaded.book, runs: runs, into: &report)
            report.print()
            if quick && report.failedQuickGate { throw ExitCode(1) }
            return
        }
        report.add("journal replay into a Book, one core", replay, target: 0.6, unit: "s")
        let mbps = Double(size) / 1_000_000 / replay.median
        report.add(figure: "replay throughput, one core", value: mbps, target: 200, unit: "MB/s", higherIsBetter: true)
        let twoCores = try BenchReport.time(runs, before: freeTheLast) { loaded = try LoadedBook.load(path: path, pipelined: true) }
        print("  (with the reading and parsing on a second core, as the dashboard and the commands load: median \(Self.format(.seconds(twoCores.median))), \(Int(Double(size) / 1_000_000 / twoCores.median)) MB/s)")
        if only == .replay {
            report.print()
            if quick && report.failedQuickGate { throw ExitCode(1) }
            return
        }
        let peak = try Self.peakMemoryOfCheck(path: path)
        let empty = directory + "/empty-journal"
        try JournalFile(path: empty).create()
        let baseline = try Self.peakMemoryOfCheck(path: empty)
        report.add(figure: "replay peak memory above an empty journal's", value: Double(peak - baseline) / 1_000_000,
                   target: 1.5 * Double(size) / 1_000_000, unit: "MB")
        print("  (peak resident memory of `rapport check`: \(peak / 1_000_000) MB, of which \(baseline / 1_000_000) MB is the process with an empty journal)")
        print("  (\(loaded.book.accounts.count) accounts, \(loaded.book.contacts.count) contacts, \(loaded.book.complaints.count) complaints, \(loaded.events.count) events)")
        // What the later figures need of the book, kept apart from it; the replayed book
        // itself is freed, as a dashboard starting up holds no other book.
        let accountOrder = loaded.book.accountOrder
        let contactCount = loaded.book.contacts.count
        var follower = loaded.follower()
        freeTheLast()

        // Start to first composed frame, as the dashboard starts: its own load, the rows and
        // the queue, the first frame.
        // The caller index is built (or read back) in the background and is not part of the
        // first frame; when it is ready is printed beside the figure.
        // Each run starts with no dashboard data alive and its pages handed back, as a new
        // process would: nothing of an earlier run is freed inside the timing, and no caller
        // index of an earlier run is still being built on a core the start-up needs.
        let snapshot = BookSnapshot(path: directory + "/journal.book", build: BookSnapshot.thisBuild() ?? "bench")
        var kept: DashboardData?
        /// Starts timed to the first frame and to the caller index; `fromSnapshot` says
        /// whether each must have read the book back.
        func starts(fromSnapshot: Bool) throws -> (firstFrame: BenchReport.Timing, text: Double, index: Double) {
            var firstFrame: [Double] = []
            var untilText: [Double] = []
            var untilIndex: [Double] = []
            for _ in 0..<max(1, runs) {
                kept = nil
                HeapTrim.now()
                let began = ContinuousClock.now
                let (fresh, outcome) = try LoadedBook.load(path: path, snapshot: snapshot, from: 0)
                var readBack = false
                if case .used = outcome { readBack = true }
                guard readBack == fromSnapshot else { throw UserError("the start's snapshot was \(outcome), not what it was meant to be") }
                var started = DashboardData(loaded: fresh, now: now)
                _ = DashboardView.render(DashboardState(width: 250, height: 70), started, journalName: "journal")
                firstFrame.append((ContinuousClock.now - began) / .seconds(1))
                started.adoptRowLookup(wait: true)
                untilText.append((ContinuousClock.now - began) / .seconds(1))
                started.adoptCallerIndex(wait: true)
                untilIndex.append((ContinuousClock.now - began) / .seconds(1))
                kept = started
            }
            return (BenchReport.Timing(samples: firstFrame), untilText.sorted()[untilText.count / 2], untilIndex.sorted()[untilIndex.count / 2])
        }
        // With no snapshot saved yet, the load replays the journal and hashes its bytes on
        // the way, for the snapshot the dashboard saves after the start.
        let replaying = try starts(fromSnapshot: false)
        report.add("start to first composed frame", replaying.firstFrame, target: quick ? 0.08 : 1.0, unit: "s")
        print("  (the rows' lookup and the Accounts and Payments filters' text were ready \(Self.format(.seconds(replaying.text))) after the start, and the caller check \(Self.format(.seconds(replaying.index))); the first frame waits for neither, and a key that needs one before then waits for it)")

        // The same start once the dashboard has saved the book and its caller index: both
        // are read back (checked against the journal's bytes) and the lines after them,
        // none here, replayed.
        let saveStarted = ContinuousClock.now
        let snapshotBytes = try snapshot.save(kept!.loaded, callerIndex: kept!.callerIndex)
        print("  (the book's snapshot, with the caller index: \(snapshotBytes / 1_000_000) MB, saved in \(Self.format(ContinuousClock.now - saveStarted)) on a background core after the start)")
        let reading = try starts(fromSnapshot: true)
        report.add("start to first composed frame, from the book's snapshot", reading.firstFrame, target: quick ? 0.08 : 1.0, unit: "s")
        print("  (from the snapshot, the caller check was ready \(Self.format(.seconds(reading.index))) after the start: its index is read back, not built)")

        var data = kept!
        // Only one copy may hold the book, as in the dashboard: a second one alive would make
        // the first append copy every table it touches (the 64–98 ms outlier of earlier runs).
        kept = nil

        // Keystrokes at 250×70.
        var state = DashboardState(width: 250, height: 70)
        // Each cursor move selects an account not shown before, so the Health pane's figures
        // and trend are worked out afresh every time (as when the cursor rests on each row).
        for (name, key) in [("cursor move (j)", Key.char("j")), ("pane switch (Tab)", .tab)] {
            let timing = try BenchReport.time(runs * 20) {
                var s = state
                _ = DashboardUpdate.update(&s, key: key, data: data)
                _ = DashboardView.render(s, data, journalName: "journal")
                state.selection[.accounts] = (state.selected(.accounts) + 1) % max(1, data.accounts.count)
            }
            report.add("keystroke to composed frame: \(name)", timing, target: 0.002, unit: "s")
        }
        // A filter typed a character at a time, each narrowing from the last; every word is
        // new to the data, so no frame is answered from an earlier one.
        var filterSamples: [Double] = []
        for word in ["smith", "acme", "jones", "trading", "hold", "brown", "north", "ltd"] {
            var s = state
            _ = DashboardUpdate.update(&s, key: .char("/"), data: data)
            for character in word {
                let started = ContinuousClock.now
                _ = DashboardUpdate.update(&s, key: .char(character), data: data)
                _ = DashboardView.render(s, data, journalName: "journal")
                filterSamples.append((ContinuousClock.now - started) / .seconds(1))
            }
        }
        report.add("keystroke to composed frame: filter character", BenchReport.Timing(samples: filterSamples), target: 0.002, unit: "s")
        // The first filter character after the start, as the dashboard meets it: the first
        // frame is drawn (that is the start), "/" draws one, and "a" (in nearly every row,
        // the widest search a character makes) is timed to its frame. The Accounts pane's
        // search text is built on another core just after the first frame (when it was
        // ready is printed with the start) and is in by now, so "a" searches and nothing
        // more.
        // The same in the Payments pane, whose aging totals are then summed from the invoices
        // the filter leaves listed.
        var firstFilter: [DashboardPane: [Double]] = [:]
        var wholeFrame: [Double] = []
        for _ in 0..<max(1, runs * 2) {
            for pane in [DashboardPane.accounts, .payments] {
                var fresh = data
                fresh.forgetDerivedViews()
                var s = state
                s.focus = pane
                var started = ContinuousClock.now
                _ = DashboardView.render(s, fresh, journalName: "journal")
                if pane == .accounts { wholeFrame.append((ContinuousClock.now - started) / .seconds(1)) }
                _ = DashboardUpdate.update(&s, key: .char("/"), data: fresh)
                _ = DashboardView.render(s, fresh, journalName: "journal")
                started = ContinuousClock.now
                _ = DashboardUpdate.update(&s, key: .char("a"), data: fresh)
                _ = DashboardView.render(s, fresh, journalName: "journal")
                firstFilter[pane, default: []].append((ContinuousClock.now - started) / .seconds(1))
            }
        }
        report.add("filter, first character after the start (\"a\")", BenchReport.Timing(samples: firstFilter[.accounts]!), target: 0.002, unit: "s")
        report.add("the same in Payments, its aging totals summed", BenchReport.Timing(samples: firstFilter[.payments]!), target: 0.002, unit: "s")
        print("  (a frame with nothing kept from an earlier one, as the first after a start or a change: median \(Self.format(.seconds(BenchReport.Timing(samples: wholeFrame).median))))")

        // Caller check.
        data.adoptCallerIndex(wait: true)
        try Self.callerCheck(data.callerIndex!, contacts: contactCount, runs: runs, into: &report)

        // One appended event, fsync included, applied and composed.
        var sequence = 0
        let account = accountOrder.first ?? "A1"
        /// Appends a call logged with `account` (fsync'd), and follows and applies it as the
        /// dashboard does.
        func logCall(with account: String, sentiment: String) throws {
            sequence += 1
            let event = Event(time: now, author: "bench", verb: .interactionLog, subject: account,
                              fields: [.init("kind", "call"), .init("sentiment", sentiment), .init("summary", "bench \(sequence)")])
            try JournalFile(path: path).append([event])
            guard case .appended(let events, _) = follower.poll() else { throw UserError("the follower missed an append") }
            var next = data.takeLoaded()
            var applied: [(event: Event, touched: [String])] = []
            for item in events { if let t = next.apply(item) { applied.append((item.event, t)) } }
            data.applied(applied, to: next)
        }
        let append = try BenchReport.time(runs * 4) {
            try logCall(with: account, sentiment: "1")
            _ = DashboardView.render(state, data, journalName: "journal")
        }
        report.add("one appended event (fsync) applied and composed", append, target: 0.005, unit: "s")

        // An event written from the dashboard's own forms: checked against the book under
        // the journal's lock, written and fsync'd, read back and recorded, its rows worked
        // out again and a frame composed. A complaint opened, the dearest common form to
        // check (checked on a copy of the book, it cost 20–45 ms at 100,000 accounts).
        var opened = 0
        let ownWrite = try BenchReport.time(runs * 4) {
            opened += 1
            let event = Event(time: now, author: "bench", verb: .complaintOpen, subject: "C-BENCH-\(opened)",
                              fields: [.init("account", account), .init("severity", "3"), .init("category", "billing"),
                                       .init("summary", "bench \(opened)")])
            let outcome = data.write(event, to: path, follower: &follower)
            guard outcome == .written else { throw UserError("the dashboard's write did not go through: \(outcome)") }
            _ = DashboardView.render(state, data, journalName: "journal")
        }
        report.add("a complaint opened in the dashboard, written, composed", ownWrite, target: 0.005, unit: "s")

        // The first filter character after an append, as the dashboard meets it: the append
        // is applied and its frame drawn (as the dashboard does at once), "/" draws one, and
        // "a" is timed to its frame. The search text followed the rows the append moved.
        var afterAppend: [Double] = []
        for round in 0..<(runs * 4) {
            try logCall(with: accountOrder[(round * 7919) % accountOrder.count], sentiment: "-1")
            var s = state
            _ = DashboardView.render(s, data, journalName: "journal")
            _ = DashboardUpdate.update(&s, key: .char("/"), data: data)
            _ = DashboardView.render(s, data, journalName: "journal")
            let started = ContinuousClock.now
            _ = DashboardUpdate.update(&s, key: .char("a"), data: data)
            _ = DashboardView.render(s, data, journalName: "journal")
            afterAppend.append((ContinuousClock.now - started) / .seconds(1))
        }
        report.add("filter, first character after an append (\"a\")", BenchReport.Timing(samples: afterAppend), target: 0.002, unit: "s")

        // Complaint queue re-rank after one event.
        if let complaint = data.complaints.first?.complaint {
            var queue = data.queue
            let rerank = try BenchReport.time(runs * 4) {
                queue.update(complaints: [complaint.id], in: data.book)
            }
            report.add("queue re-rank after one event (\(queue.items.count) open)", rerank, target: 0.020, unit: "s")
        }

        try Self.addTerminalFigures(path: path, idleSeconds: idleSeconds ?? (quick ? 5 : 60), amending: Array(accountOrder.prefix(50)), into: &report)
        report.print()
        if quick && report.failedQuickGate { throw ExitCode(1) }
    }

    /// The figures read off a real terminal: bytes per move, idle CPU, memory over appends.
    static func addTerminalFigures(path: String, idleSeconds: Int, amending amended: [String], into report: inout BenchReport) throws {
        if let figures = try Self.terminalFigures(path: path, idleSeconds: idleSeconds, amending: amended) {
            report.add(figure: "bytes to the terminal per one-row cursor move, scrolling (250×70)", value: figures.bytesPerScrollingMove, target: 200, unit: "B")
            // Once the cursor rests, the Health pane shows the next account: its name, trend
            // and factors are new text, whose bytes depend on how the two accounts differ.
            print("  (a move and then a rest, the Health pane drawing the next account: \(String(format: "%.0f", figures.bytesPerMove)) B)")
            report.add(figure: "idle CPU per minute", value: figures.idleMillisecondsPerMinute, target: 2, unit: "ms")
            // The first checkpoint includes one-time growth (buffers and tables reaching their
            // working size); the figure is the steady state after it, and the whole series is printed.
            let rss = figures.residentAfterAppends
            if rss.count > 2, let last = rss.last {
                print("  (dashboard resident memory at 0, 25,000, … appended events: \(rss.map { String(format: "%.1f", Double($0) / 1e6) }.joined(separator: ", ")) MB; \(String(format: "%.0f", Double(rss[1] - rss[0]) / Double(Self.appendsPerCheckpoint))) B per event over the first \(Self.appendsPerCheckpoint))")
                let events = Self.appendsPerCheckpoint * (rss.count - 2)
                print("  (from the first reading after 25,000 to the last: \(String(format: "%.1f", Double(last - rss[1]) / Double(events))) B per event)")
                report.add(figure: "dashboard memory per appended event, slope over \(events / 1000)k",
                           value: Self.slope(Array(rss.dropFirst()), step: Self.appendsPerCheckpoint), target: Double(Self.memoryPerEventBar), unit: "B")
            }
        } else {
            print("  (tmux or script not found: terminal figures skipped; bench/terminal-figures.sh measures them)")
        }
    }

    /// The caller check alone (`--only caller`): building the index, its memory, and the
    /// search figures, with each keystroke's median printed as well.
    static func callerFigures(book: Book, runs: Int, into report: inout BenchReport) throws {
        let before = residentBytes()
        var index = CallerIndex(book: book)
        let resident = residentBytes() - before
        let build = try BenchReport.time(runs) { index = CallerIndex(book: book) }
        print("caller index: \(index.count) entries, built in \(format(.seconds(build.median))) (median of \(runs)), resident memory +\(resident / 1_000_000) MB")
        try callerCheck(index, contacts: book.contacts.count, runs: runs, into: &report, perKeystroke: true)
    }

    /// "smith acm" typed a key at a time, each search narrowing from the one before, and a
    /// phone-digit lookup.
    static func callerCheck(_ index: CallerIndex, contacts: Int, runs: Int, into report: inout BenchReport, perKeystroke: Bool = false) throws {
        let query = "smith acm"
        var keystrokes = [[Double]](repeating: [], count: query.count)
        let lookup = try BenchReport.time(runs) {
            var narrowing: CallerIndex.Narrowing?
            for end in 1...query.count {
                let started = ContinuousClock.now
                narrowing = index.search(String(query.prefix(end)), limit: 20, narrowing: narrowing).narrowing
                keystrokes[end - 1].append((ContinuousClock.now - started) / .milliseconds(1))
            }
        }
        if perKeystroke {
            for (end, samples) in keystrokes.enumerated() {
                print("  \("\"\(query.prefix(end + 1))\"".padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%.2f ms", samples.sorted()[samples.count / 2]))")
            }
        }
        report.add("caller check per keystroke (\(contacts) contacts)", lookup.scaled(by: 1 / Double(query.count)), target: 0.010, unit: "s")
        let phone = try BenchReport.time(runs) { _ = index.search("0199", limit: 20) }
        report.add("caller check, phone digits", phone, target: 0.010, unit: "s")
    }

    /// This process's resident memory (Linux /proc/self/statm), or 0 where not available.
    static func residentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func format(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s >= 1 ? String(format: "%.2f s", s) : String(format: "%.1f ms", s * 1000)
    }

    /// Runs `rapport check --memory` as a child and reads the peak resident memory it
    /// reports for itself (VmHWM). The child's rusage would not do: a child spawned from
    /// this large process inherits its high-water mark.
    static func peakMemoryOfCheck(path: String) throws -> Int {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let output = NSTemporaryDirectory() + "rapport-bench-check-\(getpid())"
        defer { unlink(output) }
        try run([exe, "check", "--memory", "--journal", path], output: output)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("peak memory:") }),
              let kB = Int(line.split(separator: " ")[2]) else { throw UserError("rapport check did not report its memory") }
        return kB * 1024
    }

    /// Runs a program to completion with output discarded; returns its resource usage.
    /// (posix_spawn and wait4 rather than Foundation's Process, which can miss the exit of
    /// a tmux client whose server lives on.)
    @discardableResult
    static func run(_ arguments: [String], output: String = "/dev/null") throws -> rusage {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw UserError("cannot run \(arguments[0]): \(String(cString: strerror(result)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return usage
    }

    /// The dashboard in tmux under `script`: bytes written for cursor moves, and CPU used
    /// while idle, from the scheduler's nanosecond counter.
    ///
    /// Then memory over external appends: another writer appends 400,000 events that
    /// change accounts without adding to them (`account.amend` setting an owner back and
    /// forth on 50 accounts, 100 events to an fsync'd write), and the dashboard's resident
    /// memory is read every 25,000 once it has caught up. The data does not grow, so what
    /// may grow is only each event's history (`memoryPerEventBar`).
    static func terminalFigures(path: String, idleSeconds: Int, amending accounts: [String]) throws
        -> (bytesPerMove: Double, bytesPerScrollingMove: Double, idleMillisecondsPerMinute: Double, residentAfterAppends: [Int])? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let dir = NSTemporaryDirectory() + "rapport-bench-tmux-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = dir + "/socket", typescript = dir + "/typescript"
        func tmux(_ args: [String]) throws {
            try run(["/usr/bin/tmux", "-S", socket, "-f", "/dev/null"] + args)
        }
        let command = "env LANG=C.UTF-8 TERM=xterm-256color RAPPORT_NOW=2026-11-22T12:00:00Z script -q -f -c '\(exe) --journal \(path)' \(typescript)"
        try tmux(["new-session", "-d", "-x", "250", "-y", "70", command])
        defer { try? tmux(["kill-server"]) }
        func size() -> Int { (try? FileManager.default.attributesOfItem(atPath: typescript)[.size] as? NSNumber)??.intValue ?? 0 }
        // Ready once the dashboard has taken the screen (the alternate screen is switched on;
        // before that, only the loading note is written) and has stopped drawing.
        func onScreen() -> Bool {
            guard let bytes = FileManager.default.contents(atPath: typescript) else { return false }
            return bytes.range(of: Data("\u{1B}[?1049h".utf8)) != nil
        }
        var last = -1
        var started = false
        for _ in 0..<1200 {
            usleep(100_000)
            started = started || onScreen()
            let now = size()
            if started && now == last { break }
            last = now
        }
        var moves: [Double] = []
        for key in ["j", "j", "j", "k", "k", "k", "j", "j"] {
            let before = size()
            try tmux(["send-keys", key])
            usleep(300_000)
            moves.append(Double(size() - before))
        }
        // Scrolling: moves 30 ms apart, as when j is held down; the Health pane waits for
        // the cursor to rest, so this is what the moves themselves cost. Measured before the
        // pane catches up; four down and four back, so the list never scrolls and the figure is one row's.
        var scrolling: [Double] = []
        for _ in 0..<3 {
            usleep(500_000)
            let before = size()
            for key in ["j", "j", "j", "j", "k", "k", "k", "k"] {
                try tmux(["send-keys", key])
                usleep(30_000)
            }
            usleep(60_000)
            scrolling.append(Double(size() - before) / 8)
        }
        guard let pid = Self.childProcess(named: exe) else { return nil }
        sleep(2)  // let the last key's frame finish: idle means no input for a while
        let startNs = Self.schedNanoseconds(pid)
        sleep(UInt32(idleSeconds))
        let endNs = Self.schedNanoseconds(pid)
        let perMinute = Double(endNs - startNs) / 1e6 * 60 / Double(idleSeconds)
        var resident: [Int] = []
        if !accounts.isEmpty {
            let file = JournalFile(path: path)
            let time = Timestamp(iso8601: "2026-11-22T12:00:00Z")!
            resident.append(Self.residentBytes(of: pid))
            var n = 0
            for _ in 0..<checkpoints {
                for _ in 0..<(appendsPerCheckpoint / 100) {
                    var batch: [Event] = []
                    for _ in 0..<100 {
                        let owner = (n / accounts.count) % 2 == 0 ? "bench-a" : "bench-b"
                        batch.append(Event(time: time, author: "bench", verb: .accountAmend, subject: accounts[n % accounts.count],
                                           fields: [.init("owner", owner)]))
                        n += 1
                    }
                    try file.append(batch)
                }
                Self.waitUntilIdle(pid)
                resident.append(Self.residentBytes(of: pid))
            }
        }
        kill(pid, SIGTERM)
        moves.sort()
        scrolling.sort()
        return (moves[moves.count / 2], scrolling[scrolling.count / 2], perMinute, resident)
    }

    static let appendsPerCheckpoint = 25_000
    /// Readings taken after the one at the start, one every `appendsPerCheckpoint` events.
    /// The figure is the slope through all but the first of them, which holds one-time
    /// growth (buffers and tables reaching their working size).
    static let checkpoints = 16

    /// Bytes per event of the least-squares line through readings taken every
    /// `step` events: one reading's jitter (a megabyte, from the allocator's arenas) moves
    /// it far less than it moves the difference of two.
    static func slope(_ readings: [Int], step: Int) -> Double {
        let n = Double(readings.count)
        let xs = readings.indices.map { Double($0 * step) }
        let meanX = xs.reduce(0, +) / n, meanY = readings.reduce(0.0) { $0 + Double($1) } / n
        var covariance = 0.0, variance = 0.0
        for (x, y) in zip(xs, readings) {
            covariance += (x - meanX) * (Double(y) - meanY)
            variance += (x - meanX) * (x - meanX)
        }
        return variance == 0 ? 0 : covariance / variance
    }
    /// The most the dashboard may grow by per appended event. The book keeps for every
    /// applied event, however little it changes, its place in the journal (8 bytes) and
    /// its number in its account's history (4, in an array that grows by doubling, so
    /// about 5 in resident memory). The bar is what that history cost when it was set
    /// (a 12-byte place): anything much above the history is the dashboard leaking.
    static let memoryPerEventBar = 16

    /// Waits until a process has used no CPU for half a second (at most a minute).
    static func waitUntilIdle(_ pid: Int32) {
        var last = schedNanoseconds(pid)
        for _ in 0..<120 {
            usleep(500_000)
            let now = schedNanoseconds(pid)
            if now == last { return }
            last = now
        }
    }

    /// A process's resident memory (VmRSS), in bytes.
    static func residentBytes(of pid: Int32) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kB = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kB * 1024
    }

    static func childProcess(named exe: String) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid(),
                  let cmd = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { continue }
            if cmd.hasPrefix(exe + "\0--journal") { return pid }
        }
        return nil
    }

    static func schedNanoseconds(_ pid: Int32) -> Int64 {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/schedstat", encoding: .utf8)) ?? "0"
        return Int64(text.split(separator: " ").first ?? "0") ?? 0
    }
}

/// Figures with their targets, printed as a table.
struct BenchReport {
    struct Timing {
        var samples: [Double]
        var median: Double { samples.sorted()[samples.count / 2] }
        var min: Double { samples.min() ?? 0 }
        var max: Double { samples.max() ?? 0 }
        func scaled(by factor: Double) -> Timing { Timing(samples: samples.map { $0 * factor }) }
    }

    struct Row {
        var name: String
        var median: Double
        var min: Double?
        var max: Double?
        var target: Double
        var unit: String
        var higherIsBetter: Bool
        var met: Bool { higherIsBetter ? median >= target : median <= target }
        var withinTenfold: Bool { higherIsBetter ? median * 10 >= target : median <= target * 10 }
    }

    var quick: Bool
    var rows: [Row] = []

    /// Times `body` `runs` times; `before` runs ahead of each, untimed.
    static func time(_ runs: Int, before: () -> Void = {}, _ body: () throws -> Void) throws -> Timing {
        var samples: [Double] = []
        for _ in 0..<max(1, runs) {
            before()
            let start = ContinuousClock.now
            try body()
            let d = ContinuousClock.now - start
            samples.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        return Timing(samples: samples)
    }

    mutating func add(_ name: String, _ t: Timing, target: Double, unit: String) {
        let scale = unit == "s" && target < 1 ? 1000.0 : 1.0
        rows.append(Row(name: name, median: t.median * scale, min: t.min * scale, max: t.max * scale, target: target * scale,
                        unit: scale == 1000 ? "ms" : unit, higherIsBetter: false))
    }

    mutating func add(figure name: String, value: Double, target: Double, unit: String, higherIsBetter: Bool = false) {
        rows.append(Row(name: name, median: value, min: nil, max: nil, target: target, unit: unit, higherIsBetter: higherIsBetter))
    }

    var failedQuickGate: Bool { rows.contains { !$0.withinTenfold } }

    func print() {
        func f(_ x: Double) -> String { x >= 100 ? String(format: "%.0f", x) : x >= 10 ? String(format: "%.1f", x) : String(format: "%.3f", x) }
        Swift.print("figure".padding(toLength: 58, withPad: " ", startingAt: 0) + "median      min      max   target  ")
        for r in rows {
            let mark = r.met ? "met" : (quick && !r.withinTenfold ? "FAIL (>10×)" : "missed")
            let line = r.name.padding(toLength: 56, withPad: " ", startingAt: 0)
                + f(r.median).leftPad(8) + (r.min.map { f($0) } ?? "").leftPad(9) + (r.max.map { f($0) } ?? "").leftPad(9)
                + "  \(r.higherIsBetter ? "≥" : "≤")\(f(r.target)) \(r.unit)  \(mark)"
            Swift.print(line)
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
