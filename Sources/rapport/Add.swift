import ArgumentParser
import RapportJournal
import RapportModel

/// `rapport add KIND [SUBJECT] --field value …`: one event, with flags checked against
/// the verb's fields.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add one event: an account, contact, complaint, invoice, payment, promise, …",
        discussion: Add.discussion
    )

    /// The everyday kinds and the verb each one adds; any verb can be named in full too.
    static let kinds: [(String, Verb)] = [
        ("account", .accountOpen), ("contact", .contactAdd), ("interaction", .interactionLog),
        ("complaint", .complaintOpen), ("cause", .causeOpen), ("invoice", .invoiceIssue),
        ("payment", .paymentRecord), ("promise", .promiseMake), ("feedback", .feedbackRecord),
        ("referral", .referralRecord), ("incident", .incidentOpen),
    ]

    static var discussion: String {
        var text = "KIND is one of the words below, or any journal verb (e.g. complaint.apologise).\n"
        text += "Flags are the verb's fields; required ones are marked *. SUBJECT may be left out where an id is generated.\n"
        text += "--journal, --author and --no-snapshot may come before KIND or among the fields.\n"
        for (kind, verb) in kinds {
            let spec = VerbSpec.of(verb)
            text += "\n\(kind) → \(verb.rawValue) <\(spec.subject)\(spec.idPrefix == nil ? "" : ", optional")>\n"
            for field in spec.fields {
                text += "  --\(field.key)\(field.required ? "*" : "") <\(field.kind.syntax)>  \(field.help)\n"
            }
        }
        text += "\nExamples:\n  rapport add account ACME --name \"Acme Trading Ltd\" --tier large --owner alice\n"
        text += "  rapport add complaint --account ACME --severity 2 --category delivery --summary \"Order 5521 arrived 3 days late\"\n"
        return text
    }

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Option(help: "Who is writing (default: $RAPPORT_AUTHOR, else your login name).") var author: String?
    @Argument(help: "What to add (see below).") var kind: String
    @Argument(parsing: .captureForPassthrough, help: "The subject id, then --field value pairs.") var rest: [String] = []

    func run() throws {
        try reportingErrors {
            let verb = try Self.verb(for: kind)
            // The command's own options may come after the kind too, among the fields.
            let (subject, fields, own) = try Self.parseFlags(rest, for: verb)
            let path = JournalOptions.resolve(own.journal ?? options.journal)
            let snapshot = own.noSnapshot ? nil : saved.snapshot(forJournal: path)
            let writer = EventWriter(path: path, now: try Environment.now(), author: try Environment.author(own.author ?? author),
                                     snapshot: snapshot)
            let event = try writer.write(verb: verb, subject: subject, fields: fields)
            print("\(event.verb.rawValue) \(event.subject) written to \(path)")
        }
    }

    /// `--journal`, `--author` and `--no-snapshot` given among the fields (no verb has a
    /// field of those names).
    struct OwnOptions {
        var journal: String?
        var author: String?
        var noSnapshot = false
    }

    static func verb(for kind: String) throws -> Verb {
        if let match = kinds.first(where: { $0.0 == kind }) { return match.1 }
        if let verb = Verb(journal: kind) { return verb }
        throw UserError("unknown kind \"\(kind)\"; use one of \(kinds.map(\.0).joined(separator: ", ")) or a journal verb")
    }

    /// Reads `[SUBJECT] --key value --key=value …` against the verb's fields.
    static func parseFlags(_ args: [String], for verb: Verb) throws -> (String?, [Event.Field], OwnOptions) {
        let spec = VerbSpec.of(verb)
        var subject: String?
        var fields: [Event.Field] = []
        var own = OwnOptions()
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("--") else {
                guard subject == nil else { throw UserError("unexpected \"\(arg)\": the subject is already \(subject!); flags start with --") }
                subject = arg
                continue
            }
            if arg == "--no-snapshot" {
                own.noSnapshot = true
                continue
            }
            var key = String(arg.dropFirst(2))
            var value: String
            if let eq = key.firstIndex(of: "=") {
                value = String(key[key.index(after: eq)...])
                key = String(key[..<eq])
            } else {
                guard i < args.count else { throw UserError("--\(key) needs a value") }
                value = args[i]
                i += 1
            }
            if key == "journal" || key == "author" {
                if key == "journal" { own.journal = value } else { own.author = value }
                continue
            }
            guard spec.field(key) != nil else {
                throw UserError("\(verb.rawValue) has no --\(key); it takes \(spec.fields.map { "--" + $0.key }.joined(separator: ", "))")
            }
            if key == "amount" { value = Money.ungrouped(value) ?? value }
            fields.append(Event.Field(key, value))
        }
        return (subject, fields, own)
    }
}
