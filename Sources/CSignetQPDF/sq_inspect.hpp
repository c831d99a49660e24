// Private declarations shared by sq_inspect.cpp and sq_forms.cpp.
#pragma once

#include "sq_internal.hpp"

#include <map>

namespace signet {

// True if the dictionary's /A action, or any of its /AA trigger actions, is
// (or chains through /Next to) a JavaScript action. Bounded.
bool hasJavaScriptTrigger(QPDFObjectHandle dict);
bool isJavaScriptAction(QPDFObjectHandle action);

// The form part of the inspect report.
struct FormReport {
    std::string fields = "[]";     // JSON array for "fields"
    std::string signatures = "[]"; // JSON array for "signatures"
    bool xfa = false;
    bool anyWidget = false;  // some field has a widget annotation
    bool javascript = false; // some field carries a JavaScript action
};

// `annotPage` maps annotation objects to 1-based pages (from /Annots);
// `pageNumber` maps page objects to 1-based pages (for /P fallbacks).
FormReport reportForms(QPDF& q, std::map<QPDFObjGen, int> const& annotPage,
                       std::map<QPDFObjGen, int> const& pageNumber, Warnings& warnings);

} // namespace signet
