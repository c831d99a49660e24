import CSignetPoppler
import SignetModel

// Ownership rules for GLib values, written once: a returned `gchar*` is ours to `g_free`,
// a `GError*` is ours to `g_error_free`, a GObject reference is ours to `g_object_unref`.

/// Copies a GLib-allocated string into Swift and frees it.
func takeGString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
    guard let pointer else { return nil }
    defer { g_free(pointer) }
    return String(cString: pointer)
}

/// Turns a Poppler `GError` into a classified `SignetError` and frees it.
func takePopplerError(_ error: UnsafeMutablePointer<GError>?, file: String) -> SignetError {
    guard let error else { return SignetError(.damaged, "\(file): Poppler could not open the document") }
    defer { g_error_free(error) }
    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    guard error.pointee.domain == signet_poppler_error_quark() else {
        return SignetError(.damaged, "\(file): \(message)")
    }
    switch error.pointee.code {
    case Int32(SIGNET_POPPLER_ERROR_ENCRYPTED):
        return SignetError(.encrypted, "\(file) is encrypted with an open password; supply the password")
    case Int32(SIGNET_POPPLER_ERROR_OPEN_FILE):
        return SignetError(.io, "\(file): \(message)")
    default:
        return SignetError(.damaged, "\(file) is damaged beyond repair: \(message)")
    }
}
