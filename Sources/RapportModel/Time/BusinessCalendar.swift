/// When the clock runs for a service-level target: working hours on working days in
/// one time zone, less holidays; or every hour of every day (calendar hours).
public struct BusinessCalendar: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        case business, calendar
    }

    public var mode: Mode
    /// Working weekdays, 0 Monday … 6 Sunday.
    public var workingDays: Set<Int>
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
        self.opens = opens
        self.closes = closes
        self.zone = zone
        self.holidays = holidays
    }

    /// Every hour counts.
    public static let calendarHours = BusinessCalendar(mode: .calendar)

    public func isWorking(_ day: Day) -> Bool {
        workingDays.contains(day.weekday) && !holidays.contains(day)
    }

    /// The working window of a local day, as instants (empty for a day off).
    public func window(of day: Day) -> Range<Int64> {
        guard isWorking(day), closes > opens else { return 0..<0 }
        let start = zone.instant(day, secondOfDay: opens).seconds
        let end = zone.instant(day, secondOfDay: closes).seconds
        return start..<max(start, end)
    }

    /// Working seconds in `[from, to)`; zero when `to` is not after `from`.
    public func workingSeconds(from: Timestamp, to: Timestamp) -> Int64 {
        guard to > from else { return 0 }
        if mode == .calendar { return to.seconds - from.seconds }
        guard !workingDays.isEmpty, closes > opens else { return 0 }
        var total: Int64 = 0
        var day = zone.localDay(of: from)
        let last = zone.localDay(of: to)
        while day <= last {
            let w = window(of: day)
            let lo = max(w.lowerBound, from.seconds), hi = min(w.upperBound, to.seconds)
            if hi > lo { total += hi - lo }
            day = day.adding(days: 1)
        }
        return total
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
