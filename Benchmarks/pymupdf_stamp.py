#!/usr/bin/env python3
"""The PyMuPDF side of the stamp benchmark: in ONE Python process, for each PDF, times the whole
"finished document" job (open, text on page 1, signature PNG on the last page, save with
garbage=3 and deflate, close) after one warm-up, and prints JSON figures per file.

Usage: pymupdf_stamp.py --signature PNG --out-dir DIR [--runs 15] FILE...

Rectangles are the same as signet's fields (points from the top-left of the displayed page):
text x=72 y=72 w=200 h=20 on page 1, signature x=40 y=40 w=150 h=56 on the last page. They are
mapped through the page's derotation matrix, so rotated pages get them where the reader sees them.
The import of pymupdf happens before any timing. A second series adds an fsync of the output after
the save (signet flushes its output before renaming it into place), for comparison only.
"""

import argparse
import json
import os
import statistics
import sys
import time

import pymupdf

TEXT = "Jane Doe"
TEXT_RECT = (72, 72, 72 + 200, 72 + 20)
SIGNATURE_RECT = (40, 40, 40 + 150, 40 + 56)


def stamp(path, signature, out, durable=False):
    doc = pymupdf.open(path)
    first = doc[0]
    rect = pymupdf.Rect(TEXT_RECT) * first.derotation_matrix
    # insert_textbox returns the unused height; negative means the text did not fit.
    if first.insert_textbox(rect, TEXT, fontsize=11, fontname="helv") < 0:
        raise RuntimeError(f"{path}: the text did not fit its box")
    last = doc[-1]
    last.insert_image(pymupdf.Rect(SIGNATURE_RECT) * last.derotation_matrix, filename=signature)
    doc.save(out, garbage=3, deflate=True)
    pages = doc.page_count
    doc.close()
    if durable:  # what signet does before renaming its output into place
        fd = os.open(out, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    return pages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--signature", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    figures = []
    for path in args.files:
        name = os.path.splitext(os.path.basename(path))[0]
        out = os.path.join(args.out_dir, f"pymupdf-{name}.pdf")
        pages = stamp(path, args.signature, out)  # warm-up
        times, durable = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            stamp(path, args.signature, out)
            times.append((time.perf_counter() - started) * 1000)
        for _ in range(args.runs):
            started = time.perf_counter()
            stamp(path, args.signature, out, durable=True)
            durable.append((time.perf_counter() - started) * 1000)
        figures.append({
            "file": path, "pages": pages, "runs": len(times),
            "medianMs": round(statistics.median(times), 2), "minMs": round(min(times), 2),
            "maxMs": round(max(times), 2), "withFsyncMedianMs": round(statistics.median(durable), 2),
            "output": out, "outputBytes": os.path.getsize(out),
        })
    json.dump({"pymupdf": pymupdf.VersionBind, "mupdf": pymupdf.VersionFitz, "results": figures},
              sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
