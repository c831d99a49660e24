/// `GET /health`: the service answers.
package struct HealthView: Encodable, Sendable {
    package var status: String

    package init(status: String) { self.status = status }
}
