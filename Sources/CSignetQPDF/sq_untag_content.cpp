// Erasing text tags from one content stream.
//
// The stream is parsed into operators; the text state is followed through
// q/Q, Tf, Tc, Tw, Tr and gs; every shown code becomes a glyph with its text
// and advance. The glyphs' text, concatenated in content order, is searched
// for "{{...}}", and the show-text operators holding tag glyphs are rewritten
// as TJ arrays in which each removed glyph becomes the displacement it had,
// so everything drawn after it stays in place. The rest of the stream is
// copied byte for byte.
#include "sq_untag.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace signet {
namespace untag {

Font const* FontCache::get(QPDFObjectHandle dict)
{
    if (!dict.isDictionary()) {
        return nullptr;
    }
    if (!dict.isIndirect()) {
        direct_.push_back(std::make_unique<Font>(dict));
        return direct_.back().get();
    }
    auto& slot = indirect_[dict.getObjGen()];
    if (!slot) {
        slot = std::make_unique<Font>(dict);
    }
    return slot.get();
}

namespace {

// Longest tag we look for, in characters: a stray "{{" must not swallow the
// rest of the page up to some unrelated "}}".
constexpr size_t kMaxTagLength = 1000;

// An operator with its operands and the bytes they span.
struct Operation {
    std::string op;
    std::vector<QPDFObjectHandle> operands;
    size_t start = 0; // first operand (or the operator when it has none)
    size_t end = 0;   // just after the operator
};

class Collector : public QPDFObjectHandle::ParserCallbacks {
  public:
    std::vector<Operation> operations;

    void handleObject(QPDFObjectHandle o, size_t offset, size_t length) override
    {
        if (o.isOperator()) {
            size_t start = pending_.empty() ? offset : start_;
            operations.push_back({o.getOperatorValue(), std::move(pending_), start, offset + length});
            pending_.clear();
        } else {
            if (pending_.empty()) {
                start_ = offset;
            }
            pending_.push_back(o);
        }
    }

    void handleEOF() override {}

  private:
    std::vector<QPDFObjectHandle> pending_;
    size_t start_ = 0;
};

// A show-text operator: its strings and numbers as a TJ array would hold them.
struct Show {
    size_t operation = 0;
    std::vector<QPDFObjectHandle> items;
    TextState state;
    std::vector<size_t> glyphs; // indices into Analysis::glyphs, in order
};

struct Glyph {
    size_t show = 0;
    size_t item = 0; // which string of the show
    Code code;
    bool mapped = false;           // its text is known
    std::optional<double> advance; // as a TJ number, when measurable
    bool removed = false;
};

// The smallest piece of text whose glyphs are known: one glyph, or a marked
// content span with /ActualText (whose text replaces its glyphs' own).
struct Unit {
    std::u32string text;
    std::vector<size_t> glyphs;
};

double number(QPDFObjectHandle o)
{
    double v = o.isNumber() ? o.getNumericValue() : 0;
    return std::isfinite(v) ? v : 0;
}

class Analysis {
  public:
    Analysis(QPDFObjectHandle resources, TextState const& initial, FontCache& fonts)
        : resources_(resources), state_(initial), fonts_(fonts)
    {
    }

    std::vector<Show> shows;
    std::vector<Glyph> glyphs;
    std::vector<Unit> units;
    std::vector<FormUse> forms;

    void run(std::vector<Operation>& operations)
    {
        for (size_t i = 0; i < operations.size(); ++i) {
            Operation& o = operations[i];
            std::vector<QPDFObjectHandle>& args = o.operands; // (qpdf's accessors are not const)
            std::string const& op = o.op;
            if (op == "q") {
                if (saved_.size() < 1000) { // deeper nesting breaks readers anyway
                    saved_.push_back(state_);
                }
            } else if (op == "Q") {
                if (!saved_.empty()) {
                    state_ = saved_.back();
                    saved_.pop_back();
                }
            } else if (op == "Tf" && args.size() >= 2 && args[0].isName()) {
                state_.font = fonts_.get(resource("/Font", args[0]));
                state_.fontResource = args[0].getName();
                state_.size = number(args[1]);
            } else if (op == "Tc" && !args.empty()) {
                state_.charSpacing = number(args.back());
            } else if (op == "Tw" && !args.empty()) {
                state_.wordSpacing = number(args.back());
            } else if (op == "Tr" && !args.empty()) {
                state_.renderMode = static_cast<int>(number(args.back()));
            } else if (op == "gs" && !args.empty()) {
                graphicsState(resource("/ExtGState", args.back()));
            } else if ((op == "Tj" || op == "'") && !args.empty()) {
                show(i, {args.back()});
            } else if (op == "\"" && args.size() >= 3) {
                state_.wordSpacing = number(args[0]);
                state_.charSpacing = number(args[1]);
                show(i, {args[2]});
            } else if (op == "TJ" && !args.empty() && args.back().isArray()) {
                show(i, args.back().getArrayAsVector());
            } else if (op == "BMC") {
                marked_.push_back(false);
            } else if (op == "BDC") {
                beginMarkedContent(args);
            } else if (op == "EMC") {
                if (!marked_.empty()) {
                    if (marked_.back()) {
                        span_ = -1;
                    }
                    marked_.pop_back();
                }
            } else if (op == "Do" && !args.empty()) {
                QPDFObjectHandle x = resource("/XObject", args.back());
                if (x.isStream()) {
                    QPDFObjectHandle subtype = x.getDict().getKey("/Subtype");
                    if (subtype.isName() && subtype.getName() == "/Form") {
                        forms.push_back({x, resources_, state_});
                    }
                }
            }
        }
    }

  private:
    QPDFObjectHandle resource(char const* category, QPDFObjectHandle name)
    {
        if (!name.isName() || !resources_.isDictionary()) {
            return QPDFObjectHandle::newNull();
        }
        QPDFObjectHandle group = resources_.getKey(category);
        return group.isDictionary() ? group.getKey(name.getName()) : QPDFObjectHandle::newNull();
    }

    void graphicsState(QPDFObjectHandle gs)
    {
        // An ExtGState may set the font: /Font [font-dict size].
        QPDFObjectHandle f = gs.isDictionary() ? gs.getKey("/Font") : QPDFObjectHandle::newNull();
        if (f.isArray() && f.getArrayNItems() == 2) {
            state_.font = fonts_.get(f.getArrayItem(0));
            state_.fontResource = "(set by an ExtGState)";
            state_.size = number(f.getArrayItem(1));
        }
    }

    void beginMarkedContent(std::vector<QPDFObjectHandle>& args)
    {
        QPDFObjectHandle props = args.size() >= 2 ? args[1] : QPDFObjectHandle::newNull();
        if (props.isName()) {
            props = resource("/Properties", props);
        }
        QPDFObjectHandle actual = props.isDictionary() ? props.getKey("/ActualText") : QPDFObjectHandle::newNull();
        // Readers use the outermost ActualText; nested ones are ignored.
        bool opens = span_ < 0 && actual.isString();
        if (opens) {
            units.push_back({fromUtf8(actual.getUTF8Value()), {}});
            span_ = static_cast<long>(units.size() - 1);
        }
        marked_.push_back(opens);
    }

    void show(size_t operation, std::vector<QPDFObjectHandle> items)
    {
        size_t s = shows.size();
        shows.push_back({operation, std::move(items), state_, {}});
        Show& sh = shows.back();
        Font const* font = state_.font;
        for (size_t i = 0; i < sh.items.size(); ++i) {
            if (!sh.items[i].isString()) {
                continue;
            }
            std::string bytes = sh.items[i].getStringValue();
            std::vector<Code> codes;
            if (font) {
                codes = font->split(bytes);
            } else {
                for (size_t k = 0; k < bytes.size(); ++k) {
                    codes.push_back({static_cast<unsigned char>(bytes[k]), k, 1, false});
                }
            }
            for (Code const& c : codes) {
                Glyph g;
                g.show = s;
                g.item = i;
                g.code = c;
                std::optional<std::u32string> text = font ? font->text(c) : std::nullopt;
                g.mapped = text.has_value() || span_ >= 0; // a span's text stands for its glyphs
                g.advance = advance(font, c);
                size_t index = glyphs.size();
                glyphs.push_back(g);
                sh.glyphs.push_back(index);
                if (span_ >= 0) {
                    units[span_].glyphs.push_back(index);
                } else {
                    units.push_back({text.value_or(std::u32string(1, U'\uFFFD')), {index}});
                }
            }
        }
    }

    // The TJ number that moves as far as the glyph does:
    // tx = (w0 * Tfs + Tc + Tw) * Th for the glyph, -n/1000 * Tfs * Th for a
    // number, so n = -(w0 * 1000 + (Tc + Tw) * 1000 / Tfs). Tw applies to
    // the single-byte code 32 only.
    std::optional<double> advance(Font const* font, Code const& c) const
    {
        std::optional<double> w = font ? font->width(c) : std::nullopt;
        if (!w) {
            return std::nullopt;
        }
        double spacing = state_.charSpacing + ((c.length == 1 && c.value == 32) ? state_.wordSpacing : 0);
        double size = state_.size;
        if (size == 0) {
            // The glyph moves by its spacing alone, which no number can.
            return spacing == 0 ? std::optional<double>(0) : std::nullopt;
        }
        double n = -(*w + spacing * 1000 / size);
        return std::isfinite(n) ? std::optional<double>(n) : std::nullopt;
    }

    QPDFObjectHandle resources_;
    TextState state_;
    FontCache& fonts_;
    std::vector<TextState> saved_;
    std::vector<bool> marked_; // per open marked-content sequence: did it open span_?
    long span_ = -1;           // the unit of the open /ActualText span
};

// A tag found in the text, held by units [firstUnit, lastUnit]; "aligned"
// says whether the tag starts (ends) where that unit's text does.
struct Tag {
    std::u32string text;
    size_t firstUnit = 0, lastUnit = 0;
    bool alignedStart = true, alignedEnd = true;
};

std::vector<Tag> findTags(std::vector<Unit> const& units)
{
    std::u32string all;
    std::vector<size_t> owner; // unit of each character
    std::vector<size_t> unitStart(units.size()), unitEnd(units.size());
    for (size_t u = 0; u < units.size(); ++u) {
        unitStart[u] = all.size();
        all += units[u].text;
        owner.insert(owner.end(), units[u].text.size(), u);
        unitEnd[u] = all.size();
    }
    std::vector<Tag> tags;
    for (size_t s = 0; s + 3 < all.size(); ++s) {
        if (all[s] != U'{' || all[s + 1] != U'{') {
            continue;
        }
        size_t limit = std::min(all.size(), s + kMaxTagLength);
        size_t e = s + 2;
        while (e + 1 < limit && !(all[e] == U'}' && all[e + 1] == U'}')) {
            ++e;
        }
        if (e + 1 >= limit) {
            continue; // no closing braces near enough: not a tag
        }
        size_t end = e + 2;
        Tag t;
        t.text = all.substr(s, end - s);
        t.firstUnit = owner[s];
        t.lastUnit = owner[end - 1];
        t.alignedStart = unitStart[t.firstUnit] == s;
        t.alignedEnd = unitEnd[t.lastUnit] == end;
        tags.push_back(t);
        s = end - 1;
    }
    return tags;
}

// Why the glyphs of units [first, last] cannot be removed, or "".
std::string obstacle(Analysis const& a, size_t first, size_t last)
{
    for (size_t u = first; u <= last; ++u) {
        for (size_t g : a.units[u].glyphs) {
            Glyph const& glyph = a.glyphs[g];
            TextState const& st = a.shows[glyph.show].state;
            std::string font = st.font ? st.font->name() : "(no font)";
            if (!st.font) {
                return "it is shown without a font";
            }
            if (st.font->vertical()) {
                return "it is set in vertical writing (font " + font + ")";
            }
            if (st.renderMode >= 4) {
                return "its glyphs are used as a clipping path";
            }
            if (!glyph.advance) {
                return "the glyph widths of font " + font + " are unknown";
            }
        }
    }
    return std::string();
}

std::string formatNumber(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s(buf);
    while (!s.empty() && s.back() == '0') {
        s.pop_back();
    }
    if (!s.empty() && s.back() == '.') {
        s.pop_back();
    }
    return (s == "-0" || s.empty()) ? "0" : s;
}

std::string hexString(std::string const& bytes)
{
    static char const digits[] = "0123456789ABCDEF";
    std::string out = "<";
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out + ">";
}

// The show operator rewritten without its removed glyphs, as a TJ array
// whose numbers take their place (' and " keep their line move and spacing).
std::string rewriteShow(Analysis const& a, Show sh, Operation o)
{
    std::string out;
    if (o.op == "'") {
        out = "T* ";
    } else if (o.op == "\"") {
        out = o.operands[0].unparse() + " Tw " + o.operands[1].unparse() + " Tc T* ";
    }
    out += "[";
    std::string run;  // kept bytes not yet written
    double gap = 0;   // displacement not yet written
    auto flushRun = [&] {
        if (!run.empty()) {
            out += hexString(run);
            run.clear();
        }
    };
    auto flushGap = [&] {
        std::string n = formatNumber(gap);
        if (n != "0") {
            out += n;
        }
        gap = 0;
    };
    size_t next = 0; // position in sh.glyphs
    for (size_t i = 0; i < sh.items.size(); ++i) {
        QPDFObjectHandle& item = sh.items[i];
        if (item.isNumber()) {
            flushRun();
            gap += number(item);
            continue;
        }
        if (!item.isString()) {
            continue; // readers ignore anything else in a TJ array
        }
        std::string bytes = item.getStringValue();
        for (; next < sh.glyphs.size() && a.glyphs[sh.glyphs[next]].item == i; ++next) {
            Glyph const& g = a.glyphs[sh.glyphs[next]];
            if (g.removed) {
                flushRun();
                gap += *g.advance;
            } else {
                if (gap != 0) {
                    flushGap();
                }
                run.append(bytes, g.code.offset, g.code.length);
            }
        }
    }
    flushRun();
    flushGap();
    return out + "] TJ";
}

bool isRegularCharacter(char c)
{
    return !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0' || c == '(' || c == ')' ||
             c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%');
}

} // namespace

ContentResult eraseTags(std::string const& content, QPDFObjectHandle resources, TextState const& initial,
                        FontCache& fonts, QPDF& scratch)
{
    ContentResult result;
    Collector collector;
    bool syntaxErrors = false;
    QPDFObjectHandle stream = scratch.newStream(content);
    try {
        QPDFObjectHandle::parseContentStream(stream, &collector);
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        result.unresolved.push_back({"", "a content stream cannot be parsed: " + exceptionDetail(e)});
        return result;
    }
    // The scratch document keeps its streams; drop this copy of the content.
    stream.replaceStreamData("", QPDFObjectHandle::newNull(), QPDFObjectHandle::newNull());
    syntaxErrors = !scratch.getWarnings().empty(); // also clears them for the next stream

    Analysis a(resources, initial, fonts);
    a.run(collector.operations);
    result.forms = std::move(a.forms);

    for (Tag const& tag : findTags(a.units)) {
        std::string text = utf8(tag.text);
        std::string why;
        if (syntaxErrors) {
            why = "the content stream around it has syntax errors";
        } else if (!tag.alignedStart || !tag.alignedEnd) {
            why = "a glyph (ligature or marked-content span) holds both tag text and other text";
        } else {
            why = obstacle(a, tag.firstUnit, tag.lastUnit);
        }
        bool drawn = false;
        for (size_t u = tag.firstUnit; u <= tag.lastUnit && !drawn; ++u) {
            drawn = !a.units[u].glyphs.empty();
        }
        if (!drawn) {
            continue; // only /ActualText of spans without glyphs, which readers do not extract
        }
        if (!why.empty()) {
            result.unresolved.push_back({text, "the tag was left in place: " + why});
            continue;
        }
        for (size_t u = tag.firstUnit; u <= tag.lastUnit; ++u) {
            for (size_t g : a.units[u].glyphs) {
                a.glyphs[g].removed = true;
            }
        }
        result.erased.push_back(text);
    }

    // Glyphs we cannot read could be hiding a tag: say so, once per font.
    std::map<std::string, size_t> unreadable;
    for (Glyph const& g : a.glyphs) {
        if (!g.mapped && !g.removed) {
            Font const* f = a.shows[g.show].state.font;
            ++unreadable[f ? "in font " + f->name() : std::string("shown with no font selected")];
        }
    }
    for (auto const& [where, count] : unreadable) {
        result.unreadable.push_back(std::to_string(count) + " glyph(s) " + where +
                                    " have no known Unicode text; a tag drawn with them would not be found");
    }

    // Rewrite the shows that lost glyphs; copy everything else.
    std::string out;
    size_t copied = 0;
    for (Show const& sh : a.shows) {
        bool touched = std::any_of(sh.glyphs.begin(), sh.glyphs.end(), [&](size_t g) { return a.glyphs[g].removed; });
        if (!touched) {
            continue;
        }
        Operation const& o = collector.operations[sh.operation];
        out.append(content, copied, o.start - copied);
        if (o.start > 0 && isRegularCharacter(content[o.start - 1])) {
            out += ' ';
        }
        out += rewriteShow(a, sh, o);
        copied = o.end;
        result.changed = true;
    }
    if (result.changed) {
        out.append(content, copied, std::string::npos);
        result.content = std::move(out);
    }
    return result;
}

} // namespace untag
} // namespace signet
