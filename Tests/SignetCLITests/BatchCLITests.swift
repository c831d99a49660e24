import Foundation
import Testing

extension CLITests {
    static let loanColumns =
        "loan_reference,offer_date,agent_name,loan_amount,term,interest_rate,full_name,date_of_birth,email,phone,repayment_frequency,agree_terms,customer_signature"

    /// A valid row of the loan application; the signature is typed, so rows stay cheap.
    static func loanRow(_ n: Int, email: String? = nil, name: String? = nil) -> String {
        let person = name ?? "Customer \(n)"
        return
            "LN-\(String(format: "%06d", n)),2026-11-18,Daniel Brandt,\(1000 + n),36 months,6.9,\"\(person)\",1988-03-14,\(email ?? "c\(n)@example.com"),+447700900123,monthly,yes,typed:\(person)"
    }

    /// The data file's rows by number (1-based), from `report.jsonl`.
    func reportLines(_ folder: String) throws -> [Int: [String: Any]] {
        let text = try String(contentsOfFile: folder + "/report.jsonl", encoding: .utf8)
        var lines: [Int: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let row = try #require(object["row"] as? Int)
            #expect(lines[row] == nil, "row \(row) is reported twice")
            lines[row] = object
        }
        return lines
    }

    func sha256(_ path: String) throws -> String {
        String(try Self.tool("sha256sum", [path]).prefix(64))
    }

    static func tool(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("batch: 20 CSV rows; good rows become PDFs with the reported hash, each bad row is reported with its problems")
    func batch() throws {
        let dir = scratch()
        var rows = (1...20).map { Self.loanRow($0) }
        rows[3] = Self.loanRow(4, email: "amara.example.com")  // invalid email
        rows[8] = Self.loanRow(9, name: "")  // the required name (and typed signature) missing
        rows[14] += ",surplus"  // one cell more than the header: a column no field has
        try write("\u{FEFF}" + ([Self.loanColumns] + rows).joined(separator: "\r\n") + "\r\n", dir + "/rows.csv")

        let run = try signet(
            "batch", Self.root.appendingPathComponent("Templates/loan-application").path, "--data", dir + "/rows.csv", "--out",
            dir + "/out", "--jobs", "2", "--no-fsync", "--pin", "on")  // jobs pinned to CPUs on any machine
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stdout.contains("20 row(s): 17 written, 3 failed"))
        #expect(run.stderr.contains("row 4 (line 5): email (Email address): 'amara.example.com' is not an email address"))
        #expect(run.stderr.contains("batch: 20/20 rows"))

        let report = try reportLines(dir + "/out")
        #expect(report.count == 20)
        let email = try #require(report[4]?["problems"] as? [[String: String]])
        #expect(
            email == [
                ["field": "email", "label": "Email address", "reason": "'amara.example.com' is not an email address (name@example.com)"]
            ])
        let missing = try #require(report[9]?["problems"] as? [[String: String]])
        #expect(missing.map { $0["field"] } == ["full_name", "customer_signature"])
        #expect(missing.allSatisfy { $0["reason"] == "this field is required" || $0["reason"] == "the typed signature is empty" })
        let surplus = try #require(report[15]?["error"] as? [String: Any])
        #expect((surplus["message"] as? String)?.contains("the row has 14 cells but the header names 13 columns") == true)
        for (row, line) in report where ![4, 9, 15].contains(row) {
            #expect(line["status"] as? String == "written")
            let output = try #require(line["output"] as? String)
            #expect(output == String(format: "row-%06d.pdf", row))
            #expect(try sha256(dir + "/out/" + output) == line["sha256"] as? String)
        }
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 17)
        #expect(try Self.tool("pdftotext", [dir + "/out/row-000007.pdf", "-"]).contains("Customer 7"))

        // A header column that fills no field stops the batch before any row.
        try write(Self.loanColumns + ",colour\n" + Self.loanRow(1) + ",teal\n", dir + "/colour.csv")
        let colour = try signet(
            "batch", Self.root.appendingPathComponent("Templates/loan-application").path, "--data", dir + "/colour.csv", "--out",
            dir + "/colour")
        #expect(colour.status == 2 && colour.stderr.contains("column 'colour' is not a field id of the template"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/colour"))
    }

    @Test("batch --dry-run checks every row and writes only the report")
    func batchDryRun() throws {
        let dir = scratch()
        let rows = [Self.loanColumns, Self.loanRow(1), Self.loanRow(2, email: "nope")]
        try write(rows.joined(separator: "\n"), dir + "/rows.csv")
        let run = try signet(
            "batch", Self.root.appendingPathComponent("Templates/loan-application").path, "--data", dir + "/rows.csv", "--out",
            dir + "/out", "--dry-run", "--json")
        #expect(run.status == 2)
        #expect(run.json?["valid"] as? Int == 1 && run.json?["failed"] as? Int == 1 && run.json?["dryRun"] as? Bool == true)
        let report = try reportLines(dir + "/out")
        #expect(report[1]?["status"] as? String == "valid" && report[1]?["output"] as? String == "row-000001.pdf")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".pdf") }.isEmpty)
    }

    @Test("batch --resume after a kill -9 finishes the rest, skips the done rows, and leaves no temporary file")
    func batchResume() throws {
        let dir = scratch()
        let count = 60
        try write(([Self.loanColumns] + (1...count).map { Self.loanRow($0) }).joined(separator: "\n"), dir + "/rows.csv")
        let template = Self.root.appendingPathComponent("Templates/loan-application").path

        // Kill the run once it has reported a few rows (whatever it is doing at that moment).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["batch", template, "--data", dir + "/rows.csv", "--out", dir + "/out", "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: dir + "/out/report.jsonl", encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count >= 5 { break }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        sleep(2)  // the orphaned worker notices its parent is gone within a second

        // Damage what the killed run left, as a crash could: a row's PDF lost, a line cut short.
        let before = try reportLines(dir + "/out")
        let done = before.filter { $0.value["status"] as? String == "written" }.keys.sorted()
        #expect(done.count >= 5)
        try FileManager.default.removeItem(atPath: dir + "/out/" + (before[done[0]]!["output"] as! String))
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/out/report.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"row":"#.utf8))
        try handle.close()

        let resumed = try signet(
            "batch", template, "--data", dir + "/rows.csv", "--out", dir + "/out", "--jobs", "1", "--resume", "--json")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.json?["skipped"] as? Int == done.count - 1)
        #expect(resumed.json?["written"] as? Int == count - done.count + 1)
        let report = try reportLines(dir + "/out")
        #expect(report.count == count)
        for (_, line) in report {
            let output = try #require(line["output"] as? String)
            #expect(try sha256(dir + "/out/" + output) == line["sha256"] as? String)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/out")
        #expect(left.filter { $0.hasSuffix(".tmp") }.isEmpty, "\(left)")
        #expect(left.filter { $0.hasSuffix(".pdf") }.count == count)
    }
}
