import ArgumentParser
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
