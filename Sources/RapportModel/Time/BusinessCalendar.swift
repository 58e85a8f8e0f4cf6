/// When the clock runs for a service-level target: working hours on working days in
/// one time zone, less holidays; or every hour of every day (calendar hours).
public struct BusinessCalendar: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        case business, calendar
    }

    public var mode: Mode
    /// Working weekdays, 0 Monday … 6 Sunday.
    public var workingDays: Set<Int> { didSet { weekdays = Self.mask(workingDays) } }
    /// `workingDays` as bits (bit 0 Monday): asked of every day a service clock counts,
    /// and a set's lookup hashes its number each time.
    private var weekdays: Int
    /// Local opening and closing time, in seconds after midnight.
    public var opens: Int
    public var closes: Int
    public var zone: ZoneRules
    /// Local days on which nobody works.
    public var holidays: Set<Day>

    public init(mode: Mode = .business, workingDays: Set<Int> = [0, 1, 2, 3, 4], opens: Int = 9 * 3600, closes: Int = 17 * 3600 + 1800,
                zone: ZoneRules = .utc, holidays: Set<Day> = []) {
        self.mode = mode
        self.workingDays = workingDays
        weekdays = Self.mask(workingDays)
        self.opens = opens
        self.closes = closes
        self.zone = zone
        self.holidays = holidays
    }

    /// Every hour counts.
    public static let calendarHours = BusinessCalendar(mode: .calendar)

    public func isWorking(_ day: Day) -> Bool {
        weekdays & 1 << day.weekday != 0 && (holidays.isEmpty || !holidays.contains(day))
    }

    private static func mask(_ days: Set<Int>) -> Int {
        days.reduce(0) { $1 >= 0 && $1 < 7 ? $0 | 1 << $1 : $0 }
    }

    /// The working window of a local day, as instants (empty for a day off).
    public func window(of day: Day) -> Range<Int64> {
        guard isWorking(day), closes > opens else { return 0..<0 }
        let start = zone.instant(day, secondOfDay: opens).seconds
        let end = zone.instant(day, secondOfDay: closes).seconds
        return start..<max(start, end)
    }

    /// Working seconds in `[from, to)`; zero when `to` is not after `from`.
    ///
    /// The first and last days are clipped to the span; the whole days between are counted
    /// a week at a time wherever the zone's offset holds steady, since a complaint open for
    /// months would otherwise cost a step per day (and there are tens of thousands of them).
    public func workingSeconds(from: Timestamp, to: Timestamp) -> Int64 {
        guard to > from else { return 0 }
        if mode == .calendar { return to.seconds - from.seconds }
        guard !workingDays.isEmpty, closes > opens else { return 0 }
        func clipped(_ day: Day) -> Int64 {
            let w = window(of: day)
            let lo = max(w.lowerBound, from.seconds), hi = min(w.upperBound, to.seconds)
            return hi > lo ? hi - lo : 0
        }
        let first = zone.localDay(of: from)
        let last = zone.localDay(of: to)
        guard opens >= 0, closes <= 86_400 else {
            // Hours that run past midnight overlap the next day: clip every day.
            var total: Int64 = 0
            var day = first
            while day <= last {
                total += clipped(day)
                day = day.adding(days: 1)
            }
            return total
        }
        var total = clipped(first)
        if last > first { total += clipped(last) }
        if last.number - first.number > 1 { total += wholeDays(first.adding(days: 1), last.adding(days: -1)) }
        return total
    }

    /// Working seconds in the whole local days `a` through `b`.
    private func wholeDays(_ a: Day, _ b: Day) -> Int64 {
        let mask = weekdays
        // Two days either side covers every offset a zone can have.
        let margin: Int64 = 2 * 86_400
        var total: Int64 = 0
        var day = a
        while day <= b {
            var steady = b
            if let change = zone.nextTransition(after: Int64(day.number) * 86_400 - margin) {
                // Days whose windows, with the margin, end before the change.
                let lastSteady = Int32(clamping: Self.floorDivide(change - margin, 86_400) - 1)
                steady = lastSteady < b.number ? Day(number: lastSteady) : b
            }
            if steady >= day {
                total += Int64(workingDayCount(day, steady, mask: mask)) * Int64(closes - opens)
                day = steady.adding(days: 1)
            } else {
                let w = window(of: day)
                total += w.upperBound - w.lowerBound
                day = day.adding(days: 1)
            }
        }
        return total
    }

    /// Working days in `a` through `b`: working weekdays, less holidays.
    private func workingDayCount(_ a: Day, _ b: Day, mask: Int) -> Int {
        let n = Int(b.number - a.number) + 1
        var count = n / 7 * mask.nonzeroBitCount
        var weekday = a.adding(days: n / 7 * 7).weekday
        for _ in 0..<(n % 7) {
            if mask & (1 << weekday) != 0 { count += 1 }
            weekday = (weekday + 1) % 7
        }
        for holiday in holidays where holiday >= a && holiday <= b && mask & (1 << holiday.weekday) != 0 {
            count -= 1
        }
        return count
    }

    private static func floorDivide(_ x: Int64, _ y: Int64) -> Int64 {
        let q = x / y
        return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q
    }

    /// The instant at which `seconds` of working time after `start` have passed.
    /// Zero or less gives `start` itself.
    public func adding(workingSeconds seconds: Int64, to start: Timestamp) -> Timestamp {
        guard seconds > 0 else { return start }
        if mode == .calendar { return start.adding(seconds: seconds) }
        guard !workingDays.isEmpty, closes > opens else { return Timestamp(seconds: .max / 2) }
        var left = seconds
        var day = zone.localDay(of: start)
        // A year of days off in a row means the calendar has no working time left to give.
        var idle = 0
        while idle < 400 {
            let w = window(of: day)
            let lo = max(w.lowerBound, start.seconds)
            if w.upperBound > lo {
                idle = 0
                let available = w.upperBound - lo
                if available >= left { return Timestamp(seconds: lo + left) }
                left -= available
            } else {
                idle += 1
            }
            day = day.adding(days: 1)
        }
        return Timestamp(seconds: .max / 2)
    }
}
