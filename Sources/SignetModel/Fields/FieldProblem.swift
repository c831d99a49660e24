/// One thing wrong with one field, as every validation step reports it: the console marks the
/// field, a pipeline writes it to its row report, the CLI prints it.
package struct FieldProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The field's id (or the offending key, for a value given for no field).
    package var field: String
    /// The field's label, for people.
    package var label: String
    /// Why, in words a person can act on.
    package var reason: String

    /// Creates a problem.
    package init(field: String, label: String, reason: String) {
        self.field = field
        self.label = label
        self.reason = reason
    }

    /// Creates a problem about `definition`.
    package init(_ definition: FieldDefinition, _ reason: String) {
        self.init(field: definition.id, label: definition.displayLabel, reason: reason)
    }

    package var description: String {
        label == field ? "\(field): \(reason)" : "\(field) (\(label)): \(reason)"
    }
}

/// Several field problems at once, as an error: validation never stops at the first one.
package struct FieldProblems: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// What was being checked: `definition`, `send` or `finish`.
    package var stage: String
    /// Every problem found.
    package var problems: [FieldProblem]

    /// Creates the error.
    package init(stage: String, problems: [FieldProblem]) {
        self.stage = stage
        self.problems = problems
    }

    package var description: String {
        "\(problems.count) field problem(s) at \(stage):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
