/// What a person can set in `$XDG_CONFIG_HOME/rapport/config`: `key = value` lines,
/// `#` starts a comment. Every key is described in docs/CONFIG.md. Keys this type does
/// not know are kept in `values` for others to read (the theme, for one).
public struct Settings: Sendable {
    /// How much of the selected row a list marks.
    public enum CursorMark: String, Sendable, Hashable {
        /// The row's leading columns through the name: a move rewrites a few dozen cells.
        case name
        /// The whole row, edge to edge: easier to follow across a wide row, and a move
        /// rewrites both rows in full (about 300 bytes at 250 columns).
        case row
    }


    public var urgency = UrgencyWeights()
    public var service = ServiceLevel()
    /// Who "mine" means in the complaint filters; nil: whoever is writing.
    public var me: String?
    /// How far back and how alike complaints must be to be suggested as one cause.
    public var suggestions = LinkSuggestionRules()
    /// The weights and thresholds of the health figure (`health.*`).
    public var health = HealthWeights()
    /// How much of the selected row a list marks (`cursor = name | row`).
    public var cursor = CursorMark.name
    /// Every `key = value` in the file, last one wins.
    public var values: [String: String] = [:]

    public init() {}

    /// A line of the config file that could not be used.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Reads settings from the text of a config file; `file` names it in messages.
    /// `zones` turns a zone name into its rules (the system database by default).
    public static func parse(_ text: String, file: String = "config",
                             zones: (String) -> ZoneRules? = ZoneRules.named) throws(Problem) -> Settings {
        var s = Settings()
        var number = 0, hoursLine = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let body = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if body.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let parts = body.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw Problem(file: file, line: number, message: "expected key = value") }
            let key = trim(parts[0]), value = trim(parts[1])
            s.values[key] = value
            if key == "sla.opens" || key == "sla.closes" { hoursLine = number }
            do {
                try s.set(key, value, zones: zones)
            } catch {
                throw Problem(file: file, line: number, message: "\(key): \(error.message)")
            }
        }
        if hoursLine > 0, s.service.calendar.closes <= s.service.calendar.opens {
            throw Problem(file: file, line: hoursLine, message: "sla.closes must be after sla.opens")
        }
        return s
    }

    struct Bad: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private static func trim(_ s: Substring) -> String {
        var t = s
        while let f = t.first, f == " " || f == "\t" || f == "\r" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" || l == "\r" { t.removeLast() }
        return String(t)
    }

    private static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    mutating func set(_ key: String, _ value: String, zones: (String) -> ZoneRules?) throws(Bad) {
        let parts = key.split(separator: ".").map(String.init)
        switch parts.first {
        case "sla": try setService(Array(parts.dropFirst()), value, zones: zones)
        case "urgency": try setUrgency(Array(parts.dropFirst()), value)
        case "suggest": try setSuggestions(Array(parts.dropFirst()), value)
        case "health": try setHealth(Array(parts.dropFirst()), value)
        case "me": me = value.isEmpty ? nil : value
        case "cursor" where parts.count == 1:
            guard let mark = CursorMark(rawValue: value) else { throw Bad("\"\(value)\" is not name or row") }
            cursor = mark
        default: break
        }
    }

    private mutating func setService(_ path: [String], _ value: String, zones: (String) -> ZoneRules?) throws(Bad) {
        switch path.joined(separator: ".") {
        case "hours":
            guard let mode = BusinessCalendar.Mode(rawValue: value) else { throw Bad("\"\(value)\" is not business or calendar") }
            service.calendar.mode = mode
        case "zone":
            guard let zone = zones(value) else { throw Bad("unknown time zone \"\(value)\" (e.g. Europe/London, UTC)") }
            service.calendar.zone = zone
        case "days":
            var days: Set<Int> = []
            for name in value.lowercased().split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let d = Self.dayNames.firstIndex(of: String(name.prefix(3))) else { throw Bad("\"\(name)\" is not a weekday (mon … sun)") }
                days.insert(d)
            }
            guard !days.isEmpty else { throw Bad("name at least one working day") }
            service.calendar.workingDays = days
        case "opens":
            service.calendar.opens = try Self.clockTime(value)
        case "closes":
            service.calendar.closes = try Self.clockTime(value)
        case "holidays":
            var days: Set<Day> = []
            for item in value.split(whereSeparator: { $0 == "," || $0 == " " }) {
                guard let d = Day(iso8601: item) else { throw Bad("\"\(item)\" is not a date (YYYY-MM-DD)") }
                days.insert(d)
            }
            service.calendar.holidays = days
        case "warning":
            if value.hasSuffix("%") {
                guard let p = Double(value.dropLast()), p >= 0, p <= 100 else { throw Bad("\"\(value)\" is not a percentage 0–100%") }
                service.warningFraction = p / 100
            } else {
                service.warningLead = try Self.duration(value)
                service.warningFraction = 0
            }
        default:
            guard path.count == 2, let severity = Int(path[1]), (1...4).contains(severity) else {
                throw Bad("unknown setting (see docs/CONFIG.md)")
            }
            let seconds = try Self.duration(value)
            switch path[0] {
            case "first-response": service.firstResponse[severity] = seconds
            case "resolution": service.resolution[severity] = seconds
            default: throw Bad("unknown setting (see docs/CONFIG.md)")
            }
        }
    }

    private mutating func setUrgency(_ path: [String], _ value: String) throws(Bad) {
        let key = path.joined(separator: ".")
        if key == "broken-promise-days" {
            guard let n = Int(value), n > 0 else { throw Bad("\"\(value)\" is not a whole number of days") }
            urgency.brokenPromiseDays = n
            return
        }
        guard let n = Double(value), n.isFinite else { throw Bad("\"\(value)\" is not a number") }
        switch key {
        case "severity.1", "severity.2", "severity.3", "severity.4": urgency.severity[Int(path[1])!] = n
        case "tier.small": urgency.tier[.small] = n
        case "tier.medium": urgency.tier[.medium] = n
        case "tier.large": urgency.tier[.large] = n
        case "age-per-day": urgency.perDayOpen = n
        case "age-max": urgency.maxAgePoints = n
        case "health-at-risk": urgency.healthAtRisk = n
        case "health-watch": urgency.healthWatch = n
        case "broken-promise": urgency.brokenPromise = n
        case "broken-promise-max": urgency.brokenPromiseMax = n
        case "clock": urgency.clockPressure = n
        case "overdue": urgency.overdue = n
        case "unanswered": urgency.unacknowledged = n
        case "reopened": urgency.perReopen = n
        case "shared-cause": urgency.linked = n
        case "waiting": urgency.waitingOnClient = n
        case "resolved": urgency.awaitingConfirmation = n
        default: throw Bad("unknown setting (see docs/CONFIG.md)")
        }
    }

    private mutating func setSuggestions(_ path: [String], _ value: String) throws(Bad) {
        switch path.joined(separator: ".") {
        case "window-days":
            guard let n = Int(value), n > 0 else { throw Bad("\"\(value)\" is not a whole number of days") }
            suggestions.windowDays = n
        case "similarity":
            guard let n = Double(value), n > 0, n <= 1 else { throw Bad("\"\(value)\" is not a number above 0 and at most 1") }
            suggestions.minimumSimilarity = n
        default: throw Bad("unknown setting (see docs/CONFIG.md)")
        }
    }

    /// "09:00" → seconds after midnight.
    static func clockTime(_ value: String) throws(Bad) -> Int {
        let parts = value.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440
        else { throw Bad("\"\(value)\" is not a time HH:MM") }
        return h * 3600 + m * 60
    }

    /// "4h", "30m", "2h30m", "1d" (24 counted hours), or a bare number of hours.
    static func duration(_ value: String) throws(Bad) -> Int64 {
        if let hours = Double(value), hours >= 0 { return Int64(hours * 3600) }
        var total: Int64 = 0, digits = "", any = false
        for ch in value where ch != " " {
            if ch.isASCII && ch.isNumber { digits.append(ch); continue }
            guard let n = Int64(digits) else { throw Bad("\"\(value)\" is not a duration like 4h, 30m, 2h30m or 1d") }
            switch ch {
            case "d": total += n * 86_400
            case "h": total += n * 3600
            case "m": total += n * 60
            default: throw Bad("\"\(value)\" is not a duration like 4h, 30m, 2h30m or 1d")
            }
            digits = ""
            any = true
        }
        guard any, digits.isEmpty else { throw Bad("\"\(value)\" is not a duration like 4h, 30m, 2h30m or 1d") }
        return total
    }
}
