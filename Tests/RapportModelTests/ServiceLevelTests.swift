import Testing
@testable import RapportModel

@Suite struct ServiceLevelTests {
    let hours: Int64 = 3600
    /// Monday to Friday, 09:00–17:00 in `zone`.
    func office(_ zone: ZoneRules = .utc, holidays: Set<Day> = []) -> BusinessCalendar {
        BusinessCalendar(mode: .business, workingDays: [0, 1, 2, 3, 4], opens: 9 * 3600, closes: 17 * 3600, zone: zone, holidays: holidays)
    }

    var london: ZoneRules { ZoneRules.named("Europe/London")! }

    @Test("a target is the one its severity's setting gives, before and after the settings change, and none where none is set")
    func targetsFollowTheSettings() {
        var level = ServiceLevel()
        func check(_ note: String) {
            for severity in -1...7 {
                #expect(level.target(.firstResponse, severity: severity) == level.firstResponse[severity], "\(note) \(severity)")
                #expect(level.target(.resolution, severity: severity) == level.resolution[severity], "\(note) \(severity)")
            }
        }
        check("defaults")
        #expect(level.target(.firstResponse, severity: 1) == 1 * hours && level.target(.resolution, severity: 4) == 80 * hours)
        level.firstResponse[2] = 3 * hours
        check("first response changed")
        #expect(level.target(.firstResponse, severity: 2) == 3 * hours)
        level.resolution[4] = nil
        level.resolution[6] = 5 * hours
        check("resolution changed")
        #expect(level.target(.resolution, severity: 4) == nil && level.target(.resolution, severity: 6) == 5 * hours)
    }

    @Test func weekendsDoNotCount() {
        let cal = office()
        #expect(cal.workingSeconds(from: at("2026-11-20T16:00:00Z"), to: at("2026-11-23T10:00:00Z")) == 2 * hours)
        #expect(cal.adding(workingSeconds: 2 * hours, to: at("2026-11-20T16:00:00Z")) == at("2026-11-23T10:00:00Z"))
        // Opened on a Saturday: the clock starts on Monday morning.
        #expect(cal.workingSeconds(from: at("2026-11-21T11:00:00Z"), to: at("2026-11-23T09:30:00Z")) == 1800)
        #expect(cal.adding(workingSeconds: hours, to: at("2026-11-21T11:00:00Z")) == at("2026-11-23T10:00:00Z"))
    }

    @Test func holidaysDoNotCount() {
        let cal = office(holidays: [day("2026-12-25"), day("2026-12-28")])
        #expect(cal.workingSeconds(from: at("2026-12-24T16:00:00Z"), to: at("2026-12-29T10:00:00Z")) == 2 * hours)
        #expect(cal.adding(workingSeconds: 4 * hours, to: at("2026-12-24T15:00:00Z")) == at("2026-12-29T11:00:00Z"))
    }

    /// Working seconds counted a day at a time, the plain way, to check the week-at-a-time count against.
    func dayByDay(_ cal: BusinessCalendar, _ from: Timestamp, _ to: Timestamp) -> Int64 {
        guard to > from else { return 0 }
        var total: Int64 = 0
        var d = cal.zone.localDay(of: from)
        while d <= cal.zone.localDay(of: to) {
            let w = cal.window(of: d)
            let lo = max(w.lowerBound, from.seconds), hi = min(w.upperBound, to.seconds)
            if hi > lo { total += hi - lo }
            d = d.adding(days: 1)
        }
        return total
    }

    @Test("spans of up to two years agree with a day-by-day count, across clock changes, holidays and odd weeks")
    func longSpansAgreeWithCountingEachDay() {
        var random = SeededRandom(seed: 11)
        let zones = [ZoneRules.utc, london, ZoneRules.named("America/New_York")!, ZoneRules.named("Australia/Sydney")!, .fixed(-9 * 3600 - 1800)]
        let base = at("2025-01-01T00:00:00Z").seconds
        for i in 0..<600 {
            let zone = zones[i % zones.count]
            var days = Set<Int>()
            for d in 0..<7 where random.next() % 3 != 0 { days.insert(d) }
            var holidays = Set<Day>()
            for _ in 0..<Int(random.next() % 12) { holidays.insert(Timestamp(seconds: base + Int64(random.next() % 800) * 86_400).day) }
            let opens = Int(random.next() % 12) * 1800
            let cal = BusinessCalendar(mode: .business, workingDays: days, opens: opens, closes: opens + Int(1 + random.next() % 40) * 1800,
                                       zone: zone, holidays: holidays)
            let from = Timestamp(seconds: base + Int64(random.next() % (700 * 86_400)))
            let to = from.adding(seconds: Int64(random.next() % (i % 3 == 0 ? 9 * 86_400 : 730 * 86_400)))
            #expect(cal.workingSeconds(from: from, to: to) == dayByDay(cal, from, to), "\(zone.name) \(days.sorted()) \(from) → \(to)")
        }
    }

    @Test func calendarHoursCountEveryHour() {
        let cal = BusinessCalendar.calendarHours
        #expect(cal.workingSeconds(from: at("2026-11-20T16:00:00Z"), to: at("2026-11-23T10:00:00Z")) == 66 * hours)
        #expect(cal.adding(workingSeconds: 8 * hours, to: at("2026-11-21T20:00:00Z")) == at("2026-11-22T04:00:00Z"))
    }

    @Test func workingHoursAreLocalToTheZone() {
        let newYork = office(ZoneRules.named("America/New_York")!)
        // 09:00–17:00 EST is 14:00–22:00 UTC in November.
        #expect(newYork.window(of: day("2026-11-23")) == at("2026-11-23T14:00:00Z").seconds..<at("2026-11-23T22:00:00Z").seconds)
        #expect(newYork.workingSeconds(from: at("2026-11-23T12:00:00Z"), to: at("2026-11-23T15:30:00Z")) == 5400)
        let fixed = office(.fixed(2 * 3600))
        #expect(fixed.workingSeconds(from: at("2026-11-23T00:00:00Z"), to: at("2026-11-24T00:00:00Z")) == 8 * hours)
        #expect(fixed.window(of: day("2026-11-23")).lowerBound == at("2026-11-23T07:00:00Z").seconds)
    }

    @Test func londonSpringsForwardInMarch() {
        let cal = office(london)
        // Friday 27 March: 09:00 GMT = 09:00Z. Monday 30 March: 09:00 BST = 08:00Z.
        #expect(london.offset(at: at("2026-03-27T12:00:00Z")) == 0)
        #expect(london.offset(at: at("2026-03-30T12:00:00Z")) == 3600)
        #expect(cal.workingSeconds(from: at("2026-03-27T16:00:00Z"), to: at("2026-03-30T09:00:00Z")) == 2 * hours)
        #expect(cal.adding(workingSeconds: 4 * hours, to: at("2026-03-27T15:00:00Z")) == at("2026-03-30T10:00:00Z"))
    }

    @Test func londonFallsBackInOctober() {
        let cal = office(london)
        // Friday 23 October: 16:00–17:00 BST is 15:00–16:00Z. Monday 26 October: 09:00 GMT = 09:00Z.
        #expect(cal.workingSeconds(from: at("2026-10-23T15:00:00Z"), to: at("2026-10-26T10:00:00Z")) == 2 * hours)
        #expect(cal.adding(workingSeconds: 2 * hours, to: at("2026-10-23T15:00:00Z")) == at("2026-10-26T10:00:00Z"))
        // In UTC the same stretch would be one hour on Friday and one on Monday, but the
        // Friday hour would be 16:00–17:00Z: the answer differs where it should.
        #expect(office().workingSeconds(from: at("2026-10-23T15:00:00Z"), to: at("2026-10-23T16:30:00Z")) == 5400)
        #expect(cal.workingSeconds(from: at("2026-10-23T15:00:00Z"), to: at("2026-10-23T16:30:00Z")) == hours)
    }

    @Test func aChangeOfOffsetDuringWorkingHoursShortensTheDay() {
        // A made-up zone that moves an hour forward at noon UTC on Monday 23 November.
        let zone = ZoneRules(name: "Test/Jump", initialOffset: 0, transitions: [.init(at: at("2026-11-23T12:00:00Z").seconds, offset: 3600)])
        let cal = office(zone)
        #expect(cal.window(of: day("2026-11-23")) == at("2026-11-23T09:00:00Z").seconds..<at("2026-11-23T16:00:00Z").seconds)
        #expect(cal.workingSeconds(from: at("2026-11-23T00:00:00Z"), to: at("2026-11-24T00:00:00Z")) == 7 * hours)
    }

    func complaint(severity: Int = 2, opened: String = "2026-11-16T09:00:00Z") -> Complaint {
        Complaint(id: "C-1", account: "ACME", severity: severity, category: "delivery", summary: "late", opened: at(opened))
    }

    @Test func clocksPauseWhileWaitingOnTheClient() {
        let level = ServiceLevel(calendar: office())
        var c = complaint()
        c.pauses = [at("2026-11-16T10:00:00Z")...at("2026-11-16T12:00:00Z")]
        let first = level.clock(.firstResponse, of: c, now: at("2026-11-16T14:00:00Z"))!
        #expect(first.target == 4 * hours)
        #expect(first.used == 3 * hours)
        #expect(first.left == hours)
        #expect(first.status == .warning)
        #expect(first.summary == "1h left")
        #expect(first.deadline == at("2026-11-16T15:00:00Z"))
        // Waiting now: the clock stands still and says so.
        c.waitingSince = at("2026-11-16T14:00:00Z")
        let waiting = level.clock(.firstResponse, of: c, now: at("2026-11-17T14:00:00Z"))!
        #expect(waiting.used == 3 * hours)
        #expect(waiting.status == .paused)
        #expect(waiting.deadline == nil)
        #expect(waiting.summary == "paused, 1h left")
    }

    @Test func clocksStopWhenAnsweredAndResolvedAndShowOverdue() {
        let level = ServiceLevel(calendar: office())
        var c = complaint()
        c.acknowledgedAt = at("2026-11-16T15:00:00Z") // 6h: missed the 4h target
        let now = at("2026-11-20T09:00:00Z") // 32 working hours after opening
        let first = level.clock(.firstResponse, of: c, now: now)!
        #expect(first.status == .missed)
        #expect(first.summary == "missed by 2h")
        let fix = level.clock(.resolution, of: c, now: now)!
        #expect(fix.status == .overdue)
        #expect(fix.left == -8 * hours)
        #expect(fix.summary == "overdue 8h")
        c.resolvedAt = at("2026-11-17T09:00:00Z")
        #expect(level.clock(.resolution, of: c, now: now)!.status == .met)
    }

    @Test("the breach check agrees with the clocks, answered or not, resolved or not, paused and waiting, over two weeks")
    func breachedAgreesWithTheClocks() {
        let level = ServiceLevel(calendar: office())
        var complaints: [Complaint] = []
        for severity in 1...4 {
            for answered in [nil, "2026-11-16T12:30:00Z", "2026-11-18T10:00:00Z"] {
                for resolved in [nil, "2026-11-17T16:00:00Z", "2026-11-25T10:00:00Z"] {
                    for (paused, waiting) in [(false, nil), (true, nil), (true, "2026-11-17T11:00:00Z")] {
                        var c = complaint()
                        c.severity = severity
                        c.acknowledgedAt = answered.map(at)
                        c.resolvedAt = resolved.map(at)
                        if paused { c.pauses = [at("2026-11-16T10:00:00Z")...at("2026-11-16T12:00:00Z")] }
                        c.waitingSince = waiting.map(at)
                        complaints.append(c)
                    }
                }
            }
        }
        var breaches = 0, clear = 0
        complaints.withUnsafeBufferPointer { all in
            for hour in stride(from: 0, to: 14 * 24, by: 5) {
                let now = at("2026-11-16T09:00:00Z").adding(seconds: Int64(hour) * 3600)
                for i in all.indices {
                    let expected = level.clocks(of: all[i], now: now).contains { $0.status == .overdue || $0.status == .missed }
                    #expect(level.breached(all[i], now: now) == expected, "\(i) at \(now)")
                    #expect(level.breached(all, at: i, now: now) == expected, "\(i) at \(now)")
                    if expected { breaches += 1 } else { clear += 1 }
                }
            }
        }
        #expect(breaches > 100 && clear > 100)
    }

    @Test func changingTheWorkingDaysChangesWhichDaysCount() {
        var cal = office()
        let saturday = day("2026-11-21"), monday = day("2026-11-23")
        #expect(!cal.isWorking(saturday) && cal.isWorking(monday))
        cal.workingDays = [5, 6]
        #expect(cal.isWorking(saturday) && !cal.isWorking(monday))
        #expect(cal.workingSeconds(from: at("2026-11-20T00:00:00Z"), to: at("2026-11-24T00:00:00Z")) == 16 * hours)
    }

    @Test func warningCanBeALeadTime() {
        let level = ServiceLevel(calendar: office(), warningFraction: 0, warningLead: 2 * hours)
        let c = complaint()
        #expect(level.clock(.firstResponse, of: c, now: at("2026-11-16T10:30:00Z"))!.status == .running)
        #expect(level.clock(.firstResponse, of: c, now: at("2026-11-16T11:00:00Z"))!.status == .warning)
    }

    @Test func durationsReadShort() {
        #expect(ServiceClock.duration(45 * 60) == "45m")
        #expect(ServiceClock.duration(3 * 3600 + 20 * 60) == "3h 20m")
        #expect(ServiceClock.duration(52 * 3600) == "52h")
        #expect(ServiceClock.duration(4 * 86_400 + 4 * 3600) == "4d 4h")
    }
}

@Suite struct SettingsTests {
    @Test func readsTargetsWeightsAndCalendar() throws {
        let text = """
        # my settings
        theme = mono
        me = alice
        sla.hours = business
        sla.zone = Europe/London
        sla.days = mon,tue,wed,thu
        sla.opens = 08:30
        sla.closes = 16:00
        sla.holidays = 2026-12-25, 2026-12-28
        sla.first-response.1 = 30m
        sla.resolution.2 = 2d
        sla.warning = 2h
        urgency.severity.1 = 50
        urgency.tier.small = 1.5
        urgency.overdue = 20   # breaches first
        suggest.window-days = 14
        """
        let s = try Settings.parse(text)
        #expect(s.values["theme"] == "mono")
        #expect(s.me == "alice")
        #expect(s.service.calendar.zone.name == "Europe/London")
        #expect(s.service.calendar.workingDays == [0, 1, 2, 3])
        #expect(s.service.calendar.opens == 8 * 3600 + 1800)
        #expect(s.service.calendar.closes == 16 * 3600)
        #expect(s.service.calendar.holidays == [day("2026-12-25"), day("2026-12-28")])
        #expect(s.service.firstResponse[1] == 1800)
        #expect(s.service.resolution[2] == Int64(48 * 3600))
        #expect(s.service.warningLead == 7200 && s.service.warningFraction == 0)
        #expect(s.urgency.severity[1] == 50)
        #expect(s.urgency.tier[.small] == 1.5)
        #expect(s.urgency.overdue == 20)
        #expect(s.suggestions.windowDays == 14)
        #expect(s.cursor == .name)
        #expect(try Settings.parse("cursor = row").cursor == .row)
        #expect(try Settings.parse("cursor = row\ncursor = name").cursor == .name)
    }

    @Test func badValuesNameTheFileAndLine() {
        #expect(throws: Settings.Problem(file: "/c/config", line: 2, message: "sla.opens: \"9am\" is not a time HH:MM")) {
            try Settings.parse("theme = mono\nsla.opens = 9am\n", file: "/c/config")
        }
        #expect(throws: Settings.Problem(file: "config", line: 1, message: "sla.zone: unknown time zone \"Mars/Olympus\" (e.g. Europe/London, UTC)")) {
            try Settings.parse("sla.zone = Mars/Olympus")
        }
        #expect(throws: Settings.Problem(file: "config", line: 1, message: "urgency.sevrity.1: unknown setting (see docs/CONFIG.md)")) {
            try Settings.parse("urgency.sevrity.1 = 3")
        }
        #expect(throws: Settings.Problem(file: "config", line: 2, message: "cursor: \"bar\" is not name or row")) {
            try Settings.parse("me = alice\ncursor = bar")
        }
        #expect(throws: Settings.Problem(file: "config", line: 3, message: "sla.closes must be after sla.opens")) {
            try Settings.parse("\nsla.opens = 18:00\nsla.closes = 17:00")
        }
        #expect(throws: Settings.Problem(file: "config", line: 1, message: "expected key = value")) {
            try Settings.parse("just words")
        }
        #expect(throws: Settings.Problem(file: "config", line: 1, message: "sla.first-response.2: \"soon\" is not a duration like 4h, 30m, 2h30m or 1d")) {
            try Settings.parse("sla.first-response.2 = soon")
        }
    }

    @Test func anEmptyFileGivesTheDefaults() throws {
        let s = try Settings.parse("")
        #expect(s.urgency == UrgencyWeights())
        #expect(s.service == ServiceLevel())
    }
}
