// signet_qpdf_merge: draws overlay pages on top of input pages, optionally
// removes form fields the stamp replaces, and writes the result either as an
// incremental update (sq_incremental.cpp) or as a full qpdf rewrite.
#include "signet_qpdf.h"
#include "sq_merge.hpp"

#include <qpdf/JSON.hh>
#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <cmath>
#include <cstdlib>
#include <map>

using namespace signet;

namespace {

struct Placement {
    int page = 0;        // 1-based page of the input
    int overlayPage = 0; // 1-based page of the overlay
    double m[6] = {1, 0, 0, 1, 0, 0};
};

struct Plan {
    std::string mode = "auto";
    bool hasPassword = false;
    std::string password;
    std::vector<Placement> pages;
    std::vector<std::string> removeFields;
};

Failure badPlan(std::string const& why)
{
    return Failure("badPlan", "invalid plan: " + why);
}

double planNumber(JSON const& v, char const* what)
{
    std::string s;
    if (!v.getNumber(s)) {
        throw badPlan(std::string(what) + " must be a number");
    }
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(d)) {
        throw badPlan(std::string(what) + " is not a usable number");
    }
    return d;
}

int planPageNumber(JSON const& v, char const* what)
{
    double d = planNumber(v, what);
    if (d < 1 || d > 1e9 || d != std::floor(d)) {
        throw badPlan(std::string(what) + " must be a positive whole number");
    }
    return static_cast<int>(d);
}

Placement parsePlacement(JSON const& item)
{
    if (!item.isDictionary()) {
        throw badPlan("each entry of \"pages\" must be an object");
    }
    Placement p;
    bool haveMatrix = false;
    item.forEachDictItem([&](std::string const& key, JSON const& value) {
        if (key == "page") {
            p.page = planPageNumber(value, "page");
        } else if (key == "overlayPage") {
            p.overlayPage = planPageNumber(value, "overlayPage");
        } else if (key == "matrix") {
            int n = 0;
            bool isArray = value.forEachArrayItem([&](JSON const& x) {
                if (n >= 6) {
                    throw badPlan("matrix must have exactly 6 numbers");
                }
                p.m[n++] = planNumber(x, "matrix entry");
            });
            if (!isArray || n != 6) {
                throw badPlan("matrix must have exactly 6 numbers");
            }
            haveMatrix = true;
        }
    });
    if (p.page == 0 || p.overlayPage == 0 || !haveMatrix) {
        throw badPlan("each entry needs page, overlayPage and matrix");
    }
    // A singular matrix draws nothing and absurd values are a caller bug;
    // both would silently produce an unstamped document, so refuse them.
    for (double v : p.m) {
        if (std::fabs(v) > 1e7) {
            throw badPlan("matrix entries out of range");
        }
    }
    if (std::fabs(p.m[0] * p.m[3] - p.m[1] * p.m[2]) < 1e-12) {
        throw badPlan("matrix is singular");
    }
    return p;
}

Plan parsePlan(char const* text)
{
    if (text == nullptr) {
        throw badPlan("no plan given");
    }
    JSON root;
    try {
        root = JSON::parse(text);
    } catch (std::exception const& e) {
        throw badPlan(std::string("not JSON: ") + e.what());
    }
    if (!root.isDictionary()) {
        throw badPlan("the plan must be a JSON object");
    }
    Plan plan;
    root.forEachDictItem([&](std::string const& key, JSON const& value) {
        if (key == "mode") {
            if (!value.getString(plan.mode) ||
                (plan.mode != "auto" && plan.mode != "incremental" && plan.mode != "rewrite")) {
                throw badPlan("mode must be \"auto\", \"incremental\" or \"rewrite\"");
            }
        } else if (key == "password") {
            plan.hasPassword = value.getString(plan.password);
            if (!plan.hasPassword && !value.isNull()) {
                throw badPlan("password must be a string or null");
            }
        } else if (key == "pages") {
            if (!value.forEachArrayItem([&](JSON const& item) { plan.pages.push_back(parsePlacement(item)); })) {
                throw badPlan("pages must be an array");
            }
        } else if (key == "removeFields") {
            bool isArray = value.forEachArrayItem([&](JSON const& item) {
                std::string name;
                if (!item.getString(name)) {
                    throw badPlan("removeFields must hold strings");
                }
                plan.removeFields.push_back(name);
            });
            if (!isArray) {
                throw badPlan("removeFields must be an array");
            }
        }
    });
    return plan;
}

// Content-stream number: fixed notation (PDF has no exponents), trimmed.
std::string pdfNumber(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.6f", v);
    std::string s(buf);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') {
        s.pop_back();
    }
    return (s == "-0" || s.empty()) ? "0" : s;
}

// Records that `container` changed: the container itself when it is an
// indirect object, otherwise the nearest indirect object holding it.
void markChanged(std::set<QPDFObjGen>& modified, QPDFObjectHandle container, QPDFObjectHandle owner,
                 QPDFObjectHandle fallback)
{
    if (container.isIndirect()) {
        modified.insert(container.getObjGen());
    } else if (owner.isIndirect()) {
        modified.insert(owner.getObjGen());
    } else {
        modified.insert(fallback.getObjGen());
    }
}

bool eraseFromArray(QPDFObjectHandle array, std::set<QPDFObjGen> const& ids)
{
    bool changed = false;
    for (int k = array.getArrayNItems() - 1; k >= 0; --k) {
        QPDFObjectHandle item = array.getArrayItem(k);
        if (item.isIndirect() && ids.count(item.getObjGen())) {
            array.eraseItem(k);
            changed = true;
        }
    }
    return changed;
}

// Stamps every placement for one input page: the old content is bracketed by
// q/Q so its graphics state cannot leak into the stamp, then each overlay
// form is drawn with the caller's matrix.
void stampPage(QPDF& q, QPDFObjectHandle page, std::vector<std::pair<Placement, QPDFObjectHandle>> const& forms)
{
    // Always give the page its own shallow copies of /Resources and
    // /XObject: proving an indirect or inherited dictionary is unshared would
    // mean scanning every page and form, and copying costs almost nothing.
    QPDFObjectHandle oldRes = inheritedPageAttribute(page, "/Resources");
    QPDFObjectHandle res = oldRes.isDictionary() ? oldRes.shallowCopy() : QPDFObjectHandle::newDictionary();
    QPDFObjectHandle oldX = res.getKey("/XObject");
    QPDFObjectHandle xobjects = oldX.isDictionary() ? oldX.shallowCopy() : QPDFObjectHandle::newDictionary();

    std::string ops = "\nQ\n";
    int suffix = 1;
    for (auto const& [pl, form] : forms) {
        std::string name;
        for (;; ++suffix) {
            // Fresh across every resource category, not just /XObject, so
            // that no operator can ever resolve the name to something else.
            name = "/SigOv" + std::to_string(suffix);
            bool clash = false;
            for (auto const& cat : res.getKeys()) {
                QPDFObjectHandle d = cat == "/XObject" ? xobjects : res.getKey(cat);
                clash = clash || (d.isDictionary() && d.hasKey(name));
            }
            if (!clash && !xobjects.hasKey(name)) {
                break;
            }
        }
        xobjects.replaceKey(name, form);
        ops += "q ";
        for (double v : pl.m) {
            ops += pdfNumber(v) + " ";
        }
        ops += "cm " + name + " Do Q\n";
    }
    res.replaceKey("/XObject", xobjects);
    page.replaceKey("/Resources", res);

    // New /Contents array: [q-stream, old streams..., our stream]. Existing
    // content streams are referenced, never rewritten.
    std::vector<QPDFObjectHandle> contents{q.newStream("q\n")};
    QPDFObjectHandle old = page.getKey("/Contents");
    if (old.isStream()) {
        contents.push_back(old);
    } else if (old.isArray()) {
        for (int i = 0, n = old.getArrayNItems(); i < n; ++i) {
            QPDFObjectHandle item = old.getArrayItem(i);
            if (item.isStream()) {
                contents.push_back(item);
            }
        }
    }
    contents.push_back(q.newStream(ops));
    page.replaceKey("/Contents", QPDFObjectHandle::newArray(contents));
}

// Removes the named fields (a stamp replaces them): their widgets leave the
// pages' /Annots and the fields leave /Fields or their parent's /Kids.
void removeFields(QPDF& q, std::vector<QPDFPageObjectHelper>& pages, std::vector<std::string> const& names,
                  std::set<QPDFObjGen>& modified, Warnings& warnings)
{
    QPDFObjectHandle root = q.getRoot();
    QPDFObjectHandle acroForm = root.getKey("/AcroForm");
    std::set<std::string> wanted(names.begin(), names.end()), found;
    std::set<QPDFObjGen> fieldIds, annotIds;
    if (acroForm.isDictionary()) {
        QPDFAcroFormDocumentHelper afdh(q);
        for (auto& f : afdh.getFormFields()) {
            std::string name = f.getFullyQualifiedName();
            if (!wanted.count(name) || !f.getObjectHandle().isIndirect()) {
                continue;
            }
            found.insert(name);
            fieldIds.insert(f.getObjectHandle().getObjGen());
            annotIds.insert(f.getObjectHandle().getObjGen()); // field and widget may be one dictionary
            for (auto& w : afdh.getAnnotationsForField(f)) {
                if (w.getObjectHandle().isIndirect()) {
                    annotIds.insert(w.getObjectHandle().getObjGen());
                }
            }
        }
    }
    for (auto const& n : wanted) {
        if (!found.count(n)) {
            warnings.add("form field not found, nothing removed: " + n);
        }
    }
    if (fieldIds.empty()) {
        return;
    }
    for (auto& p : pages) {
        QPDFObjectHandle page = p.getObjectHandle();
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (annots.isArray() && eraseFromArray(annots, annotIds)) {
            markChanged(modified, annots, page, page);
        }
    }
    QPDFObjectHandle fields = acroForm.getKey("/Fields");
    for (auto const& og : fieldIds) {
        QPDFObjectHandle node = q.getObjectByID(og.getObj(), og.getGen());
        // Walk up while a parent is left with no kids, so no empty
        // non-terminal field remains; the depth bound guards /Parent loops.
        for (int depth = 0; depth < 32 && node.isDictionary(); ++depth) {
            std::set<QPDFObjGen> self{node.getObjGen()};
            if (fields.isArray() && eraseFromArray(fields, self)) {
                markChanged(modified, fields, acroForm, root);
            }
            QPDFObjectHandle parent = node.getKey("/Parent");
            QPDFObjectHandle kids = parent.isDictionary() ? parent.getKey("/Kids") : QPDFObjectHandle::newNull();
            if (!kids.isArray() || !eraseFromArray(kids, self)) {
                break;
            }
            markChanged(modified, kids, parent, parent);
            if (kids.getArrayNItems() != 0 || !parent.isIndirect()) {
                break;
            }
            node = parent;
        }
    }
    // The calculation order must not point at fields that are gone.
    QPDFObjectHandle co = acroForm.getKey("/CO");
    if (co.isArray() && eraseFromArray(co, fieldIds)) {
        markChanged(modified, co, acroForm, root);
    }
}

std::string mergeImpl(char const* inputPath, char const* overlayPath, char const* planJson,
                      char const* outputPath)
{
    Plan plan = parsePlan(planJson);
    if (outputPath == nullptr || *outputPath == '\0') {
        throw Failure("internal", "no output path given");
    }
    Warnings warnings;
    QPDF in;
    openPdf(in, inputPath, plan.hasPassword ? plan.password.c_str() : nullptr);
    size_t structuralWarnings = warnings.drain(in);
    int firstNewId = static_cast<int>(in.getObjectCount()) + 1;

    std::vector<QPDFPageObjectHelper> pages;
    try {
        pages = QPDFPageDocumentHelper(in).getAllPages();
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        throw Failure("damaged", std::string("the page tree cannot be read: ") + e.what());
    }
    structuralWarnings += warnings.drain(in);
    // qpdf repairs some page trees in memory (direct or duplicated page
    // objects get new numbers); an appended update would not carry that.
    bool pageTreeAltered = false;
    for (auto& p : pages) {
        QPDFObjectHandle oh = p.getObjectHandle();
        pageTreeAltered = pageTreeAltered || !oh.isIndirect() || oh.getObjectID() >= firstNewId;
    }

    QPDF overlay; // must outlive writing: copied streams read from it lazily
    std::vector<QPDFPageObjectHelper> overlayPages;
    if (!plan.pages.empty()) {
        try {
            openPdf(overlay, overlayPath, nullptr);
            overlayPages = QPDFPageDocumentHelper(overlay).getAllPages();
        } catch (Failure const& f) {
            throw Failure("internal", std::string("the overlay cannot be used: ") + f.what());
        }
        overlay.getWarnings(); // the overlay's own quirks are not the input's
    }
    for (auto const& pl : plan.pages) {
        if (pl.page > static_cast<int>(pages.size())) {
            throw badPlan("page " + std::to_string(pl.page) + " is out of range (the document has " +
                          std::to_string(pages.size()) + ")");
        }
        if (pl.overlayPage > static_cast<int>(overlayPages.size())) {
            throw badPlan("overlay page " + std::to_string(pl.overlayPage) + " is out of range");
        }
    }

    // Group placements per page (keeping plan order) and build each overlay
    // form once, however many pages use it.
    std::set<QPDFObjGen> modified;
    std::map<int, QPDFObjectHandle> forms;
    std::map<int, std::vector<std::pair<Placement, QPDFObjectHandle>>> perPage;
    for (auto const& pl : plan.pages) {
        auto it = forms.find(pl.overlayPage);
        if (it == forms.end()) {
            QPDFObjectHandle local = overlayPages[pl.overlayPage - 1].getFormXObjectForPage(false);
            it = forms.emplace(pl.overlayPage, in.copyForeignObject(local)).first;
        }
        perPage[pl.page].emplace_back(pl, it->second);
    }
    for (auto const& [pageNo, list] : perPage) {
        QPDFObjectHandle page = pages[pageNo - 1].getObjectHandle();
        stampPage(in, page, list);
        modified.insert(page.getObjGen());
    }
    if (!plan.removeFields.empty()) {
        removeFields(in, pages, plan.removeFields, modified, warnings);
    }
    size_t touchWarnings = warnings.drain(in);

    // Choose how to write.
    std::string mode = plan.mode;
    if (mode != "rewrite") {
        TailInfo tail = analyseTail(inputPath);
        std::string reason;
        if (in.isEncrypted()) {
            reason = "the input is encrypted";
        } else if (!tail.ok) {
            reason = tail.problem;
        } else if (!in.getTrailer().getKey("/Root").isIndirect()) {
            reason = "the trailer has no indirect /Root";
        } else if (structuralWarnings > 0 || pageTreeAltered) {
            reason = "the input needed repair";
        } else if (mode == "auto" && touchWarnings > 0) {
            reason = "objects being changed needed repair";
        }
        if (reason.empty()) {
            try {
                writeIncremental(in, inputPath, outputPath, tail, firstNewId, modified);
                mode = "incremental";
            } catch (std::bad_alloc const&) {
                throw;
            } catch (std::exception const& e) {
                reason = std::string("incremental update failed: ") + e.what();
            }
        }
        if (!reason.empty()) {
            if (plan.mode == "incremental") {
                warnings.add("incremental update not possible (" + reason + "); the file was rewritten");
            }
            mode = "rewrite";
        }
    }
    if (mode == "rewrite") {
        QPDFWriter w(in, outputPath); // keeps object streams and encryption by default
        w.write();
    }
    warnings.drain(in);

    JsonOut j;
    j.beginObject().key("ok").boolean(true).key("mode").str(mode).key("warnings");
    warnings.write(j);
    j.endObject();
    return j.text();
}

} // namespace

extern "C" char* signet_qpdf_merge(char const* input_path, char const* overlay_path, char const* plan_json,
                                   char const* output_path)
{
    return guarded([&]() -> std::string {
        try {
            return mergeImpl(input_path, overlay_path, plan_json, output_path);
        } catch (QPDFExc const& e) {
            // Damage discovered while changing or writing objects.
            if (e.getErrorCode() == qpdf_e_damaged_pdf || e.getErrorCode() == qpdf_e_pages ||
                e.getErrorCode() == qpdf_e_object) {
                throw Failure("damaged", "the PDF is damaged: " + e.getMessageDetail());
            }
            throw Failure("internal", e.getMessageDetail());
        }
    });
}
