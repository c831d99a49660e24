// Preview copies: the input plus one incremental update in which every image stored at a far
// higher resolution than the widest preview can show is replaced by a downscaled one. Poppler
// decodes an image at full size however small it is drawn, so a 2,000-pixel photo shown a few
// centimetres wide costs far more to preview than the rest of its page; the copy is made once
// per document and every preview width is rendered from it.
//
// How large each image may be drawn is found by walking the pages' content streams (and the
// form XObjects and annotation appearances they draw) with the current transformation matrix;
// a soft mask counts as drawn where its image is. JPEGs shrink by eighths, which libjpeg
// decodes at a fraction of the cost, and are encoded again; other 8-bit images (and soft
// masks) are averaged over whole blocks and deflated. Either happens only when it at least
// halves the image. Images drawn only from places this walk does not follow (patterns, Type 3
// glyphs, soft-mask groups) are never seen, so never touched; an image that cannot be decoded
// stays as it is.
#include "sq_merge.hpp"
#include "sq_preview.hpp"
#include "signet_qpdf.h"

#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>
#include <memory>
#include <sys/stat.h>

namespace signet {

namespace {

// A hostile file may nest forms that draw each other thousands of times: the walk gives up
// (and no copy is made) past this many content operators in all.
constexpr long long kMaxOperators = 4'000'000;
constexpr int kMaxFormDepth = 12;
// Quality of the downscaled JPEGs: previews only, yet close enough to the original that the
// rendered page differs by well under 1% on average.
constexpr int kPreviewQuality = 90;

struct Matrix {
    double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;

    // `this` then `n` (PDF's row-vector order: cm's operand times the CTM).
    Matrix then(Matrix const& n) const
    {
        return {a * n.a + b * n.c, a * n.b + b * n.d, c * n.a + d * n.c,
                c * n.b + d * n.d, e * n.a + f * n.c + n.e, e * n.b + f * n.d + n.f};
    }
};

bool readMatrix(QPDFObjectHandle o, Matrix& m)
{
    if (!o.isArray() || o.getArrayNItems() != 6) {
        return false;
    }
    double v[6];
    for (int i = 0; i < 6; ++i) {
        QPDFObjectHandle item = o.getArrayItem(i);
        if (!item.isNumber() || !std::isfinite(item.getNumericValue())) {
            return false;
        }
        v[i] = item.getNumericValue();
    }
    m = {v[0], v[1], v[2], v[3], v[4], v[5]};
    return true;
}

// The most pixels each image is drawn at, across all its uses seen.
struct Needs {
    std::map<QPDFObjGen, std::pair<double, double>> pixels;
    std::set<QPDFObjGen> softMasks;
    // Forms already walked, by their linear transformation and the page's pixels per point (in
    // thousandths): drawn again at the same size, a form draws its images at the same sizes,
    // wherever it is placed.
    std::set<std::tuple<QPDFObjGen, long long, long long, long long, long long, long long>> formsWalked;
    long long operators = 0;
};

class Walker : public QPDFObjectHandle::ParserCallbacks {
  public:
    Walker(Needs& needs, QPDFObjectHandle resources, Matrix ctm, double pixelsPerPoint, int depth) :
        needs_(needs), resources_(resources), ppp_(pixelsPerPoint), depth_(depth)
    {
        stack_.push_back(ctm);
    }

    void handleObject(QPDFObjectHandle o) override
    {
        if (!o.isOperator()) {
            if (operands_.size() < 8) {
                operands_.push_back(o);
            }
            return;
        }
        if (++needs_.operators > kMaxOperators) {
            throw Failure("tooLarge", "the document draws too much to make a preview copy");
        }
        std::string const op = o.getOperatorValue();
        if (op == "q" && stack_.size() < 256) {
            stack_.push_back(stack_.back());
        } else if (op == "Q" && stack_.size() > 1) {
            stack_.pop_back();
        } else if (op == "cm" && operands_.size() == 6) {
            Matrix m;
            QPDFObjectHandle array = QPDFObjectHandle::newArray(operands_);
            if (readMatrix(array, m)) {
                stack_.back() = m.then(stack_.back());
            }
        } else if (op == "Do" && operands_.size() == 1 && operands_[0].isName()) {
            draw(operands_[0].getName());
        }
        operands_.clear();
    }

    void handleEOF() override {}

    // Notes an image drawn with `ctm`, or walks a form drawn with it.
    static void drawXObject(Needs& needs, QPDFObjectHandle x, QPDFObjectHandle parentResources, Matrix const& ctm,
                            double ppp, int depth)
    {
        if (!x.isStream() || !x.isIndirect()) {
            return;
        }
        QPDFObjectHandle dict = x.getDict();
        QPDFObjectHandle subtype = dict.getKey("/Subtype");
        if (subtype.isNameAndEquals("/Image")) {
            double w = std::hypot(ctm.a, ctm.b) * ppp;
            double h = std::hypot(ctm.c, ctm.d) * ppp;
            if (!std::isfinite(w) || !std::isfinite(h)) {
                w = h = INFINITY; // never downscaled
            }
            // A soft mask is drawn over the same area as its image.
            QPDFObjectHandle smask = dict.getKey("/SMask");
            if (smask.isStream() && smask.isIndirect()) {
                needs.softMasks.insert(smask.getObjGen());
            }
            for (QPDFObjectHandle drawn : {x, smask}) {
                if (drawn.isStream() && drawn.isIndirect()) {
                    auto& need = needs.pixels[drawn.getObjGen()];
                    need.first = std::max(need.first, w);
                    need.second = std::max(need.second, h);
                }
            }
        } else if (subtype.isNameAndEquals("/Form") && depth < kMaxFormDepth) {
            Matrix m;
            readMatrix(dict.getKey("/Matrix"), m);
            Matrix placed = m.then(ctm);
            auto key = [](double v) {
                return std::isfinite(v) ? static_cast<long long>(std::llround(std::clamp(v, -1e12, 1e12) * 1000)) : 0LL;
            };
            if (!needs.formsWalked
                     .emplace(x.getObjGen(), key(placed.a), key(placed.b), key(placed.c), key(placed.d), key(ppp))
                     .second) {
                return;
            }
            QPDFObjectHandle resources = dict.getKey("/Resources");
            Walker inner(needs, resources.isDictionary() ? resources : parentResources, placed, ppp, depth + 1);
            x.parseAsContents(&inner);
        }
    }

  private:
    void draw(std::string const& name)
    {
        if (!resources_.isDictionary()) {
            return;
        }
        QPDFObjectHandle xobjects = resources_.getKey("/XObject");
        if (!xobjects.isDictionary()) {
            return;
        }
        drawXObject(needs_, xobjects.getKey(name), resources_, stack_.back(), ppp_, depth_);
    }

    Needs& needs_;
    QPDFObjectHandle resources_;
    double ppp_;
    int depth_;
    std::vector<Matrix> stack_;
    std::vector<QPDFObjectHandle> operands_;
};

// Images under this many pixels cost next to nothing to decode: never worth replacing.
constexpr long long kSmallImagePixels = 128 * 128;

// Whether any image is large enough to be worth a look. Reading each object's dictionary is
// far cheaper than parsing every content stream, and most documents have no such image.
bool hasSizeableImage(QPDF& q)
{
    for (auto const& entry : q.getXRefTable()) {
        QPDFObjectHandle o = q.getObjectByObjGen(entry.first);
        if (!o.isStream()) {
            continue;
        }
        QPDFObjectHandle dict = o.getDict();
        QPDFObjectHandle w = dict.getKey("/Width"), h = dict.getKey("/Height");
        if (dict.getKey("/Subtype").isNameAndEquals("/Image") && w.isInteger() && h.isInteger() &&
            w.getIntValue() > 0 && h.getIntValue() > 0 && w.getIntValue() * h.getIntValue() >= kSmallImagePixels) {
            return true;
        }
    }
    return false;
}

// Pixels per point of the widest preview of `page`: `maxWidth` across its displayed width.
double pixelsPerPoint(QPDFObjectHandle page, int maxWidth)
{
    Rect box;
    if (!readRect(inheritedPageAttribute(page, "/CropBox"), box) || box.empty()) {
        if (!readRect(inheritedPageAttribute(page, "/MediaBox"), box) || box.empty()) {
            return INFINITY;
        }
    }
    QPDFObjectHandle rotate = inheritedPageAttribute(page, "/Rotate");
    long long quarter = rotate.isInteger() ? ((rotate.getIntValue() / 90) % 4 + 4) % 4 : 0;
    double width = (quarter % 2) ? box.y1 - box.y0 : box.x1 - box.x0;
    return width > 0 ? maxWidth / width : INFINITY;
}

// An annotation's normal appearance maps its (transformed) /BBox onto its /Rect.
void walkAnnotations(Needs& needs, QPDFObjectHandle page, Matrix const& base, double ppp)
{
    QPDFObjectHandle annots = page.getKey("/Annots");
    if (!annots.isArray()) {
        return;
    }
    for (int i = 0, n = annots.getArrayNItems(); i < n; ++i) {
        QPDFObjectHandle annot = annots.getArrayItem(i);
        QPDFObjectHandle ap = annot.isDictionary() ? annot.getKey("/AP") : QPDFObjectHandle::newNull();
        QPDFObjectHandle normal = ap.isDictionary() ? ap.getKey("/N") : QPDFObjectHandle::newNull();
        std::vector<QPDFObjectHandle> streams;
        if (normal.isStream()) {
            streams.push_back(normal);
        } else if (normal.isDictionary()) {
            for (auto const& key : normal.getKeys()) {
                if (normal.getKey(key).isStream()) {
                    streams.push_back(normal.getKey(key));
                }
            }
        }
        Rect rect;
        if (streams.empty() || !readRect(annot.getKey("/Rect"), rect) || rect.empty()) {
            continue;
        }
        for (auto& form : streams) {
            Rect bbox;
            Matrix m;
            readMatrix(form.getDict().getKey("/Matrix"), m);
            if (!readRect(form.getDict().getKey("/BBox"), bbox) || bbox.empty()) {
                continue;
            }
            // The box's corners under /Matrix, then scaled onto the rectangle.
            double xs[4], ys[4];
            double cx[4] = {bbox.x0, bbox.x1, bbox.x0, bbox.x1}, cy[4] = {bbox.y0, bbox.y0, bbox.y1, bbox.y1};
            for (int k = 0; k < 4; ++k) {
                xs[k] = cx[k] * m.a + cy[k] * m.c + m.e;
                ys[k] = cx[k] * m.b + cy[k] * m.d + m.f;
            }
            double w = *std::max_element(xs, xs + 4) - *std::min_element(xs, xs + 4);
            double h = *std::max_element(ys, ys + 4) - *std::min_element(ys, ys + 4);
            if (!(w > 0) || !(h > 0)) {
                continue;
            }
            Matrix fit{(rect.x1 - rect.x0) / w, 0, 0, (rect.y1 - rect.y0) / h, 0, 0};
            // drawXObject applies /Matrix itself; `fit` then the page's base go after it.
            Walker::drawXObject(needs, form.isIndirect() ? form : QPDFObjectHandle::newNull(),
                                QPDFObjectHandle::newNull(), fit.then(base), ppp, 1);
        }
    }
}

bool isOnlyDCT(QPDFObjectHandle filter)
{
    if (filter.isName()) {
        return filter.getName() == "/DCTDecode" || filter.getName() == "/DCT";
    }
    return filter.isArray() && filter.getArrayNItems() == 1 && isOnlyDCT(filter.getArrayItem(0));
}

// Whether an image shows the same picture at a smaller size: 8 bits a component, not a
// stencil or colour-keyed mask, not indexed (an average of palette indices means nothing).
bool scalable(QPDFObjectHandle dict)
{
    QPDFObjectHandle mask = dict.getKey("/ImageMask");
    if (mask.isBool() && mask.getBoolValue()) {
        return false;
    }
    QPDFObjectHandle bpc = dict.getKey("/BitsPerComponent");
    if (!bpc.isInteger() || bpc.getIntValue() != 8 || dict.getKey("/Mask").isArray()) {
        return false;
    }
    QPDFObjectHandle cs = dict.getKey("/ColorSpace");
    return !(cs.isArray() && cs.getArrayNItems() > 0 && cs.getArrayItem(0).isNameAndEquals("/Indexed"));
}

// A JPEG whose colour transform the PDF does not override.
bool plainJPEG(QPDFObjectHandle dict)
{
    if (!isOnlyDCT(dict.getKey("/Filter"))) {
        return false;
    }
    QPDFObjectHandle parms = dict.getKey("/DecodeParms");
    if (parms.isArray() && parms.getArrayNItems() == 1) {
        parms = parms.getArrayItem(0);
    }
    return !(parms.isDictionary() && parms.hasKey("/ColorTransform"));
}

// Components of a colour space whose samples can be averaged (0: any other). A soft mask has
// none named and is grey.
int averagingComponents(QPDFObjectHandle cs, bool softMask)
{
    if (cs.isNull() && softMask) {
        return 1;
    }
    std::string family = cs.isName() ? cs.getName()
                         : (cs.isArray() && cs.getArrayNItems() > 0 && cs.getArrayItem(0).isName())
                             ? cs.getArrayItem(0).getName()
                             : std::string();
    if (family == "/DeviceGray" || family == "/CalGray") {
        return 1;
    }
    if (family == "/DeviceRGB" || family == "/CalRGB" || family == "/Lab") {
        return 3;
    }
    if (family == "/DeviceCMYK") {
        return 4;
    }
    if (family == "/ICCBased" && cs.getArrayNItems() == 2 && cs.getArrayItem(1).isStream()) {
        QPDFObjectHandle n = cs.getArrayItem(1).getDict().getKey("/N");
        return (n.isInteger() && (n.getIntValue() == 1 || n.getIntValue() == 3 || n.getIntValue() == 4))
                   ? static_cast<int>(n.getIntValue())
                   : 0;
    }
    return 0;
}

// Filters qpdf decodes itself; anything else (JPEG 2000, JBIG2, CCITT) is left alone.
bool losslessFilters(QPDFObjectHandle filter)
{
    static std::set<std::string> const known{"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCII85Decode", "/A85",
                                             "/ASCIIHexDecode", "/AHx", "/RunLengthDecode", "/RL"};
    if (filter.isNull()) {
        return true;
    }
    if (filter.isName()) {
        return known.count(filter.getName()) > 0;
    }
    if (!filter.isArray() || filter.getArrayNItems() > 8) {
        return false;
    }
    for (int i = 0, n = filter.getArrayNItems(); i < n; ++i) {
        if (!filter.getArrayItem(i).isName() || !known.count(filter.getArrayItem(i).getName())) {
            return false;
        }
    }
    return true;
}

// Collects decoded stream data up to a bound, so a compression bomb stops early.
class BoundedSink : public Pipeline {
  public:
    explicit BoundedSink(size_t limit) : Pipeline("sq-preview-sink", nullptr), limit_(limit) {}
    void write(unsigned char const* data, size_t len) override
    {
        if (data_.size() + len > limit_) {
            throw std::length_error("the image decodes to more than its size");
        }
        data_.append(reinterpret_cast<char const*>(data), len);
    }
    void finish() override {}
    std::string const& data() const { return data_; }

  private:
    size_t limit_;
    std::string data_;
};

struct FreeOnExit {
    unsigned char* p;
    ~FreeOnExit() { std::free(p); }
};

// The image's dictionary with new dimensions and filter, and its new data, as object text.
std::string imageObject(QPDFObjectHandle image, int width, int height, std::string const& filter,
                        std::string const& data)
{
    QPDFObjectHandle dict = image.getDict();
    std::string body = "<<";
    for (auto const& k : dict.getKeys()) {
        if (k != "/Width" && k != "/Height" && k != "/Length" && k != "/Filter" && k != "/DecodeParms") {
            body += " " + QPDFObjectHandle::newName(k).unparse() + " " + dict.getKey(k).unparse();
        }
    }
    body += " /Width " + std::to_string(width) + " /Height " + std::to_string(height) + " /Filter " + filter +
            " /Length " + std::to_string(data.size()) + " >>\nstream\n";
    body += data;
    body += "\nendstream";
    QPDFObjGen og = image.getObjGen();
    return std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " obj\n" + body + "\nendobj\n";
}

// A JPEG decoded at `eighths`/8 of its size by libjpeg's scaled DCT and encoded again.
std::string downscaledJPEG(QPDFObjectHandle image, int eighths, long long& bytesBefore, long long& bytesAfter)
{
    QPDFObjectHandle dict = image.getDict();
    std::shared_ptr<Buffer> raw = image.getRawStreamData();
    JpegInfo info;
    if (!jpegHeader(raw->getBuffer(), raw->getSize(), info) || info.width != dict.getKey("/Width").getIntValue() ||
        info.height != dict.getKey("/Height").getIntValue() || (info.components != 1 && info.components != 3)) {
        return std::string();
    }
    int outW = 0, outH = 0;
    FreeOnExit pixels{jpegDecodeScaled(raw->getBuffer(), raw->getSize(), eighths, info.components, outW, outH)};
    if (!pixels.p) {
        return std::string();
    }
    size_t size = 0;
    FreeOnExit jpeg{jpegEncode(pixels.p, outW, outH, info.components, kPreviewQuality, size)};
    if (!jpeg.p) {
        return std::string();
    }
    bytesBefore += static_cast<long long>(raw->getSize());
    bytesAfter += static_cast<long long>(size);
    return imageObject(image, outW, outH, "/DCTDecode", std::string(reinterpret_cast<char const*>(jpeg.p), size));
}

// A losslessly compressed image (or soft mask) averaged over `factor` x `factor` blocks and
// deflated again.
std::string downscaledPixels(QPDFObjectHandle image, int components, int factor, long long& bytesBefore,
                             long long& bytesAfter)
{
    QPDFObjectHandle dict = image.getDict();
    size_t w = static_cast<size_t>(dict.getKey("/Width").getIntValue());
    size_t h = static_cast<size_t>(dict.getKey("/Height").getIntValue());
    size_t n = static_cast<size_t>(components);
    if (w * h * n > 2 * kMaxPreviewSamples) {
        return std::string();
    }
    BoundedSink sink(w * h * n + 4096);
    try {
        if (!image.pipeStreamData(&sink, 0, qpdf_dl_generalized, true, false)) {
            return std::string();
        }
    } catch (std::exception const&) {
        return std::string(); // undecodable, or a bomb
    }
    std::string const& src = sink.data();
    if (src.size() < w * h * n) {
        return std::string();
    }
    size_t k = static_cast<size_t>(factor);
    size_t ow = (w + k - 1) / k, oh = (h + k - 1) / k;
    std::string out(ow * oh * n, '\0');
    std::vector<unsigned> sum(ow * n);
    for (size_t oy = 0; oy < oh; ++oy) {
        std::fill(sum.begin(), sum.end(), 0u);
        size_t y0 = oy * k, y1 = std::min(h, y0 + k);
        for (size_t y = y0; y < y1; ++y) {
            unsigned char const* row = reinterpret_cast<unsigned char const*>(src.data()) + y * w * n;
            for (size_t x = 0; x < w; ++x) {
                for (size_t c = 0; c < n; ++c) {
                    sum[(x / k) * n + c] += row[x * n + c];
                }
            }
        }
        for (size_t ox = 0; ox < ow; ++ox) {
            size_t cells = (y1 - y0) * (std::min(w, ox * k + k) - ox * k);
            for (size_t c = 0; c < n; ++c) {
                out[(oy * ow + ox) * n + c] = static_cast<char>((sum[ox * n + c] + cells / 2) / cells);
            }
        }
    }
    Pl_Buffer buffer("sq-preview-out");
    Pl_Flate flate("sq-preview-flate", &buffer, Pl_Flate::a_deflate);
    flate.write(reinterpret_cast<unsigned char const*>(out.data()), out.size());
    flate.finish();
    std::shared_ptr<Buffer> packed = buffer.getBufferSharedPointer();
    bytesBefore += static_cast<long long>(image.getRawStreamData()->getSize());
    bytesAfter += static_cast<long long>(packed->getSize());
    return imageObject(image, static_cast<int>(ow), static_cast<int>(oh), "/FlateDecode",
                       std::string(reinterpret_cast<char const*>(packed->getBuffer()), packed->getSize()));
}

// The replacement object text for `image` needing `need` pixels, or "" to leave it. JPEGs
// shrink by eighths (libjpeg decodes those at a fraction of the cost), other images by whole
// blocks; either only when that at least halves them.
std::string downscaled(QPDFObjectHandle image, std::pair<double, double> need, bool softMask, long long& bytesBefore,
                       long long& bytesAfter)
{
    QPDFObjectHandle dict = image.getDict();
    QPDFObjectHandle width = dict.getKey("/Width"), height = dict.getKey("/Height");
    if (!dict.getKey("/Subtype").isNameAndEquals("/Image") || !scalable(dict) || !width.isInteger() ||
        !height.isInteger() || width.getIntValue() <= 0 || height.getIntValue() <= 0 || width.getIntValue() > 1000000 ||
        height.getIntValue() > 1000000 || width.getIntValue() * height.getIntValue() < kSmallImagePixels) {
        return std::string();
    }
    double w = static_cast<double>(width.getIntValue()), h = static_cast<double>(height.getIntValue());
    double ratio = std::max(need.first / w, need.second / h);
    if (!std::isfinite(ratio) || ratio > 0.5) {
        return std::string();
    }
    if (plainJPEG(dict)) {
        return downscaledJPEG(image, std::max(1, static_cast<int>(std::ceil(ratio * 8))), bytesBefore, bytesAfter);
    }
    int components = averagingComponents(dict.getKey("/ColorSpace"), softMask);
    if (components == 0 || !losslessFilters(dict.getKey("/Filter"))) {
        return std::string();
    }
    int factor = std::min(64, static_cast<int>(std::floor(1 / std::max(ratio, 1.0 / 64))));
    return factor >= 2 ? downscaledPixels(image, components, factor, bytesBefore, bytesAfter) : std::string();
}

std::string previewCopy(char const* path, int maxWidth, char const* outputPath)
{
    if (!outputPath || !*outputPath) {
        throw Failure("badPlan", "no output path");
    }
    if (maxWidth < 16 || maxWidth > 20000) {
        throw Failure("badPlan", "the widest preview must be 16 to 20000 pixels");
    }
    struct stat sa, sb;
    if (stat(path, &sa) == 0 && stat(outputPath, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino) {
        throw Failure("badPlan", "the preview copy cannot replace its original");
    }
    QPDF q;
    openPdf(q, path, nullptr);
    if (q.isEncrypted()) {
        throw Failure("encrypted", "an encrypted PDF gets no preview copy");
    }
    Warnings warnings;
    if (warnings.drain(q) > 0) {
        throw Failure("damaged", "the PDF needed repair, so an update appended to it could not be trusted");
    }
    TailInfo tail = analyseTail(path);
    if (!tail.ok) {
        throw Failure("damaged", "the PDF cannot take an incremental update: " + tail.problem);
    }
    Needs needs;
    for (auto& helper : hasSizeableImage(q) ? QPDFPageDocumentHelper(q).getAllPages()
                                            : std::vector<QPDFPageObjectHelper>()) {
        QPDFObjectHandle page = helper.getObjectHandle();
        double ppp = pixelsPerPoint(page, maxWidth);
        QPDFObjectHandle resources = inheritedPageAttribute(page, "/Resources");
        Walker walker(needs, resources, Matrix{}, ppp, 0);
        helper.parseContents(&walker);
        walkAnnotations(needs, page, Matrix{}, ppp);
    }
    std::vector<UpdateObject> objects;
    long long before = 0, after = 0;
    for (auto const& [og, need] : needs.pixels) {
        QPDFObjectHandle image = q.getObjectByObjGen(og);
        std::string text = downscaled(image, need, needs.softMasks.count(og) > 0, before, after);
        if (!text.empty()) {
            objects.push_back({og.getObj(), og.getGen(), std::move(text)});
        }
    }
    size_t replaced = objects.size();
    if (replaced > 0) {
        writeIncremental(q, path, outputPath, tail, firstFreeObjectId(q), std::move(objects));
    }
    JsonOut j;
    j.beginObject().key("ok").boolean(true).key("images").integer(static_cast<long long>(needs.pixels.size()));
    j.key("replaced").integer(static_cast<long long>(replaced)).key("bytesBefore").integer(before);
    j.key("bytesAfter").integer(after).endObject();
    return j.text();
}

} // namespace

} // namespace signet

extern "C" char* signet_qpdf_preview_copy(char const* path, int max_width, char const* output_path)
{
    return signet::guarded([&]() -> std::string {
        try {
            return signet::previewCopy(path, max_width, output_path);
        } catch (QPDFExc const& e) {
            throw signet::Failure("damaged", "the PDF is damaged: " + e.getMessageDetail());
        }
    });
}
