import Foundation
import GRDB

/// How many files, and how many bytes in all, one holder of uploads may keep: a document
/// request (the customer's files) or a session (the agent's staged PDFs). Each file is
/// bounded on its own; without this, a holder could be fed files without end.
public struct UploadQuota: Sendable, Hashable {
    /// Most files.
    public var files: Int
    /// Most bytes, all files together.
    public var bytes: Int

    /// Creates a quota.
    public init(files: Int, bytes: Int) {
        self.files = files
        self.bytes = bytes
    }

    /// What a holder keeps now.
    public struct Usage: Sendable, Hashable {
        /// Files held.
        public var files: Int
        /// Their bytes.
        public var bytes: Int
    }

    /// An upload refused because it would not fit (HTTP 413).
    public struct Exceeded: Error, Equatable {
        /// Which quota, in words, and what to do.
        public var reason: String
    }

    /// Throws `Exceeded` when one more file of `size` bytes does not fit beside `usage`.
    public func check(adding size: Int, to usage: Usage) throws {
        if usage.files + 1 > files {
            throw Exceeded(reason: "at most \(files) files may be kept here; replace one instead (replace=<upload id>)")
        }
        if usage.bytes + size > bytes {
            throw Exceeded(reason: "at most \(bytes >> 20) MiB of files may be kept here; \(usage.bytes >> 20) MiB are already")
        }
    }

    /// What the uploads of `interaction` hold (the agent's staged ones in `session` when nil),
    /// leaving out `excluding` (a file about to be replaced).
    static func usage(_ db: Database, interaction: String?, session: String, excluding: String?) throws -> Usage {
        // `IS` matches NULL too: the staged uploads have no interaction, and no exclusion
        // excludes nothing.
        let row = try Row.fetchOne(
            db, sql: "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM upload WHERE sessionId = ? AND interactionId IS ? AND id IS NOT ?",
            arguments: [session, interaction, excluding])
        let files: Int = row?[0] ?? 0
        let bytes: Int = row?[1] ?? 0
        return Usage(files: files, bytes: bytes)
    }
}
