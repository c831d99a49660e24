import Crypto
import Foundation
import SignetModel

/// Seals PDFs: PAdES B-B, or B-T with a time-stamper. This is the one place where the two
/// halves of a seal meet, for the server and the command line alike:
///
/// 1. an engine worker (which parses the possibly hostile PDF, sandboxed) appends the
///    placeholder update: an invisible signature field whose `/Contents` is a zero-filled gap.
///    A document being stamped gets it from the stamp job itself, in the same update
///    (`stamp(_:)`); a file that exists already (a second seal, a certificate) from a
///    `prepareSeal` job (`seal(_:to:)`);
/// 2. this process, which holds the key, checks the gap, hashes the signed byte range, builds
///    the CMS (`CAdESSignature`) and writes it into the gap in place.
///
/// The private key never enters a worker. Each call appends one more seal; earlier seals stay
/// valid, since a seal only adds a signature field.
package struct DocumentSealer: Sendable {
    /// DER bytes reserved for the CMS: room for a chain, RSA keys and a time-stamp token.
    package static let contentsBytes = 16_384

    /// Who seals.
    package let identity: SealIdentity
    /// Adds a time-stamp (B-T) when given.
    package let timeStamper: (any SignatureTimeStamper)?
    let engine: EngineRunner
    let limits: EngineLimits

    /// A sealer with `identity`, preparing files through `engine`.
    package init(
        identity: SealIdentity, timeStamper: (any SignatureTimeStamper)? = nil, limits: EngineLimits = .init(),
        engine: EngineRunner
    ) {
        self.identity = identity
        self.timeStamper = timeStamper
        self.limits = limits
        self.engine = engine
    }

    /// What a seal produced.
    package struct Seal: Sendable, Hashable {
        /// The sealed PDF.
        package var output: String
        /// The new signature field (`Seal1`, `Seal2`, ...).
        package var field: String
        /// The time written in `/M`.
        package var signedAt: Date
        /// The sealed file's size in bytes.
        package var size: Int
        /// SHA-256 of the sealed file, lowercase hex.
        package var sha256: String
    }

    /// Seals the PDF at `input` into `output` (a new file; `input` is left as it was).
    /// `reason` becomes `/Reason`. With `durable`, the sealed file is flushed to disk.
    package func seal(_ input: String, to output: String, reason: String = "Sealed by Signet", at time: Date = Date(), durable: Bool = true)
        async throws -> Seal
    {
        let request = SealPlaceholderRequest(
            path: input, output: output, signingTime: Self.pdfDate(time), reason: reason, contentsBytes: Self.contentsBytes,
            durable: false, limits: limits)
        let prepared = try await engine(request)
        let sha256 = try await SealedFile(path: output, report: prepared, contentsBytes: Self.contentsBytes).sign(
            identity: identity, timeStamper: timeStamper, durable: durable)
        return Seal(output: output, field: prepared.field, signedAt: time, size: prepared.size, sha256: sha256)
    }

    /// Stamps and seals in one engine job: the stamp job adds the seal's placeholder to the
    /// update it writes to `request.output`, then this process signs the gap in place. The output is flushed
    /// to disk once, sealed, when `request.durable`. A failed seal removes the output, so an
    /// unsealed file never passes for the sealed one asked for.
    package func stamp(_ request: StampRequest, reason: String = "Sealed by Signet", at time: Date = Date())
        async throws -> (report: StampReport, seal: Seal)
    {
        var job = request
        job.seal = SealPlaceholderSpec(signingTime: Self.pdfDate(time), reason: reason, contentsBytes: Self.contentsBytes)
        job.durable = false
        let report = try await engine(job)
        do {
            guard let prepared = report.seal else {
                throw SignetError(.internal, "the stamp job did not prepare the seal it was asked for")
            }
            let sha256 = try await SealedFile(path: report.output, report: prepared, contentsBytes: Self.contentsBytes).sign(
                identity: identity, timeStamper: timeStamper, durable: request.durable)
            return (report, Seal(output: report.output, field: prepared.field, signedAt: time, size: prepared.size, sha256: sha256))
        } catch {
            unlink(report.output)
            throw error
        }
    }

    /// Seals a PDF given as bytes, answering the sealed bytes (for small documents such as a
    /// certificate of completion); the work happens in `scratch`, a folder the engine may use.
    package func seal(bytes: [UInt8], scratch: String, reason: String = "Sealed by Signet", at time: Date = Date())
        async throws -> [UInt8]
    {
        let name = UUID().uuidString
        let input = scratch + "/\(name).pdf"
        let output = scratch + "/\(name).sealed.pdf"
        defer {
            unlink(input)
            unlink(output)
        }
        guard FileManager.default.createFile(atPath: input, contents: Data(bytes)) else {
            throw SignetError(.io, "cannot write the PDF to seal in \(scratch)")
        }
        _ = try await seal(input, to: output, reason: reason, at: time, durable: false)
        guard let sealed = FileManager.default.contents(atPath: output) else {
            throw SignetError(.io, "cannot read the sealed PDF back")
        }
        return Array(sealed)
    }

    /// A PDF date in UTC, `D:YYYYMMDDHHmmSSZ`.
    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "D:%04d%02d%02d%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
