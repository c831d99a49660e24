// signet_qpdf_inspect: a JSON report of a PDF's structure.
//
// Files reaching this code are often hostile, so every walk is bounded: loops
// in /Parent, /Kids, /Next or outline chains must end, and counts are capped so
// that a file with a million annotations cannot make the answer huge.
#include "signet_qpdf.h"
#include "sq_internal.hpp"

#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFFormFieldObjectHelper.hh>
#include <qpdf/QPDFOutlineDocumentHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageLabelDocumentHelper.hh>

#include <algorithm>
#include <cmath>
#include <map>

using namespace signet;

namespace {

constexpr int kMaxAnnotsPerPage = 10000;
constexpr size_t kMaxFields = 10000;
constexpr size_t kMaxWidgetsPerField = 1000;
constexpr int kMaxOptions = 1000;
constexpr int kMaxOutlineItems = 100000;

// Reads /Rotate the way viewers do: any integer, reduced to 0..359 and then
// snapped to the nearest quarter turn (mupdf's rule; the PDF spec only
// allows multiples of 90, but files in the wild carry others).
int normalisedRotation(QPDFObjectHandle r)
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

// True if `action` (or any action chained after it through /Next) is a
// JavaScript action. /Next may hold a dictionary or an array of them.
bool isJavaScriptAction(QPDFObjectHandle action)
{
    std::vector<QPDFObjectHandle> todo{action};
    std::set<QPDFObjGen> seen;
    for (int budget = 64; !todo.empty() && budget > 0; --budget) {
        QPDFObjectHandle a = todo.back();
        todo.pop_back();
        if (!a.isDictionary() || (a.isIndirect() && !seen.insert(a.getObjGen()).second)) {
            continue;
        }
        QPDFObjectHandle s = a.getKey("/S");
        if (s.isName() && s.getName() == "/JavaScript") {
            return true;
        }
        QPDFObjectHandle next = a.getKey("/Next");
        if (next.isDictionary()) {
            todo.push_back(next);
        } else if (next.isArray()) {
            for (int i = 0, n = std::min(next.getArrayNItems(), 64); i < n; ++i) {
                todo.push_back(next.getArrayItem(i));
            }
        }
    }
    return false;
}

// Checks a dictionary's /A action and its /AA trigger actions.
bool hasJavaScriptTrigger(QPDFObjectHandle dict)
{
    if (!dict.isDictionary()) {
        return false;
    }
    if (isJavaScriptAction(dict.getKey("/A"))) {
        return true;
    }
    QPDFObjectHandle aa = dict.getKey("/AA");
    if (aa.isDictionary()) {
        for (auto const& k : aa.getKeys()) {
            if (isJavaScriptAction(aa.getKey(k))) {
                return true;
            }
        }
    }
    return false;
}

bool catalogHasJavaScript(QPDFObjectHandle root)
{
    QPDFObjectHandle names = root.getKey("/Names");
    if (names.isDictionary() && !names.getKey("/JavaScript").isNull()) {
        return true;
    }
    return isJavaScriptAction(root.getKey("/OpenAction")) || hasJavaScriptTrigger(root);
}

int countOutlineItems(QPDF& q)
{
    // The helper itself refuses to revisit an item and stops at a fixed depth,
    // so the tree it builds is finite; we still cap the total.
    QPDFOutlineDocumentHelper outlines(q);
    std::vector<QPDFOutlineObjectHelper> todo = outlines.getTopLevelOutlines();
    int count = 0;
    while (!todo.empty() && count < kMaxOutlineItems) {
        QPDFOutlineObjectHelper item = todo.back();
        todo.pop_back();
        ++count;
        for (auto& kid : item.getKids()) {
            todo.push_back(kid);
        }
    }
    return count;
}

struct PageLookup {
    std::map<QPDFObjGen, int> const& annotPage; // annotation -> 1-based page
    std::map<QPDFObjGen, int> const& pageNumber; // page object -> 1-based page

    int pageOf(QPDFObjectHandle annot) const
    {
        if (annot.isIndirect()) {
            auto it = annotPage.find(annot.getObjGen());
            if (it != annotPage.end()) {
                return it->second;
            }
        }
        // Not listed in any /Annots: trust the optional /P back-pointer.
        QPDFObjectHandle p = annot.getKey("/P");
        if (p.isIndirect()) {
            auto it = pageNumber.find(p.getObjGen());
            if (it != pageNumber.end()) {
                return it->second;
            }
        }
        return 0;
    }
};

std::string fieldType(QPDFFormFieldObjectHelper& f, int flags)
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

void writeValue(JsonOut& j, QPDFObjectHandle v)
{
    if (v.isString()) {
        j.str(v.getUTF8Value());
    } else if (v.isName()) {
        j.str(bareName(v));
    } else if (v.isArray() && v.getArrayNItems() > 0 && v.getArrayItem(0).isString()) {
        // Multi-select list box: report the first selection.
        j.str(v.getArrayItem(0).getUTF8Value());
    } else {
        j.null();
    }
}

std::vector<std::string> choiceOptions(QPDFObjectHandle opt)
{
    std::vector<std::string> out;
    if (!opt.isArray()) {
        return out;
    }
    for (int i = 0, n = std::min(opt.getArrayNItems(), kMaxOptions); i < n; ++i) {
        QPDFObjectHandle item = opt.getArrayItem(i);
        if (item.isArray() && item.getArrayNItems() >= 1) {
            // [export-value display-text]: show the display text.
            item = item.getArrayItem(std::min(item.getArrayNItems() - 1, 1));
        }
        if (item.isString()) {
            out.push_back(item.getUTF8Value());
        }
    }
    return out;
}

// "On" appearance states of check boxes and radio buttons: the keys of each
// widget's /AP /N dictionary other than /Off.
std::vector<std::string> buttonStates(std::vector<QPDFAnnotationObjectHelper>& widgets)
{
    std::vector<std::string> out;
    for (auto& w : widgets) {
        QPDFObjectHandle ap = w.getObjectHandle().getKey("/AP");
        QPDFObjectHandle n = ap.isDictionary() ? ap.getKey("/N") : QPDFObjectHandle::newNull();
        if (!n.isDictionary()) {
            continue;
        }
        for (auto const& k : n.getKeys()) {
            std::string state = k.substr(1);
            if (k != "/Off" && std::find(out.begin(), out.end(), state) == out.end() &&
                out.size() < static_cast<size_t>(kMaxOptions)) {
                out.push_back(state);
            }
        }
    }
    return out;
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
    for (size_t i = 0; i < pages.size(); ++i) {
        QPDFObjectHandle page = pages[i].getObjectHandle();
        pageNumber.emplace(page.getObjGen(), static_cast<int>(i + 1));
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
        pj.beginObject();
        pj.key("mediaBox").beginArray().num(media.x0).num(media.y0).num(media.x1).num(media.y1).endArray();
        pj.key("cropBox").beginArray().num(crop.x0).num(crop.y0).num(crop.x1).num(crop.y1).endArray();
        pj.key("rotate").integer(normalisedRotation(inheritedPageAttribute(page, "/Rotate")));
        pj.key("userUnit").num(userUnit);
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
    pj.endArray();

    // Forms. The helper walks /Fields with its own loop and depth guards.
    JsonOut fj, sj;
    bool xfa = false, anyWidget = false;
    fj.beginArray();
    sj.beginArray();
    QPDFObjectHandle acroForm = root.getKey("/AcroForm");
    if (acroForm.isDictionary()) {
        xfa = !acroForm.getKey("/XFA").isNull();
        try {
            QPDFAcroFormDocumentHelper afdh(q);
            std::vector<QPDFFormFieldObjectHelper> fields = afdh.getFormFields();
            PageLookup ctx{annotPage, pageNumber};
            for (size_t fi = 0; fi < fields.size() && fi < kMaxFields; ++fi) {
                QPDFFormFieldObjectHelper& f = fields[fi];
                QPDFObjectHandle fo = f.getObjectHandle();
                int flags = f.getFlags();
                std::string type = fieldType(f, flags);
                std::string name = f.getFullyQualifiedName();
                std::vector<QPDFAnnotationObjectHelper> widgets = afdh.getAnnotationsForField(f);
                if (widgets.size() > kMaxWidgetsPerField) {
                    widgets.erase(widgets.begin() + kMaxWidgetsPerField, widgets.end());
                }
                anyWidget = anyWidget || !widgets.empty();
                javascript = javascript || hasJavaScriptTrigger(fo);

                fj.beginObject().key("name").str(name).key("type").str(type);
                fj.key("flags").integer(flags);
                fj.key("readOnly").boolean(flags & 1);
                fj.key("required").boolean(flags & 2);
                fj.key("multiline").boolean(type == "text" && (flags & (1 << 12)));
                QPDFObjectHandle value = f.getInheritableFieldValue("/V");
                fj.key("value");
                if (type == "signature") {
                    fj.null(); // a signature's /V is a dictionary, reported below
                } else {
                    writeValue(fj, value);
                }
                fj.key("options").beginArray();
                std::vector<std::string> options;
                if (type == "dropdown" || type == "listbox") {
                    options = choiceOptions(f.getInheritableFieldValue("/Opt"));
                } else if (type == "checkbox" || type == "radio") {
                    options = buttonStates(widgets);
                }
                for (auto const& o : options) {
                    fj.str(o);
                }
                fj.endArray();
                QPDFObjectHandle maxLen = f.getInheritableFieldValue("/MaxLen");
                fj.key("maxLength");
                (type == "text" && maxLen.isInteger() && maxLen.getIntValue() >= 0)
                    ? fj.integer(std::min<long long>(maxLen.getIntValue(), 1 << 30))
                    : fj.null();
                fj.key("widgets").beginArray();
                int firstPage = 0;
                for (auto& w : widgets) {
                    QPDFObjectHandle wo = w.getObjectHandle();
                    Rect r;
                    if (!readRect(wo.getKey("/Rect"), r)) {
                        continue;
                    }
                    int page = ctx.pageOf(wo);
                    firstPage = firstPage ? firstPage : page;
                    fj.beginObject().key("page");
                    page ? fj.integer(page) : fj.null();
                    fj.key("rect").beginArray().num(r.x0).num(r.y0).num(r.x1).num(r.y1).endArray();
                    fj.endObject();
                }
                fj.endArray().endObject();

                if (type == "signature") {
                    sj.beginObject().key("name").str(name).key("signed").boolean(!value.isNull());
                    sj.key("page");
                    firstPage ? sj.integer(firstPage) : sj.null();
                    sj.endObject();
                }
            }
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const& e) {
            // A broken form should not hide the rest of the report.
            warnings.add(std::string("form fields could not be fully read: ") + e.what());
        }
    }
    fj.endArray();
    sj.endArray();

    int outlineCount = 0;
    try {
        outlineCount = countOutlineItems(q);
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        warnings.add(std::string("outlines could not be read: ") + e.what());
    }
    javascript = javascript || catalogHasJavaScript(root);
    QPDFObjectHandle markInfo = root.getKey("/MarkInfo");
    QPDFObjectHandle marked = markInfo.isDictionary() ? markInfo.getKey("/Marked") : QPDFObjectHandle::newNull();
    bool tagged = (marked.isBool() && marked.getBoolValue()) || !root.getKey("/StructTreeRoot").isNull();
    std::vector<std::pair<std::string, std::string>> infoItems;
    QPDFObjectHandle info = q.getTrailer().getKey("/Info");
    if (info.isDictionary()) {
        for (char const* k : {"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate",
                              "ModDate"}) {
            QPDFObjectHandle v = info.getKey(std::string("/") + k);
            if (v.isString()) {
                infoItems.emplace_back(k, v.getUTF8Value());
            }
        }
    }
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
    j.key("xfa").boolean(xfa);
    j.key("xfaOnly").boolean(xfa && !anyWidget);
    j.key("javascript").boolean(javascript);
    j.key("tagged").boolean(tagged);
    j.key("outlineCount").integer(outlineCount);
    j.key("linkCount").integer(linkCount);
    j.key("signatures").raw(sj.text());
    j.key("fields").raw(fj.text());
    j.endObject();
    return j.text();
}
