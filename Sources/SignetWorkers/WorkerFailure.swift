import Foundation
import SignetModel

/// Explains why a worker died, from its exit status and the last words on its stderr.
enum WorkerFailure {
    /// Markers that GLib, the C++ runtime and Swift print when an allocation fails.
    static let memoryMarkers = ["failed to allocate", "bad_alloc", "out of memory", "Cannot allocate memory", "memory exhausted"]

    static func classify(status: Int32?, stderr: String, job: EngineJob, memoryMB: Int) -> SignetError {
        let file = job.inputPath
        if memoryMarkers.contains(where: { stderr.localizedCaseInsensitiveContains($0) }) {
            return SignetError(
                .memoryLimit, "\(file): \(job.name) needed more than the worker's \(memoryMB) MiB memory limit and was stopped")
        }
        guard let status else {
            return SignetError(.workerCrashed, "\(file): the worker stopped during \(job.name)")
        }
        let signalNumber = status & 0x7F
        if signalNumber != 0 {
            let name = String(cString: strsignal(signalNumber))
            return SignetError(
                .workerCrashed, "\(file): the PDF library crashed during \(job.name) (\(name)); the document is probably damaged")
        }
        let code = (status >> 8) & 0xFF
        return SignetError(.workerCrashed, "\(file): the worker exited with status \(code) during \(job.name)")
    }
}
