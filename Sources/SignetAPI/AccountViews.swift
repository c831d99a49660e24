import Foundation
import SignetModel
import SignetSessions
import SignetStore

/// One API token of the caller's, without its secret.
package struct TokenView: Encodable, Sendable {
    package var id: String
    package var label: String
    package var createdAt: Date
    package var expiresAt: Date?
    package var lastUsedAt: Date?

    package init(_ credential: CredentialRecord) {
        id = credential.id ?? ""
        label = credential.label ?? ""
        createdAt = credential.createdAt
        expiresAt = credential.expiresAt
        lastUsedAt = credential.lastUsedAt
    }
}

/// A contact of the agent's address book.
package struct ContactView: Encodable, Sendable {
    package var id: String
    package var name: String
    package var phone: String?
    package var email: String?
    package var updatedAt: Date

    package init(_ contact: ContactRecord) {
        id = String(contact.id ?? 0)
        name = contact.name
        phone = contact.phone
        email = contact.email
        updatedAt = contact.updatedAt
    }
}
