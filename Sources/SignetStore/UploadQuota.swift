import Foundation

/// How many files, and how many bytes in all, one holder of uploads may keep: a document
/// request (the customer's files) or a session (the agent's staged PDFs). Each file is
/// bounded on its own; without this, a holder could be fed files without end.
package struct UploadQuota: Sendable, Hashable {
    /// Most files.
    package var files: Int
    /// Most bytes, all files together.
    package var bytes: Int

    /// Creates a quota.
    package init(files: Int, bytes: Int) {
        self.files = files
        self.bytes = bytes
    }

    /// What a holder keeps now.
    package struct Usage: Sendable, Hashable {
        /// Files held.
        package var files: Int
        /// Their bytes.
        package var bytes: Int
    }

    /// An upload refused because it would not fit (HTTP 413).
    package struct Exceeded: Error, Equatable {
        /// Which quota, in words, and what to do.
        package var reason: String
    }

    /// Throws `Exceeded` when one more file of `size` bytes does not fit beside `usage`.
    package func check(adding size: Int, to usage: Usage) throws {
        if usage.files + 1 > files {
            throw Exceeded(reason: "at most \(files) files may be kept here; replace one instead (replace=<upload id>)")
        }
        if usage.bytes + size > bytes {
            throw Exceeded(reason: "at most \(bytes >> 20) MiB of files may be kept here; \(usage.bytes >> 20) MiB are already")
        }
    }

    /// What the uploads of `interaction` hold among `uploads` (the agent's staged ones when
    /// nil), leaving out `excluding` (a file about to be replaced).
    package static func usage(of uploads: [UploadRecord], interaction: String?, excluding: String?) -> Usage {
        let held = uploads.filter { $0.interactionId == interaction && $0.id != excluding }
        return Usage(files: held.count, bytes: held.reduce(0) { $0 + $1.size })
    }
}
