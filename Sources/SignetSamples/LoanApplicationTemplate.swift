import SignetModel

/// A two-page personal loan application: the adviser fills in the offer, the customer their
/// details, repayment choice, declaration and signature.
enum LoanApplicationTemplate: DrawnTemplate {
    static let slug = "loan-application"
    static let pageCount = 2

    static let letterhead = Letterhead(
        company: "Signet Lending Ltd", tagline: "Personal loans · Home improvement · Car finance",
        address: ["12 Harbour Street", "Leith, Edinburgh EH6 6QN", "0131 496 0000 · signetlending.example"],
        color: (0.09, 0.2, 0.38),
        footer: "SL-LA-01 v1 · Signet Lending Ltd is registered in Scotland (SC000123) and authorised by the Financial Conduct Authority.")

    static let definition = TemplateDefinition(
        name: "Personal loan application", folder: "Lending",
        description: "Loan offer completed by the adviser; applicant details, repayment choice, declaration and signature by the customer.",
        version: 1, fields: fields)

    static let statements = [
        "agree_terms":
            "I have read and understood the declaration above, the Pre-contract Credit Information and the Loan Terms and Conditions (version 4.2), and I agree to be bound by them."
    ]

    private static let fields: [FieldDefinition] = [
        // Section 1: the adviser's offer.
        .at(1, .box(50, 196, 150), id: "loan_reference", "Loan reference", .text, role: .agent, required: true) {
            $0.pattern = "LN-[0-9]{6}"
            $0.maxLength = 9
        },
        .at(1, .box(215, 196, 150), id: "offer_date", "Date of offer", .date, role: .agent, required: true) {
            $0.dateFormat = "d MMMM yyyy"
        },
        .at(1, .box(380, 196, 165.28), id: "agent_name", "Adviser", .text, role: .agent, required: true),
        .at(1, .box(50, 236, 150), id: "loan_amount", "Loan amount (GBP)", .number, role: .agent, required: true) {
            $0.min = 1000
            $0.max = 500_000
        },
        .at(1, .box(215, 236, 150), id: "term", "Term", .dropdown, role: .agent, required: true) {
            $0.options = ["12 months", "24 months", "36 months", "60 months"].map { FieldOption(value: $0) }
        },
        .at(1, .box(380, 236, 165.28), id: "interest_rate", "Annual interest rate (%)", .number, role: .agent, required: true) {
            $0.min = 0
            $0.max = 99.9
        },
        // Section 2: the applicant.
        .at(1, .box(50, 310, 315), id: "full_name", "Full name", .text, required: true) { $0.maxLength = 120 },
        .at(1, .box(380, 310, 165.28), id: "date_of_birth", "Date of birth (DD/MM/YYYY)", .date, required: true) {
            $0.dateFormat = "dd/MM/yyyy"
        },
        .at(1, .box(50, 350, 240), id: "email", "Email address", .email, required: true),
        .at(1, .box(305, 350, 240.28), id: "phone", "Mobile phone (international format, e.g. +447700900123)", .phone, required: true),
        .at(1, .box(50, 390, 495.28, 46), id: "address", "Home address, including postcode", .text) { $0.multiline = true },
        // Section 3: employment and income.
        .at(1, .box(50, 490, 240), id: "employment_status", "Employment status", .dropdown) {
            $0.options = ["Employed", "Self-employed", "Retired", "Student", "Not working"].map { FieldOption(value: $0) }
        },
        .at(1, .box(305, 490, 240.28), id: "annual_income", "Gross annual income (GBP)", .number) { $0.min = 0 },
        .at(1, .box(50, 530, 495.28), id: "employer", "Employer's name and town", .text),
        // Page 2: repayments, declaration, signature.
        .radio(
            2, id: "repayment_frequency", "How often would you like to repay?", required: true, y: 88,
            options: [("monthly", "Monthly", 50), ("fortnightly", "Fortnightly", 160)]),
        .at(2, .box(50, 346, 11, 11), id: "agree_terms", "I agree to the terms", .checkbox, required: true),
        .at(2, .box(50, 402, 240, 60), id: "customer_signature", "Signature of applicant", .signature, required: true),
        .at(2, .box(330, 444, 215.28), id: "signing_date", "Date signed", .signingDate) {
            $0.timeZone = "Europe/London"
            $0.dateFormat = "d MMMM yyyy"
        },
    ]

    static func drawPage(_ number: Int, on pen: Sketch.Pen) {
        let l = letterhead
        if number == 1 {
            Form.title("Personal Loan Application", subtitle: "Unsecured personal loan from £1,000 to £500,000", pen: pen)
            Form.paragraph(
                "Please complete this application in full. Section 1 is completed by your adviser before the form is sent to you; please check it carefully. Fields marked * must be completed. If anything is unclear, ask your adviser before you sign.",
                y: 136, height: 30, pen: pen)
            Form.section("1. Your loan offer (completed by your adviser)", y: 166, l, pen: pen)
            Form.section("2. About you", y: 274, l, pen: pen)
            Form.section("3. Employment and income", y: 454, l, pen: pen)
            Form.section("Credit checks", y: 572, l, pen: pen)
            Form.paragraph(
                "To assess your application we will search your record at one or more credit reference agencies. They will add details of our search to your credit file, and other lenders may see that you have applied for credit. If you apply with someone else, we will link your records together, and these links will remain on your files until one of you asks the agencies to remove them.",
                y: 596, height: 60, pen: pen)
            Form.paragraph(
                "We may also check the details you give us with fraud prevention agencies. If false or inaccurate information is given and fraud is identified, details will be passed to these agencies and may be used by law enforcement agencies and other organisations to prevent fraud and money laundering.",
                y: 646, height: 50, pen: pen)
            pen.text(
                "Please turn over to choose how you repay and to sign.", .box(50, 740, 495.28, 12), size: 8.5, bold: true, color: l.color)
        } else {
            Form.section("4. Repayments", y: 56, l, pen: pen)
            Form.paragraph(
                "Repayments are collected by Direct Debit on the day of your choice. Fortnightly repayments reduce the interest you pay over the term of the loan. You may repay all or part of the loan early at any time; we will charge no more than 58 days' interest on the amount repaid early.",
                y: 110, height: 40, pen: pen)
            Form.section("5. Declaration", y: 160, l, pen: pen)
            let declaration = [
                "I confirm that the information I have given in this application is true and complete, and that I will tell Signet Lending Ltd straight away if any of it changes before the loan is paid out. I understand that the lender relies on this information in deciding whether to lend to me.",
                "I confirm that I am at least 18 years old, that I live permanently in the United Kingdom, and that I am not aware of any change in my circumstances that would make it difficult for me to keep up the repayments of this loan.",
                "I understand that this application does not oblige the lender to make me an offer, and that the rate shown in section 1 may change if the information I have given cannot be verified. I have the right to withdraw from the credit agreement within 14 days of the day after it is made, without giving a reason, by repaying the amount borrowed with interest accrued until the date of repayment.",
                "I authorise the lender to make the searches described under \"Credit checks\" on page 1 and to record the outcome of this application. I understand that if I do not keep up my repayments, my credit record may be affected and it may be harder or more expensive for me to borrow in future.",
            ]
            // Each paragraph's top: three, two, four and three lines of text.
            for (i, (top, text)) in zip([184.0, 222, 250, 298], declaration).enumerated() {
                pen.text("\(i + 1).", .box(50, top, 14, 12), size: 8.5, multiline: true)
                pen.text(text, .box(66, top, 479.28, 46), size: 8.5, multiline: true)
            }
            pen.text(
                "Sign inside the box using the same signature as on your bank card. The date is added automatically when you sign.",
                .box(50, 468, 240, 24), size: 7, multiline: true, color: Form.caption)
            Form.section("Your personal information", y: 510, l, pen: pen)
            Form.paragraph(
                "Signet Lending Ltd is the controller of the personal information you give in this form. We use it to assess your application, to manage your loan, to meet our legal and regulatory obligations and to prevent fraud. We keep it for six years after your loan is repaid. You can ask for a copy of it, ask us to correct it, or complain to the Information Commissioner's Office. Our full privacy notice is at signetlending.example/privacy.",
                y: 534, height: 60, size: 8, pen: pen)
        }
    }
}
