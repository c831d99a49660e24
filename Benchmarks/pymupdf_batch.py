#!/usr/bin/env python3
"""The PyMuPDF side of the batch benchmark: in ONE Python process, fills the template once per
row of a TSV data file (five text fields, and the signature image of the row's `signature`
column) and saves one PDF per row, then prints JSON figures.

Usage: pymupdf_batch.py --template PDF --fields FIELDS.json --data ROWS.tsv --out-dir DIR

FIELDS.json is the template's `template.json` (only `id`, `kind`, `page` and `rect` are read;
rectangles are in points from the top-left of the displayed page, mapped through the page's
derotation matrix). The template's bytes are read once and each row opens them from memory,
as a pipeline that fills one template many times would. Each row: open, `insert_textbox` per
text field, `insert_image` for the signature, `save(garbage=3, deflate=True)`, close (the same
save as pymupdf_stamp.py). The import of pymupdf is timed separately.
"""

import time

STARTED = time.perf_counter()
import pymupdf  # noqa: E402  (timed: the import is part of a real run)

IMPORTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--template", required=True)
    parser.add_argument("--fields", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    with open(args.fields) as f:
        fields = json.load(f)["fields"]
    with open(args.template, "rb") as f:
        template = f.read()
    folder = os.path.dirname(os.path.abspath(args.data))
    loop_started = time.perf_counter()
    rows = 0
    with open(args.data, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = dict(zip(header, line.rstrip("\n").split("\t")))
            rows += 1
            doc = pymupdf.open(stream=template, filetype="pdf")
            for field in fields:
                value = cells.get(field["id"], "")
                if not value:
                    continue
                page = doc[field["page"] - 1]
                r = field["rect"]
                rect = pymupdf.Rect(r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"]) * page.derotation_matrix
                if field["kind"] == "signature":
                    page.insert_image(rect, filename=os.path.join(folder, value))
                elif page.insert_textbox(rect, value, fontsize=9, fontname="helv") < 0:
                    raise RuntimeError(f"row {rows}: {field['id']} did not fit its box")
            doc.save(os.path.join(args.out_dir, f"row-{rows:06d}.pdf"), garbage=3, deflate=True)
            doc.close()
    finished = time.perf_counter()
    json.dump({
        "pymupdf": pymupdf.VersionBind, "mupdf": pymupdf.VersionFitz, "rows": rows,
        "importSeconds": round(IMPORTED - STARTED, 3), "loopSeconds": round(finished - loop_started, 3),
        "peakMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
