import Foundation
import RapportJournal
import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several processes appending to one journal at once: every line whole, none
/// interleaved, each writer's events in its own order.
@Suite("Concurrent writers", .serialized)
struct ConcurrentAppendTests {
    static let appenderVariable = "RAPPORT_E2E_APPENDER"

    /// Not a test on its own: when the suite below re-runs this test bundle as a child
    /// process with RAPPORT_E2E_APPENDER set, this appends that writer's events, one
    /// durable append (open, flock, one write, fsync) per event, exactly as `rapport`
    /// writes. In a normal run it does nothing.
    @Test("appender helper process (idle unless RAPPORT_E2E_APPENDER is set)")
    func appenderHelper() throws {
        let env = ProcessInfo.processInfo.environment
        guard let writer = env[Self.appenderVariable], let path = env["RAPPORT_JOURNAL"],
              let count = Int(env["RAPPORT_E2E_COUNT"] ?? "") else { return }
        let file = JournalFile(path: path)
        let now = Timestamp(iso8601: "2026-11-22T09:00:00Z")!
        // Long, escaped values make each write big enough that unlocked writers would tear.
        let padding = String(repeating: "données \"quoted\" \\ 山田 ", count: 8)
        for i in 1...count {
            let event = Event(time: now.adding(seconds: Int64(i)), author: writer, verb: .interactionLog, subject: "ACME",
                              ["kind": "call", "sentiment": "0", "summary": "\(writer) \(i) \(padding)"])
            try file.append([event])
        }
    }

    /// The (writer, sequence number) each event line holds.
    static func sequence(of event: Event) -> (String, Int)? {
        guard let summary = event["summary"] else { return nil }
        let parts = summary.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let n = Int(parts[1]) else { return nil }
        return (String(parts[0]), n)
    }

    @Test("4 processes × 1,000 appends, plus 4 shells looping `rapport log`: every line whole and in each writer's order")
    func fourWriters() throws {
        let scratch = Scratch()
        let journal = scratch.journal
        try #require(CLI.rapport(["add", "account", "ACME", "--name", "Acme Trading Ltd", "--tier", "large"], in: scratch).status == 0)

        let perProcess = 1_000
        let perShell = 25
        let started = Date()
        var children: [(Process, String, String)] = []
        for w in 1...4 {
            var env = CLI.environment(journal: journal, home: scratch.directory)
            env[Self.appenderVariable] = "w\(w)"
            env["RAPPORT_E2E_COUNT"] = String(perProcess)
            children.append(try CLI.start(CLI.testExecutable, ["--testing-library", "swift-testing", "--filter", "appenderHelper"],
                                          environment: env, outputIn: scratch.directory))
        }
        for s in 1...4 {
            let script = "i=1; while [ $i -le \(perShell) ]; do \"$RAPPORT\" log --author cli\(s) interaction.log ACME kind=email sentiment=1 \"summary=cli\(s) $i via rapport log\" >/dev/null || exit 1; i=$((i+1)); done"
            children.append(try CLI.shell(script, in: scratch))
        }
        for (process, out, err) in children {
            let result = CLI.finish(process, out, err)
            #expect(result.status == 0, "a writer failed: \(result.stderr.suffix(2000))")
        }
        let seconds = Date().timeIntervalSince(started)
        print("4 × \(perProcess) appends and 4 × \(perShell) `rapport log` calls took \(String(format: "%.1f", seconds)) s")

        let contents = try JournalFile(path: journal).load()
        #expect(contents.problems.isEmpty, "\(contents.problems.prefix(5))")
        let total = 4 * perProcess + 4 * perShell
        #expect(contents.events.count == total + 1)
        #expect(contents.lineCount == total + 2)

        // Every line of the file is header, or an event printed exactly as the format prints it.
        let text = String(decoding: fileBytes(journal), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "the file ends with a newline")
        #expect(lines.first.map(String.init) == LineFormat.header)
        for (i, line) in lines.dropFirst().dropLast().enumerated() {
            guard case .event(let event)? = try? LineFormat.parse(String(line)), LineFormat.print(event) == line else {
                Issue.record("line \(i + 2) is not one whole event: \(line.prefix(200))")
                break
            }
        }

        var last: [String: Int] = [:]
        for item in contents.events.dropFirst() {
            let (event, line) = (item.event, item.line)
            guard let (writer, n) = Self.sequence(of: event) else { Issue.record("line \(line): unexpected event"); continue }
            #expect(n == (last[writer] ?? 0) + 1, "line \(line): \(writer) \(n) after \(last[writer] ?? 0)")
            last[writer] = n
        }
        #expect(last == ["w1": perProcess, "w2": perProcess, "w3": perProcess, "w4": perProcess,
                         "cli1": perShell, "cli2": perShell, "cli3": perShell, "cli4": perShell])

        let loaded = try LoadedBook.load(path: journal)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.book.interactions["ACME"]?.count == total)
    }
}
