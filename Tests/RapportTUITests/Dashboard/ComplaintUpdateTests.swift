import RapportModel
import Testing
@testable import RapportTUI

/// The Complaints pane's keys: protocol steps, the urgency breakdown, marks, saved filters.
@Suite struct ComplaintUpdateTests {
    let data = DashboardFixture.data()

    func press(_ keys: [Key], _ state: inout DashboardState) -> [DashboardEffect] {
        var effects: [DashboardEffect] = []
        for key in keys { effects += DashboardUpdate.update(&state, key: key, data: data) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.char($0) } }

    /// Focused on the Complaints pane; the first row is the most urgent complaint.
    func onComplaints() -> (DashboardState, String) {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.char("2")], &s)
        return (s, data.complaints[0].complaint.id)
    }

    @Test func eachStepIsOneKeyAndOneEvent() {
        let steps: [(Character, Verb, String)] = [
            ("a", .complaintAcknowledge, "Emailed Jane"), ("s", .complaintApologise, "Said sorry to Jane"),
            ("t", .complaintAccept, "We mislabelled the parcel"), ("f", .complaintOfferFix, "Free redelivery tomorrow"),
            ("z", .complaintWait, "Waiting for their photos"), ("O", .complaintReopen, "x"),
        ]
        for (key, verb, note) in steps where verb != .complaintReopen {
            var (s, id) = onComplaints()
            var effects = press([.char(key)], &s)
            guard case .form(let form)? = s.overlay else { Issue.record("\(key) opened no form"); continue }
            #expect(form.verb == verb)
            effects = press(type(note) + [.enter], &s)
            #expect(effects == [.append(verb: verb, subject: id, fields: [Event.Field("note", note)])])
        }
    }

    @Test func closingWithoutTheProtocolAsksForAReason() {
        var (s, id) = onComplaints()
        _ = press([.char("C")], &s)
        guard case .form(let form)? = s.overlay else { Issue.record("no form"); return }
        #expect(form.title.contains("without apology, responsibility, fix offered"))
        var effects = press([.enter], &s)
        #expect(effects.isEmpty)
        guard case .form(let refused)? = s.overlay else { Issue.record("form closed"); return }
        #expect(refused.error == "Reason: required")
        effects = press(type("Client withdrew it") + [.enter], &s)
        #expect(effects == [.append(verb: .complaintClose, subject: id, fields: [Event.Field("reason", "Client withdrew it")])])
    }

    @Test func blameIsFlaggedOnceThenWrittenIfInsisted() {
        var (s, id) = onComplaints()
        _ = press([.char("t")] + type("The courier lost it") + [.enter], &s)
        guard case .form(let form)? = s.overlay else { Issue.record("written without a warning"); return }
        #expect(form.error == "We accept: that sounds like blame — say what we will do (Enter again writes it as it is)")
        let effects = press([.enter], &s)
        #expect(effects == [.append(verb: .complaintAccept, subject: id, fields: [Event.Field("note", "The courier lost it")])])
    }

    @Test func uShowsTheBreakdownAndEscClosesIt() {
        var (s, id) = onComplaints()
        _ = press([.char("u")], &s)
        guard case .urgency(let shown, _)? = s.overlay else { Issue.record("no breakdown"); return }
        #expect(shown == id)
        let text = DashboardFixture.render(s, data)
        #expect(text.contains("Why this urgency"))
        #expect(text.contains("severity"))
        #expect(text.contains("first response"))
        _ = press([.escape], &s)
        #expect(s.overlay.map { _ in true } == nil)
    }

    @Test func marksMakeOneEventPerComplaint() {
        var (s, _) = onComplaints()
        _ = press([.char("v"), .char("v")], &s)
        #expect(s.marked.count == 2)
        let effects = press([.char("o")] + [.ctrl("u")] + type("carol") + [.enter], &s)
        let ids = Set(data.complaints.map(\.complaint.id))
        #expect(effects.count == 2)
        for case .append(let verb, let subject, let fields) in effects {
            #expect(verb == .complaintAssign)
            #expect(ids.contains(subject))
            #expect(fields == [Event.Field("owner", "carol")])
        }
        #expect(s.marked.isEmpty)
    }

    @Test func savedFiltersCycle() {
        var (s, _) = onComplaints()
        _ = press([.char("F")], &s)
        #expect(s.complaintFilter == .mine)
        _ = press([.char("F")], &s)
        #expect(s.complaintFilter == .breachingToday)
        _ = press([.char("F")], &s)
        #expect(s.complaintFilter == .unassigned)
        #expect(DashboardUpdate.rows(.complaints, s, data).map { data.complaints[$0].complaint.id } == ["C-1043"])
        _ = press([.char("F")], &s)
        guard case .category? = s.complaintFilter else { Issue.record("no category filter"); return }
        _ = press([.char("F")], &s)
        #expect(s.complaintFilter == nil)
    }

    @Test func complaintKeysOnlyActInTheComplaintsPane() {
        var s = DashboardState(width: 120, height: 40)
        _ = press([.char("s")], &s)
        #expect(s.overlay.map { _ in true } == nil)
        #expect(DashboardKeymap.keymap.duplicateKeys().isEmpty)
    }
}
