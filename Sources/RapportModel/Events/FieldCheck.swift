extension VerbSpec {
    /// Checks one field's text as someone types it, without applying anything: the
    /// dashboard's forms show the message under the field. `currency` is the one the
    /// form has chosen, for amounts.
    public func check(field key: String, value: String, in book: Book, currency: Currency? = nil) -> String? {
        guard let field = field(key) else { return "unknown field" }
        if value.isEmpty { return field.required ? "required" : nil }
        switch field.kind {
        case .text:
            return nil
        case .account:
            return book.accounts[value] == nil ? "no account \"\(value)\"" : nil
        case .contact:
            return book.contacts[value] == nil ? "no contact \"\(value)\"" : nil
        case .complaint:
            return book.complaints[value] == nil ? "no complaint \"\(value)\"" : nil
        case .cause:
            return book.causes[value] == nil ? "no cause \"\(value)\"" : nil
        case .invoice:
            return book.invoices[value] == nil ? "no invoice \"\(value)\"" : nil
        case .accounts:
            let missing = value.split(separator: ",").map(String.init).filter { book.accounts[$0] == nil }
            return missing.isEmpty ? nil : "no account \(missing.joined(separator: ", "))"
        case .day:
            return Day(iso8601: value) == nil ? "write a date as YYYY-MM-DD" : nil
        case .amount:
            do {
                _ = try Money.parse(value, currency: currency ?? .gbp)
                return nil
            } catch {
                return error.description
            }
        case .currency:
            return Currency(code: value) == nil ? "not an ISO 4217 code" : nil
        case .integer(let range):
            guard let n = Int(value) else { return "a whole number, \(range.lowerBound)–\(range.upperBound)" }
            return range.contains(n) ? nil : "between \(range.lowerBound) and \(range.upperBound)"
        case .choice(let options):
            return options.contains(value) ? nil : "one of \(options.joined(separator: ", "))"
        case .yesNo:
            return value == "yes" || value == "no" ? nil : "yes or no"
        }
    }
}
