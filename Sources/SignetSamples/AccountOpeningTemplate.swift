import SignetModel

/// A two-page personal account opening form: the branch chooses the account and stamps it,
/// the customer gives their details and tax status, initials the first page and signs.
enum AccountOpeningTemplate: DrawnTemplate {
    static let slug = "account-opening"
    static let pageCount = 2

    static let letterhead = Letterhead(
        company: "Firth Mutual Bank", tagline: "Current accounts · Savings · Mortgages",
        address: ["Head office: 3 Castle Terrace", "Edinburgh EH1 2DP", "0131 496 0777 · firthmutual.example"],
        color: (0.42, 0.1, 0.18),
        footer: "FMB-AO-02 v1 · Firth Mutual Bank plc, registered in Scotland (SC000456). Deposits protected by the FSCS up to £85,000.")

    static let definition = TemplateDefinition(
        name: "Personal account opening", folder: "Banking",
        description:
            "Account type, branch code and stamp by the branch; personal details, tax status, initials and signature by the customer.",
        version: 1, fields: fields)

    static let statements = [
        "us_tax_person":
            "I am a citizen of the United States or resident there for tax purposes. If you tick this box, we will send you form W-9 to complete."
    ]

    private static let fields: [FieldDefinition] = [
        // Section 1: branch use.
        .at(1, .box(50, 196, 120), id: "branch_code", "Branch sort code (00-00-00)", .text, role: .agent, required: true) {
            $0.pattern = "[0-9]{2}-[0-9]{2}-[0-9]{2}"
        },
        .radio(
            1, id: "account_type", "Account type", role: .agent, required: true, y: 199,
            options: [("current", "Current account", 200), ("savings", "Savings account", 320), ("joint", "Joint account", 440)]),
        // Section 2: the customer.
        .at(1, .box(50, 270, 80), id: "title", "Title", .dropdown, required: true) {
            $0.options = ["Mr", "Ms", "Mx", "Dr"].map { FieldOption(value: $0) }
        },
        .at(1, .box(145, 270, 400.28), id: "full_name", "Full name (as on your passport or driving licence)", .text, required: true),
        .at(1, .box(50, 310, 150), id: "date_of_birth", "Date of birth", .date, required: true) { $0.dateFormat = "dd/MM/yyyy" },
        .at(1, .box(215, 310, 150), id: "nationality", "Nationality", .text, required: true),
        .at(1, .box(380, 310, 165.28), id: "phone", "Mobile phone", .phone, required: true),
        .at(1, .box(50, 350, 315), id: "email", "Email address", .email, required: true),
        .at(1, .box(50, 390, 495.28, 46), id: "home_address", "Home address, including postcode", .text, required: true) {
            $0.multiline = true
        },
        // Section 3: tax residency.
        .at(1, .box(50, 560, 11, 11), id: "us_tax_person", "US person for tax purposes", .checkbox),
        .at(1, .box(50, 614, 240), id: "tax_country", "Country of tax residence", .text, required: true),
        .at(1, .box(305, 614, 240.28), id: "tax_number", "Tax identification number (if any)", .text) { $0.maxLength = 30 },
        .at(1, .box(470, 757, 68, 31), id: "initials", "Your initials", .initials, required: true),
        // Page 2: declaration, signature, branch stamp.
        .at(2, .box(50, 400, 240, 60), id: "customer_signature", "Signature of account holder", .signature, required: true),
        .at(2, .box(330, 442, 215.28), id: "signing_date", "Date signed", .signingDate) {
            $0.timeZone = "Europe/London"
            $0.dateFormat = "dd/MM/yyyy"
        },
        .at(2, .box(50, 530, 160, 90), id: "bank_stamp", "Branch stamp", .image, role: .agent),
        .at(2, .box(230, 530, 150), id: "verified_by", "Identity verified by (staff name)", .text, role: .agent),
    ]

    static func drawPage(_ number: Int, on pen: Sketch.Pen) {
        let l = letterhead
        if number == 1 {
            Form.title("Personal Account Opening Form", subtitle: "For customers aged 18 and over who live in the United Kingdom", pen: pen)
            Form.paragraph(
                "Thank you for choosing Firth Mutual Bank. Please complete sections 2 and 3 in full; fields marked * are required. We will ask to see proof of your identity and address before the account is opened.",
                y: 136, height: 30, pen: pen)
            Form.section("1. Your account (completed by the branch)", y: 166, l, pen: pen)
            Form.section("2. About you", y: 234, l, pen: pen)
            Form.section("3. Tax residency", y: 456, l, pen: pen)
            Form.paragraph(
                "UK law requires us to collect information about the tax residency of every account holder, and to report the accounts of people who are resident for tax purposes in another country to HM Revenue & Customs, who may pass it to the tax authorities of that country under the Common Reporting Standard and FATCA.",
                y: 480, height: 40, pen: pen)
            Form.paragraph(
                "If you are unsure about your tax residency, please speak to a tax adviser; our staff cannot give tax advice.",
                y: 524, height: 20, pen: pen)
            pen.text("Please initial this page and turn over.", .box(50, 764, 300, 12), size: 8.5, bold: true, color: l.color)
        } else {
            Form.section("4. Account terms", y: 56, l, pen: pen)
            let terms = [
                "The Personal Account Terms and Conditions (edition 11), the Tariff of Charges and the Summary Box for the account you have chosen form your agreement with us. You can ask for another copy at any time, in branch or at firthmutual.example/terms.",
                "We will send you a statement every month in which there are payments on your account, and at least once a year. Interest on savings accounts is calculated daily and paid monthly. Arranged overdrafts are subject to a separate application and assessment.",
                "You may close your account at any time without charge. If you change your mind within 14 days of opening the account, we will help you to switch to another of our accounts or close it and return your money with any interest earned.",
            ]
            for (i, text) in terms.enumerated() {
                pen.text(text, .box(50, 80 + Double(i) * 44, 495.28, 42), size: 8.5, multiline: true)
            }
            Form.section("5. Declaration", y: 226, l, pen: pen)
            Form.paragraph(
                "I apply to open the account chosen in section 1. I confirm that the information I have given in this form is correct and complete, and that the money paid into the account will not be the proceeds of crime. I will tell the bank within 30 days if any of it changes, in particular my address or my tax residency.",
                y: 250, height: 40, pen: pen)
            Form.paragraph(
                "I agree that the bank may check my identity with credit reference and fraud prevention agencies, which will keep a record of the search, and that it may contact me about my account by post, email, telephone or text message. I have received and I agree to the terms and documents listed in section 4.",
                y: 294, height: 40, pen: pen)
            Form.paragraph(
                "I understand that the bank may refuse to open an account without giving a reason, and that it may close the account if I do not provide evidence of my identity and address within 30 days.",
                y: 338, height: 30, pen: pen)
            pen.text("The date is added automatically when you sign.", .box(330, 464, 215.28, 10), size: 7, color: Form.caption)
            Form.section("6. For branch use only", y: 490, l, pen: pen)
            pen.text(
                "Stamp and date the form once the customer's identity and address have been verified against original documents.",
                .box(230, 558, 315.28, 24), size: 7.5, multiline: true, color: Form.caption)
        }
    }
}
