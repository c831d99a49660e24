/*
 * signet_qpdf_authoring.h - adds structure that Cairo cannot produce to a PDF.
 *
 * Cairo draws pages well but cannot write interactive form fields, page
 * rotation, crop boxes or a custom document information dictionary. This
 * interface takes a finished Cairo PDF, applies a JSON "decoration spec" with
 * libqpdf, and writes a complete new file (the input is never modified; the
 * output appears only when everything succeeded, so input and output may be
 * the same path). The output is reproducible: the same input and spec give a
 * byte-identical file.
 *
 * spec_json (every key optional; unknown keys are rejected):
 *   {"pages": [{"page": 2, "rotate": 90},                 1-based page number;
 *              {"page": 3, "cropBox": [x0, y0, x1, y1]}],  sets /Rotate, /CropBox
 *    "info":  {"Title": "...", "Author": "...", ...},      UTF-8; null removes
 *    "fields": [
 *      {"name": "full_name", "type": "text", "page": 1, "rect": [x0,y0,x1,y1],
 *       "value": "...", "required": true, "readOnly": false,
 *       "multiline": false, "maxLength": 40, "tooltip": "Full name"},
 *      {"name": "agree", "type": "checkbox", "page": 1, "rect": [...],
 *       "checked": false, "onState": "Yes"},
 *      {"name": "plan", "type": "radio", "value": "basic",
 *       "widgets": [{"page": 1, "rect": [...], "onState": "basic"}, ...]},
 *      {"name": "country", "type": "dropdown", "page": 1, "rect": [...],
 *       "options": ["France", "Germany"], "value": "France"}]}
 * Rectangles are in the page's default user space (PDF points, origin at the
 * bottom left). "required", "readOnly" and "tooltip" apply to every type.
 * Every widget gets a generated appearance (Helvetica for text, drawn check
 * marks and radio dots), so viewers need not regenerate them.
 *
 * The result is a malloc'ed, NUL-terminated UTF-8 JSON string to release with
 * signet_qpdf_authoring_free():
 *   {"ok":true}
 *   {"ok":false,"error":"badSpec|damaged|internal","message":"..."}
 * "badSpec" messages name the offending entry, e.g. "fields[2] (plan): ...".
 * No function throws, aborts or writes to stderr. A NULL return means only
 * that memory for the answer itself could not be allocated.
 */
#ifndef SIGNET_QPDF_AUTHORING_H
#define SIGNET_QPDF_AUTHORING_H

#ifdef __cplusplus
extern "C" {
#endif

char *signet_qpdf_decorate(const char *input_path, const char *spec_json,
                           const char *output_path);

/* Releases a string returned by signet_qpdf_decorate(). NULL is allowed. */
void signet_qpdf_authoring_free(char *p);

#ifdef __cplusplus
}
#endif

#endif /* SIGNET_QPDF_AUTHORING_H */
