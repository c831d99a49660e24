// signet_qpdf_decorate: adds page rotation, crop boxes, document information
// and interactive form fields to a PDF made by Cairo, writing a new file.
// See include/signet_qpdf_authoring.h for the contract. Spec parsing lives in
// authoring_spec.cpp, form fields in authoring_fields.cpp.
#include "signet_qpdf_authoring.h"
#include "authoring_internal.hpp"

#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <qpdf/QUtil.hh>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace signet_authoring {

Rect mediaBoxOf(QPDFObjectHandle page)
{
    QPDFObjectHandle node = page;
    for (int depth = 0; depth < 64 && node.isDictionary(); ++depth) {
        QPDFObjectHandle box = node.getKey("/MediaBox");
        if (box.isRectangle()) {
            auto r = box.getArrayAsRectangle();
            Rect out{std::fmin(r.llx, r.urx), std::fmin(r.lly, r.ury), std::fmax(r.llx, r.urx),
                     std::fmax(r.lly, r.ury)};
            if (out.width() > 0 && out.height() > 0) return out;
            break;
        }
        node = node.getKey("/Parent");
    }
    return Rect{0, 0, 612, 792};
}

namespace {

// A failure of the document or of this code rather than of the spec.
struct Failure : std::runtime_error {
    std::string code;
    Failure(std::string c, std::string const& m) : std::runtime_error(m), code(std::move(c)) {}
};

void appendJsonString(std::string& out, std::string const& s)
{
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

// Replaces invalid UTF-8 (qpdf messages may quote raw bytes) with '?'.
std::string sanitizeUtf8(std::string const& s)
{
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = n > 0 && i + n <= s.size();
        for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok) {
            out.append(s, i, n);
            i += n;
        } else {
            out += '?';
            ++i;
        }
    }
    return out;
}

std::string failureJson(std::string const& code, std::string const& message)
{
    std::string out = "{\"ok\":false,\"error\":";
    appendJsonString(out, code);
    out += ",\"message\":";
    appendJsonString(out, sanitizeUtf8(message));
    return out + "}";
}

char* toCString(std::string const& s)
{
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p != nullptr) std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

void openInput(QPDF& pdf, char const* path)
{
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(true);
    try {
        pdf.processFile(path);
    } catch (QPDFExc const& e) {
        if (e.getErrorCode() == qpdf_e_password) throw Failure("damaged", "the PDF is encrypted and needs a password");
        throw Failure("damaged", std::string("cannot read the PDF: ") + e.what());
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        throw Failure("damaged", std::string("cannot open the PDF: ") + e.what());
    }
}

void applyPages(std::vector<QPDFObjectHandle> const& pages, std::vector<PageEdit> const& edits)
{
    for (auto const& e : edits) {
        if (e.page > static_cast<int>(pages.size())) {
            throw SpecError(e.where + ": page " + std::to_string(e.page) + " is out of range (the document has " +
                            std::to_string(pages.size()) + " pages)");
        }
        QPDFObjectHandle page = pages[static_cast<size_t>(e.page - 1)];
        if (e.hasCropBox) {
            Rect m = mediaBoxOf(page);
            Rect c{std::fmax(m.x0, e.cropBox.x0), std::fmax(m.y0, e.cropBox.y0), std::fmin(m.x1, e.cropBox.x1),
                   std::fmin(m.y1, e.cropBox.y1)};
            if (c.width() < 1 || c.height() < 1) {
                throw SpecError(e.where + " cropBox: does not overlap the page (MediaBox [" + fmt(m.x0) + " " +
                                fmt(m.y0) + " " + fmt(m.x1) + " " + fmt(m.y1) + "])");
            }
            // Stored clipped to the media box, as PDF readers would clip it.
            page.replaceKey("/CropBox", QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(c.x0, c.y0, c.x1, c.y1)));
        }
        if (e.hasRotate) page.replaceKey("/Rotate", QPDFObjectHandle::newInteger(e.rotate));
    }
}

void applyInfo(QPDF& pdf, std::vector<InfoEdit> const& edits)
{
    if (edits.empty()) return;
    QPDFObjectHandle trailer = pdf.getTrailer();
    QPDFObjectHandle info = trailer.getKey("/Info");
    if (!info.isDictionary()) {
        info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
        trailer.replaceKey("/Info", info);
    }
    for (auto const& e : edits) {
        if (e.remove) {
            info.removeKey("/" + e.key);
        } else {
            info.replaceKey("/" + e.key, QPDFObjectHandle::newUnicodeString(e.value));
        }
    }
}

void writeOutput(QPDF& pdf, std::string const& outputPath)
{
    // Written beside the destination and renamed, so a failure never leaves
    // a partial file and the input may be overwritten safely.
    std::string temp = outputPath + ".signet-partial";
    try {
        QPDFWriter w(pdf, temp.c_str());
        if (pdf.isEncrypted()) {
            w.setStaticID(true);
        } else {
            w.setDeterministicID(true);
        }
        w.setObjectStreamMode(qpdf_o_generate);
        w.setCompressStreams(true);
        w.write();
        QUtil::rename_file(temp.c_str(), outputPath.c_str());
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
}

std::string decorate(char const* inputPath, char const* specJson, char const* outputPath)
{
    if (inputPath == nullptr || outputPath == nullptr || *inputPath == 0 || *outputPath == 0) {
        throw Failure("internal", "input and output paths are required");
    }
    if (specJson == nullptr) throw SpecError("spec is missing");
    Spec spec = parseSpec(specJson);

    QPDF pdf;
    openInput(pdf, inputPath);
    std::vector<QPDFObjectHandle> pages;
    try {
        for (auto& p : QPDFPageDocumentHelper(pdf).getAllPages()) pages.push_back(p.getObjectHandle());
        applyPages(pages, spec.pages);
        applyInfo(pdf, spec.info);
        addFields(pdf, pages, spec.fields);
    } catch (QPDFExc const& e) {
        throw Failure("damaged", std::string("the PDF is damaged: ") + e.what());
    }
    try {
        writeOutput(pdf, outputPath);
    } catch (QPDFExc const& e) {
        throw Failure("damaged", std::string("cannot write the PDF (damaged input?): ") + e.what());
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        throw Failure("internal", std::string("cannot write ") + outputPath + ": " + e.what());
    }
    return "{\"ok\":true}";
}

} // namespace
} // namespace signet_authoring

extern "C" char* signet_qpdf_decorate(const char* input_path, const char* spec_json, const char* output_path)
{
    using namespace signet_authoring;
    try {
        return toCString(decorate(input_path, spec_json, output_path));
    } catch (SpecError const& e) {
        return toCString(failureJson("badSpec", e.what()));
    } catch (Failure const& e) {
        return toCString(failureJson(e.code, e.what()));
    } catch (std::bad_alloc const&) {
        return toCString(failureJson("internal", "out of memory"));
    } catch (std::exception const& e) {
        return toCString(failureJson("internal", e.what()));
    } catch (...) {
        return toCString(failureJson("internal", "unknown error"));
    }
}

extern "C" void signet_qpdf_authoring_free(char* p)
{
    std::free(p);
}
