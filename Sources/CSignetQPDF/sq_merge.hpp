// Private declarations for the merge (stamping) half of CSignetQPDF.
#pragma once

#include "sq_internal.hpp"

#include <functional>
#include <map>

namespace signet {

// ---------------------------------------------------------------------------
// The caller's plan (sq_plan.cpp).
struct Placement {
    int page = 0;        // 1-based page of the input
    int overlayPage = 0; // 1-based page of the overlay
    int source = 0;      // which of the session's overlays (0-based)
    double m[6] = {1, 0, 0, 1, 0, 0};
};

// A file embedded in the document (catalog /Names /EmbeddedFiles), written in
// the same update as the stamp: the finished document's field values.
struct Attachment {
    std::string name;        // the file name, also its key in the name tree
    std::string mediaType;   // e.g. application/json (the stream's /Subtype)
    std::string description; // the file specification's /Desc
    int source = -1;         // which of the session's files (0-based)
    std::string data;        // the bytes (that file's, filled in by mergeOpened)
};

// The seal's placeholder, when the stamp is to be sealed (sq_seal.cpp): an invisible
// signature field whose /Contents is a zero-filled gap of `contentsBytes` bytes of DER.
struct SealSpec {
    bool wanted = false;
    std::string signingTime; // /M, a PDF date
    std::string reason;      // /Reason (may be empty)
    size_t contentsBytes = 0;
};

struct Plan {
    std::string mode = "auto"; // "auto", "incremental" or "rewrite"
    std::vector<Placement> pages;
    std::vector<std::string> removeFields;
    std::vector<Attachment> attachments;
    SealSpec seal; // added to the incremental update on a clean input; otherwise left to the caller
};

// Throws Failure("badPlan") for anything malformed.
Plan parsePlan(char const* json);

// Merges overlay pages into `in`, already opened from `inputPath` with
// `password` (may be null; opening produced `structural` repair warnings), following the plan, and
// writes `outputPath`. `files` are the bytes the plan's attachments name. Returns the answer JSON
// (sq_merge.cpp).
std::string mergeOpened(QPDF& in, Warnings& warnings, size_t structural, char const* inputPath,
                        char const* password, std::vector<QPDF*> const& overlays,
                        std::vector<std::string> const& files, char const* planJson, char const* outputPath);

// One key per (overlay, page) pair: the index of StampPlan::forms.
inline int formKey(Placement const& pl)
{
    return pl.source * 1000000 + (pl.overlayPage - 1);
}

// ---------------------------------------------------------------------------
// Finding pages and fields (sq_pages.cpp).

// Finds the given 1-based pages by descending the page tree along /Count,
// touching only the nodes on the way instead of every page (on large files
// with object streams, a full walk costs far more than the whole merge).
// Returns false when the tree is not consistent enough to trust that
// shortcut; the caller then walks the whole tree with qpdf.
bool findPagesQuickly(QPDF& q, std::set<int> const& wanted, std::map<int, QPDFObjectHandle>& found,
                      long long& pageCount);

// Removes the named fields: their widgets leave the pages' /Annots and the
// fields leave /Fields or their parent's /Kids. Every existing object that
// changes is added to `modified`. `allPages` is called if widgets cannot be
// located from their /P entries alone.
void removeFields(QPDF& q, std::vector<std::string> const& names,
                  std::function<std::vector<QPDFObjectHandle>()> const& allPages, std::set<QPDFObjGen>& modified,
                  Warnings& warnings);

// ---------------------------------------------------------------------------
// What to draw where, decided once and then written by either path.
struct PageStamp {
    QPDFObjectHandle page;          // the input page object
    QPDFObjectHandle resources;     // its effective (possibly inherited) /Resources, or null
    std::vector<std::string> names; // fresh /XObject names, one per placement
    std::vector<int> overlayIndex;  // formKey of each placement
    std::string closing;            // content after the old content: "Q" plus the Do operators
};

struct StampPlan {
    std::vector<PageStamp> pages;
    std::map<int, QPDFObjectHandle> forms; // formKey -> form XObject in its overlay QPDF
};

// ---------------------------------------------------------------------------
// Incremental update (sq_incremental.cpp, sq_serialise.cpp).

// What the end of the input says about its last cross-reference section.
struct TailInfo {
    bool ok = false;         // startxref found, in range, and pointing at a section
    std::string problem;     // why not, when !ok
    long long startxref = 0; // offset of the last section (the new /Prev)
    bool xrefStream = false; // that section is a cross-reference stream
    long long fileSize = 0;
    bool endsWithNewline = true;
};

TailInfo analyseTail(char const* path);

// One object of the update, already serialised as "N G obj ... endobj\n".
struct UpdateObject {
    int id;
    int gen;
    std::string text;
};

// Serialises the stamped pages, the overlay objects they need (renumbered
// from firstFreeId on) and the content streams, the attachments (their
// streams, file specifications, a new /EmbeddedFiles name tree and the
// catalog or /Names dictionary that points to it), plus every object in
// `modified`, without creating any object inside `q`.
std::vector<UpdateObject> serialiseUpdate(QPDF& q, StampPlan const& stamps, std::set<QPDFObjGen> const& modified,
                                          std::vector<Attachment> const& attachments, int firstFreeId);

// The rewrite path's attachments: added with qpdf's own objects.
void attachWithQpdf(QPDF& q, std::vector<Attachment> const& attachments);

// Sees the assembled update just before it is written: `update` (which the hook may patch in
// place, keeping its length), the file offset it starts at, and where each object landed in it.
// The seal uses it to fill in its /ByteRange, which depends on the final offsets.
using UpdateHook = std::function<void(std::string& update, long long base, std::map<int, long long> const& placed)>;

// Writes input bytes + the update objects + a cross-reference section.
void writeIncremental(QPDF& q, char const* inputPath, char const* outputPath, TailInfo const& tail,
                      int firstFreeId, std::vector<UpdateObject> objects, UpdateHook const& beforeWrite = nullptr);

// ---------------------------------------------------------------------------
// The seal's placeholder (sq_seal.cpp).

// The seal's two new objects, the signature dictionary and its widget, before the update's
// offsets are known.
struct SealObjects {
    std::string field; // "Seal1", "Seal2", ...
    int sigId = 0;
    std::vector<UpdateObject> objects;
    size_t byteRangeAt = 0; // within the signature object's text
    size_t contentsAt = 0;  // where "<" of /Contents is, within the same text
    size_t contentsBytes = 0;
};

// Where the seal's gap landed: the byte range is [0 a b length-b].
struct SealPlaced {
    std::string field;
    long long a = 0, b = 0, length = 0;
};

// Page 1, the seal widget's page (qpdf's walk when the quick descent cannot be trusted).
QPDFObjectHandle sealPage(QPDF& q);

// Throws Failure("badPlan") when the catalog's DocMDP forbids any change (a seal would break it).
void requireChangesAllowed(QPDFObjectHandle root);

// Adds the seal to `q` in memory, as a field removal changes it: `page` lists the widget in
// /Annots, the form lists the field and gets /SigFlags 3. Every existing object changed is
// added to `modified`, to be serialised with the update; the two new objects (numbered `sigId`
// and `sigId + 1`, which the update must leave free) are answered as text. The references to
// them resolve to nothing in `q`, so `q` can serve no other write afterwards.
SealObjects addSeal(QPDF& q, QPDFObjectHandle page, int sigId, SealSpec const& spec, std::set<QPDFObjGen>& modified);

// The hook that fills in the seal's /ByteRange once the update is assembled, and records
// where the gap is in `placed`.
UpdateHook sealByteRange(SealObjects const& seal, SealPlaced& placed);

// The answer's "seal" member: {"field","byteRange":[0,a,b,c],"size"}.
void writeSealPlaced(JsonOut& j, SealPlaced const& placed);

// The first object number an update may use (sq_merge.cpp); -1 when numbers are too large.
int firstFreeObjectId(QPDF& q);

} // namespace signet
