import Foundation
import Testing

extension CLITests {
    func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    @Test("template new imports form fields with roles and required flags; template check reports problems per field")
    func templateNewAndCheck() throws {
        let dir = scratch() + "/sample-form"
        let made = try signet(
            "template", "new", Self.sample("form.pdf"), "--from-form-fields", "-o", dir, "--agent", "email", "--required",
            "full_name,email",
            "--folder", "Samples", "--json")
        #expect(made.status == 0, "\(made.stderr)")
        let fields = try #require(made.json?["fields"] as? [[String: Any]])
        #expect(fields.count == 6)
        let email = try #require(fields.first { $0["id"] as? String == "email" })
        #expect(email["role"] as? String == "agent" && email["required"] as? Bool == true)
        #expect((made.json?["identity"] as? [String: Any])?["contentHash"] as? String != nil)
        #expect(try signet("template", "new", Self.sample("form.pdf"), "--from-form-fields", "-o", dir).status == 2)  // exists

        let ok = try signet("template", "check", dir)
        #expect(ok.status == 0 && ok.stdout.contains("ok, 6 field(s), sha256:"))

        // Break it: one field off the page, one with a pattern that does not compile.
        let json = try String(contentsOfFile: dir + "/template.json", encoding: .utf8)
        let broken = json.replacingOccurrences(of: "\"page\" : 1", with: "\"page\" : 4")
        try write(broken, dir + "/template.json")
        let bad = try signet("template", "check", dir, "--json")
        #expect(bad.status == 2)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [[String: Any]])
        let problems = try #require(reports.first?["problems"] as? [[String: Any]])
        #expect(problems.count == 6)
        #expect(problems.first?["reason"] as? String == "page 4 does not exist: the document has 1 page")
        #expect(problems.first?["field"] as? String != nil && problems.first?["label"] as? String != nil)
    }

    @Test("fill validates the stage's values, prints every problem and writes nothing; then writes the PDF")
    func fill() throws {
        let dir = scratch()
        let template = dir + "/sample-form"
        #expect(
            try signet(
                "template", "new", Self.sample("form.pdf"), "--from-form-fields", "-o", template, "--agent", "email", "--required",
                "email,full_name"
            )
            .status == 0)
        try write(#"{"full_name": "Amara", "ghost": 1}"#, dir + "/send.json")
        let refused = try signet("fill", template, "--values", dir + "/send.json", "--stage", "send", "-o", dir + "/out.pdf")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("full_name: this field is for the customer to fill"))
        #expect(refused.stderr.contains("ghost: there is no field with this id"))
        #expect(refused.stderr.contains("email: this field is required"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.pdf"))

        try write(#"{"email": "amara@example.com"}"#, dir + "/send.json")
        let sent = try signet("fill", template, "--values", dir + "/send.json", "--stage", "send", "-o", dir + "/sent.pdf", "--json")
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.json?["stampedFields"] as? [String] == ["email"])

        let missing = try signet("fill", template, "--values", dir + "/send.json", "-o", dir + "/out.pdf", "--json")
        #expect(missing.status == 2)
        let problems = try #require(missing.json?["problems"] as? [[String: Any]])
        #expect(problems.map { $0["field"] as? String } == ["full_name", "birth_date", "agree"])

        try write(
            #"{"email": "amara@example.com", "full_name": "Amara Okafor", "birth_date": "1988-03-14", "agree": true}"#, dir + "/all.json")
        let done = try signet("fill", template, "--values", dir + "/all.json", "-o", dir + "/out.pdf")
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("5 field(s) stamped at finish"))
        // A finished document carries its field data; one filled for sending does not.
        #expect(try Self.tool("pdfdetach", ["-list", dir + "/out.pdf"]).contains("signet-fields.json"))
        #expect(!(try Self.tool("pdfdetach", ["-list", dir + "/sent.pdf"]).contains("signet-fields.json")))
        _ = try Self.tool("pdfdetach", ["-savefile", "signet-fields.json", "-o", dir + "/fields.json", dir + "/out.pdf"])
        let data = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/fields.json"))) as? [String: Any]
        let values = Dictionary(
            uniqueKeysWithValues: ((data?["fields"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["value"]) })
        #expect(values["full_name"] as? String == "Amara Okafor" && values["agree"] as? Bool == true)
        #expect((data?["document"] as? [String: Any])?["template"] as? String == "sample-form")
    }
}

extension CLITests {
    @Test("template new --from-text-tags writes the tagged fields and a document without the tags")
    func templateFromTags() throws {
        let dir = scratch() + "/service-agreement"
        let run = try signet("template", "new", Self.sample("tagged.pdf"), "--from-text-tags", "-o", dir, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let fields = try #require(run.json?["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["id"] as? String == "customer_sig" && $0["required"] as? Bool == true })
        #expect(try signet("template", "check", dir).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", dir + "/document.pdf", "-"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(!text.contains("{{") && !text.isEmpty)
    }
}
