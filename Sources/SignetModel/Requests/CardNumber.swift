import Foundation

/// A payment card number as the customer types it. It lives only as long as one payment
/// attempt: it is never stored, logged or echoed back.
package struct CardNumber: Sendable {
    /// The digits, spaces and dashes removed.
    package let digits: String

    /// Accepts 12 to 19 digits (spaces and dashes allowed) that pass the Luhn check; nil
    /// otherwise.
    package init?(_ typed: String) {
        let digits = typed.filter { $0 != " " && $0 != "-" }
        guard (12...19).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), Self.luhn(digits) else { return nil }
        self.digits = digits
    }

    /// The Luhn (mod 10) check: from the right, every second digit doubled (minus 9 above 9),
    /// the sum a multiple of 10.
    package static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (i, c) in digits.reversed().enumerated() {
            guard let d = c.wholeNumberValue else { return false }
            let v = i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d
            sum += v
        }
        return sum % 10 == 0
    }
}

/// What a customer types to pay: checked per field, held only for one charge.
package struct CardDetails: Sendable {
    package let number: CardNumber
    package let expiryMonth: Int
    package let expiryYear: Int
    package let holder: String

    /// Checks every field at once: `cardNumber` (digits with a valid Luhn check), `expiry`
    /// (MM/YY or MM/YYYY, not past), `cvc` (3 or 4 digits; checked, then dropped: it is only
    /// ever needed by a real provider), `holder` (the name on the card).
    package static func parse(number: String, expiry: String, cvc: String, holder: String, now: Date = Date()) -> Result<
        CardDetails, FieldProblems
    > {
        var problems: [FieldProblem] = []
        let card = CardNumber(number)
        if card == nil {
            problems.append(
                FieldProblem(field: "cardNumber", label: "Card number", reason: "not a valid card number (12 to 19 digits, Luhn check)"))
        }
        let parts = expiry.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        var month = 0
        var year = 0
        if parts.count == 2, let m = Int(parts[0]), let y = Int(parts[1]), (1...12).contains(m), parts[1].count == 2 || parts[1].count == 4
        {
            month = m
            year = parts[1].count == 2 ? 2000 + y : y
        }
        let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
        if month == 0 {
            problems.append(FieldProblem(field: "expiry", label: "Expiry", reason: "write the expiry as MM/YY"))
        } else if year < today.year! || (year == today.year! && month < today.month!) {
            problems.append(FieldProblem(field: "expiry", label: "Expiry", reason: "the card has expired"))
        }
        if !(3...4).contains(cvc.count) || !cvc.allSatisfy({ $0.isASCII && $0.isNumber }) {
            problems.append(FieldProblem(field: "cvc", label: "Security code", reason: "3 or 4 digits"))
        }
        let name = holder.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 {
            problems.append(FieldProblem(field: "holder", label: "Name on card", reason: "give the name on the card"))
        }
        guard let card, problems.isEmpty else { return .failure(FieldProblems(stage: "payment", problems: problems)) }
        return .success(CardDetails(number: card, expiryMonth: month, expiryYear: year, holder: name))
    }
}
