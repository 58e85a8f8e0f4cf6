/// Health as of past dates, worked out by replaying the journal rather than stored.
///
/// Only the events about one account are replayed, into a fresh book of its own: the
/// health of an account depends on nothing else (its complaints, invoices, payments,
/// promises, feedback and conversations are all filed under it). Two things need care:
/// a contact added at another account and later named by this one (they moved here, or
/// an event names them) is added afresh just before its first mention, and events that
/// reach other accounts (an incident, a link to another client's complaint, a move away)
/// are refused by the small book without changing what health reads.
public enum HealthReplay {
    /// The events about `account`, in time order (journal order among equal times), with
    /// any contact they name but did not add introduced just before its first mention.
    /// `applied` are the events at the account's positions in `Book.eventsByAccount`, in
    /// that order.
    public static func events(of account: String, in book: Book, applied: [Event]) -> [Event] {
        var list = applied
        if !isSorted(list) {
            list = list.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        }
        var known = Set<String>()
        var result: [Event] = []
        result.reserveCapacity(list.count)
        for e in list {
            var named: [String] = []
            if e.verb == .contactAdd { known.insert(e.subject) }
            else if e.verb.noun == "contact" { named.append(e.subject) }
            if let c = e["contact"] { named.append(c) }
            for id in named where !known.contains(id) {
                known.insert(id)
                guard let contact = book.contacts[id] else { continue }
                result.append(Event(time: e.time, author: e.author, verb: .contactAdd, subject: id,
                                    fields: [.init("account", account), .init("name", contact.name)]))
            }
            result.append(e)
        }
        return result
    }

    private static func isSorted(_ list: [Event]) -> Bool {
        var i = 1
        while i < list.count { if list[i].time < list[i - 1].time { return false }; i += 1 }
        return true
    }

    /// The last second of a day: "as of 2026-10-01" means by the end of that day.
    public static func endOf(_ day: Day) -> Timestamp { Timestamp(day: day.adding(days: 1)).adding(seconds: -1) }

    /// The account's health as of `time`: its events up to then, folded into a fresh book.
    public static func health(of account: String, events: [Event], asOf time: Timestamp,
                              weights: HealthWeights = HealthWeights(), service: ServiceLevel = ServiceLevel()) -> HealthReport? {
        var book = Book()
        for e in events where e.time <= time { _ = try? book.apply(e) }
        guard book.accounts[account] != nil else { return nil }
        return book.health(of: account, now: time, weights: weights, service: service)
    }

    /// The account's figure at the end of each of the last `days` days (the last point is
    /// `now` itself), and what changed since a week ago, from one pass over its events.
    public static func trend(of account: String, events: [Event], now: Timestamp, days: Int = 90,
                             weights: HealthWeights = HealthWeights(), service: ServiceLevel = ServiceLevel()) -> HealthTrend {
        let days = max(1, days)
        let today = now.day
        let first = today.adding(days: -(days - 1))
        let weekAgoDay = today.adding(days: -7)
        var book = Book()
        var next = 0
        var points: [HealthTrend.Point] = []
        points.reserveCapacity(days)
        var current: HealthReport?
        var weekAgo: HealthReport?
        func advance(to time: Timestamp) {
            while next < events.count, events[next].time <= time {
                _ = try? book.apply(events[next])
                next += 1
            }
        }
        if weekAgoDay < first {
            advance(to: endOf(weekAgoDay))
            if book.accounts[account] != nil { weekAgo = book.health(of: account, now: endOf(weekAgoDay), weights: weights, service: service) }
        }
        for k in 0..<days {
            let day = first.adding(days: k)
            let time = day == today ? now : endOf(day)
            advance(to: time)
            guard book.accounts[account] != nil else { points.append(.init(day: day, score: nil)); continue }
            // Only the two reports kept are read as text; the other days need their score alone.
            let report = book.health(of: account, now: time, weights: weights, service: service,
                                     explain: day == weekAgoDay || day == today)
            points.append(.init(day: day, score: report.score))
            if day == weekAgoDay { weekAgo = report }
            if day == today { current = report }
        }
        return HealthTrend(account: account, points: points, current: current, weekAgo: weekAgo)
    }
}

/// An account's health over recent days and what moved since a week ago.
public struct HealthTrend: Sendable {
    public struct Point: Hashable, Sendable {
        public var day: Day
        /// Nil before the account was opened.
        public var score: Int?
    }

    public var account: String
    /// One point per day, oldest first; the last is "now".
    public var points: [Point]
    public var current: HealthReport?
    public var weekAgo: HealthReport?

    /// The scores from the account's first known day on.
    public var scores: [Int] { points.compactMap(\.score) }

    /// The contributions whose points moved since a week ago, largest move first.
    public var changes: [HealthChange] {
        guard let current, let weekAgo else { return [] }
        return HealthChange.between(weekAgo, current)
    }
}

/// One contribution that moved between two reports.
public struct HealthChange: Hashable, Sendable {
    public var title: String
    public var before: Int
    public var after: Int
    /// The reason as it reads now (or, when it went away, as it read before).
    public var reason: String
    public var delta: Int { after - before }

    /// "Sentiment -5 → +5 (+10): mean +1.0 over 2 conversations".
    public var text: String {
        func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
        return "\(title) \(signed(before)) → \(signed(after)) (\(signed(delta))): \(reason)"
    }

    /// Contributions (matched by title) whose points differ, largest move first.
    public static func between(_ old: HealthReport, _ new: HealthReport) -> [HealthChange] {
        var titles: [String] = []
        for c in new.contributions + old.contributions where !titles.contains(c.title) { titles.append(c.title) }
        var result: [HealthChange] = []
        for title in titles {
            let a = old.contributions.first { $0.title == title }
            let b = new.contributions.first { $0.title == title }
            let before = a?.points ?? 0, after = b?.points ?? 0
            guard before != after else { continue }
            result.append(HealthChange(title: title, before: before, after: after, reason: b?.reason ?? "gone: \(a?.reason ?? "")"))
        }
        return result.enumerated().sorted { (abs($1.element.delta), $0.offset) < (abs($0.element.delta), $1.offset) }.map(\.element)
    }
}

/// Every account's health, kept so that after one event only the accounts it touched are
/// worked out again; the rest stay cached until the day changes (ages and cadences move
/// by the day).
public struct HealthBoard: Sendable {
    public private(set) var reports: [String: HealthReport] = [:]
    public private(set) var now: Timestamp
    public let weights: HealthWeights
    public let service: ServiceLevel

    public init(book: Book, now: Timestamp, weights: HealthWeights = HealthWeights(), service: ServiceLevel = ServiceLevel()) {
        self.init(book: book, accounts: book.accountOrder, now: now, weights: weights, service: service)
    }

    /// A board of only `accounts`: a large book can be worked out in parts, on as many
    /// cores, and the parts merged.
    public init(book: Book, accounts: some Collection<String>, now: Timestamp, weights: HealthWeights = HealthWeights(),
                service: ServiceLevel = ServiceLevel()) {
        self.now = now
        self.weights = weights
        self.service = service
        reports.reserveCapacity(accounts.count)
        for id in accounts { reports[id] = book.health(of: id, now: now, weights: weights, service: service) }
    }

    /// Takes in the reports of a board of other accounts, worked out at the same time
    /// with the same weights and service clocks.
    public mutating func merge(_ other: HealthBoard) {
        precondition(other.now == now, "boards of different times")
        reports.merge(other.reports) { mine, _ in mine }
    }

    /// After events touching `accounts` were applied to `book`: works those out again.
    /// A `now` on a later day works out every account.
    public mutating func update(book: Book, touched accounts: some Sequence<String>, now: Timestamp) {
        if now.day != self.now.day {
            self = HealthBoard(book: book, now: now, weights: weights, service: service)
            return
        }
        self.now = now
        for id in accounts {
            reports[id] = book.accounts[id] == nil ? nil : book.health(of: id, now: now, weights: weights, service: service)
        }
    }

    /// Moves "now" on within the day: only accounts with open complaints can change
    /// (a service-level clock may run out); a new day works out every account.
    public mutating func advance(book: Book, to now: Timestamp) {
        if now.day != self.now.day { update(book: book, touched: [], now: now); return }
        let open = Set(book.complaints.values.lazy.filter { $0.state < .resolved }.map(\.account))
        update(book: book, touched: open, now: now)
    }

    public subscript(account: String) -> HealthReport? { reports[account] }
}
