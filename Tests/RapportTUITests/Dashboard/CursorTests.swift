import Testing
import RapportModel
@testable import RapportTUI

/// What a one-row cursor move changes on screen: the cells ncurses has to write.
@Suite struct CursorTests {
    /// The cells that differ between the frames before and after one move down the Accounts pane.
    func changedCells(cursor: Settings.CursorMark) -> [(x: Int, y: Int)] {
        var settings = Settings()
        settings.cursor = cursor
        var data = DashboardData(loaded: DashboardFixture.loaded(), now: DashboardFixture.now, settings: settings)
        data.adoptCallerIndex(wait: true)
        var state = DashboardState(width: 250, height: 70)
        let before = DashboardView.render(state, data, journalName: "journal").canvas
        let shown = DashboardUpdate.healthAccount(state, data)
        _ = DashboardUpdate.update(&state, key: .char("j"), data: data)
        // As the dashboard does: the Health pane stays put until the cursor rests.
        #expect(DashboardUpdate.holdHealth(&state, key: .char("j"), shown: shown, data: data))
        let after = DashboardView.render(state, data, journalName: "journal").canvas
        var changed: [(x: Int, y: Int)] = []
        for y in 0..<70 {
            for x in 0..<250 where before[x, y] != after[x, y] { changed.append((x, y)) }
        }
        return changed
    }

    @Test func aMoveRewritesTheTwoNamesAndThePosition() {
        let changed = changedCells(cursor: .name)
        // The pane's position ("1/5" → "2/5") and the two rows' marked names, nothing else
        // (the Health pane follows only once the cursor rests).
        let rows = Set(changed.map(\.y))
        #expect(rows.count == 3, "\(rows.sorted())")
        #expect(changed.count < 50, "\(changed.count) cells changed")
    }

    @Test func aWholeRowCursorRewritesBothRows() {
        let changed = changedCells(cursor: .row)
        #expect(Set(changed.map(\.y)).count == 3)
        // Both rows, edge to edge of the Accounts pane.
        #expect(changed.count > 2 * 100, "\(changed.count) cells changed")
    }
}
