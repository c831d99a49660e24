import Foundation

/// The *send* and *finish* checks: who may give which value, and whether every required field
/// has a valid one. Every problem is reported, never just the first.
package enum FillCheck {
    /// The moment values are checked.
    package enum Stage: String, Codable, Hashable, Sendable, CaseIterable {
        /// The agent sends the document: agent fields.
        case send
        /// The customer finishes it: customer fields (agent fields as sent).
        case finish
    }

    /// The agent sends: `values` may only fill agent fields; every agent-required field must
    /// end up with a valid value (given, or prefilled). Returns the agent fields' values
    /// (prefills included) to stamp or store. Images, given or prefilled, must come from where
    /// `images` allows.
    package static func send(_ fields: [FieldDefinition], agentValues values: [String: StampValue], images: ImageSources) -> Result<
        [String: StampValue], FieldProblems
    > {
        let (merged, problems) = fill(fields, role: .agent, values: values, images: images)
        return problems.isEmpty ? .success(merged) : .failure(FieldProblems(stage: Stage.send.rawValue, problems: problems))
    }

    /// The agent countersigns: `values` may only fill the agent's countersign fields; every
    /// required one must end up valid. Returns those fields' values to stamp.
    package static func countersign(_ fields: [FieldDefinition], values: [String: StampValue], images: ImageSources) -> Result<
        [String: StampValue], FieldProblems
    > {
        let (merged, problems) = fill(fields, role: .agent, countersign: true, values: values, images: images)
        return problems.isEmpty ? .success(merged) : .failure(FieldProblems(stage: "countersign", problems: problems))
    }

    /// The customer finishes: `customerValues` may only fill customer fields (a value for an
    /// agent field, an unknown field, a signing date or a changed read-only field is refused);
    /// every required field must end up valid. Signing dates are written as of `signedAt`.
    /// Returns every value to stamp; images, given or prefilled, from where `images` allows.
    package static func finish(
        _ fields: [FieldDefinition], agentValues: [String: StampValue], customerValues: [String: StampValue], signedAt: Date,
        images: ImageSources
    ) -> Result<[String: StampValue], FieldProblems> {
        let (agent, agentProblems) = fill(fields, role: .agent, values: agentValues, images: images)
        var (customer, problems) = fill(fields, role: .customer, values: customerValues, images: images)
        problems = agentProblems + problems
        guard problems.isEmpty else { return .failure(FieldProblems(stage: Stage.finish.rawValue, problems: problems)) }
        for field in fields where field.kind == .signingDate {
            let zone = field.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
            customer[field.id] = .text(DateValue.format(signedAt, pattern: field.dateFormat, timeZone: zone))
        }
        return .success(agent.merging(customer) { a, _ in a })
    }

    /// Splits one flat set of values (a pipeline row, a `values.json`) by the role of the field
    /// each names; values for unknown fields stay in `unknown`.
    package static func split(_ values: [String: StampValue], by fields: [FieldDefinition]) -> (
        agent: [String: StampValue], customer: [String: StampValue], unknown: [String: StampValue]
    ) {
        let roles = Dictionary(fields.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        var agent: [String: StampValue] = [:]
        var customer: [String: StampValue] = [:]
        var unknown: [String: StampValue] = [:]
        for (id, value) in values {
            switch roles[id] {
            case .agent: agent[id] = value
            case .customer: customer[id] = value
            case nil: unknown[id] = value
            }
        }
        return (agent, customer, unknown)
    }

    /// Values of the fields of `role`: given, else prefilled; with every problem. This is the
    /// one place every drawn value passes, so the image policy is applied here. Countersign
    /// fields are filled at their own stage (`countersign`), never at sending or finishing.
    private static func fill(
        _ fields: [FieldDefinition], role: FieldRole, countersign: Bool = false, values: [String: StampValue], images: ImageSources
    ) -> ([String: StampValue], [FieldProblem]) {
        let byId = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [FieldProblem] = []
        for id in values.keys.sorted() {
            guard let field = byId[id] else {
                problems.append(FieldProblem(field: id, label: id, reason: "there is no field with this id"))
                continue
            }
            if field.role != role {
                problems.append(
                    FieldProblem(
                        field,
                        role == .customer
                            ? "this field belongs to the agent; the customer cannot change it"
                            : "this field is for the customer to fill"))
            } else if field.kind == .signingDate {
                problems.append(FieldProblem(field, "a signing date is filled in automatically when the customer signs"))
            } else if field.countersign != countersign {
                problems.append(
                    FieldProblem(
                        field,
                        countersign
                            ? "this field is filled when the document is sent, not countersigned"
                            : "this field is countersigned by the agent after the customer finishes"))
            } else if field.readOnly, let given = values[id], given != field.value {
                problems.append(FieldProblem(field, "the field is read-only and keeps its value"))
            }
        }
        var merged: [String: StampValue] = [:]
        for field in fields where field.role == role && field.countersign == countersign && field.kind != .signingDate {
            let value = field.readOnly ? field.value : (values[field.id] ?? field.value)
            guard let value, !ValueCheck.isEmpty(value) || value == .checked(false) else {
                if field.required { problems.append(FieldProblem(field, "this field is required")) }
                continue
            }
            if let reason = images.problem(with: value) {
                problems.append(FieldProblem(field, values[field.id] == nil ? "the prefilled value: " + reason : reason))
            } else if let reason = ValueCheck.problem(with: value, for: field) {
                problems.append(FieldProblem(field, reason))
            } else if field.required && ValueCheck.isEmpty(value) {
                problems.append(FieldProblem(field, "this box must be ticked"))
            } else {
                merged[field.id] = value
            }
        }
        return (merged, problems)
    }
}
