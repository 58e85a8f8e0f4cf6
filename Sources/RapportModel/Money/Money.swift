/// An exact amount of one currency, held as integer minor units (pence, cents, yen).
///
/// Never a floating-point number: 0.1 + 0.2 must be 0.3 in a ledger. Amounts of
/// different currencies are never added together; `MoneyTotals` keeps them apart.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// Why an amount could not be read.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case notANumber(String)
        case tooManyDecimals(String, Currency)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .notANumber(let text): return "\"\(text)\" is not an amount (write it like 1250.00)"
            case .tooManyDecimals(let text, let currency):
                return currency.exponent == 0
                    ? "\"\(text)\" has decimals, but \(currency.code) has no minor unit"
                    : "\"\(text)\" has more than \(currency.exponent) decimals for \(currency.code)"
            case .tooLarge(let text): return "\"\(text)\" is too large"
            }
        }
    }

    /// Parses a plain decimal (`1250`, `1250.5`, `-3.20`) in the currency's minor units.
    /// No thousands separators, no exponent, no currency symbol: the journal is strict,
    /// importers normalise before calling this.
    public static func parse(_ text: some StringProtocol, currency: Currency) throws(ParseError) -> Money {
        // The string's bytes where they lie (every invoice and payment of a journal comes
        // through here).
        var bytes = String(text)
        return try bytes.withUTF8 { utf8 in
            Result { () throws(ParseError) in try parse(utf8: utf8, currency: currency) }
        }.get()
    }

    /// `parse` over the text's UTF-8 bytes, which an error quotes.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, currency: Currency) throws(ParseError) -> Money {
        var s: String { String(decoding: bytes, as: UTF8.self) }
        var units: Int64 = 0
        var negative = false
        var sawDigit = false
        var decimals = -1
        for i in bytes.indices {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "+") where i == 0: break
            case UInt8(ascii: "."):
                guard decimals < 0 else { throw .notANumber(s) }
                decimals = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if decimals >= 0 { decimals += 1 }
                let (m, o1) = units.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
                guard !o1, !o2 else { throw .tooLarge(s) }
                units = a
            default: throw .notANumber(s)
            }
        }
        guard sawDigit, decimals != 0 else { throw .notANumber(s) }
        let places = max(decimals, 0)
        guard places <= currency.exponent else { throw .tooManyDecimals(s, currency) }
        for _ in places..<currency.exponent {
            let (m, o) = units.multipliedReportingOverflow(by: 10)
            guard !o else { throw .tooLarge(s) }
            units = m
        }
        return Money(minorUnits: negative ? -units : units, currency: currency)
    }

    /// `1,250.00` → `1250.00`, for amounts people type or export: commas count only as
    /// thousands separators in groups of three before the decimal point. Text without
    /// commas comes back as it is; misplaced commas (`12,50`) give nil.
    public static func ungrouped(_ text: String) -> String? {
        guard text.contains(",") else { return text }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 1 || !parts[1].contains(",") else { return nil }
        let whole = parts[0]
        let digits = whole.hasPrefix("-") || whole.hasPrefix("+") ? whole.dropFirst() : whole[...]
        let groups = digits.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        return text.filter { $0 != "," }
    }

    /// The amount as the journal writes it: `1250.00`, `1250` (JPY), `-0.05`.
    public var plain: String {
        let e = currency.exponent
        let magnitude = minorUnits.magnitude
        let sign = minorUnits < 0 ? "-" : ""
        guard e > 0 else { return sign + String(magnitude) }
        var scale: UInt64 = 1
        for _ in 0..<e { scale *= 10 }
        let fraction = String(magnitude % scale)
        return sign + String(magnitude / scale) + "." + String(repeating: "0", count: e - fraction.count) + fraction
    }

    /// For people: `GBP 1,250.00`.
    public var formatted: String {
        let p = plain
        let negative = p.hasPrefix("-")
        let body = negative ? String(p.dropFirst()) : p
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        var whole = ""
        for (i, c) in parts[0].reversed().enumerated() {
            if i > 0 && i % 3 == 0 { whole.append(",") }
            whole.append(c)
        }
        whole = String(whole.reversed())
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return "\(currency.code) \(negative ? "-" : "")\(whole)\(fraction)"
    }

    public var description: String { formatted }

    public static func + (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "adding \(a.currency) to \(b.currency)")
        return Money(minorUnits: a.minorUnits + b.minorUnits, currency: a.currency)
    }

    public static func - (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "subtracting \(b.currency) from \(a.currency)")
        return Money(minorUnits: a.minorUnits - b.minorUnits, currency: a.currency)
    }

    public static prefix func - (a: Money) -> Money { Money(minorUnits: -a.minorUnits, currency: a.currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isPositive: Bool { minorUnits > 0 }
}

/// Sums per currency, never across: "GBP 1,200.00 + EUR 300.00", not "1,500".
///
/// Most totals are in one currency, a few in two or three: the first sum is kept inline
/// and any others in a short list searched in order. (A dictionary allocated on the first
/// add and hashed the currency's code on every one; a dashboard's start makes a few of
/// these for every account.)
public struct MoneyTotals: Hashable, Sendable, CustomStringConvertible {
    private struct Sum: Hashable, Sendable {
        var currency: Currency
        var minorUnits: Int64
    }

    private var first: Sum?
    private var others: [Sum] = []

    public init() {}

    public mutating func add(_ money: Money) {
        if first == nil {
            first = Sum(currency: money.currency, minorUnits: money.minorUnits)
        } else if first!.currency == money.currency {
            first!.minorUnits += money.minorUnits
        } else if let i = others.firstIndex(where: { $0.currency == money.currency }) {
            others[i].minorUnits += money.minorUnits
        } else {
            others.append(Sum(currency: money.currency, minorUnits: money.minorUnits))
        }
    }

    /// Every sum, in currency order, zero or not.
    private var sums: [Sum] {
        guard let first else { return [] }
        return others.isEmpty ? [first] : ([first] + others).sorted { $0.currency < $1.currency }
    }

    public var amounts: [Money] {
        sums.filter { $0.minorUnits != 0 }.map { Money(minorUnits: $0.minorUnits, currency: $0.currency) }
    }

    public var isZero: Bool { (first?.minorUnits ?? 0) == 0 && others.allSatisfy { $0.minorUnits == 0 } }

    public subscript(currency: Currency) -> Money {
        if let first, first.currency == currency { return Money(minorUnits: first.minorUnits, currency: currency) }
        return Money(minorUnits: others.first { $0.currency == currency }?.minorUnits ?? 0, currency: currency)
    }

    /// Equal when they hold the same sums, whatever order the currencies came in.
    public static func == (a: MoneyTotals, b: MoneyTotals) -> Bool { a.sums == b.sums }

    public func hash(into hasher: inout Hasher) { hasher.combine(sums) }

    public var description: String {
        let list = amounts
        return list.isEmpty ? "nothing" : list.map(\.formatted).joined(separator: " + ")
    }
}
