// Locating the pages and form fields a merge changes, touching as few objects
// as possible: qpdf resolves objects lazily, and on files whose objects sit in
// object streams every object touched may mean decompressing a whole stream.
#include "sq_merge.hpp"

namespace signet {

namespace {

// How many pages a /Kids entry stands for: /Count for an intermediate node
// (one with /Kids, qpdf's own test), 1 for a page, -1 if unusable.
long long pagesUnder(QPDFObjectHandle kid)
{
    if (!kid.isDictionary()) {
        return -1;
    }
    if (kid.hasKey("/Kids")) {
        QPDFObjectHandle c = kid.getKey("/Count");
        return (c.isInteger() && c.getIntValue() >= 0) ? c.getIntValue() : -1;
    }
    return 1;
}

bool sameObject(QPDFObjectHandle a, QPDFObjectHandle b)
{
    return a.isIndirect() && b.isIndirect() && a.getObjGen() == b.getObjGen();
}

} // namespace

bool findPagesQuickly(QPDF& q, std::set<int> const& wanted, std::map<int, QPDFObjectHandle>& found,
                      long long& pageCount)
{
    QPDFObjectHandle root = q.getRoot().getKey("/Pages");
    if (!root.isDictionary() || !root.isIndirect() || !root.hasKey("/Kids") || root.hasKey("/Parent")) {
        return false;
    }
    pageCount = pagesUnder(root);
    if (pageCount < 0) {
        return false;
    }
    std::set<QPDFObjGen> distinct;
    for (int n : wanted) {
        if (n < 1 || n > pageCount) {
            continue; // out of range; the caller reports it
        }
        long long idx = n - 1;
        QPDFObjectHandle node = root;
        std::set<QPDFObjGen> path;
        for (int depth = 0;; ++depth) {
            if (depth > 64 || !path.insert(node.getObjGen()).second) {
                return false; // absurdly deep or cyclic
            }
            QPDFObjectHandle kids = node.getKey("/Kids");
            if (!kids.isArray() || kids.getArrayNItems() > 100000) {
                return false;
            }
            // Every kid's count is needed to check this node's /Count, so
            // all kids of the nodes on the path are resolved; other
            // subtrees are never touched.
            long long sum = 0, nextIdx = 0;
            bool haveNext = false;
            QPDFObjectHandle next;
            for (int i = 0, nk = kids.getArrayNItems(); i < nk; ++i) {
                QPDFObjectHandle kid = kids.getArrayItem(i);
                long long c = pagesUnder(kid);
                if (c < 0 || !kid.isIndirect()) {
                    return false;
                }
                if (!haveNext && idx < sum + c) {
                    next = kid;
                    nextIdx = idx - sum;
                    haveNext = true;
                }
                sum += c;
            }
            // /Count must agree with the kids, and /Parent must point back
            // (inheritance follows /Parent); otherwise readers may disagree
            // about numbering, so let qpdf's full walk decide.
            if (!haveNext || sum != pagesUnder(node) || !sameObject(next.getKey("/Parent"), node)) {
                return false;
            }
            if (!next.hasKey("/Kids")) {
                QPDFObjectHandle type = next.getKey("/Type");
                if (!type.isName() || type.getName() != "/Page") {
                    return false; // qpdf would retype it; leave such files to the full walk
                }
                // A page object listed twice is copied by qpdf's walk; we
                // only catch it among the pages we stamp.
                if (!distinct.insert(next.getObjGen()).second) {
                    return false;
                }
                found[n] = next;
                break;
            }
            node = next;
            idx = nextIdx;
        }
    }
    return true;
}

namespace {

// Adds `node` and its descendants that are widget annotations to `widgets`,
// remembering each widget's /P page when it has one.
void collectWidgets(QPDFObjectHandle node, std::set<QPDFObjGen>& widgets, std::map<QPDFObjGen, QPDFObjectHandle>& pageOf)
{
    std::vector<std::pair<QPDFObjectHandle, int>> todo{{node, 0}};
    std::set<QPDFObjGen> seen;
    for (size_t budget = 100000; !todo.empty() && budget > 0; --budget) {
        auto [d, depth] = todo.back();
        todo.pop_back();
        if (!d.isDictionary() || !d.isIndirect() || depth > 32 || !seen.insert(d.getObjGen()).second) {
            continue;
        }
        QPDFObjectHandle subtype = d.getKey("/Subtype");
        if ((subtype.isName() && subtype.getName() == "/Widget") || d.hasKey("/Rect")) {
            widgets.insert(d.getObjGen());
            QPDFObjectHandle p = d.getKey("/P");
            if (p.isIndirect() && p.isDictionary()) {
                pageOf[d.getObjGen()] = p;
            }
        }
        QPDFObjectHandle kids = d.getKey("/Kids");
        for (int i = 0, n = kids.isArray() ? kids.getArrayNItems() : 0; i < n; ++i) {
            todo.emplace_back(kids.getArrayItem(i), depth + 1);
        }
    }
}

// Removes every indirect item of `array` whose object is in `ids`.
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

// Records that `container` changed: the container itself when it is an
// indirect object, otherwise the indirect object holding it.
void markChanged(std::set<QPDFObjGen>& modified, QPDFObjectHandle container, QPDFObjectHandle owner,
                 QPDFObjectHandle ownerOfOwner)
{
    if (container.isIndirect()) {
        modified.insert(container.getObjGen());
    } else if (owner.isIndirect()) {
        modified.insert(owner.getObjGen());
    } else {
        modified.insert(ownerOfOwner.getObjGen());
    }
}

} // namespace

void removeFields(QPDF& q, std::vector<std::string> const& names,
                  std::function<std::vector<QPDFObjectHandle>()> const& allPages, std::set<QPDFObjGen>& modified,
                  Warnings& warnings)
{
    QPDFObjectHandle root = q.getRoot();
    QPDFObjectHandle acroForm = root.getKey("/AcroForm");
    QPDFObjectHandle fields = acroForm.isDictionary() ? acroForm.getKey("/Fields") : QPDFObjectHandle::newNull();
    std::set<std::string> wanted(names.begin(), names.end()), found;
    std::set<QPDFObjGen> doomed, widgets;
    std::map<QPDFObjGen, QPDFObjectHandle> pageOf;

    // Walk the field tree top-down, building fully qualified names the way
    // qpdf does (the /T of each ancestor that has one, joined by dots).
    struct Item {
        QPDFObjectHandle node;
        std::string parentName;
        int depth;
    };
    std::vector<Item> todo;
    for (int i = fields.isArray() ? fields.getArrayNItems() - 1 : -1; i >= 0; --i) {
        todo.push_back({fields.getArrayItem(i), "", 0});
    }
    std::set<QPDFObjGen> seen;
    for (size_t budget = 200000; !todo.empty() && budget > 0; --budget) {
        Item it = todo.back();
        todo.pop_back();
        if (!it.node.isDictionary() || !it.node.isIndirect() || it.depth > 32 ||
            !seen.insert(it.node.getObjGen()).second) {
            continue;
        }
        std::string name = it.parentName;
        QPDFObjectHandle t = it.node.getKey("/T");
        if (t.isString()) {
            name = name.empty() ? t.getUTF8Value() : name + "." + t.getUTF8Value();
            if (wanted.count(name)) {
                found.insert(name);
                doomed.insert(it.node.getObjGen());
                collectWidgets(it.node, widgets, pageOf);
                continue; // the whole subtree goes with it
            }
        }
        QPDFObjectHandle kids = it.node.getKey("/Kids");
        for (int i = kids.isArray() ? kids.getArrayNItems() - 1 : -1; i >= 0; --i) {
            todo.push_back({kids.getArrayItem(i), name, it.depth + 1});
        }
    }
    for (auto const& n : wanted) {
        if (!found.count(n)) {
            warnings.add("form field not found, nothing removed: " + n);
        }
    }
    if (doomed.empty()) {
        return;
    }

    // Widgets leave /Annots. Their /P says where to look; only if a widget
    // has no /P, or is not where /P says, do we scan every page.
    std::set<QPDFObjGen> annotIds(widgets);
    annotIds.insert(doomed.begin(), doomed.end()); // a field may be its own widget
    std::set<QPDFObjGen> removed;
    auto clean = [&](QPDFObjectHandle page) {
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (!annots.isArray()) {
            return;
        }
        for (int k = 0, n = annots.getArrayNItems(); k < n; ++k) {
            QPDFObjectHandle a = annots.getArrayItem(k);
            if (a.isIndirect() && annotIds.count(a.getObjGen())) {
                removed.insert(a.getObjGen());
            }
        }
        if (eraseFromArray(annots, annotIds)) {
            markChanged(modified, annots, page, page);
        }
    };
    bool scanAll = false;
    std::map<QPDFObjGen, QPDFObjectHandle> pagesToClean;
    for (auto const& w : widgets) {
        auto it = pageOf.find(w);
        if (it == pageOf.end()) {
            scanAll = true;
        } else {
            pagesToClean.emplace(it->second.getObjGen(), it->second);
        }
    }
    for (auto& [og, page] : pagesToClean) {
        clean(page);
    }
    for (auto const& w : widgets) {
        scanAll = scanAll || !removed.count(w);
    }
    if (scanAll) {
        for (auto const& page : allPages()) {
            clean(page);
        }
    }

    // Fields leave /Fields or their parent's /Kids.
    for (auto const& og : doomed) {
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
    if (co.isArray() && eraseFromArray(co, doomed)) {
        markChanged(modified, co, acroForm, root);
    }
}

} // namespace signet
