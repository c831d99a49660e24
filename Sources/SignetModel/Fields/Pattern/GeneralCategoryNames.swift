/// Unicode general categories by their short names, for `\p{..}`: one letter for a group (`L`,
/// `N`, ...), two for one category (`Lu`, `Nd`, ...).
enum GeneralCategoryNames {
    static func categories(named name: String) -> [Unicode.GeneralCategory]? {
        if name.count == 1 {
            let group = byName.filter { $0.key.hasPrefix(name) }.map(\.value)
            return group.isEmpty ? nil : group
        }
        return byName[name].map { [$0] }
    }

    private static let byName: [String: Unicode.GeneralCategory] = [
        "Lu": .uppercaseLetter, "Ll": .lowercaseLetter, "Lt": .titlecaseLetter, "Lm": .modifierLetter, "Lo": .otherLetter,
        "Mn": .nonspacingMark, "Mc": .spacingMark, "Me": .enclosingMark,
        "Nd": .decimalNumber, "Nl": .letterNumber, "No": .otherNumber,
        "Pc": .connectorPunctuation, "Pd": .dashPunctuation, "Ps": .openPunctuation, "Pe": .closePunctuation,
        "Pi": .initialPunctuation, "Pf": .finalPunctuation, "Po": .otherPunctuation,
        "Sm": .mathSymbol, "Sc": .currencySymbol, "Sk": .modifierSymbol, "So": .otherSymbol,
        "Zs": .spaceSeparator, "Zl": .lineSeparator, "Zp": .paragraphSeparator,
        "Cc": .control, "Cf": .format, "Cs": .surrogate, "Co": .privateUse, "Cn": .unassigned,
    ]
}
