import ArgumentParser
import Foundation
import SignetModel

/// The RFC 3161 time-stamp authority that countersigns seals (PAdES B-T), for every command
/// that seals: `serve` and, with `--seal`, `stamp`, `fill` and `batch`. Without a URL, seals
/// are B-B.
package struct TimeStampOptions: ParsableArguments {
    @Option(name: .customLong("tsa-url"), help: "RFC 3161 time-stamp authority for B-T seals (env SIGNET_TSA_URL); none: B-B seals.")
    package var tsaURL: String? = Environment.string("SIGNET_TSA_URL").flatMap { $0.isEmpty ? nil : $0 }

    @Option(name: .customLong("tsa-timeout"), help: "Seconds one time-stamp may take (env SIGNET_TSA_TIMEOUT).")
    package var tsaTimeout: Double = Environment.double("SIGNET_TSA_TIMEOUT") ?? 10

    package init() {}

    /// A bad URL stops the command before it starts, not at the first seal (`check`, set by
    /// `signet-full`; `signet` hands a command naming an authority over to it, see
    /// `SealOptions.sealer`).
    package func validate() throws {
        try Self.check?(self)
    }

    /// Checks the options' authority, with the seal code (see `CommandSealer`).
    nonisolated(unsafe) package static var check: ((TimeStampOptions) throws -> Void)?
}
