// The seal's placeholder: an incremental update that adds an invisible approval signature
// field whose signature dictionary has a zero-filled /Contents of fixed size and a /ByteRange
// that already covers the whole output except that gap. libqpdf only reads the input; the
// update's bytes are ours (writeIncremental), so every offset is known exactly. The process
// that holds the key later hashes the byte range and writes the CMS into the gap; nothing in
// here ever sees a key.
#include "sq_merge.hpp"
#include "signet_qpdf.h"

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

std::string nameToken(std::string const& name)
{
    return QPDFObjectHandle::newName(name).unparse();
}

// A dictionary's entries other than `skip`, as " /Key value" text (references stay references).
std::string entriesExcept(QPDFObjectHandle dict, std::set<std::string> const& skip)
{
    std::string s;
    for (auto const& k : dict.getKeys()) {
        if (!skip.count(k)) {
            s += " " + nameToken(k) + " " + dict.getKey(k).unparse();
        }
    }
    return s;
}

// An array's items as text, followed by `extra`.
std::string arrayWith(QPDFObjectHandle array, std::string const& extra)
{
    std::string s = "[";
    if (array.isArray()) {
        for (int i = 0, n = array.getArrayNItems(); i < n; ++i) {
            s += " " + array.getArrayItem(i).unparse();
        }
    }
    return s + " " + extra + " ]";
}

// A certification signature that allows no changes (DocMDP P=1) would be broken by any seal.
bool forbidsChanges(QPDFObjectHandle root)
{
    QPDFObjectHandle perms = root.getKey("/Perms");
    QPDFObjectHandle docMDP = perms.isDictionary() ? perms.getKey("/DocMDP") : QPDFObjectHandle::newNull();
    QPDFObjectHandle refs = docMDP.isDictionary() ? docMDP.getKey("/Reference") : QPDFObjectHandle::newNull();
    if (!refs.isArray()) {
        return false;
    }
    for (int i = 0, n = std::min(refs.getArrayNItems(), 16); i < n; ++i) {
        QPDFObjectHandle item = refs.getArrayItem(i);
        QPDFObjectHandle params = item.isDictionary() ? item.getKey("/TransformParams") : QPDFObjectHandle::newNull();
        QPDFObjectHandle p = params.isDictionary() ? params.getKey("/P") : QPDFObjectHandle::newNull();
        if (p.isInteger() && p.getIntValue() == 1) {
            return true;
        }
    }
    return false;
}

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

std::string sealPlaceholder(char const* path, char const* signingTime, char const* reason, size_t contentsBytes,
                            char const* outputPath)
{
    if (!outputPath || !*outputPath) {
        throw Failure("badPlan", "no output path");
    }
    if (contentsBytes < 1024 || contentsBytes > (1 << 20)) {
        throw Failure("badPlan", "the signature placeholder must hold 1 KiB to 1 MiB");
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
    QPDFObjectHandle trailer = q.getTrailer();
    QPDFObjectHandle root = trailer.getKey("/Root");
    if (!root.isIndirect() || !root.isDictionary()) {
        throw Failure("damaged", "the trailer has no indirect catalog");
    }
    if (forbidsChanges(root)) {
        throw Failure("badPlan", "the PDF is certified with no changes allowed (DocMDP P=1); a seal would break it");
    }
    int firstFree = firstFreeObjectId(q);
    if (firstFree < 0) {
        throw Failure("damaged", "object numbers are too large to add a seal");
    }
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

    int sigId = firstFree;
    int widgetId = firstFree + 1;
    std::vector<UpdateObject> objects;

    // The signature dictionary. /ByteRange is a fixed-width placeholder filled in once the
    // update's offsets are known; /Contents is zeros, replaced by the CMS later.
    std::string const byteRangeBlank = "[0 0000000000 0000000000 0000000000]";
    std::string sigHead = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ";
    std::string sigBody = sigHead + byteRangeBlank + " /Contents <" + std::string(contentsBytes * 2, '0') + "> /M " +
                          QPDFObjectHandle::newString(signingTime ? signingTime : "").unparse();
    if (reason && *reason) {
        sigBody += " /Reason " + QPDFObjectHandle::newUnicodeString(reason).unparse();
    }
    sigBody += " >>";
    std::string sigText = objectText(sigId, 0, sigBody);
    size_t headLen = sigText.find("<<");
    size_t byteRangeAt = headLen + sigHead.size();
    size_t contentsAt = byteRangeAt + byteRangeBlank.size() + std::string(" /Contents ").size();
    objects.push_back({sigId, 0, sigText});

    // The invisible widget, merged with its field: printed and locked (/F 132), no area.
    QPDFObjectHandle acroForm = root.getKey("/AcroForm");
    QPDFObjectHandle oldFields = acroForm.isDictionary() ? acroForm.getKey("/Fields") : QPDFObjectHandle::newNull();
    std::string fieldName = freshFieldName(oldFields);
    objects.push_back({widgetId, 0,
                       objectText(widgetId, 0,
                                  "<< /FT /Sig /T " + QPDFObjectHandle::newString(fieldName).unparse() +
                                      " /Type /Annot /Subtype /Widget /F 132 /Rect [0 0 0 0] /P " + page.unparse() +
                                      " /V " + ref(sigId) + " >>")});

    // The page lists the widget among its annotations (an indirect /Annots array is
    // re-emitted itself, the page then stays as it was).
    QPDFObjectHandle annots = page.getKey("/Annots");
    if (annots.isIndirect() && annots.isArray()) {
        objects.push_back({annots.getObjectID(), annots.getGeneration(),
                           objectText(annots.getObjectID(), annots.getGeneration(), arrayWith(annots, ref(widgetId)))});
    } else {
        objects.push_back({page.getObjectID(), page.getGeneration(),
                           objectText(page.getObjectID(), page.getGeneration(),
                                      "<<" + entriesExcept(page, {"/Annots"}) +
                                          " /Annots " + arrayWith(annots, ref(widgetId)) + " >>")});
    }

    // The form gains the field and /SigFlags 3 (signatures exist, append only). Viewers must
    // not regenerate appearances after a seal, so /NeedAppearances goes, as pyHanko does.
    std::string fields;
    if (oldFields.isIndirect() && oldFields.isArray()) {
        objects.push_back({oldFields.getObjectID(), oldFields.getGeneration(),
                           objectText(oldFields.getObjectID(), oldFields.getGeneration(),
                                      arrayWith(oldFields, ref(widgetId)))});
        fields = oldFields.unparse();
    } else {
        fields = arrayWith(oldFields, ref(widgetId));
    }
    std::string form = "<<" +
                       (acroForm.isDictionary() ? entriesExcept(acroForm, {"/Fields", "/SigFlags", "/NeedAppearances"})
                                                : std::string()) +
                       " /Fields " + fields + " /SigFlags 3 >>";
    if (acroForm.isIndirect() && acroForm.isDictionary()) {
        objects.push_back({acroForm.getObjectID(), acroForm.getGeneration(),
                           objectText(acroForm.getObjectID(), acroForm.getGeneration(), form)});
    } else {
        objects.push_back({root.getObjectID(), root.getGeneration(),
                           objectText(root.getObjectID(), root.getGeneration(),
                                      "<<" + entriesExcept(root, {"/AcroForm"}) + " /AcroForm " + form + " >>")});
    }
    std::sort(objects.begin(), objects.end(), [](UpdateObject const& a, UpdateObject const& b) { return a.id < b.id; });

    long long a = 0, b = 0, length = 0;
    writeIncremental(q, path, outputPath, tail, firstFree + 2, std::move(objects),
                     [&](std::string& update, long long base, std::map<int, long long> const& placed) {
                         long long sigAt = placed.at(sigId);
                         a = base + sigAt + static_cast<long long>(contentsAt);
                         b = a + static_cast<long long>(contentsBytes * 2 + 2);
                         length = base + static_cast<long long>(update.size());
                         char range[64];
                         int n = std::snprintf(range, sizeof(range), "[0 %lld %lld %lld]", a, b, length - b);
                         if (n <= 0 || static_cast<size_t>(n) > byteRangeBlank.size()) {
                             throw Failure("internal", "the file is too large for the seal's byte range");
                         }
                         std::string text(range);
                         text.resize(byteRangeBlank.size(), ' ');
                         update.replace(static_cast<size_t>(sigAt) + byteRangeAt, text.size(), text);
                     });
    JsonOut j;
    j.beginObject().key("ok").boolean(true).key("field").str(fieldName).key("byteRange").beginArray();
    j.integer(0).integer(a).integer(b).integer(length - b).endArray();
    j.key("size").integer(length).endObject();
    return j.text();
}

} // namespace

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
