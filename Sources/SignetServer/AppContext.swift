import Hummingbird
import NIOCore
import SignetStore

/// Who is calling: an agent or admin (by cookie or bearer token), or a customer (by their
/// session cookie), or nobody.
enum Caller: Sendable {
    case user(UserRecord, CredentialRecord.Kind, csrf: String?)
    case customer(SessionRecord, csrf: String?)
}

/// The per-request context: the caller, resolved once by `AuthMiddleware`, and the client's
/// address for the session record.
struct AppContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var caller: Caller?
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Uploads and JSON bodies are small here; documents come with the interactions.
    var maxUploadSize: Int { 1 << 20 }

    /// The signed-in agent or admin, or 401.
    func user() throws -> UserRecord {
        guard case .user(let user, _, _) = caller else { throw Problem.unauthorized }
        return user
    }
}
