#!/usr/bin/env python3
"""Measures one finished document from the shell, the whole `signet stamp` process against
`qpdf --overlay` with a ready overlay, on ../shared/perf-corpus, and writes the section
"Shell stamp" of Benchmarks/RESULTS.md (replaced on every run). Run after a release build:

  python3 Benchmarks/shell.py --bin .build/release/signet [--runs 15]

  Per perf-corpus file: "Jane Doe" on page 1 and signature.png on the last page (the fields of
  the stamp and seal benchmarks). The overlay qpdf gets is made once, before timing, by signet
  itself on a blank PDF whose pages have the sizes of the file's first and last pages, so both
  tools place the same marks. Each run times `signet stamp --no-fsync` and then `qpdf --overlay`
  (neither flushes its output) as whole processes; the figure per file is the median of the
  paired ratios. The first run (the warm-up) starts signet's standby engine as it exits (a
  private one: its runtime folder is under --out, and it is stopped at the end); every timed run
  then gets its worker from it, as a user's second and later commands do. Each run also times
  `signet stamp` with the standby engine off (SIGNET_STANDBY_SECONDS=0: its own worker, started
  cold), against the same qpdf run: the "Without standby" column. Where signet's time goes, from
  the same build: `signet stamp --help` (the command's process start, argument parsing, getting
  a worker), the job alone in a warm worker (`signet bench stamp`), and the rest (the worker's
  sandbox, the first job's extra cost, exit). Goal: at most 2x on every file.
  --baseline BIN times another signet binary (an earlier build) in the same paired runs, for a
  before/after column.
"""

import argparse
import glob
import json
import os
import signal
import statistics
import subprocess
import sys
import time

from results_file import replace_section

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FILES = ["form1p", "template2p", "text21p", "photos9p", "scan10p", "long234p"]
TARGET_RATIO = 2.0
TEXT_RECT = {"x": 72, "y": 72, "width": 200, "height": 20}
SIGNATURE_RECT = {"x": 40, "y": 40, "width": 150, "height": 56}


def log(message):
    print(message, file=sys.stderr, flush=True)


def wall(argv, env=None):
    """Runs argv to completion and answers its wall time in ms; fails loudly if it fails."""
    start = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    ms = (time.perf_counter() - start) * 1000
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {p.stderr.strip()}")
    return ms


def page_boxes(path):
    """(page count, MediaBox and rotation of page 1, of the last page), from pdfinfo."""
    pages = int(subprocess.run(["qpdf", "--show-npages", path], stdout=subprocess.PIPE, text=True,
                               check=True).stdout.strip())
    boxes = []
    for n in sorted({1, pages}):
        out = subprocess.run(["pdfinfo", "-box", "-f", str(n), "-l", str(n), path], stdout=subprocess.PIPE,
                             text=True, check=True).stdout
        box, rotate = None, 0
        for line in out.splitlines():
            if "MediaBox:" in line:
                box = [float(v) for v in line.split("MediaBox:")[1].split()]
            elif " rot:" in line:
                rotate = int(float(line.split("rot:")[1]))
        boxes.append((box, rotate))
    return pages, boxes


def blank_pdf(path, boxes):
    """A minimal PDF with one empty page per (MediaBox, rotation)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for box, rotate in boxes:
        kids.append(f"{len(objects) + 1} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [{' '.join('%g' % v for v in box)}] /Rotate {rotate} "
                       "/Resources << >> >>")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    data = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    data += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(data)


def fields_file(path, page_of_signature):
    with open(path, "w") as f:
        json.dump({"fields": [{"id": "name", "kind": "text", "page": 1, "rect": TEXT_RECT},
                              {"id": "sig", "kind": "signature", "page": page_of_signature, "rect": SIGNATURE_RECT}]}, f)


def measure(args, name):
    work = os.path.join(args.out, "shell", name)
    os.makedirs(work, exist_ok=True)
    source = os.path.join(args.corpus, f"{name}.pdf")
    pages, boxes = page_boxes(source)
    values = os.path.join(work, "values.json")
    with open(values, "w") as f:
        json.dump({"name": "Jane Doe", "sig": {"image": os.path.join(args.corpus, "signature.png")}}, f)
    fields = os.path.join(work, "fields.json")
    fields_file(fields, pages)
    # The overlay: the same fields on a blank copy of the first and last pages, drawn by signet.
    blank = os.path.join(work, "blank.pdf")
    blank_pdf(blank, boxes)
    overlay_fields = os.path.join(work, "overlay-fields.json")
    fields_file(overlay_fields, len(boxes))
    overlay = os.path.join(work, "overlay.pdf")
    wall([args.bin, "stamp", blank, "--fields", overlay_fields, "--values", values, "-o", overlay, "--mode", "rewrite"])
    to_pages = "1" if pages == 1 else f"1,{pages}"
    from_pages = "1" if pages == 1 else "1,2"

    signet_out = os.path.join(work, "signet.pdf")
    qpdf_out = os.path.join(work, "qpdf.pdf")
    signet = [args.bin, "stamp", source, "--fields", fields, "--values", values, "-o", signet_out, "--no-fsync"]
    qpdf = ["qpdf", "--warning-exit-0", source, "--overlay", overlay, f"--to={to_pages}", f"--from={from_pages}", "--", qpdf_out]
    baseline = [args.baseline] + signet[1:] if args.baseline else None
    cold = dict(os.environ, SIGNET_STANDBY_SECONDS="0")
    wall(signet)  # warm-up: page cache, font caches; starts the standby engine as it exits
    wall(qpdf)
    signet_ms, qpdf_ms, ratios, cold_ratios, baseline_ratios = [], [], [], [], []
    for _ in range(args.runs):
        s = wall(signet)
        q = wall(qpdf)
        signet_ms.append(s)
        qpdf_ms.append(q)
        ratios.append(s / q)
        cold_ratios.append(wall(signet, env=cold) / q)
        if baseline:
            baseline_ratios.append(wall(baseline) / q)
    help_ms = statistics.median(wall([args.bin, "stamp", "--help"]) for _ in range(args.runs))
    bench = subprocess.run([args.bin, "bench", "stamp", source, "--fields", fields, "--values", values, "--no-fsync",
                            "-o", os.path.join(work, "bench.pdf"), "--runs", str(args.runs)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if bench.returncode != 0:
        raise RuntimeError(f"bench stamp {name}: {bench.stderr.strip()}")
    job_ms = json.loads(bench.stdout)["medianMs"]
    signet_median = statistics.median(signet_ms)
    return {"pages": pages, "signetMs": signet_median, "qpdfMs": statistics.median(qpdf_ms),
            "ratio": statistics.median(ratios), "coldRatio": statistics.median(cold_ratios), "helpMs": help_ms, "jobMs": job_ms,
            "restMs": signet_median - help_ms - job_ms,
            "baselineRatio": statistics.median(baseline_ratios) if baseline else None}


def stop_standby(folder):
    """Stops the standby engines serving from `folder` (each lock file names one's pid)."""
    for lock in glob.glob(os.path.join(folder, "*.lock")):
        try:
            pid = int(open(lock).read().strip())
            if "signet-engine" in open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace"):
                os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            pass


def section(rows, args):
    lines = ["## Shell stamp", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPUs (load average "
             f"before: {args.load}) with `Benchmarks/shell.py` ({args.runs} paired runs per file): the whole "
             "`signet stamp --no-fsync` process (\"Jane Doe\" on page 1, signature.png on the last page, in its "
             "sandboxed worker) against `qpdf --overlay` with a ready overlay PDF of the same marks (drawn once by "
             "signet on blank pages of the same sizes); neither flushes its output. Ratio: median of the paired "
             "signet/qpdf ratios, each `signet stamp` getting its worker from the standby engine that the first, "
             "untimed run started (README, \"The standby engine\"). Without standby: the same with "
             "`SIGNET_STANDBY_SECONDS=0` (the command starts its own worker, cold), against the same qpdf runs. Where "
             "signet's time goes: `signet stamp --help` (the command's process start, argument parsing, getting a "
             "worker), the job alone in a warm worker (`signet bench stamp`), and the rest (the worker's sandbox, the "
             f"first job's extra cost, exit). Goal: at most {TARGET_RATIO:g}x on every file."
             + (f" Before: the ratio of {args.baseline_name}, timed in the same paired runs." if args.baseline else ""), "",
             "| File | Pages | signet stamp (ms) | qpdf --overlay (ms) | Ratio | Start + arguments (ms) | Job (ms) | "
             "Sandbox, first job, exit (ms) | Goal | Without standby |" + (" Before |" if args.baseline else ""),
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|" + ("---:|" if args.baseline else "")]
    ok = True
    for name, r in rows:
        passed = r["ratio"] <= TARGET_RATIO
        ok = ok and passed
        lines.append(f"| {name} | {r['pages']} | {r['signetMs']:.1f} | {r['qpdfMs']:.1f} | {r['ratio']:.2f}x | "
                     f"{r['helpMs']:.1f} | {r['jobMs']:.1f} | {r['restMs']:.1f} | {'pass' if passed else 'FAIL'} | "
                     f"{r['coldRatio']:.2f}x |"
                     + (f" {r['baselineRatio']:.2f}x |" if args.baseline else ""))
    return "\n".join(lines) + "\n", ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     allow_abbrev=False)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "signet"),
                        help="the signet binary (release build)")
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "perf-corpus"))
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--shell-runs", "--runs", dest="runs", type=int, default=15)
    parser.add_argument("--baseline", help="another signet binary to time alongside (an earlier build)")
    parser.add_argument("--baseline-name", default="the baseline binary", help="how the section names --baseline")
    parser.add_argument("--files", default=",".join(FILES),
                        help="comma-separated perf-corpus names to measure (a trial; RESULTS wants them all)")
    args, _ = parser.parse_known_args()
    args.bin = os.path.abspath(args.bin)
    args.baseline = os.path.abspath(args.baseline) if args.baseline else None
    args.load = "%.2f %.2f %.2f" % os.getloadavg()
    # A standby engine of this run's own, stopped at its end.
    runtime = os.path.join(os.path.abspath(args.out), "run")
    os.makedirs(runtime, mode=0o700, exist_ok=True)
    os.chmod(runtime, 0o700)
    os.environ["XDG_RUNTIME_DIR"] = runtime
    os.environ.pop("SIGNET_STANDBY_SECONDS", None)
    rows = []
    try:
        for name in args.files.split(","):
            log(f"shell: {name}")
            rows.append((name, measure(args, name)))
    finally:
        stop_standby(os.path.join(runtime, "signet"))
    text, ok = section(rows, args)
    print(text)
    replace_section(args.results, "## Shell stamp", text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
