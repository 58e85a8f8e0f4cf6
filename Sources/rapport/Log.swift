import ArgumentParser
import RapportJournal
import RapportModel

/// `rapport log VERB SUBJECT key=value …`: an event in the journal's own syntax, for
/// scripts and cron jobs. The timestamp and author are filled in; the event is checked
/// like any other write.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append one event written in the journal's own syntax (timestamp and author filled in).",
        discussion: "Example: rapport log complaint.apologise C-1042 note=\"Called Jane; apologised\"\nSee docs/JOURNAL.md for every verb and field."
    )

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Option(help: "Who is writing (default: $RAPPORT_AUTHOR, else your login name).") var author: String?
    @Argument(help: "The verb, e.g. complaint.open.") var verb: String
    @Argument(help: "The subject id.") var subject: String
    @Argument(help: "key=value fields, quoted by the shell as needed.") var fields: [String] = []

    func run() throws {
        try reportingErrors {
            guard let verb = Verb(journal: self.verb) else {
                throw UserError("unknown verb \"\(self.verb)\" (see docs/JOURNAL.md or `rapport add --help`)")
            }
            var parsed: [Event.Field] = []
            for item in fields {
                guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                    throw UserError("\"\(item)\" is not key=value")
                }
                parsed.append(Event.Field(String(item[..<eq]), String(item[item.index(after: eq)...])))
            }
            let writer = EventWriter(path: options.path, now: try Environment.now(), author: try Environment.author(author),
                                     snapshot: saved.snapshot(forJournal: options.path))
            let event = try writer.write(verb: verb, subject: subject, fields: parsed)
            print(LineFormat.print(event))
        }
    }
}
