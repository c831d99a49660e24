import Crypto
import Foundation
import SignetModel
import SignetTrust
import SwiftASN1
import Synchronization
import Testing

/// Seals checked by pdfsig and pyHanko, with every kind of key the service accepts.
@Suite struct SealTests {
    @Test func developmentSealPassesBothValidators() async throws {
        let dir = SealFixtures.scratch()
        let (identity, created) = try DevelopmentCA.identity(in: dir + "/keys")
        #expect(created)
        let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
        let seal = try await sealer.seal(SealFixtures.samples + "/letter.pdf", to: dir + "/sealed.pdf")
        #expect(seal.field == "Seal1")
        let sealed = try Data(contentsOf: URL(fileURLWithPath: dir + "/sealed.pdf"))
        #expect(seal.sha256 == SHA256.hash(data: sealed).map { String(format: "%02x", $0) }.joined())
        #expect(seal.size == sealed.count)
        // The original bytes are untouched: the seal is appended.
        let original = try Data(contentsOf: URL(fileURLWithPath: SealFixtures.samples + "/letter.pdf"))
        #expect(sealed.prefix(original.count) == original)
        try identity.chainPEM.write(toFile: dir + "/chain.pem", atomically: true, encoding: .utf8)
        try Validators.expectValid(dir + "/sealed.pdf", seals: 1, chain: dir + "/chain.pem")
        let qpdf = try SealFixtures.run("qpdf", ["--check", dir + "/sealed.pdf"])
        #expect(qpdf.status == 0, "\(qpdf.output)")
    }

    @Test func developmentKeysAreReusedAndPrivate() throws {
        let dir = SealFixtures.scratch()
        let (first, created) = try DevelopmentCA.identity(in: dir + "/keys")
        let (again, createdAgain) = try DevelopmentCA.identity(in: dir + "/keys")
        #expect(created && !createdAgain)
        #expect(first.fingerprint == again.fingerprint)
        #expect(first.chain.count == 2)
        let usage = try #require(try first.certificate.extensions.keyUsage)
        #expect(usage.digitalSignature && usage.nonRepudiation)
        let attributes = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try attributes(dir + "/keys") == 0o700)
        #expect(try attributes(dir + "/keys/" + DevelopmentCA.keyFile) == 0o600)
        #expect(try attributes(dir + "/keys/" + DevelopmentCA.chainFile) == 0o600)
    }

    /// Instances starting at once over one shared data folder get one development identity, and
    /// none of them reads it half written (one once read the key before its certificate was
    /// there, and did not start). Threads of their own, each opening the lock as a process would.
    @Test func developmentKeysMadeOnceWhenAskedAtOnce() throws {
        for _ in 0..<12 {
            let dir = SealFixtures.scratch()
            let made = Mutex<[Result<(String, Bool), any Error>]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                let result = Result { try DevelopmentCA.identity(in: dir + "/keys") }.map { ($0.identity.fingerprint, $0.created) }
                made.withLock { $0.append(result) }
            }
            let answers = try made.withLock { try $0.map { try $0.get() } }
            #expect(Set(answers.map(\.0)).count == 1 && answers.filter(\.1).count == 1, "\(answers)")
        }
    }

    /// Customer, then agent: the second seal keeps the first valid, on a plain PDF, on one with
    /// an AcroForm text field, and on one whose cross-references are a stream.
    @Test(arguments: ["letter", "form", "xrefstream"])
    func twoSealsStayValid(sample: String) async throws {
        let dir = SealFixtures.scratch()
        var input = SealFixtures.samples + "/\(sample).pdf"
        if sample == "xrefstream" {
            input = dir + "/xrefstream.pdf"
            try SealFixtures.sh("qpdf --object-streams=generate '\(SealFixtures.samples)/letter.pdf' '\(input)'", in: dir)
            #expect(try String(contentsOfFile: input, encoding: .isoLatin1).contains("/Type /XRef"))
        }
        let (identity, _) = try DevelopmentCA.identity(in: dir + "/keys")
        let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
        _ = try await sealer.seal(input, to: dir + "/one.pdf")
        let second = try await sealer.seal(dir + "/one.pdf", to: dir + "/two.pdf")
        #expect(second.field == "Seal2")
        try identity.chainPEM.write(toFile: dir + "/chain.pem", atomically: true, encoding: .utf8)
        try Validators.expectValid(dir + "/two.pdf", seals: 2, chain: dir + "/chain.pem")
        if sample == "form" {
            // The form's own field is still there next to the seals.
            let fields = try SealFixtures.run("qpdf", ["--json", "--json-key=acroform", dir + "/two.pdf"]).output
            #expect(fields.contains("\"fullname\": \"Seal2\""))
            #expect(fields.components(separatedBy: "\"fullname\"").count - 1 > 2)
        }
    }

    /// The CMS is PAdES B-B: signing-certificate-v2 binding the seal certificate, no signing-time.
    @Test func cmsHasTheBaselineAttributes() async throws {
        let dir = SealFixtures.scratch()
        let (identity, _) = try DevelopmentCA.identity(in: dir + "/keys")
        let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
        _ = try await sealer.seal(SealFixtures.samples + "/letter.pdf", to: dir + "/sealed.pdf")
        let cms = try SealedPDF(path: dir + "/sealed.pdf").lastSignature()
        let attributes = try CMSInspection.signedAttributes(cms)
        let types = attributes.map(\.type)
        #expect(types.contains([1, 2, 840, 113_549, 1, 9, 3]))  // content-type
        #expect(types.contains([1, 2, 840, 113_549, 1, 9, 4]))  // message-digest
        #expect(types.contains([1, 2, 840, 113_549, 1, 9, 16, 2, 47]))  // signing-certificate-v2
        #expect(!types.contains([1, 2, 840, 113_549, 1, 9, 5]))  // no signing-time
        #expect(types.count == 3)
        let ess = try #require(attributes.first { $0.type == [1, 2, 840, 113_549, 1, 9, 16, 2, 47] })
        let leafHash = SHA256.hash(data: try CMSInspection.der(identity.certificate)).map { $0 }
        #expect(try CMSInspection.essCertificateHash(ess.value) == leafHash)
    }

    /// A real key: RSA or P-256, PEM with its chain in one file, or PKCS#12 as OpenSSL 3 writes it.
    @Test(arguments: ["rsa", "ec"])
    func configuredKeysSeal(kind: String) async throws {
        let dir = SealFixtures.scratch()
        try OpenSSLPKI.make(in: dir, kind: kind)
        let pem = try SealIdentity.pem(keyFile: dir + "/seal.key", certificateFile: dir + "/chain.pem")
        let p12 = try SealIdentity.pkcs12(file: dir + "/seal.p12", password: "s3cret pass")
        #expect(pem.fingerprint == p12.fingerprint)
        #expect(pem.subject.contains("Test \(kind) seal"))
        #expect(p12.chain.count == 2)
        for (name, identity) in [("pem", pem), ("p12", p12)] {
            let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
            _ = try await sealer.seal(SealFixtures.samples + "/form.pdf", to: dir + "/\(name).pdf")
            try Validators.expectValid(dir + "/\(name).pdf", seals: 1, chain: dir + "/ca.pem")
        }
    }

    @Test func unusableKeysAreRefusedClearly() throws {
        let dir = SealFixtures.scratch()
        try OpenSSLPKI.make(in: dir, kind: "ec")
        try SealFixtures.sh(
            """
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.csr -subj '/CN=Other' 2>/dev/null
            printf 'keyUsage=critical,digitalSignature\\n' > signonly.cnf
            openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out signonly.pem -days 30 -extfile signonly.cnf 2>/dev/null
            openssl pkcs12 -export -inkey seal.key -in seal.pem -certfile ca.pem -out legacy.p12 -passout pass:pw \
                -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 2>/dev/null
            """, in: dir)
        let mismatch = #expect(throws: SealKeyError.self) {
            try SealIdentity.pem(keyFile: dir + "/other.key", certificateFile: dir + "/chain.pem")
        }
        #expect(mismatch?.description.contains("does not match its certificate") == true)
        let usage = #expect(throws: SealKeyError.self) {
            try SealIdentity.pem(keyFile: dir + "/other.key", certificateFile: dir + "/signonly.pem")
        }
        #expect(usage?.description.contains("nonRepudiation") == true)
        let password = #expect(throws: SealKeyError.self) { try SealIdentity.pkcs12(file: dir + "/seal.p12", password: "wrong") }
        #expect(password?.description.contains("password is wrong") == true)
        let legacy = #expect(throws: SealKeyError.self) { try SealIdentity.pkcs12(file: dir + "/legacy.p12", password: "pw") }
        #expect(legacy?.description.contains("openssl pkcs12") == true)
        let missing = #expect(throws: SealKeyError.self) {
            try SealIdentity.pem(keyFile: dir + "/nothing.key", certificateFile: dir + "/chain.pem")
        }
        #expect(missing?.description.contains("cannot read") == true)
    }

    @Test func hostileInputIsRefusedByTheEngine() async throws {
        let dir = SealFixtures.scratch()
        let (identity, _) = try DevelopmentCA.identity(in: dir + "/keys")
        let sealer = DocumentSealer(identity: identity, engine: SealFixtures.engine)
        try Data("not a pdf at all".utf8).write(to: URL(fileURLWithPath: dir + "/junk.pdf"))
        let error = await #expect(throws: SignetError.self) { try await sealer.seal(dir + "/junk.pdf", to: dir + "/out.pdf") }
        #expect(error?.code == .notPDF)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.pdf"))
    }
}

/// A test PKI made with openssl: a CA and a seal certificate (keyUsage digitalSignature +
/// nonRepudiation), as PEM (key, chain) and as a PKCS#12 with OpenSSL 3's default encryption.
enum OpenSSLPKI {
    static func make(in dir: String, kind: String) throws {
        let newKey = kind == "rsa" ? "rsa:2048" : "ec -pkeyopt ec_paramgen_curve:P-256"
        try SealFixtures.sh(
            """
            openssl req -x509 -newkey \(newKey) -nodes -keyout ca.key -out ca.pem -subj '/CN=Test \(kind) CA' -days 30 \
                -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
            openssl req -newkey \(newKey) -nodes -keyout seal.key -out seal.csr -subj '/CN=Test \(kind) seal/O=Signet tests' 2>/dev/null
            printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,nonRepudiation\\n' > ext.cnf
            openssl x509 -req -in seal.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out seal.pem -days 30 -extfile ext.cnf 2>/dev/null
            cat seal.pem ca.pem > chain.pem
            openssl pkcs12 -export -inkey seal.key -in seal.pem -certfile ca.pem -out seal.p12 -passout 'pass:s3cret pass'
            """, in: dir)
    }
}
