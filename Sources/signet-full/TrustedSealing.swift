import ArgumentParser
import SignetCommandLine
import SignetModel
import SignetTrust
import SignetWorkers

/// The seal code of `stamp`, `fill` and `batch` (see `CommandSealer`), which `signet` leaves out:
/// installed as this binary starts.
enum TrustedSealing {
    static func install() {
        TimeStampOptions.check = { options in
            do { _ = try options.timeStamper() } catch let error as SignetError { throw ValidationError(error.message) }
        }
        CommandSealer.make = sealer
    }

    /// The sealer of `options`, or nil without `--seal`. Its engine is `pool`'s. The key comes
    /// from the options or from SIGNET_SEAL_KEY + SIGNET_SEAL_CERT, or SIGNET_SEAL_P12 +
    /// SIGNET_SEAL_P12_PASSWORD; `--seal` without any is an error (the command line never makes a
    /// development key).
    private static func sealer(_ options: SealOptions, pool: WorkerPool, limits: EngineLimits) throws -> CommandSealer? {
        guard options.seal else { return nil }
        let keys = SealKeyOptions(key: options.key, certificate: options.certificate, p12: options.p12, p12Password: options.p12Password)
        let identity: SealIdentity?
        do {
            identity = try keys.identity()
        } catch let error as SealKeyError {
            throw SignetError(.invalidInput, "seal key: \(error.description)")
        }
        guard let identity else {
            throw SignetError(
                .invalidInput,
                "--seal needs a key: --seal-key with --seal-cert, or --seal-p12 with --seal-p12-password (or SIGNET_SEAL_KEY and SIGNET_SEAL_CERT, or SIGNET_SEAL_P12)"
            )
        }
        let sealer = DocumentSealer(
            identity: identity, timeStamper: try options.timeStamps.timeStamper(), limits: limits, engine: pool.engine)
        return CommandSealer(
            stamp: { request in
                let result = try await sealer.stamp(request)
                return (result.report, result.seal.field)
            },
            sealingStamps: { sealer.sealingStamps(of: $0) })
    }
}

extension TimeStampOptions {
    /// The client of the configured authority, or nil when none is configured.
    func timeStamper() throws -> TimeStampClient? {
        guard let tsaURL else { return nil }
        return try TimeStampClient(url: tsaURL, timeout: tsaTimeout)
    }
}
