import ArgumentParser
import Foundation
import SignetModel
import SignetTrust

/// The RFC 3161 time-stamp authority that countersigns seals (PAdES B-T), for every command
/// that seals: `serve` and, with `--seal`, `stamp`, `fill` and `batch`. Without a URL, seals
/// are B-B.
package struct TimeStampOptions: ParsableArguments {
    @Option(name: .customLong("tsa-url"), help: "RFC 3161 time-stamp authority for B-T seals (env SIGNET_TSA_URL); none: B-B seals.")
    package var tsaURL: String? = Environment.string("SIGNET_TSA_URL").flatMap { $0.isEmpty ? nil : $0 }

    @Option(name: .customLong("tsa-timeout"), help: "Seconds one time-stamp may take (env SIGNET_TSA_TIMEOUT).")
    package var tsaTimeout: Double = Environment.double("SIGNET_TSA_TIMEOUT") ?? 10

    package init() {}

    /// A bad URL stops the command before it starts, not at the first seal.
    package func validate() throws {
        do { _ = try timeStamper() } catch let error as SignetError { throw ValidationError(error.message) }
    }

    /// The client of the configured authority, or nil when none is configured.
    package func timeStamper() throws -> TimeStampClient? {
        guard let tsaURL else { return nil }
        return try TimeStampClient(url: tsaURL, timeout: tsaTimeout)
    }
}
