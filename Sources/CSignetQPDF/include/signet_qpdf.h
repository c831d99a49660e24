/*
 * signet_qpdf.h - a small C interface over libqpdf's C++ API.
 *
 * Swift imports this header as plain C, so nothing here may mention a C++
 * type. Every function reports its outcome as a JSON object in a malloc'ed,
 * NUL-terminated UTF-8 string that the caller releases with
 * signet_qpdf_free(). Failures look like
 *     {"ok":false,"error":"notPDF|encrypted|damaged|badPlan|internal","message":"..."}
 * No function throws, aborts or writes to stderr. A NULL return means only
 * that memory for the answer itself could not be allocated.
 */
#ifndef SIGNET_QPDF_H
#define SIGNET_QPDF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reports the structure of the PDF at `path`: page geometry and labels,
 * document info, form fields and widgets, signatures, and flags (XFA,
 * JavaScript, tagging, outline and link counts). `password` may be NULL.
 */
char *signet_qpdf_inspect(const char *path, const char *password);

/*
 * A stamp session: the input is parsed once for both steps.
 *
 * signet_qpdf_session_open() opens `path` (`password` may be NULL) and sets
 * *layout_json to a malloc'ed answer: on success the page count,
 * "encrypted", "repaired", "xfaOnly", "signedSignatures" (names), and for
 * each page listed in `pages` (1-based, comma-separated; pages out of range
 * are left out) its geometry (as in inspect) and its form "widgets"
 * ({"name","type","rect"}); on failure the usual failure object, and the
 * function returns NULL.
 *
 * signet_qpdf_session_add_overlay() hands the session an overlay PDF in
 * memory (copied) and returns its index, or -1 if it cannot be read. The
 * same overlay may be placed any number of times, on any pages.
 * signet_qpdf_session_add_attachment() likewise hands it the bytes of a file
 * to embed (copied), returning its index or -1: files travel as bytes, not
 * inside the plan's JSON.
 *
 * signet_qpdf_session_merge() then places overlay pages on input pages and
 * writes `output_path` (never the input). `plan_json`:
 *   {"mode":"auto"|"incremental"|"rewrite",
 *    "pages":[{"page":1,"source":0,"overlayPage":1,"matrix":[a,b,c,d,e,f]}, ...],
 *    "removeFields":["fully.qualified.name", ...],
 *    "attachments":[{"name","mediaType","description","source":0}, ...]}
 * (a placement's "source" is an index from add_overlay, an attachment's one
 * from add_attachment; placements on one page are drawn in plan order.)
 * Success: {"ok":true,"mode":"incremental"|"rewrite","warnings":[...],
 * "reusable":true|false}.
 *
 * A merge answered "reusable":true wrote an incremental update without
 * touching the parsed input (nothing removed, nothing repaired), so the
 * session may serve another merge of the same unchanged file:
 * signet_qpdf_session_reset() drops its overlays, and
 * signet_qpdf_session_layout() reports pages it was not opened with (same
 * answer as session_open). Otherwise the session is spent: close it.
 * Always close a session in the end.
 */
typedef struct signet_qpdf_session signet_qpdf_session;

signet_qpdf_session *signet_qpdf_session_open(const char *path, const char *password,
                                              const char *pages, char **layout_json);
int signet_qpdf_session_add_overlay(signet_qpdf_session *session, const unsigned char *pdf,
                                    size_t length);
int signet_qpdf_session_add_attachment(signet_qpdf_session *session, const unsigned char *bytes,
                                       size_t length);
char *signet_qpdf_session_merge(signet_qpdf_session *session, const char *plan_json,
                                const char *output_path);
void signet_qpdf_session_reset(signet_qpdf_session *session);
char *signet_qpdf_session_layout(signet_qpdf_session *session, const char *pages);
void signet_qpdf_session_close(signet_qpdf_session *session);

/*
 * Prepares a seal: writes `output_path` (never the input) as the PDF at `path` plus one
 * incremental update (in the input's cross-reference style) that adds an invisible approval
 * signature field "SealN" on page 1 with /SigFlags 3, /M `signing_time` (a PDF date), an
 * optional /Reason, and a /Contents of `contents_bytes` zero bytes (hex) whose /ByteRange
 * already covers everything else. Encrypted, repaired or DocMDP P=1 files are refused.
 * Success: {"ok":true,"field":"Seal1","byteRange":[0,a,b,c],"size":L}; the gap from a to b is
 * the "<...>" hex string, and a+1 is where the DER goes.
 */
char *signet_qpdf_seal_placeholder(const char *path, const char *signing_time, const char *reason,
                                   size_t contents_bytes, const char *output_path);

/*
 * Writes `output_path` (never the input) as the PDF at `path` plus one incremental update in
 * which each 8-bit image stored at more than twice the resolution its page can show in a
 * preview `max_width` pixels wide is replaced by a downscaled one (JPEGs by whole eighths,
 * re-encoded as JPEG; others, soft masks included, averaged over blocks and deflated). Only
 * for previews: the copy is lossy. Nothing is written when no image qualifies. Encrypted,
 * repaired and overly complex files are refused (the caller renders the original).
 * Success: {"ok":true,"images":N,"replaced":K,"bytesBefore":B,"bytesAfter":A} (K images,
 * B and A the bytes of their streams before and after).
 */
char *signet_qpdf_preview_copy(const char *path, int max_width, const char *output_path);

/* Releases a string returned by this library. NULL is allowed. */
void signet_qpdf_free(char *p);

#ifdef __cplusplus
}
#endif

#endif /* SIGNET_QPDF_H */
