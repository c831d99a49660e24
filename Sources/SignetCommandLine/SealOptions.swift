import ArgumentParser
import Foundation
import SignetModel
import SignetWorkers

/// `--seal` and the seal key of `stamp`, `fill` and `batch`. The key comes from the options or
/// from SIGNET_SEAL_KEY + SIGNET_SEAL_CERT, or SIGNET_SEAL_P12 + SIGNET_SEAL_P12_PASSWORD;
/// `--seal` without any is an error (the command line never makes a development key).
package struct SealOptions: ParsableArguments {
    @Flag(help: "Seal the written PDF (PAdES; the key from the options below or SIGNET_SEAL_*).")
    package var seal = false

    @Option(name: .customLong("seal-key"), help: "The seal's private key, PEM (env SIGNET_SEAL_KEY).")
    package var key: String?

    @Option(name: .customLong("seal-cert"), help: "The seal certificate, PEM, optionally followed by its chain (env SIGNET_SEAL_CERT).")
    package var certificate: String?

    @Option(name: .customLong("seal-p12"), help: "The seal key and chain as PKCS#12 (env SIGNET_SEAL_P12).")
    package var p12: String?

    @Option(name: .customLong("seal-p12-password"), help: "The PKCS#12 password (env SIGNET_SEAL_P12_PASSWORD).")
    package var p12Password: String?

    /// With a time-stamp authority, the seals are B-T.
    @OptionGroup package var timeStamps: TimeStampOptions

    package init() {}

    package func validate() throws {
        if !seal && (key != nil || certificate != nil || p12 != nil || p12Password != nil) {
            throw ValidationError("--seal-key, --seal-cert and --seal-p12 take effect only with --seal")
        }
    }

    /// The sealer, or nil without `--seal`. Its engine is `pool`'s. `signet` links no seal code
    /// (see `CommandSealer`): a command that seals, or names a time-stamp authority (whose
    /// address `signet-full` checks), is handed over to `signet-full` here, before it has
    /// written anything.
    package func sealer(pool: WorkerPool, limits: EngineLimits) throws -> CommandSealer? {
        guard seal || timeStamps.tsaURL != nil else { return nil }
        guard let make = CommandSealer.make else { Executable.becomeFull() }
        return try make(self, pool, limits)
    }
}

/// What `stamp`, `fill` and `batch` need of a seal. `signet-full` makes it (`make`, set as it
/// starts), with the seal code: SignetTrust and its X.509, TLS and HTTP stack, a third of the
/// protocol conformances in a binary, which every cast at a command's start scans. `signet`
/// leaves all that out, so its commands start faster, and hands a sealing command over.
package struct CommandSealer: Sendable {
    /// Stamps and seals in one job: the stamp's report and the seal's field.
    package var stamp: @Sendable (StampRequest) async throws -> (report: StampReport, field: String)
    /// An engine whose stamp jobs are sealed as they are written.
    package var sealingStamps: @Sendable (EngineRunner) -> EngineRunner

    package init(
        stamp: @escaping @Sendable (StampRequest) async throws -> (report: StampReport, field: String),
        sealingStamps: @escaping @Sendable (EngineRunner) -> EngineRunner
    ) {
        self.stamp = stamp
        self.sealingStamps = sealingStamps
    }

    /// The sealer of these options (nil without `--seal`); nil itself in `signet`.
    nonisolated(unsafe) package static var make: ((SealOptions, WorkerPool, EngineLimits) throws -> CommandSealer?)?
}
