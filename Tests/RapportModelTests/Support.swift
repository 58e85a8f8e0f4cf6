import RapportModel

/// A fixed "now" for every model test: 2026-11-22 12:00 UTC.
let testNow = Timestamp(iso8601: "2026-11-22T12:00:00Z")!

func day(_ text: String) -> Day { Day(iso8601: text)! }

func at(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

/// Builds events tersely: `ev("account.open", "ACME", ["name": "Acme", "tier": "large"])`.
func ev(_ verb: String, _ subject: String, _ fields: KeyValuePairs<String, String> = [:], at time: String = "2026-01-01T09:00:00Z", by author: String = "alice") -> Event {
    Event(time: Timestamp(iso8601: time)!, author: author, verb: Verb(journal: verb)!, subject: subject, fields: fields.map { Event.Field($0.key, $0.value) })
}

/// A book with one account, ACME (large), and one contact.
func acmeBook() throws -> Book {
    var book = Book()
    try book.apply(ev("account.open", "ACME", ["name": "Acme Trading Ltd", "tier": "large", "owner": "alice", "phone": "+44 20 7946 0123"], at: "2026-01-01T09:00:00Z"))
    try book.apply(ev("contact.add", "P-1", ["account": "ACME", "name": "Zoë Müller", "phone": "07700 900123", "email": "zoe@acme.example"], at: "2026-01-01T09:05:00Z"))
    return book
}
