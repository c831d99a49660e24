import Crypto
import Foundation
import SignetFiles
import SwiftASN1
import X509

/// The seal identity a server uses until it is given a real one: a development CA and a seal
/// certificate it issued (ECDSA P-256; keyUsage digitalSignature + nonRepudiation), made on
/// first start in `<data>/keys/` and reused afterwards. Validators trust such seals only when
/// told to trust the published chain; a production service configures its own key.
package enum DevelopmentCA {
    /// The seal key file in the keys folder.
    package static let keyFile = "seal-key.pem"
    /// The chain file (seal certificate, then the development CA) in the keys folder.
    package static let chainFile = "seal-chain.pem"

    /// The identity kept in `folder`, made there first when it is missing; `created` says which.
    /// The folder is private to the service (0700) and the files 0600.
    package static func identity(in folder: String, now: Date = Date()) throws -> (identity: SealIdentity, created: Bool) {
        let keyPath = folder + "/" + keyFile
        let chainPath = folder + "/" + chainFile
        let manager = FileManager.default
        // Both there: made before, and whole (each file appears at once, see `store`). Only one
        // there: another instance is making them now, or one died in between; the lock tells.
        if manager.fileExists(atPath: keyPath) && manager.fileExists(atPath: chainPath) {
            return (try SealIdentity.pem(keyFile: keyPath, certificateFile: chainPath), false)
        }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(folder, 0o700)
        // Instances starting together over one shared data folder: one makes the identity under
        // the folder's lock (the kernel's, released when the file closes or the process dies),
        // the others wait for it and then read what it wrote.
        let lock = open(folder + "/.create.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw SealKeyError("cannot lock \(folder): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw SealKeyError("cannot lock \(folder): \(String(cString: strerror(errno)))") }
        // Under the lock, one file without the other is what an instance that died while making
        // them left: reading it fails and names the missing file.
        if manager.fileExists(atPath: keyPath) || manager.fileExists(atPath: chainPath) {
            return (try SealIdentity.pem(keyFile: keyPath, certificateFile: chainPath), false)
        }
        let identity = try issue(now: now)
        try store(identity.key.pemRepresentation, at: keyPath)
        try store(identity.chainPEM, at: chainPath)
        return (identity, true)
    }

    /// A fresh development CA and a seal certificate it signs. The CA's key is not kept: the
    /// CA exists only to issue this one certificate.
    static func issue(now: Date) throws -> SealIdentity {
        let caKey = P256.Signing.PrivateKey()
        let sealKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            CommonName("Signet development CA")
            OrganizationName("Signet (development, not for production)")
        }
        let sealName = try DistinguishedName {
            CommonName("Signet development seal")
            OrganizationName("Signet (development, not for production)")
        }
        let caPublic = Certificate.PublicKey(caKey.publicKey)
        let sealPublic = Certificate.PublicKey(sealKey.publicKey)
        let start = now.addingTimeInterval(-3600)
        let ca = try Certificate(
            version: .v3, serialNumber: serialNumber(), publicKey: caPublic, notValidBefore: start,
            notValidAfter: now.addingTimeInterval(20 * 365 * 86400), issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: caPublic)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        let seal = try Certificate(
            version: .v3, serialNumber: serialNumber(), publicKey: sealPublic, notValidBefore: start,
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400), issuer: caName, subject: sealName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                SubjectKeyIdentifier(hash: sealPublic)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: caPublic).keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        return try SealIdentity(key: .p256(sealKey), certificates: [seal, ca])
    }

    /// 16 random bytes, top bit clear: a positive INTEGER of at most 16 octets. (swift-certificates'
    /// random serial has 20 bytes and becomes 21 octets when its top bit is set, which Poppler's
    /// NSS rejects, failing the seal's validation in pdfsig.)
    private static func serialNumber() -> Certificate.SerialNumber {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        bytes[0] = bytes[0] & 0x7f | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }

    /// Writes `text` beside `path`, flushed, then links it into place and flushes the folder: a
    /// reader never sees the file half written, and an existing file is never replaced (the
    /// link fails).
    private static func store(_ text: String, at path: String) throws {
        let aside = path + ".new"
        unlink(aside)  // a leftover of an instance that died here, under the same lock
        let fd = open(aside, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SealKeyError("cannot create \(aside): \(String(cString: strerror(errno)))") }
        defer { unlink(aside) }
        let bytes = Array(text.utf8)
        let written = write(fd, bytes, bytes.count) == bytes.count && fsync(fd) == 0
        close(fd)
        guard written, link(aside, path) == 0 else {
            throw SealKeyError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        // The link lives in the folder: flushed too, or a power cut could lose the key, and the
        // next start would make another while documents sealed with this one are out.
        AtomicFile.flushFolder(of: path)
    }
}
