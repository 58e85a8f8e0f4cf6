// The one file in the model that reads the system's time-zone database. Everything
// else works on the pure `ZoneRules` table this builds.
import Foundation

extension ZoneRules {
    /// The rules of a named zone (`Europe/London`, `America/New_York`, `UTC`) between
    /// 1970 and 2100, from the system's zone database; nil for an unknown name.
    public static func named(_ identifier: String) -> ZoneRules? {
        if identifier == "UTC" || identifier == "Z" { return .utc }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let start = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: 4_102_444_800) // 2100-01-01
        var transitions: [Transition] = []
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, transitions.count < 1_000 {
            transitions.append(Transition(at: Int64(next.timeIntervalSince1970.rounded()), offset: zone.secondsFromGMT(for: next)))
            cursor = next
        }
        return ZoneRules(name: identifier, initialOffset: zone.secondsFromGMT(for: start), transitions: transitions)
    }
}
