/// `GET /health`: the service answers, and whether its database does (503 when it does not).
package struct HealthView: Encodable, Sendable {
    package var status: String
    /// `ok`, or `unreachable` while the database does not answer.
    package var database: String

    package init(status: String, database: String) {
        self.status = status
        self.database = database
    }
}
