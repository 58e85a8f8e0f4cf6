import Testing
@testable import RapportModel

@Suite struct MoneyTests {
    @Test func parsesInTheCurrencysMinorUnits() throws {
        #expect(try Money.parse("1250.00", currency: .gbp).minorUnits == 125_000)
        #expect(try Money.parse("1250.5", currency: .gbp).minorUnits == 125_050)
        #expect(try Money.parse("1250", currency: .gbp).minorUnits == 125_000)
        #expect(try Money.parse("1250", currency: .jpy).minorUnits == 1250)
        #expect(try Money.parse("1.250", currency: Currency(code: "KWD")!).minorUnits == 1250)
        #expect(try Money.parse("-3.20", currency: .eur).minorUnits == -320)
    }

    @Test func refusesWhatIsNotAnExactAmount() {
        #expect(throws: Money.ParseError.notANumber("12,5O")) { try Money.parse("12,5O", currency: .gbp) }
        #expect(throws: Money.ParseError.tooManyDecimals("1.5", .jpy)) { try Money.parse("1.5", currency: .jpy) }
        #expect(throws: Money.ParseError.tooManyDecimals("1.005", .gbp)) { try Money.parse("1.005", currency: .gbp) }
        #expect(throws: Money.ParseError.notANumber("1.")) { try Money.parse("1.", currency: .gbp) }
        #expect(throws: Money.ParseError.notANumber("")) { try Money.parse("", currency: .gbp) }
        #expect(throws: Money.ParseError.notANumber("1e5")) { try Money.parse("1e5", currency: .gbp) }
        #expect(throws: Money.ParseError.tooLarge("99999999999999999999")) { try Money.parse("99999999999999999999", currency: .gbp) }
        #expect(Money.ParseError.tooManyDecimals("1.5", .jpy).description.contains("JPY has no minor unit"))
    }

    @Test func printsPlainAndForPeople() throws {
        #expect(Money(minorUnits: 125_000, currency: .gbp).plain == "1250.00")
        #expect(Money(minorUnits: 5, currency: .gbp).plain == "0.05")
        #expect(Money(minorUnits: -5, currency: .gbp).plain == "-0.05")
        #expect(Money(minorUnits: 1250, currency: .jpy).plain == "1250")
        #expect(Money(minorUnits: 123_456_789, currency: .gbp).formatted == "GBP 1,234,567.89")
        #expect(Money(minorUnits: 1_000_000, currency: .jpy).formatted == "JPY 1,000,000")
    }

    @Test func totalsKeepCurrenciesApart() {
        var totals = MoneyTotals()
        totals.add(Money(minorUnits: 100, currency: .gbp))
        totals.add(Money(minorUnits: 300, currency: .eur))
        totals.add(Money(minorUnits: 50, currency: .gbp))
        #expect(totals.amounts == [Money(minorUnits: 300, currency: .eur), Money(minorUnits: 150, currency: .gbp)])
        #expect(totals.description == "EUR 3.00 + GBP 1.50")
    }

    @Test("totals in several currencies are the same whatever order the money came in")
    func totalsIgnoreOrder() {
        let moneys = [Money(minorUnits: 500, currency: .eur), Money(minorUnits: 120_000, currency: .gbp),
                      Money(minorUnits: 7, currency: .jpy), Money(minorUnits: -200, currency: .eur), Money(minorUnits: 1, currency: .usd)]
        var forward = MoneyTotals(), backward = MoneyTotals()
        for m in moneys { forward.add(m) }
        for m in moneys.reversed() { backward.add(m) }
        #expect(forward == backward && forward.hashValue == backward.hashValue)
        #expect(forward.amounts.map(\.currency.code) == ["EUR", "GBP", "JPY", "USD"])
        #expect(forward[.eur].minorUnits == 300 && forward[.jpy].minorUnits == 7 && forward[.usd].minorUnits == 1)
        var other = backward
        other.add(Money(minorUnits: 1, currency: .jpy))
        #expect(other != forward)
        // A currency that nets to zero is no amount, and a total of zeros is zero.
        var zero = MoneyTotals()
        zero.add(Money(minorUnits: 5, currency: .gbp))
        zero.add(Money(minorUnits: 9, currency: .usd))
        #expect(!zero.isZero)
        zero.add(Money(minorUnits: -5, currency: .gbp))
        #expect(zero.amounts == [Money(minorUnits: 9, currency: .usd)])
        zero.add(Money(minorUnits: -9, currency: .usd))
        #expect(zero.isZero && zero.amounts.isEmpty && zero.description == "nothing")
    }

    @Test func unknownCurrencyCodesAreRefused() {
        #expect(Currency(code: "GBP")?.exponent == 2)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "gbp") == nil)
    }

    @Test func thousandsSeparatorsAreTakenOnlyInGroupsOfThree() {
        #expect(Money.ungrouped("1,250.00") == "1250.00")
        #expect(Money.ungrouped("-12,345,678") == "-12345678")
        #expect(Money.ungrouped("1250.5") == "1250.5")
        #expect(Money.ungrouped("12,50") == nil)
        #expect(Money.ungrouped("1234,567") == nil)
        #expect(Money.ungrouped("1.250,00") == nil)
    }
}
