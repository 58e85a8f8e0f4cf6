import ArgumentParser
import Foundation
import RapportJournal
import RapportModel

/// `rapport health ACCOUNT [--as-of DATE]`: one account's figure and every contribution,
/// replayed from the journal as it stood at that moment.
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "One account's health with every contribution and its reason, now or as of a past date.",
        discussion: "--as-of takes YYYY-MM-DD (the end of that day) or YYYY-MM-DDTHH:MM:SSZ; the journal is replayed up to then. Exit status 1 when the account did not exist yet."
    )

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Option(name: .customLong("as-of"), help: "A past date (YYYY-MM-DD) or instant (YYYY-MM-DDTHH:MM:SSZ).") var asOf: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(help: .hidden) var timing = false
    @Argument(help: "The account id.") var account: String

    func run() throws {
        var missing = false
        try reportingErrors {
            let settings = try SettingsFile.load(environment: ProcessInfo.processInfo.environment)
            let now = try Environment.now()
            var time = now
            if let asOf {
                if let t = Timestamp(iso8601: asOf) { time = t }
                else if let d = Day(iso8601: asOf) { time = min(now, HealthReplay.endOf(d)) }
                else { throw UserError("--as-of \(asOf) is not a date (YYYY-MM-DD) or a UTC instant (YYYY-MM-DDTHH:MM:SSZ)") }
            }
            let loaded = try saved.load(options.path)
            guard loaded.book.accounts[account] != nil else { throw UserError("no account \"\(account)\" in the journal") }
            if timing { Self.time(loaded, account: account, now: now, settings: settings) }
            let events = HealthReplay.events(of: account, in: loaded.book, applied: loaded.applied(about: account))
            guard let report = HealthReplay.health(of: account, events: events, asOf: time, weights: settings.health, service: settings.service) else {
                missing = true
                printError("\(account) was not open yet at \(time)")
                return
            }
            let week = HealthReplay.health(of: account, events: events, asOf: time.adding(days: -7), weights: settings.health, service: settings.service)
            let changes = week.map { HealthChange.between($0, report) } ?? []
            if json {
                var object = Self.object(report, book: loaded.book)
                object["week_ago"] = week.map { ["score": $0.score, "label": $0.label.rawValue] as [String: Any] } ?? NSNull()
                object["changes"] = changes.map { ["title": $0.title, "before": $0.before, "after": $0.after, "reason": $0.reason] as [String: Any] }
                print(JSONText.string(object))
            } else {
                for line in Self.lines(report, name: loaded.book.accounts[account]?.name ?? account, weekAgo: week, changes: changes) {
                    print(Terminal.safe(line))
                }
            }
        }
        if missing { throw ExitCode(1) }
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }

    static func lines(_ r: HealthReport, name: String, weekAgo: HealthReport?, changes: [HealthChange]) -> [String] {
        var out = ["\(name) (\(r.account)) as of \(r.asOf): \(r.score) \(r.label.rawValue)"]
        for flag in r.flags { out.append("! " + flag.text) }
        out.append("  base \(r.baseline)")
        let width = r.contributions.map(\.title.count).max() ?? 0
        for c in r.contributions {
            let points = c.missing ? "?" : signed(c.points)
            let title = c.title + String(repeating: " ", count: width - c.title.count)
            out.append("  " + String(repeating: " ", count: max(0, 4 - points.count)) + points + "  " + title + "  " + (c.missing ? "missing: " : "") + c.reason)
        }
        if let gap = r.gap, !gap.flagged { out.append("Our rating: " + gap.text) }
        if let weekAgo {
            out.append("A week before: \(weekAgo.score) \(weekAgo.label.rawValue)" + (changes.isEmpty ? ", nothing moved" : ""))
            for c in changes { out.append("  " + c.text) }
        }
        return out
    }

    static func object(_ r: HealthReport, book: Book) -> [String: Any] {
        var gap: Any = NSNull()
        if let g = r.gap { gap = ["ours": g.ours, "theirs": g.theirs, "gap": g.gap, "flagged": g.flagged, "sources": g.sources] as [String: Any] }
        return [
            "account": r.account, "name": book.accounts[r.account]?.name ?? r.account, "as_of": r.asOf.iso8601,
            "score": r.score, "label": r.label.rawValue, "baseline": r.baseline,
            "contributions": r.contributions.map {
                ["area": $0.area.rawValue, "title": $0.title, "points": $0.points, "reason": $0.reason, "missing": $0.missing] as [String: Any]
            },
            "flags": r.flags.map { ["flag": $0.kind, "text": $0.text] },
            "perception_gap": gap,
        ]
    }

    /// Prints how long the two health figures the benchmark holds us to take on this book:
    /// every account after one new event (touched accounts only), and one account's trend.
    static func time(_ loaded: LoadedBook, account: String, now: Timestamp, settings: Settings) {
        func seconds(_ d: Duration) -> String { "\(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) ms" }
        let clock = ContinuousClock()
        var book = loaded.book
        var t = clock.now
        var board = HealthBoard(book: book, now: now, weights: settings.health, service: settings.service)
        printError("all \(book.accounts.count) accounts from scratch: \(seconds(clock.now - t))")
        let event = Event(time: now, author: "bench", verb: .interactionLog, subject: account,
                          fields: [.init("kind", "call"), .init("sentiment", "1"), .init("summary", "checking in")])
        t = clock.now
        let touched = (try? book.apply(event)) ?? []
        let applied = clock.now - t
        t = clock.now
        board.update(book: book, touched: touched, now: now)
        printError("after one new event (\(touched.count) touched, \(loaded.events.count + 1) events): health \(seconds(clock.now - t)); applying it to a shared copy of the book \(seconds(applied))")
        t = clock.now
        let events = HealthReplay.events(of: account, in: loaded.book, applied: loaded.applied(about: account))
        let trend = HealthReplay.trend(of: account, events: events, now: now, days: 90, weights: settings.health, service: settings.service)
        printError("90-day trend of \(account) (\(events.count) events, \(trend.scores.count) points): \(seconds(clock.now - t))")
    }
}
