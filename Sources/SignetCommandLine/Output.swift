import ArgumentParser
import Foundation
import SignetModel

/// How commands print results and errors, and which exit status each error class gets.
package enum Output {
    package static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        write(Array(try encoder.encode(value)) + [10], to: 1)
    }

    /// Reports `error` on stderr (and as JSON on stdout when asked) and exits with its status:
    /// 2 bad request, 3 document refused, 4 a limit or crash stopped the work, 1 anything else.
    package static func fail(_ error: SignetError, json: Bool) -> ExitCode {
        if json { try? Output.json(["error": error]) }
        let field = error.field.map { "field \($0): " } ?? ""
        write(Array("signet: \(error.code.rawValue): \(field)\(error.message)\n".utf8), to: 2)
        return ExitCode(status(for: error.code))
    }

    /// Reports every field problem (on stderr, and as `{"problems": [...]}` on stdout with
    /// `--json`) and exits with status 2, a bad request.
    package static func fail(_ problems: FieldProblems, json: Bool) -> ExitCode {
        if json { try? Output.json(problems) }
        write(Array("signet: \(problems)\n".utf8), to: 2)
        return ExitCode(2)
    }

    /// A remark on stderr that is neither an error nor a warning from the engine.
    package static func note(_ message: String) {
        write(Array("note: \(message)\n".utf8), to: 2)
    }

    package static func status(for code: SignetError.Code) -> Int32 {
        switch code {
        case .invalidInput, .conflict, .notFound: return 2
        case .notPDF, .damaged, .encrypted, .tooLarge, .tooManyPages, .xfaOnly: return 3
        case .timeLimit, .memoryLimit, .workerCrashed: return 4
        case .io, .internal, .upstream: return 1
        }
    }

    /// Writes to a file descriptor, treating a closed pipe (`signet inspect --json | head`) as
    /// the end of output; FileHandle traps on it, because the worker pool ignores SIGPIPE.
    private static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    package static func warn(_ warnings: [Warning]) {
        for w in warnings {
            write(Array("warning: \(w.code): \(w.message)\n".utf8), to: 2)
        }
    }
}
