import Foundation
import SignetFiles
import SignetModel

/// The `textTags` job: finds every `{{...}}` tag with Poppler (the text a reader extracts),
/// removes the tags' text from the page content (`TextTagEraser`), and then checks the result
/// with Poppler again. A tag covered by a white box would still be found by search and
/// copy-paste, so only a copy from which Poppler extracts no tag at all counts as done.
struct TextTagRemoval {
    let request: TextTagRequest

    func run() throws -> TextTagReport {
        let bytes = try FileBytes(path: request.path, limits: request.limits)
        let document = try PopplerDocumentHandle(bytes: bytes, password: request.password, file: request.path)
        try EnginePolicy.admit(
            pageCount: document.pageCount, xfaOnly: false, forStamping: false, file: request.path, limits: request.limits)
        let tags = try Self.tags(in: document)
        guard !tags.isEmpty else {
            // Poppler owns the bytes read above now; copy the file itself, unchanged.
            guard let original = FileManager.default.contents(atPath: request.path) else {
                throw SignetError(.io, "cannot read \(request.path)")
            }
            try AtomicFile.write(Array(original), to: request.output)
            return TextTagReport(tags: [], output: request.output)
        }
        let temp = AtomicFile.temporaryPath(for: request.output)
        defer { unlink(temp) }
        let erased = try TextTagEraser.erase(input: request.path, password: request.password, output: temp)
        if let stuck = erased.unresolved.first {
            throw SignetError(
                .invalidInput, "a text tag on page \(stuck.page) cannot be removed from the page's content: \(stuck.reason)")
        }
        let check = try PopplerDocumentHandle(bytes: FileBytes(path: temp, limits: request.limits), password: request.password, file: temp)
        if let left = try Self.tags(in: check).first {
            throw SignetError(.invalidInput, "the text tag \(left.text) on page \(left.page) cannot be removed from the page's content")
        }
        try AtomicFile.commit(temp, to: request.output)
        return TextTagReport(tags: tags, output: request.output)
    }

    private static func tags(in document: PopplerDocumentHandle) throws -> [FoundTextTag] {
        var tags: [FoundTextTag] = []
        for number in 1...max(document.pageCount, 1) where number <= document.pageCount {
            tags += try document.page(number).textTags().map { FoundTextTag(page: number, text: $0.text, rect: $0.rect) }
        }
        return tags
    }
}
