#include "signet_poppler.h"

#include <dlfcn.h>
#include <pthread.h>

// Poppler's functions, each found by its name and kept in `loaded_<name>`, typed as its wrapper
// (the same parameters and result as Poppler's).
#define SIGNET_POPPLER_FUNCTIONS(X)              \
    X(poppler_document_new_from_bytes)           \
    X(poppler_document_get_n_pages)              \
    X(poppler_document_get_page)                 \
    X(poppler_error_quark)                       \
    X(poppler_font_info_new)                     \
    X(poppler_font_info_free)                    \
    X(poppler_font_info_scan)                    \
    X(poppler_fonts_iter_free)                   \
    X(poppler_fonts_iter_get_name)               \
    X(poppler_fonts_iter_is_embedded)            \
    X(poppler_fonts_iter_next)                   \
    X(poppler_page_get_size)                     \
    X(poppler_page_get_text)                     \
    X(poppler_page_get_text_layout)              \
    X(poppler_page_render)                       \
    X(poppler_page_get_image_mapping)            \
    X(poppler_page_free_image_mapping)

#define SIGNET_POINTER(name) static __typeof__(&signet_##name) loaded_##name;
SIGNET_POPPLER_FUNCTIONS(SIGNET_POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failed;

static void load(void) {
    // The versioned name is the installed library's; the bare one, what a -dev package links.
    void *library = dlopen("libpoppler-glib.so.8", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libpoppler-glib.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        failed = dlerror();
        return;
    }
#define SIGNET_FIND(name)                                                  \
    loaded_##name = (__typeof__(&signet_##name))dlsym(library, #name);     \
    if (!loaded_##name) {                                                  \
        failed = "libpoppler-glib has no " #name;                          \
        return;                                                            \
    }
    SIGNET_POPPLER_FUNCTIONS(SIGNET_FIND)
}

int signet_poppler_load(const char **failure) {
    pthread_once(&once, load);
    if (failed && failure) *failure = failed;
    return failed == NULL;
}

SignetPopplerDocument *signet_poppler_document_new_from_bytes(GBytes *bytes, const char *password, GError **error) {
    return loaded_poppler_document_new_from_bytes(bytes, password, error);
}
int signet_poppler_document_get_n_pages(SignetPopplerDocument *document) { return loaded_poppler_document_get_n_pages(document); }
SignetPopplerPage *signet_poppler_document_get_page(SignetPopplerDocument *document, int index) {
    return loaded_poppler_document_get_page(document, index);
}
GQuark signet_poppler_error_quark(void) { return loaded_poppler_error_quark(); }
SignetPopplerFontInfo *signet_poppler_font_info_new(SignetPopplerDocument *document) { return loaded_poppler_font_info_new(document); }
void signet_poppler_font_info_free(SignetPopplerFontInfo *info) { loaded_poppler_font_info_free(info); }
gboolean signet_poppler_font_info_scan(SignetPopplerFontInfo *info, int pages, SignetPopplerFontsIter **iter) {
    return loaded_poppler_font_info_scan(info, pages, iter);
}
void signet_poppler_fonts_iter_free(SignetPopplerFontsIter *iter) { loaded_poppler_fonts_iter_free(iter); }
const char *signet_poppler_fonts_iter_get_name(SignetPopplerFontsIter *iter) { return loaded_poppler_fonts_iter_get_name(iter); }
gboolean signet_poppler_fonts_iter_is_embedded(SignetPopplerFontsIter *iter) { return loaded_poppler_fonts_iter_is_embedded(iter); }
gboolean signet_poppler_fonts_iter_next(SignetPopplerFontsIter *iter) { return loaded_poppler_fonts_iter_next(iter); }
void signet_poppler_page_get_size(SignetPopplerPage *page, double *width, double *height) {
    loaded_poppler_page_get_size(page, width, height);
}
char *signet_poppler_page_get_text(SignetPopplerPage *page) { return loaded_poppler_page_get_text(page); }
gboolean signet_poppler_page_get_text_layout(SignetPopplerPage *page, SignetPopplerRectangle **rectangles, guint *count) {
    return loaded_poppler_page_get_text_layout(page, rectangles, count);
}
void signet_poppler_page_render(SignetPopplerPage *page, cairo_t *cairo) { loaded_poppler_page_render(page, cairo); }
GList *signet_poppler_page_get_image_mapping(SignetPopplerPage *page) { return loaded_poppler_page_get_image_mapping(page); }
void signet_poppler_page_free_image_mapping(GList *list) { loaded_poppler_page_free_image_mapping(list); }
