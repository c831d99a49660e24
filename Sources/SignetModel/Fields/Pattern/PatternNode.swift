/// A parsed pattern: the shapes the matcher supports, nothing that needs backtracking.
indirect enum PatternNode: Equatable, Sendable {
    /// Matches the empty string (an empty alternative, `()`).
    case empty
    /// One Unicode scalar, literally.
    case scalar(Unicode.Scalar)
    /// One scalar of a class: `[a-z]`, `.`, `\d`.
    case set(ScalarSet)
    /// `^`: the start of the value.
    case start
    /// `$`: the end of the value.
    case end
    /// One part after the other.
    case sequence([PatternNode])
    /// Any one of the alternatives.
    case alternation([PatternNode])
    /// The operand `min` to `max` times (`max` nil: no upper bound).
    case repetition(PatternNode, min: Int, max: Int?)
}
