import Foundation
import Testing

/// `rapport health` and `rapport report` against a small journal, through the real binary.
@Suite("rapport health and report")
struct HealthReportTests {
    static let journal = """
    2026-06-01T09:00:00Z alice account.open ACME name="Acme Trading Ltd" tier=large owner=alice
    2026-06-01T09:00:00Z bob account.open BETA name="Beta Ltd" tier=small owner=bob
    2026-07-01T09:00:00Z finance invoice.issue INV-1 account=ACME amount=900.00 currency=GBP due=2026-07-31 issued=2026-07-01
    2026-07-01T09:00:00Z finance invoice.issue INV-2 account=BETA amount=100.00 currency=GBP due=2026-07-31 issued=2026-07-01
    2026-08-01T09:00:00Z finance payment.record PAY-1 account=ACME amount=900.00 currency=GBP
    2026-10-01T09:00:00Z bob referral.record R-1 account=BETA referred="Gamma Ltd"
    2026-11-01T09:00:00Z alice feedback.record ACME reliability=4 communication=5 recommend=3
    2026-11-20T09:00:00Z alice interaction.log ACME kind=call sentiment=-2 summary="Angry about the delay"
    2026-11-20T10:00:00Z alice promise.make PR-1 account=ACME by=us due=2026-11-23 text="Deliver the fix"
    2026-11-21T09:00:00Z alice account.rate ACME rating=9
    2026-11-21T10:00:00Z alice complaint.open C-1 account=ACME severity=1 category=delivery summary="Late again"

    """

    func scratch() throws -> Scratch { try Scratch(journal: Self.journal) }

    @Test func healthPrintsEveryContributionAndTheWarnings() throws {
        let s = try scratch()
        let r = try CLI.rapport(["health", "ACME"], in: s)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Acme Trading Ltd (ACME) as of 2026-11-22T09:00:00Z: "))
        #expect(r.stdout.contains("at risk"))
        #expect(r.stdout.contains("! Perception gap: we say 9, they say"))
        #expect(r.stdout.contains("! Tell them now: PR-1 \"Deliver the fix\" due 2026-11-23, not done"))
        #expect(r.stdout.contains("-15  Complaints"))
        #expect(r.stdout.contains("1 open (sev 1)"))
        #expect(r.stdout.contains("Recommend"))
        #expect(r.stdout.contains("3/10 (detractor)"))
        #expect(r.stdout.contains("A week before: "))
    }

    @Test func healthAsOfAPastDateReplaysTheJournalUpToThen() throws {
        let s = try scratch()
        let r = try CLI.rapport(["health", "ACME", "--as-of", "2026-07-15", "--json"], in: s)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2026-07-15T23:59:59Z")
        #expect(object["score"] as? Int == 70)
        let contributions = try #require(object["contributions"] as? [[String: Any]])
        let overdue = try #require(contributions.first { $0["title"] as? String == "Overdue" })
        #expect(overdue["reason"] as? String == "GBP 900.00 owed, none overdue")
        #expect((object["flags"] as? [Any])?.isEmpty == true)
        #expect(contributions.filter { $0["missing"] as? Bool == true }.count == 5)

        let before = try CLI.rapport(["health", "ACME", "--as-of", "2026-05-01"], in: s)
        #expect(before.status == 1)
        #expect(before.stderr.contains("was not open yet"))
        let bad = try CLI.rapport(["health", "ACME", "--as-of", "yesterday"], in: s)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--as-of yesterday is not a date"))
    }

    @Test func reportInThreeFormats() throws {
        let s = try scratch()
        let text = try CLI.rapport(["report"], in: s)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Accounts by tier and health (2)"))
        #expect(text.stdout.contains("GBP: 100% of GBP 1,000.00 — Acme Trading Ltd GBP 900.00, Beta Ltd GBP 100.00"))
        #expect(text.stdout.contains("Beta Ltd: 1 → Gamma Ltd"))
        #expect(text.stdout.contains("category delivery: 1 client, 1 complaint, 1 open"))
        #expect(text.stdout.contains("At risk (1)"))
        #expect(text.stdout.contains("Acme Trading Ltd"))

        let md = try CLI.rapport(["report", "--format", "markdown"], in: s)
        #expect(md.status == 0)
        #expect(md.stdout.contains("| tier | healthy | watch | at risk | total |"))
        #expect(md.stdout.contains("## At risk (1)"))

        let json = try CLI.rapport(["report", "--format", "json"], in: s)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["accounts"] as? Int == 2)
        let atRisk = try #require(object["at_risk"] as? [[String: Any]])
        #expect(atRisk.map { $0["account"] as? String } == ["ACME"])
        #expect((atRisk[0]["flags"] as? [[String: Any]])?.compactMap { $0["flag"] as? String } == ["perception-gap", "tell-them-now"])
        let referrals = try #require(object["referrals"] as? [[String: Any]])
        #expect(referrals.first?["account"] as? String == "BETA")

        let wrong = try CLI.rapport(["report", "--format", "pdf"], in: s)
        #expect(wrong.status != 0)
    }
}
