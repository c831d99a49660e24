import SignetModel

/// A two-page patient consent form: the clinic names the procedure, the patient gives their
/// details, ticks the consents, initials each page and signs. The signature is placed by an
/// anchor on its printed label, and the initials are given in millimetres.
enum ConsentFormTemplate: DrawnTemplate {
    static let slug = "consent-form"
    static let pageCount = 2

    static let letterhead = Letterhead(
        company: "Meadowbank Health Partners", tagline: "Dermatology · Day surgery · Physiotherapy",
        address: ["Meadowbank Clinic, 140 Leith Walk", "Edinburgh EH6 5DT", "0131 496 0420 · meadowbank.example"],
        color: (0.0, 0.4, 0.42),
        footer: "MHP-CF-07 v1 · Meadowbank Health Partners LLP · Keep a copy of this form for your records.")

    static let definition = TemplateDefinition(
        name: "Consent to a minor procedure", folder: "Healthcare",
        description: "Procedure set by the clinic; patient details, consents, initials on each page and signature by the patient.",
        version: 1, fields: fields)

    static let statements = [
        "consent_treatment":
            "I agree to the procedure named in section 1. Its purpose, benefits, risks and the alternatives, including no treatment, have been explained to me.",
        "consent_anaesthetic":
            "I agree to a local anaesthetic, and I understand that I will stay awake during the procedure.",
        "consent_share_gp": "I agree that a letter about my treatment is sent to my GP.",
        "consent_photos":
            "I agree that clinical photographs are taken and kept in my record. They will not identify me if used for teaching.",
        "consent_research": "I agree that my anonymised results may be used in approved clinical research.",
        "consent_reminders": "I would like appointment reminders by text message to the phone number above.",
    ]

    /// Where the signature's anchor text is printed on page 2 (its words' top-left corner).
    static let signatureLabel = (x: 50.0, y: 446.0)

    private static let fields: [FieldDefinition] = [
        // Section 1: completed by the clinic.
        .at(1, .box(50, 196, 240), id: "clinic_name", "Clinic", .text, role: .agent) {
            $0.value = .text("Meadowbank Clinic, Leith Walk")
            $0.readOnly = true
        },
        .at(1, .box(305, 196, 240.28), id: "clinician", "Responsible clinician", .text, role: .agent, required: true),
        .at(1, .box(50, 236, 385), id: "procedure", "Proposed procedure", .text, role: .agent, required: true) { $0.maxLength = 140 },
        .at(1, .box(450, 236, 95.28), id: "appointment_date", "Appointment date", .date, role: .agent) { $0.dateFormat = "dd/MM/yyyy" },
        // Section 2: the patient.
        .at(1, .box(50, 310, 315), id: "patient_name", "Patient's full name", .text, required: true),
        .at(1, .box(380, 310, 165.28), id: "patient_dob", "Date of birth", .date, required: true) { $0.dateFormat = "dd/MM/yyyy" },
        .at(1, .box(50, 350, 150), id: "nhs_number", "NHS number (if known)", .text) { $0.pattern = "[0-9]{3} [0-9]{3} [0-9]{4}" },
        .at(1, .box(215, 350, 150), id: "patient_phone", "Mobile phone", .phone, required: true),
        .at(1, .box(380, 350, 165.28), id: "patient_email", "Email address", .email),
        // Section 3: consent to the procedure.
        .at(1, .box(50, 590, 11, 11), id: "consent_treatment", "Consent to the procedure", .checkbox, required: true),
        .at(1, .box(50, 626, 11, 11), id: "consent_anaesthetic", "Consent to local anaesthetic", .checkbox, required: true),
        initials(page: 1),
        // Page 2: information, signature.
        .at(2, .box(50, 220, 11, 11), id: "consent_share_gp", "Letter to my GP", .checkbox, required: true),
        .at(2, .box(50, 246, 11, 11), id: "consent_photos", "Clinical photographs", .checkbox),
        .at(2, .box(50, 272, 11, 11), id: "consent_research", "Use in research", .checkbox),
        .at(2, .box(50, 298, 11, 11), id: "consent_reminders", "Text message reminders", .checkbox),
        signature,
        .at(2, .box(330, 502, 215.28), id: "signing_date", "Date signed", .signingDate) {
            $0.timeZone = "Europe/London"
            $0.dateFormat = "dd/MM/yyyy"
        },
        initials(page: 2),
    ]

    /// The patient's signature, 14 pt below its label "Signature of patient:".
    private static var signature: FieldDefinition {
        var field = FieldDefinition(id: "patient_signature", label: "Signature of patient", kind: .signature, required: true)
        field.anchor = Anchor(text: "Signature of patient:", page: 2, x: 0, y: 16, width: 240, height: 58)
        return field
    }

    /// The patient's initials at the foot of `page`, in millimetres.
    private static func initials(page: Int) -> FieldDefinition {
        FieldDefinition(
            id: "initials_p\(page)", label: "Patient's initials (page \(page))", kind: .initials, required: true, page: page,
            rect: MeasuredRect(x: 166, y: 267, width: 24, height: 11, unit: .mm))
    }

    static func drawPage(_ number: Int, on pen: Sketch.Pen) {
        let l = letterhead
        if number == 1 {
            Form.title("Patient Consent Form", subtitle: "Consent to a minor procedure under local anaesthetic", pen: pen)
            Form.paragraph(
                "This form records your decision about the treatment we have proposed. Please read both pages, ask us about anything you do not understand, and take as long as you need. You may change your mind at any time, including after signing.",
                y: 136, height: 30, pen: pen)
            Form.section("1. Your procedure (completed by the clinic)", y: 166, l, pen: pen)
            Form.section("2. About you", y: 274, l, pen: pen)
            Form.section("3. About the procedure", y: 392, l, pen: pen)
            Form.paragraph(
                "Your clinician has explained the intended benefits of the procedure, and the serious or frequently occurring risks, which may include bleeding, infection, a scar, a change in skin colour and, rarely, damage to nearby nerves. Any extra procedures that may become necessary during the procedure, such as a wider excision or the use of stitches, have also been explained.",
                y: 416, height: 50, pen: pen)
            Form.paragraph(
                "A local anaesthetic numbs only the area being treated. You will be awake and able to talk to the team throughout. You should arrange for someone to take you home if the procedure is on your face or hands, and you should not drive until the anaesthetic has worn off.",
                y: 470, height: 40, pen: pen)
            Form.paragraph(
                "No other procedure will be carried out without your consent unless it is necessary to save your life or to prevent serious harm to your health.",
                y: 514, height: 30, pen: pen)
            pen.text("Please tick each box you agree with.", .box(50, 566, 300, 12), size: 8.5, bold: true, color: l.color)
            pen.text("Please initial this page and turn over.", .box(50, 764, 300, 12), size: 8.5, bold: true, color: l.color)
        } else {
            Form.section("4. Your health information", y: 56, l, pen: pen)
            Form.paragraph(
                "Meadowbank Health Partners keeps a confidential record of your care. We share information from it only with those involved in your care, or where the law requires us to. You can ask to see your record at any time.",
                y: 80, height: 30, pen: pen)
            Form.paragraph(
                "Clinical photographs help us to follow the results of your treatment. They are stored securely in your record and are never published in a way that could identify you. Research approved by an ethics committee may use anonymised results; you can withdraw this consent at any time without it affecting your care.",
                y: 114, height: 40, pen: pen)
            Form.paragraph(
                "Ticking the first box below is needed for us to treat you; the other boxes are optional and you may leave them blank.",
                y: 158, height: 20, pen: pen)
            Form.section("5. Your choices", y: 190, l, pen: pen)
            Form.section("6. Patient's statement", y: 330, l, pen: pen)
            Form.paragraph(
                "I have read the information on both pages of this form and I have had the chance to ask questions. I understand what the procedure involves, its benefits and risks, and what is likely to happen if I decide not to have it. I understand that I can withdraw my consent at any time before the procedure starts.",
                y: 354, height: 40, pen: pen)
            Form.paragraph(
                "I confirm that the details I have given about myself are correct and that I have told the clinic about any medicines I take, any allergies I have, and any previous reaction to a local anaesthetic.",
                y: 398, height: 30, pen: pen)
            Form.drawAnchored(signature, words: signatureLabel, pen: pen)
            pen.text(
                "If you need an interpreter, or someone to sign on your behalf, please tell a member of staff before signing.",
                .box(50, 546, 240, 24), size: 7, multiline: true, color: Form.caption)
            Form.section("7. Clinician's statement (completed by the clinic)", y: 590, l, pen: pen)
            Form.paragraph(
                "I have explained the procedure to the patient, including its intended benefits, its serious or frequently occurring risks, and the alternatives. I have answered the patient's questions and I believe that they understand what the procedure involves. The clinician named in section 1 confirms this statement by countersigning the patient's record.",
                y: 614, height: 50, pen: pen)
            pen.text("Please initial this page.", .box(50, 764, 300, 12), size: 8.5, bold: true, color: l.color)
        }
    }
}
