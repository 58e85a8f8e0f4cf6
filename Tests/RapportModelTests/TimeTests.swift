import Testing
@testable import RapportModel

@Suite struct TimeTests {
    @Test func timestampRoundTripsThroughISO8601() {
        for text in ["1970-01-01T00:00:00Z", "2026-11-22T09:14:03Z", "2024-02-29T23:59:59Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z"] {
            #expect(Timestamp(iso8601: text)?.iso8601 == text)
        }
        #expect(Timestamp(iso8601: "1970-01-01T00:00:01Z")?.seconds == 1)
        #expect(Timestamp(iso8601: "1969-12-31T23:59:59Z")?.seconds == -1)
    }

    @Test func timestampRejectsWhatIsNotStrictUTC() {
        for bad in ["2026-11-22 09:14:03Z", "2026-11-22T09:14:03", "2026-11-22T09:14:03+01:00", "2026-02-30T00:00:00Z",
                    "2026-11-22T24:00:00Z", "2026-11-22T09:60:00Z", "2026-13-01T00:00:00Z", "26-11-22T09:14:03Z", ""] {
            #expect(Timestamp(iso8601: bad) == nil, "\(bad) should be refused")
        }
    }

    @Test("stamps read in a row with the last date kept read as each would on its own, bad ones refused however they follow")
    func timestampsReadWithTheLastDateKept() {
        let stamps = ["2026-11-22T09:14:03Z", "2026-11-22T23:59:59Z", "2026-11-22T24:00:00Z", "2026-11-22T09:60:00Z",
                      "2026-11-22X09:14:03Z", "2026-11-22T09:14:03+", "2026-11-22T09:1a:03Z", "2026-11-22T09:14:03Z",
                      "2026-11-23T00:00:00Z", "2026-02-28T12:00:00Z", "2026-02-29T12:00:00Z", "2026-02-29T13:00:00Z",
                      "2024-02-29T12:00:00Z", "2024-02-29T12:00:01Z", "2026-11-2xT09:14:03Z", "2026-11-2xT09:14:03Z",
                      "1969-12-31T23:59:59Z", "1969-12-31T00:00:00Z", "", "2026-11-22T09:14:03Z"]
        var memo = Timestamp.DayMemo()
        for text in stamps {
            let bytes = Array(text.utf8)
            let alone = bytes.withUnsafeBufferPointer { Timestamp(utf8: $0) }
            let kept = bytes.withUnsafeBufferPointer { Timestamp(utf8: $0, memo: &memo) }
            #expect(kept == alone, "\(text)")
        }
        #expect(stamps.compactMap { Timestamp(iso8601: $0) }.count == 10, "the list mixes good stamps and bad")
    }

    @Test func dayKnowsLeapYearsAndWeekdays() {
        #expect(Day(iso8601: "2024-02-29") != nil)
        #expect(Day(iso8601: "2025-02-29") == nil)
        #expect(Day(iso8601: "2000-02-29") != nil)
        #expect(Day(iso8601: "1900-02-29") == nil)
        #expect(day("1970-01-01").number == 0)
        #expect(day("2026-11-22").weekday == 6)  // a Sunday
        #expect(day("2026-11-23").weekday == 0)  // a Monday
        #expect(day("2026-01-31").adding(days: 1).iso8601 == "2026-02-01")
        #expect(day("2026-11-01").days(until: day("2026-12-01")) == 30)
        #expect(Timestamp(iso8601: "1969-12-31T23:00:00Z")!.day.iso8601 == "1969-12-31")
    }
}
