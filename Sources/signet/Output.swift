import ArgumentParser
import Foundation
import SignetModel

/// How commands print results and errors, and which exit status each error class gets.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Reports `error` on stderr (and as JSON on stdout when asked) and exits with its status:
    /// 2 bad request, 3 document refused, 4 a limit or crash stopped the work, 1 anything else.
    static func fail(_ error: SignetError, json: Bool) -> ExitCode {
        if json { try? Output.json(["error": error]) }
        FileHandle.standardError.write(
            Data("signet: \(error.code.rawValue): \(error.field.map { "field \($0): " } ?? "")\(error.message)\n".utf8))
        return ExitCode(status(for: error.code))
    }

    static func status(for code: SignetError.Code) -> Int32 {
        switch code {
        case .invalidInput: return 2
        case .notPDF, .damaged, .encrypted, .tooLarge, .tooManyPages, .xfaOnly: return 3
        case .timeLimit, .memoryLimit, .workerCrashed: return 4
        case .io, .internal: return 1
        }
    }

    static func warn(_ warnings: [Warning]) {
        for w in warnings {
            FileHandle.standardError.write(Data("warning: \(w.code): \(w.message)\n".utf8))
        }
    }
}
