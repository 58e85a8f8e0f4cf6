import Foundation
import RapportJournal
import RapportModel
import Testing

/// A complaint handled from the real dashboard in tmux, from intake to close: the journal
/// holds exactly the steps taken, in order.
@Suite(.serialized) struct ComplaintEndToEndTests {
    static func rapport(_ arguments: [String], journal: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DashboardEndToEndTests.binary())
        process.arguments = [arguments[0], "--journal", journal] + arguments.dropFirst()
        process.environment = ["RAPPORT_NOW": "2026-11-02T09:00:00Z", "RAPPORT_AUTHOR": "setup", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "rapport \(arguments.joined(separator: " "))")
    }

    @Test func openApologiseAcceptOfferAFixAndClose() throws {
        let directory = try TestFolder.make("complaint")
        try FileManager.default.createDirectory(atPath: directory + "/config", withIntermediateDirectories: true)
        let journal = directory + "/journal"
        try Self.rapport(["init"], journal: journal)
        try Self.rapport(["add", "account", "ACME", "--name", "Acme Trading Ltd", "--tier", "large", "--owner", "tester"], journal: journal)
        let before = try DashboardEndToEndTests.lines(journal)

        let session = try DashboardEndToEndTests.start(journal, width: 120, height: 36, extra: ["XDG_CONFIG_HOME": directory + "/config"])
        defer { session.kill() }
        try session.sendKeys("c")
        try session.waitFor("Open a complaint")
        try session.sendKeys("Tab")
        try session.type("2")
        try session.sendKeys("Tab")
        try session.type("delivery")
        try session.sendKeys("Tab")
        try session.type("Order 5521 arrived 3 days late")
        try session.sendKeys("Tab")
        try session.type("5521 and 5530, both late")
        try session.sendKeys("Enter")
        try session.waitFor("Written: complaint.open C-1")

        try session.sendKeys("2")
        for (key, title, note, verb) in [("s", "Apologise for C-1", "Called Jane and apologised", "complaint.apologise"),
                                         ("t", "Accept responsibility for C-1", "We mislabelled the parcel", "complaint.accept"),
                                         ("f", "Offer a fix for C-1", "Free redelivery tomorrow morning", "complaint.offer-fix")] {
            try session.sendKeys(key)
            try session.waitFor(title)
            try session.type(note)
            try session.sendKeys("Enter")
            try session.waitFor("Written: \(verb) C-1")
        }
        try session.sendKeys("C")
        try session.waitFor("Close C-1: the client confirmed")
        try session.sendKeys("Enter")
        try session.waitFor("Written: complaint.close C-1")
        try session.waitFor("No open complaints")

        let written = try DashboardEndToEndTests.lines(journal).dropFirst(before.count).map { line -> (String, String, [String: String]) in
            guard case .event(let e) = try LineFormat.parse(line) else { return ("?", "?", [:]) }
            return (e.verb.rawValue, e.subject, Dictionary(e.fields.map { ($0.key, $0.value) }) { $1 })
        }
        #expect(written.map(\.0) == ["complaint.open", "complaint.apologise", "complaint.accept", "complaint.offer-fix", "complaint.close"])
        #expect(written.allSatisfy { $0.1 == "C-1" })
        #expect(written.first?.2["examples"] == "5521 and 5530, both late")
        #expect(written[1].2["note"] == "Called Jane and apologised")
        #expect(written[3].2["note"] == "Free redelivery tomorrow morning")
        #expect(written.last?.2["reason"] == nil)
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
