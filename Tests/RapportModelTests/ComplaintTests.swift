import Testing
@testable import RapportModel

@Suite struct ComplaintTests {
    func openComplaint() throws -> Book {
        var book = try acmeBook()
        try book.apply(ev("complaint.open", "C-1042", ["account": "ACME", "severity": "2", "category": "delivery",
                                                      "summary": "Order 5521 arrived 3 days late", "examples": "Orders 5521 and 5530"],
                          at: "2026-11-20T09:20:11Z"))
        return book
    }

    @Test func theProtocolRecordsApologyResponsibilityAndFix() throws {
        var book = try openComplaint()
        #expect(book.complaints["C-1042"]?.examples == ["Orders 5521 and 5530"])
        try book.apply(ev("complaint.apologise", "C-1042", ["note": "Called Jane; apologised"], at: "2026-11-20T09:25:40Z"))
        try book.apply(ev("complaint.accept", "C-1042", ["note": "Our warehouse mislabelled it"], at: "2026-11-20T09:30:00Z"))
        try book.apply(ev("complaint.offer-fix", "C-1042", ["note": "Free next delivery"], at: "2026-11-20T10:00:00Z"))
        let c = book.complaints["C-1042"]!
        #expect(c.state == .fixOffered)
        #expect(c.protocolComplete)
        #expect(c.acknowledgedAt == at("2026-11-20T09:25:40Z"))
        try book.apply(ev("complaint.close", "C-1042", [:], at: "2026-11-21T10:00:00Z"))
        #expect(book.complaints["C-1042"]?.state == .closed)
    }

    @Test func closingWithoutTheProtocolNeedsAReason() throws {
        var book = try openComplaint()
        try book.apply(ev("complaint.apologise", "C-1042", ["note": "sorry"]))
        #expect(throws: Rejection(field: "reason", "closing C-1042 without responsibility, fix offered needs a reason")) {
            try book.apply(ev("complaint.close", "C-1042"))
        }
        try book.apply(ev("complaint.close", "C-1042", ["reason": "client withdrew the complaint"]))
        #expect(book.complaints["C-1042"]?.closeReason == "client withdrew the complaint")
    }

    @Test func aClosedComplaintCannotBeClosedAgainButCanBeReopened() throws {
        var book = try openComplaint()
        try book.apply(ev("complaint.close", "C-1042", ["reason": "duplicate of C-1041"]))
        #expect(throws: Rejection("complaint C-1042 is closed; reopen it first (close refused)")) {
            try book.apply(ev("complaint.close", "C-1042", ["reason": "again"]))
        }
        try book.apply(ev("complaint.reopen", "C-1042", ["reason": "still late"]))
        #expect(book.complaints["C-1042"]?.state == .investigating)
        #expect(book.complaints["C-1042"]?.reopenCount == 1)
        #expect(throws: Rejection.self) { try book.apply(ev("complaint.reopen", "C-1042", ["reason": "open already"])) }
    }

    @Test func waitsOnTheClientAreRecordedAsPauses() throws {
        var book = try openComplaint()
        try book.apply(ev("complaint.wait", "C-1042", [:], at: "2026-11-20T12:00:00Z"))
        #expect(throws: Rejection.self) { try book.apply(ev("complaint.wait", "C-1042", [:], at: "2026-11-20T13:00:00Z")) }
        try book.apply(ev("complaint.resume", "C-1042", [:], at: "2026-11-21T12:00:00Z"))
        #expect(book.complaints["C-1042"]?.pauses == [at("2026-11-20T12:00:00Z")...at("2026-11-21T12:00:00Z")])
        #expect(throws: Rejection.self) { try book.apply(ev("complaint.resume", "C-1042")) }
    }

    @Test func linksAreMutualAndCausesMustExist() throws {
        var book = try openComplaint()
        try book.apply(ev("account.open", "GLOB", ["name": "Globex", "tier": "small"]))
        try book.apply(ev("complaint.open", "C-2", ["account": "GLOB", "severity": "3", "category": "delivery", "summary": "late too"]))
        let touched = try book.apply(ev("complaint.link", "C-2", ["to": "C-1042"]))
        #expect(touched == ["GLOB", "ACME"])
        #expect(book.complaints["C-1042"]?.linked == ["C-2"])
        #expect(book.complaints["C-2"]?.linked == ["C-1042"])
        #expect(throws: Rejection.self) { try book.apply(ev("complaint.link", "C-2", ["to": "C-2"])) }
        #expect(throws: Rejection.self) { try book.apply(ev("complaint.link", "C-2", ["cause": "K-1"])) }
        try book.apply(ev("cause.open", "K-1", ["summary": "Courier depot short-staffed", "known-error": "yes"]))
        try book.apply(ev("complaint.link", "C-2", ["cause": "K-1"]))
        #expect(book.complaints["C-2"]?.cause == "K-1")
        #expect(book.causes["K-1"]?.knownError == true)
    }
}

@Suite struct ComplaintProtocolTests {
    func opened() throws -> Book {
        var book = try acmeBook()
        try book.apply(ev("complaint.open", "C-1", ["account": "ACME", "severity": "2", "category": "delivery", "summary": "late"]))
        return book
    }

    @Test func stepsMoveForwardAndRefuseGoingBack() throws {
        var book = try opened()
        try book.apply(ev("complaint.acknowledge", "C-1"))
        #expect(throws: Rejection("complaint C-1 is already acknowledged")) { try book.apply(ev("complaint.acknowledge", "C-1")) }
        try book.apply(ev("complaint.investigate", "C-1"))
        try book.apply(ev("complaint.offer-fix", "C-1", ["note": "replacement tomorrow"]))
        #expect(book.complaints["C-1"]?.state == .fixOffered)
        #expect(throws: Rejection("complaint C-1 is already fix offered")) { try book.apply(ev("complaint.investigate", "C-1")) }
        try book.apply(ev("complaint.resolve", "C-1", ["root-cause": "label printer"]))
        #expect(throws: Rejection("complaint C-1 is already resolved")) { try book.apply(ev("complaint.resolve", "C-1")) }
        #expect(throws: Rejection(field: "reason", "closing C-1 without apology, responsibility needs a reason")) {
            try book.apply(ev("complaint.close", "C-1"))
        }
        try book.apply(ev("complaint.close", "C-1", ["reason": "client asked us to close it"]))
        #expect(throws: Rejection("complaint C-1 is closed; reopen it first (apologise refused)")) {
            try book.apply(ev("complaint.apologise", "C-1", ["note": "sorry"]))
        }
    }

    @Test func stepsNeedTheirNotes() throws {
        var book = try opened()
        for verb in ["complaint.apologise", "complaint.accept", "complaint.offer-fix"] {
            #expect(throws: Rejection.self) { try book.apply(ev(verb, "C-1")) }
        }
        #expect(throws: Rejection.self) { try book.apply(ev("complaint.reopen", "C-1", ["reason": "x"])) }
        #expect(throws: Rejection("complaint C-1 is not waiting on the client")) { try book.apply(ev("complaint.resume", "C-1")) }
        #expect(throws: Rejection("complaint C-1 is still open (received); nothing to reopen")) {
            try book.apply(ev("complaint.reopen", "C-1", ["reason": "x"]))
        }
    }

    @Test func reopeningCountsAgainstTheAccount() throws {
        var book = try opened()
        try book.apply(ev("complaint.resolve", "C-1"))
        try book.apply(ev("complaint.reopen", "C-1", ["reason": "still broken"]))
        #expect(book.complaints["C-1"]?.reopenCount == 1)
        #expect(book.complaints["C-1"]?.state == .investigating)
        #expect(book.complaints["C-1"]?.resolvedAt == nil)
    }
}
