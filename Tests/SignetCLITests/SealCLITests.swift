import Foundation
import Testing

/// `--seal` on `stamp`, `fill` and `batch`, checked with pdfsig and pyHanko against a test PKI
/// made with openssl.
extension CLITests {
    /// A CA and a seal certificate (digitalSignature + nonRepudiation): PEM key, PEM chain and
    /// a PKCS#12 with OpenSSL 3's default encryption.
    func sealPKI(_ dir: String, kind: String) throws {
        let newKey = kind == "rsa" ? "rsa:2048" : "ec -pkeyopt ec_paramgen_curve:P-256"
        let script = """
            openssl req -x509 -newkey \(newKey) -nodes -keyout ca.key -out ca.pem -subj '/CN=CLI \(kind) CA' -days 30 \
                -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
            openssl req -newkey \(newKey) -nodes -keyout seal.key -out seal.csr -subj '/CN=CLI \(kind) seal' 2>/dev/null
            printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,nonRepudiation\\n' > ext.cnf
            openssl x509 -req -in seal.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out seal.pem -days 30 -extfile ext.cnf 2>/dev/null
            cat seal.pem ca.pem > chain.pem
            openssl pkcs12 -export -inkey seal.key -in seal.pem -certfile ca.pem -out seal.p12 -passout pass:pw12
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-ec", script]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    /// pdfsig says the one seal is valid and covers the file; pyHanko, trusting only `ca`, agrees.
    func expectSealed(_ pdf: String, ca: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pdfsig = try Self.tool("pdfsig", ["-nocert", pdf])
        #expect(pdfsig.contains("- Signature Validation: Signature is Valid."), "\(pdfsig)", sourceLocation: sourceLocation)
        #expect(pdfsig.contains("- Total document signed"), "\(pdfsig)", sourceLocation: sourceLocation)
        let pyhanko = try Self.tool(
            "pyhanko", ["sign", "validate", "--trust", ca, "--trust-replace", "--no-revocation-check", "--executive-summary", pdf])
        #expect(pyhanko.contains(":VALID"), "\(pyhanko)", sourceLocation: sourceLocation)
    }

    @Test("stamp --seal with an RSA key and a PEM chain; fill --seal with a PKCS#12")
    func stampAndFillSeal() throws {
        let dir = scratch()
        try sealPKI(dir, kind: "rsa")
        let stamped = try signet(
            "stamp", Self.sample("form.pdf"), "--fields", Self.sample("form.fields.json"), "--values", Self.sample("form.values.json"),
            "-o", dir + "/stamped.pdf", "--seal", "--seal-key", dir + "/seal.key", "--seal-cert", dir + "/chain.pem")
        #expect(stamped.status == 0, "\(stamped.stderr)")
        #expect(stamped.stdout.contains("sealed as Seal1"))
        try expectSealed(dir + "/stamped.pdf", ca: dir + "/ca.pem")

        let filled = try signet(
            "fill", Self.root.appendingPathComponent("Templates/loan-application").path, "--values",
            Self.sample("values/loan-application.json"), "-o", dir + "/filled.pdf", "--seal", "--seal-p12", dir + "/seal.p12",
            "--seal-p12-password", "pw12")
        #expect(filled.status == 0, "\(filled.stderr)")
        try expectSealed(dir + "/filled.pdf", ca: dir + "/ca.pem")
    }

    @Test("batch --seal seals every row's PDF, and the report's SHA-256 is the sealed file's")
    func batchSeal() throws {
        let dir = scratch()
        try sealPKI(dir, kind: "ec")
        try write(([Self.loanColumns] + (1...3).map { Self.loanRow($0) }).joined(separator: "\n") + "\n", dir + "/rows.csv")
        let run = try signet(
            "batch", Self.root.appendingPathComponent("Templates/loan-application").path, "--data", dir + "/rows.csv", "--out",
            dir + "/out", "--jobs", "2", "--no-fsync", "--seal", "--seal-key", dir + "/seal.key", "--seal-cert", dir + "/chain.pem")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try reportLines(dir + "/out")
        #expect(report.count == 3)
        for (_, line) in report {
            let output = dir + "/out/" + (try #require(line["output"] as? String))
            #expect(try sha256(output) == line["sha256"] as? String)
            try expectSealed(output, ca: dir + "/ca.pem")
        }
    }

    @Test("--seal without a key, or with a key that is not the certificate's, fails clearly and writes nothing")
    func sealKeyErrors() throws {
        let dir = scratch()
        try sealPKI(dir, kind: "ec")
        let args = [
            "stamp", Self.sample("form.pdf"), "--fields", Self.sample("form.fields.json"), "--values", Self.sample("form.values.json"),
            "-o", dir + "/out.pdf", "--seal",
        ]
        let none = try signet(args)
        #expect(none.status != 0)
        #expect(none.stderr.contains("--seal needs a key"), "\(none.stderr)")
        let wrong = try signet(args + ["--seal-key", dir + "/ca.key", "--seal-cert", dir + "/seal.pem"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("does not match its certificate"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.pdf"))
    }
}
