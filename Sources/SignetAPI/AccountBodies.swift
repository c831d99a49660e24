import Foundation
import SignetModel
import SignetSessions
import SignetStore

// What the sign-in, account, contact and customer routes read and answer besides the views.

package struct LoginRequest: Decodable {
    package var email: String
    package var password: String
}

package struct LoginAnswer: Encodable, Sendable {
    package var token: String
    package var csrfToken: String
    package var user: UserView

    /// Creates the value.
    package init(token: String, csrfToken: String, user: UserView) {
        self.token = token
        self.csrfToken = csrfToken
        self.user = user
    }
}

package struct TokenRequest: Decodable {
    package var label: String
    /// Days the token lasts: 1 to 365, default 90.
    package var expiresIn: Int?
}

package struct TokenAnswer: Encodable, Sendable {
    package var token: String
    package var id: String
    package var label: String
    package var createdAt: Date
    package var expiresAt: Date?

    /// The answer that hands out API token `token`, shown this once, with its credential's record.
    package init(token: String, _ credential: CredentialRecord) {
        let view = TokenView(credential)
        self.token = token
        id = view.id
        label = view.label
        createdAt = view.createdAt
        expiresAt = view.expiresAt
    }
}

package struct ResetRequest: Decodable { package var email: String }

package struct ResetConfirm: Decodable {
    package var token: String
    package var password: String
}

package struct NewUser: Decodable {
    package var email: String
    package var name: String?
    package var role: UserRecord.Role?
    package var password: String
}

package struct ContactEdit: Decodable {
    package var name: String
    package var phone: String?
    package var email: String?
}

package struct CustomerSessionView: Encodable, Sendable {
    package var id: String
    package var customerName: String
    package var state: String
    package var expiresAt: Date?
    /// Once completed: when the session completed and when its downloads end.
    package var completedAt: Date?
    package var downloadsUntil: Date?
    package var csrfToken: String?
    /// Present when the session asks for a one-time code: what the code screen shows.
    package var verification: CustomerCodeStatusView?

    /// Creates the value.
    package init(
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
package struct CustomerCodeStatusView: Encodable, Sendable {
    /// `pending` until this browser entered a code, then `verified`.
    package var state: String
    /// When the code in force stops working (none: ask for a new one).
    package var expiresAt: Date?
    package var triesLeft: Int
    package var resendsLeft: Int

    /// The view of `status`.
    package init(_ status: CustomerCodes.Status) {
        state = status.verified ? "verified" : "pending"
        expiresAt = status.expiresAt
        triesLeft = status.triesLeft
        resendsLeft = status.resendsLeft
    }
}
