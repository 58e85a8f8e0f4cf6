import RapportJournal
import RapportModel
@testable import RapportTUI

/// A small fixed book and a fixed "now" (2026-11-22T12:00:00Z) for dashboard tests:
/// names in several scripts, one holding a terminal escape, complaints, debts and a flag.
enum DashboardFixture {
    static let now = Timestamp(iso8601: "2026-11-22T12:00:00Z")!

    static let lines = """
    2026-01-05T09:00:00Z alice account.open ACME name="Acme Trading Ltd" tier=large owner=alice phone="+44 20 7946 0123"
    2026-01-05T09:01:00Z alice contact.add P-1 account=ACME name="Jane Smith" role=Buyer phone="07700 900111"
    2026-01-06T09:00:00Z bob account.open ZOEM name="Zoë Müller GmbH" tier=medium owner=bob phone="+49 30 1234 5678"
    2026-01-06T09:01:00Z bob contact.add P-2 account=ZOEM name="Zoë Müller" role=CEO phone="+49 170 555 0199"
    2026-01-07T09:00:00Z alice account.open YAMA name="山田太郎商事" tier=small owner=alice phone="+81 3 1234 5678"
    2026-01-08T09:00:00Z bob account.open EVIL name="\\u{1B}[31mEvil Corp\\u{1B}[0m" tier=small owner=bob
    2026-01-09T09:00:00Z bob account.open ROCK name="🚀 Rocket Ltd" tier=small owner=bob
    2026-10-01T10:00:00Z finance invoice.issue INV-1 account=ACME amount=1250.00 currency=GBP due=2026-10-31 issued=2026-10-01
    2026-10-15T10:00:00Z finance invoice.issue INV-2 account=YAMA amount=150000 currency=JPY due=2026-11-14 issued=2026-10-15
    2026-11-01T10:00:00Z finance invoice.issue INV-3 account=ZOEM amount=800.00 currency=EUR due=2026-12-01 issued=2026-11-01
    2026-11-10T10:00:00Z finance account.flag YAMA flag=bad-debt instruction="No new orders" route-to="Priya Patel 020 7946 0999" reason="two invoices unpaid"
    2026-11-20T09:20:11Z alice complaint.open C-1042 account=ACME severity=2 category=delivery summary="Order 5521 arrived 3 days late" owner=alice
    2026-11-21T14:00:00Z bob complaint.open C-1043 account=ZOEM severity=1 category=outage summary="Portal down all morning"
    2026-11-22T08:00:00Z alice interaction.log ACME kind=call sentiment=-1 summary="Unhappy about the late order" contact=P-1
    2026-11-01T08:00:00Z bob feedback.record ZOEM reliability=6 communication=8 recommend=9
    """

    static func loaded() -> LoadedBook {
        var loaded = LoadedBook(path: "fixture")
        for (i, text) in lines.split(separator: "\n").enumerated() {
            guard case .event(let event) = try? LineFormat.parse(String(text)) else { fatalError("fixture line \(i + 1) does not parse") }
            loaded.apply(event, line: i + 1)
        }
        precondition(loaded.problems.isEmpty, "\(loaded.problems)")
        return loaded
    }

    /// The fixture's data with its caller index built and taken in.
    static func data() -> DashboardData {
        var data = DashboardData(loaded: loaded(), now: now)
        data.adoptCallerIndex(wait: true)
        return data
    }

    static func render(_ state: DashboardState, _ data: DashboardData) -> String {
        DashboardView.render(state, data, journalName: "journal").canvas.text()
    }
}
