/*
 * signet_qpdf_tags.h - removes text tags from a PDF's page content.
 *
 * A text tag is text such as {{signature;id=customer_sig;role=customer}}
 * written into a document to mark where a field goes: "{{", any characters
 * without "}}", then "}}". Erasing removes the tag's glyphs from the content
 * streams that show them, so the tag is neither drawn nor extracted as text,
 * while everything else keeps its exact position: each removed glyph is
 * replaced by a TJ displacement of its own advance. Nothing is painted over.
 *
 * Tags are found in the text of each page's content (all of its /Contents
 * streams) and of the form XObjects it draws, decoded through the fonts'
 * ToUnicode CMaps or simple encodings. Streams without tags are not
 * rewritten. A form XObject is changed only if every place that draws it
 * agrees on the result.
 *
 * signet_qpdf_erase_text_tags() reads `input_path` (`password` may be NULL)
 * and writes a complete new file to `output_path` with QPDFWriter, keeping
 * object streams and encryption. Callers pass a temporary path and rename it
 * on success; on failure the output is removed. The answer is a malloc'ed,
 * NUL-terminated UTF-8 JSON string:
 *   {"ok":true,
 *    "erased":[{"page":1,"text":"{{signature;id=customer_sig}}"}, ...],
 *    "unresolved":[{"page":2,"reason":"...","text":"{{...}}"}, ...],
 *    "unreadable":[{"page":3,"reason":"..."}, ...]}
 * "erased" lists tags in page order, then content order. "unresolved" lists
 * tags found but left in place, with the reason and their "text" (vertical
 * writing, unknown glyph widths, a ligature shared with other text, syntax
 * errors around them...), and content that could not be read at all (no
 * "text"). "unreadable" lists text whose Unicode we do not know (no
 * ToUnicode and an unknown encoding, say), which could hold a tag we cannot
 * see; callers that know where the tags are (from another text extractor)
 * may ignore it. Pages are 1-based.
 * Failures: {"ok":false,"error":"notPDF|damaged|encrypted|memoryLimit|internal",
 * "message":"..."}.
 *
 * No function throws, aborts or writes to stderr. A NULL return means only
 * that memory for the answer itself could not be allocated. Release answers
 * with signet_qpdf_tags_free() (signet_qpdf_free() is equivalent: every
 * answer of this library is malloc'ed).
 */
#ifndef SIGNET_QPDF_TAGS_H
#define SIGNET_QPDF_TAGS_H

#ifdef __cplusplus
extern "C" {
#endif

char *signet_qpdf_erase_text_tags(const char *input_path, const char *password, const char *output_path);

/* Releases a string returned by signet_qpdf_erase_text_tags(). NULL is allowed. */
void signet_qpdf_tags_free(char *p);

#ifdef __cplusplus
}
#endif

#endif /* SIGNET_QPDF_TAGS_H */
