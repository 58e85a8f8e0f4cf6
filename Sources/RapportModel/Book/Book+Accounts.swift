extension Book {
    mutating func applyAccount(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        switch e.verb {
        case .accountOpen:
            guard !accounts.contains(id) else { throw Rejection("account \(id) is already open") }
            let tier = Tier(rawValue: try r.choice(.tier)!)!
            let cadence = try r.integer(.cadence)
            var account = Account(id: id, name: r.required(.name), tier: tier, opened: e.time)
            account.owner = r.text(.owner)
            account.phone = r.text(.phone)
            account.email = r.text(.email)
            account.cadence = cadence
            // Handed over, not copied (as setting `accounts[id]` would copy it).
            accounts.insert(account, for: id)
            files.append(AccountFiles())
        case .accountAmend:
            var account = try requireAccount(id, field: nil)
            let tier = try r.choice(.tier)
            let cadence = try r.integer(.cadence)
            if let name = r.text(.name) { account.name = name }
            if let tier { account.tier = Tier(rawValue: tier)! }
            if let owner = r.text(.owner) { account.owner = owner }
            if let phone = r.text(.phone) { account.phone = phone }
            if let email = r.text(.email) { account.email = email }
            if let cadence { account.cadence = cadence }
            accounts[id] = account
        case .accountStatus:
            var account = try requireAccount(id, field: nil)
            let status = AccountStatus(rawValue: try r.choice(.status)!)!
            guard account.status != .offboarded else { throw Rejection("account \(id) is offboarded") }
            guard account.status != status else { throw Rejection(field: "status", "account \(id) is already \(status.label)") }
            account.status = status
            account.statusReason = r.text(.reason)
            accounts[id] = account
        case .accountFlag:
            var account = try requireAccount(id, field: nil)
            let kind = AccountFlag.Kind(rawValue: try r.choice(.flag)!)!
            let flag = AccountFlag(kind: kind, instruction: r.required(.instruction), routeTo: r.required(.routeTo),
                                   reason: r.required(.reason), raisedBy: e.author, raisedAt: e.time)
            switch kind {
            case .badDebt: account.badDebt = flag
            case .creditHold: account.creditHold = flag
            }
            accounts[id] = account
        case .accountUnflag:
            var account = try requireAccount(id, field: nil)
            let kind = AccountFlag.Kind(rawValue: try r.choice(.flag)!)!
            switch kind {
            case .badDebt:
                guard account.badDebt != nil else { throw Rejection(field: "flag", "account \(id) has no bad-debt flag") }
                account.badDebt = nil
            case .creditHold:
                guard account.creditHold != nil else { throw Rejection(field: "flag", "account \(id) has no credit hold") }
                account.creditHold = nil
            }
            accounts[id] = account
        case .accountRate:
            var account = try requireAccount(id, field: nil)
            account.managerRating = try r.integer(.rating)
            account.managerRatingAt = e.time
            accounts[id] = account
        case .accountOffboard:
            var account = try requireAccount(id, field: nil)
            guard account.status != .offboarded else { throw Rejection("account \(id) is already offboarded") }
            account.status = .offboarded
            account.offboarding = (r.required(.reason), r.required(.attempts))
            accounts[id] = account
        default:
            preconditionFailure("\(e.verb) is not an account verb")
        }
        return .one(id)
    }

    mutating func applyContact(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        switch e.verb {
        case .contactAdd:
            let account = try requireAccountID(r)
            let contact = Contact(id: id, name: r.required(.name), account: account, role: r.text(.role),
                                  phone: r.text(.phone), email: r.text(.email))
            let position = Int32(contacts.count)
            guard contacts.insert(contact, for: id) else { throw Rejection("contact \(id) already exists") }
            file(under: account) { $0.contacts.file(position, room: AccountFiles.contactRoom) }
            return .one(account)
        case .contactAmend:
            guard var contact = contacts[id] else { throw Rejection("no contact \"\(id)\" in the book") }
            if let name = r.text(.name) { contact.name = name }
            if let role = r.text(.role) { contact.role = role }
            if let phone = r.text(.phone) { contact.phone = phone }
            if let email = r.text(.email) { contact.email = email }
            contacts[id] = contact
            return .one(contact.account)
        case .contactMove:
            guard let position = contacts.position(of: id).map(Int32.init) else { throw Rejection("no contact \"\(id)\" in the book") }
            var contact = contacts.contact(at: Int(position))
            let target = try requireAccountID(r)
            guard target != contact.account else { throw Rejection(field: "account", "contact \(id) already works for \(target)") }
            let old = contact.account
            file(under: old) { $0.contacts.removeAll { $0 == position } }
            file(under: target) { $0.contacts.file(position, room: AccountFiles.contactRoom) }
            contact.previousAccounts.append(old)
            contact.account = target
            contacts[id] = contact
            return Touched(old, target)
        default:
            preconditionFailure("\(e.verb) is not a contact verb")
        }
    }

    func requireContact(_ r: FieldReader, _ key: FieldKey = .contact) throws(Rejection) -> String? {
        guard let id = r.text(key) else { return nil }
        guard contacts.contains(id) else { throw Rejection(field: key.name, "no contact \"\(id)\" in the book") }
        return id
    }

    mutating func applyRelationship(_ r: FieldReader) throws(Rejection) -> Touched {
        let e = r
        let id = e.subject
        switch e.verb {
        case .interactionLog:
            _ = try requireAccountID(id, field: nil)
            let kind = try r.choice(.kind)!
            let sentiment = try r.integer(.sentiment)!
            let contact = try requireContact(r)
            let interaction = Interaction(time: e.time, author: e.author, kind: kind, sentiment: sentiment,
                                          summary: r.required(.summary), contact: contact)
            file(under: id) { $0.interactions.append(interaction) }
            noteContact(id, at: e.time)
            return .one(id)
        case .feedbackRecord:
            _ = try requireAccountID(id, field: nil)
            var scores: [String: Int] = [:]
            for key in FieldKey.feedbackDimensions {
                if let score = try r.integer(key) { scores[key.name] = score }
            }
            guard !scores.isEmpty else { throw Rejection("feedback needs at least one score (\(Vocabulary.feedbackDimensions.joined(separator: ", ")))") }
            let contact = try requireContact(r)
            let record = Feedback(time: e.time, scores: scores, comment: r.text(.comment), contact: contact)
            file(under: id) { $0.feedback.append(record) }
            return .one(id)
        case .referralRecord:
            guard referrals[id] == nil else { throw Rejection("referral \(id) already exists") }
            let account = try requireAccountID(r)
            let contact = try requireContact(r)
            referrals[id] = Referral(id: id, account: account, referred: r.required(.referred), contact: contact, time: e.time, author: e.author)
            return .one(account)
        case .incidentOpen:
            guard incidents[id] == nil else { throw Rejection("incident \(id) already exists") }
            let list = r.required(.accounts).split(separator: ",").map { String($0) }
            var seen = Set<String>()
            for account in list {
                _ = try requireAccountID(account, field: "accounts")
                guard seen.insert(account).inserted else { throw Rejection(field: "accounts", "\(account) is listed twice") }
            }
            incidents[id] = Incident(id: id, summary: r.required(.summary), remedy: r.required(.remedy), accounts: list,
                                     clientNote: r.text(.clientNote), opened: e.time)
            return Touched(list)
        case .incidentResolve:
            guard var incident = incidents[id] else { throw Rejection("no incident \"\(id)\" in the book") }
            guard incident.resolvedAt == nil else { throw Rejection("incident \(id) is already resolved") }
            incident.resolvedAt = e.time
            incidents[id] = incident
            return Touched(incident.accounts)
        default:
            preconditionFailure("\(e.verb) is not a relationship verb")
        }
    }

    /// Any logged conversation resets the engagement clock.
    mutating func noteContact(_ account: String, at time: Timestamp) {
        file(under: account) { files in
            if files.lastContact.map({ time > $0 }) ?? true { files.lastContact = time }
        }
    }
}

/// What a list of accounts shows of one, read where it lies.
public struct AccountListing: Sendable {
    public var name: String
    public var tier: Tier
    /// Empty when the account has no owner.
    public var owner: String
    public var status: AccountStatus
    /// As `Account.flags` gives them: the bad-debt flag before the credit hold.
    public var flags: [AccountFlag]
}

extension Book {
    /// The listing of the account at `position` of `accounts`, read field by field rather
    /// than copied out: a copy of an account retains and releases each of its strings, and
    /// the dashboard's start lists every account.
    public func listing(ofAccountAt position: Int) -> AccountListing {
        accounts.withValues { a in
            AccountListing(name: a[position].name, tier: a[position].tier, owner: a[position].owner ?? "",
                           status: a[position].status,
                           flags: a[position].rare.isEmpty ? [] : [a[position].badDebt, a[position].creditHold].compactMap { $0 })
        }
    }
}
