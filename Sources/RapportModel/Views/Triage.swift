/// One term of a complaint's urgency, visible so nobody has to guess why it is on top.
public struct UrgencyTerm: Hashable, Sendable {
    public var name: String
    public var points: Double
    public var reason: String

    public init(name: String, points: Double, reason: String) {
        self.name = name
        self.points = points
        self.reason = reason
    }
}

/// An open complaint with its urgency figure, the terms that make it up, and its clocks.
///
/// Kept to two words (the figure and a shared reference), so that moving one entry of a
/// 100,000-long queue moves little memory.
///
/// The terms' reasons are sentences that only the urgency overlay and `rapport complaint
/// why` show: they are written out when asked for, from what the figure was worked out
/// from, by the same code that added the figure up (`Book.urgencyTerms`). Writing them
/// for every open complaint at the start was a third of the queue's work.
public struct TriagedComplaint: Sendable {
    public let urgency: Double
    private let storage: Storage

    public var complaint: Complaint { storage.complaint }
    /// The complaint's id, read without copying the complaint out.
    public var id: String { storage.complaint.id }
    public var clocks: [ServiceClock] { storage.clocks }
    /// Every term of the figure, in the order they were added, each with its reason.
    public var terms: [UrgencyTerm] {
        var terms: [UrgencyTerm] = []
        Book.urgencyTerms(storage.complaint, account: storage.account, clocks: storage.clocks, now: storage.now,
                          weights: storage.weights) { name, points, reason in
            terms.append(UrgencyTerm(name: name(), points: points, reason: reason()))
        }
        return terms
    }

    /// A complaint whose figure was added up from these inputs; its terms are written out
    /// from them when read.
    init(complaint: Complaint, urgency: Double, clocks: [ServiceClock], account: AccountUrgency, now: Timestamp,
         weights: UrgencyWeights) {
        self.urgency = urgency
        storage = Storage(complaint: complaint, clocks: clocks, account: account, now: now, weights: weights)
    }

    private final class Storage: Sendable {
        let complaint: Complaint
        let clocks: [ServiceClock]
        /// What the figure was worked out from, besides the complaint and its clocks.
        let account: AccountUrgency
        let now: Timestamp
        let weights: UrgencyWeights
        init(complaint: Complaint, clocks: [ServiceClock], account: AccountUrgency, now: Timestamp, weights: UrgencyWeights) {
            self.complaint = complaint
            self.clocks = clocks
            self.account = account
            self.now = now
            self.weights = weights
        }
    }

    /// Whether any clock is overdue, or will breach before `end`.
    public func breaches(before end: Timestamp) -> Bool {
        clocks.contains { $0.status == .overdue || ($0.deadline.map { $0 < end } ?? false) }
    }

    /// Most urgent first; ties go to the older complaint, then the smaller id.
    public func precedes(_ other: TriagedComplaint) -> Bool {
        if urgency != other.urgency { return urgency > other.urgency }
        // Read where they lie: `complaint` copies the whole complaint out.
        let a = storage.complaint.opened, b = other.storage.complaint.opened
        if a != b { return a < b }
        return storage.complaint.id < other.storage.complaint.id
    }
}

/// The weights behind the urgency figure. Every one can be set in the config file
/// (see docs/CONFIG.md); these are the defaults.
public struct UrgencyWeights: Hashable, Sendable {
    public var severity: [Int: Double] = [1: 40, 2: 25, 3: 12, 4: 4]
    public var perDayOpen = 1.0
    public var maxAgePoints = 30.0
    public var tier: [Tier: Double] = [.large: 8, .medium: 4, .small: 0]
    /// For an account whose health is at risk, or on watch.
    public var healthAtRisk = 8.0
    public var healthWatch = 3.0
    /// Per promise we broke to the account in the last `brokenPromiseDays`, up to the cap.
    public var brokenPromise = 4.0
    public var brokenPromiseMax = 12.0
    public var brokenPromiseDays = 180
    /// A running clock adds up to this much as its target is used up…
    public var clockPressure = 10.0
    /// …and this much more once it is overdue.
    public var overdue = 15.0
    public var unacknowledged = 6.0
    public var perReopen = 5.0
    public var linked = 4.0
    public var waitingOnClient = -10.0
    public var awaitingConfirmation = -30.0

    public init() {}
}

/// What urgency needs to know about an account, worked out once per account.
struct AccountUrgency: Sendable {
    var tier: Tier?
    var health: HealthLabel?
    var brokenPromises: Int
}

extension Book {
    /// Every open complaint, most urgent first.
    ///
    /// `labels`, when given, holds each account's health label under these weights and
    /// service clocks, by the account's place in `accountOrder`, as the Accounts pane
    /// worked them out for its rows: the queue then reads them rather than working each
    /// account's health out a second time. It must have one label for every account.
    public func triage(now: Timestamp, weights: UrgencyWeights = UrgencyWeights(), service: ServiceLevel = ServiceLevel(),
                       health: HealthWeights = HealthWeights(), labels: [HealthLabel]? = nil) -> [TriagedComplaint] {
        precondition(labels == nil || labels?.count == accounts.count, "one health label for every account")
        var list: [TriagedComplaint] = []
        list.reserveCapacity(complaints.count)
        // Each account's part, worked out at its first complaint, kept by its place in the
        // book (a dictionary by id hashed the id twice a complaint); complaints read in
        // place, and copied only when open.
        var byAccount = [AccountUrgency?](repeating: nil, count: accounts.count)
        complaints.withValues { all in
            for i in all.indices where all[i].state.isOpen && all[i].opened <= now {
                let account: AccountUrgency
                if let p = accounts.position(of: all[i].account) {
                    if let known = byAccount[p] {
                        account = known
                    } else {
                        account = accountUrgency(at: p, now: now, weights: weights, service: service, health: health, labels: labels)
                        byAccount[p] = account
                    }
                } else {
                    // Not in the book, as `accountUrgency` answers for an unknown id.
                    account = AccountUrgency(tier: nil, health: nil, brokenPromises: 0)
                }
                list.append(triaged(all[i], account: account, now: now, weights: weights, service: service))
            }
        }
        list.sort { $0.precedes($1) }
        return list
    }

    /// One complaint's urgency and clocks, or nil when it is closed or unknown.
    public func triaged(_ id: String, now: Timestamp, weights: UrgencyWeights = UrgencyWeights(), service: ServiceLevel = ServiceLevel(),
                        health: HealthWeights = HealthWeights()) -> TriagedComplaint? {
        guard let c = complaints[id], c.state.isOpen, c.opened <= now else { return nil }
        var cache: [String: AccountUrgency] = [:]
        return triaged(c, now: now, weights: weights, service: service, health: health, cache: &cache)
    }

    /// The account's part in a complaint's urgency. Its health is worked out with the same
    /// weights and service clocks as the Accounts pane's, so the two never disagree, and
    /// without the reasons, which the queue does not show.
    func accountUrgency(_ id: String, now: Timestamp, weights w: UrgencyWeights, service: ServiceLevel,
                        health weights: HealthWeights, labels: [HealthLabel]? = nil) -> AccountUrgency {
        guard let p = accounts.position(of: id) else { return AccountUrgency(tier: nil, health: nil, brokenPromises: 0) }
        return accountUrgency(at: p, now: now, weights: w, service: service, health: weights, labels: labels)
    }

    /// `accountUrgency` of the account at `p` in `accounts`.
    func accountUrgency(at p: Int, now: Timestamp, weights w: UrgencyWeights, service: ServiceLevel,
                        health weights: HealthWeights, labels: [HealthLabel]?) -> AccountUrgency {
        let id = accounts.keys[p]
        // Most accounts have made no promises: nothing to look up.
        var broken = 0
        if !files[p].promises.isEmpty {
            let since = now.day.adding(days: -w.brokenPromiseDays)
            for (promise, outcome) in promises(of: id, asOf: now.day)
            where promise.by == .us && promise.due >= since && (outcome == .broken || outcome == .partlyKept) {
                broken += 1
            }
        }
        let label = labels?[p] ?? health(of: id, now: now, weights: weights, service: service, explain: false).label
        return AccountUrgency(tier: accounts.withValues { $0[p].tier }, health: label, brokenPromises: broken)
    }

    func triaged(_ c: Complaint, now: Timestamp, weights w: UrgencyWeights, service: ServiceLevel,
                 health: HealthWeights, labels: [HealthLabel]? = nil, cache: inout [String: AccountUrgency]) -> TriagedComplaint {
        let account: AccountUrgency
        if let known = cache[c.account] {
            account = known
        } else {
            account = accountUrgency(c.account, now: now, weights: w, service: service, health: health, labels: labels)
            cache[c.account] = account
        }
        return triaged(c, account: account, now: now, weights: w, service: service)
    }

    /// A complaint's urgency and clocks, its account's part already worked out.
    func triaged(_ c: Complaint, account: AccountUrgency, now: Timestamp, weights w: UrgencyWeights, service: ServiceLevel) -> TriagedComplaint {
        let clocks = service.clocks(of: c, now: now)
        var urgency = 0.0
        Self.urgencyTerms(c, account: account, clocks: clocks, now: now, weights: w) { _, points, _ in urgency += points }
        return TriagedComplaint(complaint: c, urgency: urgency, clocks: clocks, account: account, now: now, weights: w)
    }

    /// Hands each term of a complaint's urgency to `add`, in order: its name, its points,
    /// and its reason, each of the texts written out only if `add` reads it. The figure
    /// is the sum of the points in this order, so it always equals the terms' total.
    static func urgencyTerms(_ c: Complaint, account: AccountUrgency, clocks: [ServiceClock], now: Timestamp, weights w: UrgencyWeights,
                             _ add: (_ name: () -> String, _ points: Double, _ reason: () -> String) -> Void) {
        add({ "severity" }, w.severity[c.severity] ?? 0, { "severity \(c.severity)" })
        let days = Double(now.seconds - c.opened.seconds) / 86_400
        add({ "age" }, min(w.maxAgePoints, days * w.perDayOpen), { "open \(Int(days)) days" })
        for clock in clocks where clock.stoppedAt == nil && clock.target > 0 {
            let used = min(1, Double(clock.used) / Double(clock.target))
            var points = w.clockPressure * used
            if clock.status == .overdue { points += w.overdue }
            add({ "\(clock.kind.rawValue) clock" }, points, { "\(clock.summary) of \(ServiceClock.duration(clock.target))" })
        }
        if let tier = account.tier, let points = w.tier[tier], points != 0 {
            add({ "tier" }, points, { "\(tier.rawValue) client" })
        }
        switch account.health {
        case .atRisk?: if w.healthAtRisk != 0 { add({ "health" }, w.healthAtRisk, { "account at risk" }) }
        case .watch?: if w.healthWatch != 0 { add({ "health" }, w.healthWatch, { "account on watch" }) }
        default: break
        }
        if account.brokenPromises > 0 {
            let points = min(w.brokenPromiseMax, Double(account.brokenPromises) * w.brokenPromise)
            add({ "broken promises" }, points,
                { "\(account.brokenPromises) promise\(account.brokenPromises == 1 ? "" : "s") we broke in \(w.brokenPromiseDays) days" })
        }
        if c.acknowledgedAt == nil {
            add({ "unanswered" }, w.unacknowledged, { "no first response yet" })
        }
        if c.reopenCount > 0 {
            add({ "reopened" }, Double(c.reopenCount) * w.perReopen, { "reopened \(c.reopenCount)×" })
        }
        if !c.linked.isEmpty || c.cause != nil {
            add({ "shared cause" }, w.linked, {
                var parts: [String] = []
                if !c.linked.isEmpty { parts.append("\(c.linked.count) linked complaint\(c.linked.count == 1 ? "" : "s")") }
                if let cause = c.cause { parts.append("cause \(cause)") }
                return parts.joined(separator: ", ")
            })
        }
        if c.state == .resolved {
            add({ "resolved" }, w.awaitingConfirmation, { "resolved; waiting for the client to confirm" })
        }
        if c.waitingSince != nil {
            add({ "waiting" }, w.waitingOnClient, { "waiting on the client" })
        }
    }
}

/// The open queue kept in order, so that after one event only the complaints it touched
/// are worked out again and moved: with 100,000 open complaints a re-sort costs a few
/// binary searches and array moves, not a full sort.
public struct TriageQueue: Sendable {
    /// Most urgent first.
    public private(set) var items: [TriagedComplaint]
    /// The moment complaints are worked out at as they are added or changed.
    public private(set) var now: Timestamp
    public let weights: UrgencyWeights
    public let service: ServiceLevel
    public let health: HealthWeights

    /// Each queued complaint's figure, to find its entry by binary search.
    private var figures: [String: Double] = [:]

    /// `labels`: each account's health label, if already worked out (see `Book.triage`).
    public init(book: Book, now: Timestamp, weights: UrgencyWeights = UrgencyWeights(), service: ServiceLevel = ServiceLevel(),
                health: HealthWeights = HealthWeights(), labels: [HealthLabel]? = nil) {
        self.now = now
        self.weights = weights
        self.service = service
        self.health = health
        items = book.triage(now: now, weights: weights, service: service, health: health, labels: labels)
        figures.reserveCapacity(items.count)
        for t in items { figures[t.id] = t.urgency }
    }

    /// Moves the moment complaints added or changed from now on are worked out at (a
    /// complaint opened after the old one is then queued, not passed over as not yet
    /// open). Those already queued keep their figures until the queue is made again.
    public mutating func advance(to now: Timestamp) {
        if now > self.now { self.now = now }
    }

    /// Re-ranks after `event` was applied to `book`: the complaints of the accounts it
    /// touched (tier, health and promises are per account), and its subject.
    public mutating func update(after event: Event, touched accounts: [String], in book: Book) {
        var ids = Set(accounts.flatMap { book.complaintsByAccount[$0] ?? [] })
        if event.verb.noun == "complaint" { ids.insert(event.subject) }
        update(complaints: ids, in: book)
    }

    /// Works out the given complaints again and moves each to its place.
    public mutating func update(complaints ids: some Sequence<String>, in book: Book) {
        var cache: [String: AccountUrgency] = [:]
        for id in ids {
            if let old = position(of: id) {
                items.remove(at: old)
                figures[id] = nil
            }
            guard let c = book.complaints[id], c.state.isOpen, c.opened <= now else { continue }
            let fresh = book.triaged(c, now: now, weights: weights, service: service, health: health, cache: &cache)
            items.insert(fresh, at: insertionIndex(fresh))
            figures[id] = fresh.urgency
        }
    }

    /// Where a complaint sits in the queue: a binary search on its figure, then a short
    /// scan among equal figures.
    public func position(of id: String) -> Int? {
        guard let figure = figures[id] else { return nil }
        var low = 0, high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid].urgency > figure { low = mid + 1 } else { high = mid }
        }
        var i = low
        while i < items.count, items[i].urgency == figure {
            if items[i].id == id { return i }
            i += 1
        }
        return nil
    }

    private func insertionIndex(_ t: TriagedComplaint) -> Int {
        var low = 0, high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid].precedes(t) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
