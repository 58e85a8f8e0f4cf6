extension Book {
    mutating func applyPromise(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        if e.verb == .promiseMake {
            guard promises[id] == nil else { throw Rejection("promise \(id) already exists") }
            let account = try requireAccountID(r)
            let party = Promise.Party(rawValue: try r.choice(.by)!)!
            let due = try r.day(.due)!
            let contact = try requireContact(r)
            var amount: Money?
            let currency = try r.currency()
            if r.text(.amount) != nil {
                guard let currency else { throw Rejection(field: "currency", "is required with an amount") }
                amount = try r.positiveMoney(.amount, in: currency)
            } else if currency != nil {
                throw Rejection(field: "amount", "is required with a currency")
            }
            promises[id] = Promise(id: id, account: account, by: party, due: due, text: r.required(.text),
                                   amount: amount, contact: contact, made: e.time)
            file(under: account) { $0.promises.append(id) }
            return .one(account)
        }
        guard var promise = promises[id] else { throw Rejection("no promise \"\(id)\" in the book") }
        guard promise.recorded == .open else { throw Rejection("promise \(id) is already \(promise.recorded.rawValue)") }
        switch e.verb {
        case .promiseKeep: promise.recorded = .kept
        case .promiseBreak: promise.recorded = .broken
        case .promiseCancel: promise.recorded = .cancelled
        default: preconditionFailure("\(e.verb) is not a promise verb")
        }
        promise.recordedAt = e.time
        promises[id] = promise
        if promise.by == .us && e.verb == .promiseKeep { noteContact(promise.account, at: e.time) }
        return .one(promise.account)
    }
}
