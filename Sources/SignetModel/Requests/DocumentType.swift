import Foundation

/// The kinds of file an agent can ask a customer for, searchable by name.
package struct DocumentType: Codable, Hashable, Sendable {
    /// Stable id, e.g. `passport`.
    package var id: String
    /// What the customer sees.
    package var label: String

    /// Creates a type.
    package init(id: String, label: String) {
        self.id = id
        self.label = label
    }

    /// The catalogue. `other` needs a free label from the agent.
    package static let catalogue: [DocumentType] = [
        DocumentType(id: "idCard", label: "ID card"),
        DocumentType(id: "passport", label: "Passport"),
        DocumentType(id: "drivingLicence", label: "Driving licence"),
        DocumentType(id: "proofOfAddress", label: "Proof of address"),
        DocumentType(id: "payslip", label: "Payslip"),
        DocumentType(id: "bankStatement", label: "Bank statement"),
        DocumentType(id: "other", label: "Other"),
    ]

    /// Types whose id or label contains `query`, case-insensitively; all for an empty query.
    package static func search(_ query: String?) -> [DocumentType] {
        guard let query = query?.trimmingCharacters(in: .whitespaces).lowercased(), !query.isEmpty else { return catalogue }
        return catalogue.filter { $0.label.lowercased().contains(query) || $0.id.lowercased().contains(query) }
    }
}
