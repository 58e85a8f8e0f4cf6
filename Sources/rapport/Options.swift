import ArgumentParser
import Foundation
import Synchronization
import RapportJournal
import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the journal is: `--journal`, then `RAPPORT_JOURNAL`, then the XDG data folder.
struct JournalOptions: ParsableArguments {
    @Option(name: .long, help: "The journal file (default: $RAPPORT_JOURNAL, else $XDG_DATA_HOME/rapport/journal).")
    var journal: String?

    var path: String { JournalOptions.resolve(journal) }

    static func resolve(_ given: String?) -> String {
        if let given, !given.isEmpty { return given }
        if let env = Environment.get("RAPPORT_JOURNAL"), !env.isEmpty { return env }
        if let data = Environment.get("XDG_DATA_HOME"), data.hasPrefix("/") { return data + "/rapport/journal" }
        let home = Environment.get("HOME") ?? "."
        return home + "/.local/share/rapport/journal"
    }
}

/// Whether a command may read the book the dashboard saved for its journal (see
/// docs/ARCHITECTURE.md, "The book's snapshot"). Trusted only when it matches the journal
/// byte for byte up to where it ends, so it changes how fast a command answers and
/// never what it answers.
struct SnapshotOptions: ParsableArguments {
    @Flag(help: "Replay the whole journal rather than read the book the dashboard saved in $XDG_CACHE_HOME/rapport (the dashboard then saves none).")
    var noSnapshot = false

    /// The journal's saved book, unless it is turned off.
    func snapshot(forJournal path: String) -> BookSnapshot? {
        noSnapshot ? nil : BookSnapshot.standard(forJournal: path, environment: ProcessInfo.processInfo.environment)
    }

    /// The book as the journal holds it now: read from the saved book and the lines
    /// appended since when it can be trusted, replayed otherwise.
    func load(_ path: String) throws(JournalError) -> LoadedBook {
        try Trace.load(path, snapshot: snapshot(forJournal: path))
    }
}

/// `RAPPORT_TRACE=1`: how a command came by its book, and how long that took, on
/// standard error (docs/CONFIG.md).
enum Trace {
    static var on: Bool { Environment.get("RAPPORT_TRACE").map { !$0.isEmpty && $0 != "0" } ?? false }

    /// The journal's book, through `snapshot` when it can be trusted, saying which way.
    static func load(_ path: String, snapshot: BookSnapshot?) throws(JournalError) -> LoadedBook {
        let began = ContinuousClock.now
        let (loaded, outcome) = try LoadedBook.load(path: path, snapshot: snapshot)
        book(outcome, since: began)
        KeptUntilExit.keep(loaded)
        return loaded
    }

    static func book(_ outcome: BookSnapshot.Outcome, since began: ContinuousClock.Instant) {
        guard on else { return }
        let elapsed = ContinuousClock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let took = String(format: "%.3f s", seconds)
        switch outcome {
        case .used(let tailBytes):
            printError("trace: book read from its snapshot, then \(tailBytes) bytes appended since, in \(took)")
        case .notUsed(let why):
            printError("trace: journal replayed (snapshot not used: \(why)), in \(took)")
        }
    }
}

/// The process environment, read in one place.
enum Environment {
    static func get(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// "Now": the clock, unless RAPPORT_NOW pins it (for reproducible demos and tests).
    static func now() throws -> Timestamp {
        if let pinned = get("RAPPORT_NOW"), !pinned.isEmpty {
            guard let t = Timestamp(iso8601: pinned) else {
                throw UserError("RAPPORT_NOW=\(pinned) is not UTC ISO-8601 (YYYY-MM-DDTHH:MM:SSZ)")
            }
            return t
        }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec))
    }

    /// Who is writing: RAPPORT_AUTHOR, else the login name.
    static func author(_ given: String?) throws -> String {
        let name = given ?? get("RAPPORT_AUTHOR") ?? get("USER") ?? get("LOGNAME") ?? "unknown"
        guard !name.isEmpty, !name.contains(" "), name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw UserError("author \"\(name)\" must be one word with no spaces or control characters")
        }
        return name
    }
}

/// A mistake in what the user asked for: printed as `rapport: message`, exit status 2.
struct UserError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Runs a command body, turning user and journal errors into a message and exit status 2.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as UserError {
        printError(error.message)
        throw ExitCode(2)
    } catch let error as JournalError {
        printError(error.description)
        throw ExitCode(2)
    }
}

func printError(_ message: String) {
    var text = "rapport: " + message + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Values left for the process's exit to take back whole. A command on a large book is
/// done once it has printed; freeing the book a list at a time (a hundred thousand
/// accounts' lists, a million contacts) took 0.16 s more, as long again as reading the
/// book from its snapshot. The dashboard, which lives on and changes its book, is kept
/// only once it has closed: freeing its book, rows and caller index took half a second
/// after `q` on the big book.
enum KeptUntilExit {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: some Sendable) {
        kept.withLock { $0.append(value) }
    }

    /// Keeps a value that is only held, never used again (the dashboard once it has
    /// closed and given the terminal back), so being kept on no thread in particular is safe.
    static func keep<Value>(unused value: Value) {
        keep(Held(value: value))
    }

    /// @unchecked: nothing reads `value` once it is held.
    private final class Held<Value>: @unchecked Sendable {
        let value: Value
        init(value: Value) { self.value = value }
    }
}
