// Private declarations shared by authoring*.cpp (signet_qpdf_decorate).
// Not part of the public interface: Swift only sees
// include/signet_qpdf_authoring.h. Everything lives in signet_authoring so it
// cannot clash with the other files of this target.
#pragma once

// Use qpdf's modern smart pointers (silences PointerHolder.hh's #warning).
#ifndef POINTERHOLDER_TRANSITION
#define POINTERHOLDER_TRANSITION 4
#endif

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <stdexcept>
#include <string>
#include <vector>

namespace signet_authoring {

// A problem with the spec; becomes {"ok":false,"error":"badSpec",...}.
struct SpecError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
};

struct PageEdit {
    std::string where; // "pages[0]", for messages
    int page = 0;      // 1-based
    bool hasRotate = false;
    int rotate = 0; // normalised to 0, 90, 180 or 270
    bool hasCropBox = false;
    Rect cropBox;
};

struct InfoEdit {
    std::string key;
    bool remove = false; // JSON null
    std::string value;   // UTF-8
};

enum class FieldType { Text, Checkbox, Radio, Dropdown };

struct WidgetSpec {
    std::string where; // "fields[2] (plan) widgets[1]"
    int page = 0;      // 1-based
    Rect rect;
    std::string onState; // checkbox and radio only
};

struct FieldSpec {
    std::string where; // "fields[2] (plan)"
    std::string name;
    FieldType type = FieldType::Text;
    std::vector<WidgetSpec> widgets; // exactly one except for radio
    bool hasValue = false;
    std::string value;
    bool required = false;
    bool readOnly = false;
    bool multiline = false;
    int maxLength = -1; // -1: none
    bool hasTooltip = false;
    std::string tooltip;
    bool checked = false;
    std::vector<std::string> options;
};

struct Spec {
    std::vector<PageEdit> pages;
    std::vector<InfoEdit> info;
    std::vector<FieldSpec> fields;
};

// authoring_spec.cpp: parses and checks everything that can be checked
// without the document. Throws SpecError.
Spec parseSpec(std::string const& json);

// authoring_fields.cpp: checks the fields against the document (page range,
// rectangles on the page, clashes with existing field names; throws
// SpecError), then builds the AcroForm, the widgets and their appearances.
void addFields(QPDF& pdf, std::vector<QPDFObjectHandle> const& pages,
               std::vector<FieldSpec> const& fields);

// authoring_fields.cpp: a number for a content stream or PDF array, without
// exponent and independent of the C locale.
std::string fmt(double v);

// authoring.cpp: the page's effective /MediaBox, normalised (inherited
// through the page tree; US Letter when missing or unreadable).
Rect mediaBoxOf(QPDFObjectHandle page);

} // namespace signet_authoring
