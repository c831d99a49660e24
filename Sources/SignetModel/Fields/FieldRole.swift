/// Who fills a field: the agent before sending, or the customer before finishing.
package enum FieldRole: String, Codable, Hashable, Sendable, CaseIterable {
    case agent, customer
}
