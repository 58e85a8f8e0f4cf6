/// An ISO 4217 currency: its three-letter code and how many minor-unit digits it has.
///
/// The exponent matters: 12.50 GBP is 1250 minor units, 1250 JPY is 1250 (no minor unit),
/// and 1.250 KWD is 1250 fils.
public struct Currency: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let code: String
    public let exponent: Int

    /// A known ISO 4217 code, or nil. Codes are upper-case three letters.
    public init?(code: some StringProtocol) {
        let code = String(code)
        guard let exponent = Currency.exponent(of: code) else { return nil }
        self.code = code
        self.exponent = exponent
    }

    private init(known code: String, exponent: Int) {
        self.code = code
        self.exponent = exponent
    }

    /// The exponent of a known code.
    static func exponent(of code: String) -> Int? {
        var code = code
        return code.withUTF8 { known(utf8: $0) }?.exponent
    }

    /// The currency whose code these bytes are, or nil for no known code: three
    /// upper-case letters are a place in a table of 26³ bytes, so the lookup (made for
    /// every invoice and payment of a journal) hashes no string and makes none.
    static func known(utf8 code: UnsafeBufferPointer<UInt8>) -> Currency? {
        guard code.count == 3 else { return nil }
        var place = 0
        for c in code {
            guard c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") else { return nil }
            place = place * 26 + Int(c - UInt8(ascii: "A"))
        }
        let entry = knownByPlace.withUnsafeBufferPointer { $0[place] }
        return entry == 0 ? nil : all[Int(entry) - 1]
    }

    /// How many currencies are known: no amount is in any other.
    public static var knownCount: Int { all.count }

    /// Every known currency, in the order of their codes.
    private static let all: [Currency] = exponents.sorted { $0.key < $1.key }.map { Currency(known: $0.key, exponent: $0.value) }

    /// For each three-letter place, its code's place in `all` plus one, or zero for no code.
    private static let knownByPlace: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26 * 26)
        for (i, currency) in all.enumerated() {
            let place = currency.code.utf8.reduce(0) { $0 * 26 + Int($1 - UInt8(ascii: "A")) }
            table[place] = UInt8(i + 1)
        }
        return table
    }()

    public var description: String { code }
    public static func < (a: Currency, b: Currency) -> Bool { a.code < b.code }

    public static let gbp = Currency(code: "GBP")!
    public static let eur = Currency(code: "EUR")!
    public static let usd = Currency(code: "USD")!
    public static let jpy = Currency(code: "JPY")!

    /// Active ISO 4217 codes with their minor-unit exponent.
    static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        let two = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL"
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        for c in two.split(separator: " ") { table[String(c)] = 2 }
        for c in zero.split(separator: " ") { table[String(c)] = 0 }
        for c in three.split(separator: " ") { table[String(c)] = 3 }
        return table
    }()
}
