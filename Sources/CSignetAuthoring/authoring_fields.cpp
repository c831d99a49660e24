// Interactive form fields for signet_qpdf_decorate: the AcroForm dictionary,
// field and widget dictionaries, and appearance streams drawn here (text in
// Helvetica, check marks and radio dots as paths) so that no viewer has to
// regenerate them.
#include "authoring_internal.hpp"

#include <qpdf/QPDFAcroFormDocumentHelper.hh>
#include <qpdf/QUtil.hh>

#include <algorithm>
#include <cmath>
#include <set>

namespace signet_authoring {

std::string fmt(double v)
{
    long long scaled = std::llround(v * 1000.0);
    std::string sign = scaled < 0 ? "-" : "";
    unsigned long long a = static_cast<unsigned long long>(scaled < 0 ? -scaled : scaled);
    std::string out = sign + std::to_string(a / 1000);
    unsigned frac = static_cast<unsigned>(a % 1000);
    if (frac != 0) {
        std::string f = std::to_string(frac);
        f = std::string(3 - f.size(), '0') + f;
        while (!f.empty() && f.back() == '0') f.pop_back();
        out += "." + f;
    }
    return out == "-0" ? "0" : out;
}

namespace {

using OH = QPDFObjectHandle;

// Helvetica advance widths (1/1000 em) for WinAnsiEncoding bytes 32..126;
// other bytes use approximations good enough for layout.
int const kAsciiWidths[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};      // 'p'..'~'

int glyphWidth(unsigned char c)
{
    if (c >= 32 && c <= 126) return kAsciiWidths[c - 32];
    if (c == 0xA0) return 278;
    if (c == 0x85 || c == 0x97 || c == 0xC6) return 1000;
    if ((c >= 0xCC && c <= 0xCF) || (c >= 0xEC && c <= 0xEF)) return 278; // I/i accents
    if (c >= 0xC0 && c <= 0xDE) return 722;                                // capitals
    return 556;
}

double textWidth(std::string const& win, double size)
{
    double w = 0;
    for (unsigned char c : win) w += glyphWidth(c);
    return w * size / 1000.0;
}

// A PDF literal string for a WinAnsi byte string.
std::string literal(std::string const& win)
{
    std::string out = "(";
    for (unsigned char c : win) {
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 32 || c > 126) {
            char buf[5] = {'\\', static_cast<char>('0' + ((c >> 6) & 7)),
                           static_cast<char>('0' + ((c >> 3) & 7)), static_cast<char>('0' + (c & 7)), 0};
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + ")";
}

double const kAscent = 0.718, kDescent = 0.207; // Helvetica, in em
double const kPad = 2;                          // border (1) + gap (1)

std::string borderOps(double w, double h)
{
    return "q 0 0 0 RG 1 w 0.5 0.5 " + fmt(w - 1) + " " + fmt(h - 1) + " re S Q\n";
}

// Greedy word wrap of one WinAnsi paragraph; over-long words are broken.
void wrapParagraph(std::string const& para, double size, double maxWidth, std::vector<std::string>& out)
{
    std::string line;
    size_t i = 0;
    while (i <= para.size()) {
        size_t j = para.find(' ', i);
        if (j == std::string::npos) j = para.size();
        std::string word = para.substr(i, j - i);
        std::string candidate = line.empty() ? word : line + " " + word;
        if (textWidth(candidate, size) <= maxWidth) {
            line = candidate;
        } else {
            if (!line.empty()) out.push_back(line);
            line.clear();
            for (char c : word) {
                if (!line.empty() && textWidth(line + c, size) > maxWidth) {
                    out.push_back(line);
                    line.clear();
                }
                line += c;
            }
        }
        i = j + 1;
    }
    out.push_back(line);
}

std::vector<std::string> wrapText(std::string const& win, double size, double maxWidth)
{
    std::vector<std::string> lines;
    std::string para;
    for (size_t i = 0; i <= win.size(); ++i) {
        char c = i < win.size() ? win[i] : '\n';
        if (c == '\r' && i + 1 < win.size() && win[i + 1] == '\n') continue;
        if (c == '\r' || c == '\n') {
            wrapParagraph(para, size, maxWidth, lines);
            para.clear();
        } else {
            para += c;
        }
    }
    return lines;
}

// Content of a variable-text appearance (text field or combo box).
std::string textAppearance(std::string const& utf8, bool multiline, double w, double h)
{
    std::string win = QUtil::utf8_to_win_ansi(utf8, '?');
    double avail = w - 2 * kPad;
    std::vector<std::string> lines;
    double size;
    if (multiline) {
        size = 10;
        for (;; size -= 1) {
            lines = wrapText(win, size, avail);
            if (size <= 6 || static_cast<double>(lines.size()) * size * 1.15 <= h - 2 * kPad) break;
        }
    } else {
        size = std::min(12.0, std::max(4.0, (h - 2 * kPad) / (kAscent + kDescent + 0.1)));
        double tw = textWidth(win, size);
        if (tw > avail && tw > 0) size = std::max(4.0, size * avail / tw);
        lines.push_back(win);
    }
    std::string s = borderOps(w, h);
    s += "/Tx BMC\nq\n1 1 " + fmt(w - 2) + " " + fmt(h - 2) + " re W n\n";
    if (!win.empty()) {
        double y = multiline ? h - kPad - kAscent * size : h / 2 - (kAscent - kDescent) / 2 * size;
        s += "BT\n/Helv " + fmt(size) + " Tf 0 g\n" + fmt(size * 1.15) + " TL\n";
        s += fmt(kPad) + " " + fmt(y) + " Td\n";
        for (size_t i = 0; i < lines.size(); ++i) {
            s += literal(lines[i]) + (i == 0 ? " Tj\n" : " '\n");
        }
        s += "ET\n";
    }
    return s + "Q\nEMC\n";
}

std::string checkAppearance(bool on, double w, double h)
{
    std::string s = borderOps(w, h);
    if (on) {
        double side = std::min(w, h), ox = (w - side) / 2, oy = (h - side) / 2;
        auto pt = [&](double fx, double fy) { return fmt(ox + fx * side) + " " + fmt(oy + fy * side); };
        s += "q 0 G 1 J 1 j " + fmt(std::max(1.0, side * 0.11)) + " w\n";
        s += pt(0.22, 0.52) + " m " + pt(0.42, 0.28) + " l " + pt(0.80, 0.74) + " l S Q\n";
    }
    return s;
}

std::string circle(double cx, double cy, double r)
{
    double k = 0.5523 * r;
    auto p = [](double x, double y) { return fmt(x) + " " + fmt(y) + " "; };
    return p(cx + r, cy) + "m\n" + p(cx + r, cy + k) + p(cx + k, cy + r) + p(cx, cy + r) + "c\n" +
        p(cx - k, cy + r) + p(cx - r, cy + k) + p(cx - r, cy) + "c\n" + p(cx - r, cy - k) +
        p(cx - k, cy - r) + p(cx, cy - r) + "c\n" + p(cx + k, cy - r) + p(cx + r, cy - k) +
        p(cx + r, cy) + "c\nh\n";
}

std::string radioAppearance(bool on, double w, double h)
{
    double cx = w / 2, cy = h / 2, r = std::min(w, h) / 2 - 0.5;
    std::string s = "q 0 0 0 RG 1 w\n" + circle(cx, cy, r) + "S Q\n";
    if (on) s += "q 0 g\n" + circle(cx, cy, r * 0.45) + "f Q\n";
    return s;
}

// A PDF name object for an appearance state. qpdf escapes most special
// bytes when writing but leaves '#' alone, which would start an escape.
OH stateName(std::string const& state)
{
    std::string n = "/";
    for (char ch : state) {
        if (ch == '#') {
            n += "#23";
        } else {
            n += ch;
        }
    }
    return OH::newName(n);
}

OH rectArray(Rect const& r)
{
    return OH::newArray(QPDFObjectHandle::Rectangle(r.x0, r.y0, r.x1, r.y1));
}

OH formXObject(QPDF& pdf, std::string const& content, Rect const& r, OH resources)
{
    OH s = pdf.newStream(content);
    OH d = s.getDict();
    d.replaceKey("/Type", OH::newName("/XObject"));
    d.replaceKey("/Subtype", OH::newName("/Form"));
    d.replaceKey("/BBox", rectArray(Rect{0, 0, r.width(), r.height()}));
    d.replaceKey("/Resources", resources);
    return s;
}

OH colour(double g)
{
    return OH::newArray({OH::newReal(g, 3), OH::newReal(g, 3), OH::newReal(g, 3)});
}

struct Context {
    QPDF& pdf;
    std::vector<OH> const& pages;
    OH fieldsArray;
    OH textResources;  // << /Font << /Helv ... >> >>
    OH emptyResources; // << >>
};

// A widget annotation dictionary (not yet indirect), appended to its page.
OH newWidget(Context& c, WidgetSpec const& w, std::string const& caption)
{
    OH page = c.pages.at(static_cast<size_t>(w.page - 1));
    OH mk = OH::newDictionary();
    mk.replaceKey("/BC", colour(0));
    if (!caption.empty()) mk.replaceKey("/CA", OH::newString(caption));
    OH bs = OH::newDictionary();
    bs.replaceKey("/W", OH::newInteger(1));
    bs.replaceKey("/S", OH::newName("/S"));

    OH a = c.pdf.makeIndirectObject(OH::newDictionary());
    a.replaceKey("/Type", OH::newName("/Annot"));
    a.replaceKey("/Subtype", OH::newName("/Widget"));
    a.replaceKey("/Rect", rectArray(w.rect));
    a.replaceKey("/P", page);
    a.replaceKey("/F", OH::newInteger(4));
    a.replaceKey("/MK", mk);
    a.replaceKey("/BS", bs);

    OH annots = page.getKey("/Annots");
    if (!annots.isArray()) {
        annots = OH::newArray();
        page.replaceKey("/Annots", annots);
    }
    annots.appendItem(a);
    return a;
}

void addField(Context& c, FieldSpec const& f)
{
    int flags = (f.readOnly ? 1 : 0) | (f.required ? 2 : 0);
    OH field;
    if (f.type == FieldType::Radio) {
        field = c.pdf.makeIndirectObject(OH::newDictionary());
        flags |= 32768 | 16384;
        OH kids = OH::newArray();
        for (auto const& w : f.widgets) {
            OH a = newWidget(c, w, "l");
            bool on = f.hasValue && f.value == w.onState;
            OH n = OH::newDictionary();
            n.replaceKey(stateName(w.onState).getName(), formXObject(c.pdf, radioAppearance(true, w.rect.width(), w.rect.height()), w.rect, c.emptyResources));
            n.replaceKey("/Off", formXObject(c.pdf, radioAppearance(false, w.rect.width(), w.rect.height()), w.rect, c.emptyResources));
            a.replaceKey("/AP", OH::newDictionary({{"/N", n}}));
            a.replaceKey("/AS", on ? stateName(w.onState) : OH::newName("/Off"));
            a.replaceKey("/Parent", field);
            kids.appendItem(a);
        }
        field.replaceKey("/FT", OH::newName("/Btn"));
        field.replaceKey("/Kids", kids);
        field.replaceKey("/V", f.hasValue ? stateName(f.value) : OH::newName("/Off"));
        field.replaceKey("/DA", OH::newString("/ZaDb 0 Tf 0 g"));
    } else {
        WidgetSpec const& w = f.widgets.front();
        double ww = w.rect.width(), wh = w.rect.height();
        if (f.type == FieldType::Checkbox) {
            field = newWidget(c, w, "4");
            OH state = f.checked ? stateName(w.onState) : OH::newName("/Off");
            OH n = OH::newDictionary();
            n.replaceKey(stateName(w.onState).getName(), formXObject(c.pdf, checkAppearance(true, ww, wh), w.rect, c.emptyResources));
            n.replaceKey("/Off", formXObject(c.pdf, checkAppearance(false, ww, wh), w.rect, c.emptyResources));
            field.replaceKey("/FT", OH::newName("/Btn"));
            field.replaceKey("/V", state);
            field.replaceKey("/AS", state);
            field.replaceKey("/AP", OH::newDictionary({{"/N", n}}));
            field.replaceKey("/DA", OH::newString("/ZaDb 0 Tf 0 g"));
        } else {
            field = newWidget(c, w, "");
            if (f.type == FieldType::Text) {
                field.replaceKey("/FT", OH::newName("/Tx"));
                if (f.multiline) flags |= 4096;
                if (f.maxLength >= 0) field.replaceKey("/MaxLen", OH::newInteger(f.maxLength));
            } else {
                field.replaceKey("/FT", OH::newName("/Ch"));
                flags |= 131072;
                OH opt = OH::newArray();
                for (auto const& o : f.options) opt.appendItem(OH::newUnicodeString(o));
                field.replaceKey("/Opt", opt);
            }
            if (f.hasValue) field.replaceKey("/V", OH::newUnicodeString(f.value));
            field.replaceKey("/DA", OH::newString("/Helv 0 Tf 0 g"));
            std::string content = textAppearance(f.hasValue ? f.value : "", f.multiline, ww, wh);
            field.replaceKey("/AP", OH::newDictionary({{"/N", formXObject(c.pdf, content, w.rect, c.textResources)}}));
        }
    }
    field.replaceKey("/T", OH::newUnicodeString(f.name));
    if (flags != 0) field.replaceKey("/Ff", OH::newInteger(flags));
    if (f.hasTooltip) field.replaceKey("/TU", OH::newUnicodeString(f.tooltip));
    c.fieldsArray.appendItem(field);
}

OH standardFont(QPDF& pdf, std::string const& base, bool winAnsi)
{
    OH f = OH::newDictionary();
    f.replaceKey("/Type", OH::newName("/Font"));
    f.replaceKey("/Subtype", OH::newName("/Type1"));
    f.replaceKey("/BaseFont", OH::newName(base));
    if (winAnsi) f.replaceKey("/Encoding", OH::newName("/WinAnsiEncoding"));
    return pdf.makeIndirectObject(f);
}

OH subDictionary(OH parent, std::string const& key)
{
    OH d = parent.getKey(key);
    if (!d.isDictionary()) {
        d = OH::newDictionary();
        parent.replaceKey(key, d);
    }
    return d;
}

} // namespace

void addFields(QPDF& pdf, std::vector<OH> const& pages, std::vector<FieldSpec> const& fields)
{
    if (fields.empty()) return;
    OH root = pdf.getRoot();
    OH acroForm = root.getKey("/AcroForm");

    // Names already used by an existing form: a new field may neither repeat
    // a fully qualified name nor the first component of one.
    std::set<std::string> taken;
    if (acroForm.isDictionary()) {
        QPDFAcroFormDocumentHelper helper(pdf);
        for (auto& existing : helper.getFormFields()) {
            std::string n = existing.getFullyQualifiedName();
            taken.insert(n);
            taken.insert(n.substr(0, n.find('.')));
        }
    }
    for (auto const& f : fields) {
        if (taken.count(f.name)) throw SpecError(f.where + ": clashes with a field the document already has (same name or name prefix)");
        for (auto const& w : f.widgets) {
            if (w.page > static_cast<int>(pages.size())) {
                throw SpecError(w.where + ": page " + std::to_string(w.page) + " is out of range (the document has " +
                                std::to_string(pages.size()) + " pages)");
            }
            Rect m = mediaBoxOf(pages[static_cast<size_t>(w.page - 1)]);
            if (w.rect.x1 <= m.x0 || w.rect.x0 >= m.x1 || w.rect.y1 <= m.y0 || w.rect.y0 >= m.y1) {
                throw SpecError(w.where + ": rect lies outside the page (MediaBox [" + fmt(m.x0) + " " + fmt(m.y0) +
                                " " + fmt(m.x1) + " " + fmt(m.y1) + "])");
            }
        }
    }

    if (!acroForm.isDictionary()) {
        acroForm = pdf.makeIndirectObject(OH::newDictionary());
        root.replaceKey("/AcroForm", acroForm);
    }
    OH fieldsArray = acroForm.getKey("/Fields");
    if (!fieldsArray.isArray()) {
        fieldsArray = OH::newArray();
        acroForm.replaceKey("/Fields", fieldsArray);
    }
    if (!acroForm.getKey("/DA").isString()) acroForm.replaceKey("/DA", OH::newString("/Helv 0 Tf 0 g"));
    OH helv = standardFont(pdf, "/Helvetica", true);
    OH drFonts = subDictionary(subDictionary(acroForm, "/DR"), "/Font");
    if (!drFonts.hasKey("/Helv")) drFonts.replaceKey("/Helv", helv);
    if (!drFonts.hasKey("/ZaDb")) drFonts.replaceKey("/ZaDb", standardFont(pdf, "/ZapfDingbats", false));

    Context c{pdf, pages, fieldsArray,
              pdf.makeIndirectObject(OH::newDictionary({{"/Font", OH::newDictionary({{"/Helv", helv}})}})),
              OH::newDictionary()};
    for (auto const& f : fields) addField(c, f);
}

} // namespace signet_authoring
