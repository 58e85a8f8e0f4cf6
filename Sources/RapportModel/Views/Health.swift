/// The areas a health score is built from.
public enum HealthArea: String, CaseIterable, Sendable {
    case complaints, money, voice = "client's voice", promises = "our promises", engagement
}

/// healthy / watch / at risk.
public enum HealthLabel: String, Sendable, Comparable, CaseIterable {
    case healthy, watch
    case atRisk = "at risk"

    public static func < (a: HealthLabel, b: HealthLabel) -> Bool { a.rank < b.rank }
    var rank: Int { self == .atRisk ? 0 : self == .watch ? 1 : 2 }
}

/// One visible term of a health score: its points and the reason in a sentence.
public struct HealthContribution: Hashable, Sendable {
    public var area: HealthArea
    public var title: String
    public var points: Int
    public var reason: String
    /// The input is missing: shown as missing, never counted as good.
    public var missing: Bool

    public init(area: HealthArea, title: String, points: Int, reason: String, missing: Bool = false) {
        self.area = area
        self.title = title
        self.points = points
        self.reason = reason
        self.missing = missing
    }
}

/// Our own rating of a relationship set against the client's: when ours is markedly
/// rosier, we believe one thing while they feel another.
public struct PerceptionGap: Hashable, Sendable {
    /// The manager's 0–10 rating (`account.rate`).
    public var ours: Int
    public var oursAt: Timestamp
    /// The client's view on the same 0–10 scale: the mean of what they told us.
    public var theirs: Double
    /// What the client's view is made of, e.g. "scores 5.2", "recommend 4", "mood -1.0".
    public var sources: [String]
    /// ours − theirs: positive when we think better of it than they do.
    public var gap: Double
    /// The gap is at least the configured threshold.
    public var flagged: Bool

    /// "we say 9, they say 4.5 (scores 5.0, recommend 4): 4.5 rosier".
    public var text: String {
        let direction = gap > 0 ? "rosier" : gap < 0 ? "gloomier" : "the same"
        let size = gap == 0 ? "" : "\(Book.oneDecimal(abs(gap))) "
        return "we say \(ours), they say \(Book.oneDecimal(theirs)) (\(sources.joined(separator: ", "))): \(size)\(direction)"
    }
}

/// A warning on an account that wants action, with a word for the flags column.
public enum HealthFlag: Hashable, Sendable {
    /// Our view is markedly rosier than the client's.
    case perceptionGap(PerceptionGap)
    /// A promise of ours due soon and not done: tell them now, before it is late.
    case tellThemNow(promise: String, due: Day, text: String)

    /// A short word for a list's flags column: never colour alone.
    public var word: String {
        switch self {
        case .perceptionGap: "GAP"
        case .tellThemNow: "TELL"
        }
    }

    /// One line for a pane or a report.
    public var text: String {
        switch self {
        case .perceptionGap(let g): "Perception gap: \(g.text)"
        case .tellThemNow(let promise, let due, let text): "Tell them now: \(promise) \"\(text)\" due \(due), not done"
        }
    }

    /// A stable word for scripts.
    public var kind: String {
        switch self {
        case .perceptionGap: "perception-gap"
        case .tellThemNow: "tell-them-now"
        }
    }
}

/// A 0–100 health figure that always says why: a baseline plus visible contributions.
public struct HealthReport: Hashable, Sendable {
    public var account: String
    /// The moment the figure is about.
    public var asOf: Timestamp
    public var baseline: Int
    /// What the score is made of; empty in a report asked for without `explain`.
    public var contributions: [HealthContribution]
    public var score: Int
    public var label: HealthLabel
    /// Our rating against theirs, when both exist.
    public var gap: PerceptionGap?
    /// Warnings that want action: a perception gap, promises to own up to now.
    public var flags: [HealthFlag]
    /// The account's open complaints as of `asOf`, as `Book.openComplaintCount` counts them.
    public var openComplaints: Int

    /// The short words for a flags column ("GAP", "TELL"), each once.
    public var flagWords: [String] {
        var seen: [String] = []
        for f in flags where !seen.contains(f.word) { seen.append(f.word) }
        return seen
    }

    /// The contribution that pulls the figure down most, if any does.
    public var worst: HealthContribution? {
        contributions.filter { $0.points < 0 }.min { $0.points < $1.points }
    }
}

/// The weights and thresholds behind every contribution, so the arithmetic is documented
/// and configurable (`health.*` in the config file, see docs/CONFIG.md). The defaults
/// suit a small B2B services firm: monthly invoices, a few dozen clients per manager.
public struct HealthWeights: Sendable {
    /// Where every account starts before its contributions.
    public var baseline = 70
    /// Points off per open complaint, by severity (1 critical … 4 minor).
    public var severityPoints = [1: 15, 2: 10, 3: 5, 4: 2]
    /// An open complaint older than this costs `oldComplaintPoints` more.
    public var oldComplaintDays = 30
    public var oldComplaintPoints = 3
    /// Per open complaint with a service-level clock overdue or missed.
    public var breachPoints = 4
    /// Per reopening of any complaint: the fix did not hold.
    public var reopenPoints = 4
    /// Points off by the age of the oldest undisputed overdue invoice: more than `days` → `points`.
    public var overduePoints: [(days: Int, points: Int)] = [(90, 20), (60, 15), (30, 10), (0, 5)]
    public var badDebtPoints = 15
    /// Per client promise to pay broken or only partly kept.
    public var brokenPaymentPromisePoints = 5
    /// Feedback average at which their scores count nothing; each point above or below
    /// moves the figure by `feedbackPointsPerScore`.
    public var feedbackNeutral = 7.0
    public var feedbackPointsPerScore = 3.0
    /// Feedback older than this is missing, not good.
    public var feedbackMaxAgeDays = 365
    /// Likelihood to recommend: 9–10 promoter, 0–6 detractor.
    public var promoterPoints = 5
    public var detractorPoints = 5
    /// Conversations in this many days make up their mood; points per step of the mean (-2…+2).
    public var sentimentWindowDays = 90
    public var sentimentPointsPerStep = 5.0
    public var keptPromisePoints = 2
    public var keptPromiseCap = 6
    public var brokenPromisePoints = 6
    public var brokenPromiseCap = 18
    /// Our promises due within this many days back are counted.
    public var promiseWindowDays = 180
    /// A promise of ours due within this many days and not done: "tell them now".
    public var atRiskPromiseDays = 3
    public var atRiskPromisePoints = 2
    /// Within the account's cadence; per cadence period late, up to the maximum.
    public var engagedPoints = 5
    public var lapsedPointsPerPeriod = 5
    public var lapsedPointsMax = 15
    /// Flag when our 0–10 rating is at least this much above the client's view.
    public var perceptionGapThreshold = 2.0
    public var healthyFrom = 70
    public var watchFrom = 45
    /// How many days the Health pane's trend covers.
    public var trendDays = 90

    public init() {}

    public func label(for score: Int) -> HealthLabel {
        score >= healthyFrom ? .healthy : score >= watchFrom ? .watch : .atRisk
    }
}

extension Book {
    /// The health of an account as of `now`, with every contribution explained.
    ///
    /// Without `explain`, the report is the figure alone: its score, label, perception gap
    /// and flags, and no contributions. A list of a hundred thousand accounts, the
    /// complaint queue and a trend's past days need no more, and the contributions were
    /// most of the cost of each: a dozen values, each with two strings to retain and
    /// release. The score is the same sum either way.
    ///
    /// Reads the book as it is: for a figure as of a past date, ask a book folded up to
    /// that date (`HealthReplay`), not this one with an earlier `now`. `open`, when given,
    /// is `openInvoices(of: accountID, asOf: now.day)` already worked out by the caller.
    public func health(of accountID: String, now: Timestamp, weights w: HealthWeights = HealthWeights(),
                       service: ServiceLevel = ServiceLevel(), explain: Bool = true, open unpaid: [OpenInvoice]? = nil) -> HealthReport {
        health(of: accountID, at: accounts.position(of: accountID), now: now, weights: w, service: service, explain: explain, open: unpaid)
    }

    /// `health(of:now:weights:service:explain:open:)` of the account at `p` in
    /// `accounts`, found already: the start asks this of every account, with its row.
    public func health(ofAccountAt p: Int, now: Timestamp, weights w: HealthWeights = HealthWeights(),
                       service: ServiceLevel = ServiceLevel(), explain: Bool = true, open unpaid: [OpenInvoice]? = nil) -> HealthReport {
        health(of: accounts.keys[p], at: p, now: now, weights: w, service: service, explain: explain, open: unpaid)
    }

    private func health(of accountID: String, at p: Int?, now: Timestamp, weights w: HealthWeights,
                        service: ServiceLevel, explain: Bool, open unpaid: [OpenInvoice]?) -> HealthReport {
        let today = now.day
        var parts: [HealthContribution] = []
        var total = 0
        // One per area and a few more: room made once, not grown an append at a time.
        if explain { parts.reserveCapacity(16) }
        /// Counts a contribution's points, and keeps it, its reason written out, when the
        /// report will be read.
        func add(_ area: HealthArea, _ title: String, _ points: Int, _ reason: @autoclosure () -> String, missing: Bool = false) {
            total += points
            if explain { parts.append(.init(area: area, title: title, points: points, reason: reason(), missing: missing)) }
        }
        var flags: [HealthFlag] = []
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        // The account and its lists are read where they lie, by position: a copy of the
        // account, of its files or of each complaint retains and releases every string and
        // list it holds, and the start asks this of every account.
        let account = p.map { p in
            // Field by field: a computed property read off `a[p]` copied the whole account.
            // Plain values only: a tuple holding the bad-debt flag itself (four strings)
            // cost more to let go of than the rest of this reading.
            accounts.withValues { a in
                (contactCadence: a[p].cadence ?? a[p].tier.defaultCadence, badDebt: !a[p].rare.isEmpty && a[p].badDebt != nil,
                 rating: a[p].managerRating, ratedAt: a[p].managerRatingAt)
            }
        }

        // Complaints.
        var open: [Int] = []
        var reopened = 0
        complaints.withValues { all in
            for id in p.map({ files[$0].complaints }) ?? [] {
                guard let at = complaints.position(of: id), all[at].opened <= now else { continue }
                reopened += all[at].reopenCount
                if all[at].state < .resolved { open.append(at) }
            }
        }
        if open.isEmpty {
            add(.complaints, "Complaints", 0, "none open")
        } else {
            var points = 0
            var old = 0
            complaints.withValues { all in
                for at in open {
                    points -= w.severityPoints[all[at].severity] ?? 0
                    if all[at].opened.day.days(until: today) > w.oldComplaintDays { points -= w.oldComplaintPoints; old += 1 }
                }
            }
            let severities = { open.map { "sev \(self.complaints.values[$0].severity)" }.sorted().joined(separator: ", ") }
            add(.complaints, "Complaints", points, "\(open.count) open (\(severities()))" + (old > 0 ? ", \(old) older than \(w.oldComplaintDays) days" : ""))
            // Counted in place; the ids are listed only for a reason that will be read.
            let breached = complaints.withValues { all in open.filter { at in service.breached(all, at: at, now: now) } }
            if !breached.isEmpty {
                add(.complaints, "SLA breaches", -breached.count * w.breachPoints,
                    "\(breached.count) open past a service-level target (\(breached.map { self.complaints.values[$0].id }.sorted().joined(separator: ", ")))")
            }
        }
        if reopened > 0 {
            add(.complaints, "Reopened", -reopened * w.reopenPoints, "\(plural(reopened, "reopening")): the fix did not hold")
        }

        // Money.
        // What is owed and overdue, as `receivables` counts them, without the rest of what
        // it works out (aging buckets, credit, the list of ids): the start works out every
        // account's health, and the rest was a third of each.
        var money = Owed()
        if let unpaid {
            for i in unpaid.indices { money.add(unpaid[i].outstanding, disputed: unpaid[i].isDisputed, daysOverdue: unpaid[i].daysOverdue) }
        } else {
            for position in p.map({ files[$0].invoices }) ?? [] { money.add(invoices.values[Int(position)], asOf: today) }
        }
        if let days = money.oldestOverdueDays, days > 0 {
            let points = w.overduePoints.first { days > $0.days }?.points ?? 0
            add(.money, "Overdue", -points, "\(money.overdue) overdue, oldest \(plural(days, "day"))")
        } else {
            add(.money, "Overdue", 0, money.unpaid.isZero ? "nothing owed" : "\(money.unpaid) owed, none overdue")
        }
        if let p, account?.badDebt == true {
            add(.money, "Bad debt", -w.badDebtPoints, "flagged: \(self.accounts.values[p].badDebt?.reason ?? "")")
        }
        // Most accounts have made no promises: then there is no list at all to make,
        // filter and let go of.
        let promiseList = (p.map { files[$0].promises.isEmpty } ?? true) ? nil : p.map { promises(ofAccountAt: $0, asOf: today) }
        if let promiseList {
            let brokenPay = promiseList.filter { $0.promise.by == .client && $0.promise.amount != nil && ($0.outcome == .broken || $0.outcome == .partlyKept) }
            if !brokenPay.isEmpty {
                add(.money, "Promises to pay", -brokenPay.count * w.brokenPaymentPromisePoints, "\(brokenPay.count) not kept in full (\(brokenPay.map(\.promise.id).joined(separator: ", ")))")
            }
        }

        // The client's voice: their own scores and mood above our opinion.
        var theirView: [(value: Double, source: TheirView)] = []
        let recentFeedback = p.flatMap { p in
            files[p].feedback.last { $0.time <= now && $0.time.day.days(until: today) <= w.feedbackMaxAgeDays }
        }
        if let fb = recentFeedback, let average = fb.averageScore {
            let points = Int(((average - w.feedbackNeutral) * w.feedbackPointsPerScore).rounded())
            func reason() -> String {
                let rated = fb.scores.count - (fb.recommend == nil ? 0 : 1)
                var reason = "average \(Self.oneDecimal(average))/10 on \(plural(rated, "dimension")), \(fb.time.day)"
                if let low = fb.scores.filter({ $0.key != "recommend" }).min(by: { ($0.value, $0.key) < ($1.value, $1.key) }), rated > 1 {
                    reason += "; lowest \(low.key) \(low.value)"
                }
                return reason
            }
            add(.voice, "Their scores", points, reason())
            theirView.append((average, .scores(average)))
        } else {
            add(.voice, "Their scores", 0, "no feedback in the last \(w.feedbackMaxAgeDays) days", missing: true)
        }
        if let recommend = recentFeedback?.recommend {
            let points = recommend >= 9 ? w.promoterPoints : recommend <= 6 ? -w.detractorPoints : 0
            let kind = recommend >= 9 ? "promoter" : recommend <= 6 ? "detractor" : "passive"
            add(.voice, "Recommend", points, "\(recommend)/10 (\(kind))")
            theirView.append((Double(recommend), .recommend(recommend)))
        } else {
            add(.voice, "Recommend", 0, "not asked", missing: true)
        }
        var moods = 0, moodTotal = 0
        for i in p.map({ files[$0].interactions }) ?? [] where i.time <= now && i.time.day.days(until: today) <= w.sentimentWindowDays {
            moods += 1
            moodTotal += i.sentiment
        }
        if moods == 0 {
            add(.voice, "Sentiment", 0, "no conversations in \(w.sentimentWindowDays) days", missing: true)
        } else {
            let mean = Double(moodTotal) / Double(moods)
            add(.voice, "Sentiment", Int((mean * w.sentimentPointsPerStep).rounded()), "mean \(Self.signedOneDecimal(mean)) over \(plural(moods, "conversation"))")
            theirView.append(((mean + 2) * 2.5, .mood(mean)))
        }

        // Our promises: what we do, not what we say; warn before one is late.
        let ours = promiseList?.filter { $0.promise.by == .us && $0.outcome != .cancelled && $0.promise.due.days(until: today) <= w.promiseWindowDays }
        if let ours, !ours.isEmpty {
            let kept = ours.reduce(0) { $0 + ($1.outcome == .kept ? 1 : 0) }
            let broken = ours.reduce(0) { $0 + ($1.outcome == .broken ? 1 : 0) }
            let dueSoon = ours.filter { $0.outcome == .open && today.days(until: $0.promise.due) <= w.atRiskPromiseDays }
            for item in dueSoon {
                flags.append(.tellThemNow(promise: item.promise.id, due: item.promise.due, text: item.promise.text))
            }
            let points = min(kept * w.keptPromisePoints, w.keptPromiseCap) - min(broken * w.brokenPromisePoints, w.brokenPromiseCap)
            let pending = ours.count - kept - broken
            add(.promises, "Our promises", points, "\(kept) kept, \(broken) broken" + (pending > 0 ? ", \(pending) open" : ""))
            if !dueSoon.isEmpty {
                let ids = dueSoon.map(\.promise.id).joined(separator: ", ")
                add(.promises, "Due soon", -dueSoon.count * w.atRiskPromisePoints, "\(ids) due within \(plural(w.atRiskPromiseDays, "day")), not done: tell them now")
            }
        } else {
            add(.promises, "Our promises", 0, "none made in \(w.promiseWindowDays) days", missing: true)
        }

        // Engagement: any logged contact resets the clock.
        let cadence = account?.contactCadence ?? 30
        if let last = p.flatMap({ files[$0].lastContact }), last <= now {
            let days = last.day.days(until: today)
            if days <= cadence {
                add(.engagement, "Last contact", w.engagedPoints, "\(plural(days, "day")) ago, within the \(cadence)-day cadence")
            } else {
                let periodsLate = (days - 1) / cadence
                let points = -min(w.lapsedPointsMax, w.lapsedPointsPerPeriod * periodsLate)
                add(.engagement, "Last contact", points, "\(days) days ago, cadence is \(cadence)")
            }
        } else {
            add(.engagement, "Last contact", 0, "no contact logged", missing: true)
        }

        // Perception gap: our rating set against theirs.
        var gap: PerceptionGap?
        if let ours = account?.rating, let at = account?.ratedAt, at <= now, !theirView.isEmpty {
            let theirs = theirView.reduce(0) { $0 + $1.value } / Double(theirView.count)
            let difference = Double(ours) - theirs
            gap = PerceptionGap(ours: ours, oursAt: at, theirs: theirs, sources: theirView.map(\.source.text), gap: difference,
                                flagged: difference >= w.perceptionGapThreshold)
            if let gap, gap.flagged { flags.insert(.perceptionGap(gap), at: 0) }
        }

        let score = max(0, min(100, w.baseline + total))
        return HealthReport(account: accountID, asOf: now, baseline: w.baseline, contributions: parts, score: score,
                            label: w.label(for: score), gap: gap, flags: flags, openComplaints: open.count)
    }

    /// One part of the client's view of the relationship, named only if a perception gap
    /// is worked out from it.
    private enum TheirView {
        case scores(Double), recommend(Int), mood(Double)

        var text: String {
            switch self {
            case .scores(let average): "scores \(Book.oneDecimal(average))"
            case .recommend(let score): "recommend \(score)"
            case .mood(let mean): "mood \(Book.signedOneDecimal(mean))"
            }
        }
    }

    static func oneDecimal(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    static func signedOneDecimal(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return (tenths < 0 ? "-" : "+") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
