/// The areas a health score is built from.
public enum HealthArea: String, CaseIterable, Sendable {
    case complaints, money, voice = "client's voice", promises = "our promises", engagement
}

/// healthy / watch / at risk.
public enum HealthLabel: String, Sendable, Comparable {
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

/// A 0–100 health figure that always says why: a baseline plus visible contributions.
public struct HealthReport: Sendable {
    public var account: String
    public var baseline: Int
    public var contributions: [HealthContribution]
    public var score: Int
    public var label: HealthLabel
}

/// The weights behind every contribution, so the arithmetic is documented and configurable.
public struct HealthWeights: Sendable {
    public var baseline = 70
    public var severityPoints = [1: 15, 2: 10, 3: 5, 4: 2]
    public var oldComplaintDays = 30
    public var oldComplaintPoints = 3
    public var reopenPoints = 4
    public var overduePoints: [(days: Int, points: Int)] = [(90, 20), (60, 15), (30, 10), (0, 5)]
    public var badDebtPoints = 15
    public var brokenPaymentPromisePoints = 5
    public var feedbackNeutral = 7.0
    public var feedbackPointsPerScore = 3.0
    public var feedbackMaxAgeDays = 365
    public var promoterPoints = 5
    public var detractorPoints = 5
    public var sentimentWindowDays = 90
    public var sentimentPointsPerStep = 5.0
    public var keptPromisePoints = 2
    public var keptPromiseCap = 6
    public var brokenPromisePoints = 6
    public var brokenPromiseCap = 18
    public var promiseWindowDays = 180
    public var atRiskPromiseDays = 3
    public var atRiskPromisePoints = 2
    public var engagedPoints = 5
    public var lapsedPointsMax = 15
    public var healthyFrom = 70
    public var watchFrom = 45

    public init() {}

    public func label(for score: Int) -> HealthLabel {
        score >= healthyFrom ? .healthy : score >= watchFrom ? .watch : .atRisk
    }
}

extension Book {
    /// The health of an account as of `now`, with every contribution explained.
    public func health(of accountID: String, now: Timestamp, weights w: HealthWeights = HealthWeights()) -> HealthReport {
        let today = now.day
        var parts: [HealthContribution] = []

        // Complaints.
        let complaints = (complaintsByAccount[accountID] ?? []).compactMap { self.complaints[$0] }.filter { $0.opened <= now }
        let open = complaints.filter { $0.state < .resolved }
        if open.isEmpty {
            parts.append(.init(area: .complaints, title: "Complaints", points: 0, reason: "none open"))
        } else {
            var points = 0
            var old = 0
            for c in open {
                points -= w.severityPoints[c.severity] ?? 0
                if c.opened.day.days(until: today) > w.oldComplaintDays { points -= w.oldComplaintPoints; old += 1 }
            }
            let severities = open.map { "sev \($0.severity)" }.sorted().joined(separator: ", ")
            parts.append(.init(area: .complaints, title: "Complaints", points: points,
                               reason: "\(open.count) open (\(severities))" + (old > 0 ? ", \(old) older than \(w.oldComplaintDays) days" : "")))
        }
        let reopened = complaints.reduce(0) { $0 + $1.reopenCount }
        if reopened > 0 {
            parts.append(.init(area: .complaints, title: "Reopened", points: -reopened * w.reopenPoints,
                               reason: "\(reopened) reopening\(reopened == 1 ? "" : "s"): the fix did not hold"))
        }

        // Money.
        let money = receivables(of: accountID, asOf: today)
        if let days = money.oldestOverdueDays, days > 0 {
            let points = w.overduePoints.first { days > $0.days }?.points ?? 0
            parts.append(.init(area: .money, title: "Overdue", points: -points,
                               reason: "\(money.overdue) overdue, oldest \(days) day\(days == 1 ? "" : "s")"))
        } else {
            parts.append(.init(area: .money, title: "Overdue", points: 0,
                               reason: money.unpaid.isZero ? "nothing owed" : "\(money.unpaid) owed, none overdue"))
        }
        if let flag = accounts[accountID]?.badDebt {
            parts.append(.init(area: .money, title: "Bad debt", points: -w.badDebtPoints, reason: "flagged: \(flag.reason)"))
        }
        let promiseList = promises(of: accountID, asOf: today)
        let brokenPay = promiseList.filter { $0.promise.by == .client && $0.promise.amount != nil && ($0.outcome == .broken || $0.outcome == .partlyKept) }
        if !brokenPay.isEmpty {
            parts.append(.init(area: .money, title: "Promises to pay", points: -brokenPay.count * w.brokenPaymentPromisePoints,
                               reason: "\(brokenPay.count) not kept in full (\(brokenPay.map(\.promise.id).joined(separator: ", ")))"))
        }

        // The client's voice: their own scores and mood above our opinion.
        let recentFeedback = (feedback[accountID] ?? []).last { $0.time <= now && $0.time.day.days(until: today) <= w.feedbackMaxAgeDays }
        if let fb = recentFeedback, let average = fb.averageScore {
            let points = Int(((average - w.feedbackNeutral) * w.feedbackPointsPerScore).rounded())
            parts.append(.init(area: .voice, title: "Their scores", points: points,
                               reason: "average \(Self.oneDecimal(average))/10 on \(fb.scores.count - (fb.recommend == nil ? 0 : 1)) dimensions, \(fb.time.day)"))
        } else {
            parts.append(.init(area: .voice, title: "Their scores", points: 0, reason: "no feedback in the last \(w.feedbackMaxAgeDays) days", missing: true))
        }
        if let recommend = recentFeedback?.recommend {
            let points = recommend >= 9 ? w.promoterPoints : recommend <= 6 ? -w.detractorPoints : 0
            let kind = recommend >= 9 ? "promoter" : recommend <= 6 ? "detractor" : "passive"
            parts.append(.init(area: .voice, title: "Recommend", points: points, reason: "\(recommend)/10 (\(kind))"))
        } else {
            parts.append(.init(area: .voice, title: "Recommend", points: 0, reason: "not asked", missing: true))
        }
        let moods = (interactions[accountID] ?? []).filter { $0.time <= now && $0.time.day.days(until: today) <= w.sentimentWindowDays }
        if moods.isEmpty {
            parts.append(.init(area: .voice, title: "Sentiment", points: 0, reason: "no conversations in \(w.sentimentWindowDays) days", missing: true))
        } else {
            let mean = Double(moods.reduce(0) { $0 + $1.sentiment }) / Double(moods.count)
            parts.append(.init(area: .voice, title: "Sentiment", points: Int((mean * w.sentimentPointsPerStep).rounded()),
                               reason: "mean \(Self.signedOneDecimal(mean)) over \(moods.count) conversation\(moods.count == 1 ? "" : "s")"))
        }

        // Our promises.
        let ours = promiseList.filter { $0.promise.by == .us && $0.promise.due.days(until: today) <= w.promiseWindowDays }
        let kept = ours.filter { $0.outcome == .kept }.count
        let broken = ours.filter { $0.outcome == .broken }.count
        let atRisk = ours.filter { $0.outcome == .open && today.days(until: $0.promise.due) <= w.atRiskPromiseDays }.count
        if ours.isEmpty {
            parts.append(.init(area: .promises, title: "Our promises", points: 0, reason: "none made in \(w.promiseWindowDays) days", missing: true))
        } else {
            let points = min(kept * w.keptPromisePoints, w.keptPromiseCap) - min(broken * w.brokenPromisePoints, w.brokenPromiseCap) - atRisk * w.atRiskPromisePoints
            var reason = "\(kept) kept, \(broken) broken"
            if atRisk > 0 { reason += ", \(atRisk) due within \(w.atRiskPromiseDays) days" }
            parts.append(.init(area: .promises, title: "Our promises", points: points, reason: reason))
        }

        // Engagement.
        let cadence = accounts[accountID]?.contactCadence ?? 30
        if let last = lastContact[accountID], last <= now {
            let days = last.day.days(until: today)
            if days <= cadence {
                parts.append(.init(area: .engagement, title: "Last contact", points: w.engagedPoints, reason: "\(days) day\(days == 1 ? "" : "s") ago (cadence \(cadence))"))
            } else {
                let periodsLate = (days - cadence + cadence - 1) / cadence
                let points = -min(w.lapsedPointsMax, 5 * periodsLate)
                parts.append(.init(area: .engagement, title: "Last contact", points: points, reason: "\(days) days ago, cadence is \(cadence)"))
            }
        } else {
            parts.append(.init(area: .engagement, title: "Last contact", points: 0, reason: "no contact logged", missing: true))
        }

        let score = max(0, min(100, w.baseline + parts.reduce(0) { $0 + $1.points }))
        return HealthReport(account: accountID, baseline: w.baseline, contributions: parts, score: score, label: w.label(for: score))
    }

    static func oneDecimal(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func signedOneDecimal(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return (tenths < 0 ? "-" : "+") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
