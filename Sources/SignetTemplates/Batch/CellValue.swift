import Foundation
import SignetModel

/// How the text of a data cell reads for the field it fills:
/// - checkbox: `true`, `yes`, `y`, `1`, `x`, `on` tick it; `false`, `no`, `n`, `0`, `off` leave it empty;
/// - signature and initials: `typed:Amara Okafor` is a typed name, `data:image/png;base64,...` an
///   image, anything else the path of a PNG or JPEG file;
/// - image: a data URL or a path;
/// - every other kind: the text itself, checked by the field's rules.
///
/// Relative paths are relative to the data file's folder, so a folder of rows and signatures
/// can be moved as a whole.
package enum CellValue {
    /// The prefix of a typed signature or initials.
    package static let typedPrefix = "typed:"

    private static let ticked: Set<String> = ["true", "yes", "y", "1", "x", "on"]
    private static let unticked: Set<String> = ["false", "no", "n", "0", "off"]

    /// The value `cell` gives `field` (nil: a column that fills no field; the text is kept so
    /// the check names it).
    package static func value(_ cell: RowCell, for field: FieldDefinition?, relativeTo folder: String) -> StampValue {
        switch cell {
        case .value(.image(let source)):
            return .image(resolve(source, relativeTo: folder))
        case .value(let value):
            return value
        case .text(let text):
            switch field?.kind {
            case .checkbox:
                let word = text.trimmingCharacters(in: .whitespaces).lowercased()
                if ticked.contains(word) { return .checked(true) }
                if unticked.contains(word) { return .checked(false) }
                return .text(text)
            case .signature, .initials:
                if text.hasPrefix(typedPrefix) { return .typed(String(text.dropFirst(typedPrefix.count))) }
                return .image(resolve(text, relativeTo: folder))
            case .image:
                return .image(resolve(text, relativeTo: folder))
            default:
                return .text(text)
            }
        }
    }

    /// Why an image value cannot be used, checked before any work so a dry run finds it: it
    /// must come from where `images` allows, and a file it names must be readable.
    package static func problem(with value: StampValue, images: ImageSources) -> String? {
        if let reason = images.problem(with: value) { return reason }
        guard case .image(let source) = value, !source.hasPrefix("data:") else { return nil }
        return FileManager.default.isReadableFile(atPath: source) ? nil : "the image file \(source) cannot be read"
    }

    /// A path relative to `folder` (absolute, standardized) made absolute, `.` and `..` resolved.
    /// A plain one (no empty, `.` or `..` part) is joined as text, which is what the URL way
    /// answers for it too: that way asks the file system about the path, about 10 us of every
    /// batch row with an image.
    private static func resolve(_ source: String, relativeTo folder: String) -> String {
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("data:"), !trimmed.hasPrefix("/") else { return trimmed }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) {
            return folder.hasSuffix("/") ? folder + trimmed : folder + "/" + trimmed
        }
        return URL(fileURLWithPath: folder).appendingPathComponent(trimmed).standardized.path
    }
}
