import Glibc
import SignetPDF
import SignetWorkers

/// A seed's warm-up, on both cores (the command, parsing its arguments meanwhile, takes little
/// of either): the fonts on this thread, the one that will perform every job (Pango's font map
/// is per thread); a rehearsed stamp and the worker protocol's first encoding and decoding on a
/// second thread, joined before the seed reads its command: a thread still running when
/// Landlock applies would escape it.
enum SeedWarmUp {
    static func run(rehearsingIn folder: String) {
        final class Folder {
            let path: String
            init(_ path: String) { self.path = path }
        }
        let context = Unmanaged.passRetained(Folder(folder)).toOpaque()
        var rehearsal = pthread_t()
        let started =
            pthread_create(
                &rehearsal, nil,
                { context in
                    let folder = Unmanaged<Folder>.fromOpaque(context!).takeRetainedValue()
                    if let (job, outcome) = Engine.rehearse(in: folder.path) {
                        WorkerLoop.rehearseExchange(of: job, answered: outcome)
                    }
                    return nil
                }, context) == 0
        Engine.warmUp()
        if started {
            pthread_join(rehearsal, nil)
        } else {
            Unmanaged<Folder>.fromOpaque(context).release()
        }
    }
}
