/// An amount of money as a payment request states it: a decimal string with exactly two
/// decimals ("12.50"), above zero, in an ISO 4217 currency. Amounts are kept in minor units
/// (cents) so no floating point ever touches money.
package struct MoneyAmount: Codable, Hashable, Sendable {
    /// The amount in minor units, e.g. 1250 for "12.50".
    package var minorUnits: Int64
    /// The ISO 4217 code, upper case.
    package var currency: String

    /// The amount as written, e.g. "12.50".
    package var decimal: String {
        let cents = minorUnits % 100
        return "\(minorUnits / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Parses `amount` and `currency`, answering every problem per field (`amount`,
    /// `currency`) rather than the first.
    package static func parse(amount: String, currency: String) -> Result<MoneyAmount, FieldProblems> {
        var problems: [FieldProblem] = []
        let minor = minorUnits(amount)
        if minor == nil {
            problems.append(
                FieldProblem(
                    field: "amount", label: "Amount",
                    reason: "write the amount with exactly two decimals and a dot, above zero and at most 1000000000.00, e.g. 12.50"))
        }
        let code = currency.uppercased()
        if !Currency.isoCodes.contains(code) || currency.count != 3 {
            problems.append(FieldProblem(field: "currency", label: "Currency", reason: "'\(currency)' is not an ISO 4217 currency code"))
        }
        guard let minor, problems.isEmpty else { return .failure(FieldProblems(stage: "payment", problems: problems)) }
        return .success(MoneyAmount(minorUnits: minor, currency: code))
    }

    /// "12.50" → 1250; nil for anything else (no sign, no exponent, no thousands separator).
    private static func minorUnits(_ s: String) -> Int64? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, (1...10).contains(parts[0].count),
            (parts[0] + parts[1]).allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[0] == "0" || parts[0].first != "0",
            let whole = Int64(parts[0]), let cents = Int64(parts[1])
        else { return nil }
        let minor = whole * 100 + cents
        return minor > 0 && minor <= 100_000_000_000 ? minor : nil
    }
}

/// ISO 4217 currencies in circulation.
package enum Currency {
    /// The active alphabetic codes (funds and precious metals left out: nobody pays a
    /// session's fee in XAU).
    package static let isoCodes: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD", "BIF", "BMD", "BND", "BOB",
        "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF",
        "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF",
        "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
        "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
        "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP",
        "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
        "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
    ]
}
