import Testing
@testable import RapportModel

@Suite struct HealthTests {
    @Test func missingInputsAreShownAsMissingNotAsGood() throws {
        let report = try acmeBook().health(of: "ACME", now: testNow)
        let missing = report.contributions.filter(\.missing).map(\.title)
        #expect(missing == ["Their scores", "Recommend", "Sentiment", "Our promises", "Last contact"])
        #expect(report.contributions.filter(\.missing).allSatisfy { $0.points == 0 })
        #expect(report.score == report.baseline)
    }

    @Test func theScoreIsTheBaselinePlusEveryVisibleContribution() throws {
        var book = try acmeBook()
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "1", "category": "outage", "summary": "down"], at: "2026-11-20T09:00:00Z"))
        try book.apply(ev("feedback.record", "ACME", ["reliability": "4", "communication": "4", "recommend": "3"], at: "2026-11-01T09:00:00Z"))
        try book.apply(ev("interaction.log", "ACME", ["kind": "call", "sentiment": "-2", "summary": "furious"], at: "2026-11-21T09:00:00Z"))
        let report = book.health(of: "ACME", now: testNow)
        let points = Dictionary(uniqueKeysWithValues: report.contributions.map { ($0.title, $0.points) })
        #expect(points["Complaints"] == -15)
        #expect(points["Their scores"] == -9)
        #expect(points["Recommend"] == -5)
        #expect(points["Sentiment"] == -10)
        #expect(points["Last contact"] == 5)
        #expect(report.score == 70 - 15 - 9 - 5 - 10 + 5)
        #expect(report.label == .atRisk)
        #expect(report.contributions.first { $0.title == "Complaints" }?.reason == "1 open (sev 1)")
        #expect(report.contributions.first { $0.title == "Sentiment" }?.reason == "mean -2.0 over 1 conversation")
    }

    @Test func labelsFollowTheThresholds() {
        let w = HealthWeights()
        #expect(w.label(for: 70) == .healthy)
        #expect(w.label(for: 69) == .watch)
        #expect(w.label(for: 45) == .watch)
        #expect(w.label(for: 44) == .atRisk)
    }
}
