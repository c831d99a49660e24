// Private declarations for the merge (stamping) half of CSignetQPDF.
#pragma once

#include "sq_internal.hpp"

namespace signet {

// What the end of the input says about its last cross-reference section.
struct TailInfo {
    bool ok = false;             // startxref found, in range, and pointing at a section
    std::string problem;         // why not, when !ok
    long long startxref = 0;     // offset of the last section (the new /Prev)
    bool xrefStream = false;     // that section is a cross-reference stream
    long long fileSize = 0;
    bool endsWithNewline = true;
};

TailInfo analyseTail(char const* path);

// Writes input bytes + an incremental update holding every object with
// number >= firstNewId and every object in `modified`.
void writeIncremental(QPDF& q, char const* inputPath, char const* outputPath, TailInfo const& tail,
                      int firstNewId, std::set<QPDFObjGen> const& modified);

} // namespace signet
