import Foundation
import Testing

/// `rapport complaint VERB ID` and `rapport complaints` through the real binary.
@Suite("rapport complaint and complaints")
struct ComplaintCommandTests {
    static let journal = """
    # rapport journal v1
    2026-06-01T09:00:00Z alice account.open ACME name="Acme Trading Ltd" tier=large owner=alice
    2026-06-01T09:00:00Z bob account.open BETA name="Beta Ltd" tier=small owner=bob
    2026-11-20T09:00:00Z alice complaint.open C-1 account=ACME severity=1 category=delivery summary="Late again" owner=tester
    2026-11-21T09:00:00Z bob complaint.open C-2 account=BETA severity=4 category=billing summary="Typo on the invoice"

    """

    func scratch() throws -> Scratch { try Scratch(journal: Self.journal) }

    @Test func closingWithoutTheProtocolIsRefusedAndNothingIsWritten() throws {
        let s = try scratch()
        let before = try String(contentsOfFile: s.journal, encoding: .utf8)
        let r = try CLI.rapport(["complaint", "close", "C-1"], in: s)
        #expect(r.status == 2)
        #expect(r.stderr.contains("apology"), "\(r.stderr)")
        #expect(try String(contentsOfFile: s.journal, encoding: .utf8) == before)
    }

    @Test func theProtocolStepsAreJournaledInOrderAndThenCloseNeedsNoReason() throws {
        let s = try scratch()
        for args in [["apologise", "C-1", "--note", "Called Jane; sorry"], ["accept", "C-1", "--note", "Our courier, our fault"],
                     ["offer-fix", "C-1", "--note", "Free redelivery today"], ["close", "C-1"]] {
            let r = try CLI.rapport(["complaint"] + args, in: s)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let lines = try String(contentsOfFile: s.journal, encoding: .utf8).split(separator: "\n").suffix(4)
        #expect(lines.map { $0.split(separator: " ")[2] } == ["complaint.apologise", "complaint.accept", "complaint.offer-fix", "complaint.close"])
        let again = try CLI.rapport(["complaint", "close", "C-1", "--reason", "again"], in: s)
        #expect(again.status == 2, "closing a closed complaint is refused")
    }

    @Test func theQueueListsMostUrgentFirstAndFiltersForScripts() throws {
        let s = try scratch()
        let all = try CLI.rapport(["complaints", "--json"], in: s)
        #expect(all.status == 0, "\(all.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(list.compactMap { $0["id"] as? String } == ["C-1", "C-2"])
        let mine = try CLI.rapport(["complaints", "--mine", "--json"], in: s)
        let mineList = try #require(try JSONSerialization.jsonObject(with: Data(mine.stdout.utf8)) as? [[String: Any]])
        #expect(mineList.compactMap { $0["id"] as? String } == ["C-1"])
    }
}
