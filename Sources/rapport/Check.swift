import Foundation
import ArgumentParser
import RapportJournal

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the whole journal; exit status 1 when any line has a problem.",
        discussion: "Each problem is printed as FILE:LINE[:COLUMN]: reason. Every good line still counts."
    )

    @OptionGroup var options: JournalOptions
    @Flag(help: "Also print the peak memory the check used (from /proc/self/status).") var memory = false

    func run() throws {
        var failed = false
        try reportingErrors {
            let loaded = try LoadedBook.load(path: options.path)
            KeptUntilExit.keep(loaded)
            for problem in loaded.problems { print(problem.description) }
            let book = loaded.book
            print("\(options.path): \(loaded.lineCount) lines, \(loaded.events.count) events applied, \(loaded.problems.count) problem\(loaded.problems.count == 1 ? "" : "s"); \(book.accounts.count) accounts, \(book.contacts.count) contacts, \(book.complaints.count) complaints, \(book.invoices.count) invoices")
            failed = !loaded.problems.isEmpty
        }
        if memory, let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) {
            print("peak memory: " + line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        if failed { throw ExitCode(1) }
    }
}
