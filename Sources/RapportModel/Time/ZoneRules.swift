/// A time zone as the model needs it: the offset from UTC in force at any instant,
/// as a sorted table of transitions. Pure and cheap to ask (a binary search); built
/// from the system's zone database in one place (`ZoneRules+System.swift`) or by hand
/// in tests.
public struct ZoneRules: Hashable, Sendable {
    /// The zone's name, e.g. `Europe/London`, or `UTC+02:00` for a fixed offset.
    public var name: String
    /// The offset (seconds east of UTC) before the first transition.
    public var initialOffset: Int
    /// Instants (seconds since 1970 UTC) at which the offset changes, ascending, with the
    /// offset from that instant on.
    public var transitions: [Transition]

    public struct Transition: Hashable, Sendable {
        public var at: Int64
        public var offset: Int
        public init(at: Int64, offset: Int) {
            self.at = at
            self.offset = offset
        }
    }

    public init(name: String, initialOffset: Int, transitions: [Transition] = []) {
        self.name = name
        self.initialOffset = initialOffset
        self.transitions = transitions.sorted { $0.at < $1.at }
    }

    public static let utc = ZoneRules(name: "UTC", initialOffset: 0)

    /// A zone that is always `seconds` east of UTC.
    public static func fixed(_ seconds: Int) -> ZoneRules {
        let sign = seconds < 0 ? "-" : "+"
        let m = abs(seconds) / 60
        return ZoneRules(name: "UTC\(sign)\(Day.pad(m / 60, 2)):\(Day.pad(m % 60, 2))", initialOffset: seconds)
    }

    /// Seconds east of UTC in force at `instant`.
    public func offset(at instant: Int64) -> Int {
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid].at <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? initialOffset : transitions[low - 1].offset
    }

    public func offset(at t: Timestamp) -> Int { offset(at: t.seconds) }

    /// The instant of the first change of offset after `instant`, or nil when there is none.
    public func nextTransition(after instant: Int64) -> Int64? {
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid].at <= instant { low = mid + 1 } else { high = mid }
        }
        return low < transitions.count ? transitions[low].at : nil
    }

    /// The local calendar day `t` falls on.
    public func localDay(of t: Timestamp) -> Day {
        Timestamp(seconds: t.seconds + Int64(offset(at: t.seconds))).day
    }

    /// The instant a local wall-clock time on `day` happens. In a spring-forward gap the
    /// wall time does not exist; the instant after the gap's start by the same amount is used.
    public func instant(_ day: Day, secondOfDay: Int) -> Timestamp {
        let wall = Int64(day.number) * 86_400 + Int64(secondOfDay)
        var guess = wall - Int64(offset(at: wall))
        guess = wall - Int64(offset(at: guess))
        return Timestamp(seconds: guess)
    }
}
