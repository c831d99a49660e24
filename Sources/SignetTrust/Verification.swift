import Foundation

/// The finished document a file was recorded as.
package struct RecordedDocument: Codable, Hashable, Sendable {
    package var session: String
    package var interaction: String
    package var finishedAt: Date?

    package init(session: String, interaction: String, finishedAt: Date?) {
        self.session = session
        self.interaction = interaction
        self.finishedAt = finishedAt
    }
}

/// What the record said about a file's SHA-256.
package enum RecordLookup: Sendable {
    /// No record was at hand (the CLI without `--data`).
    case notConsulted
    case notFound
    case found(RecordedDocument)
}

/// The answer of `signet verify` and `POST /api/v1/verify`.
package struct Verification: Codable, Sendable {
    package enum Verdict: String, Codable, Sendable {
        /// Every seal is valid, the last covers the whole file, and the file is byte for byte
        /// the one recorded as finished.
        case intact
        /// The file has seals and something about it is not as sealed or as recorded.
        case altered
        /// Nothing can be said: no seals, a file this service never recorded, or no record.
        case unknown
    }

    package var verdict: Verdict
    /// Why, in one sentence.
    package var reason: String
    package var seals: [SealCheck]
    package var document: RecordedDocument?
    /// SHA-256 (hex) of the file.
    package var sha256: String

    /// Judges `examination` against the record. A file whose seals are all sound but which
    /// the record does not hold is "altered" when one of its seals was made with one of
    /// `sealCertificates` (SHA-256 hex of this service's seal certificates: every file it
    /// seals is recorded, so its seal on an unrecorded file means the file was changed outside
    /// the signed bytes or cut back to an earlier revision) and "unknown" otherwise.
    package static func judge(_ examination: SealExamination, record: RecordLookup, sealCertificates: Set<String>) -> Verification {
        var answer = Verification(verdict: .altered, reason: "", seals: examination.seals, document: nil, sha256: examination.sha256)
        if let problem = examination.problem {
            answer.reason = problem
            return answer
        }
        guard !examination.seals.isEmpty else {
            answer.verdict = .unknown
            answer.reason = "the file has no seals"
            return answer
        }
        if let (index, broken) = examination.seals.enumerated().first(where: { !$0.element.valid }) {
            answer.reason = "seal \(index + 1): \(broken.problem ?? "not valid")"
            return answer
        }
        switch record {
        case .found(let document):
            answer.verdict = .intact
            answer.document = document
            answer.reason = "every seal is valid and the file is the one recorded as finished"
        case .notConsulted:
            answer.verdict = .unknown
            answer.reason = "every seal is valid, but no record was consulted to confirm this is the finished file"
        case .notFound:
            let ours = examination.seals.contains { $0.certificateSHA256.map(sealCertificates.contains) ?? false }
            if ours {
                answer.reason =
                    "the file carries this service's seal but is not the file recorded as finished (changed outside the signed bytes, or cut back to an earlier revision)"
            } else {
                answer.verdict = .unknown
                answer.reason = "this service never recorded this file as finished, and its seals are not this service's"
            }
        }
        return answer
    }
}
