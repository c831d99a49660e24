// Shared plumbing: JSON output, error translation, opening files, small
// bounded object helpers, and signet_qpdf_free.
#include "sq_internal.hpp"
#include "signet_qpdf.h"

#include <qpdf/QPDFLogger.hh>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace signet {

// ---------------------------------------------------------------------------
// JsonOut

void JsonOut::separate()
{
    // A value directly after a key needs no comma; any other item in a
    // container that already has one does.
    if (afterKey_) {
        afterKey_ = false;
        return;
    }
    if (!hasItem_.empty()) {
        if (hasItem_.back()) {
            out_ += ',';
        }
        hasItem_.back() = true;
    }
}

JsonOut& JsonOut::beginObject()
{
    separate();
    out_ += '{';
    hasItem_.push_back(false);
    return *this;
}

JsonOut& JsonOut::endObject()
{
    out_ += '}';
    hasItem_.pop_back();
    return *this;
}

JsonOut& JsonOut::beginArray()
{
    separate();
    out_ += '[';
    hasItem_.push_back(false);
    return *this;
}

JsonOut& JsonOut::endArray()
{
    out_ += ']';
    hasItem_.pop_back();
    return *this;
}

JsonOut& JsonOut::key(std::string const& k)
{
    separate();
    appendJsonString(out_, k);
    out_ += ':';
    afterKey_ = true;
    return *this;
}

JsonOut& JsonOut::str(std::string const& s)
{
    separate();
    appendJsonString(out_, s);
    return *this;
}

JsonOut& JsonOut::num(double v)
{
    separate();
    // JSON has no NaN/Inf; a malformed file must not make the whole answer
    // undecodable, so such values become 0.
    if (!std::isfinite(v)) {
        v = 0;
    }
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%.10g", v);
    out_ += buf;
    return *this;
}

JsonOut& JsonOut::integer(long long v)
{
    separate();
    out_ += std::to_string(v);
    return *this;
}

JsonOut& JsonOut::boolean(bool v)
{
    separate();
    out_ += v ? "true" : "false";
    return *this;
}

JsonOut& JsonOut::null()
{
    separate();
    out_ += "null";
    return *this;
}

JsonOut& JsonOut::raw(std::string const& json)
{
    separate();
    out_ += json;
    return *this;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid
// (overlong forms, surrogates and values above U+10FFFF count as invalid).
static size_t utf8SequenceLength(std::string const& s, size_t i)
{
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    size_t n;
    unsigned long cp;
    if (c < 0x80) {
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

void appendJsonString(std::string& out, std::string const& s)
{
    out += '"';
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD for each bad byte
            ++i;
            continue;
        }
        if (n > 1) {
            out.append(s, i, n);
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
        i += n;
    }
    out += '"';
}

std::string failureJson(std::string const& code, std::string const& message)
{
    JsonOut j;
    j.beginObject().key("ok").boolean(false).key("error").str(code).key("message").str(message).endObject();
    return j.text();
}

char* toCString(std::string const& s) noexcept
{
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

char* failureCString(char const* code, char const* message) noexcept
{
    try {
        return toCString(failureJson(code, message));
    } catch (...) {
        // Building the answer itself ran out of memory.
        static char const fallback[] = R"({"ok":false,"error":"memoryLimit","message":"out of memory"})";
        char* p = static_cast<char*>(std::malloc(sizeof(fallback)));
        if (p) {
            std::memcpy(p, fallback, sizeof(fallback));
        }
        return p;
    }
}

// ---------------------------------------------------------------------------
// Warnings

void Warnings::add(std::string const& message)
{
    ++total;
    if (kept.size() < kMaxKept) {
        kept.push_back(message);
    }
}

size_t Warnings::drain(QPDF& q)
{
    std::vector<QPDFExc> pending = q.getWarnings();
    std::string const& file = q.getFilename();
    for (auto const& w : pending) {
        // Rebuild the message without the file name: callers pass temporary
        // paths that mean nothing to the people reading the warnings (qpdf
        // also embeds the name in object descriptions).
        std::string where = w.getObject();
        for (std::string const& cut : {file + ", ", file + ": ", file}) {
            for (size_t at; !cut.empty() && (at = where.find(cut)) != std::string::npos;) {
                where.erase(at, cut.size());
            }
        }
        if (w.getFilePosition() > 0) {
            if (!where.empty()) {
                where += ", ";
            }
            where += "offset " + std::to_string(w.getFilePosition());
        }
        add(where.empty() ? w.getMessageDetail() : "(" + where + "): " + w.getMessageDetail());
    }
    return pending.size();
}

void Warnings::write(JsonOut& j) const
{
    j.beginArray();
    for (auto const& w : kept) {
        j.str(w);
    }
    j.endArray();
}

// ---------------------------------------------------------------------------
// Opening files

void requirePdfHeader(char const* path)
{
    if (path == nullptr) {
        throw Failure("internal", "no file path given");
    }
    FILE* f = std::fopen(path, "rb");
    if (!f) {
        throw Failure("internal", std::string("cannot open file: ") + std::strerror(errno));
    }
    char buf[1024];
    size_t n = std::fread(buf, 1, sizeof(buf), f);
    std::fclose(f);
    static char const magic[] = "%PDF-";
    // Readers accept the header anywhere in the first 1 KiB (some producers
    // prepend junk), so we do too.
    if (std::search(buf, buf + n, magic, magic + 5) == buf + n) {
        throw Failure("notPDF", "the file is not a PDF (no %PDF- header)");
    }
}

static bool mentionsEncryption(std::string const& s)
{
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("encrypt") != std::string::npos || lower.find("security handler") != std::string::npos;
}

void openPdf(QPDF& q, char const* path, char const* password)
{
    // Warnings about objects that belong to no QPDF (e.g. direct objects
    // met while traversing a malformed /AcroForm) bypass
    // setSuppressWarnings: qpdf writes them to its process-wide default
    // logger's error stream, i.e. stderr. A library inside a service must
    // not write there, so that logger is silenced once per process.
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        auto logger = QPDFLogger::defaultLogger();
        logger->setWarn(logger->discard());
        logger->setError(logger->discard());
    });
    requirePdfHeader(path);
    q.setSuppressWarnings(true);
    q.setAttemptRecovery(true);
    try {
        q.processFile(path, password);
    } catch (QPDFExc const& e) {
        switch (e.getErrorCode()) {
        case qpdf_e_password:
            throw Failure(
                "encrypted",
                (password && *password) ? "the password is not correct for this encrypted PDF"
                                        : "the PDF is encrypted and needs a password");
        case qpdf_e_unsupported:
            if (mentionsEncryption(e.getMessageDetail())) {
                throw Failure("encrypted", "unsupported encryption: " + e.getMessageDetail());
            }
            throw Failure("damaged", "unsupported PDF feature: " + e.getMessageDetail());
        case qpdf_e_system:
            throw Failure("internal", "cannot read the file: " + e.getMessageDetail());
        default:
            throw Failure("damaged", "the PDF cannot be opened: " + e.getMessageDetail());
        }
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        // qpdf occasionally reports damage with plain std exceptions.
        throw Failure("damaged", std::string("the PDF cannot be opened: ") + e.what());
    }
}

// ---------------------------------------------------------------------------
// Object helpers

bool readRect(QPDFObjectHandle o, Rect& r)
{
    if (!o.isArray() || o.getArrayNItems() != 4) {
        return false;
    }
    double v[4];
    for (int i = 0; i < 4; ++i) {
        QPDFObjectHandle item = o.getArrayItem(i);
        if (!item.isNumber()) {
            return false;
        }
        v[i] = item.getNumericValue();
        if (!std::isfinite(v[i])) {
            return false;
        }
    }
    r.x0 = std::min(v[0], v[2]);
    r.x1 = std::max(v[0], v[2]);
    r.y0 = std::min(v[1], v[3]);
    r.y1 = std::max(v[1], v[3]);
    return true;
}

QPDFObjectHandle inheritedPageAttribute(QPDFObjectHandle page, std::string const& key)
{
    // Real page trees are a handful of levels deep; 64 leaves ample room while
    // stopping /Parent loops in hostile files.
    std::set<QPDFObjGen> seen;
    QPDFObjectHandle node = page;
    for (int depth = 0; depth < 64 && node.isDictionary(); ++depth) {
        if (node.isIndirect() && !seen.insert(node.getObjGen()).second) {
            break;
        }
        QPDFObjectHandle value = node.getKey(key);
        if (!value.isNull()) {
            return value;
        }
        node = node.getKey("/Parent");
    }
    return QPDFObjectHandle::newNull();
}

std::string bareName(QPDFObjectHandle name)
{
    if (!name.isName()) {
        return std::string();
    }
    std::string n = name.getName();
    return (!n.empty() && n[0] == '/') ? n.substr(1) : n;
}

std::string fieldKind(QPDFFormFieldObjectHelper& f, int flags)
{
    std::string ft = f.getFieldType();
    if (ft == "/Tx") {
        return "text";
    } else if (ft == "/Btn") {
        if (flags & (1 << 16)) {
            return "pushbutton";
        }
        return (flags & (1 << 15)) ? "radio" : "checkbox";
    } else if (ft == "/Ch") {
        return (flags & (1 << 17)) ? "dropdown" : "listbox";
    } else if (ft == "/Sig") {
        return "signature";
    }
    return "unknown";
}

} // namespace signet

extern "C" void signet_qpdf_free(char* p)
{
    std::free(p);
}
