// signet_qpdf_erase_text_tags: removes text tags from every page's content
// and from the form XObjects pages draw, then writes a new file. See
// include/signet_qpdf_tags.h for the contract; sq_untag_content.cpp does the
// work on one content stream.
#include "signet_qpdf_tags.h"
#include "sq_untag.hpp"

#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <cstdio>
#include <cstdlib>
#include <tuple>

namespace signet {
namespace untag {

namespace {

// Form XObjects nested deeper than this are not looked into (real files
// nest a few levels; hostile ones loop).
constexpr size_t kMaxFormDepth = 12;
// Form XObject analyses per document, against files that draw one form
// thousands of times with changing text states.
constexpr size_t kMaxFormAnalyses = 20000;

struct PageOutcome {
    std::vector<std::string> erased;
    std::vector<Unresolved> unresolved;
    std::vector<std::string> unreadable;
    bool hasNewContent = false;
    std::string newContent;
};

// A form XObject's result, the same wherever it is drawn (or a conflict).
struct FormOutcome {
    bool conflict = false;
    ContentResult result;
    std::set<size_t> pages; // 0-based pages that draw it, directly or not
};

// Decoded stream data; `clean` is false if qpdf had to warn (a damaged
// stream decodes partially, and rewriting it would lose the rest).
std::string streamData(QPDF& q, QPDFObjectHandle stream, bool& clean)
{
    q.getWarnings(); // drop older ones
    std::shared_ptr<Buffer> b = stream.getStreamData(qpdf_dl_generalized);
    clean = clean && q.getWarnings().empty();
    return std::string(reinterpret_cast<char const*>(b->getBuffer()), b->getSize());
}

// Leaves a stream unchanged: its erasures become unresolved tags.
void refuse(ContentResult& r, std::string const& why)
{
    for (auto const& text : r.erased) {
        r.unresolved.push_back({text, "the tag was left in place: " + why});
    }
    r.erased.clear();
    r.changed = false;
    r.content.clear();
}

class Eraser {
  public:
    explicit Eraser(QPDF& q) : q_(q)
    {
        scratch_.emptyPDF();
        scratch_.setSuppressWarnings(true);
    }

    std::vector<PageOutcome> pages;
    std::map<QPDFObjGen, FormOutcome> forms;

    void run(std::vector<QPDFPageObjectHelper> const& all)
    {
        pages.resize(all.size());
        for (size_t i = 0; i < all.size(); ++i) {
            try {
                page(i, all[i].getObjectHandle());
            } catch (std::bad_alloc const&) {
                throw;
            } catch (std::exception const& e) {
                PageOutcome& po = pages[i];
                for (auto const& text : po.erased) {
                    po.unresolved.push_back({text, "the tag was left in place: the page cannot be read"});
                }
                po.erased.clear();
                po.hasNewContent = false;
                po.unresolved.push_back({"", "the page cannot be read: " + exceptionDetail(e)});
            }
        }
        for (auto& [og, f] : forms) {
            if (f.conflict) {
                refuse(f.result, "its form XObject is drawn in places that disagree about the text state");
            }
            for (size_t p : f.pages) {
                PageOutcome& po = pages[p];
                po.erased.insert(po.erased.end(), f.result.erased.begin(), f.result.erased.end());
                po.unresolved.insert(po.unresolved.end(), f.result.unresolved.begin(), f.result.unresolved.end());
                po.unreadable.insert(po.unreadable.end(), f.result.unreadable.begin(), f.result.unreadable.end());
            }
        }
    }

    // Installs the new content streams.
    void apply(std::vector<QPDFPageObjectHelper> const& all)
    {
        for (size_t i = 0; i < pages.size(); ++i) {
            if (pages[i].hasNewContent) {
                // A new stream rather than new data in the old one: content
                // streams may be shared with pages that have no tags.
                QPDFObjectHandle page = all[i].getObjectHandle();
                page.replaceKey("/Contents", q_.newStream(pages[i].newContent));
            }
        }
        for (auto& [og, f] : forms) {
            if (f.result.changed) {
                QPDFObjectHandle form = q_.getObjectByObjGen(og);
                form.replaceStreamData(f.result.content, QPDFObjectHandle::newNull(), QPDFObjectHandle::newNull());
            }
        }
    }

  private:
    void page(size_t index, QPDFObjectHandle page)
    {
        QPDFObjectHandle contents = page.getKey("/Contents");
        std::vector<QPDFObjectHandle> streams;
        if (contents.isStream()) {
            streams.push_back(contents);
        } else if (contents.isArray()) {
            for (QPDFObjectHandle s : contents.getArrayAsVector()) {
                if (s.isStream()) {
                    streams.push_back(s);
                }
            }
        }
        if (streams.empty()) {
            return;
        }
        // One content, as readers see it: streams split only between tokens,
        // and the newline keeps the last token of one apart from the next.
        bool clean = true;
        std::string content;
        for (size_t k = 0; k < streams.size(); ++k) {
            if (k > 0) {
                content += '\n';
            }
            content += streamData(q_, streams[k], clean);
        }
        QPDFObjectHandle resources = inheritedPageAttribute(page, "/Resources");
        ContentResult r = eraseTags(content, resources, TextState{}, fonts_, scratch_);
        if (!clean) {
            refuse(r, "the page's content stream is damaged");
        }
        PageOutcome& po = pages[index];
        po.erased = r.erased;
        po.unresolved = r.unresolved;
        po.unreadable = r.unreadable;
        po.hasNewContent = r.changed;
        po.newContent = std::move(r.content);
        std::set<QPDFObjGen> path;
        visitForms(r.forms, index, path);
    }

    void visitForms(std::vector<FormUse> const& uses, size_t page, std::set<QPDFObjGen>& path)
    {
        for (FormUse const& use : uses) {
            QPDFObjGen og = use.form.getObjGen();
            if (!use.form.isIndirect() || path.count(og) || path.size() >= kMaxFormDepth) {
                continue; // a cycle, or absurd nesting: readers stop there too
            }
            auto key = std::make_tuple(og, use.state.font, use.state.size, use.state.charSpacing,
                                       use.state.wordSpacing, use.state.renderMode, page);
            if (!visited_.insert(key).second) {
                continue; // the same form, state and page: nothing new to learn
            }
            std::vector<FormUse> nested;
            if (!analyse(use, page, nested)) {
                continue;
            }
            path.insert(og);
            visitForms(nested, page, path);
            path.erase(og);
        }
    }

    // Erases tags in one drawing of a form; false if it was not looked into.
    bool analyse(FormUse const& use, size_t page, std::vector<FormUse>& nested)
    {
        QPDFObjGen og = use.form.getObjGen();
        auto found = forms.find(og);
        if (++analyses_ > kMaxFormAnalyses) {
            if (toldTooMany_.insert(page).second) {
                pages[page].unresolved.push_back({"", "too many form XObject drawings to look into them all"});
            }
            return false;
        }
        QPDFObjectHandle form = use.form;
        bool clean = true;
        ContentResult r;
        try {
            std::string data = streamData(q_, form, clean);
            QPDFObjectHandle own = form.getDict().getKey("/Resources");
            r = eraseTags(data, own.isDictionary() ? own : use.resources, use.state, fonts_, scratch_);
        } catch (std::bad_alloc const&) {
            throw;
        } catch (std::exception const& e) {
            // Unreadable forms are left alone and do not spoil the rest of the page.
            pages[page].unresolved.push_back({"", "a form XObject cannot be read: " + exceptionDetail(e)});
            return false;
        }
        if (!clean) {
            refuse(r, "its form XObject's content stream is damaged");
        }
        nested = r.forms;
        r.forms.clear();
        if (found == forms.end()) {
            FormOutcome f;
            f.result = std::move(r);
            f.pages.insert(page);
            forms.emplace(og, std::move(f));
        } else {
            FormOutcome& f = found->second;
            if (f.result.changed != r.changed || f.result.content != r.content || f.result.erased != r.erased) {
                f.conflict = true;
            }
            f.pages.insert(page);
        }
        return true;
    }

    QPDF& q_;
    QPDF scratch_;
    FontCache fonts_;
    std::set<std::tuple<QPDFObjGen, Font const*, double, double, double, int, size_t>> visited_;
    size_t analyses_ = 0;
    std::set<size_t> toldTooMany_;
};

// An encrypted rewrite is read back and its changed content decoded before
// it counts as done, as stamping does: a stream that does not decrypt would
// otherwise go unnoticed until someone opens the file.
void verifyEncryptedOutput(char const* path, char const* password, std::vector<size_t> const& changedPages)
{
    QPDF check;
    check.setSuppressWarnings(true);
    try {
        check.processFile(path, password);
        std::vector<QPDFPageObjectHelper> all = QPDFPageDocumentHelper(check).getAllPages();
        for (size_t i : changedPages) {
            if (i < all.size()) {
                all[i].getObjectHandle().getKey("/Contents").getStreamData(qpdf_dl_generalized);
            }
        }
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        throw Failure("damaged", std::string("the encrypted PDF cannot be rewritten faithfully: ") + e.what());
    }
    if (!check.getWarnings().empty()) {
        throw Failure("damaged", "the encrypted PDF cannot be rewritten faithfully: its rewritten content does not decode");
    }
}

std::string eraseFile(char const* inputPath, char const* password, char const* outputPath)
{
    if (outputPath == nullptr || *outputPath == '\0') {
        throw Failure("internal", "no output path given");
    }
    QPDF q;
    openPdf(q, inputPath, password);
    Eraser eraser(q);
    std::vector<QPDFPageObjectHelper> all;
    try {
        all = QPDFPageDocumentHelper(q).getAllPages();
        eraser.run(all);
        eraser.apply(all);
    } catch (std::bad_alloc const&) {
        throw;
    } catch (std::exception const& e) {
        // Pages are read one by one and their problems reported; what gets
        // here is qpdf failing on the document itself (a page tree it cannot
        // walk, object numbers exhausted when adding the new streams).
        throw Failure("damaged", "the PDF is damaged: " + exceptionDetail(e));
    }
    try {
        QPDFWriter w(q, outputPath); // keeps object streams and encryption by default
        w.write();
        if (q.isEncrypted()) {
            std::vector<size_t> changed;
            for (size_t i = 0; i < eraser.pages.size(); ++i) {
                if (eraser.pages[i].hasNewContent) {
                    changed.push_back(i);
                }
            }
            verifyEncryptedOutput(outputPath, password, changed);
        }
    } catch (...) {
        std::remove(outputPath);
        try {
            throw;
        } catch (QPDFExc const& e) {
            throw Failure("damaged", "cannot write the PDF (damaged input?): " + exceptionDetail(e));
        }
    }

    JsonOut j;
    j.beginObject().key("ok").boolean(true).key("erased").beginArray();
    for (size_t i = 0; i < eraser.pages.size(); ++i) {
        for (auto const& text : eraser.pages[i].erased) {
            j.beginObject().key("page").integer(static_cast<long long>(i + 1)).key("text").str(text).endObject();
        }
    }
    j.endArray().key("unresolved").beginArray();
    for (size_t i = 0; i < eraser.pages.size(); ++i) {
        for (auto const& u : eraser.pages[i].unresolved) {
            j.beginObject().key("page").integer(static_cast<long long>(i + 1)).key("reason").str(u.reason);
            if (!u.text.empty()) {
                j.key("text").str(u.text);
            }
            j.endObject();
        }
    }
    j.endArray().key("unreadable").beginArray();
    for (size_t i = 0; i < eraser.pages.size(); ++i) {
        for (auto const& reason : eraser.pages[i].unreadable) {
            j.beginObject().key("page").integer(static_cast<long long>(i + 1)).key("reason").str(reason).endObject();
        }
    }
    j.endArray().endObject();
    return j.text();
}

} // namespace

std::string exceptionDetail(std::exception const& e)
{
    if (auto const* q = dynamic_cast<QPDFExc const*>(&e)) {
        return q->getMessageDetail();
    }
    return e.what();
}

} // namespace untag
} // namespace signet

extern "C" char* signet_qpdf_erase_text_tags(const char* input_path, const char* password, const char* output_path)
{
    return signet::guarded([&] { return signet::untag::eraseFile(input_path, password, output_path); });
}

extern "C" void signet_qpdf_tags_free(char* p)
{
    std::free(p);
}
