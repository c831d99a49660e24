import Foundation

/// Writes an executable shell script standing in for `signet worker`, for tests of the pool's
/// mechanics (a real worker is exercised by the CLI tests).
func fakeWorker(_ body: String) throws -> String {
    let path = NSTemporaryDirectory() + "fake-worker-\(UUID().uuidString).sh"
    try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
}
