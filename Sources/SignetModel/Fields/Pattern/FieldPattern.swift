/// A field pattern compiled for matching in time linear in the value: the pattern is parsed into
/// a small program of instructions, and a value is checked by stepping every live instruction
/// forward one Unicode scalar at a time (a Thompson simulation), never by backtracking. Patterns
/// come from agents, admins and templates and are run against customers' values, so a pattern
/// such as `^(a+)+b$`, which makes a backtracking engine take exponential time, costs here what
/// any pattern of its size costs.
///
/// A value matches when the whole of it does, as if the pattern were written `^(?:pattern)$`;
/// `^` and `$` inside the pattern mean the start and the end of the value. Matching is by
/// Unicode scalar and case-sensitive, like ICU's without flags.
///
/// The work of one check is bounded: at most (program size) × (value length) instruction steps,
/// and a value is checked only up to `valueLengthLimit` scalars, which keeps that product under
/// `workBudget` (one million steps). Measured (release build, one core of the 2-core CI
/// machine), a step costs about 8 ns, so the worst check allowed takes about 8 ms; the shipped
/// templates' patterns against their values take a few microseconds. That is not negligible,
/// so the server runs these checks off the threads that serve HTTP.
package struct FieldPattern: Sendable {
    /// The most Unicode scalars a pattern may have.
    package static let maxLength = 1_000
    /// The most instructions a compiled pattern may have: counted repetition copies its operand,
    /// so `(a{1000}){1000}` is refused here rather than compiled to a million instructions.
    package static let maxProgramSize = 2_000
    /// The highest count `{n}` / `{n,m}` may give.
    package static let maxCount = 1_000
    /// The longest value (in Unicode scalars) checked against any pattern.
    package static let maxValueLength = 10_000
    /// The most instruction steps one check may take: a larger program checks shorter values.
    package static let workBudget = 1_000_000

    /// The pattern as written.
    package let source: String
    let program: PatternProgram

    /// Parses and compiles `source`; throws a `PatternError` naming the construct that is not
    /// supported or the cap that is exceeded.
    package init(_ source: String) throws(PatternError) {
        guard source.unicodeScalars.count <= Self.maxLength else {
            throw PatternError("is longer than \(Self.maxLength) characters")
        }
        self.source = source
        program = try PatternProgram(PatternParser.parse(source))
    }

    /// The longest value (in Unicode scalars) this pattern checks: `maxValueLength`, or less for
    /// a program so large that a value that long would take more than `workBudget` steps.
    package var valueLengthLimit: Int {
        min(Self.maxValueLength, Self.workBudget / program.instructions.count)
    }

    /// Whether the whole of `value` matches. A value longer than `valueLengthLimit` does not
    /// (callers that want to say why check the length first); matching also stops as soon as no
    /// instruction is live.
    package func matches(_ value: String) -> Bool {
        let limit = valueLengthLimit
        let scalars = Array(value.unicodeScalars.prefix(limit + 1))
        return scalars.count <= limit && program.matches(scalars)
    }
}

extension FieldPattern {
    /// A pattern written in our own code; one that does not compile is a programming error,
    /// caught by the first test that uses it.
    static func fixed(_ source: String) -> FieldPattern {
        do {
            return try FieldPattern(source)
        } catch {
            preconditionFailure("\(source) \(error)")
        }
    }
}

/// Why a pattern is refused, as the end of a sentence that starts "the pattern ...".
package struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. "uses a backreference (\1), which cannot be checked in linear time".
    package let reason: String

    init(_ reason: String) { self.reason = reason }

    /// "the pattern " + the reason.
    package var description: String { "the pattern \(reason)" }
}
