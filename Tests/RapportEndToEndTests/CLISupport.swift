import Foundation
import RapportJournal
import RapportModel
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the real `rapport` binary that `swift test` built next to this test bundle.
enum CLI {
    /// The build products folder holding the test bundle (and `rapport`).
    static let productsDirectory: URL? = {
        var candidates: [URL] = []
        if let given = ProcessInfo.processInfo.environment["RAPPORT_BINARY"] {
            return URL(fileURLWithPath: given).deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.executableURL ?? Bundle.main.bundleURL)
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe))
        }
        for start in candidates {
            var dir = start
            for _ in 0..<5 {
                if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("rapport").path) { return dir }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }()

    static var binary: String? {
        if let given = ProcessInfo.processInfo.environment["RAPPORT_BINARY"] { return given }
        return productsDirectory.map { $0.appendingPathComponent("rapport").path }
    }

    /// The test bundle's own executable, re-run as a helper process.
    static var testExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func requireBinary() throws -> String {
        try #require(binary, "the rapport executable was not found next to the test bundle (\(CommandLine.arguments[0])); build it with `swift build` or set RAPPORT_BINARY")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var signalled: Bool
    }

    /// The environment every child gets: nothing inherited but PATH.
    static func environment(journal: String, home: String, extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "RAPPORT_JOURNAL": journal,
            "RAPPORT_NOW": "2026-11-22T09:00:00Z",
            "RAPPORT_AUTHOR": "tester",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "HOME": home,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts a process whose output goes to files (never pipes, which can fill and hang).
    static func start(_ executable: String, _ arguments: [String], environment: [String: String], outputIn directory: String) throws -> (Process, String, String) {
        let id = UUID().uuidString
        let out = directory + "/out-" + id
        let err = directory + "/err-" + id
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return (process, out, err)
    }

    static func finish(_ process: Process, _ out: String, _ err: String) -> Result {
        process.waitUntilExit()
        let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: err)
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr,
                      signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs `rapport ARGS` to completion.
    @discardableResult
    static func rapport(_ arguments: [String], in scratch: Scratch, journal: String? = nil, extra: [String: String] = [:]) throws -> Result {
        let binary = try requireBinary()
        let env = environment(journal: journal ?? scratch.journal, home: scratch.directory, extra: extra)
        let (process, out, err) = try start(binary, arguments, environment: env, outputIn: scratch.directory)
        return finish(process, out, err)
    }

    static func shell(_ script: String, in scratch: Scratch, extra: [String: String] = [:]) throws -> (Process, String, String) {
        let binary = try requireBinary()
        var env = environment(journal: scratch.journal, home: scratch.directory, extra: extra)
        env["RAPPORT"] = binary
        return try start("/bin/sh", ["-c", script], environment: env, outputIn: scratch.directory)
    }
}

/// A fresh folder for one test, removed afterwards.
final class Scratch: @unchecked Sendable {
    let directory: String
    var journal: String { directory + "/journal" }

    init() {
        directory = FileManager.default.temporaryDirectory.path + "/rapport-e2e-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A fresh folder whose journal holds `text`.
    convenience init(journal text: String) throws {
        self.init()
        try text.write(toFile: journal, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

func fileBytes(_ path: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

func fileMode(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

func fileSize(_ path: String) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { return -1 }
    return Int(info.st_size)
}
