import ArgumentParser

@main
struct Rapport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "A keyboard-driven dashboard for client relationships, kept in a plain-text journal.",
        discussion: """
        With no subcommand, opens the dashboard. The journal lives at $XDG_DATA_HOME/rapport/journal \
        (~/.local/share/rapport/journal) unless --journal or RAPPORT_JOURNAL says otherwise.
        """,
        subcommands: [Dashboard.self, Init.self, Add.self, Log.self, Who.self, Check.self, Demo.self, Import.self, Export.self, ComplaintCommand.self, ComplaintsList.self, Report.self, HealthCommand.self, Bench.self],
        defaultSubcommand: Dashboard.self
    )
}
