import Glibc
import SignetPDF
import SignetWorkers

// `signet-engine`: the isolated worker process of every engine job, the only process that opens a
// document. A worker pool starts it as `signet-engine worker --memory-mb N --read F --write F
// --private F` (see `WorkerProcess`); `signet` starts it at its first instruction as `signet-engine
// seed --private F`, which loads while the command parses its arguments and then waits for the
// same worker command on stdin (see `WorkerSeed`). Its command line is the pool's own
// (`WorkerCommand`), read back here without an argument parser.

guard let (start, privateFolder) = WorkerCommand.parse(Array(CommandLine.arguments.dropFirst())) else {
    let usage = "usage: signet-engine worker|seed --private FOLDER ... (started by signet itself, not by people)\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
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
}
let access = WorkerAccess(reading: command.access.reading, writing: command.access.writing + (privateFolder.map { [$0] } ?? []))
WorkerLoop.serve(memoryMB: command.memoryMB, access: access, warmUp: warmUp, handler: Engine.perform)
