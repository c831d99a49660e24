import SignetStore

extension UploadQuota {
    /// Checks that one more file of `size` bytes fits beside `usage`; 413 naming the quota
    /// otherwise.
    func admit(_ size: Int, beside usage: Usage) throws {
        do {
            try check(adding: size, to: usage)
        } catch let refused as Exceeded {
            throw refused.problem
        }
    }

    /// Runs `add` (a store call that checks the quota in its transaction), answering 413 when
    /// a file uploaded in parallel took the room first.
    static func mapped<T>(_ add: () async throws -> T) async throws -> T {
        do {
            return try await add()
        } catch let refused as Exceeded {
            throw refused.problem
        }
    }
}

extension UploadQuota.Exceeded {
    var problem: Problem { Problem(.contentTooLarge, "upload-quota", "The upload quota is used up", detail: reason) }
}
