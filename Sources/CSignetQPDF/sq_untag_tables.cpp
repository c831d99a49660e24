// Character tables for text tag erasure: the base encodings (WinAnsi,
// MacRoman, Standard), glyph names, and the widths of the standard 14 fonts
// for the ASCII range, which old generators leave out of /Widths. Plus the
// UTF conversions the rest of the code needs.
#include "sq_untag.hpp"

#include <cstdlib>
#include <unordered_map>

namespace signet {
namespace untag {

namespace {

// Code points of the upper halves (0x80-0xFF) of the base encodings; 0 means
// no character. The lower halves are ASCII from 0x20 to 0x7E, except that
// StandardEncoding has curly quotes at 0x27 and 0x60.
constexpr char16_t kWinAnsiHigh[128] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
    0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0,      0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9,
    0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5,
    0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x00D0, 0x00D1, 0x00D2, 0x00D3,
    0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, 0x00E0, 0x00E1,
    0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD,
    0x00FE, 0x00FF};

constexpr char16_t kMacRomanHigh[128] = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7,
    0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5,
    0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9,
    0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8, 0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
    0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248,
    0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x00A4, 0x2039, 0x203A, 0xFB01, 0xFB02, 0x2021, 0x00B7,
    0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
    0,      0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD,
    0x02DB, 0x02C7};

constexpr char16_t kStandardHigh[128] = {
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0x00A1, 0x00A2, 0x00A3, 0x2044, 0x00A5, 0x0192, 0x00A7,
    0x00A4, 0x0027, 0x201C, 0x00AB, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0, 0x2013, 0x2020, 0x2021, 0x00B7, 0, 0x00B6, 0x2022,
    0x201A, 0x201E, 0x201D, 0x00BB, 0x2026, 0x2030, 0, 0x00BF,
    0, 0x0060, 0x00B4, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9,
    0x00A8, 0, 0x02DA, 0x00B8, 0, 0x02DD, 0x02DB, 0x02C7,
    0x2014, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0x00C6, 0, 0x00AA, 0, 0, 0, 0,
    0x0141, 0x00D8, 0x0152, 0x00BA, 0, 0, 0, 0,
    0, 0x00E6, 0, 0, 0, 0x0131, 0, 0,
    0x0142, 0x00F8, 0x0153, 0x00DF, 0, 0, 0, 0,
};

// Glyph names of the Latin-1 upper half, 0xA1 to 0xFF, in code order.
constexpr char const* kLatin1Names[] = {
    "exclamdown", "cent", "sterling", "currency", "yen", "brokenbar", "section", "dieresis", "copyright",
    "ordfeminine", "guillemotleft", "logicalnot", "sfthyphen", "registered", "macron", "degree", "plusminus",
    "twosuperior", "threesuperior", "acute", "mu", "paragraph", "periodcentered", "cedilla", "onesuperior",
    "ordmasculine", "guillemotright", "onequarter", "onehalf", "threequarters", "questiondown", "Agrave", "Aacute",
    "Acircumflex", "Atilde", "Adieresis", "Aring", "AE", "Ccedilla", "Egrave", "Eacute", "Ecircumflex", "Edieresis",
    "Igrave", "Iacute", "Icircumflex", "Idieresis", "Eth", "Ntilde", "Ograve", "Oacute", "Ocircumflex", "Otilde",
    "Odieresis", "multiply", "Oslash", "Ugrave", "Uacute", "Ucircumflex", "Udieresis", "Yacute", "Thorn",
    "germandbls", "agrave", "aacute", "acircumflex", "atilde", "adieresis", "aring", "ae", "ccedilla", "egrave",
    "eacute", "ecircumflex", "edieresis", "igrave", "iacute", "icircumflex", "idieresis", "eth", "ntilde", "ograve",
    "oacute", "ocircumflex", "otilde", "odieresis", "divide", "oslash", "ugrave", "uacute", "ucircumflex",
    "udieresis", "yacute", "thorn", "ydieresis"};

// Glyph names of ASCII punctuation, 0x20 to 0x7E; letters and digits are
// filled in by glyphNames().
constexpr char const* kAsciiNames[] = {
    "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle", "parenleft",
    "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less", "equal", "greater", "question", "at",
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, "bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "grave", nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
    nullptr, "braceleft", "bar", "braceright", "asciitilde"};

struct NamedCharacter {
    char const* name;
    char32_t c;
};

// Names outside ASCII and Latin-1 that the base encodings use, plus common
// ligatures and alternative spellings.
constexpr NamedCharacter kOtherNames[] = {
    {"Euro", 0x20AC},        {"quotesinglbase", 0x201A}, {"florin", 0x0192},       {"quotedblbase", 0x201E},
    {"ellipsis", 0x2026},    {"dagger", 0x2020},         {"daggerdbl", 0x2021},    {"circumflex", 0x02C6},
    {"perthousand", 0x2030}, {"Scaron", 0x0160},         {"guilsinglleft", 0x2039}, {"OE", 0x0152},
    {"Zcaron", 0x017D},      {"quoteleft", 0x2018},      {"quoteright", 0x2019},   {"quotedblleft", 0x201C},
    {"quotedblright", 0x201D}, {"bullet", 0x2022},       {"endash", 0x2013},       {"emdash", 0x2014},
    {"tilde", 0x02DC},       {"trademark", 0x2122},      {"scaron", 0x0161},       {"guilsinglright", 0x203A},
    {"oe", 0x0153},          {"zcaron", 0x017E},         {"Ydieresis", 0x0178},    {"fi", 0xFB01},
    {"fl", 0xFB02},          {"ff", 0xFB00},             {"ffi", 0xFB03},          {"ffl", 0xFB04},
    {"dotlessi", 0x0131},    {"Lslash", 0x0141},         {"lslash", 0x0142},       {"fraction", 0x2044},
    {"breve", 0x02D8},       {"dotaccent", 0x02D9},      {"ring", 0x02DA},         {"hungarumlaut", 0x02DD},
    {"ogonek", 0x02DB},      {"caron", 0x02C7},          {"minus", 0x2212},        {"nbspace", 0x00A0},
    {"nonbreakingspace", 0x00A0}, {"softhyphen", 0x00AD}, {"mu1", 0x00B5},         {"middot", 0x00B7},
    {"Omega", 0x03A9},       {"notequal", 0x2260},       {"infinity", 0x221E},     {"lessequal", 0x2264},
    {"greaterequal", 0x2265}, {"partialdiff", 0x2202},   {"summation", 0x2211},    {"product", 0x220F},
    {"pi", 0x03C0},          {"integral", 0x222B},       {"radical", 0x221A},      {"approxequal", 0x2248},
    {"Delta", 0x2206},       {"lozenge", 0x25CA}};

std::unordered_map<std::string, char32_t> const& glyphNames()
{
    static std::unordered_map<std::string, char32_t> const table = [] {
        std::unordered_map<std::string, char32_t> t;
        for (char32_t c = 0x20; c <= 0x7E; ++c) {
            char const* n = kAsciiNames[c - 0x20];
            t[n ? std::string(n) : std::string(1, static_cast<char>(c))] = c;
        }
        for (char32_t c = 0xA1; c <= 0xFF; ++c) {
            t[kLatin1Names[c - 0xA1]] = c;
        }
        for (auto const& n : kOtherNames) {
            t[n.name] = n.c;
        }
        return t;
    }();
    return table;
}

bool parseHex(std::string const& s, size_t from, uint32_t& out)
{
    if (from >= s.size() || s.size() - from > 6) {
        return false;
    }
    char* end = nullptr;
    unsigned long v = std::strtoul(s.c_str() + from, &end, 16);
    if (*end != '\0' || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        return false;
    }
    out = static_cast<uint32_t>(v);
    return true;
}

// Widths of the standard 14 fonts (Adobe's metrics, which the URW clones in
// urw-base35 share) for 0x20-0x7E in ASCII order, then quoteleft and
// quoteright. The oblique Helvetica fonts share the upright widths.
struct StandardMetrics {
    char const* names[2];
    std::vector<int> widths;
};

std::vector<StandardMetrics> const& standardMetrics()
{
    static std::vector<StandardMetrics> const table = {
        {{"Helvetica", "Helvetica-Oblique"},
         {278, 278, 355, 556, 556, 889, 667, 191, 333, 333,  389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
          556, 556, 556, 556, 556, 556, 278, 278, 584, 584,  584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
          722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
          278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
          556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 222, 222}},
        {{"Helvetica-Bold", "Helvetica-BoldOblique"},
         {278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
          556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
          722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
          278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
          611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 278, 278}},
        {{"Times-Roman", nullptr},
         {250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
          500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
          722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
          278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
          500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, 333, 333}},
        {{"Times-Bold", nullptr},
         {250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500,
          500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778,
          778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333,
          278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
          556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520, 333, 333}},
        {{"Times-Italic", nullptr},
         {250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500, 500,
          500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722,
          722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389,
          278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500,
          500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541, 333, 333}},
        {{"Times-BoldItalic", nullptr},
         {250, 389, 555, 500, 500, 833, 778, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500,
          500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 832, 667, 667, 667, 722, 667, 667, 722,
          778, 389, 500, 667, 611, 889, 722, 722, 611, 722, 667, 556, 611, 722, 667, 889, 667, 611, 611, 333,
          278, 333, 570, 500, 333, 500, 500, 444, 500, 444, 333, 500, 556, 278, 278, 500, 278, 778, 556, 500,
          500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 570, 333, 333}},
    };
    return table;
}

} // namespace

char32_t baseCharacter(BaseEncoding base, unsigned code)
{
    if (base == BaseEncoding::none || code < 0x20 || code == 0x7F) {
        return 0;
    }
    if (code < 0x80) {
        if (base == BaseEncoding::standard && code == 0x27) {
            return 0x2019;
        }
        if (base == BaseEncoding::standard && code == 0x60) {
            return 0x2018;
        }
        return code;
    }
    switch (base) {
    case BaseEncoding::winAnsi:
        return kWinAnsiHigh[code - 0x80];
    case BaseEncoding::macRoman:
        return kMacRomanHigh[code - 0x80];
    default:
        return kStandardHigh[code - 0x80];
    }
}

// A glyph name's text: a known name, uniXXXX(XXXX...), uXXXX[XX], with any
// ".suffix" dropped and "_" joining ligature components.
std::u32string glyphNameText(std::string name)
{
    if (!name.empty() && name[0] == '/') {
        name.erase(0, 1);
    }
    size_t dot = name.find('.');
    if (dot != std::string::npos && dot > 0) {
        name.erase(dot);
    }
    std::u32string out;
    size_t start = 0;
    while (start <= name.size()) {
        size_t stop = name.find('_', start);
        std::string part = name.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
        auto const& table = glyphNames();
        auto it = table.find(part);
        uint32_t v = 0;
        if (it != table.end()) {
            out += it->second;
        } else if (part.size() >= 7 && part.compare(0, 3, "uni") == 0 && (part.size() - 3) % 4 == 0) {
            for (size_t i = 3; i < part.size(); i += 4) {
                if (!parseHex(part.substr(i, 4), 0, v)) {
                    return std::u32string();
                }
                out += static_cast<char32_t>(v);
            }
        } else if (part.size() >= 5 && part.size() <= 7 && part[0] == 'u' && parseHex(part, 1, v)) {
            out += static_cast<char32_t>(v);
        } else {
            return std::u32string(); // unknown: the caller treats the code as unmapped
        }
        if (stop == std::string::npos) {
            break;
        }
        start = stop + 1;
    }
    return out;
}

std::optional<double> standardWidth(std::string const& font, char32_t c)
{
    if (font == "Courier" || font == "Courier-Bold" || font == "Courier-Oblique" || font == "Courier-BoldOblique") {
        return 600;
    }
    for (auto const& m : standardMetrics()) {
        if (font != m.names[0] && !(m.names[1] && font == m.names[1])) {
            continue;
        }
        if (c >= 0x20 && c <= 0x7E) {
            return m.widths[c - 0x20];
        }
        if (c == 0x2018 || c == 0x2019) {
            return m.widths[95 + (c - 0x2018)];
        }
        return std::nullopt;
    }
    return std::nullopt;
}

bool isSymbolicStandardFont(std::string const& name)
{
    return name == "Symbol" || name == "ZapfDingbats";
}

std::string utf8(std::u32string const& s)
{
    std::string out;
    for (char32_t c : s) {
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::u32string fromUtf8(std::string const& s)
{
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        char32_t v = n == 1 ? c : c & (0x7F >> n);
        bool ok = true;
        for (int k = 1; k < n; ++k) {
            unsigned char d = static_cast<unsigned char>(s[i + k]);
            ok = ok && (d & 0xC0) == 0x80;
            v = (v << 6) | (d & 0x3F);
        }
        out += ok ? v : U'\uFFFD';
        i += ok ? n : 1;
    }
    return out;
}

} // namespace untag
} // namespace signet
