/// A realistic book for trying Rapport out and for benchmarks: clients with Unicode names,
/// a year of calls, complaints handled well and badly, invoices paid on time and late,
/// feedback, promises, bad debts, incidents and referrals.
///
/// Deterministic for a seed and a "now", so a demo looks the same everywhere.
public struct DemoBook {
    public var accounts: Int
    public var contactsPerAccount: ClosedRange<Int>
    public var now: Timestamp
    public var seed: UInt64

    public init(accounts: Int = 200, contactsPerAccount: ClosedRange<Int>? = nil, now: Timestamp, seed: UInt64 = 42) {
        self.accounts = accounts
        self.contactsPerAccount = contactsPerAccount ?? (accounts >= 10_000 ? 10...10 : 2...5)
        self.now = now
        self.seed = seed
    }

    static let firstNames = ["Zoë", "Jürgen", "Aoife", "Siobhán", "José", "Ana", "Mei", "Hiroshi", "Priya", "Olu", "Jane", "Tom",
                             "Ravi", "Chloé", "Björn", "Ingrid", "Łukasz", "Agnieszka", "Nguyễn", "Fatima", "Omar", "Leila",
                             "Sam", "Alex", "Chris", "Grace", "Henry", "Isla", "Jack", "Kate", "Liam", "Maya", "Noah", "Olivia"]
    static let lastNames = ["Müller", "Smith", "O'Brien", "García", "Dubois", "Novák", "Kowalski", "Jensen", "Rossi", "Patel",
                            "Okafor", "Chen", "Tanaka", "Kim", "Andersson", "Fernández", "Brown", "Taylor", "Wilson", "Evans",
                            "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Edwards", "Hall", "Wood", "Clarke", "Jackson"]
    static let fullNames = ["山田太郎", "佐藤花子", "김민준", "李伟", "Zoë Müller", "Σοφία Παπαδοπούλου", "Дмитрий Иванов"]
    static let companyStems = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Soylent", "Cyberdyne",
                               "Tyrell", "Wonka", "Gringotts", "Oscorp", "Nakatomi", "Monarch", "Aperture", "Black Mesa", "Pied Piper",
                               "Dunder", "Prestige", "Sirius", "Zorg", "Ølstad", "Café Lumière", "Müller & Söhne", "Škoda Parts",
                               "Ærø Fisk", "Łódź Logistics", "São Paulo Têxtil", "山田商事", "東京物流", "서울전자", "Βόρεια Ναυτιλία",
                               "Søren Bygg", "Éclair Patisserie", "Zoë's Kitchen", "Ñandú Foods", "Fjällräven Outfitters", "Kraków Steel"]
    static let companySuffixes = ["Ltd", "plc", "GmbH", "S.A.", "AS", "Trading", "Holdings", "Group", "& Co", "Services", "株式会社", "Partners"]
    static let owners = ["alice", "bob", "chidi", "dana"]
    static let categories = ["delivery", "billing", "quality", "service", "communication", "outage"]
    static let complaintTexts = [
        "delivery": ["Order arrived three days late", "Parcel left outside in the rain", "Wrong items delivered again"],
        "billing": ["Invoice charged twice", "Credit promised last month never appeared", "Prices do not match the quote"],
        "quality": ["Batch failed inspection", "Finish is scratched on half the units", "Product stopped working after a week"],
        "service": ["Nobody called back as promised", "Support line on hold for 40 minutes", "Engineer missed the appointment"],
        "communication": ["Found out about the price rise from the invoice", "Emails go unanswered for days"],
        "outage": ["Portal down all morning", "Orders could not be placed overnight"],
    ]
    static let interactionTexts = ["Quarterly review went well", "Asked about next year's volumes", "Unhappy about the late delivery",
                                   "Chasing the credit note", "Thanked us for the quick fix", "Wants a new contact person",
                                   "Discussed renewal terms", "Raised concerns about pricing", "Very pleased with the new service"]
    static let currencies: [Currency] = [.gbp, .gbp, .gbp, .gbp, .eur, .usd, .jpy]

    /// The demo's events, in time order.
    public func events() -> [Event] {
        var rng = SeededRandom(seed: seed)
        let start = now.adding(days: -365)
        let scaled = accounts >= 10_000
        var all: [Event] = []
        all.reserveCapacity(accounts * (scaled ? 12 : 45))
        var complaintNumber = 1000
        var invoiceNumber = 2000
        var paymentNumber = 1
        var promiseNumber = 1
        var contactNumber = 1
        var accountIDs: [String] = []
        var usedIDs = Set<String>()

        func at(_ day: Int, _ minute: Int) -> Timestamp { start.adding(seconds: Int64(day) * 86_400 + Int64(8 * 3600 + minute * 60)) }

        for index in 0..<accounts {
            var id = scaled ? "A\(index + 1)" : Self.accountID(index)
            if usedIDs.contains(id) { id += "-\(index)" }
            usedIDs.insert(id)
            accountIDs.append(id)
            let stem = Self.companyStems[index % Self.companyStems.count]
            let name = index < Self.companyStems.count ? "\(stem) \(rng.pick(Self.companySuffixes))" : "\(stem) \(rng.pick(Self.companySuffixes)) \(index / Self.companyStems.count + 1)"
            let tier = rng.chance(0.1) ? "large" : rng.chance(0.35) ? "medium" : "small"
            let owner = rng.pick(Self.owners)
            let openDay = rng.int(0...20)
            let phone = "+44 20 7946 \(Day.pad(index % 10_000, 4))"
            var e = Event(time: at(openDay, index % 600), author: owner, verb: .accountOpen, subject: id)
            e.fields = [.init("name", name), .init("tier", tier), .init("owner", owner), .init("phone", phone),
                        .init("email", "accounts@\(Self.slug(stem)).example")]
            all.append(e)

            var contacts: [String] = []
            for k in 0..<rng.int(contactsPerAccount) {
                let cid = "P-\(contactNumber)"
                contactNumber += 1
                contacts.append(cid)
                let person = rng.chance(0.08) ? rng.pick(Self.fullNames) : "\(rng.pick(Self.firstNames)) \(rng.pick(Self.lastNames))"
                let mobile = "07700 \(Day.pad((index * 10 + k) % 1_000_000, 6))"
                all.append(Event(time: at(openDay, index % 600 + k + 1), author: owner, verb: .contactAdd, subject: cid, fields: [
                    .init("account", id), .init("name", person), .init("role", rng.pick(["Buyer", "Finance", "Operations", "CEO", "Office manager"])),
                    .init("phone", mobile), .init("email", "\(Self.slug(person)).\(k)@\(Self.slug(stem)).example"),
                ]))
            }
            if scaled {
                addScaledActivity(id: id, owner: owner, openDay: openDay, rng: &rng, into: &all, at: at,
                                  invoiceNumber: &invoiceNumber, paymentNumber: &paymentNumber, complaintNumber: &complaintNumber)
                continue
            }

            // A year of conversations.
            var day = openDay + rng.int(1...20)
            let mood = rng.int(-1...1)
            while day < 364 {
                let sentiment = max(-2, min(2, mood + rng.int(-1...1)))
                var fields: [Event.Field] = [.init("kind", rng.pick(Vocabulary.interactionKinds)), .init("sentiment", String(sentiment)),
                                             .init("summary", rng.pick(Self.interactionTexts))]
                if let c = contacts.first { fields.append(.init("contact", c)) }
                all.append(Event(time: at(day, rng.int(0...500)), author: owner, verb: .interactionLog, subject: id, fields: fields))
                day += rng.int(10...(tier == "large" ? 25 : 70))
            }

            // Monthly invoices and how this client pays.
            let currency = rng.pick(Self.currencies)
            let lateness = rng.chance(0.15) ? rng.int(20...80) : rng.chance(0.3) ? rng.int(1...15) : 0
            let stopsPaying = rng.chance(0.06)
            let base = tier == "large" ? 25_000 : tier == "medium" ? 6_000 : 1_200
            var month = openDay + 5
            while month < 360 {
                let inv = "INV-\(invoiceNumber)"
                invoiceNumber += 1
                let units = Int64(base + rng.int(0...base / 2)) * (currency.exponent == 0 ? 150 : 100)
                let amount = Money(minorUnits: units, currency: currency)
                let issued = at(month, 30)
                let due = issued.day.adding(days: 30)
                all.append(Event(time: issued, author: owner, verb: .invoiceIssue, subject: inv, fields: [
                    .init("account", id), .init("amount", amount.plain), .init("currency", currency.code), .init("due", due.iso8601),
                ]))
                let payDay = due.adding(days: lateness + rng.int(-5...5))
                let skip = stopsPaying && month > 250
                if !skip, payDay < now.day {
                    let partial = rng.chance(0.05)
                    let paid = partial ? Money(minorUnits: units / 2, currency: currency) : amount
                    all.append(Event(time: Timestamp(day: payDay, hour: 11), author: "finance", verb: .paymentRecord, subject: "PAY-\(paymentNumber)", fields: [
                        .init("invoice", inv), .init("amount", paid.plain), .init("currency", currency.code), .init("date", payDay.iso8601),
                    ]))
                    paymentNumber += 1
                    let rest = payDay.adding(days: 30)
                    if partial, rest < now.day, !(stopsPaying && month > 220) {
                        all.append(Event(time: Timestamp(day: rest, hour: 11), author: "finance", verb: .paymentRecord, subject: "PAY-\(paymentNumber)", fields: [
                            .init("invoice", inv), .init("amount", Money(minorUnits: units - units / 2, currency: currency).plain),
                            .init("currency", currency.code), .init("date", rest.iso8601),
                        ]))
                        paymentNumber += 1
                    }
                }
                month += 30
            }
            if stopsPaying {
                let flagDay = 330 + rng.int(0...20)
                all.append(Event(time: at(flagDay, 100), author: "finance", verb: .promiseMake, subject: "PR-\(promiseNumber)", fields: [
                    .init("account", id), .init("by", "client"), .init("due", at(flagDay + 7, 0).day.iso8601),
                    .init("text", "Will clear the arrears by bank transfer"), .init("amount", Money(minorUnits: Int64(base) * 100, currency: currency).plain),
                    .init("currency", currency.code),
                ]))
                promiseNumber += 1
                if rng.chance(0.7) {
                    all.append(Event(time: at(flagDay + 1, 200), author: "finance", verb: .accountFlag, subject: id, fields: [
                        .init("flag", "bad-debt"), .init("instruction", "Take no new orders; be polite and pass the caller on"),
                        .init("route-to", "Priya Patel, credit control, 020 7946 0999"), .init("reason", "three invoices unpaid"),
                    ]))
                }
            }

            // Feedback each quarter for most clients.
            if rng.chance(0.75) {
                var q = openDay + rng.int(30...80)
                while q < 364 {
                    var fields: [Event.Field] = []
                    for dim in Vocabulary.feedbackDimensions where rng.chance(0.8) || dim == "recommend" {
                        fields.append(.init(dim, String(max(0, min(10, 7 + mood * 2 + rng.int(-2...2))))))
                    }
                    all.append(Event(time: at(q, 300), author: owner, verb: .feedbackRecord, subject: id, fields: fields))
                    q += rng.int(80...100)
                }
            }
            if rng.chance(0.3) { all.append(Event(time: at(300, 200), author: owner, verb: .accountRate, subject: id, fields: [.init("rating", String(rng.int(6...9)))])) }

            // Complaints and how they were handled.
            for _ in 0..<(rng.chance(0.6) ? rng.int(1...3) : 0) {
                let cid = "C-\(complaintNumber)"
                complaintNumber += 1
                let category = rng.pick(Self.categories)
                let openedDay = rng.int(openDay + 10...363)
                let minute = rng.int(0...400)
                let severity = rng.pick([1, 2, 2, 3, 3, 3, 4, 4])
                var fields: [Event.Field] = [.init("account", id), .init("severity", String(severity)), .init("category", category),
                                             .init("summary", rng.pick(Self.complaintTexts[category]!)), .init("channel", rng.pick(Vocabulary.channels)),
                                             .init("owner", owner)]
                if rng.chance(0.7) { fields.append(.init("examples", "Order \(rng.int(5000...9999)) on \(at(openedDay - 3, 0).day) and again last week")) }
                all.append(Event(time: at(openedDay, minute), author: owner, verb: .complaintOpen, subject: cid, fields: fields))
                let steps: [(Verb, String)] = [(.complaintAcknowledge, ""), (.complaintApologise, "Called to apologise, no excuses"),
                                               (.complaintAccept, "Our warehouse mislabelled the order"), (.complaintOfferFix, "Replacement sent and next delivery free"),
                                               (.complaintResolve, ""), (.complaintClose, "")]
                let progress = openedDay > 340 ? rng.int(0...4) : (rng.chance(0.85) ? 6 : rng.int(2...5))
                var t = at(openedDay, minute)
                for (k, step) in steps.prefix(progress).enumerated() {
                    t = t.adding(seconds: Int64(rng.int(1800...(k < 2 ? 10_000 : 200_000))))
                    guard t < now else { break }
                    var f: [Event.Field] = []
                    if step.0 == .complaintApologise && rng.chance(0.2) { continue }
                    if !step.1.isEmpty { f.append(.init("note", step.1)) }
                    if step.0 == .complaintResolve { f.append(.init("root-cause", "picking error in the warehouse")) }
                    if step.0 == .complaintClose { f.append(.init("reason", "client confirmed on the phone")) }
                    all.append(Event(time: t, author: owner, verb: step.0, subject: cid, fields: f))
                }
            }

            // Our promises: most kept, some broken, some due soon.
            for _ in 0..<rng.int(0...3) {
                let made = rng.int(openDay + 5...362)
                let due = at(made, 0).day.adding(days: rng.int(2...14))
                let pid = "PR-\(promiseNumber)"
                promiseNumber += 1
                all.append(Event(time: at(made, 400), author: owner, verb: .promiseMake, subject: pid, fields: [
                    .init("account", id), .init("by", "us"), .init("due", due.iso8601),
                    .init("text", rng.pick(["Call back with a delivery date", "Send the credit note", "Deliver the fix", "Visit the site"])),
                ]))
                let doneDay = max(due.adding(days: rng.int(-3...3)), at(made + 1, 0).day)
                if rng.chance(0.75), Timestamp(day: doneDay, hour: 15) < now {
                    all.append(Event(time: Timestamp(day: doneDay, hour: 15), author: owner, verb: doneDay <= due ? .promiseKeep : .promiseBreak, subject: pid))
                }
            }
            if index % 40 == 7 && index > 0 {
                all.append(Event(time: at(200 + index % 100, 50), author: owner, verb: .referralRecord, subject: "R-\(index)", fields: [
                    .init("account", id), .init("referred", "\(rng.pick(Self.companyStems)) prospect"),
                ] + (contacts.first.map { [Event.Field("contact", $0)] } ?? [])))
            }
        }
        if !scaled && accounts >= 10 {
            all.append(Event(time: now.adding(days: -2), author: "alice", verb: .incidentOpen, subject: "INC-1", fields: [
                .init("summary", "Billing run duplicated November invoices"),
                .init("remedy", "Duplicates voided; corrected invoices sent"),
                .init("accounts", accountIDs.prefix(5).joined(separator: ",")),
                .init("client-note", "We sent some invoices twice this month. Please ignore the second copy; we are sorry for the confusion."),
            ]))
        }
        return all.sorted { $0.time < $1.time }
    }

    private func addScaledActivity(id: String, owner: String, openDay: Int, rng: inout SeededRandom, into all: inout [Event],
                                   at: (Int, Int) -> Timestamp, invoiceNumber: inout Int, paymentNumber: inout Int, complaintNumber: inout Int) {
        let inv = "INV-\(invoiceNumber)"
        invoiceNumber += 1
        let issued = at(openDay + rng.int(30...300), 10)
        all.append(Event(time: issued, author: owner, verb: .invoiceIssue, subject: inv, fields: [
            .init("account", id), .init("amount", "\(rng.int(100...9000)).00"), .init("currency", "GBP"), .init("due", issued.day.adding(days: 30).iso8601),
        ]))
        if rng.chance(0.7) {
            all.append(Event(time: issued.adding(days: rng.int(5...40)), author: "finance", verb: .paymentRecord, subject: "PAY-\(paymentNumber)", fields: [
                .init("invoice", inv), .init("amount", "100.00"), .init("currency", "GBP"),
            ]))
            paymentNumber += 1
        }
        all.append(Event(time: at(openDay + rng.int(1...300), 20), author: owner, verb: .interactionLog, subject: id, fields: [
            .init("kind", "call"), .init("sentiment", String(rng.int(-2...2))), .init("summary", rng.pick(Self.interactionTexts)),
        ]))
        if rng.chance(0.3) {
            let cid = "C-\(complaintNumber)"
            complaintNumber += 1
            all.append(Event(time: at(openDay + rng.int(1...350), 30), author: owner, verb: .complaintOpen, subject: cid, fields: [
                .init("account", id), .init("severity", String(rng.int(1...4))), .init("category", rng.pick(Self.categories)),
                .init("summary", "Order arrived late"),
            ]))
        }
    }

    /// Short ids people would type: ACME, GLOB, YAMA2.
    static func accountID(_ index: Int) -> String {
        let stem = stemIDs[index % stemIDs.count]
        return index < stemIDs.count ? stem : stem + String(index / stemIDs.count + 1)
    }

    static let stemIDs = ["ACME", "GLOB", "INIT", "UMBR", "HOOL", "VAND", "STRK", "WAYN", "SOYL", "CYBR",
                          "TYRL", "WONK", "GRIN", "OSCP", "NAKA", "MONA", "APER", "BMES", "PIED", "DUND",
                          "PRES", "SIRI", "ZORG", "OLST", "CAFE", "MULS", "SKOD", "AERO", "LODZ", "SAOP",
                          "YAMA", "TOKY", "SEOU", "BORE", "SORE", "ECLA", "ZOES", "NAND", "FJAL", "KRAK"]

    static func slug(_ text: String) -> String {
        let folded = TextFolding.fold(text).unicodeScalars.filter { ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) }
        let s = String(String.UnicodeScalarView(folded))
        return s.isEmpty ? "client" : s
    }

}
