import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the sign-in, account, contact and customer routes read and answer besides the views.

public struct LoginRequest: Decodable {
    public var email: String
    public var password: String
}

public struct LoginAnswer: Encodable, Sendable {
    public var token: String
    public var csrfToken: String
    public var user: UserView

    /// Creates the value.
    public init(token: String, csrfToken: String, user: UserView) {
        self.token = token
        self.csrfToken = csrfToken
        self.user = user
    }
}

public struct TokenRequest: Decodable {
    public var label: String
    /// Days the token lasts: 1 to 365, default 90.
    public var expiresIn: Int?
}

public struct TokenAnswer: Encodable, Sendable {
    public var token: String
    public var id: String
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?

    /// Creates the value.
    public init(token: String, id: String, label: String, createdAt: Date, expiresAt: Date? = nil) {
        self.token = token
        self.id = id
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

public struct ResetRequest: Decodable { public var email: String }

public struct ResetConfirm: Decodable {
    public var token: String
    public var password: String
}

public struct NewUser: Decodable {
    public var email: String
    public var name: String?
    public var role: UserRecord.Role?
    public var password: String
}

public struct ContactEdit: Decodable {
    public var name: String
    public var phone: String?
    public var email: String?
}

public struct CustomerSessionView: Encodable, Sendable {
    public var id: String
    public var customerName: String
    public var state: String
    public var expiresAt: Date?
    /// Once completed: when the session completed and when its downloads end.
    public var completedAt: Date?
    public var downloadsUntil: Date?
    public var csrfToken: String?
    /// Present when the session asks for a one-time code: what the code screen shows.
    public var verification: CustomerCodeStatusView?

    /// Creates the value.
    public init(
        id: String, customerName: String, state: String, expiresAt: Date? = nil, completedAt: Date? = nil, downloadsUntil: Date? = nil,
        csrfToken: String? = nil, verification: CustomerCodeStatusView? = nil
    ) {
        self.id = id
        self.customerName = customerName
        self.state = state
        self.expiresAt = expiresAt
        self.completedAt = completedAt
        self.downloadsUntil = downloadsUntil
        self.csrfToken = csrfToken
        self.verification = verification
    }
}

/// Where this browser stands with the session's one-time code.
public struct CustomerCodeStatusView: Encodable, Sendable {
    /// `pending` until this browser entered a code, then `verified`.
    public var state: String
    /// When the code in force stops working (none: ask for a new one).
    public var expiresAt: Date?
    public var triesLeft: Int
    public var resendsLeft: Int

    /// The view of `status`.
    public init(_ status: CustomerCodes.Status) {
        state = status.verified ? "verified" : "pending"
        expiresAt = status.expiresAt
        triesLeft = status.triesLeft
        resendsLeft = status.resendsLeft
    }
}
