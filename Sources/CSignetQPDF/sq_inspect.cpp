// signet_qpdf_inspect: a JSON report of a PDF's structure.
//
// Files reaching this code are often hostile, so every walk is bounded: loops
// in /Parent, /Kids, /Next or outline chains must end, and counts are capped so
// that a file with a million annotations cannot make the answer huge.
#include "signet_qpdf.h"
#include "sq_inspect.hpp"
#include "sq_layout.hpp"

#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageLabelDocumentHelper.hh>

#include <algorithm>
#include <cmath>
#include <map>

using namespace signet;

namespace {

constexpr int kMaxAnnotsPerPage = 10000;
constexpr int kMaxOutlineItems = 100000;

std::string romanNumeral(long long n, bool upper)
{
    static const std::pair<int, char const*> table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                         {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                         {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                         {1, "i"}};
    std::string out;
    for (auto const& [value, digits] : table) {
        for (; n >= value; n -= value) {
            out += digits;
        }
    }
    if (upper) {
        std::transform(out.begin(), out.end(), out.begin(), ::toupper);
    }
    return out;
}

// Formats a page label dictionary as returned by getLabelForPage (which has
// already adjusted /St for the page): /P prefix plus the number in style /S.
std::string formatLabel(QPDFObjectHandle d)
{
    std::string label;
    QPDFObjectHandle prefix = d.getKey("/P");
    if (prefix.isString()) {
        label = prefix.getUTF8Value();
    }
    QPDFObjectHandle st = d.getKey("/St");
    long long n = st.isInteger() ? st.getIntValue() : 1;
    std::string style = d.getKey("/S").isName() ? d.getKey("/S").getName() : "";
    // Roman numerals and letters only make sense for positive, sane numbers;
    // fall back to decimal rather than build enormous strings.
    if ((style == "/R" || style == "/r") && n >= 1 && n < 5000) {
        label += romanNumeral(n, style == "/R");
    } else if ((style == "/A" || style == "/a") && n >= 1 && n <= 26 * 50) {
        char letter = static_cast<char>((style == "/A" ? 'A' : 'a') + (n - 1) % 26);
        label += std::string(static_cast<size_t>((n - 1) / 26 + 1), letter);
    } else if (!style.empty()) {
        label += std::to_string(n);
    }
    return label;
}

bool catalogHasJavaScript(QPDFObjectHandle root)
{
    QPDFObjectHandle names = root.getKey("/Names");
    if (names.isDictionary() && !names.getKey("/JavaScript").isNull()) {
        return true;
    }
    return isJavaScriptAction(root.getKey("/OpenAction")) || hasJavaScriptTrigger(root);
}

// Counts outline items with our own walk over /First and /Next. qpdf 11.3's
// QPDFOutlineDocumentHelper builds the whole tree eagerly and, on crafted
// files whose items share children, takes exponential time (two fuzz files
// of the robustness corpus never finish), so it is not used here. Each
// indirect item is visited once, and the total is capped.
int countOutlineItems(QPDFObjectHandle root)
{
    QPDFObjectHandle outlines = root.getKey("/Outlines");
    if (!outlines.isDictionary()) {
        return 0;
    }
    std::vector<QPDFObjectHandle> todo{outlines.getKey("/First")};
    std::set<QPDFObjGen> seen;
    int count = 0;
    for (int budget = 4 * kMaxOutlineItems; !todo.empty() && count < kMaxOutlineItems && budget > 0; --budget) {
        QPDFObjectHandle item = todo.back();
        todo.pop_back();
        if (!item.isDictionary() || (item.isIndirect() && !seen.insert(item.getObjGen()).second)) {
            continue;
        }
        ++count;
        todo.push_back(item.getKey("/Next"));
        todo.push_back(item.getKey("/First"));
    }
    return count;
}

} // namespace

// Declared here, defined below: the body of signet_qpdf_inspect.
static std::string inspect(char const* path, char const* password);

extern "C" char* signet_qpdf_inspect(char const* path, char const* password)
{
    return guarded([&] { return inspect(path, password); });
}

static std::string inspect(char const* path, char const* password)
{
    QPDF q;
    Warnings warnings;
    openPdf(q, path, password);
    warnings.drain(q);

    std::vector<QPDFPageObjectHelper> pages;
    try {
        pages = QPDFPageDocumentHelper(q).getAllPages();
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        throw Failure("damaged", std::string("the page tree cannot be read: ") + e.what());
    }
    if (pages.empty()) {
        throw Failure("damaged", "the PDF has no pages");
    }
    warnings.drain(q);

    QPDFObjectHandle root = q.getRoot();
    // Pages, fields and signatures are written into side buffers because
    // "repaired"/"warnings" come first in the answer but are only known once
    // everything was walked.
    JsonOut pj;
    std::map<QPDFObjGen, int> pageNumber, annotPage;
    int linkCount = 0;
    bool javascript = false;
    std::unique_ptr<QPDFPageLabelDocumentHelper> labels;
    try {
        labels = std::make_unique<QPDFPageLabelDocumentHelper>(q);
        if (!labels->hasPageLabels()) {
            labels.reset();
        }
    } catch (std::exception const&) {
        warnings.add("page labels could not be read");
        labels.reset();
    }
    pj.beginArray();
    try {
    for (size_t i = 0; i < pages.size(); ++i) {
        QPDFObjectHandle page = pages[i].getObjectHandle();
        pageNumber.emplace(page.getObjGen(), static_cast<int>(i + 1));
        pj.beginObject();
        writePageGeometry(page, pj);
        pj.key("label");
        try {
            QPDFObjectHandle d = labels ? labels->getLabelForPage(static_cast<long long>(i))
                                        : QPDFObjectHandle::newNull();
            d.isDictionary() ? pj.str(formatLabel(d)) : pj.null();
        } catch (std::exception const&) {
            pj.null();
        }
        pj.endObject();

        // Annotations: links, JavaScript actions, and which page each widget is on.
        javascript = javascript || hasJavaScriptTrigger(page);
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (annots.isArray()) {
            for (int k = 0, n = std::min(annots.getArrayNItems(), kMaxAnnotsPerPage); k < n; ++k) {
                QPDFObjectHandle a = annots.getArrayItem(k);
                if (!a.isDictionary()) {
                    continue;
                }
                if (a.isIndirect()) {
                    annotPage.emplace(a.getObjGen(), static_cast<int>(i + 1));
                }
                QPDFObjectHandle subtype = a.getKey("/Subtype");
                if (subtype.isName() && subtype.getName() == "/Link") {
                    ++linkCount;
                }
                javascript = javascript || hasJavaScriptTrigger(a);
            }
        }
    }
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        // Page geometry is what callers need most; without it the file is
        // as good as unreadable.
        throw Failure("damaged", std::string("a page cannot be read: ") + e.what());
    }
    pj.endArray();

    FormReport forms = reportForms(q, annotPage, pageNumber, warnings);
    javascript = javascript || forms.javascript;

    // Catalog-level facts are nice to have: if reading one throws, note it
    // and carry on with the rest of the report.
    auto soft = [&](char const* what, auto&& fn) {
        try {
            fn();
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const& e) {
            warnings.add(std::string(what) + " could not be read: " + e.what());
        }
    };
    int outlineCount = 0;
    bool tagged = false;
    std::vector<std::pair<std::string, std::string>> infoItems;
    soft("outlines", [&] { outlineCount = countOutlineItems(root); });
    soft("document actions", [&] { javascript = javascript || catalogHasJavaScript(root); });
    soft("/MarkInfo", [&] {
        QPDFObjectHandle markInfo = root.getKey("/MarkInfo");
        QPDFObjectHandle marked = markInfo.isDictionary() ? markInfo.getKey("/Marked") : QPDFObjectHandle::newNull();
        tagged = (marked.isBool() && marked.getBoolValue()) || !root.getKey("/StructTreeRoot").isNull();
    });
    soft("document information", [&] {
        QPDFObjectHandle info = q.getTrailer().getKey("/Info");
        if (!info.isDictionary()) {
            return;
        }
        for (char const* k : {"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate",
                              "ModDate"}) {
            QPDFObjectHandle v = info.getKey(std::string("/") + k);
            if (v.isString()) {
                infoItems.emplace_back(k, v.getUTF8Value());
            }
        }
    });
    warnings.drain(q); // last: reading objects above may itself have needed repairs

    JsonOut j;
    j.beginObject().key("ok").boolean(true);
    j.key("version").str(q.getPDFVersion());
    j.key("encrypted").boolean(q.isEncrypted());
    j.key("repaired").boolean(warnings.total > 0);
    j.key("warnings");
    warnings.write(j);
    j.key("pageCount").integer(static_cast<long long>(pages.size()));
    j.key("pages").raw(pj.text());
    j.key("info").beginObject();
    for (auto const& [k, v] : infoItems) {
        j.key(k).str(v);
    }
    j.endObject();
    j.key("xfa").boolean(forms.xfa);
    j.key("xfaOnly").boolean(forms.xfa && !forms.anyWidget);
    j.key("javascript").boolean(javascript);
    j.key("tagged").boolean(tagged);
    j.key("outlineCount").integer(outlineCount);
    j.key("linkCount").integer(linkCount);
    j.key("signatures").raw(forms.signatures);
    j.key("fields").raw(forms.fields);
    j.endObject();
    return j.text();
}
