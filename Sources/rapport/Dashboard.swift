import ArgumentParser
import RapportJournal

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the dashboard (the default).")

    @OptionGroup var options: JournalOptions

    func run() throws {
        printError("the dashboard is not built yet; try `rapport who`")
        throw ExitCode(2)
    }
}
