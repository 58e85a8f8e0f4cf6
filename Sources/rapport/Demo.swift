import ArgumentParser
import RapportJournal
import RapportModel

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic demo book: clients with Unicode names and a year of history.",
        discussion: "Use --accounts 100000 for a benchmark-sized book (over a million events, ten contacts per account)."
    )

    @OptionGroup var options: JournalOptions
    @Option(help: "How many client accounts.") var accounts = 200
    @Option(help: "Random seed: the same seed gives the same book.") var seed: UInt64 = 42
    @Flag(help: "Replace an existing journal.") var force = false

    func run() throws {
        try reportingErrors {
            guard accounts > 0 else { throw UserError("--accounts must be at least 1") }
            let path = options.path
            let file = JournalFile(path: path)
            if file.exists {
                guard force else { throw UserError("\(path) already exists; use --force to replace it with a demo book") }
                try file.remove()
            }
            let events = DemoBook(accounts: accounts, now: try Environment.now(), seed: seed).events()
            try file.create()
            var batch: [Event] = []
            batch.reserveCapacity(50_000)
            for event in events {
                batch.append(event)
                if batch.count == 50_000 {
                    try file.append(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try file.append(batch)
            print("Wrote a demo book of \(accounts) accounts (\(events.count) events) to \(path)")
        }
    }
}
