import Foundation
import SignetModel

/// A worker started before its command is known: `signet` starts `signet-engine seed` at its first
/// instruction, before it has parsed its arguments or read its inputs, so that the engine's start
/// (loading the PDF libraries, the bulk of a one-page command's time) overlaps the parsing
/// instead of following it.
///
/// A seed is started exactly as a pool starts a worker (`WorkerProcess`: an empty environment, a
/// private folder, no descriptor of ours but its pipes and its stderr file) and becomes exactly
/// what a worker is: it waits for the `WorkerCommand` its pool would have started it with (the
/// memory limit and the folders it may reach), sent on its stdin once the command knows its files
/// (`WorkerPool.adopt`), then confines itself with it (`WorkerLoop.serve`: Landlock, the memory
/// limit, seccomp) before it reads any request, hence before it sees any document. It warms
/// nothing up: its command is waiting by the time it has loaded, so its first job loads what it
/// draws, confined (Landlock lets it read the system's fonts and libraries). When the standby
/// engine runs (see `StandbyEngine`), the seed is forked by it instead, warm.
package final class WorkerSeed: @unchecked Sendable {
    let process: WorkerProcess

    private init(process: WorkerProcess) {
        self.process = process
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started: WorkerSeed?

    /// The seed `start` made, once: the first pool of the command adopts it (`WorkerPool.adopt`).
    package static func take() -> WorkerSeed? {
        lock.withLock {
            defer { started = nil }
            return started
        }
    }

    /// The standby engine to start as this command exits, when it found none (see
    /// `StandbyEngine`).
    nonisolated(unsafe) private static var missingStandby: (engine: String, place: StandbyEngine.Place, idleSeconds: Int)?

    /// Has the standby engine of `executable` fork a warm seed, or, without one, starts
    /// `executable seed`; either is taken later by `take`. Starts nothing when the system
    /// refuses: the pool then starts its worker when it needs one, and reports why it cannot.
    package static func start(executable: String) {
        let idleSeconds = StandbyEngine.idleSeconds
        let place = idleSeconds > 0 ? StandbyEngine.Place(engine: executable) : nil
        let process: WorkerProcess
        if let place, let forked = try? WorkerProcess(standby: place.socket) {
            process = forked
        } else if let started = try? WorkerProcess(executable: executable, arguments: [WorkerCommand.seedName]) {
            process = started
            missingStandby = place.map { (executable, $0, idleSeconds) }
        } else {
            return
        }
        lock.withLock { started = WorkerSeed(process: process) }
        atexit {
            // A command that ends before it takes its seed (a bad argument, `--help`) leaves
            // nothing behind: the seed, released, is killed and its folder and log removed.
            _ = WorkerSeed.take()
            // Started last, so that its warm-up does not compete with this command's work.
            if let (engine, place, idleSeconds) = WorkerSeed.missingStandby {
                StandbyEngine.start(engine: engine, at: place, idleSeconds: idleSeconds)
            }
        }
    }

    /// The seed's side: the command its pool sends; nil when its command ended without one.
    package static func awaitCommand() -> WorkerCommand? {
        guard case .frame(let bytes) = (try? FramedPipe.read(from: 0, deadline: nil)) ?? .endOfFile else { return nil }
        return try? JSONDecoder().decode(WorkerCommand.self, from: Data(bytes))
    }
}
