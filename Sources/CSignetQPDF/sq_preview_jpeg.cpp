// JPEG decoding at a reduced scale and re-encoding, for preview copies (sq_preview.cpp).
//
// libjpeg reports errors through longjmp, which must never cross a C++ object with a
// destructor: these functions keep only plain C state between setjmp and the libjpeg calls,
// and hand pixels over in malloc'ed buffers.
#include "sq_preview.hpp"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>

namespace signet {

namespace {

struct ErrorManager {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
};

extern "C" void onJpegError(j_common_ptr info)
{
    std::longjmp(reinterpret_cast<ErrorManager*>(info->err)->jump, 1);
}

// Warnings (corrupt data libjpeg could work around) are not worth a message; a hostile file
// gets at most the budget of warnings libjpeg itself allows.
extern "C" void onJpegMessage(j_common_ptr, int) {}

} // namespace

bool jpegHeader(unsigned char const* data, size_t size, JpegInfo& info)
{
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onJpegError;
    err.pub.emit_message = onJpegMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    info.width = static_cast<int>(cinfo.image_width);
    info.height = static_cast<int>(cinfo.image_height);
    info.components = cinfo.num_components;
    jpeg_destroy_decompress(&cinfo);
    return true;
}

unsigned char* jpegDecodeScaled(unsigned char const* data, size_t size, int eighths, int components, int& width,
                                int& height)
{
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    unsigned char* volatile pixels = nullptr;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onJpegError;
    err.pub.emit_message = onJpegMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        std::free(pixels);
        return nullptr;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.num_components != components) {
        jpeg_destroy_decompress(&cinfo);
        return nullptr;
    }
    cinfo.out_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    // The DCT itself is scaled: at 1/2, 1/4, 1/8 libjpeg-turbo skips most of the work.
    cinfo.scale_num = static_cast<unsigned int>(eighths);
    cinfo.scale_denom = 8;
    cinfo.dct_method = JDCT_ISLOW;
    // Bounded before libjpeg allocates anything for the image: the pixels we keep, and the
    // full-size coefficients a progressive JPEG buffers (2 bytes a sample).
    jpeg_calc_output_dimensions(&cinfo);
    size_t rowBytes = static_cast<size_t>(cinfo.output_width) * static_cast<size_t>(cinfo.output_components);
    size_t total = rowBytes * cinfo.output_height;
    size_t coefficients = size_t(cinfo.image_width) * cinfo.image_height * size_t(cinfo.num_components) * 2;
    if (total == 0 || total > kMaxPreviewSamples || coefficients > 4 * kMaxPreviewSamples) {
        jpeg_destroy_decompress(&cinfo);
        return nullptr;
    }
    jpeg_start_decompress(&cinfo);
    pixels = static_cast<unsigned char*>(std::malloc(total));
    if (!pixels) {
        jpeg_destroy_decompress(&cinfo);
        return nullptr;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + rowBytes * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    width = static_cast<int>(cinfo.output_width);
    height = static_cast<int>(cinfo.output_height);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return pixels;
}

unsigned char* jpegEncode(unsigned char const* pixels, int width, int height, int components, int quality,
                          size_t& size)
{
    jpeg_compress_struct cinfo;
    ErrorManager err;
    // libjpeg grows this buffer with malloc/free as it writes; its address escapes, so it is
    // read from memory (not a stale register) after a longjmp.
    struct Destination {
        unsigned char* buffer = nullptr;
        unsigned long size = 0;
    } dest;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onJpegError;
    err.pub.emit_message = onJpegMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        std::free(dest.buffer);
        return nullptr;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &dest.buffer, &dest.size);
    cinfo.image_width = static_cast<JDIMENSION>(width);
    cinfo.image_height = static_cast<JDIMENSION>(height);
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t rowBytes = static_cast<size_t>(width) * static_cast<size_t>(components);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<unsigned char*>(pixels) + rowBytes * cinfo.next_scanline;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    size = dest.size;
    return dest.buffer;
}

} // namespace signet
