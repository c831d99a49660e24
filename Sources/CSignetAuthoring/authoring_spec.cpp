// Parsing and validation of the decoration spec for signet_qpdf_decorate.
// Everything that can be checked without the PDF is checked here, so that a
// bad spec is reported before any work is done on the document.
#include "authoring_internal.hpp"

#include <qpdf/JSON.hh>

#include <cmath>
#include <locale>
#include <map>
#include <set>
#include <sstream>

namespace signet_authoring {
namespace {

std::string kindOf(JSON const& j)
{
    std::string s;
    bool b;
    if (j.isDictionary()) return "an object";
    if (j.isArray()) return "an array";
    if (j.getString(s)) return "a string";
    if (j.getNumber(s)) return "a number";
    if (j.getBool(b)) return "a boolean";
    return "null";
}

[[noreturn]] void fail(std::string const& where, std::string const& what)
{
    throw SpecError(where.empty() ? what : where + ": " + what);
}

std::map<std::string, JSON> members(JSON const& j, std::string const& where,
                                    std::set<std::string> const& allowed)
{
    if (!j.isDictionary()) fail(where, "must be an object, not " + kindOf(j));
    std::map<std::string, JSON> out;
    j.forEachDictItem([&](std::string const& k, JSON v) { out.emplace(k, v); });
    for (auto const& kv : out) {
        if (allowed.count(kv.first) == 0) fail(where, "unknown key \"" + kv.first + "\"");
    }
    return out;
}

std::vector<JSON> elements(JSON const& j, std::string const& where)
{
    if (!j.isArray()) fail(where, "must be an array, not " + kindOf(j));
    std::vector<JSON> out;
    j.forEachArrayItem([&](JSON v) { out.push_back(v); });
    return out;
}

double number(JSON const& j, std::string const& where)
{
    std::string text;
    if (!j.getNumber(text)) fail(where, "must be a number, not " + kindOf(j));
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    double v = 0;
    in >> v;
    if (in.fail() || !in.eof() || !std::isfinite(v) || std::fabs(v) > 1e7) {
        fail(where, "number " + text + " is out of range");
    }
    return v;
}

int integer(JSON const& j, std::string const& where, int lo, int hi)
{
    double v = number(j, where);
    if (v != std::floor(v)) fail(where, "must be a whole number");
    if (v < lo || v > hi) {
        fail(where, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    return static_cast<int>(v);
}

bool boolean(JSON const& j, std::string const& where)
{
    bool b = false;
    if (!j.getBool(b)) fail(where, "must be true or false, not " + kindOf(j));
    return b;
}

std::string string(JSON const& j, std::string const& where)
{
    std::string s;
    if (!j.getString(s)) fail(where, "must be a string, not " + kindOf(j));
    if (s.find('\0') != std::string::npos) fail(where, "must not contain NUL");
    return s;
}

Rect rect(JSON const& j, std::string const& where)
{
    auto items = elements(j, where);
    if (items.size() != 4) fail(where, "must be [x0, y0, x1, y1]");
    double v[4];
    for (size_t i = 0; i < 4; ++i) v[i] = number(items[i], where);
    Rect r{std::fmin(v[0], v[2]), std::fmin(v[1], v[3]), std::fmax(v[0], v[2]),
           std::fmax(v[1], v[3])};
    if (r.width() < 1 || r.height() < 1) fail(where, "must be at least 1 point wide and high");
    return r;
}

size_t codePoints(std::string const& s)
{
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Appearance state names (a checkbox's or radio button's "on" state).
std::string stateName(JSON const& j, std::string const& where)
{
    std::string s = string(j, where);
    if (s.empty() || s.size() > 100) fail(where, "must be 1 to 100 bytes long");
    if (s == "Off") fail(where, "\"Off\" is reserved for the unchecked state");
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) fail(where, "must not contain control characters");
    }
    return s;
}

void readPlacement(std::map<std::string, JSON> const& m, std::string const& where, WidgetSpec& w)
{
    auto p = m.find("page");
    if (p == m.end()) fail(where, "\"page\" is missing");
    w.page = integer(p->second, where + " page", 1, 1000000);
    auto r = m.find("rect");
    if (r == m.end()) fail(where, "\"rect\" is missing");
    w.rect = rect(r->second, where + " rect");
}

PageEdit parsePage(JSON const& j, std::string const& where)
{
    auto m = members(j, where, {"page", "rotate", "cropBox"});
    PageEdit e;
    e.where = where;
    auto p = m.find("page");
    if (p == m.end()) fail(where, "\"page\" is missing");
    e.page = integer(p->second, where + " page", 1, 1000000);
    if (m.count("rotate")) {
        int r = integer(m["rotate"], where + " rotate", -36000, 36000);
        if (r % 90 != 0) fail(where + " rotate", "must be a multiple of 90");
        e.hasRotate = true;
        e.rotate = ((r % 360) + 360) % 360;
    }
    if (m.count("cropBox")) {
        e.hasCropBox = true;
        e.cropBox = rect(m["cropBox"], where + " cropBox");
    }
    if (!e.hasRotate && !e.hasCropBox) fail(where, "needs \"rotate\" or \"cropBox\"");
    return e;
}

FieldSpec parseField(JSON const& j, std::string const& at)
{
    if (!j.isDictionary()) fail(at, "must be an object, not " + kindOf(j));
    std::map<std::string, JSON> raw;
    j.forEachDictItem([&](std::string const& k, JSON v) { raw.emplace(k, v); });

    FieldSpec f;
    auto n = raw.find("name");
    if (n == raw.end()) fail(at, "\"name\" is missing");
    f.name = string(n->second, at + " name");
    if (f.name.empty() || f.name.size() > 200) fail(at + " name", "must be 1 to 200 bytes long");
    if (f.name.find('.') != std::string::npos) {
        fail(at + " name", "must not contain '.' (it separates levels of field names)");
    }
    f.where = at + " (" + f.name + ")";
    std::string const& where = f.where;

    auto t = raw.find("type");
    if (t == raw.end()) fail(where, "\"type\" is missing");
    std::string type = string(t->second, where + " type");
    std::set<std::string> allowed{"name", "type", "required", "readOnly", "tooltip"};
    if (type == "text") {
        f.type = FieldType::Text;
        allowed.insert({"page", "rect", "value", "multiline", "maxLength"});
    } else if (type == "checkbox") {
        f.type = FieldType::Checkbox;
        allowed.insert({"page", "rect", "checked", "onState"});
    } else if (type == "radio") {
        f.type = FieldType::Radio;
        allowed.insert({"widgets", "value"});
    } else if (type == "dropdown") {
        f.type = FieldType::Dropdown;
        allowed.insert({"page", "rect", "options", "value"});
    } else {
        fail(where + " type",
             "unknown field type \"" + type + "\" (expected text, checkbox, radio or dropdown)");
    }
    auto m = members(j, where, allowed);

    if (m.count("required")) f.required = boolean(m["required"], where + " required");
    if (m.count("readOnly")) f.readOnly = boolean(m["readOnly"], where + " readOnly");
    if (m.count("tooltip")) {
        f.hasTooltip = true;
        f.tooltip = string(m["tooltip"], where + " tooltip");
    }
    if (m.count("value")) {
        f.hasValue = true;
        f.value = string(m["value"], where + " value");
    }

    if (f.type != FieldType::Radio) {
        WidgetSpec w;
        w.where = where;
        readPlacement(m, where, w);
        f.widgets.push_back(w);
    }

    switch (f.type) {
    case FieldType::Text:
        if (m.count("multiline")) f.multiline = boolean(m["multiline"], where + " multiline");
        if (m.count("maxLength")) f.maxLength = integer(m["maxLength"], where + " maxLength", 1, 100000);
        if (f.maxLength >= 0 && codePoints(f.value) > static_cast<size_t>(f.maxLength)) {
            fail(where + " value", "is longer than maxLength (" + std::to_string(f.maxLength) + ")");
        }
        if (!f.multiline && f.value.find_first_of("\r\n") != std::string::npos) {
            fail(where + " value", "contains a line break but the field is not multiline");
        }
        break;
    case FieldType::Checkbox:
        if (m.count("checked")) f.checked = boolean(m["checked"], where + " checked");
        f.widgets[0].onState = m.count("onState") ? stateName(m["onState"], where + " onState") : "Yes";
        break;
    case FieldType::Radio: {
        if (!m.count("widgets")) fail(where, "a radio field needs \"widgets\"");
        auto ws = elements(m["widgets"], where + " widgets");
        if (ws.empty()) fail(where + " widgets", "must list at least one button");
        std::set<std::string> states;
        for (size_t i = 0; i < ws.size(); ++i) {
            std::string wat = where + " widgets[" + std::to_string(i) + "]";
            auto wm = members(ws[i], wat, {"page", "rect", "onState"});
            WidgetSpec w;
            w.where = wat;
            readPlacement(wm, wat, w);
            if (!wm.count("onState")) fail(wat, "\"onState\" is missing");
            w.onState = stateName(wm["onState"], wat + " onState");
            if (!states.insert(w.onState).second) {
                fail(wat + " onState", "\"" + w.onState + "\" is used by another button");
            }
            f.widgets.push_back(w);
        }
        if (f.hasValue && states.count(f.value) == 0) {
            fail(where + " value", "\"" + f.value + "\" is not the onState of any button");
        }
        break;
    }
    case FieldType::Dropdown: {
        if (!m.count("options")) fail(where, "a dropdown field needs \"options\"");
        auto os = elements(m["options"], where + " options");
        if (os.empty()) fail(where + " options", "must list at least one option");
        std::set<std::string> seen;
        for (size_t i = 0; i < os.size(); ++i) {
            std::string oat = where + " options[" + std::to_string(i) + "]";
            std::string o = string(os[i], oat);
            if (!seen.insert(o).second) fail(oat, "\"" + o + "\" is listed twice");
            f.options.push_back(o);
        }
        if (f.hasValue && seen.count(f.value) == 0) {
            fail(where + " value", "\"" + f.value + "\" is not one of the options");
        }
        break;
    }
    }
    return f;
}

bool validInfoKey(std::string const& k)
{
    if (k.empty() || k.size() > 64) return false;
    for (unsigned char c : k) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

} // namespace

Spec parseSpec(std::string const& json)
{
    JSON root;
    try {
        root = JSON::parse(json);
    } catch (std::exception const& e) {
        std::string m = e.what();
        if (m.compare(0, 6, "JSON: ") == 0) m.erase(0, 6);
        throw SpecError("malformed JSON: " + m);
    }
    auto top = members(root, "spec", {"pages", "info", "fields"});
    Spec spec;

    if (top.count("pages")) {
        auto items = elements(top["pages"], "pages");
        std::set<int> seen;
        for (size_t i = 0; i < items.size(); ++i) {
            std::string where = "pages[" + std::to_string(i) + "]";
            PageEdit e = parsePage(items[i], where);
            if (!seen.insert(e.page).second) {
                fail(where, "page " + std::to_string(e.page) + " is listed more than once");
            }
            spec.pages.push_back(e);
        }
    }

    if (top.count("info")) {
        JSON info = top["info"];
        if (!info.isDictionary()) fail("info", "must be an object, not " + kindOf(info));
        info.forEachDictItem([&](std::string const& k, JSON v) {
            std::string where = "info." + k;
            if (!validInfoKey(k)) fail("info", "key \"" + k + "\" is not a valid PDF name (letters, digits, _ - .)");
            InfoEdit e;
            e.key = k;
            if (v.isNull()) {
                e.remove = true;
            } else {
                e.value = string(v, where);
            }
            spec.info.push_back(e);
        });
    }

    if (top.count("fields")) {
        auto items = elements(top["fields"], "fields");
        std::set<std::string> names;
        for (size_t i = 0; i < items.size(); ++i) {
            FieldSpec f = parseField(items[i], "fields[" + std::to_string(i) + "]");
            if (!names.insert(f.name).second) fail(f.where, "another field has the same name");
            spec.fields.push_back(f);
        }
    }
    return spec;
}

} // namespace signet_authoring
