import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SignetModel
import SignetPDF
import SignetServer
import SignetSessions
import SignetStore

/// A server over an in-memory store, with fast bcrypt and a scratch outbox folder, plus
/// helpers to call it as different people.
struct TestServer {
    let services: SignetServices
    let configuration: ServerConfiguration
    let admin: UserRecord
    let agent: UserRecord
    let otherAgent: UserRecord
    static let password = "correct-horse-battery"

    /// A server with `payments`; its database is a file (`databasePath`) when `onDisk`, to
    /// look at the bytes that reach the disk.
    init(
        payments: any PaymentProvider = SandboxPayments(), onDisk: Bool = false, configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = NSTemporaryDirectory() + "signet-server-\(UUID().uuidString)"
        configuration.publicBaseURL = "http://signet.test"
        configuration.deliversOutbox = false
        configuration.templatesDirectory = Samples.root + "/Templates"
        configuration.publicDirectory = Samples.root + "/Public"
        configure(&configuration)
        configuration.databaseURL = try await TestDatabase.scratch()
        self.configuration = configuration
        // The same wiring as `signet serve`, with the in-process engine, fast bcrypt and, unless
        // `onDisk`, a temporary database.
        var bootstrap = Bootstrap(configuration: configuration, engine: EngineRunner { job, _ in Engine.perform(job) })
        bootstrap.payments = payments
        bootstrap.inMemory = !onDisk
        bootstrap.bcryptCost = 4
        services = try await bootstrap.start()
        admin = try await services.accounts.create(email: "admin@example.com", name: "Admin", role: .admin, password: Self.password)
        agent = try await services.accounts.create(email: "agent@example.com", name: "Agent", role: .agent, password: Self.password)
        otherAgent = try await services.accounts.create(email: "other@example.com", name: "Other", role: .agent, password: Self.password)
    }

    /// A second instance beside `first`, as another `signet serve` on the same PostgreSQL
    /// database and the same (shared) data folder would be: its own services and background
    /// state, the same accounts.
    init(beside first: TestServer) async throws {
        configuration = first.configuration
        var bootstrap = Bootstrap(configuration: configuration, engine: EngineRunner { job, _ in Engine.perform(job) })
        bootstrap.bcryptCost = 4
        services = try await bootstrap.start()
        admin = first.admin
        agent = first.agent
        otherAgent = first.otherAgent
    }

    /// The database file of an `onDisk` server.
    var databasePath: String { configuration.dataDirectory + "/signet.sqlite" }

    var app: some ApplicationProtocol { buildApplication(services: services) }

    func token(_ user: UserRecord) async throws -> String { try await services.accounts.issueAPIToken(for: user, label: "test").token }

    /// The invitation files written so far, oldest first.
    func outbox() throws -> [[String: String]] {
        let dir = configuration.dataDirectory + "/outbox"
        // Files being written are hidden (".name.tmp") until they are renamed into place.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map {
            try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)))
        }
    }
}

extension TestClientProtocol {
    /// A JSON request as `token`'s owner (or anonymous), answering the status and the JSON body.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], headers: HTTPFields) {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, object, response.headers)
        }
    }
}
