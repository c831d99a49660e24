import SignetModel

/// The one seam between finishing and sealing: every finished PDF (the stamped document, with
/// its field data embedded) and every certificate of completion passes through `seal` before
/// it is stored, and certificates print the seal certificate's `identity`. `signet serve`
/// connects the PAdES sealer here; `unsealed` leaves files as they are and certificates say
/// "not sealed".
public struct FinishedFileSealer: Sendable {
    /// The seal certificate's subject and SHA-256 fingerprint; nil when nothing seals.
    public var identity: CompletionCertificate.Seal?
    /// Seals the PDF at the given path in place (appending its seal as an incremental update).
    public var seal: @Sendable (_ path: String) async throws -> Void

    /// Creates a sealer.
    public init(identity: CompletionCertificate.Seal?, seal: @escaping @Sendable (_ path: String) async throws -> Void) {
        self.identity = identity
        self.seal = seal
    }

    /// No seal configured: files pass unchanged.
    public static let unsealed = FinishedFileSealer(identity: nil) { _ in }
}
