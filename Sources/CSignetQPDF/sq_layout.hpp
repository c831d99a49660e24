// Page geometry as Signet reports it, shared by inspect and the stamp layout.
#pragma once
#include "sq_internal.hpp"

namespace signet {

// Writes {"mediaBox":[...],"cropBox":[...],"rotate":R,"userUnit":U} for `page`:
// inherited boxes, the crop box intersected with the media box (the media box
// when missing or empty), /Rotate normalised to 0, 90, 180 or 270.
void writePageGeometry(QPDFObjectHandle page, JsonOut& j);

} // namespace signet
