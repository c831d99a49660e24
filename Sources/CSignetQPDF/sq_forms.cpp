// The AcroForm part of signet_qpdf_inspect: fields, widgets, signatures, and
// JavaScript action detection (shared with the page and catalog checks).
#include "sq_inspect.hpp"

#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QPDFFormFieldObjectHelper.hh>

#include <algorithm>

namespace signet {

namespace {

constexpr size_t kMaxFields = 10000;
constexpr size_t kMaxWidgetsPerField = 1000;
constexpr int kMaxOptions = 1000;

void writeValue(JsonOut& j, QPDFObjectHandle v)
{
    if (v.isString()) {
        j.str(v.getUTF8Value());
    } else if (v.isName()) {
        j.str(bareName(v));
    } else if (v.isArray() && v.getArrayNItems() > 0 && v.getArrayItem(0).isString()) {
        j.str(v.getArrayItem(0).getUTF8Value()); // multi-select list box: the first selection
    } else {
        j.null();
    }
}

// Display texts of a choice field's /Opt ([export display] pairs show the
// display text).
std::vector<std::string> choiceOptions(QPDFObjectHandle opt)
{
    std::vector<std::string> out;
    for (int i = 0, n = opt.isArray() ? std::min(opt.getArrayNItems(), kMaxOptions) : 0; i < n; ++i) {
        QPDFObjectHandle item = opt.getArrayItem(i);
        if (item.isArray() && item.getArrayNItems() >= 1) {
            item = item.getArrayItem(std::min(item.getArrayNItems() - 1, 1));
        }
        if (item.isString()) {
            out.push_back(item.getUTF8Value());
        }
    }
    return out;
}

// "On" states of check boxes and radio buttons: the keys of each widget's
// /AP /N dictionary other than /Off, without duplicates.
std::vector<std::string> buttonStates(std::vector<QPDFAnnotationObjectHelper>& widgets)
{
    std::vector<std::string> out;
    for (auto& w : widgets) {
        QPDFObjectHandle ap = w.getObjectHandle().getKey("/AP");
        QPDFObjectHandle n = ap.isDictionary() ? ap.getKey("/N") : QPDFObjectHandle::newNull();
        for (auto const& k : n.isDictionary() ? n.getKeys() : std::set<std::string>()) {
            std::string state = k.substr(1);
            if (k != "/Off" && std::find(out.begin(), out.end(), state) == out.end() &&
                out.size() < static_cast<size_t>(kMaxOptions)) {
                out.push_back(state);
            }
        }
    }
    return out;
}

// The field a terminal node belongs to for reporting: the nearest node,
// itself or an ancestor, that carries a /T. qpdf reports each nameless kid
// of a radio group as its own terminal field; callers want one field "r1"
// with three widgets, not three fields all named "r1".
QPDFObjectHandle namedField(QPDFObjectHandle node)
{
    std::set<QPDFObjGen> seen;
    QPDFObjectHandle cur = node;
    for (int depth = 0; depth < 32 && cur.isDictionary(); ++depth) {
        if (cur.hasKey("/T")) {
            return cur;
        }
        if (cur.isIndirect() && !seen.insert(cur.getObjGen()).second) {
            break;
        }
        cur = cur.getKey("/Parent");
    }
    return node;
}

struct FieldGroup {
    QPDFObjectHandle field;
    std::vector<QPDFAnnotationObjectHelper> widgets;
};

} // namespace

bool isJavaScriptAction(QPDFObjectHandle action)
{
    // Actions chain through /Next (a dictionary or an array of them).
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

bool hasJavaScriptTrigger(QPDFObjectHandle dict)
{
    if (!dict.isDictionary()) {
        return false;
    }
    if (isJavaScriptAction(dict.getKey("/A"))) {
        return true;
    }
    QPDFObjectHandle aa = dict.getKey("/AA");
    for (auto const& k : aa.isDictionary() ? aa.getKeys() : std::set<std::string>()) {
        if (isJavaScriptAction(aa.getKey(k))) {
            return true;
        }
    }
    return false;
}

FormReport reportForms(QPDF& q, std::map<QPDFObjGen, int> const& annotPage,
                       std::map<QPDFObjGen, int> const& pageNumber, Warnings& warnings)
{
    FormReport report;
    QPDFObjectHandle acroForm = q.getRoot().getKey("/AcroForm");
    if (!acroForm.isDictionary()) {
        return report;
    }
    report.xfa = !acroForm.getKey("/XFA").isNull();
    auto pageOf = [&](QPDFObjectHandle annot) -> int {
        auto it = annot.isIndirect() ? annotPage.find(annot.getObjGen()) : annotPage.end();
        if (it != annotPage.end()) {
            return it->second;
        }
        // Not listed in any /Annots: trust the optional /P back-pointer.
        QPDFObjectHandle p = annot.getKey("/P");
        auto pit = p.isIndirect() ? pageNumber.find(p.getObjGen()) : pageNumber.end();
        return pit != pageNumber.end() ? pit->second : 0;
    };

    JsonOut fj, sj;
    fj.beginArray();
    sj.beginArray();
    try {
        // The helper walks /Fields with its own loop and depth guards.
        QPDFAcroFormDocumentHelper afdh(q);
        std::vector<FieldGroup> groups;
        std::map<QPDFObjGen, size_t> groupOf;
        for (auto& f : afdh.getFormFields()) {
            QPDFObjectHandle owner = namedField(f.getObjectHandle());
            auto [it, added] = groupOf.emplace(owner.getObjGen(), groups.size());
            if (added || !owner.isIndirect()) {
                if (groups.size() >= kMaxFields) {
                    break;
                }
                it->second = groups.size();
                groups.push_back({owner, {}});
            }
            auto& widgets = groups[it->second].widgets;
            for (auto& w : afdh.getAnnotationsForField(f)) {
                if (widgets.size() < kMaxWidgetsPerField) {
                    widgets.push_back(w);
                }
            }
        }
        for (auto& g : groups) {
            QPDFFormFieldObjectHelper f(g.field);
            int flags = f.getFlags();
            std::string type = fieldKind(f, flags);
            std::string name = f.getFullyQualifiedName();
            report.anyWidget = report.anyWidget || !g.widgets.empty();
            report.javascript = report.javascript || hasJavaScriptTrigger(g.field);

            // Each field is built apart and appended whole, so an exception
            // half-way through one cannot leave the array malformed.
            JsonOut fo, so;
            fo.beginObject().key("name").str(name).key("type").str(type);
            fo.key("flags").integer(flags);
            fo.key("readOnly").boolean(flags & 1);
            fo.key("required").boolean(flags & 2);
            fo.key("multiline").boolean(type == "text" && (flags & (1 << 12)));
            QPDFObjectHandle value = f.getInheritableFieldValue("/V");
            fo.key("value");
            if (type == "signature") {
                fo.null(); // a signature's /V is a dictionary; see "signatures"
            } else {
                writeValue(fo, value);
            }
            std::vector<std::string> options;
            if (type == "dropdown" || type == "listbox") {
                options = choiceOptions(f.getInheritableFieldValue("/Opt"));
            } else if (type == "checkbox" || type == "radio") {
                options = buttonStates(g.widgets);
            }
            fo.key("options").beginArray();
            for (auto const& o : options) {
                fo.str(o);
            }
            fo.endArray();
            QPDFObjectHandle maxLen = f.getInheritableFieldValue("/MaxLen");
            fo.key("maxLength");
            if (type == "text" && maxLen.isInteger() && maxLen.getIntValue() >= 0) {
                fo.integer(std::min<long long>(maxLen.getIntValue(), 1 << 30));
            } else {
                fo.null();
            }
            fo.key("widgets").beginArray();
            int firstPage = 0;
            for (auto& w : g.widgets) {
                QPDFObjectHandle wo = w.getObjectHandle();
                Rect r;
                if (!readRect(wo.getKey("/Rect"), r)) {
                    continue;
                }
                int page = pageOf(wo);
                firstPage = firstPage ? firstPage : page;
                fo.beginObject().key("page");
                page ? fo.integer(page) : fo.null();
                fo.key("rect").beginArray().num(r.x0).num(r.y0).num(r.x1).num(r.y1).endArray();
                // Each radio button has its own on-state: the value it gives the group.
                std::vector<QPDFAnnotationObjectHelper> single{w};
                auto states = buttonStates(single);
                if (!states.empty()) fo.key("onState").str(states.front());
                fo.endObject();
            }
            fo.endArray().endObject();

            if (type == "signature") {
                so.beginObject().key("name").str(name).key("signed").boolean(!value.isNull()).key("page");
                firstPage ? so.integer(firstPage) : so.null();
                so.endObject();
                sj.raw(so.text());
            }
            fj.raw(fo.text());
        }
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        // A broken form should not hide the rest of the report; what was
        // gathered so far is kept.
        warnings.add(std::string("form fields could not be fully read: ") + e.what());
    }
    fj.endArray();
    sj.endArray();
    report.fields = fj.text();
    report.signatures = sj.text();
    return report;
}

} // namespace signet
