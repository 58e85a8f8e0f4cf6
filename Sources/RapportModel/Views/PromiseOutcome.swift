extension Book {
    /// Whether a promise was kept, as of `day`. What people do counts, not what they say:
    /// a client's promise to pay is judged by the payments that arrived by its due date;
    /// any promise still open after its due date is broken.
    public func outcome(of promise: Promise, asOf day: Day) -> Promise.Outcome {
        if promise.recorded != .open, let at = promise.recordedAt, at.day <= day { return promise.recorded }
        if promise.by == .client, let amount = promise.amount {
            var paid: Int64 = 0
            for p in payments(of: promise.account) {
                guard !p.voided, p.amount.currency == amount.currency,
                      p.day >= promise.made.day, p.day <= promise.due, p.day <= day else { continue }
                paid += p.amount.minorUnits
            }
            if paid >= amount.minorUnits { return .kept }
            if day > promise.due { return paid > 0 ? .partlyKept : .broken }
            return .open
        }
        return day > promise.due ? .broken : .open
    }

    /// The account's promises with their outcome as of `day`, soonest due first.
    public func promises(of account: String, asOf day: Day) -> [(promise: Promise, outcome: Promise.Outcome)] {
        guard let p = accounts.position(of: account) else { return [] }
        return promises(ofAccountAt: p, asOf: day)
    }

    /// `promises(of:asOf:)` of the account at `p` in `accounts`, found already.
    public func promises(ofAccountAt p: Int, asOf day: Day) -> [(promise: Promise, outcome: Promise.Outcome)] {
        // Most accounts have none: answered before any of the list's steps.
        let ids = files[p].promises
        guard !ids.isEmpty else { return [] }
        return ids.compactMap { promises[$0] }
            .filter { $0.made.day <= day }
            .map { ($0, outcome(of: $0, asOf: day)) }
            .sorted { ($0.promise.due, $0.promise.id) < ($1.promise.due, $1.promise.id) }
    }
}
