// Serialising the objects of an incremental update.
//
// qpdf cannot hand out a new object number without first resolving every
// object of the file (QPDF::fixDanglingReferences, ~160 ms on a 234-page
// manual with object streams), so the incremental path never creates objects
// inside the input QPDF. Instead it numbers the new objects itself and writes
// them as text: overlay objects are serialised straight from the overlay QPDF
// with their references renumbered, and stamped page dictionaries are written
// from the in-memory page with /Resources and /Contents substituted.
#include "sq_merge.hpp"

#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDFEFStreamObjectHelper.hh>
#include <qpdf/QPDFEmbeddedFileDocumentHelper.hh>
#include <qpdf/QPDFFileSpecObjectHelper.hh>
#include <qpdf/QPDFNameTreeObjectHelper.hh>

#include <algorithm>
#include <memory>

namespace signet {

namespace {

std::string nameToken(std::string const& name)
{
    return QPDFObjectHandle::newName(name).unparse(); // escapes as #xx where needed
}

std::string objectText(int id, int gen, std::string const& body)
{
    return std::to_string(id) + " " + std::to_string(gen) + " obj\n" + body + "\nendobj\n";
}

std::string ref(int id)
{
    return std::to_string(id) + " 0 R";
}

// Flate-compresses `data`; used only for new streams that have no filter.
std::string deflate(std::string const& data)
{
    Pl_Buffer buf("sq-deflate-out");
    Pl_Flate flate("sq-deflate", &buf, Pl_Flate::a_deflate);
    flate.write(reinterpret_cast<unsigned char const*>(data.data()), data.size());
    flate.finish();
    std::shared_ptr<Buffer> b = buf.getBufferSharedPointer();
    return std::string(reinterpret_cast<char const*>(b->getBuffer()), b->getSize());
}

// A stream as "<<dict>> stream ... endstream" with a direct /Length. `dictBody`
// holds the dictionary's entries other than /Length, /Filter, /DecodeParms.
std::string streamBody(std::string dictBody, std::string data, std::string const& filter,
                       std::string const& decodeParms)
{
    std::string f = filter, dp = decodeParms;
    if (f.empty() && dp.empty() && data.size() > 256) {
        // New and unfiltered: the overlay page's operators (qpdf hands them
        // over decoded) or anything the overlay left uncompressed.
        data = deflate(data);
        f = "/FlateDecode";
    }
    if (!f.empty()) {
        dictBody += " /Filter " + f;
    }
    if (!dp.empty()) {
        dictBody += " /DecodeParms " + dp;
    }
    return "<<" + dictBody + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

std::string bufferString(std::shared_ptr<Buffer> const& b)
{
    return std::string(reinterpret_cast<char const*>(b->getBuffer()), b->getSize());
}

// Copies objects out of the overlay QPDF, numbering them from `nextId`.
class OverlayCopier {
  public:
    explicit OverlayCopier(int& nextId) : nextId_(nextId) {}

    // The reference text for an overlay object, queuing it for output.
    std::string refTo(QPDFObjectHandle h)
    {
        if (h.isNull()) {
            return "null"; // a dangling reference reads as null anyway
        }
        auto [it, added] = ids_.emplace(std::make_pair(h.getOwningQPDF(), h.getObjGen()), 0);
        if (added) {
            it->second = nextId_++;
            queue_.push_back(h);
        }
        return ref(it->second);
    }

    // Serialises every queued object (and whatever they refer to).
    void drain(std::vector<UpdateObject>& out)
    {
        for (size_t i = 0; i < queue_.size(); ++i) {
            if (queue_.size() > 200000) {
                throw std::runtime_error("the overlay has too many objects");
            }
            QPDFObjectHandle h = queue_[i];
            int id = ids_[std::make_pair(h.getOwningQPDF(), h.getObjGen())];
            std::string body;
            if (h.isStream()) {
                QPDFObjectHandle dict = h.getDict();
                std::string entries;
                for (auto const& k : dict.getKeys()) {
                    if (k != "/Length" && k != "/Filter" && k != "/DecodeParms") {
                        entries += " " + nameToken(k) + " " + value(dict.getKey(k), 0);
                    }
                }
                QPDFObjectHandle f = dict.getKey("/Filter"), dp = dict.getKey("/DecodeParms");
                body = streamBody(entries, bufferString(h.getRawStreamData()), f.isNull() ? "" : value(f, 0),
                                  dp.isNull() ? "" : value(dp, 0));
            } else {
                body = contents(h, 0);
            }
            out.push_back({id, 0, objectText(id, 0, body)});
        }
    }

  private:
    std::string value(QPDFObjectHandle h, int depth)
    {
        return h.isIndirect() ? refTo(h) : contents(h, depth);
    }

    // The object itself (not a reference to it), with references renumbered.
    std::string contents(QPDFObjectHandle h, int depth)
    {
        if (depth > 100) {
            throw std::runtime_error("overlay objects nest too deeply");
        }
        if (h.isDictionary()) {
            std::string s = "<<";
            for (auto const& k : h.getKeys()) {
                s += " " + nameToken(k) + " " + value(h.getKey(k), depth + 1);
            }
            return s + " >>";
        }
        if (h.isArray()) {
            std::string s = "[";
            for (int i = 0, n = h.getArrayNItems(); i < n; ++i) {
                s += " " + value(h.getArrayItem(i), depth + 1);
            }
            return s + " ]";
        }
        return h.isIndirect() ? h.unparseResolved() : h.unparse(); // scalars
    }

    int& nextId_;
    // Keyed by document as well: objects of different overlays share numbers.
    std::map<std::pair<QPDF*, QPDFObjGen>, int> ids_;
    std::vector<QPDFObjectHandle> queue_;
};

// Entries of `dict` as " /Key value" text, skipping `skip`; values keep their
// references to the input's objects as they are.
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

// The attachments as new objects: each file's stream and specification, and
// a new single-node /EmbeddedFiles name tree holding the old entries (their
// values kept as they are) and ours. The object that points to the tree is
// re-emitted: the /Names dictionary when it is indirect, otherwise the
// catalog (from its in-memory state, so a field removal's change to it is
// kept). Answers which object that was (the null QPDFObjGen when none).
QPDFObjGen serialiseAttachments(QPDF& q, std::vector<Attachment> const& attachments, int& nextId,
                                std::vector<UpdateObject>& out)
{
    if (attachments.empty()) {
        return QPDFObjGen();
    }
    QPDFObjectHandle root = q.getTrailer().getKey("/Root");
    QPDFObjectHandle names = root.getKey("/Names");
    std::map<std::string, std::string> entries; // sorted by bytes, as a name tree must be
    QPDFObjectHandle old = names.isDictionary() ? names.getKey("/EmbeddedFiles") : QPDFObjectHandle::newNull();
    if (old.isDictionary()) {
        for (auto const& entry : QPDFNameTreeObjectHelper(old, q)) {
            QPDFObjectHandle value = entry.second; // a copy: qpdf handles have no const methods
            entries[entry.first] = value.unparse();
            if (entries.size() > 10000) {
                throw std::runtime_error("the document embeds too many files");
            }
        }
    }
    for (auto const& a : attachments) {
        int streamId = nextId++;
        int specId = nextId++;
        std::string data = a.data;
        std::string dict = " /Type /EmbeddedFile /Subtype " + nameToken("/" + a.mediaType) + " /Params << /Size " +
                           std::to_string(a.data.size()) + " >>";
        out.push_back({streamId, 0, objectText(streamId, 0, streamBody(dict, data, "", ""))});
        std::string spec = "<< /Type /Filespec /F " + QPDFObjectHandle::newString(a.name).unparse() + " /UF " +
                           QPDFObjectHandle::newUnicodeString(a.name).unparse() + " /EF << /F " + ref(streamId) +
                           " /UF " + ref(streamId) + " >> /Desc " +
                           QPDFObjectHandle::newUnicodeString(a.description).unparse() +
                           " /AFRelationship /Data >>";
        out.push_back({specId, 0, objectText(specId, 0, spec)});
        entries[a.name] = ref(specId);
    }
    int treeId = nextId++;
    std::string tree = "<< /Names [";
    for (auto const& [key, value] : entries) {
        tree += " " + QPDFObjectHandle::newString(key).unparse() + " " + value;
    }
    out.push_back({treeId, 0, objectText(treeId, 0, tree + " ] >>")});

    std::string namesBody =
        "<<" + (names.isDictionary() ? entriesExcept(names, {"/EmbeddedFiles"}) : "") + " /EmbeddedFiles " + ref(treeId) + " >>";
    QPDFObjectHandle holder = names.isIndirect() ? names : root;
    std::string body = names.isIndirect() ? namesBody : "<<" + entriesExcept(root, {"/Names"}) + " /Names " + namesBody + " >>";
    out.push_back({holder.getObjectID(), holder.getGeneration(),
                   objectText(holder.getObjectID(), holder.getGeneration(), body)});
    return holder.getObjGen();
}

} // namespace

void attachWithQpdf(QPDF& q, std::vector<Attachment> const& attachments)
{
    QPDFEmbeddedFileDocumentHelper files(q);
    for (auto const& a : attachments) {
        QPDFEFStreamObjectHelper stream = QPDFEFStreamObjectHelper::createEFStream(q, a.data);
        stream.setSubtype(a.mediaType);
        QPDFFileSpecObjectHelper spec = QPDFFileSpecObjectHelper::createFileSpec(q, a.name, stream);
        spec.setDescription(a.description);
        spec.getObjectHandle().replaceKey("/AFRelationship", QPDFObjectHandle::newName("/Data"));
        files.replaceEmbeddedFile(a.name, spec);
    }
}

std::vector<UpdateObject> serialiseUpdate(QPDF& q, StampPlan const& stamps, std::set<QPDFObjGen> const& modified,
                                          std::vector<Attachment> const& attachments, int firstFreeId)
{
    std::vector<UpdateObject> out;
    int nextId = firstFreeId;
    OverlayCopier copier(nextId);
    std::map<int, std::string> formRefs;
    for (auto [index, form] : stamps.forms) {
        formRefs[index] = copier.refTo(form);
    }
    std::set<QPDFObjGen> stampedPages;
    int openId = 0;
    std::map<std::string, int> closingIds;
    for (PageStamp ps : stamps.pages) { // a copy: qpdf handles have no const methods
        stampedPages.insert(ps.page.getObjGen());
        // /Resources: a direct copy of the effective (possibly inherited)
        // dictionary with our forms added to a copy of /XObject.
        std::string xobjects;
        QPDFObjectHandle res = ps.resources;
        if (res.isDictionary()) {
            QPDFObjectHandle old = res.getKey("/XObject");
            if (old.isDictionary()) {
                xobjects = entriesExcept(old, {});
            }
        }
        for (size_t i = 0; i < ps.names.size(); ++i) {
            xobjects += " " + nameToken(ps.names[i]) + " " + formRefs.at(ps.overlayIndex[i]);
        }
        std::string resources =
            "<<" + (res.isDictionary() ? entriesExcept(res, {"/XObject"}) : "") + " /XObject <<" + xobjects + " >> >>";

        // /Contents: [opening q, old streams..., closing stream].
        // Content streams may be shared between pages, so one "q" stream
        // serves every page and identical closing streams are written once.
        if (openId == 0) {
            openId = nextId++;
            out.push_back({openId, 0, objectText(openId, 0, "<< /Length 2 >>\nstream\nq\n\nendstream")});
        }
        auto [closing, addedClosing] = closingIds.emplace(ps.closing, 0);
        if (addedClosing) {
            closing->second = nextId++;
            out.push_back({closing->second, 0, objectText(closing->second, 0, streamBody("", ps.closing, "", ""))});
        }
        int closeId = closing->second;
        std::string contents = "[ " + ref(openId);
        QPDFObjectHandle old = ps.page.getKey("/Contents");
        if (old.isStream()) {
            contents += " " + old.unparse();
        } else if (old.isArray()) {
            for (int i = 0, n = old.getArrayNItems(); i < n; ++i) {
                QPDFObjectHandle item = old.getArrayItem(i);
                if (item.isStream()) {
                    contents += " " + item.unparse();
                }
            }
        }
        contents += " " + ref(closeId) + " ]";
        std::string page = "<<" + entriesExcept(ps.page, {"/Resources", "/Contents"}) + " /Resources " + resources +
                           " /Contents " + contents + " >>";
        out.push_back({ps.page.getObjectID(), ps.page.getGeneration(),
                       objectText(ps.page.getObjectID(), ps.page.getGeneration(), page)});
    }
    copier.drain(out);
    QPDFObjGen attachedTo = serialiseAttachments(q, attachments, nextId, out);

    // Existing objects changed in memory (field removal), unless already
    // written above as stamped pages or as the holder of the attachments.
    for (auto const& og : modified) {
        if (stampedPages.count(og) || og == attachedTo) {
            continue;
        }
        QPDFObjectHandle h = q.getObjectByID(og.getObj(), og.getGen());
        if (h.isStream()) {
            throw std::runtime_error("unexpected change to a stream object");
        }
        out.push_back({og.getObj(), og.getGen(), objectText(og.getObj(), og.getGen(), h.unparseResolved())});
    }
    std::sort(out.begin(), out.end(), [](UpdateObject const& a, UpdateObject const& b) { return a.id < b.id; });
    for (size_t i = 1; i < out.size(); ++i) {
        if (out[i].id == out[i - 1].id) {
            throw std::runtime_error("object " + std::to_string(out[i].id) + " would be written twice");
        }
    }
    return out;
}

} // namespace signet
