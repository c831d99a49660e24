// Private declarations for preview copies (sq_preview.cpp, sq_preview_jpeg.cpp).
#pragma once

#include <cstddef>

namespace signet {

// The most bytes of pixels one downscaled image may decode to (about a 4,000 x 4,000 RGB
// image): the worker's memory bound, whatever dimensions a hostile JPEG declares.
constexpr size_t kMaxPreviewSamples = size_t(48) << 20;

struct JpegInfo {
    int width = 0;
    int height = 0;
    int components = 0;
};

// Reads a JPEG's header only; false when libjpeg cannot.
bool jpegHeader(unsigned char const* data, size_t size, JpegInfo& info);

// Decodes at `eighths`/8 of full size (libjpeg's DCT scaling) into malloc'ed rows of
// `components` (1 or 3) bytes a pixel; nullptr when the data is bad, has another number of
// components, or would decode to more than kMaxPreviewSamples bytes.
unsigned char* jpegDecodeScaled(unsigned char const* data, size_t size, int eighths, int components, int& width,
                                int& height);

// Encodes pixels as a baseline JPEG into a malloc'ed buffer of `size` bytes; nullptr on failure.
unsigned char* jpegEncode(unsigned char const* pixels, int width, int height, int components, int quality,
                          size_t& size);

} // namespace signet
