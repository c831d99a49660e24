#!/usr/bin/env python3
"""Measures 150 dpi previews rendered from the original and from the preview copy on
../shared/perf-corpus and writes the "Preview throughput" section of Benchmarks/RESULTS.md.
Run through `Benchmarks/run --only preview` (which installs the tools and builds signet), or
directly with --bin. Standard library only.

  Per file (text21p, photos9p, scan10p all pages; long234p pages 1-20):
  - signet from the original: `signet bench render` (one warm worker, start-up not counted);
  - the preview copy: `signet bench render --preview-copy` times the copy job (made for the
    service's widest preview, 2400 px) and then renders the same pages from the copy;
  - mutool: `mutool draw -r 150` as a whole process, median of runs after a warm-up;
  - fidelity: the mean absolute difference of every pixel channel (as % of full scale) between
    the copy's pages and Poppler's 150 dpi render of the original: signet's own (Poppler +
    Cairo, what the service serves; the goal) and, for scale, `pdftoppm -r 150` (Poppler's
    Splash rasteriser, whose anti-aliasing and image smoothing differ from Cairo's by 1-3% on
    the original itself).
"""

import argparse
import datetime
import os
import shutil
import statistics
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import first_line, log, pngs, timed_process  # noqa: E402
from results_file import replace_section  # noqa: E402

SETS = [("text21p", None), ("photos9p", None), ("scan10p", None), ("long234p", 20)]  # (file, first N pages or all)
GOAL_FILES = ["text21p", "photos9p", "scan10p"]
TARGET_VS_MUTOOL = 1.5
TARGET_DIFF_PERCENT = 2.0


def read_png_rgb(path):
    """(width, height, RGB bytes) of a PNG as signet writes it (8-bit RGB, filter 0 rows)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError(f"{path} is not a PNG")
    pos, idat, width, height = 8, [], 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if (depth, colour) != (8, 2):
                raise RuntimeError(f"{path}: not 8-bit RGB")
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    row = 1 + width * 3
    if any(raw[y * row] != 0 for y in range(height)):
        raise RuntimeError(f"{path}: filtered rows (not written by signet)")
    return width, height, b"".join(raw[y * row + 1:(y + 1) * row] for y in range(height))


def read_ppm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # P6 width height maxval, whitespace separated
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        raise RuntimeError(f"{path}: not an 8-bit PPM")
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def mean_abs_diff(a, b):
    """Mean absolute difference of two (width, height, RGB) images as % of 255, over the area
    both cover (sizes may differ by a rounding pixel)."""
    (wa, ha, pa), (wb, hb, pb) = a, b
    w, h = min(wa, wb), min(ha, hb)
    total = 0
    for y in range(h):
        ra = pa[y * wa * 3:y * wa * 3 + w * 3]
        rb = pb[y * wb * 3:y * wb * 3 + w * 3]
        if ra != rb:
            total += sum(abs(x - y_) for x, y_ in zip(ra, rb))
    return total / (w * h * 3) / 255 * 100


class PreviewBench:
    def __init__(self, args):
        self.args = args
        self.corpus = os.path.abspath(args.corpus)
        self.out = os.path.join(os.path.abspath(args.out), "preview")
        self.bin = os.path.abspath(args.bin)

    def signet_json(self, argv):
        import json
        p = subprocess.run([self.bin] + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError(f"signet {' '.join(argv)} failed ({p.returncode}): {p.stderr.decode()[-800:]}")
        return json.loads(p.stdout)

    def measure(self, name, limit):
        pdf = os.path.join(self.corpus, name + ".pdf")
        count = int(subprocess.run(["qpdf", "--show-npages", pdf], stdout=subprocess.PIPE, text=True, check=True).stdout)
        pages = min(limit or count, count)
        label = f"{name} ({'pages 1-%d' % pages if limit else 'all %d pages' % pages})"
        runs = str(self.args.runs)
        row = {"label": label, "pages": pages, "name": name}
        original, copied = os.path.join(self.out, f"original-{name}"), os.path.join(self.out, f"copy-{name}")
        copy_pdf = os.path.join(self.out, f"{name}-preview.pdf")
        log(f"  signet bench render {label} (original)")
        figures = self.signet_json(["bench", "render", pdf, "--pages", f"1-{pages}", "--dpi", "150", "-o", original, "--runs", runs])
        row["original"] = pages / (figures["medianMs"] / 1000)
        row["peakMB"] = figures["workerPeakMB"]
        log(f"  signet bench render {label} (preview copy)")
        figures = self.signet_json(["bench", "render", pdf, "--pages", f"1-{pages}", "--dpi", "150", "-o", copied, "--runs", runs,
                                    "--preview-copy", copy_pdf])
        row["copy"] = pages / (figures["medianMs"] / 1000)
        row["copyMs"] = figures["copy"]["medianMs"]
        row["replaced"] = figures["copy"]["imagesReplaced"]
        row["copyBytes"] = figures["copy"]["bytes"]
        row["originalBytes"] = os.path.getsize(pdf)
        row["peakMB"] = max(row["peakMB"], figures["workerPeakMB"])
        log(f"  mutool draw {label}")
        mutool_out = os.path.join(self.out, f"mutool-{name}")
        os.makedirs(mutool_out, exist_ok=True)
        argv = ["mutool", "draw", "-q", "-r", "150", "-o", os.path.join(mutool_out, "page-%d.png"), pdf, f"1-{pages}"]
        timed_process(argv)  # warm-up (page cache, fonts)
        row["mutool"] = pages / statistics.median(timed_process(argv)[0] for _ in range(self.args.runs))
        log(f"  pdftoppm -r 150 {label} (reference)")
        reference = os.path.join(self.out, f"pdftoppm-{name}")
        os.makedirs(reference, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", str(pages), pdf, os.path.join(reference, "page")], check=True)
        ppms = sorted((os.path.join(reference, n) for n in os.listdir(reference) if n.endswith(".ppm")),
                      key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))
        pngs_copy = sorted(pngs(copied), key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))
        pngs_original = sorted(pngs(original), key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))
        if not (len(ppms) == len(pngs_copy) == len(pngs_original) == pages):
            raise RuntimeError(f"{name}: expected {pages} pages from each renderer")
        vs_signet, vs_pdftoppm, splash = [], [], []
        for c, o, r in zip(pngs_copy, pngs_original, ppms):
            copy_img, original_img, reference_img = read_png_rgb(c), read_png_rgb(o), read_ppm(r)
            vs_signet.append(mean_abs_diff(copy_img, original_img))
            vs_pdftoppm.append(mean_abs_diff(copy_img, reference_img))
            splash.append(mean_abs_diff(original_img, reference_img))
        row["diffSignet"], row["diffSignetMax"] = statistics.mean(vs_signet), max(vs_signet)
        row["diffPdftoppm"], row["diffPdftoppmMax"] = statistics.mean(vs_pdftoppm), max(vs_pdftoppm)
        row["diffSplash"] = statistics.mean(splash)
        row["best"] = max(row["original"], row["copy"])
        return row

    def run(self):
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out)
        load = "%.2f %.2f %.2f" % os.getloadavg()
        rows = [self.measure(name, limit) for name, limit in SETS]
        return rows, load


def report(rows, load_before, args):
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["## Preview throughput, 150 dpi PNG", "",
             f"Written by `Benchmarks/preview.py` on {date} ({os.cpu_count()} CPUs; load before {load_before}, after "
             f"{'%.2f %.2f %.2f' % os.getloadavg()}). signet: `signet bench render` (one warm worker, start-up not counted), "
             f"median of {args.runs} runs, from the original and from its preview copy (`--preview-copy`: the copy job, made "
             "for the service's widest preview of 2400 px, is timed separately as a one-off cost; the service makes it once "
             "per document). mutool: `mutool draw -r 150` as a whole process, median of "
             f"{args.runs} runs after a warm-up ({first_line(['mutool', '-v'])}). Difference: mean absolute difference of every "
             "pixel channel, as % of full scale, of the pages rendered from the copy against Poppler's 150 dpi render of the "
             "original: signet's own (Poppler + Cairo, as served) and `pdftoppm -r 150` (Poppler's Splash rasteriser; the "
             "Splash/Cairo difference on the original alone is given for scale).", "",
             "| pages | signet p/s original | signet p/s copy | mutool p/s | best / mutool | copy: one-off ms | images replaced | "
             "bytes original -> copy | diff vs signet original (max page) | diff vs pdftoppm (max page) | Splash vs Cairo, original |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['label']} | {r['original']:.1f} | {r['copy']:.1f} | {r['mutool']:.1f} | {r['best'] / r['mutool']:.2f}x | "
                     f"{r['copyMs']:.0f} | {r['replaced']} | {r['originalBytes']:,} -> {r['copyBytes']:,} | "
                     f"{r['diffSignet']:.2f}% ({r['diffSignetMax']:.2f}%) | {r['diffPdftoppm']:.2f}% ({r['diffPdftoppmMax']:.2f}%) | "
                     f"{r['diffSplash']:.2f}% |")
    lines += ["", "Previews are served from the copy when the copy job replaced an image, else from the original (a file "
              "without oversized photos gets no copy: `images replaced` 0, the two signet columns then measure the same "
              "thing twice). Worker peak over these runs: "
              f"{max(r['peakMB'] for r in rows):.1f} MB.", "",
              "| target | result | figure |", "| --- | --- | --- |"]
    goal = [r for r in rows if r["name"] in GOAL_FILES]
    speed_ok = all(r["best"] / r["mutool"] >= TARGET_VS_MUTOOL for r in goal)
    diff_ok = all(r["diffSignet"] < TARGET_DIFF_PERCENT for r in goal)
    lines.append(f"| Previews >= {TARGET_VS_MUTOOL}x mutool pages/s at 150 dpi on each of {', '.join(GOAL_FILES)} | "
                 f"{'PASS' if speed_ok else 'FAIL'} | " + ", ".join(f"{r['name']} {r['best'] / r['mutool']:.2f}x" for r in goal) + " |")
    lines.append(f"| Mean absolute pixel difference from Poppler's render of the original (Poppler + Cairo, as served) < "
                 f"{TARGET_DIFF_PERCENT:g}% | {'PASS' if diff_ok else 'FAIL'} | " + ", ".join(
                     f"{r['name']} {r['diffSignet']:.2f}% (max page {r['diffSignetMax']:.2f}%)" for r in goal) +
                 "; against pdftoppm's Splash rendering: " + ", ".join(
                     f"{r['name']} {r['diffPdftoppm']:.2f}% (the original itself {r['diffSplash']:.2f}%)" for r in goal) + " |")
    return "\n".join(lines) + "\n", speed_ok and diff_ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the signet binary (release build)")
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "perf-corpus"))
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--preview-runs", dest="runs", type=int, default=5)
    args, _ = parser.parse_known_args()
    rows, load = PreviewBench(args).run()
    text, ok = report(rows, load, args)
    print(text)
    replace_section(args.results, "## Preview throughput", text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
