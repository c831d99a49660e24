import Foundation
import SignetModel
import SignetSessions
import SignetStore

/// One API token of the caller's, without its secret.
public struct TokenView: Encodable, Sendable {
    public var id: String
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?

    public init(_ credential: CredentialRecord) {
        id = credential.id ?? ""
        label = credential.label ?? ""
        createdAt = credential.createdAt
        expiresAt = credential.expiresAt
        lastUsedAt = credential.lastUsedAt
    }
}

/// A contact of the agent's address book.
public struct ContactView: Encodable, Sendable {
    public var id: String
    public var name: String
    public var phone: String?
    public var email: String?
    public var updatedAt: Date

    public init(_ contact: ContactRecord) {
        id = String(contact.id ?? 0)
        name = contact.name
        phone = contact.phone
        email = contact.email
        updatedAt = contact.updatedAt
    }
}
