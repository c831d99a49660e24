import Foundation
import SignetModel

/// A worker's test of its own sandbox: it tries what the sandbox must refuse (and the reads its
/// owner asks for, granted or not) and reports what the system answered. `signet serve` and
/// `signet inspect` show the result, and the tests attack through it.
enum SandboxProbe {
    static func run(_ request: SandboxProbeRequest, status: SandboxStatus) -> SandboxProbeReport {
        var attempts: [SandboxProbeReport.Attempt] = []
        func record(_ action: String, failed: Bool) {
            let reason = failed ? String(cString: strerror(errno)) : nil
            attempts.append(.init(action: action, refused: failed && (errno == EPERM || errno == EACCES), error: reason))
        }
        for (name, family) in [("AF_INET", AF_INET), ("AF_INET6", AF_INET6), ("AF_UNIX", AF_UNIX), ("AF_NETLINK", AF_NETLINK)] {
            let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            record("socket \(name)", failed: fd < 0)
            if fd >= 0 { close(fd) }
        }
        // Through posix_spawn, so that an exec the sandbox lets through replaces a child, not this worker.
        var child: pid_t = 0
        let argv = [strdup("/bin/true"), nil]
        defer { free(argv[0]) }
        let spawned = posix_spawn(&child, "/bin/true", nil, nil, argv, [nil])
        errno = spawned
        record("exec /bin/true", failed: spawned != 0)
        if spawned == 0 {
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
        for path in request.readPaths {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            record("read \(path)", failed: fd < 0)
            if fd >= 0 { close(fd) }
        }
        return SandboxProbeReport(
            status: status, environment: ProcessInfo.processInfo.environment.keys.sorted(), attempts: attempts)
    }
}
