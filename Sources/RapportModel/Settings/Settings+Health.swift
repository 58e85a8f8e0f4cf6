extension Settings {
    /// `health.*` keys: the weights and thresholds of the health figure (docs/CONFIG.md).
    mutating func setHealth(_ path: [String], _ value: String) throws(Bad) {
        func whole(_ range: ClosedRange<Int> = 0...1000) throws(Bad) -> Int {
            guard let n = Int(value), range.contains(n) else { throw Bad("\"\(value)\" is not a whole number \(range.lowerBound)–\(range.upperBound)") }
            return n
        }
        func number() throws(Bad) -> Double {
            guard let n = Double(value), n.isFinite, n >= 0 else { throw Bad("\"\(value)\" is not a number 0 or more") }
            return n
        }
        let key = path.joined(separator: ".")
        switch key {
        case "baseline": health.baseline = try whole(0...100)
        case "healthy-from": health.healthyFrom = try whole(0...100)
        case "watch-from": health.watchFrom = try whole(0...100)
        case "severity.1", "severity.2", "severity.3", "severity.4": health.severityPoints[Int(path[1])!] = try whole()
        case "old-complaint-days": health.oldComplaintDays = try whole()
        case "old-complaint": health.oldComplaintPoints = try whole()
        case "breach": health.breachPoints = try whole()
        case "reopened": health.reopenPoints = try whole()
        case "overdue":
            // "90:20, 60:15, 30:10, 0:5": more than DAYS overdue costs POINTS.
            var steps: [(days: Int, points: Int)] = []
            for item in value.split(separator: ",") {
                let pair = item.split(separator: ":")
                guard pair.count == 2, let d = Int(pair[0].filter { $0 != " " }), let p = Int(pair[1].filter { $0 != " " }), d >= 0, p >= 0 else {
                    throw Bad("\"\(value)\" is not a list of DAYS:POINTS, e.g. 90:20, 60:15, 30:10, 0:5")
                }
                steps.append((d, p))
            }
            guard !steps.isEmpty else { throw Bad("give at least one DAYS:POINTS step") }
            health.overduePoints = steps.sorted { $0.days > $1.days }
        case "bad-debt": health.badDebtPoints = try whole()
        case "broken-payment-promise": health.brokenPaymentPromisePoints = try whole()
        case "feedback-neutral": health.feedbackNeutral = min(10, try number())
        case "feedback-per-point": health.feedbackPointsPerScore = try number()
        case "feedback-max-age-days": health.feedbackMaxAgeDays = try whole(1...3650)
        case "promoter": health.promoterPoints = try whole()
        case "detractor": health.detractorPoints = try whole()
        case "sentiment-days": health.sentimentWindowDays = try whole(1...3650)
        case "sentiment-per-step": health.sentimentPointsPerStep = try number()
        case "kept-promise": health.keptPromisePoints = try whole()
        case "kept-promise-max": health.keptPromiseCap = try whole()
        case "broken-promise": health.brokenPromisePoints = try whole()
        case "broken-promise-max": health.brokenPromiseCap = try whole()
        case "promise-days": health.promiseWindowDays = try whole(1...3650)
        case "tell-them-now-days": health.atRiskPromiseDays = try whole(0...365)
        case "due-soon": health.atRiskPromisePoints = try whole()
        case "engaged": health.engagedPoints = try whole()
        case "lapsed-per-period": health.lapsedPointsPerPeriod = try whole()
        case "lapsed-max": health.lapsedPointsMax = try whole()
        case "perception-gap":
            let n = try number()
            guard n <= 10 else { throw Bad("\"\(value)\" is more than the 0–10 scale allows") }
            health.perceptionGapThreshold = n
        case "trend-days": health.trendDays = try whole(7...365)
        default: throw Bad("unknown setting (see docs/CONFIG.md)")
        }
    }
}
