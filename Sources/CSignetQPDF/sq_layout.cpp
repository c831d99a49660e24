// The stamp session: one parse of the input serves both the layout report and
// the merge.
//
// The inspect report walks every page, annotation, outline item and action;
// on a 234-page manual that costs several times the whole merge. Stamping
// needs the page count, a few document flags, and the geometry and form
// widgets of just the pages it draws on, so the session reads exactly that,
// lets the caller draw its overlay, then merges into the same parsed file.
#include "sq_layout.hpp"
#include "sq_merge.hpp"
#include "signet_qpdf.h"

#include <qpdf/QPDFFormFieldObjectHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <cmath>
#include <cstdlib>
#include <memory>

namespace signet {

namespace {

// Reads /Rotate the way viewers do: any integer, reduced to 0..359 and then
// snapped to the nearest quarter turn (mupdf's rule; the PDF spec only
// allows multiples of 90, but files in the wild carry others).
int rotation(QPDFObjectHandle r)
{
    long long deg = 0;
    if (r.isInteger()) {
        deg = r.getIntValue();
    } else if (r.isNumber()) {
        double d = r.getNumericValue();
        deg = std::isfinite(d) && std::fabs(d) < 1e12 ? std::llround(d) : 0;
    }
    deg = ((deg % 360) + 360) % 360;
    return static_cast<int>(((deg + 45) / 90 * 90) % 360);
}

// The widgets on one page: each with its field's fully qualified name.
void writeWidgets(QPDFObjectHandle page, JsonOut& j)
{
    j.key("widgets").beginArray();
    QPDFObjectHandle annots = page.getKey("/Annots");
    int n = annots.isArray() ? std::min(annots.getArrayNItems(), 10000) : 0;
    for (int i = 0; i < n; ++i) {
        QPDFObjectHandle a = annots.getArrayItem(i);
        Rect r;
        if (!a.isDictionary() || !a.getKey("/Subtype").isNameAndEquals("/Widget") || !readRect(a.getKey("/Rect"), r)) {
            continue;
        }
        QPDFFormFieldObjectHelper field(a);
        std::string name = field.getFullyQualifiedName();
        if (name.empty()) {
            continue;
        }
        j.beginObject();
        j.key("name").str(name);
        j.key("type").str(fieldKind(field, field.getFlags()));
        j.key("rect").beginArray().num(r.x0).num(r.y0).num(r.x1).num(r.y1).endArray();
        j.endObject();
    }
    j.endArray();
}

// Names of signed signature fields and whether the form is XFA only, from a
// bounded walk of the AcroForm field tree (never the pages).
void writeFormFlags(QPDF& q, JsonOut& j)
{
    QPDFObjectHandle acro = q.getRoot().getKey("/AcroForm");
    QPDFObjectHandle fields = acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull();
    bool hasFields = fields.isArray() && fields.getArrayNItems() > 0;
    j.key("xfaOnly").boolean(acro.isDictionary() && !acro.getKey("/XFA").isNull() && !hasFields);
    j.key("signedSignatures").beginArray();
    std::vector<QPDFObjectHandle> todo;
    for (int i = 0, n = hasFields ? fields.getArrayNItems() : 0; i < n && i < 10000; ++i) {
        todo.push_back(fields.getArrayItem(i));
    }
    std::set<QPDFObjGen> seen;
    for (size_t visited = 0; !todo.empty() && visited < 20000; ++visited) {
        QPDFObjectHandle f = todo.back();
        todo.pop_back();
        if (!f.isDictionary() || (f.isIndirect() && !seen.insert(f.getObjGen()).second)) {
            continue;
        }
        QPDFObjectHandle kids = f.getKey("/Kids");
        if (kids.isArray() && kids.getArrayNItems() > 0) {
            for (int k = 0, nk = std::min(kids.getArrayNItems(), 10000); k < nk; ++k) {
                todo.push_back(kids.getArrayItem(k));
            }
            continue;
        }
        QPDFFormFieldObjectHelper field(f);
        if (field.getFieldType() == "/Sig" && field.getValue().isDictionary()) {
            j.str(field.getFullyQualifiedName());
        }
    }
    j.endArray();
}

// Runs `body`, turning qpdf's exceptions into Failures with the right code.
// A file whose highest object number leaves no room for new objects (qpdf
// repairs some page trees by adding objects) is damaged, not our bug.
template <typename F>
std::string classified(F body)
{
    try {
        return body();
    } catch (Failure const&) {
        throw;
    } catch (QPDFExc const& e) {
        bool damage = e.getErrorCode() == qpdf_e_damaged_pdf || e.getErrorCode() == qpdf_e_pages ||
                      e.getErrorCode() == qpdf_e_object;
        if (damage || e.getMessageDetail().find("max object id") != std::string::npos) {
            throw Failure("damaged", "the PDF is damaged: " + e.getMessageDetail());
        }
        throw Failure("internal", e.getMessageDetail());
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        if (std::string(e.what()).find("max object id") != std::string::npos) {
            throw Failure("damaged", std::string("the PDF is damaged: ") + e.what());
        }
        throw;
    }
}

std::set<int> parsePageList(char const* list)
{
    std::set<int> wanted;
    for (char const* p = list ? list : ""; *p;) {
        char* end = nullptr;
        long v = std::strtol(p, &end, 10);
        if (end == p) {
            throw Failure("badPlan", "page list must be numbers separated by commas");
        }
        if (v >= 1 && v <= 1000000) {
            wanted.insert(static_cast<int>(v));
        }
        p = (*end == ',') ? end + 1 : end;
    }
    return wanted;
}

std::string layoutJson(QPDF& q, std::set<int> const& wanted, Warnings& warnings, size_t& structural)
{
    std::map<int, QPDFObjectHandle> found;
    long long pageCount = 0;
    if (!findPagesQuickly(q, wanted, found, pageCount)) {
        // An inconsistent page tree: let qpdf's full walk (which repairs) decide.
        std::vector<QPDFPageObjectHelper> all = QPDFPageDocumentHelper(q).getAllPages();
        pageCount = static_cast<long long>(all.size());
        found.clear();
        for (int n : wanted) {
            if (n <= pageCount) {
                found.emplace(n, all[static_cast<size_t>(n - 1)].getObjectHandle());
            }
        }
    }
    JsonOut j;
    j.beginObject();
    j.key("ok").boolean(true);
    j.key("pageCount").integer(pageCount);
    j.key("encrypted").boolean(q.isEncrypted());
    writeFormFlags(q, j);
    j.key("pages").beginObject();
    for (auto const& [number, page] : found) {
        j.key(std::to_string(number)).beginObject();
        writePageGeometry(page, j);
        writeWidgets(page, j);
        j.endObject();
    }
    j.endObject();
    structural += warnings.drain(q); // last: reading the objects above may itself have needed repairs
    j.key("repaired").boolean(structural > 0);
    j.endObject();
    return j.text();
}

} // namespace

void writePageGeometry(QPDFObjectHandle page, JsonOut& j)
{
    Rect media{0, 0, 612, 792}, crop;
    if (!readRect(inheritedPageAttribute(page, "/MediaBox"), media)) {
        media = Rect{0, 0, 612, 792}; // US Letter, as readers assume
    }
    if (readRect(inheritedPageAttribute(page, "/CropBox"), crop)) {
        crop = Rect{std::max(crop.x0, media.x0), std::max(crop.y0, media.y0), std::min(crop.x1, media.x1),
                    std::min(crop.y1, media.y1)};
    }
    if (crop.empty()) {
        crop = media;
    }
    QPDFObjectHandle uu = page.getKey("/UserUnit");
    double userUnit = uu.isNumber() ? uu.getNumericValue() : 1.0;
    if (!(userUnit > 0 && std::isfinite(userUnit))) {
        userUnit = 1.0;
    }
    j.key("mediaBox").beginArray().num(media.x0).num(media.y0).num(media.x1).num(media.y1).endArray();
    j.key("cropBox").beginArray().num(crop.x0).num(crop.y0).num(crop.x1).num(crop.y1).endArray();
    j.key("rotate").integer(rotation(inheritedPageAttribute(page, "/Rotate")));
    j.key("userUnit").num(userUnit);
}

} // namespace signet

struct signet_qpdf_session {
    QPDF q;
    signet::Warnings warnings;
    size_t structural = 0; // repair warnings seen before the merge
    std::string path;
    std::string password; // the rewrite of an encrypted file is read back with it
    bool hasPassword = false;
    // Overlay PDFs handed over in memory. qpdf reads a memory file in place,
    // so each buffer lives exactly as long as its document.
    std::vector<std::unique_ptr<std::string>> overlayBytes;
    std::vector<std::unique_ptr<QPDF>> overlays;
    // Files to embed, handed over as bytes (a plan's attachments name them by index).
    std::vector<std::string> files;
};

extern "C" int signet_qpdf_session_add_attachment(signet_qpdf_session* session, unsigned char const* bytes,
                                                  size_t length)
{
    if (session == nullptr || (bytes == nullptr && length > 0) || session->files.size() >= 1000) {
        return -1;
    }
    try {
        session->files.emplace_back(reinterpret_cast<char const*>(bytes), length);
        return static_cast<int>(session->files.size() - 1);
    } catch (...) {
        return -1;
    }
}

extern "C" int signet_qpdf_session_add_overlay(signet_qpdf_session* session, unsigned char const* pdf,
                                               size_t length)
{
    if (session == nullptr || pdf == nullptr || length == 0 || session->overlays.size() >= 1000) {
        return -1;
    }
    try {
        auto bytes = std::make_unique<std::string>(reinterpret_cast<char const*>(pdf), length);
        auto overlay = std::make_unique<QPDF>();
        overlay->setSuppressWarnings(true);
        overlay->processMemoryFile("overlay", bytes->data(), bytes->size());
        session->overlayBytes.push_back(std::move(bytes));
        session->overlays.push_back(std::move(overlay));
        return static_cast<int>(session->overlays.size() - 1);
    } catch (...) {
        return -1; // an overlay is ours: failing to read it is our bug, reported by the caller
    }
}

extern "C" signet_qpdf_session* signet_qpdf_session_open(char const* path, char const* password, char const* pages,
                                                         char** layout_json)
{
    signet_qpdf_session* session = nullptr;
    char* answer = signet::guarded([&]() -> std::string {
        return signet::classified([&] {
            auto s = std::make_unique<signet_qpdf_session>();
            s->path = path ? path : "";
            s->hasPassword = password != nullptr;
            s->password = password ? password : "";
            std::set<int> wanted = signet::parsePageList(pages);
            signet::openPdf(s->q, path, password);
            s->structural = s->warnings.drain(s->q);
            std::string json = signet::layoutJson(s->q, wanted, s->warnings, s->structural);
            session = s.release();
            return json;
        });
    });
    if (layout_json) {
        *layout_json = answer;
    } else {
        std::free(answer);
    }
    return session;
}

extern "C" char* signet_qpdf_session_merge(signet_qpdf_session* session, char const* plan_json,
                                           char const* output_path)
{
    return signet::guarded([&]() -> std::string {
        if (session == nullptr) {
            throw signet::Failure("internal", "no session");
        }
        return signet::classified([&] {
            std::vector<QPDF*> overlays;
            for (auto& o : session->overlays) {
                overlays.push_back(o.get());
            }
            return signet::mergeOpened(session->q, session->warnings, session->structural, session->path.c_str(),
                                       session->hasPassword ? session->password.c_str() : nullptr, overlays,
                                       session->files, plan_json, output_path);
        });
    });
}

extern "C" void signet_qpdf_session_reset(signet_qpdf_session* session)
{
    if (session == nullptr) {
        return;
    }
    // Overlays first: their documents read from the buffers lazily.
    session->overlays.clear();
    session->overlayBytes.clear();
    session->files.clear();
    session->warnings = signet::Warnings();
}

extern "C" char* signet_qpdf_session_layout(signet_qpdf_session* session, char const* pages)
{
    return signet::guarded([&]() -> std::string {
        if (session == nullptr) {
            throw signet::Failure("internal", "no session");
        }
        return signet::classified([&] {
            std::set<int> wanted = signet::parsePageList(pages);
            return signet::layoutJson(session->q, wanted, session->warnings, session->structural);
        });
    });
}

extern "C" void signet_qpdf_session_close(signet_qpdf_session* session)
{
    delete session;
}
