// Incremental update: the input's bytes are copied unchanged and new or
// changed objects are appended with a cross-reference section chained to the
// old one through /Prev. This keeps existing signatures valid and is much
// cheaper than a full rewrite, but it is only correct when the file's own
// cross-reference chain is sound, hence analyseTail().
#include "sq_merge.hpp"

#include <unistd.h>

#include <qpdf/QUtil.hh>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <random>

namespace signet {

namespace {

// RAII for FILE* so early exits (exceptions) never leak descriptors.
struct File {
    FILE* f = nullptr;
    File(char const* path, char const* mode) : f(std::fopen(path, mode)) {}
    ~File()
    {
        if (f) {
            std::fclose(f);
        }
    }
    File(File const&) = delete;
    File& operator=(File const&) = delete;
};

bool isPdfSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

} // namespace

TailInfo analyseTail(char const* path)
{
    TailInfo t;
    File in(path, "rb");
    if (!in.f || fseeko(in.f, 0, SEEK_END) != 0) {
        t.problem = "cannot read the input";
        return t;
    }
    long long size = ftello(in.f);
    t.fileSize = size;
    // Like qpdf and most readers, look for startxref in the last 1 KiB only.
    long long tailLen = std::min<long long>(size, 1024);
    std::string tail(static_cast<size_t>(tailLen), '\0');
    if (size <= 0 || fseeko(in.f, size - tailLen, SEEK_SET) != 0 ||
        std::fread(&tail[0], 1, tail.size(), in.f) != tail.size()) {
        t.problem = "cannot read the end of the input";
        return t;
    }
    t.endsWithNewline = tail.back() == '\n' || tail.back() == '\r';
    size_t at = tail.rfind("startxref");
    if (at == std::string::npos) {
        t.problem = "no startxref at the end of the file";
        return t;
    }
    size_t p = at + 9;
    while (p < tail.size() && isPdfSpace(tail[p])) {
        ++p;
    }
    size_t digits = p;
    while (p < tail.size() && std::isdigit(static_cast<unsigned char>(tail[p])) && p - digits < 18) {
        ++p;
    }
    if (p == digits || tail.find("%%EOF", p) == std::string::npos) {
        t.problem = "malformed startxref or missing %%EOF";
        return t;
    }
    t.startxref = std::stoll(tail.substr(digits, p - digits));
    if (t.startxref <= 0 || t.startxref >= size) {
        t.problem = "startxref points outside the file";
        return t;
    }
    // The section there is either a classic table ("xref") or a
    // cross-reference stream ("N G obj"); our update must be of the same kind.
    char head[64] = {};
    if (fseeko(in.f, t.startxref, SEEK_SET) != 0) {
        t.problem = "cannot read the cross-reference section";
        return t;
    }
    size_t n = std::fread(head, 1, sizeof(head) - 1, in.f);
    std::string h(head, n);
    size_t s = 0;
    while (s < h.size() && isPdfSpace(h[s])) {
        ++s;
    }
    if (h.compare(s, 4, "xref") == 0) {
        t.ok = true;
        return t;
    }
    // Expect: digits, space, digits, space, "obj".
    size_t q = s;
    for (int field = 0; field < 2; ++field) {
        size_t start = q;
        while (q < h.size() && std::isdigit(static_cast<unsigned char>(h[q]))) {
            ++q;
        }
        size_t spaceStart = q;
        while (q < h.size() && isPdfSpace(h[q])) {
            ++q;
        }
        if (q == start || q == spaceStart) {
            t.problem = "startxref does not point to a cross-reference section";
            return t;
        }
    }
    if (h.compare(q, 3, "obj") != 0) {
        t.problem = "startxref does not point to a cross-reference section";
        return t;
    }
    t.ok = true;
    t.xrefStream = true;
    return t;
}

namespace {

std::string randomHex16()
{
    std::random_device rd;
    std::string bytes;
    for (int i = 0; i < 4; ++i) {
        unsigned int v = rd();
        bytes.append(reinterpret_cast<char const*>(&v), 4);
    }
    return QUtil::hex_encode(bytes);
}

struct Entry {
    int id;
    int gen;
    long long offset;
};

// Groups sorted entries into runs of consecutive object numbers, the
// subsections of a table or the /Index pairs of a stream.
std::vector<std::pair<size_t, size_t>> runs(std::vector<Entry> const& entries)
{
    std::vector<std::pair<size_t, size_t>> out; // (first index, count)
    for (size_t i = 0; i < entries.size(); ++i) {
        if (!out.empty() && entries[i].id == entries[i - 1].id + 1) {
            ++out.back().second;
        } else {
            out.emplace_back(i, 1);
        }
    }
    return out;
}

void putBigEndian(std::string& out, unsigned long long v, int width)
{
    for (int k = width - 1; k >= 0; --k) {
        out += static_cast<char>((v >> (8 * k)) & 0xFF);
    }
}

} // namespace

void writeIncremental(QPDF& q, char const* inputPath, char const* outputPath, TailInfo const& tail,
                      int firstFreeId, std::vector<UpdateObject> objects, UpdateHook const& beforeWrite)
{
    QPDFObjectHandle trailer = q.getTrailer();
    QPDFObjectHandle root = trailer.getKey("/Root");
    if (!root.isIndirect()) {
        throw std::runtime_error("the trailer has no indirect /Root");
    }
    // The update is assembled in memory first, so a failure before the
    // final write leaves nothing half-written behind.
    std::string update;
    long long base = tail.fileSize;
    if (!tail.endsWithNewline) {
        update += '\n';
    }
    std::vector<Entry> entries;
    std::map<int, long long> placed; // object number -> offset within `update`
    int lastId = firstFreeId - 1; // the new /Size and xref stream number are above every old number
    for (auto const& o : objects) {
        entries.push_back({o.id, o.gen, base + static_cast<long long>(update.size())});
        placed[o.id] = static_cast<long long>(update.size());
        update += o.text;
        lastId = std::max(lastId, o.id);
    }
    objects.clear();
    bool nothingChanged = entries.empty();

    // Trailer keys shared by both section kinds.
    long long size = 0;
    QPDFObjectHandle oldSize = trailer.getKey("/Size");
    if (oldSize.isInteger()) {
        size = oldSize.getIntValue();
    }
    int xrefStreamId = lastId + 1;
    size = std::max<long long>(size, (tail.xrefStream ? xrefStreamId : lastId) + 1);
    std::string firstId;
    QPDFObjectHandle oldId = trailer.getKey("/ID");
    if (oldId.isArray() && oldId.getArrayNItems() >= 1 && oldId.getArrayItem(0).isString()) {
        firstId = QUtil::hex_encode(oldId.getArrayItem(0).getStringValue());
    } else {
        firstId = randomHex16();
    }
    std::string common = " /Root " + root.unparse();
    QPDFObjectHandle info = trailer.getKey("/Info");
    if (!info.isNull()) {
        common += " /Info " + (info.isIndirect() ? info.unparse() : info.unparseResolved());
    }
    common += " /ID [<" + firstId + "> <" + randomHex16() + ">] /Prev " + std::to_string(tail.startxref);

    long long xrefOffset = base + static_cast<long long>(update.size());
    if (!tail.xrefStream) {
        update += "xref\n";
        for (auto const& [first, count] : runs(entries)) {
            update += std::to_string(entries[first].id) + " " + std::to_string(count) + "\n";
            for (size_t i = first; i < first + count; ++i) {
                char line[32];
                std::snprintf(line, sizeof(line), "%010lld %05d n\r\n", entries[i].offset, entries[i].gen);
                update += line;
            }
        }
        update += "trailer\n<< /Size " + std::to_string(size) + common + " >>\n";
    } else {
        // The cross-reference stream lists itself too.
        entries.push_back({xrefStreamId, 0, xrefOffset});
        int offsetWidth = xrefOffset > 0xFFFFFFFFLL ? 8 : 4;
        std::string data, index;
        for (auto const& [first, count] : runs(entries)) {
            index += (index.empty() ? "" : " ") + std::to_string(entries[first].id) + " " + std::to_string(count);
        }
        for (auto const& e : entries) {
            data += '\x01'; // type 1: uncompressed object at an offset
            putBigEndian(data, static_cast<unsigned long long>(e.offset), offsetWidth);
            putBigEndian(data, static_cast<unsigned long long>(e.gen), 2);
        }
        update += std::to_string(xrefStreamId) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(size) +
                  " /W [1 " + std::to_string(offsetWidth) + " 2] /Index [" + index + "]" + common +
                  " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream\nendobj\n";
    }
    update += "startxref\n" + std::to_string(xrefOffset) + "\n%%EOF\n";
    if (nothingChanged) {
        update.clear(); // the output is an exact copy of the input
    } else if (beforeWrite) {
        beforeWrite(update, base, placed);
    }

    // Now the bytes: the input verbatim, then the update.
    File in(inputPath, "rb");
    File out(outputPath, "wb");
    if (!in.f) {
        throw Failure("internal", std::string("cannot reopen the input: ") + std::strerror(errno));
    }
    if (!out.f) {
        throw Failure("internal", std::string("cannot create the output: ") + std::strerror(errno));
    }
    // The kernel copies the original bytes without a detour through our
    // memory (and may share blocks on filesystems that can); stdio below is
    // the fallback where it cannot (other filesystems, old kernels).
    long long copied = 0;
    while (copied < tail.fileSize) {
        ssize_t n = copy_file_range(fileno(in.f), nullptr, fileno(out.f), nullptr,
                                    static_cast<size_t>(tail.fileSize - copied), 0);
        if (n <= 0) {
            break;
        }
        copied += n;
    }
    if (copied > 0 && (std::fseek(in.f, copied, SEEK_SET) != 0 || std::fseek(out.f, copied, SEEK_SET) != 0)) {
        throw Failure("internal", std::string("cannot position the output: ") + std::strerror(errno));
    }
    // The fallback's buffer only when it is needed, and no larger than what is left: a fresh
    // megabyte per stamp costs more than copying a small template.
    size_t left = copied < tail.fileSize ? static_cast<size_t>(tail.fileSize - copied) : 0;
    std::vector<char> buf(std::min<size_t>(left, 1 << 20));
    while (copied < tail.fileSize) {
        size_t want = static_cast<size_t>(std::min<long long>(buf.size(), tail.fileSize - copied));
        size_t got = std::fread(buf.data(), 1, want, in.f);
        if (got == 0) {
            throw Failure("internal", "the input changed while it was being read");
        }
        if (std::fwrite(buf.data(), 1, got, out.f) != got) {
            throw Failure("internal", std::string("cannot write the output: ") + std::strerror(errno));
        }
        copied += static_cast<long long>(got);
    }
    if (std::fwrite(update.data(), 1, update.size(), out.f) != update.size() || std::fflush(out.f) != 0) {
        throw Failure("internal", std::string("cannot write the output: ") + std::strerror(errno));
    }
    int rc = std::fclose(out.f);
    out.f = nullptr;
    if (rc != 0) {
        throw Failure("internal", std::string("cannot write the output: ") + std::strerror(errno));
    }
}

} // namespace signet
