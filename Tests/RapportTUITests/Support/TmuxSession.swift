import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program running in a private tmux server, driven like a person would: keys
/// in, screen text out.
///
/// Written to be copied as-is by other test targets. It pins everything a screen
/// depends on: its own server socket (removed afterwards), an explicit
/// environment (LANG=C.UTF-8, TZ=UTC, the terminal type), the size, and an empty
/// config. tmux is started with `posix_spawn` and an empty signal mask, because
/// Swift Testing's threads block signals and children inherit that — resizes
/// and `kill` would never arrive. Output goes to a file, not a pipe: the tmux
/// server keeps a pipe open and a reader would hang.
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let name = "rapport"
    private let directory: String
    private let socket: String
    private let environment: [String: String]
    private var isKilled = false

    /// Starts `command` (program and arguments, no shell) in a `width`×`height` pane.
    init(_ command: [String], width: Int = 80, height: Int = 24, term: String = "xterm-256color",
         environment extra: [String: String] = [:]) throws {
        directory = try TestFolder.make("tmux")
        socket = directory + "/socket"
        var environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": directory,
            "HISTFILE": "/dev/null",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "TERM": term,
            "TMUX_TMPDIR": directory,
        ]
        environment.merge(extra) { _, new in new }
        self.environment = environment
        let config = directory + "/tmux.conf"
        try """
        set -g default-terminal "\(term)"
        set -g remain-on-exit on
        set -g status off
        set -g escape-time 0
        set -g history-limit 0

        """.write(toFile: config, atomically: true, encoding: .utf8)
        try tmux(["-f", config, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "--"] + command)
    }

    deinit { kill() }

    /// The visible screen, one line per row, trailing spaces removed.
    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Polls the screen every 20 ms until it contains `text`; returns that screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitUntil(timeout: timeout, "\"\(text)\"") { $0.contains(text) }
    }

    /// Polls the screen until `condition` holds; `what` names it in the failure.
    @discardableResult
    func waitUntil(timeout: Duration = .seconds(10), _ what: String, _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        while ContinuousClock.now < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(20_000)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(screen)")
    }

    /// Sends tmux key names: "Enter", "Escape", "C-c", "Up", or plain text.
    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally, without tmux interpreting key names.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-l", "-t", name, text])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The process id of the program in the pane, to send it signals.
    func processID() throws -> pid_t {
        let text = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "no pane pid in \"\(text)\"")
        }
        return pid
    }

    /// The program's exit status once it has ended (128 + n when killed by
    /// signal n, as a shell reports it), or nil while it runs.
    func exitStatus() throws -> Int32? {
        let format = "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}"
        let text = try tmux(["display-message", "-p", "-t", name, format])
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "1" else { return nil }
        if let signal = Int32(parts[2]), signal > 0 { return 128 + signal }
        if let status = Int32(parts[1]) { return status }
        // tmux marks a pane dead when its terminal closes, which can come before
        // it reaps the process; the kernel already knows how the process ended.
        guard let pid = Int32(parts[3]), let status = Self.zombieStatus(of: pid) else { return nil }
        return status
    }

    /// The wait status of a process that has exited but not been reaped, from
    /// the `exit_code` field of `/proc/PID/stat`.
    private static func zombieStatus(of pid: pid_t) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.first == "Z", fields.count >= 50, let code = Int32(fields[49].trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return Self.decode(waitStatus: code)
    }

    /// A `waitpid` status as a shell reports it (WIFEXITED/WEXITSTATUS, which Swift cannot import).
    static func decode(waitStatus status: Int32) -> Int32 {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Waits for the program to end and returns its exit status.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = try exitStatus() { return status }
            usleep(20_000)
        }
        throw Failure(description: "timed out waiting for the program to exit; the screen was:\n\(try capture())")
    }

    /// Stops the server and removes its socket and files. Idempotent.
    func kill() {
        guard !isKilled else { return }
        isKilled = true
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = directory + "/output-\(UUID().uuidString.prefix(8))"
        defer { unlink(output) }
        let status = try Self.spawn(["tmux", "-S", socket] + arguments, environment: environment, output: output)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 || arguments == ["kill-server"] else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
        return text
    }

    /// Runs a program to completion with an empty signal mask and default signal
    /// actions, its standard output and error going to the file `output`.
    static func spawn(_ arguments: [String], environment: [String: String], output: String) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return decode(waitStatus: status)
    }
}
