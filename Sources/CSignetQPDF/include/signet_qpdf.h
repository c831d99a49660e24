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
 * Stamps pages of `overlay_path` onto pages of `input_path` and writes the
 * result to `output_path`; the input file is never modified. `plan_json`:
 *   {"mode":"auto"|"incremental"|"rewrite", "password":null|"...",
 *    "pages":[{"page":1,"overlayPage":1,"matrix":[a,b,c,d,e,f]}, ...],
 *    "removeFields":["fully.qualified.name", ...]}
 * Success: {"ok":true,"mode":"incremental"|"rewrite","warnings":[...]}.
 */
char *signet_qpdf_merge(const char *input_path, const char *overlay_path,
                        const char *plan_json, const char *output_path);

/*
 * What stamping needs, read without walking the whole document: the page
 * count, "encrypted", "repaired", "xfaOnly", "signedSignatures" (names), and
 * for each page listed in `pages` (1-based, comma-separated; pages out of
 * range are left out) its geometry (as in inspect) and its form "widgets"
 * ({"name","type","rect"}). `password` may be NULL.
 */
char *signet_qpdf_stamp_layout(const char *path, const char *password,
                               const char *pages);

/* Releases a string returned by this library. NULL is allowed. */
void signet_qpdf_free(char *p);

#ifdef __cplusplus
}
#endif

#endif /* SIGNET_QPDF_H */
