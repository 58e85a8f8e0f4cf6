import Foundation
import Testing
@testable import RapportTUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real terminal path: ncurses in a tmux pane, driven by keys and signals.
@Suite(.serialized) struct ScreenTests {
    /// The program under test when started by the tests below; a no-op otherwise.
    @Test func demoProgram() {
        guard ProcessInfo.processInfo.environment[ScreenDemo.variable] == "1" else { return }
        ScreenDemo.run()
    }

    func startDemo(width: Int = 60, height: Int = 12) throws -> TmuxSession {
        // The test binary runs itself, selecting only `demoProgram`.
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        let executable = length > 0 ? String(decoding: path[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                                    : CommandLine.arguments[0]
        let session = try TmuxSession([executable, "--testing-library", "swift-testing", "--filter", "ScreenTests/demoProgram"],
                                      width: width, height: height,
                                      environment: [ScreenDemo.variable: "1", "SWIFT_BACKTRACE": "enable=no"])
        try session.waitFor("keys:")
        return session
    }

    @Test func drawsWideNamesAlignedAndControlSequencesAsText() throws {
        let session = try startDemo()
        defer { session.kill() }
        let screen = try session.waitFor("Eve ␛[31mRed")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("┏ Accounts ━"))
        let tierColumns = lines.compactMap { line -> Int? in
            guard let range = line.range(of: "large") ?? line.range(of: "small") ?? line.range(of: "medium") else { return nil }
            return DisplayWidth.of(line[..<range.lowerBound])
        }
        #expect(tierColumns.count == 3)
        #expect(Set(tierColumns).count == 1, "the Tier column starts at the same cell on every row")
        #expect(lines.contains { $0.hasPrefix("┃山田太郎") })
        #expect(lines[10].hasPrefix("┗━"))
        #expect(lines[11].hasPrefix(" size 60x12 keys:"))
    }

    @Test func keysAreDecoded() throws {
        let session = try startDemo()
        defer { session.kill() }
        try session.type("jë")
        try session.sendKeys("Up", "F5", "C-x", "BTab", "PPage", "Enter", "Escape")
        try session.waitFor("keys: j ë ↑ F5 Ctrl-X Shift-Tab PgUp Enter")
        try session.waitFor("Enter Esc")
    }

    @Test func resizeRedrawsAtTheNewSize() throws {
        let session = try startDemo()
        defer { session.kill() }
        try session.resize(width: 80, height: 16)
        let screen = try session.waitFor("size 80x16")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[14].hasPrefix("┗━") && lines[14].hasSuffix("┛"))
        #expect(DisplayWidth.of(lines[0]) == 80)
    }

    @Test func quittingRestoresTheTerminal() throws {
        let session = try startDemo()
        defer { session.kill() }
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        let screen = try session.capture()
        #expect(screen.contains("ended: stopped"))
        #expect(!screen.contains("┏ Accounts"), "back on the normal screen")
    }

    @Test(arguments: [(SIGTERM, 143), (SIGINT, 130), (SIGHUP, 129)] as [(Int32, Int32)])
    func terminationSignalsRestoreAndExit(signal: Int32, status: Int32) throws {
        let session = try startDemo()
        defer { session.kill() }
        #expect(kill(try session.processID(), signal) == 0)
        #expect(try session.waitForExit() == status)
        let screen = try session.capture()
        #expect(screen.contains("ended: signal \(signal)"))
        #expect(!screen.contains("┏ Accounts"))
    }

    @Test func aCrashRestoresTheTerminalAndStillCrashes() throws {
        let session = try startDemo(width: 160, height: 60)
        defer { session.kill() }
        try session.type("!")
        let status = try session.waitForExit()
        #expect([128 + SIGILL, 128 + SIGTRAP, 128 + SIGABRT].contains(status))
        let screen = try session.capture()
        #expect(!screen.contains("┏ Accounts"), "the crash report lands on the normal screen")
        #expect(screen.contains("Fatal error: Unexpectedly found nil"), "what went to stderr in curses mode is shown")
    }

    @Test func idleUsesNoCPU() throws {
        let session = try startDemo()
        defer { session.kill() }
        let pid = try session.processID()
        func cpuTicks() throws -> Int {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            return Int(fields[11])! + Int(fields[12])!
        }
        usleep(200_000)
        let before = try cpuTicks()
        usleep(1_500_000)
        #expect(try cpuTicks() - before <= 1)
    }

    @Test func refusesDumbTerminals() {
        #expect(throws: ScreenError.unsupportedTerminal("dumb")) {
            _ = try Screen(theme: .fallback, environment: ["TERM": "dumb"])
        }
        #expect(throws: ScreenError.unsupportedTerminal(nil)) {
            _ = try Screen(theme: .fallback, environment: [:])
        }
    }
}
