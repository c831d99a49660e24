/// An error with a stable code a program can branch on and a message a person can act on.
///
/// The HTTP layer and the CLI map `code` to a status in one place; nothing else inspects the
/// message text.
package struct SignetError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// Stable, machine-readable error classes.
    package enum Code: String, Codable, Sendable, CaseIterable {
        /// The bytes are not a PDF at all.
        case notPDF
        /// The PDF is damaged beyond what the readers can repair.
        case damaged
        /// The PDF is encrypted with an open (user) password we do not have.
        case encrypted
        /// The file is larger than the configured limit.
        case tooLarge
        /// The document has more pages than the configured limit.
        case tooManyPages
        /// The form exists only as XFA, which no page content shows.
        case xfaOnly
        /// The job ran past its wall-clock limit and its worker was stopped.
        case timeLimit
        /// The job needed more memory than the worker may use.
        case memoryLimit
        /// The worker died for another reason (a crash in a C library).
        case workerCrashed
        /// The request itself is wrong (bad JSON, unknown field, page out of range...).
        case invalidInput
        /// The request does not fit the state of what it acts on: already completed, already
        /// paid, being paid, a stale version. Asking again after looking may succeed.
        case conflict
        /// What the request names does not exist (a template, an uploaded file).
        case notFound
        /// A provider the service relies on (payments) did not confirm the outcome.
        case upstream
        /// Reading or writing a file failed.
        case io
        /// A bug on our side; the message is for logs.
        case `internal`
    }

    /// The error class.
    package var code: Code
    /// A human-readable explanation naming the file, field or limit involved.
    package var message: String
    /// The field the error concerns, when there is one.
    package var field: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    package var description: String {
        if let field { return "\(code.rawValue): \(field): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
