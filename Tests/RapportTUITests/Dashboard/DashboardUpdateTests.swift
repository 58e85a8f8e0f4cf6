import RapportModel
import Testing
@testable import RapportTUI

@Suite struct DashboardUpdateTests {
    let data = DashboardFixture.data()

    func press(_ keys: [Key], _ state: inout DashboardState) -> [DashboardEffect] {
        var effects: [DashboardEffect] = []
        for key in keys { effects += DashboardUpdate.update(&state, key: key, data: data) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func arrowsAndVimKeysMoveTheSelection() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.down, .char("j"), .char("j")], &s)
        #expect(s.selected(.accounts) == 3)
        _ = press([.up, .char("k")], &s)
        #expect(s.selected(.accounts) == 1)
        _ = press([.char("G")], &s)
        #expect(s.selected(.accounts) == data.accounts.count - 1)
        _ = press([.char("g")], &s)
        #expect(s.selected(.accounts) == 0)
        _ = press([.up], &s)
        #expect(s.selected(.accounts) == 0, "never above the first row")
    }

    @Test func theHealthPaneWaitsForTheCursorToRestThenFollows() {
        var s = DashboardState(width: 120, height: 40)
        let first = DashboardUpdate.healthAccount(s, data)
        for _ in 0..<2 {
            let shown = DashboardUpdate.healthAccount(s, data)
            _ = press([.char("j")], &s)
            #expect(DashboardUpdate.holdHealth(&s, key: .char("j"), shown: shown, data: data))
        }
        #expect(DashboardUpdate.healthAccount(s, data) == first, "held on the account shown before the moves")
        #expect(DashboardUpdate.currentAccount(s, data) == data.accounts[2].id)
        #expect(DashboardFixture.render(s, data).contains("Health · \(data.accounts[0].name)"))
        // The App releases the hold once the cursor rests; any other key releases it at once.
        let shown = DashboardUpdate.healthAccount(s, data)
        _ = press([.tab], &s)
        #expect(!DashboardUpdate.holdHealth(&s, key: .tab, shown: shown, data: data))
        #expect(s.healthHeld == nil)
        #expect(DashboardUpdate.healthAccount(s, data) == DashboardUpdate.currentAccount(s, data))
    }

    @Test func tabAndShiftTabCycleThePanesAndHLMoveAcross() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.tab], &s)
        #expect(s.focus == .complaints)
        _ = press([.tab, .tab, .tab], &s)
        #expect(s.focus == .accounts)
        _ = press([.backTab], &s)
        #expect(s.focus == .health)
        _ = press([.char("h")], &s)
        #expect(s.focus == .payments)
        _ = press([.char("l")], &s)
        #expect(s.focus == .health)
        _ = press([.char("3")], &s)
        #expect(s.focus == .payments)
    }

    @Test func slashFiltersTheFocusedPaneAsYouType() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.char("/")] + type("zoe"), &s)
        #expect(s.editingFilter)
        #expect(DashboardUpdate.rows(.accounts, s, data).map { data.accounts[$0].id } == ["ZOEM"])
        _ = press([.enter], &s)
        #expect(!s.editingFilter && s.filter(.accounts) == "zoe")
        _ = press([.char("/"), .escape], &s)
        #expect(s.filter(.accounts).isEmpty)
        #expect(DashboardUpdate.rows(.accounts, s, data).count == 5)
    }

    @Test("Esc clears a kept filter, keeping the selected row selected, then the one-account view, then does nothing")
    func escapeClearsTheFilterThenTheOneAccountView() {
        var s = DashboardState(width: 120, height: 40)
        let all = DashboardUpdate.rows(.accounts, s, data)
        _ = press([.char("/")] + type("m") + [.enter], &s)
        let narrowed = DashboardUpdate.rows(.accounts, s, data)
        #expect(narrowed.count > 1 && narrowed.count < all.count)
        _ = press([.char("j")], &s)
        let chosen = narrowed[1]
        _ = press([.escape], &s)
        #expect(s.filter(.accounts).isEmpty && !s.editingFilter)
        #expect(DashboardUpdate.rows(.accounts, s, data) == all)
        #expect(all[s.selected(.accounts)] == chosen, "the row chosen under the filter is still the one selected")
        // With no filter in the pane, Esc leaves the one-account view.
        _ = press([.char(" ")], &s)
        #expect(s.accountFilter == data.accounts[chosen].id)
        _ = press([.char("3"), .char("/")] + type("inv") + [.enter], &s)
        _ = press([.escape], &s)
        #expect(s.filter(.payments).isEmpty && s.accountFilter == data.accounts[chosen].id, "the pane's filter goes first")
        _ = press([.escape], &s)
        #expect(s.accountFilter == nil)
        let before = s
        _ = press([.escape], &s)
        #expect(s.filters == before.filters && s.accountFilter == nil && s.focus == before.focus)
    }

    @Test func spaceFiltersEveryPaneToTheAccountAndXClearsIt() {
        var s = DashboardState(width: 120, height: 40)
        let acme = DashboardUpdate.rows(.accounts, s, data).firstIndex { data.accounts[$0].id == "ACME" }!
        s.selection[.accounts] = acme
        _ = press([.char(" ")], &s)
        #expect(s.accountFilter == "ACME")
        #expect(DashboardUpdate.rows(.complaints, s, data).map { data.complaints[$0].complaint.id } == ["C-1042"])
        #expect(DashboardUpdate.rows(.payments, s, data).map { data.payments[$0].invoice } == ["INV-1"])
        _ = press([.char("x")], &s)
        #expect(s.accountFilter == nil)
        #expect(DashboardUpdate.rows(.complaints, s, data).count == 2)
    }

    @Test func enterOpensTheAccountsHistoryAndEscGoesBack() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.char("2"), .enter], &s)
        guard case .detail(let account, _) = s.overlay else { Issue.record("no detail view"); return }
        #expect(account == data.complaints[0].complaint.account)
        _ = press([.escape], &s)
        #expect(s.overlay == nil)
    }

    @Test func questionMarkShowsHelpGeneratedFromTheKeymap() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.char("?")], &s)
        guard case .help = s.overlay else { Issue.record("no help"); return }
        let text = DashboardFixture.render(s, data)
        for binding in DashboardKeymap.keymap.bindings where binding.isListed && binding.context == DashboardKeymap.list {
            #expect(text.contains(binding.help), "help lacks \(binding.help)")
        }
        #expect(DashboardKeymap.keymap.duplicateKeys().isEmpty)
    }

    @Test func aFormWritesExactlyOneEventAndEscWritesNothing() {
        var s = DashboardState(width: 120, height: 40)
        let acme = DashboardUpdate.rows(.accounts, s, data).firstIndex { data.accounts[$0].id == "ACME" }!
        s.selection[.accounts] = acme
        var effects = press([.char("i")] + [.tab, .tab] + type("1") + [.tab] + type("Happy with the refund") + [.enter], &s)
        #expect(effects == [.append(verb: .interactionLog, subject: "ACME", fields: [
            .init("kind", "call"), .init("sentiment", "1"), .init("summary", "Happy with the refund"),
        ])])
        #expect(s.overlay == nil)
        effects = press([.char("c")] + type("x") + [.escape], &s)
        #expect(effects.isEmpty)
        #expect(s.overlay == nil)
        #expect(s.message == "Cancelled; nothing written")
    }

    @Test func aFormValidatesAsYouTypeAndRefusesToSubmitBadFields() {
        var s = DashboardState(width: 120, height: 40)
        let effects = press([.char("c"), .tab] + type("7") + [.enter], &s)
        #expect(effects.isEmpty)
        guard case .form(let form) = s.overlay else { Issue.record("form closed"); return }
        #expect(form.messages[1] == "between 1 and 4")
        #expect(form.error?.contains("Severity") == true)
        #expect(form.subject == "C-3", "a new id is offered: C-1042 and C-1043 are taken")
    }

    @Test("the caller check opens before the index is built, says it is indexing, and searches what was typed once the index arrives")
    func theCallerCheckWaitsForItsIndex() {
        var pending = DashboardData(loaded: DashboardFixture.loaded(), now: DashboardFixture.now)
        #expect(pending.callerIndex == nil, "start-up does not wait for the index")
        var s = DashboardState(width: 120, height: 40)
        for key in [Key.char("w")] + type("0199") { _ = DashboardUpdate.update(&s, key: key, data: pending) }
        guard case .lookup(let before) = s.overlay else { Issue.record("no lookup"); return }
        #expect(before.matches.isEmpty && before.input.text == "0199")
        #expect(DashboardFixture.render(s, pending).contains("Indexing names and numbers"))
        let taken = pending.adoptCallerIndex(wait: true)
        let again = pending.adoptCallerIndex(wait: true)
        #expect(taken)
        #expect(!again, "taken in once")
        DashboardUpdate.callerIndexArrived(&s, data: pending)
        guard case .lookup(let after) = s.overlay else { Issue.record("no lookup"); return }
        #expect(after.matches.first?.account == "ZOEM")
        #expect(!DashboardFixture.render(s, pending).contains("Indexing"))
    }

    @Test("accounts touched while the index was built are re-read when it is taken in")
    func appendsWhileIndexingAreNotLost() throws {
        var data = DashboardData(loaded: DashboardFixture.loaded(), now: DashboardFixture.now)
        var loaded = data.takeLoaded()
        let event = Event(time: DashboardFixture.now, author: "alice", verb: .contactAdd, subject: "P-9",
                          fields: [.init("account", "ROCK"), .init("name", "Quentin Quasar"), .init("phone", "07700 424242")])
        let applied = loaded.apply(event, line: 99)
        let touched = try #require(applied)
        data.applied([(event, touched)], to: loaded)
        data.adoptCallerIndex(wait: true)
        let index = try #require(data.callerIndex)
        #expect(index.search("quasar").first?.account == "ROCK")
        #expect(index.search("424242").first?.contact == "P-9")
    }

    @Test func theCallerCheckFindsByLastFourDigitsAndJumpsToTheAccount() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.char("w")] + type("0199"), &s)
        guard case .lookup(let lookup) = s.overlay else { Issue.record("no lookup"); return }
        #expect(lookup.matches.first?.account == "ZOEM")
        #expect(lookup.matches.first?.contact == "P-2")
        _ = press([.enter], &s)
        #expect(s.overlay == nil)
        let row = DashboardUpdate.rows(.accounts, s, data)[s.selected(.accounts)]
        #expect(data.accounts[row].id == "ZOEM")
    }

    @Test("panes kept from the last frame are drawn again whenever what they show changes: every frame of a session equals one drawn with nothing kept")
    func keptPanesMatchFreshOnes() {
        var s = DashboardState(width: 140, height: 44)
        let session: [[Key]] = [
            [], [.char("j")], [.tab], [.char("j")], [.char("v")], [.char("j")], [.char("v")], [.char(" ")], [.char("x")],
            [.char("F")], [.char("F")], [.char("/")] + type("ac"), [.escape], [.tab], [.char("j")], [.char("/")] + type("inv"),
            [.enter], [.backTab], [.char("k")], [.char("V")], [.tab], [.tab], [.char("G")],
        ]
        for (step, keys) in session.enumerated() {
            _ = press(keys, &s)
            if step == 14 { s.width = 100; s.height = 30 }
            var fresh = data
            fresh.forgetDerivedViews()
            #expect(DashboardFixture.render(s, data) == DashboardFixture.render(s, fresh), "step \(step): \(keys)")
        }
    }

    @Test func qQuitsAndCtrlLRedraws() {
        var s = DashboardState(width: 120, height: 40)
        #expect(press([.ctrl("l")], &s) == [.redraw])
        #expect(press([.char("q")], &s) == [.quit])
    }

    @Test func aClickSelectsThePaneAndRow() {
        var s = DashboardState(width: 120, height: 40)
        let rect = DashboardLayout(width: 120, height: 40).rect(of: .complaints)
        _ = press([.mouse(MouseEvent(x: rect.x + 3, y: rect.y + 3, button: .left))], &s)
        #expect(s.focus == .complaints)
        #expect(s.selected(.complaints) == 1)
    }
}
