#pragma once
// The part of poppler-glib the engine uses, loaded on first use (dlopen) rather than at every
// engine's start: libpoppler-glib and what it pulls in (Poppler itself, NSS, the image codecs,
// GIO) are half of an engine's start, and a stamp, the commonest one-document command, never
// opens a document with Poppler (qpdf and Cairo do that work).
//
// Poppler's own header is not included: a target that includes it links the library. The types
// and functions below are declared as poppler-glib declares them (their API has been stable
// since 0.18; checked against 22.12); the documents and pages are opaque.
#include <cairo.h>
#include <glib-object.h>

typedef struct SignetPopplerDocument SignetPopplerDocument;
typedef struct SignetPopplerPage SignetPopplerPage;
typedef struct SignetPopplerFontInfo SignetPopplerFontInfo;
typedef struct SignetPopplerFontsIter SignetPopplerFontsIter;

/// Poppler's PopplerRectangle.
typedef struct {
    gdouble x1;
    gdouble y1;
    gdouble x2;
    gdouble y2;
} SignetPopplerRectangle;

/// Codes of Poppler's error domain (PopplerError).
enum {
    SIGNET_POPPLER_ERROR_INVALID = 0,
    SIGNET_POPPLER_ERROR_ENCRYPTED = 1,
    SIGNET_POPPLER_ERROR_OPEN_FILE = 2,
};

/// Loads libpoppler-glib and finds every function below, once; 1 when they are all there, else
/// 0 with the reason (the loader's message) in `*failure`. Every other function requires it.
int signet_poppler_load(const char **failure);

SignetPopplerDocument *signet_poppler_document_new_from_bytes(GBytes *bytes, const char *password, GError **error);
int signet_poppler_document_get_n_pages(SignetPopplerDocument *document);
SignetPopplerPage *signet_poppler_document_get_page(SignetPopplerDocument *document, int index);
GQuark signet_poppler_error_quark(void);
SignetPopplerFontInfo *signet_poppler_font_info_new(SignetPopplerDocument *document);
void signet_poppler_font_info_free(SignetPopplerFontInfo *info);
gboolean signet_poppler_font_info_scan(SignetPopplerFontInfo *info, int pages, SignetPopplerFontsIter **iter);
void signet_poppler_fonts_iter_free(SignetPopplerFontsIter *iter);
const char *signet_poppler_fonts_iter_get_name(SignetPopplerFontsIter *iter);
gboolean signet_poppler_fonts_iter_is_embedded(SignetPopplerFontsIter *iter);
gboolean signet_poppler_fonts_iter_next(SignetPopplerFontsIter *iter);
void signet_poppler_page_get_size(SignetPopplerPage *page, double *width, double *height);
char *signet_poppler_page_get_text(SignetPopplerPage *page);
gboolean signet_poppler_page_get_text_layout(SignetPopplerPage *page, SignetPopplerRectangle **rectangles, guint *count);
void signet_poppler_page_render(SignetPopplerPage *page, cairo_t *cairo);
GList *signet_poppler_page_get_image_mapping(SignetPopplerPage *page);
void signet_poppler_page_free_image_mapping(GList *list);
