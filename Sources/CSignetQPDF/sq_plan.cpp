// Parsing the merge plan with qpdf's own JSON parser (no other dependency).
#include "sq_merge.hpp"

#include <qpdf/JSON.hh>

#include <cmath>
#include <cstdlib>

namespace signet {

namespace {

Failure badPlan(std::string const& why)
{
    return Failure("badPlan", "invalid plan: " + why);
}

double planNumber(JSON const& v, char const* what)
{
    std::string s;
    if (!v.getNumber(s)) {
        throw badPlan(std::string(what) + " must be a number");
    }
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(d)) {
        throw badPlan(std::string(what) + " is not a usable number");
    }
    return d;
}

int planPageNumber(JSON const& v, char const* what)
{
    double d = planNumber(v, what);
    if (d < 1 || d > 1e9 || d != std::floor(d)) {
        throw badPlan(std::string(what) + " must be a positive whole number");
    }
    return static_cast<int>(d);
}

Placement parsePlacement(JSON const& item)
{
    if (!item.isDictionary()) {
        throw badPlan("each entry of \"pages\" must be an object");
    }
    Placement p;
    bool haveMatrix = false;
    item.forEachDictItem([&](std::string const& key, JSON const& value) {
        if (key == "page") {
            p.page = planPageNumber(value, "page");
        } else if (key == "overlayPage") {
            p.overlayPage = planPageNumber(value, "overlayPage");
        } else if (key == "source") {
            double v = planNumber(value, "source");
            if (!(v >= 0 && v < 1000) || v != static_cast<int>(v)) {
                throw badPlan("source must be the index of an overlay added to the session");
            }
            p.source = static_cast<int>(v);
        } else if (key == "matrix") {
            int n = 0;
            bool isArray = value.forEachArrayItem([&](JSON const& x) {
                if (n >= 6) {
                    throw badPlan("matrix must have exactly 6 numbers");
                }
                p.m[n++] = planNumber(x, "matrix entry");
            });
            if (!isArray || n != 6) {
                throw badPlan("matrix must have exactly 6 numbers");
            }
            haveMatrix = true;
        }
    });
    if (p.page == 0 || p.overlayPage == 0 || !haveMatrix) {
        throw badPlan("each entry needs page, overlayPage and matrix");
    }
    // A singular matrix draws nothing and absurd values are a caller bug;
    // both would silently produce an unstamped document, so refuse them.
    for (double v : p.m) {
        if (std::fabs(v) > 1e7) {
            throw badPlan("matrix entries out of range");
        }
    }
    if (std::fabs(p.m[0] * p.m[3] - p.m[1] * p.m[2]) < 1e-12) {
        throw badPlan("matrix is singular");
    }
    return p;
}

Attachment parseAttachment(JSON const& item)
{
    if (!item.isDictionary()) {
        throw badPlan("each entry of \"attachments\" must be an object");
    }
    Attachment a;
    item.forEachDictItem([&](std::string const& key, JSON const& value) {
        if (key == "source") {
            double v = planNumber(value, "source");
            if (!(v >= 0 && v < 1000) || v != static_cast<int>(v)) {
                throw badPlan("an attachment's source must be the index of a file added to the session");
            }
            a.source = static_cast<int>(v);
            return;
        }
        std::string* target = key == "name"          ? &a.name
                              : key == "mediaType"   ? &a.mediaType
                              : key == "description" ? &a.description
                                                     : nullptr;
        if (target && !value.getString(*target)) {
            throw badPlan("attachment " + key + " must be a string");
        }
    });
    if (a.name.empty() || a.mediaType.empty() || a.source < 0) {
        throw badPlan("each attachment needs a name, a mediaType and its source");
    }
    return a;
}

SealSpec parseSeal(JSON const& item)
{
    if (!item.isDictionary()) {
        throw badPlan("seal must be an object");
    }
    SealSpec seal;
    seal.wanted = true;
    double bytes = 0;
    item.forEachDictItem([&](std::string const& key, JSON const& value) {
        if (key == "contentsBytes") {
            bytes = planNumber(value, "seal contentsBytes");
        } else if ((key == "signingTime" && !value.getString(seal.signingTime)) ||
                   (key == "reason" && !value.getString(seal.reason))) {
            throw badPlan("seal " + key + " must be a string");
        }
    });
    if (!(bytes >= 1024 && bytes <= (1 << 20)) || bytes != std::floor(bytes) || seal.signingTime.empty()) {
        throw badPlan("seal needs a signingTime and contentsBytes from 1 KiB to 1 MiB");
    }
    seal.contentsBytes = static_cast<size_t>(bytes);
    return seal;
}

} // namespace

Plan parsePlan(char const* text)
{
    if (text == nullptr) {
        throw badPlan("no plan given");
    }
    JSON root;
    try {
        root = JSON::parse(text);
    } catch (std::exception const& e) {
        throw badPlan(std::string("not JSON: ") + e.what());
    }
    if (!root.isDictionary()) {
        throw badPlan("the plan must be a JSON object");
    }
    Plan plan;
    root.forEachDictItem([&](std::string const& key, JSON const& value) {
        if (key == "mode") {
            if (!value.getString(plan.mode) ||
                (plan.mode != "auto" && plan.mode != "incremental" && plan.mode != "rewrite")) {
                throw badPlan("mode must be \"auto\", \"incremental\" or \"rewrite\"");
            }
        } else if (key == "pages") {
            if (!value.forEachArrayItem([&](JSON const& item) { plan.pages.push_back(parsePlacement(item)); })) {
                throw badPlan("pages must be an array");
            }
        } else if (key == "removeFields") {
            bool isArray = value.forEachArrayItem([&](JSON const& item) {
                std::string name;
                if (!item.getString(name)) {
                    throw badPlan("removeFields must hold strings");
                }
                plan.removeFields.push_back(name);
            });
            if (!isArray) {
                throw badPlan("removeFields must be an array");
            }
        } else if (key == "seal") {
            plan.seal = parseSeal(value);
        } else if (key == "attachments") {
            if (!value.forEachArrayItem([&](JSON const& item) { plan.attachments.push_back(parseAttachment(item)); })) {
                throw badPlan("attachments must be an array");
            }
        }
    });
    return plan;
}

} // namespace signet
