import ArgumentParser
import Foundation
import SignetModel
import SignetTrust
import SignetWorkers

/// `--seal` and the seal key of `stamp`, `fill` and `batch`. The key comes from the options or
/// from SIGNET_SEAL_KEY + SIGNET_SEAL_CERT, or SIGNET_SEAL_P12 + SIGNET_SEAL_P12_PASSWORD;
/// `--seal` without any is an error (the command line never makes a development key).
package struct SealOptions: ParsableArguments {
    @Flag(help: "Seal the written PDF (PAdES; the key from the options below or SIGNET_SEAL_*).")
    package var seal = false

    @Option(name: .customLong("seal-key"), help: "The seal's private key, PEM (env SIGNET_SEAL_KEY).")
    var key: String?

    @Option(name: .customLong("seal-cert"), help: "The seal certificate, PEM, optionally followed by its chain (env SIGNET_SEAL_CERT).")
    var certificate: String?

    @Option(name: .customLong("seal-p12"), help: "The seal key and chain as PKCS#12 (env SIGNET_SEAL_P12).")
    var p12: String?

    @Option(name: .customLong("seal-p12-password"), help: "The PKCS#12 password (env SIGNET_SEAL_P12_PASSWORD).")
    var p12Password: String?

    /// With a time-stamp authority, the seals are B-T.
    @OptionGroup package var timeStamps: TimeStampOptions

    package init() {}

    package func validate() throws {
        if !seal && (key != nil || certificate != nil || p12 != nil || p12Password != nil) {
            throw ValidationError("--seal-key, --seal-cert and --seal-p12 take effect only with --seal")
        }
    }

    /// The sealer, or nil without `--seal`. Its engine is `pool`'s.
    package func sealer(pool: WorkerPool, limits: EngineLimits) throws -> DocumentSealer? {
        guard seal else { return nil }
        let options = SealKeyOptions(key: key, certificate: certificate, p12: p12, p12Password: p12Password)
        let identity: SealIdentity?
        do {
            identity = try options.identity()
        } catch let error as SealKeyError {
            throw SignetError(.invalidInput, "seal key: \(error.description)")
        }
        guard let identity else {
            throw SignetError(
                .invalidInput,
                "--seal needs a key: --seal-key with --seal-cert, or --seal-p12 with --seal-p12-password (or SIGNET_SEAL_KEY and SIGNET_SEAL_CERT, or SIGNET_SEAL_P12)"
            )
        }
        return DocumentSealer(identity: identity, timeStamper: try timeStamps.timeStamper(), limits: limits, engine: pool.engine)
    }
}
