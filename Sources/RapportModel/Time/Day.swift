/// A calendar date with no time of day: due dates, payment dates, promise dates.
///
/// Stored as days since 1970-01-01 so that "days overdue" is a subtraction.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var number: Int32

    public init(number: Int32) { self.number = number }

    /// A valid proleptic Gregorian date, or nil (2026-02-30 is nil).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        // Howard Hinnant's days-from-civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = Int32(era * 146_097 + doe - 719_468)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso8601 text: some StringProtocol) {
        // A native string's bytes in place; an array only for other kinds of text.
        let read = text.utf8.withContiguousStorageIfAvailable { Day(utf8: $0) }
        guard let day = read ?? Array(text.utf8).withUnsafeBufferPointer({ Day(utf8: $0) }) else { return nil }
        self = day
    }

    public init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = Day.digits(b, 0, 4), let m = Day.digits(b, 5, 2), let d = Day.digits(b, 8, 2),
              let day = Day(year: y, month: m, day: d) else { return nil }
        self = day
    }

    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { Int((Int64(number) % 7 + 7 + 3) % 7) }

    public var iso8601: String {
        let (y, m, d) = civil
        return "\(Day.pad(y, 4))-\(Day.pad(m, 2))-\(Day.pad(d, 2))"
    }

    public var description: String { iso8601 }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    public func adding(days: Int) -> Day { Day(number: number + Int32(days)) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { Int(other.number - number) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        // At most four digits, so the arithmetic cannot overflow and need not be checked.
        var value = 0
        for i in start..<(start &+ count) {
            let c = b[i] &- 0x30
            guard c < 10 else { return nil }
            value = value &* 10 &+ Int(c)
        }
        return value
    }
}
