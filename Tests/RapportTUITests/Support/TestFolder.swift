import Foundation

/// Folders for the tests' journals, themes and terminals, all inside one folder for this
/// test process that is removed when the process exits, so a run leaves nothing behind
/// in the temporary directory, whichever tests failed.
enum TestFolder {
    /// A new empty folder whose name starts with `prefix`.
    static func make(_ prefix: String) throws -> String {
        registerRemoval
        let path = root + "/" + prefix + "-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The folder holding every test folder of this process.
    static let root = NSTemporaryDirectory() + "rapport-tui-tests-\(getpid())"

    private static let registerRemoval: Void = {
        atexit { try? FileManager.default.removeItem(atPath: TestFolder.root) }
    }()
}
