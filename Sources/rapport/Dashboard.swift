import ArgumentParser
import Foundation
import RapportJournal
import RapportModel
import RapportTUI

/// `rapport` with no subcommand: the dashboard an account manager keeps open all day.
struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the dashboard (the default).",
        discussion: """
        Themes: --theme NAME or PATH, else $RAPPORT_THEME, else `theme = NAME` in \
        $XDG_CONFIG_HOME/rapport/config (~/.config/rapport/config), else `default`. \
        Built in: default, light, high-contrast, mono. NO_COLOR is honoured.
        """
    )

    @OptionGroup var options: JournalOptions
    @Option(help: "Colour theme: default, light, high-contrast, mono, or a path to a .theme file.") var theme: String?
    @Flag(help: "Open on a demo book (written to $XDG_DATA_HOME/rapport/demo-journal if it is not there yet).") var demo = false
    @Option(help: "Who is writing (default: $RAPPORT_AUTHOR, else your login name).") var author: String?
    @OptionGroup var saved: SnapshotOptions

    func run() throws {
        var status: Int32 = 0
        try reportingErrors {
            let environment = ProcessInfo.processInfo.environment
            var path = options.path
            if demo {
                path = options.journal ?? JournalOptions.resolve(nil).replacingLastComponent(with: "demo-journal")
                let file = JournalFile(path: path)
                if !file.exists {
                    try file.create()
                    try file.append(DemoBook(now: try Environment.now()).events())
                }
            }
            let locator = ThemeLocator(directories: ThemeLocator.standardDirectories(executablePath: CommandLine.arguments[0], environment: environment))
            let chosen: Theme
            do {
                chosen = try locator.theme(argument: theme, environment: environment["RAPPORT_THEME"], configured: Config.load(environment: environment)["theme"])
            } catch {
                throw UserError(String(describing: error))
            }
            let app = try DashboardApp(journalPath: path, theme: chosen, environment: environment,
                                       author: try Environment.author(author), settings: try SettingsFile.load(environment: environment),
                                       snapshot: saved.snapshot(forJournal: path), clock: { (try? Environment.now()) ?? Timestamp(seconds: 0) })
            // Once it has closed (the terminal given back), its memory goes back with the
            // process rather than a table at a time.
            defer { KeptUntilExit.keep(unused: app) }
            do {
                status = try app.run()
            } catch {
                throw UserError(String(describing: error))
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `key = value` settings from $XDG_CONFIG_HOME/rapport/config; `#` starts a comment.
enum Config {
    static func path(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/rapport/config" }
        return (environment["HOME"] ?? ".") + "/.config/rapport/config"
    }

    static func load(environment: [String: String]) -> [String: String] {
        guard let text = try? String(contentsOfFile: path(environment: environment), encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = body.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

extension String {
    func replacingLastComponent(with name: String) -> String {
        guard let slash = lastIndex(of: "/") else { return name }
        return String(self[...slash]) + name
    }
}
