// The merge: draws overlay pages on top of input pages, optionally removes
// form fields the stamp replaces, and writes the result either as an
// incremental update or as a full qpdf rewrite.
//
// The work is split so both outputs share one set of decisions: first we
// locate pages, choose resource names and build the content operators (a
// StampPlan), and apply field removals in memory; only then do we pick the
// mode and either serialise the update ourselves (sq_serialise.cpp) or apply
// the plan with qpdf objects and let QPDFWriter rewrite the file.
#include "signet_qpdf.h"
#include "sq_merge.hpp"

#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/Pl_Discard.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

#include <sys/stat.h>

using namespace signet;

namespace {

// Content-stream number: fixed notation (PDF has no exponents), trimmed.
std::string pdfNumber(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.9f", v);
    std::string s(buf);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') {
        s.pop_back();
    }
    return (s == "-0" || s.empty()) ? "0" : s;
}

// Decides names and operators for one page. The names are fresh across
// every resource category, not just /XObject, so no operator in the old
// content could ever mean our form.
PageStamp planPage(QPDFObjectHandle page, std::vector<Placement> const& placements)
{
    PageStamp ps;
    ps.page = page;
    QPDFObjectHandle res = inheritedPageAttribute(page, "/Resources");
    ps.resources = res.isDictionary() ? res : QPDFObjectHandle::newNull();
    std::vector<QPDFObjectHandle> categories;
    if (res.isDictionary()) {
        for (auto const& k : res.getKeys()) {
            QPDFObjectHandle d = res.getKey(k);
            if (d.isDictionary()) {
                categories.push_back(d);
            }
        }
    }
    // The old content is bracketed by q ... Q so that a graphics state it
    // leaves behind (an unbalanced cm, clip or colour) cannot move the stamp.
    ps.closing = "\nQ\n";
    int suffix = 1;
    for (auto const& pl : placements) {
        std::string name;
        for (bool clash = true; clash; ++suffix) {
            name = "/SigOv" + std::to_string(suffix);
            clash = std::find(ps.names.begin(), ps.names.end(), name) != ps.names.end();
            for (auto& d : categories) {
                clash = clash || d.hasKey(name);
            }
        }
        ps.names.push_back(name);
        ps.overlayIndex.push_back(formKey(pl));
        ps.closing += "q ";
        for (double v : pl.m) {
            ps.closing += pdfNumber(v) + " ";
        }
        ps.closing += "cm " + name + " Do Q\n";
    }
    return ps;
}

// The rewrite path: the same plan, applied with real qpdf objects.
void applyWithQpdf(QPDF& in, StampPlan const& stamps)
{
    std::map<int, QPDFObjectHandle> local;
    for (auto [index, form] : stamps.forms) {
        local[index] = in.copyForeignObject(form);
    }
    // Content streams may be shared between pages: one "q" stream serves
    // every page, and identical closing streams are made once.
    QPDFObjectHandle opening = stamps.pages.empty() ? QPDFObjectHandle::newNull() : in.newStream("q\n");
    std::map<std::string, QPDFObjectHandle> closings;
    for (PageStamp ps : stamps.pages) { // a copy: qpdf handles have no const methods
        // The page gets its own shallow copies of /Resources and /XObject,
        // so pages sharing or inheriting those dictionaries are unaffected.
        QPDFObjectHandle res =
            ps.resources.isDictionary() ? ps.resources.shallowCopy() : QPDFObjectHandle::newDictionary();
        QPDFObjectHandle xo = res.getKey("/XObject");
        xo = xo.isDictionary() ? xo.shallowCopy() : QPDFObjectHandle::newDictionary();
        for (size_t i = 0; i < ps.names.size(); ++i) {
            xo.replaceKey(ps.names[i], local.at(ps.overlayIndex[i]));
        }
        res.replaceKey("/XObject", xo);
        ps.page.replaceKey("/Resources", res);

        // Existing content streams are referenced, never rewritten.
        std::vector<QPDFObjectHandle> contents{opening};
        QPDFObjectHandle old = ps.page.getKey("/Contents");
        if (old.isStream()) {
            contents.push_back(old);
        } else if (old.isArray()) {
            for (int i = 0, n = old.getArrayNItems(); i < n; ++i) {
                if (old.getArrayItem(i).isStream()) {
                    contents.push_back(old.getArrayItem(i));
                }
            }
        }
        auto closing = closings.find(ps.closing);
        if (closing == closings.end()) {
            closing = closings.emplace(ps.closing, in.newStream(ps.closing)).first;
        }
        contents.push_back(closing->second);
        ps.page.replaceKey("/Contents", QPDFObjectHandle::newArray(contents));
    }
}

} // namespace

// The first object number an update may use, from the cross-reference data
// and /Size (QPDF::getObjectCount would resolve every object to answer).
// Returns -1 if the numbers are too large to extend safely.
int signet::firstFreeObjectId(QPDF& q)
{
    long long maxId = 0;
    for (auto const& entry : q.getXRefTable()) {
        maxId = std::max<long long>(maxId, entry.first.getObj());
    }
    QPDFObjectHandle size = q.getTrailer().getKey("/Size");
    if (size.isInteger()) {
        maxId = std::max<long long>(maxId, size.getIntValue() - 1);
    }
    return maxId < INT_MAX / 2 ? static_cast<int>(maxId + 1) : -1;
}

namespace {

Failure badPlan(std::string const& why)
{
    return Failure("badPlan", "invalid plan: " + why);
}

// Writing the output over the input would destroy it (the incremental path
// truncates the output before copying the input into it).
bool sameFile(char const* a, char const* b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// qpdf rewrites some files with unusual encryption (e.g. a wrong key length)
// into output whose streams no longer decrypt, without saying so. So a
// rewritten encrypted file is read back and every stream decoded before we
// call it finished.
void verifyEncryptedRewrite(char const* outputPath, char const* password)
{
    QPDF check;
    check.setSuppressWarnings(true);
    check.setAttemptRecovery(false);
    try {
        check.processFile(outputPath, password);
        for (QPDFObjectHandle& o : check.getAllObjects()) {
            Pl_Discard discard;
            bool attempted = false; // (images stay encoded: their filters are not "generalized")
            if (o.isStream() && !o.pipeStreamData(&discard, &attempted, 0, qpdf_dl_generalized, true, false)) {
                throw std::runtime_error("stream " + o.getObjGen().unparse(' ') + " does not decode");
            }
        }
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        throw Failure("damaged", std::string("the encrypted PDF cannot be rewritten faithfully: ") + e.what());
    }
    if (!check.getWarnings().empty()) {
        throw Failure("damaged", "the encrypted PDF cannot be rewritten faithfully: its rewritten streams do not decode");
    }
}

} // namespace

std::string signet::mergeOpened(QPDF& in, Warnings& warnings, size_t structural, char const* inputPath,
                                char const* password, std::vector<QPDF*> const& overlays,
                                std::vector<std::string> const& files, char const* planJson, char const* outputPath)
{
    Plan plan = parsePlan(planJson);
    for (auto& a : plan.attachments) {
        if (a.source >= static_cast<int>(files.size())) {
            throw badPlan("attachment source " + std::to_string(a.source) + " is not a file of this session");
        }
        a.data = files[static_cast<size_t>(a.source)];
    }
    if (outputPath == nullptr || *outputPath == '\0') {
        throw Failure("internal", "no output path given");
    }
    if (sameFile(inputPath, outputPath)) {
        throw Failure("internal", "the output path names the input file");
    }
    // Nothing has created objects in `in` yet (reading does not), so this is
    // still the first number the appended update may use.
    int firstFreeId = firstFreeObjectId(in);

    // Pages: the quick descent when the tree allows it, else qpdf's walk.
    std::vector<QPDFObjectHandle> all;
    bool walked = false, pageTreeAltered = false;
    auto allPages = [&]() -> std::vector<QPDFObjectHandle> {
        if (!walked) {
            walked = true;
            try {
                for (auto& p : QPDFPageDocumentHelper(in).getAllPages()) {
                    all.push_back(p.getObjectHandle());
                }
            } catch (std::bad_alloc const&) {
                throw;
            } catch (std::exception const& e) {
                throw Failure("damaged", std::string("the page tree cannot be read: ") + e.what());
            }
            structural += warnings.drain(in);
            // qpdf repairs some trees in memory (direct or duplicated page
            // objects get new numbers); an appended update would lose that.
            for (auto& p : all) {
                pageTreeAltered = pageTreeAltered || !p.isIndirect() || p.getObjectID() >= firstFreeId;
            }
        }
        return all;
    };
    std::set<int> wanted;
    for (auto const& pl : plan.pages) {
        wanted.insert(pl.page);
    }
    std::map<int, QPDFObjectHandle> pageByNumber;
    long long pageCount = 0;
    if (!wanted.empty()) { // nothing to look up when only removing fields
        bool quick = false;
        try {
            quick = findPagesQuickly(in, wanted, pageByNumber, pageCount);
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const&) {
            quick = false; // qpdf's walk below reports real damage properly
        }
        if (!quick) {
            pageByNumber.clear();
            std::vector<QPDFObjectHandle> pages = allPages();
            pageCount = static_cast<long long>(pages.size());
            for (int n : wanted) {
                if (n <= pageCount) {
                    pageByNumber[n] = pages[n - 1];
                }
            }
        }
        if (pageCount == 0) {
            throw Failure("damaged", "the PDF has no pages");
        }
    }
    structural += warnings.drain(in);

    // The overlays belong to the session (they must outlive writing: their
    // streams are read lazily); their pages are looked up once each.
    std::vector<std::vector<QPDFPageObjectHelper>> overlayPages(overlays.size());
    for (size_t i = 0; i < overlays.size(); ++i) {
        try {
            overlayPages[i] = QPDFPageDocumentHelper(*overlays[i]).getAllPages();
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const& e) {
            throw Failure("internal", std::string("the overlay cannot be used: ") + e.what());
        }
        overlays[i]->getWarnings(); // the overlay's quirks are not the input's
    }
    for (auto const& pl : plan.pages) {
        if (pl.page > pageCount) {
            throw badPlan("page " + std::to_string(pl.page) + " is out of range (the document has " +
                          std::to_string(pageCount) + ")");
        }
        if (pl.source >= static_cast<int>(overlays.size())) {
            throw badPlan("source " + std::to_string(pl.source) + " is not an overlay of this session");
        }
        auto const& pages = overlayPages[static_cast<size_t>(pl.source)];
        if (pl.overlayPage > static_cast<int>(pages.size())) {
            throw badPlan("overlay page " + std::to_string(pl.overlayPage) + " is out of range (the overlay has " +
                          std::to_string(pages.size()) + ")");
        }
    }

    // Decide everything once; both writers follow the same StampPlan.
    StampPlan stamps;
    std::map<int, std::vector<Placement>> perPage; // plan order kept within a page
    for (auto const& pl : plan.pages) {
        perPage[pl.page].push_back(pl);
        if (!stamps.forms.count(formKey(pl))) {
            try {
                // No transformation of our own: the caller's matrix says it all.
                stamps.forms[formKey(pl)] =
                    overlayPages[static_cast<size_t>(pl.source)][static_cast<size_t>(pl.overlayPage - 1)]
                        .getFormXObjectForPage(false);
            } catch (std::bad_alloc const&) {
                throw;
            } catch (std::exception const& e) {
                throw Failure("internal", std::string("the overlay cannot be used: ") + e.what());
            }
        }
    }
    for (auto const& [n, placements] : perPage) {
        stamps.pages.push_back(planPage(pageByNumber.at(n), placements));
    }
    std::set<QPDFObjGen> modified;
    if (!plan.removeFields.empty()) {
        removeFields(in, plan.removeFields, allPages, modified, warnings);
    }
    size_t touched = warnings.drain(in);

    std::string mode = plan.mode;
    SealPlaced sealed;
    bool hasSeal = false;
    if (mode != "rewrite") {
        TailInfo tail = analyseTail(inputPath);
        std::string reason;
        if (in.isEncrypted()) {
            reason = "the input is encrypted";
        } else if (!tail.ok) {
            reason = tail.problem;
        } else if (firstFreeId < 0) {
            reason = "object numbers are too large";
        } else if (!in.getTrailer().getKey("/Root").isIndirect()) {
            reason = "the trailer has no indirect /Root";
        } else if (structural > 0 || pageTreeAltered) {
            reason = "the input needed repair";
        } else if (mode == "auto" && touched > 0) {
            reason = "objects being changed needed repair";
        }
        // The seal joins the stamp's own update only on a clean file; otherwise the caller
        // appends it after reading the output afresh, which refuses what needed repair.
        SealObjects seal;
        if (reason.empty() && plan.seal.wanted && warnings.total == 0) {
            requireChangesAllowed(in.getTrailer().getKey("/Root"));
            auto numbered = pageByNumber.find(1);
            QPDFObjectHandle page = numbered != pageByNumber.end() ? numbered->second : sealPage(in);
            if (warnings.drain(in) == 0) {
                seal = addSeal(in, page, firstFreeId, plan.seal, modified);
                hasSeal = true;
            }
        }
        if (reason.empty()) {
            try {
                int nextFree = hasSeal ? firstFreeId + 2 : firstFreeId;
                std::vector<UpdateObject> objects = serialiseUpdate(in, stamps, modified, plan.attachments, nextFree);
                objects.insert(objects.end(), seal.objects.begin(), seal.objects.end());
                std::sort(objects.begin(), objects.end(),
                          [](UpdateObject const& a, UpdateObject const& b) { return a.id < b.id; });
                writeIncremental(in, inputPath, outputPath, tail, nextFree, std::move(objects),
                                 hasSeal ? sealByteRange(seal, sealed) : UpdateHook());
                mode = "incremental";
            } catch (std::bad_alloc const&) {
                throw;
            } catch (std::exception const& e) {
                if (hasSeal) {
                    throw; // `in` now holds the seal's references to objects only the update has
                }
                reason = std::string("incremental update failed: ") + e.what();
                warnings.add(reason + "; the file was rewritten"); // unexpected, so always said
            }
        }
        if (!reason.empty()) {
            if (plan.mode == "incremental" && reason.rfind("incremental update failed", 0) != 0) {
                warnings.add("incremental update not possible (" + reason + "); the file was rewritten");
            }
            mode = "rewrite";
        }
    }
    if (mode == "rewrite") {
        applyWithQpdf(in, stamps);
        attachWithQpdf(in, plan.attachments);
        QPDFWriter w(in, outputPath); // keeps object streams and encryption by default
        w.write();
        if (in.isEncrypted()) {
            verifyEncryptedRewrite(outputPath, password);
        }
    }
    warnings.drain(in);

    // The incremental path only reads `in`; with no field removed, no seal added and
    // nothing repaired on the way, the parsed file is still exactly the input.
    bool reusable = mode == "incremental" && plan.removeFields.empty() && !hasSeal && warnings.total == 0;
    JsonOut j;
    j.beginObject().key("ok").boolean(true).key("mode").str(mode).key("warnings");
    warnings.write(j);
    j.key("reusable").boolean(reusable);
    if (hasSeal) {
        j.key("seal").beginObject();
        writeSealPlaced(j, sealed);
        j.endObject();
    }
    j.endObject();
    return j.text();
}

