import ArgumentParser
import RapportJournal

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an empty journal.")

    @OptionGroup var options: JournalOptions

    func run() throws {
        try reportingErrors {
            try JournalFile(path: options.path).create()
            print("Created \(options.path)")
        }
    }
}
