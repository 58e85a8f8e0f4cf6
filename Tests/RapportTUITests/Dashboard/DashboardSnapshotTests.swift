import Foundation
import RapportModel
import Testing
@testable import RapportTUI

/// Whole-screen snapshots from the fixed book and the fixed "now", compared as text with
/// the files in Snapshots/. Set RAPPORT_RECORD_SNAPSHOTS=1 to rewrite them after a
/// deliberate change, then read the diff before committing.
@Suite struct DashboardSnapshotTests {
    let data = DashboardFixture.data()

    func check(_ name: String, _ state: DashboardState, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = DashboardFixture.render(state, data) + "\n"
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs:\n\(text)", sourceLocation: sourceLocation)
    }

    @Test func fourPanesAt80x24() throws {
        try check("panes-80x24", DashboardState(width: 80, height: 24))
    }

    @Test func fourPanesAt160x48() throws {
        try check("panes-160x48", DashboardState(width: 160, height: 48))
    }

    @Test func complaintsFocusedWithTheHealthOfTheSelectedComplaintsClient() throws {
        var s = DashboardState(width: 120, height: 30)
        s.focus = .complaints
        try check("complaints-focused-120x30", s)
    }

    @Test("the Payments totals are those of the invoices a filter, or one account shown everywhere, leaves listed")
    func paymentsTotalsFollowTheList() throws {
        var s = DashboardState(width: 160, height: 48)
        s.focus = .payments
        s.filters[.payments] = "muller"
        try check("payments-filtered-160x48", s)
        s.filters[.payments] = nil
        s.accountFilter = "YAMA"
        let text = DashboardFixture.render(s, data)
        let totals = text.split(separator: "\n").filter { line in ["JPY ", "GBP ", "EUR "].contains { line.contains("┃" + $0) } }
        #expect(totals.count == 1 && totals[0].contains("150,000"), "only YAMA's yen are totalled: \(totals)")
    }

    @Test func helpOverlay() throws {
        var s = DashboardState(width: 100, height: 44)
        s.overlay = .help(offset: 0)
        try check("help-100x44", s)
    }

    @Test func accountDetailWithHistoryNewestFirst() throws {
        var s = DashboardState(width: 120, height: 24)
        s.overlay = .detail(account: "ACME", offset: 0)
        try check("detail-acme-120x24", s)
    }

    @Test func callerCheckShowsTheRouteToPerson() throws {
        var s = DashboardState(width: 100, height: 30)
        var lookup = CallerLookup()
        lookup.input = TextInput("5678")
        lookup.matches = try #require(data.callerIndex).search("5678")
        s.overlay = .lookup(lookup)
        try check("caller-check-100x30", s)
    }

    @Test func complaintForm() throws {
        var s = DashboardState(width: 100, height: 30)
        _ = DashboardUpdate.update(&s, key: .char("c"), data: data)
        try check("complaint-form-100x30", s)
    }

    @Test func tooSmallSaysSoInsteadOfDrawingGarbage() throws {
        try check("too-small-50x12", DashboardState(width: 50, height: 12))
    }

    @Test func escapeSequencesInNamesAreDrawnAsVisibleText() {
        let text = DashboardFixture.render(DashboardState(width: 160, height: 48), data)
        #expect(text.contains("␛[31mEvil Corp␛[0m"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func wideNamesAlignByDisplayWidth() {
        let canvas = DashboardView.render(DashboardState(width: 160, height: 48), data, journalName: "journal").canvas
        let lines = canvas.lines
        let rows = lines.filter { $0.contains("山田太郎商事") || $0.contains("Acme Trading Ltd") || $0.contains("Zoë Müller GmbH") || $0.contains("🚀") }
        #expect(rows.count >= 4)
        for line in lines { #expect(DisplayWidth.of(line) == 160, "every row is exactly 160 cells: \(line)") }
    }
}
