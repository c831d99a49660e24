import CSignetStandby
import Glibc

/// The standby engine: one `signet-engine standby` per user (and per engine binary), which has
/// loaded and warmed up the PDF libraries and forks a worker for each one-document command that
/// connects to its socket (see `StandbyHost`). A command's worker then starts warm, in about a
/// millisecond, instead of paying for the libraries' load and the fonts' set-up each time (the
/// bulk of a one-page stamp's time).
///
/// Each forked worker is a seed (see `WorkerSeed`) and confines itself exactly as a seed does,
/// with its command's limits and folders, before it reads any request; the standby engine
/// itself never reads a document, so nothing of one command reaches another's worker. A worker
/// lives only as long as its command: when the command ends or closes its connection, the
/// standby engine kills the worker, and it reports how the worker ended on that connection.
///
/// The first command finds no standby engine: it starts its own worker as before and, as it
/// exits, starts the standby engine in a session of its own. That engine ends after
/// `SIGNET_STANDBY_SECONDS` (default 300) without a command; 0 turns the standby engine off.
/// Its socket lives in a folder only its user can enter (`$XDG_RUNTIME_DIR/signet`, else
/// `/tmp/signet-UID`), and it serves only processes of its own user.
package enum StandbyEngine {
    /// How long a standby engine waits for a command before it ends; 0: none is used or started.
    package static var idleSeconds: Int {
        guard let text = getenv("SIGNET_STANDBY_SECONDS") else { return 300 }
        return Int(String(cString: text)).map { max(0, $0) } ?? 300
    }

    /// The files of the standby engine of one engine binary.
    package struct Place: Equatable, Sendable {
        /// Its socket.
        package let socket: String

        /// The file it holds locked while it serves, naming its pid (a second one, started at
        /// the same time, finds it locked and ends at once).
        package var lock: String { stem + ".lock" }
        /// Its home and temporary folder (as a worker's private folder is).
        package var home: String { stem + ".home" }
        /// Its stderr.
        package var log: String { stem + ".log" }

        private var stem: String { String(socket.dropLast(Self.socketSuffix.count)) }
        private static let socketSuffix = ".sock"

        /// The files beside `socket`, which names them.
        package init(socket: String) {
            self.socket = socket
        }

        /// The place of `engine`'s standby engine, for this user; nil when there can be none:
        /// the engine is missing, or the folder is not this user's alone.
        package init?(engine: String) {
            var binary = stat()
            guard stat(engine, &binary) == 0 else { return nil }
            guard let folder = Self.folder() else { return nil }
            // Another binary (an upgrade, another build) or other fonts get a standby engine of
            // their own: a command never talks to an engine it was not built with. So do another
            // mount namespace or root folder (a container, a private /tmp): a worker resolves the
            // command's paths in its standby engine's, which must be the command's.
            var key = "\(binary.st_dev) \(binary.st_ino) \(binary.st_size) \(binary.st_mtim.tv_sec).\(binary.st_mtim.tv_nsec)"
            for view in ["/proc/self/ns/mnt", "/"] {
                var info = stat()
                guard stat(view, &info) == 0 else { return nil }
                key += " \(info.st_dev).\(info.st_ino)"
            }
            for name in WorkerProcess.passedEnvironment {
                key += " \(name)=" + (getenv(name).map { String(cString: $0) } ?? "")
            }
            let socket = folder + "/engine-" + Self.digest(key) + Self.socketSuffix
            // The longest path a Unix socket may have (sun_path holds 108 bytes).
            guard socket.utf8.count < 108 else { return nil }
            self.socket = socket
        }

        /// The user's folder of standby engines, made if missing; nil unless it is a folder
        /// owned by this user that nobody else may enter.
        private static func folder() -> String? {
            let folder: String
            if let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), runtime.hasPrefix("/") {
                folder = runtime + "/signet"
            } else {
                folder = "/tmp/signet-\(getuid())"
            }
            mkdir(folder, 0o700)
            var info = stat()
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(), info.st_mode & 0o077 == 0
            else { return nil }
            return folder
        }

        /// FNV-1a, 64 bits, in hex: a short name, not a secret.
        private static func digest(_ text: String) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            let digits = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }

    /// Starts the standby engine of `engine` at `place` in a session of its own, with a worker's
    /// empty environment; if one already serves there, the new one finds its lock taken and ends.
    package static func start(engine: String, at place: Place, idleSeconds: Int) {
        mkdir(place.home, 0o700)
        let arguments = [
            engine, WorkerCommand.standbyName, "--" + WorkerCommand.Flag.socket, place.socket, "--" + WorkerCommand.Flag.idleSeconds,
            String(idleSeconds), "--" + WorkerCommand.Flag.privateFolder, place.home,
        ]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = WorkerProcess.environment(privateFolder: place.home).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        _ = signet_standby_spawn(engine, argv, envp, place.log)
    }
}
