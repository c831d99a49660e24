import Hummingbird
import SignetModel

extension Request {
    /// A yes/no query parameter (true/false, yes/no, 1/0), or `fallback` when absent.
    func flag(_ name: String, fallback: Bool = false) throws -> Bool {
        guard let raw = uri.queryParameters[Substring(name)]?.lowercased() else { return fallback }
        switch raw {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw SignetError(.invalidInput, "\(name) must be true or false", field: name)
        }
    }
}
