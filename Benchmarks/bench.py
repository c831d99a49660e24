#!/usr/bin/env python3
"""Measures signet against its peers on ../shared/perf-corpus and writes Benchmarks/RESULTS.md.
Run through Benchmarks/run, which installs the tools and builds signet first; this file only
needs the Python standard library (PyMuPDF runs in a child, pymupdf_stamp.py, under --python).

  Render throughput  150 dpi PNG, pages/s: `signet bench render` (one warm worker; start-up not
                     counted) vs `pdftoppm -r 150 -png` and `mutool draw -r 150` (whole process,
                     median of runs after a warm-up) on text21p (all), long234p (pages 1-20),
                     photos9p (all).
  Stamp cost         text on page 1 + signature PNG on the last page, per finished document:
                     `signet bench stamp` (auto and rewrite) vs PyMuPDF in one Python process.
  Worker memory      the highest workerPeakMB any signet bench run reported.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STAMP_FILES = ["form1p", "template2p", "text21p", "photos9p", "scan10p", "long234p"]
RENDER_SETS = [("text21p", None), ("long234p", 20), ("photos9p", None)]  # (file, first N pages or all)
TEXT_FIELD = {"id": "name", "kind": "text", "page": 1, "rect": {"x": 72, "y": 72, "width": 200, "height": 20}}
SIGNATURE_RECT = {"x": 40, "y": 40, "width": 150, "height": 56}
TARGET_RENDER_VS_MUTOOL = 1.5
TARGET_RENDER_VS_PDFTOPPM = 4.0
TARGET_WORKER_MB = 256


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def first_line(argv):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
        return (p.stdout.strip().splitlines() or ["?"])[0].strip()
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


def timed_process(argv):
    """Runs argv to completion; returns (wall seconds, CPU seconds of it and its children, peak RSS MB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def pngs(folder):
    return sorted((os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".png")))


class Bench:
    def __init__(self, args):
        self.args = args
        self.corpus = os.path.abspath(args.corpus)
        self.out = os.path.abspath(args.out)
        self.bin = os.path.abspath(args.bin)
        self.worker_peaks = []
        self.signature = os.path.join(self.corpus, "signature.png")

    def path(self, name):
        return os.path.join(self.corpus, name + ".pdf")

    def signet_json(self, argv):
        """Runs a signet command that prints JSON; returns (its JSON, wall seconds)."""
        started = time.perf_counter()
        proc = subprocess.Popen([self.bin] + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = proc.communicate()
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"signet {' '.join(argv)} failed ({proc.returncode}): {err.decode()[-800:]}")
        return json.loads(out), wall

    # --- machine and versions -------------------------------------------------------------
    def machine(self):
        model, mem_kb = "?", 0
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_kb = int(line.split()[1])
        return {
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": os.cpu_count() if not shutil.which("nproc") else int(run(["nproc"]).stdout),
            "cpu": model, "memoryGiB": round(mem_kb / 1024 / 1024, 1),
            "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]), "kernel": platform.release(),
            "loadBefore": "%.2f %.2f %.2f" % os.getloadavg(),
        }

    def versions(self):
        def modversion(name):
            return first_line(["pkg-config", "--modversion", name]) if shutil.which("pkg-config") else "?"
        commit = first_line(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain"], stdout=subprocess.PIPE, text=True).stdout.strip()
        checkout = f"git {commit}{' with uncommitted changes' if dirty else ''}"
        if self.args.built_here:
            signet = f"{self.bin}, release build of this checkout ({checkout})"
        else:
            built = datetime.datetime.fromtimestamp(os.path.getmtime(self.bin), datetime.timezone.utc)
            signet = f"{self.bin} (given with --bin, built {built:%Y-%m-%d %H:%M} UTC; this checkout is at {checkout})"
        return {
            "signet": signet,
            "swift": first_line(["swift", "--version"]),
            "libraries (signet)": f"poppler-glib {modversion('poppler-glib')}, cairo {modversion('cairo')}, "
                                  f"pango {modversion('pango')}, libqpdf {modversion('libqpdf')}",
            "pdftoppm": first_line(["pdftoppm", "-v"]),
            "mutool": first_line(["mutool", "-v"]),
            "qpdf": first_line(["qpdf", "--version"]),
            "python (PyMuPDF side)": first_line([self.args.python, "--version"]),
        }

    # --- geometry check -------------------------------------------------------------------
    def inspect_all(self):
        pages = {}
        problems = []
        for name in STAMP_FILES:
            report, _ = self.signet_json(["inspect", self.path(name), "--json"])
            first, last = report["pages"][0], report["pages"][-1]
            pages[name] = report["pageCount"]
            t = TEXT_FIELD["rect"]
            if t["x"] + t["width"] > first["width"] or t["y"] + t["height"] > first["height"]:
                problems.append(f"{name}: the text field does not fit page 1 ({first['width']} x {first['height']})")
            s = SIGNATURE_RECT
            smallest_w = min(p["width"] for p in report["pages"])
            smallest_h = min(p["height"] for p in report["pages"])
            if s["x"] + s["width"] > smallest_w or s["y"] + s["height"] > smallest_h:
                problems.append(f"{name}: the signature does not fit every page ({smallest_w} x {smallest_h})")
            if s["x"] + s["width"] > last["width"] or s["y"] + s["height"] > last["height"]:
                problems.append(f"{name}: the signature does not fit the last page")
        return pages, problems

    # --- stamping --------------------------------------------------------------------------
    def stamp(self, page_counts):
        folder = os.path.join(self.out, "stamp")
        os.makedirs(folder, exist_ok=True)
        values = os.path.join(folder, "values.json")
        with open(values, "w") as f:
            json.dump({"name": "Jane Doe", "sig": {"image": self.signature}}, f)
        results = {}
        pymupdf_version = "?"
        # Per file, the three measurements run back to back, so a change in the machine's load
        # skews them alike.
        for name in STAMP_FILES:
            fields = os.path.join(folder, f"fields-{name}.json")
            signature = {"id": "sig", "kind": "signature", "page": page_counts[name], "rect": SIGNATURE_RECT}
            with open(fields, "w") as f:
                json.dump({"fields": [TEXT_FIELD, signature]}, f)
            row = {"pages": page_counts[name]}
            log(f"  PyMuPDF {name} (one Python process)")
            p = run([self.args.python, os.path.join(HERE, "pymupdf_stamp.py"), "--signature", self.signature,
                     "--out-dir", folder, "--runs", str(self.args.stamp_runs), self.path(name)])
            pymupdf = json.loads(p.stdout)
            pymupdf_version = f"PyMuPDF {pymupdf['pymupdf']} (MuPDF {pymupdf['mupdf']})"
            figures = pymupdf["results"][0]
            row["pymupdf"] = {"ms": figures["medianMs"], "minMs": figures["minMs"], "maxMs": figures["maxMs"],
                              "fsyncMs": figures["withFsyncMedianMs"],
                              "bytes": figures["outputBytes"], "check": self.qpdf_check(figures["output"])}
            # "auto" flushes each output (fsync), as `signet stamp` does by default; "nofsync"
            # writes it the way PyMuPDF's save does, without that flush.
            for series, mode, extra in (("auto", "auto", []), ("nofsync", "auto", ["--no-fsync"]), ("rewrite", "rewrite", [])):
                out = os.path.join(folder, f"signet-{name}-{series}.pdf")
                log(f"  signet bench stamp {name} --mode {mode} {' '.join(extra)}")
                figures, _ = self.signet_json(["bench", "stamp", self.path(name), "--fields", fields, "--values", values,
                                               "-o", out, "--runs", str(self.args.stamp_runs), "--mode", mode] + extra)
                self.worker_peaks.append((figures["workerPeakMB"], f"stamp {name} {series}"))
                row[series] = {"ms": figures["medianMs"], "minMs": figures["minMs"], "maxMs": figures["maxMs"],
                             "written": figures.get("mode"), "bytes": os.path.getsize(out), "check": self.qpdf_check(out)}
            results[name] = row
        for row in results.values():
            # Like for like: flushed against flushed, unflushed against unflushed.
            row["ratio"] = round(row["pymupdf"]["fsyncMs"] / row["auto"]["ms"], 2)
            row["ratioNoFsync"] = round(row["pymupdf"]["ms"] / row["nofsync"]["ms"], 2)
        return results, pymupdf_version

    @staticmethod
    def qpdf_check(path):
        if not shutil.which("qpdf"):
            return "not checked"
        p = subprocess.run(["qpdf", "--check", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return {0: "clean", 3: "warnings"}.get(p.returncode, "ERRORS")

    # --- rendering -------------------------------------------------------------------------
    def render(self, page_counts):
        folder = os.path.join(self.out, "render")
        shutil.rmtree(folder, ignore_errors=True)
        results = {}
        for name, limit in RENDER_SETS:
            pdf = self.path(name)
            pages = min(limit or page_counts[name], page_counts[name])
            label = f"{name} ({'pages 1-%d' % pages if limit else 'all %d pages' % pages})"
            row = {"label": label, "pages": pages}
            # signet: one warm worker, repeated jobs (bench prints the median).
            out = os.path.join(folder, f"signet-{name}")
            log(f"  signet bench render {label}")
            figures, wall = self.signet_json(["bench", "render", pdf, "--pages", f"1-{pages}", "--dpi", "150", "-o", out,
                                              "--runs", str(self.args.render_runs)])
            self.worker_peaks.append((figures["workerPeakMB"], f"render {name}"))
            row["signet"] = {"seconds": figures["medianMs"] / 1000, "pps": pages / (figures["medianMs"] / 1000),
                             "sizes": [png_size(p) for p in pngs(out)], "peakMB": figures["workerPeakMB"]}
            # peers: whole processes, timed here.
            peers = {
                "mutool": lambda d: ["mutool", "draw", "-q", "-r", "150", "-o", os.path.join(d, "page-%d.png"), pdf, f"1-{pages}"],
                "pdftoppm": lambda d: ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", str(pages), pdf, os.path.join(d, "page")],
            }
            for tool, argv in peers.items():
                out = os.path.join(folder, f"{tool}-{name}")
                os.makedirs(out, exist_ok=True)
                log(f"  {tool} {label}")
                timed_process(argv(out))  # warm-up (page cache, fonts)
                samples = [timed_process(argv(out)) for _ in range(self.args.render_runs)]
                median = statistics.median(s[0] for s in samples)
                row[tool] = {"seconds": median, "pps": pages / median, "cpuSeconds": statistics.median(s[1] for s in samples),
                             "peakMB": max(s[2] for s in samples), "sizes": [png_size(p) for p in pngs(out)]}
            row["vsMutool"] = row["signet"]["pps"] / row["mutool"]["pps"]
            row["vsPdftoppm"] = row["signet"]["pps"] / row["pdftoppm"]["pps"]
            row["notes"] = self.compare_sizes(row, pages)
            results[name] = row
        return results

    @staticmethod
    def compare_sizes(row, pages):
        notes = []
        for tool in ("signet", "mutool", "pdftoppm"):
            if len(row[tool]["sizes"]) != pages:
                notes.append(f"{tool} wrote {len(row[tool]['sizes'])} PNGs for {pages} pages")
        if not notes:
            sizes = {tool: sorted(row[tool]["sizes"]) for tool in ("signet", "mutool", "pdftoppm")}
            for tool in ("mutool", "pdftoppm"):
                off = sum(1 for a, b in zip(sizes["signet"], sizes[tool]) if abs(a[0] - b[0]) > 2 or abs(a[1] - b[1]) > 2)
                if off:
                    notes.append(f"{off} page(s) differ in pixel size from {tool}")
        return notes


def fmt_ms(v):
    return f"{v:,.1f}" if v < 100 else f"{v:,.0f}"


def verdict(ok):
    return "PASS" if ok else "FAIL"


def report(machine, versions, stamp, pymupdf_version, render, peak, problems, args):
    lines = ["# Benchmark results", "",
             f"Written by `Benchmarks/run` on {machine['date']}. Medians; the machine is shared and noisy, so "
             "ratios matter more than absolute times.", "",
             "## Machine", "",
             f"- CPU: {machine['cpu']}, `nproc` = {machine['nproc']}",
             f"- Memory: {machine['memoryGiB']} GiB",
             f"- OS: {machine['os']}, kernel {machine['kernel']}",
             f"- Load average (1, 5, 15 min) before the run: {machine['loadBefore']}; after: {machine['loadAfter']}"
             " (other work on the machine skews the figures)", "",
             "## Tool versions", ""]
    versions = dict(versions, PyMuPDF=pymupdf_version)
    lines += [f"- {k}: {v}" for k, v in versions.items()]
    lines += ["", "## Stamp cost per finished document", "",
              "Text \"Jane Doe\" at x=72 y=72 w=200 h=20 on page 1 plus signature.png at x=40 y=40 w=150 h=56 "
              "on the last page. signet: `signet bench stamp`, one long-lived worker, job sent over the "
              f"worker pipe, median of {args.stamp_runs} runs after a warm-up. PyMuPDF: open, `insert_textbox`, "
              f"`insert_image`, `save(garbage=3, deflate=True)`, close, in one Python process, median of "
              f"{args.stamp_runs} runs after a warm-up, import excluded. Ratio = PyMuPDF ms / signet ms "
              "(> 1: signet is faster). They run back to back per file. By default signet flushes its output "
              "with fsync before renaming it into place; PyMuPDF's save does not. So each comparison is like for "
              "like: signet (fsync) against PyMuPDF + fsync, and signet `--no-fsync` against plain PyMuPDF.", "",
              "| file | pages | signet ms (mode written) | PyMuPDF + fsync ms | ratio | signet --no-fsync ms | PyMuPDF ms | ratio | signet rewrite ms | "
              "output KB signet / rewrite / PyMuPDF | qpdf --check signet / rewrite / PyMuPDF |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for name, r in stamp.items():
        kb = lambda x: f"{x['bytes'] / 1024:,.0f}"
        lines.append(f"| {name} | {r['pages']} | {fmt_ms(r['auto']['ms'])} ({r['auto']['written']}) | {fmt_ms(r['pymupdf']['fsyncMs'])} | "
                     f"{r['ratio']:.2f} | {fmt_ms(r['nofsync']['ms'])} | {fmt_ms(r['pymupdf']['ms'])} | {r['ratioNoFsync']:.2f} | "
                     f"{fmt_ms(r['rewrite']['ms'])} | "
                     f"{kb(r['auto'])} / {kb(r['rewrite'])} / {kb(r['pymupdf'])} | "
                     f"{r['auto']['check']} / {r['rewrite']['check']} / {r['pymupdf']['check']} |")
    lines += ["", "## Render throughput, 150 dpi PNG", "",
              "signet: `signet bench render` (one warm worker; process and worker start-up not counted), median of "
              f"{args.render_runs} runs. mutool (`mutool draw -r 150 -o page-%d.png`) and pdftoppm (`pdftoppm -r 150 -png`): "
              f"whole process per run (start-up included, as they are used), median of {args.render_runs} runs after a "
              "warm-up; default settings (single-threaded). CPU s = user+system time of the peer process.", "",
              "| pages | signet p/s | mutool p/s | pdftoppm p/s | signet / mutool | signet / pdftoppm | mutool CPU s | pdftoppm CPU s | notes |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    total = {t: [0, 0.0] for t in ("signet", "mutool", "pdftoppm")}
    for name, r in render.items():
        for t in total:
            total[t][0] += r["pages"]
            total[t][1] += r[t]["seconds"]
        lines.append(f"| {r['label']} | {r['signet']['pps']:.1f} | {r['mutool']['pps']:.1f} | {r['pdftoppm']['pps']:.1f} | "
                     f"{r['vsMutool']:.2f}x | {r['vsPdftoppm']:.2f}x | {r['mutool']['cpuSeconds']:.2f} | "
                     f"{r['pdftoppm']['cpuSeconds']:.2f} | {'; '.join(r['notes']) or 'same page sizes'} |")
    pps = {t: p / s for t, (p, s) in total.items()}
    vs_mutool, vs_pdftoppm = pps["signet"] / pps["mutool"], pps["signet"] / pps["pdftoppm"]
    lines.append(f"| **all {total['signet'][0]} pages** | {pps['signet']:.1f} | {pps['mutool']:.1f} | {pps['pdftoppm']:.1f} | "
                 f"{vs_mutool:.2f}x | {vs_pdftoppm:.2f}x | | | |")
    lines += ["", "## Worker memory", "", f"Highest `workerPeakMB` over every signet bench run above: **{peak[0]:.1f} MB** ({peak[1]}).", ""]
    stamp_ok = all(r["ratio"] > 1 and r["ratioNoFsync"] > 1 for r in stamp.values())
    slower = [n for n, r in stamp.items() if r["ratio"] <= 1 or r["ratioNoFsync"] <= 1]
    targets = [
        ("Stamping faster than PyMuPDF on every file (both like-for-like comparisons)", stamp_ok,
         "all faster" if stamp_ok else "slower on " + ", ".join(slower)),
        (f"Render >= {TARGET_RENDER_VS_MUTOOL}x mutool pages/s (all pages together)", vs_mutool >= TARGET_RENDER_VS_MUTOOL,
         f"{vs_mutool:.2f}x; per file " + ", ".join(f"{n} {r['vsMutool']:.2f}x" for n, r in render.items())),
        (f"Render >= {TARGET_RENDER_VS_PDFTOPPM}x pdftoppm pages/s (all pages together)", vs_pdftoppm >= TARGET_RENDER_VS_PDFTOPPM,
         f"{vs_pdftoppm:.2f}x; per file " + ", ".join(f"{n} {r['vsPdftoppm']:.2f}x" for n, r in render.items())),
        (f"Worker peak <= {TARGET_WORKER_MB} MB", peak[0] <= TARGET_WORKER_MB, f"{peak[0]:.1f} MB"),
    ]
    lines += ["## Targets", "", "| target | result | figure |", "| --- | --- | --- |"]
    lines += [f"| {t} | {verdict(ok)} | {fig} |" for t, ok, fig in targets]
    if problems:
        lines += ["", "## Problems seen", ""] + [f"- {p}" for p in problems]
    return "\n".join(lines) + "\n", targets


def kept_sections(path, text):
    """The sections of the current RESULTS.md that `text` does not hold (the other scripts' own:
    batch, seal, shell, preview, crowd, store backends), so that this script's run replaces its
    own figures and leaves theirs."""
    if not os.path.exists(path):
        return ""
    ours = {line for line in text.splitlines() if line.startswith("## ")}
    old = open(path).read()
    kept = []
    for part in old.split("\n## ")[1:]:
        heading = "## " + part.splitlines()[0]
        if heading not in ours:
            kept.append("## " + part.rstrip("\n") + "\n")
    return "".join("\n" + section for section in kept)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the signet binary (release build)")
    parser.add_argument("--built-here", action="store_true", help="the binary was just built from this checkout")
    parser.add_argument("--python", default=sys.executable, help="the Python that has pymupdf")
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "perf-corpus"))
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--stamp-runs", type=int, default=15)
    parser.add_argument("--render-runs", type=int, default=3)
    args = parser.parse_args()
    if args.stamp_runs < 15 or args.render_runs < 3:
        log("note: fewer runs than the 15 / 3 the published figures use")
    missing = [n for n in [f"{f}.pdf" for f in STAMP_FILES] + ["signature.png"]
               if not os.path.isfile(os.path.join(args.corpus, n))]
    if missing:
        log(f"bench: the perf corpus is not at {os.path.abspath(args.corpus)} (missing {', '.join(missing)}); "
            "pass --corpus DIR")
        return 2
    bench = Bench(args)
    os.makedirs(bench.out, exist_ok=True)
    started = time.monotonic()
    machine, versions = bench.machine(), bench.versions()
    log("checking the field rectangles against every page (signet inspect)")
    page_counts, problems = bench.inspect_all()
    log("stamping")
    stamp, pymupdf_version = bench.stamp(page_counts)
    log("rendering")
    render = bench.render(page_counts)
    for r in render.values():
        problems += [f"render {r['label']}: {n}" for n in r["notes"]]
    for name, r in stamp.items():
        for side in ("auto", "nofsync", "rewrite"):
            if r[side]["check"] == "ERRORS":
                problems.append(f"stamp {name} ({side}): qpdf --check finds errors in signet's output")
    peak = max(bench.worker_peaks)
    machine["loadAfter"] = "%.2f %.2f %.2f" % os.getloadavg()
    text, targets = report(machine, versions, stamp, pymupdf_version, render, peak, problems, args)
    with open(args.results, "w") as f:
        f.write(text + kept_sections(args.results, text))
    with open(os.path.join(bench.out, "results.json"), "w") as f:
        json.dump({"machine": machine, "versions": versions, "stamp": stamp, "render": render,
                   "workerPeakMB": peak[0], "targets": [{"target": t, "pass": ok, "figure": fig} for t, ok, fig in targets]},
                  f, indent=2)
    print(text)
    log(f"wrote {os.path.relpath(args.results)} and {os.path.relpath(os.path.join(bench.out, 'results.json'))} "
        f"in {time.monotonic() - started:.0f} s")
    return 0 if all(ok for _, ok, _ in targets) and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
