import Foundation
import Logging
import NIOConcurrencyHelpers
import SignetModel
import SignetTemplates

/// The templates agents pick from: every folder under the templates directory (the
/// repository's `Templates/` by default), read from disk on each listing so an edited
/// template shows at once. Checked templates (fields placed against the document) are kept by
/// content hash, so a template is inspected once per version.
package struct TemplateLibrary: Sendable {
    package let directory: String
    let engine: EngineRunner
    let limits: EngineLimits
    let logger: Logger
    private let checked = NIOLockedValueBox<[String: CheckedTemplate]>([:])

    init(directory: String, engine: EngineRunner, limits: EngineLimits, logger: Logger) {
        self.directory = directory
        self.engine = engine
        self.limits = limits
        self.logger = logger
    }

    /// Templates whose name, slug, folder or description contains `search`, in `folder` if
    /// given, sorted by folder then name. A folder that does not load is logged and left out.
    package func list(search: String?, folder: String?) -> [TemplateFolder] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let query = search?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return names.sorted().compactMap { name -> TemplateFolder? in
            guard TemplateFolder.isValidSlug(name), FileManager.default.fileExists(atPath: "\(directory)/\(name)/template.json") else {
                return nil
            }
            do {
                return try TemplateFolder.load("\(directory)/\(name)")
            } catch {
                logger.warning("template \(name) left out: \(error)")
                return nil
            }
        }
        .filter { template in
            let d = template.definition
            let inFolder = folder.map { d.folder.caseInsensitiveCompare($0) == .orderedSame } ?? true
            let text = [template.identity.slug, d.name, d.folder, d.description].joined(separator: "\n").lowercased()
            return inFolder && (query.isEmpty || text.contains(query))
        }
        .sorted { ($0.definition.folder, $0.definition.name) < ($1.definition.folder, $1.definition.name) }
    }

    /// Whether there is a template `slug` (without reading it).
    package func exists(_ slug: String) -> Bool {
        TemplateFolder.isValidSlug(slug) && FileManager.default.fileExists(atPath: "\(directory)/\(slug)/template.json")
    }

    /// The template `slug`, checked against its document; 404 for an unknown slug.
    package func template(_ slug: String) async throws -> CheckedTemplate {
        guard exists(slug) else {
            throw SignetError(.notFound, "there is no template '\(slug)'")
        }
        let folder = try TemplateFolder.load("\(directory)/\(slug)")
        if let hit = checked.withLockedValue({ $0[folder.identity.contentHash] }) { return hit }
        var template = try await TemplateChecker(engine: engine, limits: limits).check(folder)
        // A template folder is the operator's, but the server still draws no image from a
        // path: such a prefill makes the template unusable here until it holds a data: URL.
        template.problems += ImageSources.dataURLsOnly.problems(template.fields)
        checked.withLockedValue { $0[folder.identity.contentHash] = template }
        return template
    }
}
