extension Book {
    /// How many of an account's complaints are open at `now`: opened by then and not yet
    /// resolved. One lookup of the account, where `complaintsByAccount[id]` is one more.
    public func openComplaintCount(of account: String, at now: Timestamp) -> Int {
        guard let p = accounts.position(of: account) else { return 0 }
        // Read where they lie: `complaints[id]` copies each complaint out whole.
        return complaints.withValues { all in
            files[p].complaints.reduce(0) { count, id in
                guard let at = complaints.position(of: id) else { return count }
                return count + (all[at].state < .resolved && all[at].opened <= now ? 1 : 0)
            }
        }
    }

    func requireComplaint(_ id: String, field: String? = nil) throws(Rejection) -> Complaint {
        guard let complaint = complaints[id] else { throw Rejection(field: field, "no complaint \"\(id)\" in the book") }
        return complaint
    }

    mutating func applyComplaint(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        if e.verb == .complaintOpen {
            guard complaints[id] == nil else { throw Rejection("complaint \(id) already exists") }
            let account = try requireAccountID(r)
            let severity = try r.integer(.severity)!
            let channel = try r.choice(.channel)
            let contact = try requireContact(r)
            var complaint = Complaint(id: id, account: account, severity: severity, category: r.required(.category),
                                      channel: channel, summary: r.required(.summary), opened: e.time)
            if let examples = r.text(.examples) { complaint.examples = [examples] }
            complaint.owner = r.text(.owner)
            complaint.contact = contact
            complaints[id] = complaint
            file(under: account) { $0.complaints.append(id) }
            noteContact(account, at: e.time)
            return .one(account)
        }

        var c = try requireComplaint(id)
        if e.verb != .complaintReopen && e.verb != .complaintLink {
            guard c.state != .closed else { throw Rejection("complaint \(id) is closed; reopen it first (\(e.verb.rawValue.split(separator: ".")[1]) refused)") }
        }
        var touched = Touched.one(c.account)
        switch e.verb {
        case .complaintExample:
            c.examples.append(r.required(.text))
        case .complaintAssign:
            c.owner = r.required(.owner)
        case .complaintAcknowledge:
            guard c.state == .received else { throw Rejection("complaint \(id) is already \(c.state.label)") }
            c.state = .acknowledged
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
        case .complaintInvestigate:
            guard c.state < .investigating else { throw Rejection("complaint \(id) is already \(c.state.label)") }
            c.state = .investigating
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
        case .complaintApologise:
            c.apology = r.required(.note)
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
        case .complaintAccept:
            c.responsibility = r.required(.note)
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
        case .complaintOfferFix:
            c.fix = r.required(.note)
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
            if c.state < .fixOffered { c.state = .fixOffered }
        case .complaintWait:
            guard c.waitingSince == nil else { throw Rejection("complaint \(id) is already waiting on the client") }
            c.waitingSince = e.time
        case .complaintResume:
            guard let since = c.waitingSince else { throw Rejection("complaint \(id) is not waiting on the client") }
            if since <= e.time { c.pauses.append(since...e.time) }
            c.waitingSince = nil
        case .complaintResolve:
            guard c.state < .resolved else { throw Rejection("complaint \(id) is already resolved") }
            c.state = .resolved
            c.resolvedAt = e.time
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
            if let cause = r.text(.rootCause) { c.rootCause = cause }
            c.endWait(at: e.time)
        case .complaintClose:
            let reason = r.text(.reason)
            if !c.protocolComplete && reason == nil {
                throw Rejection(field: "reason", "closing \(id) without \(c.missingSteps.joined(separator: ", ")) needs a reason")
            }
            c.state = .closed
            c.closedAt = e.time
            c.resolvedAt = c.resolvedAt ?? e.time
            c.acknowledgedAt = c.acknowledgedAt ?? e.time
            c.closeReason = reason
            c.endWait(at: e.time)
        case .complaintReopen:
            guard c.state == .closed || c.state == .resolved else {
                throw Rejection("complaint \(id) is still open (\(c.state.label)); nothing to reopen")
            }
            c.state = .investigating
            c.reopenCount += 1
            c.closedAt = nil
            c.resolvedAt = nil
            c.closeReason = nil
        case .complaintLink:
            let to = r.text(.to)
            let cause = r.text(.cause)
            guard to != nil || cause != nil else { throw Rejection("complaint.link needs to= (another complaint) or cause= (a cause record)") }
            if let to {
                guard to != id else { throw Rejection(field: "to", "a complaint cannot be linked to itself") }
                var other = try requireComplaint(to, field: "to")
                guard !c.linked.contains(to) else { throw Rejection(field: "to", "\(id) and \(to) are already linked") }
                c.linked.insert(to)
                other.linked.insert(id)
                complaints[to] = other
                if other.account != c.account { touched.append(other.account) }
            }
            if let cause {
                guard causes[cause] != nil else { throw Rejection(field: "cause", "no cause \"\(cause)\" in the book") }
                c.cause = cause
            }
        default:
            preconditionFailure("\(e.verb) is not a complaint verb")
        }
        complaints[id] = c
        return touched
    }

    mutating func applyCause(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        switch e.verb {
        case .causeOpen:
            guard causes[id] == nil else { throw Rejection("cause \(id) already exists") }
            var cause = Cause(id: id, summary: r.required(.summary), opened: e.time)
            cause.rootCause = r.text(.rootCause)
            cause.workaround = r.text(.workaround)
            cause.knownError = try r.yesNo(.knownError) ?? false
            causes[id] = cause
        case .causeAmend:
            guard var cause = causes[id] else { throw Rejection("no cause \"\(id)\" in the book") }
            let known = try r.yesNo(.knownError)
            if let s = r.text(.summary) { cause.summary = s }
            if let s = r.text(.rootCause) { cause.rootCause = s }
            if let s = r.text(.workaround) { cause.workaround = s }
            if let known { cause.knownError = known }
            causes[id] = cause
        case .causeResolve:
            guard var cause = causes[id] else { throw Rejection("no cause \"\(id)\" in the book") }
            guard cause.resolvedAt == nil else { throw Rejection("cause \(id) is already resolved") }
            cause.resolvedAt = e.time
            causes[id] = cause
        default:
            preconditionFailure("\(e.verb) is not a cause verb")
        }
        return .none
    }
}

extension Complaint {
    mutating func endWait(at time: Timestamp) {
        if let since = waitingSince, since <= time { pauses.append(since...time) }
        waitingSince = nil
    }
}
