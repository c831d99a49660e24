import Foundation
import Testing

@testable import SignetModel

/// The linear-time matcher for field patterns: ICU's meaning for what field patterns use, a
/// whole-value match, refusals that name the construct, and work bounded whatever the pattern.
@Suite("Field patterns")
struct FieldPatternTests {
    /// Pattern, value, whether the whole value matches. Each answer is what ICU (the
    /// NSRegularExpression the matcher replaces) gives for `^(?:pattern)$`.
    static let table: [(String, String, Bool)] = [
        // The shipped templates' patterns.
        ("LN-[0-9]{6}", "LN-123456", true), ("LN-[0-9]{6}", "LN-12345", false), ("LN-[0-9]{6}", "xLN-123456", false),
        ("LN-[0-9]{6}", "LN-1234567", false), ("[0-9]{2}-[0-9]{2}-[0-9]{2}", "12-34-56", true),
        ("[0-9]{3} [0-9]{3} [0-9]{4}", "123 456 7890", true), ("[0-9]{3} [0-9]{3} [0-9]{4}", "1234567890", false),
        // Alternation, with anchors and empty alternatives.
        ("a|b", "a", true), ("a|b", "ab", false), ("^a|b$", "a", true), ("^a|b$", "b", true), ("^ab|cd$", "abcd", false),
        ("(a|)", "", true), ("(|a)b", "b", true), ("(|a)b", "ab", true), ("a||b", "", true), ("|", "", true), ("", "", true),
        ("", "a", false), ("(a|b|c)+", "abcabc", true), ("(a|b|c)+", "abd", false), ("(?:a|b)?c", "c", true),
        ("a^b", "ab", false), ("a$b", "ab", false), (#"\Aab\z"#, "ab", true),
        // Classes: ranges, negation, escapes, named classes inside, '-' and ']' as characters.
        ("[a-z0-9_-]+", "ab_-9", true), ("[a-z0-9_-]+", "AB", false), (#"[^"]*"#, "abc", true), (#"[^"]*"#, #"a"c"#, false),
        (#"[\]\\]+"#, #"]\"#, true), ("[]a]", "]", true), ("[^]a]", "b", true), ("[a-]", "-", true), ("[-a]", "-", true),
        (#"[\w-]+"#, "a-b", true), (#"[\w-.]+"#, "a.b-c", true), ("[^a-c]", "d", true), ("[^a-c]", "b", false),
        ("[^a-c]", "\n", true), ("[.]", "a", false), ("[.]", ".", true), ("[$^]+", "$^", true), (#"[\n]"#, "\n", true),
        (#"[\p{L} '-]+"#, "Jean-Luc O'Neil", true),
        // Named classes with ICU's (Unicode) meaning.
        (#"\d+"#, "١٢٣", true), ("[0-9]+", "١٢٣", false), (#"\w+"#, "élan_9", true), (#"\s"#, " ", true), (#"\s"#, "\u{0B}", true),
        (#"\S+"#, "ab", true), (#"\D"#, "a", true), (#"\W"#, "-", true), (#"\W"#, "a", false), (#"\p{Lu}\p{Ll}+"#, "Ana", true),
        (#"\p{N}"#, "½", true), (#"\P{L}"#, "1", true), (#"\p{L}+"#, "Añoß", true),
        // '.', escapes, Unicode letters: matching is by Unicode scalar.
        (".", "\n", false), (".", "é", true), (".", "e\u{301}", false), ("..", "e\u{301}", true), ("é+", "éé", true),
        ("Zoë", "Zoë", true), (#"\x41\u00e9\x{1F600}"#, "Aé😀", true), (#"\."#, ".", true), (#"\."#, "a", false),
        ("a.c", "abc", true), (#"a\n"#, "a\n", true), (#"\t"#, "\t", true), (#"\Qa.b\E"#, "a.b", true), (#"\Qa.b\E"#, "axb", false),
        // Counted repetition and the other quantifiers; lazy forms match as greedy ones do.
        ("a{2,3}", "a", false), ("a{2,3}", "aa", true), ("a{2,3}", "aaa", true), ("a{2,3}", "aaaa", false), ("a{2,}", "aaaaa", true),
        ("a{0}", "", true), ("(ab){2}", "abab", true), ("(a{2}){3}", "aaaaaa", true), ("(a{2}){3}", "aaaaa", false),
        ("(?:ab)+", "ababab", true), ("(?<x>ab)+", "abab", true), ("a*?", "aaa", true), ("a+?b", "aab", true), ("a??", "a", true),
        ("x*", "", true), ("(a*)*", "", true), ("()*", "", true), (#"[+-]?[0-9]+(\.[0-9]+)?"#, "-12.5", true),
        (#"[+-]?[0-9]+(\.[0-9]+)?"#, "12.", false),
        // Patterns that make a backtracking engine take exponential time, on short values.
        ("^(a+)+b$", "aaab", true), ("^(a+)+b$", "aaaa", false), ("(a|aa)*c", "aaaac", true), ("(a*)*b", "aab", true),
        // Not ICU's: '$' is the end of the value, never "before a final line break".
        ("abc", "abc\n", false), ("[0-9]+", "12\n", false),
    ]

    @Test("a table of patterns and values matches as ICU did, on the whole value")
    func table() throws {
        for (source, value, expected) in Self.table {
            let pattern = try FieldPattern(source)
            #expect(pattern.matches(value) == expected, "\(source) against \(value.debugDescription)")
        }
    }

    @Test(
        "constructs that cannot be matched in linear time, or that the matcher does not know, are refused by name",
        arguments: [
            (#"(a)\1"#, "uses a backreference (\\1), which cannot be checked in linear time"),
            (#"(?<x>a)\k<x>"#, "uses a backreference (\\k), which cannot be checked in linear time"),
            ("(?=a)a", "uses a lookahead (?=...), which cannot be checked in linear time"),
            ("(?!b)a", "uses a lookahead (?!...), which cannot be checked in linear time"),
            ("(?<=a)b", "uses a lookbehind (?<=...), which cannot be checked in linear time"),
            ("(?<!a)b", "uses a lookbehind (?<!...), which cannot be checked in linear time"),
            ("(?>a+)", "uses an atomic group (?>...), which this matcher does not support"),
            ("a*+", "uses a possessive quantifier ('*+'), which this matcher does not support"),
            (#"\bword"#, "uses a word boundary (\\b), which this matcher does not support"),
            ("a**", "has two quantifiers in a row; put the first in a group, e.g. (a{2}){3}"),
            ("a{1001}", "has a count above 1000"), ("a{3,2}", "has a count {3,2} whose upper bound is below its lower bound"),
            ("([a-z", "has a '[' that is not closed"), ("(a", "has a '(' that is not closed"), ("a)", "has a ')' with no '(' before it"),
            ("*a", "has a '*' with nothing before it to repeat; write \\* for the character itself"),
            ("[z-a]", "has the range z-a, whose end comes before its start"),
            (#"\q"#, "uses the escape \\q, which this matcher does not support"),
        ])
    func refusals(source: String, reason: String) {
        #expect(throws: PatternError(reason)) { try FieldPattern(source) }
    }

    @Test("patterns too large to match cheaply are refused: long, deeply nested, or multiplied by counts")
    func caps() throws {
        #expect(throws: PatternError("is longer than 1000 characters")) { try FieldPattern(String(repeating: "a", count: 1001)) }
        #expect(throws: PatternError("nests groups more than 32 deep")) {
            try FieldPattern(String(repeating: "(", count: 33) + "a" + String(repeating: ")", count: 33))
        }
        let multiplied =
            "would compile to more than 2000 instructions (counted repetitions multiply): make it shorter or the counts smaller"
        #expect(throws: PatternError(multiplied)) { try FieldPattern("(a{1000}){1000}") }
        #expect(throws: PatternError(multiplied)) { try FieldPattern("(((a{10}){10}){10}){3}") }
        #expect(throws: PatternError(multiplied)) { try FieldPattern("([a-z]{3,999}){3}") }
        // Just under the cap compiles, and checks proportionally shorter values.
        let large = try? FieldPattern("(a{999})")
        #expect(large?.valueLengthLimit == FieldPattern.workBudget / 1000)
        #expect(try FieldPattern("LN-[0-9]{6}").valueLengthLimit == FieldPattern.maxValueLength)
    }

    @Test(
        "patterns that make backtracking exponential answer at once (linear work), at 40 and 10,000 characters",
        arguments: ["^(a+)+b$", "(a|aa)*c", "(a*)*b", "(a|a)*b", "(.*a){20}b"])
    func pathological(source: String) throws {
        let pattern = try FieldPattern(source)
        for length in [40, 10_000] {
            let value = String(repeating: "a", count: length)
            let started = ContinuousClock.now
            #expect(!pattern.matches(value))
            // Linear work: a few hundred thousand steps, well under a second even in a debug build
            // on a loaded machine; a backtracking engine never finishes at 10,000 characters. The
            // bound is loose on purpose (this is a safety check, not a benchmark).
            #expect(ContinuousClock.now - started < .seconds(3), "\(source) at \(length) characters")
        }
    }

    @Test("a value longer than the pattern's limit does not match, and the check does no work on it")
    func longValues() throws {
        let pattern = try FieldPattern("a*")
        #expect(pattern.matches(String(repeating: "a", count: FieldPattern.maxValueLength)))
        #expect(!pattern.matches(String(repeating: "a", count: FieldPattern.maxValueLength + 1)))
    }
}
