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
