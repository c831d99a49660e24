// Private declarations for text tag erasure (signet_qpdf_erase_text_tags).
//
// Erasing a tag means finding its characters among the glyphs a content
// stream shows, which needs each font's code-to-Unicode mapping and glyph
// widths (sq_untag_fonts.cpp, with tables in sq_untag_tables.cpp), then
// rewriting the show-text operators that draw those glyphs
// (sq_untag_content.cpp). sq_untag.cpp walks the pages and their forms.
#pragma once

#include "sq_internal.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace signet {
namespace untag {

// One character code read from a shown string: `length` bytes at `offset`.
struct Code {
    uint32_t value = 0;
    size_t offset = 0;
    int length = 1;
    bool inCodeSpace = true; // false: no mapping or width applies
};

// What we know about a font: how to split strings into codes, what text each
// code stands for, and how far each code advances. Built once per font
// object; malformed fonts never throw, they just know less.
class Font {
  public:
    explicit Font(QPDFObjectHandle dict);

    // The font's name for messages, e.g. "DejaVuSans" or "(unnamed Type3)".
    std::string const& name() const { return name_; }
    // Vertical writing (Identity-V or a CMap with /WMode 1).
    bool vertical() const { return vertical_; }
    // Splits a shown string into codes.
    std::vector<Code> split(std::string const& bytes) const;
    // The text `code` stands for, or nullopt when no mapping is known.
    std::optional<std::u32string> text(Code const& code) const;
    // The horizontal advance of `code` in thousandths of text space units
    // (the w0 of the spec times 1000), or nullopt when it cannot be known.
    std::optional<double> width(Code const& code) const;

  private:
    struct Range {
        uint32_t low = 0, high = 0;
        int length = 0; // bytes
    };
    struct CMap;

    void readSimple(QPDFObjectHandle dict);
    void readComposite(QPDFObjectHandle dict);
    bool matches(std::vector<Range> const& space, uint32_t value, int length) const;

    std::string name_;
    bool composite_ = false;
    bool vertical_ = false;
    std::shared_ptr<CMap> toUnicode_;
    std::vector<Range> codeSpace_; // composite fonts: the encoding CMap's code space
    std::shared_ptr<CMap> cidMap_; // composite fonts with an embedded encoding CMap
    bool identity_ = false;        // composite fonts: CID = code
    // Simple fonts.
    std::u32string encoding_[256];
    bool hasWidths_ = false;
    int firstChar_ = 0;
    std::vector<double> widths_;
    double missingWidth_ = 0;
    double widthScale_ = 1;                   // Type3: FontMatrix[0] * 1000
    bool standard14_ = false;                 // not embedded and no /Widths: built-in metrics
    // Composite fonts.
    struct WidthRun {
        uint32_t first, last;
        double width;
    };
    std::vector<WidthRun> cidWidths_;
    double defaultWidth_ = 1000;
};

// ---------------------------------------------------------------------------
// Character tables (sq_untag_tables.cpp).

enum class BaseEncoding { none, standard, winAnsi, macRoman };

// The character a base encoding assigns to `code`, or 0 for none.
char32_t baseCharacter(BaseEncoding base, unsigned code);

// A glyph name's text: a known name, uniXXXX..., uXXXX[XX], with any
// ".suffix" dropped and "_" joining ligature components; empty if unknown.
std::u32string glyphNameText(std::string name);

// The width of character `c` in standard 14 font `font` (not embedded, no
// /Widths), known for ASCII and curly quotes; nullopt otherwise.
std::optional<double> standardWidth(std::string const& font, char32_t c);

// Symbol and ZapfDingbats, whose built-in encodings are not Latin text.
bool isSymbolicStandardFont(std::string const& name);

// Unicode code points to UTF-8 (invalid code points become U+FFFD).
std::string utf8(std::u32string const& s);

// UTF-8 to code points (invalid bytes become U+FFFD).
std::u32string fromUtf8(std::string const& s);

// Fonts by object, shared by all content streams of a document.
class FontCache {
  public:
    // The font for a /Font resource entry; null if it is not a dictionary.
    Font const* get(QPDFObjectHandle dict);

  private:
    std::map<QPDFObjGen, std::unique_ptr<Font>> indirect_;
    std::vector<std::unique_ptr<Font>> direct_;
};

// The part of the graphics state that decides glyph advances; q/Q save and
// restore it, and form XObjects inherit it.
struct TextState {
    Font const* font = nullptr;
    std::string fontResource; // its /Font resource name, for messages
    double size = 0;
    double charSpacing = 0;
    double wordSpacing = 0;
    int renderMode = 0;

    bool operator==(TextState const& o) const
    {
        return font == o.font && size == o.size && charSpacing == o.charSpacing && wordSpacing == o.wordSpacing &&
               renderMode == o.renderMode;
    }
};

// A form XObject a content stream draws, with the state it inherits there.
struct FormUse {
    QPDFObjectHandle form;
    QPDFObjectHandle resources; // the drawing stream's, for forms without their own
    TextState state;
};

// A tag that could not be erased (`text` set), or content that could not be
// read at all.
struct Unresolved {
    std::string text; // the tag, when known
    std::string reason;
};

// An exception's message without the file name qpdf puts in front (callers
// pass temporary paths that mean nothing to the reader).
std::string exceptionDetail(std::exception const& e);

// Tag erasure on one content stream.
struct ContentResult {
    std::vector<std::string> erased; // tag texts, in content order (UTF-8)
    std::vector<Unresolved> unresolved;
    std::vector<std::string> unreadable; // text that could hide a tag we cannot see
    bool changed = false;
    std::string content;         // the rewritten stream, when changed
    std::vector<FormUse> forms;  // form XObjects drawn (not yet looked into)
};

// Finds and erases the text tags of `content` (decoded content stream
// bytes), drawn with `resources` starting from `initial`. `scratch` is an
// empty QPDF used to hold the stream while qpdf parses it. Never changes a
// stream that has syntax errors.
ContentResult eraseTags(std::string const& content, QPDFObjectHandle resources, TextState const& initial,
                        FontCache& fonts, QPDF& scratch);

} // namespace untag
} // namespace signet
