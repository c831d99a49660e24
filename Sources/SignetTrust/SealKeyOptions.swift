import Foundation

/// The seal key as `signet serve` and the command line are told it: a PEM key and certificate
/// (chain) file, or a PKCS#12 file and its password. Command-line values win over the
/// environment (`SIGNET_SEAL_KEY`, `SIGNET_SEAL_CERT`, `SIGNET_SEAL_P12`,
/// `SIGNET_SEAL_P12_PASSWORD`).
package struct SealKeyOptions: Sendable {
    package var key: String?
    package var certificate: String?
    package var p12: String?
    package var p12Password: String?

    package init(key: String? = nil, certificate: String? = nil, p12: String? = nil, p12Password: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        func given(_ value: String?, _ variable: String) -> String? {
            let chosen = value ?? environment[variable]
            return chosen?.isEmpty == false ? chosen : nil
        }
        self.key = given(key, "SIGNET_SEAL_KEY")
        self.certificate = given(certificate, "SIGNET_SEAL_CERT")
        self.p12 = given(p12, "SIGNET_SEAL_P12")
        self.p12Password = p12Password ?? environment["SIGNET_SEAL_P12_PASSWORD"]
    }

    /// Whether any key was named at all.
    package var isEmpty: Bool { key == nil && certificate == nil && p12 == nil }

    /// The identity named, nil when none is; half a configuration is an error saying what is missing.
    package func identity() throws -> SealIdentity? {
        if let p12 {
            guard key == nil && certificate == nil else {
                throw SealKeyError("give either a PKCS#12 file or a key and certificate, not both")
            }
            return try SealIdentity.pkcs12(file: p12, password: p12Password ?? "")
        }
        switch (key, certificate) {
        case (nil, nil): return nil
        case (let key?, let certificate?): return try SealIdentity.pem(keyFile: key, certificateFile: certificate)
        case (nil, _): throw SealKeyError("a seal certificate was given without its key (SIGNET_SEAL_KEY or --seal-key)")
        case (_, nil): throw SealKeyError("a seal key was given without its certificate (SIGNET_SEAL_CERT or --seal-cert)")
        }
    }
}
