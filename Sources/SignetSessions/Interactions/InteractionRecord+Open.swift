import SignetModel
import SignetStore

extension InteractionRecord {
    /// The customer may act on a released interaction that is not finished (a failed
    /// payment may be tried again).
    func checkOpen() throws {
        guard [.sent, .opened, .inProgress, .failed].contains(status) else {
            throw SignetError(.conflict, "this \(kind.rawValue) is \(status.rawValue); nothing more can be done with it")
        }
    }
}
