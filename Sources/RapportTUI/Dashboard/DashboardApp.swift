import RapportJournal
import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the dashboard: the one place where keys, the journal, the clock and the screen
/// meet. Everything it decides is delegated to `DashboardUpdate` and `DashboardView`;
/// this type only carries out effects and redraws.
public final class DashboardApp {
    private let path: String
    private let theme: Theme
    private let environment: [String: String]
    private let author: String
    private let clock: () -> Timestamp

    private var data: DashboardData
    private var state: DashboardState
    private var follower: JournalFollower
    private var screen: Screen?
    private var dirty = true
    /// When the held Health pane catches up with the cursor.
    private var healthRelease: ContinuousClock.Instant?
    /// When to build the filters' search text ahead: once the data has been still for a
    /// moment, so a burst of appends builds it once rather than once per append.
    private var warmAt: ContinuousClock.Instant?
    private static let warmSettle = Duration.milliseconds(250)
    /// Where the book is saved for the next start, and whether it is due to be saved: when
    /// the start replayed the journal, or more than `resaveAfter` bytes of it appended
    /// since the snapshot it read.
    private let snapshot: BookSnapshot?
    private var snapshotDue: Bool
    private var snapshotSave: Parallel<Bool>?
    static let resaveAfter = 1 << 20

    /// Loads the journal before taking over the terminal, so a missing or unreadable
    /// journal is reported on a normal screen.
    public init(journalPath: String, theme: Theme, environment: [String: String], author: String,
                settings: Settings = Settings(), snapshot: BookSnapshot? = nil, clock: @escaping () -> Timestamp) throws(JournalError) {
        path = journalPath
        self.theme = theme
        self.environment = environment
        self.author = author
        self.clock = clock
        self.snapshot = snapshot
        var note = LoadingNote()
        let (loaded, outcome) = try LoadedBook.load(path: journalPath, snapshot: snapshot) { read, size in
            note.show("reading the journal: \(read * 100 / max(1, size))% of \(max(1, size / 1_000_000)) MB")
        }
        snapshotDue = Self.saveDue(after: outcome, of: loaded, snapshot: snapshot)
        note.show("working out \(loaded.book.accounts.count) accounts", now: true)
        follower = loaded.follower()
        data = DashboardData(loaded: loaded, now: clock(), settings: settings, me: settings.me ?? author)
        note.clear()
        state = DashboardState(width: 80, height: 24)
        if !loaded.problems.isEmpty {
            state.message = "\(loaded.problems.count) journal problem\(loaded.problems.count == 1 ? "" : "s"): run `rapport check`"
        }
    }

    /// Takes over the terminal until the user quits; returns the exit status.
    public func run() throws(ScreenError) -> Int32 {
        let screen = try Screen(theme: theme, environment: environment)
        self.screen = screen
        defer { screen.close() }
        let signals: SignalPipe
        do {
            signals = try SignalPipe(signals: [SIGWINCH, SIGCONT] + TerminalRestore.terminationSignals)
        } catch {
            screen.close()
            throw ScreenError.cannotStart("signal pipe: \(error)")
        }
        let loop = EventLoop(signalPipe: signals)
        let watcher = FileWatcher(path: path)
        if let descriptor = watcher.descriptor {
            loop.watch(descriptor) { [unowned self] in
                if watcher.consumeChanges() { self.followJournal() }
            }
        }
        resize()
        redraw()
        warmAt = ContinuousClock.now
        var quit = false
        let ending = loop.run(nextDeadline: { [unowned self] in self.nextDeadline(pollInterval: watcher.pollInterval) }) { [unowned self] wakeup in
            if wakeup.signals.contains(SIGCONT) { screen.invalidate(); dirty = true }
            if wakeup.inputReady || !wakeup.signals.isEmpty {
                for key in screen.readKeys() where !quit {
                    quit = handle(key)
                }
            }
            data.adoptRowLookup()
            if data.adoptCallerIndex() {
                DashboardUpdate.callerIndexArrived(&state, data: data)
                dirty = true
            }
            saveSnapshotIfDue()
            if let at = warmAt, ContinuousClock.now >= at {
                warmAt = nil
                data.warmSearchText()
            }
            if let release = healthRelease, ContinuousClock.now >= release {
                healthRelease = nil
                state.healthHeld = nil
                dirty = true
            }
            if wakeup.deadlineReached {
                if watcher.pollInterval != nil, watcher.consumeChanges() { followJournal() }
                refreshClock()
            }
            if quit { return .stop }
            redraw()
            return .keepRunning
        }
        screen.close()
        if case .signal(let signal) = ending { return 128 + signal }
        return 0
    }

    /// Whether a load should be saved for the next start: it replayed a journal large
    /// enough to be worth it, or replayed more than `resaveAfter` bytes after a snapshot.
    private static func saveDue(after outcome: BookSnapshot.Outcome, of loaded: LoadedBook, snapshot: BookSnapshot?) -> Bool {
        switch outcome {
        case .used(let tail): tail > resaveAfter
        case .notUsed: snapshot != nil && loaded.byteCount >= LoadedBook.pipelineFrom
        }
    }

    /// Saves the book for the next start on another core, once the start-up's own
    /// background work (the caller index) is done, so it takes no core from that. The
    /// save reads a copy of the loaded book; an append applied while it runs (a second
    /// or two, once a session) makes the tables it touches copy themselves first.
    private func saveSnapshotIfDue() {
        if let save = snapshotSave, save.poll() != nil { snapshotSave = nil }
        guard snapshotDue, !data.callerIndexPending, let snapshot else { return }
        snapshotDue = false
        let loaded = data.loaded, index = data.callerIndex
        snapshotSave = Parallel.start { (try? snapshot.save(loaded, callerIndex: index)) != nil }
    }

    /// The next moment the screen must change by itself: the clock's next minute (and, without
    /// inotify, the next look at the journal).
    private func nextDeadline(pollInterval: Duration?) -> ContinuousClock.Instant? {
        let now = clock()
        let untilMinute = 60 - Int(now.seconds % 60)
        var wait = Duration.seconds(untilMinute)
        if let pollInterval, pollInterval < wait { wait = pollInterval }
        var next = ContinuousClock.now + wait
        // While a caller index is built in the background, look for it ten times a second.
        if data.callerIndexPending { next = min(next, ContinuousClock.now + .milliseconds(100)) }
        if let warmAt, warmAt < next { next = warmAt }
        if let healthRelease, healthRelease < next { return healthRelease }
        return next
    }

    /// A new minute changes only the clock and the ages drawn from `now`; the figures that
    /// move by the day (health, overdue days) are recomputed when the day turns, and the
    /// queue's order when the hour does. An idle dashboard wakes once a minute for a
    /// status-line redraw and nothing more.
    ///
    /// With `exact`, the clock moves to this second even within the minute: before events
    /// just written (by another writer or by a form) are taken in, as they are stamped
    /// with the second they were written, and one stamped after the data's clock would
    /// count as not yet happened (a complaint opened then would not be queued).
    private func refreshClock(exact: Bool = false) {
        let now = clock()
        guard exact ? now.seconds > data.now.seconds : now.seconds / 60 != data.now.seconds / 60 else { return }
        if now.day != data.now.day {
            data = DashboardData(loaded: data.loaded, now: now, settings: data.settings, me: data.me, callerIndex: data.callerIndex)
        } else {
            data.advance(to: now, reorderQueue: now.seconds / 3600 != data.now.seconds / 3600)
        }
        dirty = true
    }

    /// Returns true to quit.
    private func handle(_ key: Key) -> Bool {
        if key == .resize {
            resize()
            return false
        }
        let before = state
        let shown = DashboardUpdate.healthAccount(state, data)
        let effects = DashboardUpdate.update(&state, key: key, data: data)
        healthRelease = DashboardUpdate.holdHealth(&state, key: key, shown: shown, data: data)
            ? ContinuousClock.now + DashboardUpdate.healthSettle : nil
        dirty = true
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .redraw:
                screen?.invalidate()
            case .append(let verb, let subject, let fields):
                write(Event(time: clock(), author: author, verb: verb, subject: subject, fields: fields), before: before)
            }
        }
        return false
    }

    /// Writes one event: checked against the book as the journal stands, durably appended,
    /// and shown (see `DashboardData.write`).
    private func write(_ event: Event, before: DashboardState) {
        refreshClock(exact: true)
        switch data.write(event, to: path, follower: &follower) {
        case .written:
            warmAt = ContinuousClock.now + Self.warmSettle
            state.message = "Written: \(event.verb.rawValue) \(event.subject)"
        case .notWritten(let reason):
            if case .form(var form) = before.overlay {
                form.error = reason
                state.overlay = .form(form)
            }
            state.message = "Not written: \(reason)"
        case .reload(let reason):
            reload(saying: "\(reason); the journal was read again")
        }
        dirty = true
    }

    /// Applies what other writers (and we) appended since the last look.
    private func followJournal() {
        switch follower.poll() {
        case .unchanged:
            return
        case .appended(let events, let problems):
            refreshClock(exact: true)
            var loaded = data.takeLoaded()
            var applied: [(event: Event, touched: [String])] = []
            for item in events {
                if let touched = loaded.apply(item) { applied.append((item.event, touched)) }
            }
            loaded.problems += problems
            loaded.followFrom = (follower.offset, follower.lineCount)
            data.applied(applied, to: loaded)
            warmAt = ContinuousClock.now + Self.warmSettle
        case .replaced:
            reload(saying: "Journal replaced; reloaded")
        }
        dirty = true
    }

    /// Loads the journal afresh (from the book's snapshot when it can be trusted).
    private func reload(saying message: String) {
        let loaded: LoadedBook, outcome: BookSnapshot.Outcome
        do {
            (loaded, outcome) = try LoadedBook.load(path: path, snapshot: snapshot)
        } catch {
            state.message = "The journal could not be read again: \(error)"
            return
        }
        follower = loaded.follower()
        data = DashboardData(loaded: loaded, now: clock(), settings: data.settings, me: data.me)
        warmAt = ContinuousClock.now + Self.warmSettle
        state.message = message
        snapshotDue = Self.saveDue(after: outcome, of: loaded, snapshot: snapshot)
    }

    private func resize() {
        guard let screen else { return }
        let size = screen.size
        state.width = size.width
        state.height = size.height
        dirty = true
    }

    private func redraw() {
        guard dirty, let screen else { return }
        dirty = false
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let frame = DashboardView.render(state, data, journalName: name)
        screen.draw(frame.canvas, cursor: frame.cursor)
    }
}
