import Foundation
import SignetFiles
import SignetModel

/// A template as stored on disk: `Templates/<slug>/template.json` plus `document.pdf`, read
/// together with the content hash that identifies this exact version.
package struct TemplateFolder: Sendable {
    /// The folder.
    package var directory: String
    /// The parsed `template.json`.
    package var definition: TemplateDefinition
    /// Slug, version and content hash.
    package var identity: TemplateIdentity

    /// The template's PDF.
    package var documentPath: String { directory + "/document.pdf" }

    /// Slugs are folder names and URL parts: lowercase letters, digits and dashes.
    package static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 80 && slug.first != "-"
            && slug.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Reads the template in `directory`. Errors name the file and what is wrong with it.
    package static func load(_ directory: String) throws -> TemplateFolder {
        let directory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let slug = URL(fileURLWithPath: directory).lastPathComponent
        let jsonPath = directory + "/template.json"
        guard let json = FileManager.default.contents(atPath: jsonPath) else {
            throw SignetError(.io, "\(directory) is not a template: \(jsonPath) cannot be read")
        }
        guard FileManager.default.fileExists(atPath: directory + "/document.pdf") else {
            throw SignetError(.io, "\(directory) is not a template: document.pdf is missing")
        }
        let definition: TemplateDefinition
        do {
            definition = try JSONDecoder().decode(TemplateDefinition.self, from: json)
        } catch {
            throw SignetError(.invalidInput, "\(jsonPath): \(JSONProblem.describe(error))")
        }
        let hash = try contentHash(json: json, document: directory + "/document.pdf")
        return TemplateFolder(
            directory: directory, definition: definition,
            identity: TemplateIdentity(slug: slug, version: definition.version, contentHash: hash))
    }

    /// Writes a template: the definition as `template.json` and a copy of `document` as
    /// `document.pdf`, each atomically, then reads it back.
    package static func write(_ definition: TemplateDefinition, document: String, to directory: String) throws -> TemplateFolder {
        let slug = URL(fileURLWithPath: directory).lastPathComponent
        guard isValidSlug(slug) else {
            throw SignetError(.invalidInput, "'\(slug)' is not a template slug: use lowercase letters, digits and dashes")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let pdf = FileManager.default.contents(atPath: document) else {
            throw SignetError(.io, "cannot read \(document)")
        }
        try AtomicFile.write(Array(pdf), to: directory + "/document.pdf")
        try AtomicFile.write(encode(definition), to: directory + "/template.json")
        return try load(directory)
    }

    /// `template.json` as people read it in review: indented, keys sorted (JSONEncoder does not
    /// keep the coding order on Linux), so the same definition always gives the same bytes.
    package static func encode(_ definition: TemplateDefinition) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(definition)) + [10]
    }

    /// `sha256:` and the SHA-256 of the two files' digests written as `sha256sum` prints them,
    /// so `(cd Templates/x && sha256sum template.json document.pdf | sha256sum)` reproduces it.
    static func contentHash(json: Data, document: String) throws -> String {
        let manifest = "\(FileDigest.sha256(json))  template.json\n\(try FileDigest.sha256(file: document))  document.pdf\n"
        return "sha256:" + FileDigest.sha256(Array(manifest.utf8))
    }
}

/// Turns JSON decoding errors into one line naming the place.
package enum JSONProblem {
    /// A message for `error`, naming the key path where decoding failed.
    package static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return "not valid JSON: \(error)"
        }
    }

    private static func path(_ path: [CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
