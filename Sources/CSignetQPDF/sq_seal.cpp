// The seal's placeholder: an incremental update that adds an invisible approval signature
// field whose signature dictionary has a zero-filled /Contents of fixed size and a /ByteRange
// that already covers the whole output except that gap. libqpdf only reads the input; the
// update's bytes are ours (writeIncremental), so every offset is known exactly. A stamp that is
// to be sealed adds the seal to its own update (sq_merge.cpp), so the stamped file is written
// once and never parsed again; an existing file gets it from signet_qpdf_seal_placeholder. The
// process that holds the key later hashes the byte range and writes the CMS into the gap;
// nothing in here ever sees a key.
#include "sq_merge.hpp"
#include "signet_qpdf.h"

#include <algorithm>
#include <climits>
#include <cstdio>

namespace signet {

namespace {

std::string objectText(int id, int gen, std::string const& body)
{
    return std::to_string(id) + " " + std::to_string(gen) + " obj\n" + body + "\nendobj\n";
}

std::string ref(int id)
{
    return std::to_string(id) + " 0 R";
}

std::string const byteRangeBlank = "[0 0000000000 0000000000 0000000000]";

// "Seal1", "Seal2", ...: the first name no top-level field has yet.
std::string freshFieldName(QPDFObjectHandle fields)
{
    std::set<std::string> taken;
    if (fields.isArray()) {
        for (int i = 0, n = fields.getArrayNItems(); i < n; ++i) {
            QPDFObjectHandle f = fields.getArrayItem(i);
            QPDFObjectHandle t = f.isDictionary() ? f.getKey("/T") : QPDFObjectHandle::newNull();
            if (t.isString()) {
                taken.insert(t.getUTF8Value());
            }
        }
    }
    for (int n = 1;; ++n) {
        std::string name = "Seal" + std::to_string(n);
        if (!taken.count(name)) {
            return name;
        }
    }
}

// A copy of `array` (or an empty array) with `item` appended.
QPDFObjectHandle appended(QPDFObjectHandle array, QPDFObjectHandle item)
{
    QPDFObjectHandle copy = QPDFObjectHandle::newArray();
    if (array.isArray()) {
        for (int i = 0, n = array.getArrayNItems(); i < n; ++i) {
            copy.appendItem(array.getArrayItem(i));
        }
    }
    copy.appendItem(item);
    return copy;
}

std::string sealPlaceholder(char const* path, char const* signingTime, char const* reason, size_t contentsBytes,
                            char const* outputPath)
{
    if (!outputPath || !*outputPath) {
        throw Failure("badPlan", "no output path");
    }
    requirePdfHeader(path);
    QPDF q;
    openPdf(q, path, nullptr);
    if (q.isEncrypted()) {
        throw Failure("encrypted", "an encrypted PDF cannot be sealed");
    }
    Warnings warnings;
    if (warnings.drain(q) > 0) {
        throw Failure("damaged", "the PDF needed repair, so a seal appended to it could not be trusted");
    }
    TailInfo tail = analyseTail(path);
    if (!tail.ok) {
        throw Failure("damaged", "the PDF cannot take an incremental update: " + tail.problem);
    }
    QPDFObjectHandle root = q.getTrailer().getKey("/Root");
    if (!root.isIndirect() || !root.isDictionary()) {
        throw Failure("damaged", "the trailer has no indirect catalog");
    }
    requireChangesAllowed(root);
    int firstFree = firstFreeObjectId(q);
    if (firstFree < 0) {
        throw Failure("damaged", "object numbers are too large to add a seal");
    }
    SealSpec spec{true, signingTime ? signingTime : "", reason ? reason : "", contentsBytes};
    std::set<QPDFObjGen> modified;
    SealObjects seal = addSeal(q, sealPage(q), firstFree, spec, modified);
    std::vector<UpdateObject> objects = seal.objects;
    for (auto const& og : modified) {
        objects.push_back({og.getObj(), og.getGen(),
                           objectText(og.getObj(), og.getGen(), q.getObjectByObjGen(og).unparseResolved())});
    }
    std::sort(objects.begin(), objects.end(), [](UpdateObject const& a, UpdateObject const& b) { return a.id < b.id; });
    SealPlaced placed;
    writeIncremental(q, path, outputPath, tail, firstFree + 2, std::move(objects), sealByteRange(seal, placed));
    JsonOut j;
    j.beginObject().key("ok").boolean(true);
    writeSealPlaced(j, placed);
    j.endObject();
    return j.text();
}

} // namespace

// A certification signature that allows no changes (DocMDP P=1) would be broken by any seal.
void requireChangesAllowed(QPDFObjectHandle root)
{
    QPDFObjectHandle perms = root.getKey("/Perms");
    QPDFObjectHandle docMDP = perms.isDictionary() ? perms.getKey("/DocMDP") : QPDFObjectHandle::newNull();
    QPDFObjectHandle refs = docMDP.isDictionary() ? docMDP.getKey("/Reference") : QPDFObjectHandle::newNull();
    if (!refs.isArray()) {
        return;
    }
    for (int i = 0, n = std::min(refs.getArrayNItems(), 16); i < n; ++i) {
        QPDFObjectHandle item = refs.getArrayItem(i);
        QPDFObjectHandle params = item.isDictionary() ? item.getKey("/TransformParams") : QPDFObjectHandle::newNull();
        QPDFObjectHandle p = params.isDictionary() ? params.getKey("/P") : QPDFObjectHandle::newNull();
        if (p.isInteger() && p.getIntValue() == 1) {
            throw Failure("badPlan", "the PDF is certified with no changes allowed (DocMDP P=1); a seal would break it");
        }
    }
}

QPDFObjectHandle sealPage(QPDF& q)
{
    std::set<int> wanted{1};
    std::map<int, QPDFObjectHandle> found;
    long long pageCount = 0;
    QPDFObjectHandle page;
    if (findPagesQuickly(q, wanted, found, pageCount) && found.count(1)) {
        page = found.at(1);
    } else {
        std::vector<QPDFObjectHandle> all = q.getAllPages();
        if (!all.empty()) {
            page = all.front();
        }
    }
    if (!page.isDictionary() || !page.isIndirect()) {
        throw Failure("damaged", "the PDF has no page to carry the seal's widget");
    }
    return page;
}

SealObjects addSeal(QPDF& q, QPDFObjectHandle page, int sigId, SealSpec const& spec, std::set<QPDFObjGen>& modified)
{
    if (spec.contentsBytes < 1024 || spec.contentsBytes > (1 << 20)) {
        throw Failure("badPlan", "the signature placeholder must hold 1 KiB to 1 MiB");
    }
    QPDFObjectHandle root = q.getTrailer().getKey("/Root");
    if (!root.isIndirect() || !root.isDictionary()) {
        throw Failure("damaged", "the trailer has no indirect catalog");
    }
    SealObjects seal;
    seal.sigId = sigId;
    seal.contentsBytes = spec.contentsBytes;
    int widgetId = sigId + 1;

    // The signature dictionary. /ByteRange is a fixed-width placeholder filled in once the
    // update's offsets are known; /Contents is zeros, replaced by the CMS later.
    std::string sigHead = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ";
    std::string sigBody = sigHead + byteRangeBlank + " /Contents <" + std::string(spec.contentsBytes * 2, '0') +
                          "> /M " + QPDFObjectHandle::newString(spec.signingTime).unparse();
    if (!spec.reason.empty()) {
        sigBody += " /Reason " + QPDFObjectHandle::newUnicodeString(spec.reason).unparse();
    }
    sigBody += " >>";
    std::string sigText = objectText(sigId, 0, sigBody);
    seal.byteRangeAt = sigText.find("<<") + sigHead.size();
    seal.contentsAt = seal.byteRangeAt + byteRangeBlank.size() + std::string(" /Contents ").size();
    seal.objects.push_back({sigId, 0, sigText});

    // The invisible widget, merged with its field: printed and locked (/F 132), no area.
    QPDFObjectHandle acroForm = root.getKey("/AcroForm");
    QPDFObjectHandle oldFields = acroForm.isDictionary() ? acroForm.getKey("/Fields") : QPDFObjectHandle::newNull();
    seal.field = freshFieldName(oldFields);
    seal.objects.push_back({widgetId, 0,
                            objectText(widgetId, 0,
                                       "<< /FT /Sig /T " + QPDFObjectHandle::newString(seal.field).unparse() +
                                           " /Type /Annot /Subtype /Widget /F 132 /Rect [0 0 0 0] /P " +
                                           page.unparse() + " /V " + ref(sigId) + " >>")});
    // A reference to the widget: an object number `q` does not have yet (it reads as null there).
    QPDFObjectHandle widget = q.getObjectByID(widgetId, 0);

    // The page lists the widget among its annotations (an indirect /Annots array changes
    // itself, the page then stays as it was).
    QPDFObjectHandle annots = page.getKey("/Annots");
    if (annots.isIndirect() && annots.isArray()) {
        annots.appendItem(widget);
        modified.insert(annots.getObjGen());
    } else {
        page.replaceKey("/Annots", appended(annots, widget));
        modified.insert(page.getObjGen());
    }

    // The form gains the field and /SigFlags 3 (signatures exist, append only). Viewers must
    // not regenerate appearances after a seal, so /NeedAppearances goes, as pyHanko does.
    QPDFObjectHandle fields = appended(oldFields, widget);
    if (oldFields.isIndirect() && oldFields.isArray()) {
        oldFields.appendItem(widget);
        modified.insert(oldFields.getObjGen());
        fields = oldFields;
    }
    if (acroForm.isIndirect() && acroForm.isDictionary()) {
        acroForm.removeKey("/NeedAppearances");
        acroForm.replaceKey("/Fields", fields);
        acroForm.replaceKey("/SigFlags", QPDFObjectHandle::newInteger(3));
        modified.insert(acroForm.getObjGen());
    } else {
        QPDFObjectHandle form = QPDFObjectHandle::newDictionary();
        if (acroForm.isDictionary()) {
            for (auto const& k : acroForm.getKeys()) {
                if (k != "/Fields" && k != "/SigFlags" && k != "/NeedAppearances") {
                    form.replaceKey(k, acroForm.getKey(k));
                }
            }
        }
        form.replaceKey("/Fields", fields);
        form.replaceKey("/SigFlags", QPDFObjectHandle::newInteger(3));
        root.replaceKey("/AcroForm", form);
        modified.insert(root.getObjGen());
    }
    return seal;
}

UpdateHook sealByteRange(SealObjects const& seal, SealPlaced& placedSeal)
{
    return [&seal, &placedSeal](std::string& update, long long base, std::map<int, long long> const& placed) {
        long long sigAt = placed.at(seal.sigId);
        long long a = base + sigAt + static_cast<long long>(seal.contentsAt);
        long long b = a + static_cast<long long>(seal.contentsBytes * 2 + 2);
        long long length = base + static_cast<long long>(update.size());
        char range[64];
        int n = std::snprintf(range, sizeof(range), "[0 %lld %lld %lld]", a, b, length - b);
        if (n <= 0 || static_cast<size_t>(n) > byteRangeBlank.size()) {
            throw Failure("internal", "the file is too large for the seal's byte range");
        }
        std::string text(range);
        text.resize(byteRangeBlank.size(), ' ');
        update.replace(static_cast<size_t>(sigAt) + seal.byteRangeAt, text.size(), text);
        placedSeal = {seal.field, a, b, length};
    };
}

void writeSealPlaced(JsonOut& j, SealPlaced const& placed)
{
    j.key("field").str(placed.field).key("byteRange").beginArray();
    j.integer(0).integer(placed.a).integer(placed.b).integer(placed.length - placed.b).endArray();
    j.key("size").integer(placed.length);
}

} // namespace signet

extern "C" char* signet_qpdf_seal_placeholder(char const* path, char const* signing_time, char const* reason,
                                              size_t contents_bytes, char const* output_path)
{
    return signet::guarded([&]() -> std::string {
        try {
            return signet::sealPlaceholder(path, signing_time, reason, contents_bytes, output_path);
        } catch (QPDFExc const& e) {
            throw signet::Failure("damaged", "the PDF is damaged: " + e.getMessageDetail());
        }
    });
}
