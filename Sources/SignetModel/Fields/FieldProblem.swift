/// One thing wrong with one field, as every validation step reports it: the console marks the
/// field, a pipeline writes it to its row report, the CLI prints it.
public struct FieldProblem: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The field's id (or the offending key, for a value given for no field).
    public var field: String
    /// The field's label, for people.
    public var label: String
    /// Why, in words a person can act on.
    public var reason: String

    /// Creates a problem.
    public init(field: String, label: String, reason: String) {
        self.field = field
        self.label = label
        self.reason = reason
    }

    /// Creates a problem about `definition`.
    public init(_ definition: FieldDefinition, _ reason: String) {
        self.init(field: definition.id, label: definition.displayLabel, reason: reason)
    }

    public var description: String {
        label == field ? "\(field): \(reason)" : "\(field) (\(label)): \(reason)"
    }
}

/// Several field problems at once, as an error: validation never stops at the first one.
public struct FieldProblems: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// What was being checked: `definition`, `send` or `finish`.
    public var stage: String
    /// Every problem found.
    public var problems: [FieldProblem]

    /// Creates the error.
    public init(stage: String, problems: [FieldProblem]) {
        self.stage = stage
        self.problems = problems
    }

    public var description: String {
        "\(problems.count) field problem(s) at \(stage):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
