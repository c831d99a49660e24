import Foundation
import NIOConcurrencyHelpers
import SignetModel

/// The PDF each document's previews are rendered from: its preview copy, in which photos stored
/// at far more pixels than the widest preview shows are downscaled (Poppler decodes a JPEG at
/// full size however small it is drawn), or the document itself when nothing needed that or the
/// copy could not be made. Decided once per document by a job in a sandboxed worker and kept
/// in the document's preview folder: `preview.pdf`, or an empty `original` marker. Documents
/// are stored by content, so a new version of a document has a new folder and a new copy.
/// The copy is only ever rendered: the document served, stamped and sealed is the original.
final class PreviewCopies: Sendable {
    static let copyName = "preview.pdf"
    static let originalMarker = "original"

    /// Copies being made now, by document folder, so concurrent first previews wait for one job.
    private let making = NIOLockedValueBox<[String: Task<String?, Never>]>([:])

    /// The file to render previews of `pdf` from; `folder` is the document's preview folder
    /// (existing), `widest` the widest preview in pixels.
    func source(of pdf: String, in folder: String, widest: Int, engine: EngineRunner, limits: EngineLimits) async -> String {
        let copy = "\(folder)/\(Self.copyName)"
        let marker = "\(folder)/\(Self.originalMarker)"
        let files = FileManager.default
        if files.fileExists(atPath: copy) { return copy }
        if files.fileExists(atPath: marker) { return pdf }
        let task = making.withLockedValue { making -> Task<String?, Never> in
            if let running = making[folder] { return running }
            let task = Task<String?, Never> {
                let request = PreviewCopyRequest(path: pdf, output: copy, maxWidth: widest, limits: limits)
                // A file the copy cannot be made of (encrypted, repaired, a hostile image) is
                // previewed from the original, as before: the copy only saves time.
                let made = (try? await engine(request))?.output
                if made == nil { files.createFile(atPath: marker, contents: nil) }
                return made
            }
            making[folder] = task
            return task
        }
        let made = await task.value
        making.withLockedValue { _ = $0.removeValue(forKey: folder) }
        return made ?? pdf
    }
}
