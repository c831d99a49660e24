import ArgumentParser
import Foundation
import SignetModel
import SignetTemplates

package struct Stamp: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "stamp",
        abstract: "Draw values into fields and write the finished PDF (original structure kept).")

    @Argument(help: "The PDF to fill.") var file: String
    @Option(help: "fields.json: {\"fields\": [{\"id\", \"kind\", \"page\", \"rect\": {x, y, width, height}}]}") var fields: String
    @Option(help: "values.json: an object keyed by field id.") var values: String
    @Option(name: .shortAndLong, help: "The finished PDF to write.") var output: String
    @Option(help: "incremental (append to the untouched original), rewrite, or auto.") var mode: MergeMode = .auto
    @Flag(inversion: .prefixedNo, help: "Flush the finished PDF to disk before moving it into place.") var fsync = true
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var engine: EngineOptions
    @OptionGroup var seal: SealOptions

    package init() {}

    package func run() async throws {
        let fieldList: StampFieldList
        let valueMap: [String: StampValue]
        do {
            fieldList = try JSONInput.read(StampFieldList.self, from: fields, what: "fields")
            valueMap = try JSONInput.read([String: StampValue].self, from: values, what: "values")
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
        guard URL(fileURLWithPath: output).standardized.path != URL(fileURLWithPath: file).standardized.path else {
            throw Output.fail(SignetError(.invalidInput, "the output must not overwrite the input"), json: json)
        }
        let pool = engine.makePool(reading: [file] + EngineOptions.imageFiles(in: valueMap), writing: [output])
        defer { pool.shutdown() }
        let sealer: CommandSealer?
        do {
            sealer = try seal.sealer(pool: pool, limits: engine.limits)
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
        let request = StampRequest(
            path: file, password: engine.password, fields: fieldList.fields, values: valueMap,
            output: output, mode: mode, durable: fsync, limits: engine.limits)
        let report: StampReport
        var sealed = ""
        do {
            if let sealer {
                // One job writes the stamp and the seal's placeholder; the file is flushed once, sealed.
                let result = try await sealer.stamp(request)
                report = result.report
                sealed = ", sealed as " + result.field
            } else {
                report = try await pool.engine(request)
            }
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
        Output.warn(report.warnings)
        if json {
            try Output.json(report)
        } else {
            print("\(report.output): \(report.stampedFields.count) field(s) stamped (\(report.mode.rawValue)\(sealed))")
        }
    }
}

extension MergeMode: ExpressibleByArgument {}

/// Reads a JSON input file, turning decoding failures into messages that name the place.
package enum JSONInput {
    package static func read<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignetError(.io, "cannot read the \(what) file \(path)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw SignetError(.invalidInput, "\(path): \(JSONProblem.describe(error))")
        }
    }
}
