import CLinux
import CSeccomp
import Foundation
import SignetModel

/// Confines a worker process, which opens documents from anyone: a PDF that exploits a bug in
/// Poppler, qpdf or a font library runs its code with the worker's rights only, and those are
/// made as small as the engine allows. Three layers, each independent of the others:
///
/// - an empty environment and a private folder (`WorkerProcess`): no secret of the server
///   (SMTP/SMS credentials, the admin password) reaches a worker;
/// - Landlock (`confineFiles`): the worker reads the system files the engine needs and the
///   folders its owner declared, writes only the declared output folders and its private folder,
///   and cannot signal processes outside its sandbox (the server among them);
/// - seccomp (`forbidEscapes`): no network or local sockets, no exec, no tracing of other processes.
enum WorkerSandbox {
    /// Variables a worker's environment may hold (set by `WorkerProcess.environment`).
    static let allowedEnvironment: Set<String> = ["HOME", "TMPDIR", "FONTCONFIG_FILE", "FONTCONFIG_PATH"]

    /// What the engine reads from the system once the worker is confined: libraries loaded on
    /// demand (iconv's gconv modules, GIO modules) under /usr and /lib; fonts, Poppler's
    /// encoding data and time zones under /usr/share; fontconfig's configuration and caches; the
    /// time zone; the dynamic linker's cache. Missing paths are skipped.
    static let systemReading = [
        "/usr", "/lib", "/lib64", "/etc/fonts", "/etc/ld.so.cache", "/etc/localtime", "/var/cache/fontconfig", "/dev/urandom",
    ]
    /// /dev/null is opened for writing by libraries that silence a stream.
    static let systemWriting = ["/dev/null"]

    /// Whether the environment holds nothing beyond `allowedEnvironment`.
    static var environmentIsEmpty: Bool {
        Set(ProcessInfo.processInfo.environment.keys).isSubset(of: allowedEnvironment)
    }

    /// The kernel's Landlock ABI version (0: none).
    static var landlockABI: Int { Int(signet_landlock_abi()) }

    // Landlock's file access rights (linux/landlock.h).
    private static let execute: UInt64 = 1 << 0
    private static let writeFile: UInt64 = 1 << 1
    private static let readFile: UInt64 = 1 << 2
    private static let readDir: UInt64 = 1 << 3
    private static let removeDir: UInt64 = 1 << 4
    private static let removeFile: UInt64 = 1 << 5
    private static let makeDir: UInt64 = 1 << 7
    private static let makeRegular: UInt64 = 1 << 8
    private static let refer: UInt64 = 1 << 13  // ABI 2: rename or link between folders
    private static let truncate: UInt64 = 1 << 14  // ABI 3
    private static let ioctlDevice: UInt64 = 1 << 15  // ABI 5
    /// Rights that apply to a file (the others apply to folders only).
    private static let fileRights = execute | writeFile | readFile | truncate | ioctlDevice
    // Landlock scopes (ABI 6): abstract Unix sockets and signals stop at the sandbox's edge.
    private static let scopes: UInt64 = 1 << 0 | 1 << 1

    /// Confines the calling thread, and every thread and process it starts later, to `access`
    /// plus the system files the engine reads. Landlock confines only the thread that asks, so
    /// this runs first, on the worker's main thread, before any other thread exists. Returns
    /// whether Landlock is now enforced, and why not when it is not.
    static func confineFiles(_ access: WorkerAccess) -> (enforced: Bool, note: String?) {
        let abi = landlockABI
        guard abi >= 1 else {
            return (false, "the kernel has no Landlock (it is off or older than 5.13), so file access is not confined")
        }
        // Every right this ABI knows is handled, hence denied unless a rule grants it.
        var handled: UInt64 = (1 << 13) - 1
        if abi >= 2 { handled |= refer }
        if abi >= 3 { handled |= truncate }
        if abi >= 5 { handled |= ioctlDevice }
        let read = readFile | readDir
        let write = (read | writeFile | removeDir | removeFile | makeDir | makeRegular | refer | truncate) & handled
        // Anything that fails below leaves the worker unconfined: refuse only after every rule is in.
        guard signet_no_new_privs() == 0 else { return (false, "no_new_privs was refused: \(Self.error())") }
        let ruleset = signet_landlock_create(handled, abi >= 6 ? scopes : 0, Int32(abi))
        guard ruleset >= 0 else { return (false, "Landlock refused the ruleset: \(Self.error())") }
        defer { close(ruleset) }
        let rules = (systemReading + access.reading).map { ($0, read) } + (systemWriting + access.writing).map { ($0, write) }
        for (path, rights) in rules {
            let fd = signet_open_path(path)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { continue }
            let isFolder = info.st_mode & S_IFMT == S_IFDIR
            guard signet_landlock_allow(ruleset, fd, isFolder ? rights : rights & fileRights) == 0 else {
                return (false, "Landlock refused the rule for \(path): \(Self.error())")
            }
        }
        guard signet_landlock_restrict(ruleset) == 0 else { return (false, "Landlock refused to confine the worker: \(Self.error())") }
        return (true, nil)
    }

    /// System calls a confined worker never needs: each answers EPERM, so a library that tries
    /// one gets an ordinary error it can report (and the job fails as a classified error, not a
    /// crash); a killed worker would add nothing, since the code that made the call could do
    /// anything else it is still allowed to. Loaded after the warm-up, for every thread of the
    /// worker at once (TSYNC).
    ///
    /// - `socket`, every family: the engine (Poppler, qpdf, cairo, Pango, fontconfig) opens none
    ///   (checked with strace on stamping and rendering), so a network connection can only be an
    ///   attack; `AF_UNIX` is refused too, since it reaches local services (a database's socket,
    ///   D-Bus, a container runtime). The one Unix socket a worker tries is glibc asking nscd for
    ///   a user name (a file owner's, while a stamp is written); refused, like the password file
    ///   under Landlock, it changes nothing in the output. `socketpair` stays: it connects only
    ///   to itself.
    /// - `execve`, `execveat`: a worker never starts a program; this also closes the route
    ///   around every other restriction through a fresh program.
    /// - `io_uring_setup`: io_uring performs socket and file operations without passing through
    ///   this filter.
    /// - `ptrace`, `process_vm_readv`, `process_vm_writev`: another process of the same user
    ///   (the server, with its secrets in memory) must not be read or changed.
    static func forbidEscapes() -> Bool {
        guard let filter = seccomp_init(SCMP_ACT_ALLOW) else { return false }
        defer { seccomp_release(filter) }
        guard seccomp_attr_set(filter, SCMP_FLTATR_CTL_TSYNC, 1) == 0 else { return false }
        let refused = ["socket", "execve", "execveat", "io_uring_setup", "ptrace", "process_vm_readv", "process_vm_writev"]
        for name in refused {
            let number = seccomp_syscall_resolve_name(name)
            guard number >= 0,
                seccomp_rule_add_array(filter, signet_seccomp_errno(UInt16(EPERM)), number, 0, nil) == 0
            else { return false }
        }
        return seccomp_load(filter) == 0
    }

    private static func error() -> String { String(cString: strerror(errno)) }
}
