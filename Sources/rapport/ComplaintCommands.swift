import ArgumentParser
import Foundation
import RapportJournal
import RapportModel

/// `rapport complaint VERB ID …`: the handling protocol from the shell, one event per call.
struct ComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Handle a complaint: acknowledge, apologise, accept, offer a fix, wait, resume, resolve, close, reopen, link, assign.",
        discussion: """
        Each step is journaled as its own event. Closing without an apology, accepted \
        responsibility and a fix offered is refused unless --reason says why.
        Example: rapport complaint apologise C-1042 --note "Called Jane; apologised for the late order"
        """,
        subcommands: [Acknowledge.self, Investigate.self, Apologise.self, Accept.self, OfferFix.self, Wait.self, Resume.self,
                      Resolve.self, Close.self, Reopen.self, Link.self, Assign.self]
    )

    struct Common: ParsableArguments {
        @OptionGroup var options: JournalOptions
        @OptionGroup var saved: SnapshotOptions
        @Option(help: "Who is writing (default: $RAPPORT_AUTHOR, else your login name).") var author: String?
        @Argument(help: "The complaint id, e.g. C-1042.") var id: String

        /// Checks the complaint exists, warns about blame in any text, and writes the event.
        func write(_ verb: Verb, _ fields: [(String, String?)]) throws {
            try reportingErrors {
                let writer = EventWriter(path: options.path, now: try Environment.now(), author: try Environment.author(author),
                                         snapshot: saved.snapshot(forJournal: options.path))
                let event = try writer.write(verb: verb, subject: id, fields: fields.compactMap { key, value in
                    value.map { Event.Field(key, $0) }
                }, check: { loaded in
                    guard let complaint = loaded.book.complaints[id] else {
                        throw UserError("no complaint \"\(id)\" in the book")
                    }
                    if verb == .complaintClose, !complaint.protocolComplete, fields.first(where: { $0.0 == "reason" })?.1 == nil {
                        throw UserError("""
                        not closed: \(id) has no \(complaint.missingSteps.joined(separator: ", ")) yet. \
                        Record the missing steps (rapport complaint apologise|accept|offer-fix \(id) --note TEXT), \
                        or close with --reason TEXT saying why.
                        """)
                    }
                    for case (let key, let value?) in fields where key == "note" || key == "reason" {
                        if let warning = ComplaintWording.blame(in: value) { printError("warning: \(key): \(warning)") }
                    }
                })
                print(LineFormat.print(event))
            }
        }
    }

    struct Acknowledge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "We told the client we have it (stops the first-response clock).")
        @OptionGroup var common: Common
        @Option(help: "A note for the record.") var note: String?
        func run() throws { try common.write(.complaintAcknowledge, [("note", note)]) }
    }

    struct Investigate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "We are finding the cause.")
        @OptionGroup var common: Common
        @Option(help: "A note for the record.") var note: String?
        func run() throws { try common.write(.complaintInvestigate, [("note", note)]) }
    }

    struct Apologise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "We apologised, without jargon or excuses.")
        @OptionGroup var common: Common
        @Option(help: "How and to whom.") var note: String
        func run() throws { try common.write(.complaintApologise, [("note", note)]) }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "We accepted responsibility (no blaming third parties).")
        @OptionGroup var common: Common
        @Option(help: "What we accepted.") var note: String
        func run() throws { try common.write(.complaintAccept, [("note", note)]) }
    }

    struct OfferFix: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "offer-fix", abstract: "We offered a fix.")
        @OptionGroup var common: Common
        @Option(help: "The fix offered.") var note: String
        func run() throws { try common.write(.complaintOfferFix, [("note", note)]) }
    }

    struct Wait: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Waiting on the client: SLA clocks pause.")
        @OptionGroup var common: Common
        @Option(help: "What we are waiting for.") var note: String?
        func run() throws { try common.write(.complaintWait, [("note", note)]) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "No longer waiting on the client: SLA clocks run again.")
        @OptionGroup var common: Common
        @Option(help: "A note for the record.") var note: String?
        func run() throws { try common.write(.complaintResume, [("note", note)]) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The fix is in place (stops the resolution clock).")
        @OptionGroup var common: Common
        @Option(name: .customLong("root-cause"), help: "What caused it.") var rootCause: String?
        @Option(help: "A note for the record.") var note: String?
        func run() throws { try common.write(.complaintResolve, [("root-cause", rootCause), ("note", note)]) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The client confirmed it is resolved. Without the full protocol, --reason is required.")
        @OptionGroup var common: Common
        @Option(help: "Why it closes without apology, responsibility and a fix.") var reason: String?
        @Option(help: "A note for the record.") var note: String?
        func run() throws { try common.write(.complaintClose, [("reason", reason), ("note", note)]) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The client says it is not fixed; counts against the account.")
        @OptionGroup var common: Common
        @Option(help: "What the client said.") var reason: String
        func run() throws { try common.write(.complaintReopen, [("reason", reason)]) }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Links the complaint to another with the same cause, or to a cause record.")
        @OptionGroup var common: Common
        @Option(help: "Another complaint with the same cause.") var to: String?
        @Option(help: "A cause record (see `rapport add cause`).") var cause: String?
        func validate() throws {
            if to == nil && cause == nil { throw ValidationError("give --to COMPLAINT or --cause CAUSE (or both)") }
        }
        func run() throws { try common.write(.complaintLink, [("to", to), ("cause", cause)]) }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Gives the complaint to an owner.")
        @OptionGroup var common: Common
        @Option(help: "The new owner.") var owner: String
        func run() throws { try common.write(.complaintAssign, [("owner", owner)]) }
    }
}

/// `rapport complaints`: the open queue, most urgent first, for people and scripts.
struct ComplaintsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaints",
        abstract: "List open complaints, most urgent first, with their clocks.",
        discussion: "Weights, SLA targets and working hours come from the config file (docs/CONFIG.md)."
    )

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Flag(help: "Only complaints with a clock overdue or due to breach before the end of today.") var breaching = false
    @Flag(help: "Only complaints you own (`me` in the config file, else $RAPPORT_AUTHOR or your login name).") var mine = false
    @Flag(help: "Only complaints nobody owns.") var unassigned = false
    @Option(help: "Only this category.") var category: String?
    @Flag(help: "One JSON array: every term of the urgency figure and every clock.") var json = false
    @Option(help: "Who is asking (default: $RAPPORT_AUTHOR, else your login name).") var author: String?

    func run() throws {
        try reportingErrors {
            let environment = ProcessInfo.processInfo.environment
            let settings = try SettingsFile.load(environment: environment)
            let now = try Environment.now()
            let me = try settings.me ?? Environment.author(author)
            let file = JournalFile(path: options.path)
            let book = file.exists ? try saved.load(options.path).book : Book()
            let endOfToday = settings.service.calendar.zone.instant(settings.service.calendar.zone.localDay(of: now).adding(days: 1), secondOfDay: 0)
            let queue = book.triage(now: now, weights: settings.urgency, service: settings.service, health: settings.health).filter { t in
                (!breaching || t.breaches(before: endOfToday))
                    && (!mine || t.complaint.owner == me)
                    && (!unassigned || t.complaint.owner == nil)
                    && (category.map { TextFolding.fold($0) == TextFolding.fold(t.complaint.category) } ?? true)
            }
            if json {
                print(JSONText.string(queue.map { Self.object($0, book: book) }))
                return
            }
            for t in queue {
                let c = t.complaint
                let clocks = t.clocks.map { "\($0.kind.short) \($0.summary)" }.joined(separator: ", ")
                let name = book.accounts[c.account]?.name ?? c.account
                print("\(c.id)\tS\(c.severity)\t\(Int(t.urgency.rounded()))\t\(c.state.label)\t\(c.owner ?? "-")\t\(name)\t\(clocks)\t\(c.summary)")
            }
        }
    }

    static func object(_ t: TriagedComplaint, book: Book) -> [String: Any] {
        let c = t.complaint
        var o: [String: Any] = [
            "id": c.id, "account": c.account, "accountName": book.accounts[c.account]?.name ?? c.account,
            "severity": c.severity, "category": c.category, "summary": c.summary, "state": c.state.rawValue,
            "opened": c.opened.iso8601, "urgency": (t.urgency * 10).rounded() / 10,
            "missingSteps": c.missingSteps, "reopenCount": c.reopenCount, "linked": c.linked.sorted(),
            "waiting": c.waitingSince != nil,
            "terms": t.terms.map { ["name": $0.name, "points": ($0.points * 10).rounded() / 10, "reason": $0.reason] as [String: Any] },
            "clocks": t.clocks.map { clock -> [String: Any] in
                var item: [String: Any] = ["kind": clock.kind.rawValue, "status": clock.status.rawValue, "targetSeconds": clock.target,
                                           "leftSeconds": clock.left, "summary": clock.summary]
                if let d = clock.deadline { item["deadline"] = d.iso8601 }
                if let s = clock.stoppedAt { item["stopped"] = s.iso8601 }
                return item
            },
        ]
        if let owner = c.owner { o["owner"] = owner }
        if let cause = c.cause { o["cause"] = cause }
        return o
    }
}
