import Foundation
import RapportJournal
import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A writer killed mid-stream leaves at most one torn last line, and the next append
/// starts a fresh line.
@Suite("Killed writers", .serialized)
struct CrashTests {
    /// What a journal must look like after a crash, and after one more append.
    static func checkAfterCrash(_ scratch: Scratch, context: String) throws {
        let journal = scratch.journal
        let contents = try JournalFile(path: journal).load()
        #expect(contents.problems.count <= 1, "\(context): \(contents.problems.prefix(3))")
        if let problem = contents.problems.first {
            #expect(problem.kind == .torn, "\(context): \(problem)")
            #expect(problem.line == contents.lineCount, "\(context): only the last line may be torn")
        }
        let wasTorn = !contents.problems.isEmpty
        let before = fileBytes(journal)

        let result = try CLI.rapport(["add", "account", "AFTERCRASH", "--name", "After the crash", "--tier", "small"], in: scratch)
        #expect(result.status == 0, "\(context): \(result.stderr)")
        let after = fileBytes(journal)
        #expect(Array(after.prefix(before.count)) == before, "\(context): an append never rewrites what is there")
        let added = String(decoding: after.dropFirst(before.count), as: UTF8.self)
        if before.isEmpty {
            #expect(added.hasPrefix(LineFormat.header + "\n"))
        } else if wasTorn {
            #expect(added.hasPrefix("\n" + LineFormat.tornMarker + "\n"), "\(context): \(added.prefix(120))")
        } else {
            #expect(before.last == 0x0A)
        }
        #expect(added.hasSuffix("\n"))
        #expect(added.split(separator: "\n").last?.contains("account.open AFTERCRASH") == true)

        let reloaded = try LoadedBook.load(path: journal)
        #expect(reloaded.book.accounts["AFTERCRASH"] != nil, "\(context): the new event loads")
        #expect(reloaded.problems.filter { $0.kind != .torn }.isEmpty, "\(context): \(reloaded.problems.prefix(3))")
        #expect(reloaded.problems.count == (wasTorn ? 1 : 0), "\(context): the torn line stays reported, once")
    }

    @Test("SIGKILL during `rapport demo --accounts 20000` (batched multi-megabyte writes)")
    func killDemo() throws {
        let scratch = Scratch()
        let (process, out, err) = try CLI.start(try CLI.requireBinary(), ["demo", "--accounts", "20000"],
                                               environment: CLI.environment(journal: scratch.journal, home: scratch.directory),
                                               outputIn: scratch.directory)
        // Wait until the first batch is being written, then kill at once.
        let header = LineFormat.header.utf8.count + 1
        let deadline = Date().addingTimeInterval(60)
        while fileSize(scratch.journal) <= header && process.isRunning && Date() < deadline { usleep(200) }
        kill(process.processIdentifier, SIGKILL)
        let result = CLI.finish(process, out, err)
        print("demo killed with \(fileSize(scratch.journal)) bytes written (signalled: \(result.signalled))")
        try Self.checkAfterCrash(scratch, context: "demo")
    }

    @Test("SIGKILL of a shell looping `rapport log`, at several moments")
    func killLogLoop() throws {
        for delay in [30_000, 120_000, 250_000] as [useconds_t] {
            let scratch = Scratch()
            try #require(CLI.rapport(["add", "account", "ACME", "--name", "Acme", "--tier", "small"], in: scratch).status == 0)
            let script = "i=1; while :; do \"$RAPPORT\" log interaction.log ACME kind=call sentiment=0 \"summary=loop $i\" >/dev/null; i=$((i+1)); done"
            let (process, out, err) = try CLI.shell(script, in: scratch)
            usleep(delay)
            // Freeze the shell so it starts nothing new, kill the rapport it is running
            // (wherever that one is in its append), then the shell.
            let shell = process.processIdentifier
            kill(shell, SIGSTOP)
            for child in Self.children(of: shell) { kill(child, SIGKILL) }
            kill(shell, SIGKILL)
            _ = CLI.finish(process, out, err)
            try Self.checkAfterCrash(scratch, context: "loop killed after \(delay / 1000) ms")
        }
    }

    /// Processes whose parent is `pid` (Linux /proc).
    static func children(of pid: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { name -> pid_t? in
            guard let child = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.range(of: ") ", options: .backwards) else { return nil }
            let fields = stat[close.upperBound...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid ? child : nil
        }
    }

    @Test("a write cut short by a full disk (RLIMIT_FSIZE) leaves the journal unchanged")
    func fileSizeLimit() throws {
        let scratch = Scratch()
        try #require(CLI.rapport(["add", "account", "ACME", "--name", "Acme", "--tier", "small"], in: scratch).status == 0)
        let before = fileBytes(scratch.journal)
        // The shell ignores SIGXFSZ, so the child gets EFBIG from write() instead of dying;
        // the limit lands inside the new line.
        let blocks = before.count / 512 + 1
        let note = String(repeating: "x", count: 4_000)
        let script = "trap '' XFSZ; ulimit -f \(blocks) 2>/dev/null || exit 77; exec \"$RAPPORT\" log interaction.log ACME kind=call sentiment=0 summary=\(note)"
        let (process, out, err) = try CLI.shell(script, in: scratch)
        let result = CLI.finish(process, out, err)
        if result.status == 77 { return }
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("write failed"), "\(result.stderr)")
        let unchanged = fileBytes(scratch.journal) == before
        #expect(unchanged, "no half line may be left behind")
    }
}
