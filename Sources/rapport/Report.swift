import ArgumentParser
import Foundation
import RapportJournal
import RapportModel

/// `rapport report`: the portfolio and the accounts at risk, for a person or a script.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The portfolio (tiers, health, revenue in the largest five, referrals, complaint causes) and the at-risk list.",
        discussion: "Health weights come from the config file (docs/CONFIG.md). RAPPORT_NOW pins \"now\"."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @OptionGroup var options: JournalOptions
    @OptionGroup var saved: SnapshotOptions
    @Option(help: "text, markdown or json.") var format: Format = .text

    func run() throws {
        try reportingErrors {
            let settings = try SettingsFile.load(environment: ProcessInfo.processInfo.environment)
            let now = try Environment.now()
            let loaded = try saved.load(options.path)
            let book = loaded.book
            let board = HealthBoard.inHalves(book: book, now: now, weights: settings.health, service: settings.service)
            let portfolio = book.portfolio(now: now, board: board)
            let name = { (id: String) in book.accounts[id]?.name ?? id }
            switch format {
            case .text:
                print(Terminal.safe("Portfolio as of \(now)"))
                for line in portfolio.lines(name: name) { print(Terminal.safe(line.text)) }
            case .markdown:
                print(Self.markdown(portfolio, now: now, name: name))
            case .json:
                print(Self.json(portfolio, now: now, book: book))
            }
            if !loaded.problems.isEmpty {
                printError("\(loaded.problems.count) journal problem\(loaded.problems.count == 1 ? "" : "s"); run `rapport check`")
            }
        }
    }

    static func markdown(_ p: Portfolio, now: Timestamp, name: (String) -> String) -> String {
        func cell(_ s: String) -> String { Terminal.safe(s).replacingOccurrences(of: "|", with: "\\|") }
        var out = ["# Portfolio as of \(now)", "", "## Accounts by tier and health (\(p.accountCount))", "",
                   "| tier | healthy | watch | at risk | total |", "| --- | ---: | ---: | ---: | ---: |"]
        for tier in Tier.allCases.reversed() {
            let row = p.grid[tier] ?? [:]
            out.append("| \(tier.rawValue) | \(row[.healthy] ?? 0) | \(row[.watch] ?? 0) | \(row[.atRisk] ?? 0) | \(p.byTier[tier] ?? 0) |")
        }
        out.append("| all | \(p.byLabel[.healthy] ?? 0) | \(p.byLabel[.watch] ?? 0) | \(p.byLabel[.atRisk] ?? 0) | \(p.accountCount) |")
        out += ["", "## Revenue in the largest \(Portfolio.topClients) clients (invoiced, last 12 months)", ""]
        if p.revenue.isEmpty { out.append("Nothing invoiced in the last 12 months.") }
        for r in p.revenue {
            out.append("- **\(r.currency.code)**: \(Int((r.share * 100).rounded()))% of \(r.total.formatted) — "
                       + r.top.map { "\(cell(name($0.account))) \($0.amount.formatted)" }.joined(separator: ", "))
        }
        out += ["", "## Referrals: \(p.referralCount) from \(p.referrals.count) clients", ""]
        for r in p.referrals { out.append("- \(cell(name(r.account))): \(r.count)" + (r.people.isEmpty ? "" : " via \(cell(r.people.joined(separator: ", ")))") + " → \(cell(r.referred.joined(separator: ", ")))") }
        out += ["", "## Ask for a referral", ""]
        if p.askForReferral.isEmpty { out.append("No one qualifies yet.") }
        for c in p.askForReferral { out.append("- \(cell(name(c.account))) (\(c.score)): \(c.why)") }
        out += ["", "## Complaint causes touching most clients", "", "| cause | clients | complaints | open |", "| --- | ---: | ---: | ---: |"]
        for c in p.causes { out.append("| \(cell(c.name)) | \(c.accounts) | \(c.complaints) | \(c.open) |") }
        out += ["", "## At risk (\(p.atRisk.count))", "", "| account | health | pulled down most by | flags |", "| --- | ---: | --- | --- |"]
        for r in p.atRisk {
            let worst = r.worst.map { "\($0.title) \($0.points): \($0.reason)" } ?? ""
            out.append("| \(cell(name(r.account))) | \(r.score) | \(cell(worst)) | \(r.flagWords.joined(separator: " ")) |")
        }
        return out.joined(separator: "\n")
    }

    static func json(_ p: Portfolio, now: Timestamp, book: Book) -> String {
        func money(_ m: Money) -> [String: Any] { ["currency": m.currency.code, "amount": m.plain, "minor_units": m.minorUnits] }
        var tiers: [String: Any] = [:]
        for tier in Tier.allCases {
            let row = p.grid[tier] ?? [:]
            tiers[tier.rawValue] = ["healthy": row[.healthy] ?? 0, "watch": row[.watch] ?? 0, "at_risk": row[.atRisk] ?? 0, "total": p.byTier[tier] ?? 0]
        }
        let object: [String: Any] = [
            "as_of": now.iso8601,
            "accounts": p.accountCount,
            "by_tier": tiers,
            "by_health": ["healthy": p.byLabel[.healthy] ?? 0, "watch": p.byLabel[.watch] ?? 0, "at_risk": p.byLabel[.atRisk] ?? 0],
            "revenue": p.revenue.map { r in
                ["currency": r.currency.code, "total": money(r.total), "top_total": money(r.topTotal), "top_share": r.share,
                 "top": r.top.map { ["account": $0.account, "invoiced": money($0.amount)] }] as [String: Any]
            },
            "referrals": p.referrals.map { ["account": $0.account, "count": $0.count, "people": $0.people, "referred": $0.referred] as [String: Any] },
            "ask_for_referral": p.askForReferral.map { ["account": $0.account, "health": $0.score, "why": $0.why] as [String: Any] },
            "complaint_causes": p.causes.map { ["cause": $0.name, "accounts": $0.accounts, "complaints": $0.complaints, "open": $0.open] as [String: Any] },
            "at_risk": p.atRisk.map { HealthCommand.object($0, book: book) },
        ]
        return JSONText.string(object)
    }
}

extension HealthBoard {
    /// Every account's health, each half of the accounts worked out on its own core.
    static func inHalves(book: Book, now: Timestamp, weights: HealthWeights, service: ServiceLevel) -> HealthBoard {
        let order = book.accountOrder
        let parts = [order[..<(order.count / 2)], order[(order.count / 2)...]]
        let boards = Halves<HealthBoard>()
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            boards.set(i, HealthBoard(book: book, accounts: parts[i], now: now, weights: weights, service: service))
        }
        var board = boards.get(0)
        board.merge(boards.get(1))
        return board
    }
}

/// Where pieces of work done at once put their results: a box for each, so no two
/// threads write the same storage. @unchecked: each piece writes only its own box, and
/// `concurrentPerform` returns only once every piece has finished.
final class Halves<Value>: @unchecked Sendable {
    private final class Box { var value: Value? }
    private let boxes = [Box(), Box()]
    func set(_ i: Int, _ value: Value) { boxes[i].value = value }
    func get(_ i: Int) -> Value { boxes[i].value! }
}
