// Private declarations shared by the CSignetQPDF implementation files.
// Not part of the public interface: Swift only sees include/signet_qpdf.h.
#pragma once

// We never use qpdf's legacy PointerHolder; saying so silences its
// transition warning and keeps us on std::shared_ptr.
#ifndef POINTERHOLDER_TRANSITION
#define POINTERHOLDER_TRANSITION 4
#endif

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFFormFieldObjectHelper.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace signet {

// ---------------------------------------------------------------------------
// JSON output. A hand-rolled writer rather than qpdf's JSON class because we
// need exact control over number formatting (no NaN/Inf, which Swift's
// JSONDecoder rejects) and over invalid UTF-8 coming from PDF names.
class JsonOut {
  public:
    JsonOut& beginObject();
    JsonOut& endObject();
    JsonOut& beginArray();
    JsonOut& endArray();
    JsonOut& key(std::string const& k);
    JsonOut& str(std::string const& s);
    JsonOut& num(double v);
    JsonOut& integer(long long v);
    JsonOut& boolean(bool v);
    JsonOut& null();
    JsonOut& raw(std::string const& json); // an already-serialised value
    std::string const& text() const { return out_; }

  private:
    void separate();
    std::string out_;
    std::vector<bool> hasItem_; // one entry per open container
    bool afterKey_ = false;
};

// Appends `s` as a JSON string literal, replacing invalid UTF-8 with U+FFFD.
void appendJsonString(std::string& out, std::string const& s);

// ---------------------------------------------------------------------------
// Errors that cross the C boundary as {"ok":false,...}.
struct Failure : std::runtime_error {
    std::string code;
    Failure(std::string c, std::string const& message) : std::runtime_error(message), code(std::move(c)) {}
};

std::string failureJson(std::string const& code, std::string const& message);

// Copies `s` into malloc'ed memory (NULL only if malloc fails).
char* toCString(std::string const& s) noexcept;

// A malloc'ed failure JSON string; never throws (falls back to a fixed
// out-of-memory answer, or NULL if not even that can be allocated).
char* failureCString(char const* code, char const* message) noexcept;

// Runs `body` and converts anything it throws into a failure JSON string, so
// that no exception ever escapes through an extern "C" function.
template <typename F>
char* guarded(F body) noexcept
{
    try {
        return toCString(body());
    } catch (Failure const& f) {
        return failureCString(f.code.c_str(), f.what());
    } catch (std::bad_alloc const&) {
        // The worker's address-space limit is what usually ends here.
        return failureCString("memoryLimit", "the document needs more memory than the worker may use");
    } catch (std::exception const& e) {
        return failureCString("internal", e.what());
    } catch (...) {
        return failureCString("internal", "unknown error");
    }
}

// ---------------------------------------------------------------------------
// Warnings: qpdf is told to keep quiet and we collect what it would have said.
struct Warnings {
    static constexpr size_t kMaxKept = 20;
    std::vector<std::string> kept; // the first kMaxKept messages
    size_t total = 0;

    void add(std::string const& message);
    // Moves qpdf's pending warnings into this list; returns how many there were.
    size_t drain(QPDF& q);
    void write(JsonOut& j) const; // as a JSON array
};

// Throws Failure("notPDF") unless "%PDF-" occurs in the first 1024 bytes;
// Failure("internal") if the file cannot be read at all.
void requirePdfHeader(char const* path);

// Configures `q` (quiet, recovering) and parses `path`. Translates qpdf's
// exceptions into Failure with code "encrypted" or "damaged".
void openPdf(QPDF& q, char const* path, char const* password);

// ---------------------------------------------------------------------------
// Small object helpers, all bounded against malformed (cyclic) files.
struct Rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return !(x0 < x1 && y0 < y1); }
};

// Reads a 4-number array into a normalised rectangle (x0<x1, y0<y1).
bool readRect(QPDFObjectHandle o, Rect& r);

// Looks `key` up on a page and then its /Parent chain (page-tree
// inheritance), giving up after a fixed depth or on a cycle.
QPDFObjectHandle inheritedPageAttribute(QPDFObjectHandle page, std::string const& key);

// A form field's kind as Signet names it: text, checkbox, radio, pushbutton,
// dropdown, listbox, signature or unknown (`flags` is its /Ff).
std::string fieldKind(QPDFFormFieldObjectHelper& field, int flags);

// Name without its leading slash, e.g. "/Yes" -> "Yes".
std::string bareName(QPDFObjectHandle name);

} // namespace signet
