import ArgumentParser
import Foundation
import SignetModel

package struct Render: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(commandName: "render", abstract: "Render pages to PNG previews.")

    @Argument(help: "The PDF to render.") var file: String
    @Option(help: "Pages to render: all, or a list such as 1,3-5.") var pages = "1"
    @Option(help: "Resolution in dots per inch (default 150).") var dpi: Double?
    @Option(help: "Width in pixels instead of a resolution.") var width: Int?
    @Option(name: .shortAndLong, help: "Output: a .png file for one page, else a directory for page-N.png files.") var output: String
    @Option(help: "Most pixels one page may have; larger previews are scaled down.") var maxPixels = 40_000_000
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var engine: EngineOptions

    package init() {}

    package func validate() throws {
        guard dpi == nil || width == nil else { throw ValidationError("give --dpi or --width, not both") }
        if let dpi, !(dpi >= 1 && dpi <= 2400) { throw ValidationError("--dpi must be between 1 and 2400") }
        if let width, !(width >= 1 && width <= 20_000) { throw ValidationError("--width must be between 1 and 20000") }
        guard maxPixels >= 10_000 else { throw ValidationError("--max-pixels must be at least 10000") }
        _ = try PageSelection(parsing: pages)
    }

    package func run() async throws {
        var limits = engine.limits
        limits.maxPixelsPerPage = maxPixels
        let scale: RenderScale = width.map { .width($0) } ?? .dpi(dpi ?? 150)
        let request = RenderRequest(
            path: file, password: engine.password, pages: try PageSelection(parsing: pages), scale: scale,
            output: output, limits: limits)
        let pool = engine.makePool(reading: [file], writing: [output])
        defer { pool.shutdown() }
        let report: RenderReport
        do {
            report = try await pool.engine(request)
        } catch let error as SignetError {
            throw Output.fail(error, json: json)
        }
        Output.warn(report.warnings)
        if json {
            try Output.json(report)
        } else {
            for p in report.pages { print("page \(p.page): \(p.path) (\(p.width) x \(p.height) px, \(p.dpi) dpi)") }
        }
    }
}
