import Testing

/// The harness itself, driven with ordinary programs, so a failure in a screen
/// test can be trusted to be about the screen.
@Suite struct TmuxSessionTests {
    @Test func showsOutputAndTypedText() throws {
        let session = try TmuxSession(["sh", "-c", "printf 'ready\\n'; exec cat"])
        defer { session.kill() }
        try session.waitFor("ready")
        try session.type("Zoë 山田")
        try session.sendKeys("Enter")
        let screen = try session.waitUntil("the echoed line twice") {
            $0.components(separatedBy: "Zoë 山田").count == 3
        }
        #expect(screen.hasPrefix("ready\nZoë 山田\nZoë 山田"))
    }

    @Test func resizeReachesTheProgram() throws {
        let session = try TmuxSession(["sh"], width: 80, height: 24, environment: ["PS1": "$ "])
        defer { session.kill() }
        try session.type("stty size\n")
        try session.waitFor("24 80")
        try session.resize(width: 100, height: 30)
        try session.type("stty size\n")
        try session.waitFor("30 100")
    }

    @Test func reportsExitStatusAndSignals() throws {
        let session = try TmuxSession(["sh", "-c", "echo started; sleep 30"])
        defer { session.kill() }
        try session.waitFor("started")
        #expect(try session.exitStatus() == nil)
        let shell = try session.processID()
        #expect(kill(shell, SIGTERM) == 0)
        #expect(try session.waitForExit() == 143)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
