import ArgumentParser
import SignetPDF

/// Regenerates `SampleDocs/` from code, so every sample is ours and reproducible.
struct MakeSamples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-samples", abstract: "Write the sample PDFs of SampleDocs/ (for developers).", shouldDisplay: false)

    @Argument(help: "Directory to write into.") var directory = "SampleDocs"

    func run() throws {
        for path in try SampleDocuments.write(to: directory) { print(path) }
    }
}
