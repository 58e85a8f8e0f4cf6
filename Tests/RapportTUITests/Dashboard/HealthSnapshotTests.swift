import Foundation
import RapportJournal
import RapportModel
import Testing
@testable import RapportTUI

/// The Health pane (trend, warnings, contributions) and the portfolio overlay, as text
/// snapshots. The fixture book gets a rosy rating of ACME and a promise of ours due in
/// two days, so both warnings show.
@Suite struct HealthSnapshotTests {
    static let extra = """
    2026-10-20T09:00:00Z alice interaction.log ACME kind=meeting sentiment=1 summary="Happy with the rollout" contact=P-1
    2026-11-20T10:00:00Z alice promise.make PR-1 account=ACME by=us due=2026-11-24 text="Deliver the fix"
    2026-11-21T09:00:00Z alice account.rate ACME rating=9
    2026-11-01T10:00:00Z bob referral.record R-1 account=ZOEM referred="Gamma Ltd" contact=P-2
    """

    static func data() -> DashboardData {
        var loaded = DashboardFixture.loaded()
        let base = DashboardFixture.lines.split(separator: "\n").count
        for (i, text) in extra.split(separator: "\n").enumerated() {
            guard case .event(let event) = try? LineFormat.parse(String(text)) else { fatalError("extra line \(i + 1) does not parse") }
            loaded.apply(event, line: base + i + 1)
        }
        precondition(loaded.problems.isEmpty, "\(loaded.problems)")
        return DashboardData(loaded: loaded, now: DashboardFixture.now)
    }

    func check(_ name: String, _ state: DashboardState, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = DashboardFixture.render(state, Self.data()) + "\n"
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs:\n\(text)", sourceLocation: sourceLocation)
    }

    func acmeSelected(width: Int, height: Int) -> DashboardState {
        let data = Self.data()
        var s = DashboardState(width: width, height: height)
        s.selection[.accounts] = DashboardUpdate.rows(.accounts, s, data).firstIndex { data.accounts[$0].id == "ACME" } ?? 0
        s.focus = .health
        return s
    }

    @Test func healthPaneWithTrendWarningsAndContributions() throws {
        try check("health-acme-160x48", acmeSelected(width: 160, height: 48))
    }

    @Test func healthPaneAt80x24KeepsTheWarningsInView() throws {
        try check("health-acme-80x24", acmeSelected(width: 80, height: 24))
        let text = DashboardFixture.render(acmeSelected(width: 80, height: 24), Self.data())
        #expect(text.contains("! TELL THEM NOW"))
        #expect(text.contains("! GAP"))
    }

    @Test func accountsFlagsSayGapAndTellInWords() {
        let data = Self.data()
        let acme = data.accounts.first { $0.id == "ACME" }
        #expect(acme?.healthFlags == ["GAP", "TELL"])
    }

    @Test func portfolioOverlay() throws {
        let data = Self.data()
        var s = DashboardState(width: 100, height: 40)
        _ = DashboardUpdate.update(&s, key: .char("P"), data: data)
        guard case .portfolio = s.overlay else { Issue.record("P opens the portfolio"); return }
        try check("portfolio-100x40", s)
        _ = DashboardUpdate.update(&s, key: .escape, data: data)
        var closed = false
        if case .none = s.overlay { closed = true }
        #expect(closed)
    }
}
