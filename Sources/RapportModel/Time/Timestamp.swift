/// An instant in UTC, to the second: when an event happened.
///
/// The journal writes it as ISO-8601 (`2026-11-22T09:14:03Z`); the model never reads a
/// clock, so "now" always arrives as a `Timestamp` from the caller.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(day: Day, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = Int64(day.number) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The calendar day (UTC) this instant falls on.
    public var day: Day { Day(number: Int32(Self.floorDivide(seconds, 86_400))) }

    /// Seconds past midnight UTC.
    public var secondOfDay: Int { Int(seconds - Int64(day.number) * 86_400) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    public func adding(seconds delta: Int64) -> Timestamp { Timestamp(seconds: seconds + delta) }
    public func adding(days: Int) -> Timestamp { adding(seconds: Int64(days) * 86_400) }

    /// ISO-8601 in UTC: `YYYY-MM-DDTHH:MM:SSZ`.
    public var iso8601: String {
        let (y, m, d) = day.civil
        let s = secondOfDay
        return "\(Day.pad(y, 4))-\(Day.pad(m, 2))-\(Day.pad(d, 2))T\(Day.pad(s / 3600, 2)):\(Day.pad(s / 60 % 60, 2)):\(Day.pad(s % 60, 2))Z"
    }

    public var description: String { iso8601 }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`; anything else is nil.
    public init?(iso8601 text: some StringProtocol) {
        var bytes = Array(text.utf8)
        guard let stamp = bytes.withUnsafeMutableBufferPointer({ Timestamp(utf8: UnsafeBufferPointer($0)) }) else { return nil }
        self = stamp
    }

    /// The last date a reader of many stamps read, with its day: a journal is in time
    /// order, so a line's date is nearly always the one before's, and its ten bytes then
    /// need only be compared (they were checked when first read).
    public struct DayMemo: Sendable {
        fileprivate var date: UInt64 = 0
        fileprivate var dayOfMonth: UInt16 = 0
        fileprivate var day: Day?

        public init() {}
    }

    /// As `init?(utf8:)`, taking the date from `memo` when it is the one read last.
    public init?(utf8 b: UnsafeBufferPointer<UInt8>, memo: inout DayMemo) {
        guard b.count == 20, let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let date = raw.loadUnaligned(as: UInt64.self)
        let dayOfMonth = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        if let day = memo.day, date == memo.date, dayOfMonth == memo.dayOfMonth {
            guard b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A,
                  let hour = Day.digits(b, 11, 2), let minute = Day.digits(b, 14, 2), let second = Day.digits(b, 17, 2),
                  hour < 24, minute < 60, second < 60
            else { return nil }
            self.init(day: day, hour: hour, minute: minute, second: second)
            return
        }
        guard let stamp = Timestamp(utf8: b) else { return nil }
        memo.date = date
        memo.dayOfMonth = dayOfMonth
        memo.day = stamp.day
        self = stamp
    }

    /// The byte-level parser the journal reader uses.
    public init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A,
              let year = Day.digits(b, 0, 4), let month = Day.digits(b, 5, 2), let dayOfMonth = Day.digits(b, 8, 2),
              let hour = Day.digits(b, 11, 2), let minute = Day.digits(b, 14, 2), let second = Day.digits(b, 17, 2),
              hour < 24, minute < 60, second < 60,
              let day = Day(year: year, month: month, day: dayOfMonth)
        else { return nil }
        self.init(day: day, hour: hour, minute: minute, second: second)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
