import Foundation

/// Decides which theme to use and finds its file.
///
/// The choice comes from, in order: the `--theme` option, `RAPPORT_THEME`, the
/// configuration file, then `default`. A choice holding a `/` or ending in
/// `.theme` is a path; otherwise it is a name looked up as `NAME.theme` in each
/// search directory, then among the built-in themes, so the program works even
/// when no `Themes/` folder was installed.
public struct ThemeLocator: Sendable {
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// Where themes are looked for by default: the user's own themes, the
    /// installed `share/rapport/Themes`, and a `Themes/` folder of the package the
    /// executable was built in (found by walking up from the executable).
    public static func standardDirectories(executablePath: String, environment: [String: String]) -> [String] {
        var result: [String] = []
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            result.append(config + "/rapport/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            result.append(home + "/.config/rapport/themes")
        }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        result.append(directory.deletingLastPathComponent().appendingPathComponent("share/rapport/Themes").path)
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("Themes")
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                result.append(candidate.path)
                break
            }
            directory.deleteLastPathComponent()
        }
        return result
    }

    /// The theme chosen by the first of `argument`, `environment` and `configured`
    /// that is set and non-empty, or the default theme.
    public func theme(argument: String?, environment: String?, configured: String?) throws(ThemeError) -> Theme {
        let choice = [argument, environment, configured].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? "default"
        return try load(choice)
    }

    /// A theme by name or by path.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            return try parseFile(at: nameOrPath)
        }
        for directory in directories {
            let path = directory + "/" + nameOrPath + ".theme"
            if FileManager.default.isReadableFile(atPath: path) { return try parseFile(at: path) }
        }
        if let source = BuiltinThemes.source(named: nameOrPath) {
            return try ThemeParser.parse(source, file: nameOrPath + ".theme")
        }
        throw ThemeError(file: nameOrPath, line: 0,
                         message: "no such theme; available: " + availableNames().joined(separator: ", "))
    }

    /// Every theme name that `load` would find, built-in ones included.
    public func availableNames() -> [String] {
        var names = BuiltinThemes.names
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".theme") {
                let name = String(file.dropLast(6))
                if !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    private func parseFile(at path: String) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(file: path, line: 0, message: "cannot read the theme file (\(error.localizedDescription))")
        }
        return try ThemeParser.parse(text, file: path)
    }
}
