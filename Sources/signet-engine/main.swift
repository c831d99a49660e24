import Glibc
import SignetPDF
import SignetWorkers

// `signet-engine`: the isolated worker process of every engine job, the only process that opens a
// document. A worker pool starts it as `signet-engine worker --memory-mb N --read F --write F
// --private F` (see `WorkerProcess`); `signet` starts it at its first instruction as `signet-engine
// seed --private F`, which loads while the command parses its arguments and then waits for the
// same worker command on stdin (see `WorkerSeed`), or, when the standby engine (`signet-engine
// standby --socket S --idle-seconds N --private F`, see `StandbyEngine`) runs, has it fork a warm
// seed. Its command line is the pool's own (`WorkerCommand`), read back here without an argument
// parser.

guard let (start, given) = WorkerCommand.parse(Array(CommandLine.arguments.dropFirst())) else {
    let usage = "usage: signet-engine worker|seed|standby --private FOLDER ... (started by signet itself, not by people)\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
var privateFolder = given
var standby = false
let command: WorkerCommand
let warmUp: () -> Void
switch start {
case .worker(let given):
    // A pool starts its workers ahead of their jobs: the warm-up fills the wait.
    command = given
    warmUp = Engine.warmUp
case .seed:
    // A seed is the command's critical path: by the time it has loaded, its command is waiting,
    // so a warm-up would only delay the job, which loads just what it draws.
    guard let sent = WorkerSeed.awaitCommand() else { exit(0) }
    command = sent
    warmUp = {}
case .standby(let socket, let idleSeconds):
    // Returns only in a worker it forked, warm, for a command: a seed of that command.
    // It rehearses a whole stamp, render and inspection in its own folder first, so that its
    // workers' first jobs cost what a warm worker's do.
    let home = given ?? "/tmp"
    privateFolder = StandbyHost.serve(socket: socket, idleSeconds: idleSeconds) { Engine.rehearse(in: home) }
    guard let sent = WorkerSeed.awaitCommand() else { exit(0) }
    command = sent
    warmUp = {}
    standby = true
}
let access = WorkerAccess(reading: command.access.reading, writing: command.access.writing + (privateFolder.map { [$0] } ?? []))
WorkerLoop.serve(memoryMB: command.memoryMB, access: access, standby: standby, warmUp: warmUp, handler: Engine.perform)
