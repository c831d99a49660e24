import Foundation
import SignetFiles
import SignetModel

/// Samples for fields found from the document's own text: `tagged.pdf`, a service agreement
/// whose `{{...}}` text tags become fields, and `anchors.pdf`, a signature page whose repeated
/// labels place the fields of `anchors.fields.json`.
enum TaggedSamples {
    static let provider = Letterhead(
        company: "Harbour Digital Services", tagline: "Managed IT · Cloud backup · Support desk",
        address: ["Unit 4, Ocean Terminal", "Leith, Edinburgh EH6 6JJ", "0131 496 0555 · harbourdigital.example"],
        color: (0.13, 0.27, 0.45), footer: "HDS-MSA-3 · Harbour Digital Services Ltd, registered in Scotland (SC000789).")

    /// Writes `tagged.pdf`: two pages of an agreement, with the tags set in 7.5 pt like the
    /// anchor text of other e-signature tools, some with ordinary words around them.
    static func tagged(_ output: String) throws {
        let l = provider
        try SampleDocuments.make(
            output,
            decoration: { d, _ in
                d.info = ["Title": "Managed IT service agreement", "Author": l.company, "Subject": "A document with text tags"]
            }
        ) { sketch in
            try sketch.page { pen in
                Form.letterhead(l, pen: pen)
                Form.title("Managed IT Service Agreement", subtitle: "Agreement number MSA-2026-0142", pen: pen)
                Form.paragraph(
                    "This agreement is made between Harbour Digital Services Ltd (the Provider) and the customer named below (the Customer). The Provider will supply the managed IT services of the plan chosen below, on the terms of this agreement and of Schedule 1.",
                    y: 140, height: 40, size: 9, pen: pen)
                Form.section("1. The Customer", y: 190, l, pen: pen)
                tag("Customer name: {{text;id=full_name;role=customer;required;label=Full name;w=180}}", y: 220, pen)
                tag("Email for notices: {{email;id=customer_email;role=customer;required;label=Email;w=200}}", y: 244, pen)
                tag("Telephone: {{phone;id=customer_phone;label=Telephone;w=140}} (for urgent incidents only)", y: 268, pen)
                Form.section("2. The service", y: 300, l, pen: pen)
                tag("Plan: {{dropdown;id=plan;options=Basic|Plus|Premium;role=agent}} as described in Schedule 1.", y: 330, pen)
                tag("Service starts on {{date;id=start_date;role=agent;required}} and runs for twelve months.", y: 354, pen)
                tag("Monthly fee (GBP): {{number;id=monthly_fee;role=agent;required;w=90}} excluding VAT.", y: 378, pen)
                Form.paragraph(
                    "The Provider will monitor the Customer's systems around the clock, apply security updates within seven days of their release, keep encrypted backups for thirty days, and answer support requests within the response times of the chosen plan. The Customer will give the Provider the access it reasonably needs, and will tell it promptly of any change to its systems.",
                    y: 410, height: 60, size: 9, pen: pen)
                Form.paragraph(
                    "Fees are invoiced monthly in advance and are payable within 30 days. The Provider may review its fees once a year, on 60 days' written notice; the Customer may end the agreement without charge before a new fee takes effect.",
                    y: 476, height: 40, size: 9, pen: pen)
                tag("{{checkbox;id=accept;required;w=10;h=10}} I have read Schedule 1 and accept the terms of this agreement.", y: 530, pen)
            }
            try sketch.page { pen in
                Form.runningHeader(l, title: "Managed IT service agreement", pen: pen)
                Form.section("3. Term and ending the agreement", y: 56, l, pen: pen)
                Form.paragraph(
                    "Either party may end this agreement at the end of the first twelve months, or at any time after that, by giving the other three months' written notice. Either party may end it at once if the other commits a serious breach and does not put it right within 30 days of being asked to do so in writing.",
                    y: 80, height: 50, size: 9, pen: pen)
                Form.section("4. Data protection", y: 140, l, pen: pen)
                Form.paragraph(
                    "The Provider processes personal data only on the Customer's documented instructions, keeps it confidential, and deletes or returns it when the agreement ends. The data processing terms in Schedule 2 form part of this agreement.",
                    y: 164, height: 40, size: 9, pen: pen)
                Form.section("5. Signatures", y: 220, l, pen: pen)
                tag("Signed for the Customer: {{signature;id=customer_sig;role=customer;required;w=160;h=40}}", y: 256, pen)
                tag("Date: {{signingDate;id=signed_on}}", y: 316, pen)
                tag("Signed for the Provider: {{signature;id=provider_sig;role=agent;w=160;h=40}}", y: 356, pen)
                Form.section("Schedule 1: Plans", y: 430, l, pen: pen)
                let plans = [
                    "Basic: support on working days from 9:00 to 17:00, answered within 8 working hours; £18 per user per month.",
                    "Plus: support on working days from 8:00 to 20:00, answered within 4 hours, with monthly reports; £27 per user per month.",
                    "Premium: support at any hour, answered within 1 hour, with a named engineer and quarterly reviews; £39 per user per month.",
                ]
                for (i, plan) in plans.enumerated() {
                    pen.text(plan, Rect(x: Form.left, y: 456 + Double(i) * 26, width: Form.width, height: 24), size: 8.5, multiline: true)
                }
                tag("Customer's initials on this page: {{initials;id=init_p2;w=60;h=24}}", y: 760, pen)
                Form.footer(l, page: 2, of: 2, pen: pen)
            }
        }
    }

    /// One line holding a tag, in 7.5 pt.
    private static func tag(_ line: String, y: Double, _ pen: Sketch.Pen) {
        pen.text(line, Rect(x: Form.left, y: y, width: Form.width, height: 10), size: 7.5, color: (0.2, 0.2, 0.2))
    }

    /// The three signature blocks of `anchors.pdf`: field id prefix, who signs, the top of
    /// the line holding the labels, and whether the block has a date.
    static let blocks: [(id: String, who: String, y: Double, dated: Bool)] = [
        ("borrower", "the borrower", 200, true), ("co_borrower", "the co-borrower", 320, true),
        ("witness", "the witness", 440, false),
    ]

    /// The anchored fields of `anchors.fields.json`: each signature to the right of the nth
    /// "Signature:", each date to the right of the nth "Date:".
    static var anchorFields: [FieldDefinition] {
        var fields: [FieldDefinition] = []
        var dates = 0
        for (i, block) in blocks.enumerated() {
            var signature = FieldDefinition(id: block.id + "_signature", label: "Signature of " + block.who, kind: .signature)
            signature.required = block.dated
            signature.anchor = Anchor(text: "Signature:", occurrence: i + 1, x: 62, y: -26, width: 200, height: 38)
            fields.append(signature)
            if block.dated {
                dates += 1
                var date = FieldDefinition(id: block.id + "_date", label: "Date signed by " + block.who, kind: .date, required: true)
                date.dateFormat = "d MMMM yyyy"
                date.anchor = Anchor(text: "Date:", occurrence: dates, x: 34, y: -6, width: 130, height: 18)
                fields.append(date)
            }
        }
        var witness = FieldDefinition(id: "witness_name", label: "Name of the witness", kind: .text)
        witness.anchor = Anchor(text: "Name of witness:", x: 96, y: -6, width: 200, height: 18)
        fields.append(witness)
        return fields
    }

    /// Writes `anchors.pdf` (labels and the lines the fields sit on, from `anchorFields`) and
    /// `anchors.fields.json`.
    static func anchors(pdf: String, fields: String) throws {
        let defined = anchorFields
        try SampleDocuments.make(pdf, decoration: { d, _ in d.info = ["Title": "Guarantee signature page", "Author": "Signet samples"] }) {
            sketch in
            try sketch.page { pen in
                pen.text("Guarantee and Indemnity: Signature Page", Rect(x: 72, y: 72, width: 451, height: 22), size: 16, bold: true)
                pen.text(
                    "Each person below signs to confirm that they have read the guarantee, have been advised to take independent legal advice, and agree to be bound by it. The witness must be over 18 and not a party to the guarantee.",
                    Rect(x: 72, y: 104, width: 451, height: 50), size: 10, multiline: true)
                var seen: [String: Int] = [:]
                for field in defined {
                    guard let anchor = field.anchor else { continue }
                    seen[anchor.text, default: 0] += 1
                    let (x, y) = labelOrigin(anchor.text, occurrence: seen[anchor.text]!)
                    pen.text(anchor.text, Rect(x: x - 2, y: y, width: 120, height: 11.6), size: 10)
                    pen.line(x: x + anchor.x, y: y + anchor.y + anchor.height, width: anchor.width)
                }
                for block in blocks {
                    let title = block.dated ? "Signed by " + block.who : "Witnessed by an independent adult"
                    pen.text(title, Rect(x: 72, y: block.y - 52, width: 451, height: 14), size: 11, bold: true)
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        struct List: Encodable { var fields: [FieldDefinition] }
        try AtomicFile.write(Array(try encoder.encode(List(fields: defined))) + [10], to: fields)
    }

    /// Where the words of the nth label start: signatures at the left of their block, dates at
    /// the right, the witness's name under the witness's signature.
    private static func labelOrigin(_ text: String, occurrence: Int) -> (x: Double, y: Double) {
        switch text {
        case "Signature:": return (72, blocks[occurrence - 1].y)
        case "Date:": return (340, blocks.filter(\.dated)[occurrence - 1].y)
        default: return (72, blocks[blocks.count - 1].y + 34)
        }
    }
}
