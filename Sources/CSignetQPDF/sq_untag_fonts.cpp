// Fonts for text tag erasure: which codes a string holds, what text they stand
// for, and how far they advance. Only what finding and removing tags needs:
// ToUnicode and encoding CMaps, the three base encodings with /Differences,
// /Widths and /W, and the metrics of the standard 14 fonts for the ASCII
// range (old generators omit /Widths for them).
#include "sq_untag.hpp"

#include <qpdf/BufferInputSource.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace signet {
namespace untag {
namespace {

// Big-endian bytes as a number (strings longer than 4 bytes give false).
bool codeValue(std::string const& bytes, uint32_t& value)
{
    if (bytes.empty() || bytes.size() > 4) {
        return false;
    }
    value = 0;
    for (unsigned char b : bytes) {
        value = (value << 8) | b;
    }
    return true;
}

// UTF-16BE (as ToUnicode CMaps write it) to code points; a lone byte is
// taken as a Latin-1 character, which some producers write.
std::u32string fromUtf16(std::string const& bytes)
{
    std::u32string out;
    if (bytes.size() == 1) {
        out += static_cast<unsigned char>(bytes[0]);
        return out;
    }
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        char32_t u = (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
            char32_t low = (static_cast<unsigned char>(bytes[i + 2]) << 8) | static_cast<unsigned char>(bytes[i + 3]);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                out += 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
                continue;
            }
        }
        out += u;
    }
    return out;
}

std::string streamText(QPDFObjectHandle stream)
{
    std::shared_ptr<Buffer> data = stream.getStreamData(qpdf_dl_generalized);
    return std::string(reinterpret_cast<char const*>(data->getBuffer()), data->getSize());
}

double numberOr(QPDFObjectHandle o, double fallback)
{
    if (o.isNumber()) {
        double v = o.getNumericValue();
        if (std::isfinite(v)) {
            return v;
        }
    }
    return fallback;
}

} // namespace

// ---------------------------------------------------------------------------
// CMaps

struct Font::CMap {
    struct TextRange {
        Range codes;
        std::u32string first;             // destination of codes.low, incremented
        std::vector<std::u32string> list; // or one destination per code
    };
    struct CidRange {
        Range codes;
        uint32_t cid;
    };

    std::vector<Range> codeSpace;
    std::map<std::pair<int, uint32_t>, std::u32string> chars;
    std::vector<TextRange> textRanges;
    std::map<std::pair<int, uint32_t>, uint32_t> cidChars;
    std::vector<CidRange> cidRanges;
    int writingMode = 0;
    std::string useCMap;

    static std::shared_ptr<CMap> parse(std::string const& data);

    std::optional<std::u32string> text(Code const& c) const
    {
        auto it = chars.find({c.length, c.value});
        if (it != chars.end()) {
            return it->second;
        }
        for (auto const& r : textRanges) {
            if (r.codes.length != c.length || c.value < r.codes.low || c.value > r.codes.high) {
                continue;
            }
            uint32_t k = c.value - r.codes.low;
            if (!r.list.empty()) {
                if (k < r.list.size()) {
                    return r.list[k];
                }
                continue;
            }
            std::u32string s = r.first;
            if (s.empty()) {
                continue;
            }
            s.back() += k;
            return s;
        }
        return std::nullopt;
    }

    std::optional<uint32_t> cid(Code const& c) const
    {
        auto it = cidChars.find({c.length, c.value});
        if (it != cidChars.end()) {
            return it->second;
        }
        for (auto const& r : cidRanges) {
            if (r.codes.length == c.length && c.value >= r.codes.low && c.value <= r.codes.high) {
                return r.cid + (c.value - r.codes.low);
            }
        }
        return std::nullopt;
    }
};

std::shared_ptr<Font::CMap> Font::CMap::parse(std::string const& data)
{
    // CMaps are PostScript, but only the begin...end sections and a couple
    // of "def"s matter; everything else is skipped token by token.
    auto cmap = std::make_shared<CMap>();
    auto input = std::make_shared<BufferInputSource>("cmap", data);
    QPDFTokenizer tokenizer;
    tokenizer.allowEOF();
    enum class Section { none, codeSpace, bfChar, bfRange, cidChar, cidRange, other } section = Section::none;
    struct Operand {
        QPDFTokenizer::token_type_e type;
        std::string value;
        std::vector<std::string> list; // array of strings (bfrange)
    };
    std::vector<Operand> operands;
    auto range = [](std::string const& lo, std::string const& hi, Range& r) {
        return lo.size() == hi.size() && codeValue(lo, r.low) && codeValue(hi, r.high) && r.low <= r.high &&
               (r.length = static_cast<int>(lo.size()), true);
    };
    // Far beyond any real CMap (a full 2-byte bfchar table is ~200k tokens).
    for (size_t budget = 5000000; budget > 0; --budget) {
        QPDFTokenizer::Token t = tokenizer.readToken(input, "cmap", true, 0);
        auto type = t.getType();
        if (type == QPDFTokenizer::tt_eof) {
            break;
        }
        if (type == QPDFTokenizer::tt_bad) {
            continue;
        }
        if (type == QPDFTokenizer::tt_array_open && section == Section::bfRange) {
            Operand list{QPDFTokenizer::tt_array_open, "", {}};
            for (size_t n = 0; n < 70000; ++n) {
                QPDFTokenizer::Token item = tokenizer.readToken(input, "cmap", true, 0);
                if (item.getType() == QPDFTokenizer::tt_string) {
                    list.list.push_back(item.getValue());
                } else if (item.getType() != QPDFTokenizer::tt_bad) {
                    break; // "]" or something unexpected
                }
            }
            operands.push_back(list);
        } else if (type == QPDFTokenizer::tt_word) {
            std::string const& w = t.getValue();
            if (w == "begincodespacerange") {
                section = Section::codeSpace;
            } else if (w == "beginbfchar") {
                section = Section::bfChar;
            } else if (w == "beginbfrange") {
                section = Section::bfRange;
            } else if (w == "begincidchar") {
                section = Section::cidChar;
            } else if (w == "begincidrange") {
                section = Section::cidRange;
            } else if (w.compare(0, 5, "begin") == 0) {
                section = Section::other;
            } else if (w.compare(0, 3, "end") == 0) {
                section = Section::none;
            } else if (w == "def" && operands.size() >= 2 && operands[operands.size() - 2].value == "/WMode" &&
                       operands.back().type == QPDFTokenizer::tt_integer) {
                cmap->writingMode = std::atoi(operands.back().value.c_str());
            } else if (w == "usecmap" && !operands.empty() && operands.back().type == QPDFTokenizer::tt_name) {
                cmap->useCMap = operands.back().value;
            }
            operands.clear();
            continue;
        } else {
            operands.push_back({type, t.getValue(), {}});
        }
        if (section == Section::none || section == Section::other) {
            if (operands.size() > 8) {
                operands.erase(operands.begin()); // only "def" and "usecmap" look back
            }
            continue;
        }
        size_t need = (section == Section::bfRange || section == Section::cidRange) ? 3 : 2;
        if (operands.size() < need) {
            continue;
        }
        Operand const& a = operands[0];
        Operand const& b = operands[1];
        Range r;
        uint32_t v = 0;
        switch (section) {
        case Section::codeSpace:
            if (a.type == QPDFTokenizer::tt_string && range(a.value, b.value, r)) {
                cmap->codeSpace.push_back(r);
            }
            break;
        case Section::bfChar:
            if (a.type == QPDFTokenizer::tt_string && codeValue(a.value, v)) {
                std::u32string text = b.type == QPDFTokenizer::tt_name     ? glyphNameText(b.value)
                                      : b.type == QPDFTokenizer::tt_string ? fromUtf16(b.value)
                                                                           : std::u32string();
                cmap->chars[{static_cast<int>(a.value.size()), v}] = text;
            }
            break;
        case Section::bfRange: {
            Operand const& c = operands[2];
            if (a.type == QPDFTokenizer::tt_string && range(a.value, b.value, r)) {
                TextRange tr{r, {}, {}};
                if (c.type == QPDFTokenizer::tt_string) {
                    tr.first = fromUtf16(c.value);
                } else {
                    for (auto const& s : c.list) {
                        tr.list.push_back(fromUtf16(s));
                    }
                }
                cmap->textRanges.push_back(std::move(tr));
            }
            break;
        }
        case Section::cidChar:
            if (a.type == QPDFTokenizer::tt_string && b.type == QPDFTokenizer::tt_integer && codeValue(a.value, v)) {
                cmap->cidChars[{static_cast<int>(a.value.size()), v}] =
                    static_cast<uint32_t>(std::strtoul(b.value.c_str(), nullptr, 10));
            }
            break;
        case Section::cidRange: {
            Operand const& c = operands[2];
            if (a.type == QPDFTokenizer::tt_string && c.type == QPDFTokenizer::tt_integer &&
                range(a.value, b.value, r)) {
                cmap->cidRanges.push_back({r, static_cast<uint32_t>(std::strtoul(c.value.c_str(), nullptr, 10))});
            }
            break;
        }
        default:
            break;
        }
        operands.clear();
    }
    return cmap;
}

// ---------------------------------------------------------------------------
// Font

Font::Font(QPDFObjectHandle dict)
{
    if (!dict.isDictionary()) {
        name_ = "(not a font)";
        return;
    }
    QPDFObjectHandle base = dict.getKey("/BaseFont");
    name_ = base.isName() ? bareName(base) : std::string();
    QPDFObjectHandle subtype = dict.getKey("/Subtype");
    composite_ = subtype.isName() && subtype.getName() == "/Type0";
    if (name_.empty()) {
        name_ = subtype.isName() ? "(unnamed " + bareName(subtype) + ")" : "(unnamed)";
    }
    QPDFObjectHandle toUnicode = dict.getKey("/ToUnicode");
    if (toUnicode.isStream()) {
        try {
            toUnicode_ = CMap::parse(streamText(toUnicode));
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const&) {
            toUnicode_.reset(); // undecodable: codes stay unmapped
        }
    }
    if (composite_) {
        readComposite(dict);
    } else {
        readSimple(dict);
    }
}

void Font::readSimple(QPDFObjectHandle dict)
{
    QPDFObjectHandle subtype = dict.getKey("/Subtype");
    bool type3 = subtype.isName() && subtype.getName() == "/Type3";
    QPDFObjectHandle descriptor = dict.getKey("/FontDescriptor");
    bool embedded = descriptor.isDictionary() && (descriptor.hasKey("/FontFile") || descriptor.hasKey("/FontFile2") ||
                                                  descriptor.hasKey("/FontFile3"));
    bool standard14 = !embedded && !type3;

    // The base encoding: named, or implied. Unnamed, an embedded Type 1
    // program's built-in encoding applies, which we cannot read (only
    // /Differences then say anything); other non-symbolic fonts use
    // StandardEncoding.
    QPDFObjectHandle encoding = dict.getKey("/Encoding");
    QPDFObjectHandle baseName = encoding.isDictionary() ? encoding.getKey("/BaseEncoding") : encoding;
    BaseEncoding base = BaseEncoding::none;
    if (baseName.isName()) {
        std::string const& n = baseName.getName();
        base = n == "/WinAnsiEncoding"    ? BaseEncoding::winAnsi
               : n == "/MacRomanEncoding" ? BaseEncoding::macRoman
               : n == "/StandardEncoding" ? BaseEncoding::standard
                                          : BaseEncoding::none;
    } else if (!type3) {
        int flags = descriptor.isDictionary() ? static_cast<int>(numberOr(descriptor.getKey("/Flags"), 0)) : 0;
        bool symbolic = (flags & 4) != 0 && (flags & 32) == 0;
        bool type1Program = embedded && !descriptor.hasKey("/FontFile2");
        if (!isSymbolicStandardFont(name_) && !symbolic && !type1Program) {
            base = BaseEncoding::standard;
        }
    }
    for (unsigned c = 0; c < 256; ++c) {
        char32_t u = baseCharacter(base, c);
        if (u != 0) {
            encoding_[c] = std::u32string(1, u);
        }
    }
    QPDFObjectHandle differences = encoding.isDictionary() ? encoding.getKey("/Differences") : QPDFObjectHandle();
    if (differences.isArray()) {
        long long code = -1;
        for (int i = 0, n = differences.getArrayNItems(); i < n; ++i) {
            QPDFObjectHandle item = differences.getArrayItem(i);
            if (item.isInteger()) {
                code = item.getIntValue();
            } else if (item.isName() && code >= 0 && code < 256) {
                encoding_[code] = glyphNameText(item.getName());
                ++code;
            }
        }
    }

    QPDFObjectHandle widths = dict.getKey("/Widths");
    if (type3) {
        QPDFObjectHandle matrix = dict.getKey("/FontMatrix");
        widthScale_ = 1000 * (matrix.isArray() && matrix.getArrayNItems() == 6 ? numberOr(matrix.getArrayItem(0), 0.001)
                                                                               : 0.001);
    }
    if (widths.isArray()) {
        hasWidths_ = true;
        firstChar_ = static_cast<int>(numberOr(dict.getKey("/FirstChar"), 0));
        for (int i = 0, n = std::min(widths.getArrayNItems(), 256); i < n; ++i) {
            widths_.push_back(numberOr(widths.getArrayItem(i), 0));
        }
        missingWidth_ = descriptor.isDictionary() ? numberOr(descriptor.getKey("/MissingWidth"), 0) : 0;
    } else {
        standard14_ = standard14;
    }
}

void Font::readComposite(QPDFObjectHandle dict)
{
    QPDFObjectHandle encoding = dict.getKey("/Encoding");
    if (encoding.isName() && (encoding.getName() == "/Identity-H" || encoding.getName() == "/Identity-V")) {
        identity_ = true;
        vertical_ = encoding.getName() == "/Identity-V";
        codeSpace_.push_back({0, 0xFFFF, 2});
    } else if (encoding.isStream()) {
        try {
            cidMap_ = CMap::parse(streamText(encoding));
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const&) {
            cidMap_.reset();
        }
        if (cidMap_) {
            codeSpace_ = cidMap_->codeSpace;
            vertical_ = cidMap_->writingMode == 1 || cidMap_->useCMap == "/Identity-V";
            QPDFObjectHandle wmode = encoding.getDict().getKey("/WMode");
            vertical_ = vertical_ || (wmode.isInteger() && wmode.getIntValue() == 1);
            // A base CMap other than Identity would hold mappings we lack.
            if (!cidMap_->useCMap.empty() && cidMap_->useCMap != "/Identity-H" && cidMap_->useCMap != "/Identity-V") {
                cidMap_.reset();
                codeSpace_.clear();
            }
        }
    }
    // Predefined CMaps other than Identity (UniJIS-UCS2-H...) are not read:
    // without a code space the font's codes stay unmapped and unmeasured.

    QPDFObjectHandle descendants = dict.getKey("/DescendantFonts");
    QPDFObjectHandle cidFont = descendants.isArray() && descendants.getArrayNItems() > 0
                                   ? descendants.getArrayItem(0)
                                   : QPDFObjectHandle::newNull();
    if (!cidFont.isDictionary()) {
        return;
    }
    defaultWidth_ = numberOr(cidFont.getKey("/DW"), 1000);
    QPDFObjectHandle w = cidFont.getKey("/W");
    if (!w.isArray()) {
        return;
    }
    int n = w.getArrayNItems();
    for (int i = 0; i + 1 < n && cidWidths_.size() < 200000;) {
        QPDFObjectHandle first = w.getArrayItem(i);
        QPDFObjectHandle second = w.getArrayItem(i + 1);
        if (!first.isInteger() || first.getIntValue() < 0) {
            break;
        }
        uint32_t c = static_cast<uint32_t>(first.getIntValue());
        if (second.isArray()) {
            for (int k = 0, m = second.getArrayNItems(); k < m; ++k) {
                double width = numberOr(second.getArrayItem(k), defaultWidth_);
                cidWidths_.push_back({c + k, c + k, width});
            }
            i += 2;
        } else if (i + 2 < n && second.isInteger() && second.getIntValue() >= first.getIntValue()) {
            cidWidths_.push_back(
                {c, static_cast<uint32_t>(second.getIntValue()), numberOr(w.getArrayItem(i + 2), defaultWidth_)});
            i += 3;
        } else {
            break;
        }
    }
}

bool Font::matches(std::vector<Range> const& space, uint32_t value, int length) const
{
    for (auto const& r : space) {
        if (r.length != length) {
            continue;
        }
        // Code space ranges are compared byte by byte, not as numbers.
        bool inside = true;
        for (int b = 0; b < length && inside; ++b) {
            int shift = 8 * (length - 1 - b);
            uint32_t v = (value >> shift) & 0xFF, lo = (r.low >> shift) & 0xFF, hi = (r.high >> shift) & 0xFF;
            inside = v >= lo && v <= hi;
        }
        if (inside) {
            return true;
        }
    }
    return false;
}

std::vector<Code> Font::split(std::string const& bytes) const
{
    std::vector<Code> codes;
    if (!composite_) {
        for (size_t i = 0; i < bytes.size(); ++i) {
            codes.push_back({static_cast<unsigned char>(bytes[i]), i, 1, true});
        }
        return codes;
    }
    // Without a known code space, assume two-byte codes (all that
    // predefined CMaps other than the legacy CJK ones use); such codes are
    // reported as unmapped anyway.
    std::vector<Range> const fallback{{0, 0xFFFF, 2}};
    std::vector<Range> const& space = codeSpace_.empty() ? fallback : codeSpace_;
    int shortest = 4;
    for (auto const& r : space) {
        shortest = std::min(shortest, std::max(r.length, 1));
    }
    for (size_t i = 0; i < bytes.size();) {
        uint32_t v = 0;
        int length = 0;
        for (int n = 1; n <= 4 && i + n <= bytes.size(); ++n) {
            v = (v << 8) | static_cast<unsigned char>(bytes[i + n - 1]);
            if (matches(space, v, n)) {
                length = n;
                break;
            }
        }
        if (length == 0) {
            // Not in the code space: consume the shortest code length, as
            // readers do, and leave the code unmapped.
            length = static_cast<int>(std::min<size_t>(shortest, bytes.size() - i));
            v = 0;
            for (int n = 0; n < length; ++n) {
                v = (v << 8) | static_cast<unsigned char>(bytes[i + n]);
            }
            codes.push_back({v, i, length, false});
        } else {
            codes.push_back({v, i, length, true});
        }
        i += length;
    }
    return codes;
}

std::optional<std::u32string> Font::text(Code const& code) const
{
    if (!code.inCodeSpace) {
        return std::nullopt;
    }
    if (toUnicode_) {
        if (auto t = toUnicode_->text(code)) {
            return t;
        }
        // Some producers give simple fonts a two-byte ToUnicode (<0041>
        // for code 0x41); readers match it by value, and so do we.
        Code wide = code;
        wide.length = 2;
        if (!composite_) {
            if (auto t = toUnicode_->text(wide)) {
                return t;
            }
        }
    }
    if (!composite_ && code.value < 256 && !encoding_[code.value].empty()) {
        return encoding_[code.value];
    }
    return std::nullopt;
}

std::optional<double> Font::width(Code const& code) const
{
    if (!code.inCodeSpace) {
        return std::nullopt;
    }
    if (!composite_) {
        if (hasWidths_) {
            long long i = static_cast<long long>(code.value) - firstChar_;
            double w = (i >= 0 && i < static_cast<long long>(widths_.size())) ? widths_[i] : missingWidth_;
            return w * widthScale_;
        }
        if (standard14_ && code.value < 256 && encoding_[code.value].size() == 1) {
            return standardWidth(name_, encoding_[code.value][0]);
        }
        return std::nullopt;
    }
    uint32_t cid = 0;
    if (identity_) {
        cid = code.value;
    } else if (cidMap_) {
        cid = cidMap_->cid(code).value_or(0);
    } else {
        return std::nullopt;
    }
    for (auto const& run : cidWidths_) {
        if (cid >= run.first && cid <= run.last) {
            return run.width;
        }
    }
    return defaultWidth_;
}

} // namespace untag
} // namespace signet
