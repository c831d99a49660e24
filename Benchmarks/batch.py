#!/usr/bin/env python3
"""The batch benchmark: `signet batch` against PyMuPDF filling the same template row after row,
and a section "Batch fill" in Benchmarks/RESULTS.md (replaced on every run). Run through
Benchmarks/run (which builds signet and installs PyMuPDF); needs only the standard library.

  Template   ../shared/perf-corpus/template2p.pdf with five text fields (page 1) and a
             signature (page 2), written as a template folder under Benchmarks/out/batch/.
  Rows       rows200.tsv repeated to --rows rows (default 1,000), with a header and a
             signature column naming perf-corpus/signature.png.
  signet     `signet batch --jobs 1` and `--jobs 2`, whole process timed (start-up, template
             check and worker start-up included), median of --runs runs; --no-fsync, like
             PyMuPDF's save, and once with the default fsync for the record. Each worker's
             peak resident memory is read from /proc (VmHWM) while it runs.
  PyMuPDF    pymupdf_batch.py in one Python process, whole process timed (import included)
             and its loop alone.
  Longer     --big-rows rows (default 10,000) with 1 and 2 jobs: the speed-up once start-up no
             longer counts, and the worker peak compared (flat); --huge-rows N adds one 2-job
             run of N rows (e.g. 100,000) for memory only.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

from results_file import replace_section

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
COLUMNS = ["full_name", "street", "city", "email", "reference"]
# Five text fields beside the CV's own labels on page 1, the signature near the foot of page 2
# (points from the top-left of the page as displayed).
FIELDS = [{"id": name, "kind": "text", "page": 1, "rect": {"x": 340, "y": y, "width": 220, "height": 16}}
          for name, y in zip(COLUMNS, [130, 147, 164, 241, 258])]
FIELDS.append({"id": "signature", "kind": "signature", "page": 2, "rect": {"x": 360, "y": 720, "width": 150, "height": 56}})
TARGET_VS_PYMUPDF = 2.0
TARGET_WORKER_MB = 64
TARGET_SPEEDUP = 1.8


def log(message):
    print(message, file=sys.stderr, flush=True)


def peak_mb(pid):
    """The peak resident memory (VmHWM) of a live process, in MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class WorkerWatch:
    """Samples the peak resident memory (VmHWM) of a process and of each of its children (the
    workers) until it ends. Kept light, because in a two-job run on two cores its own CPU time is
    taken from signet: the children are looked for every 0.25 s (a scan of all of /proc), the
    known ones read every 0.05 s (VmHWM is a high-water mark: no peak is missed while they live)."""

    def __init__(self, pid):
        self.pid, self.peaks, self.parent, self.done = pid, {}, 0.0, False
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def children(self):
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    # The command may hold spaces and parentheses: the fields after the last ")".
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.pid:
                found.append(int(entry))
        return found

    def watch(self):
        tick = 0
        while not self.done:
            if tick % 5 == 0:
                self.peaks.update({child: self.peaks.get(child, 0.0) for child in self.children()})
            tick += 1
            self.parent = max(self.parent, peak_mb(self.pid))
            for child in self.peaks:
                self.peaks[child] = max(self.peaks[child], peak_mb(child))
            time.sleep(0.05)

    def stop(self):
        """(highest worker peak, workers seen, the parent's peak), in MB."""
        self.done = True
        self.thread.join()
        return max(self.peaks.values(), default=0.0), len(self.peaks), self.parent


class Batch:
    def __init__(self, args):
        self.args = args
        self.corpus = os.path.abspath(args.corpus)
        self.bin = os.path.abspath(args.bin)
        self.work = os.path.join(os.path.abspath(args.out), "batch")

    def prepare(self):
        shutil.rmtree(self.work, ignore_errors=True)
        template = os.path.join(self.work, "templates", "cv")
        os.makedirs(template)
        shutil.copy(os.path.join(self.corpus, "template2p.pdf"), os.path.join(template, "document.pdf"))
        with open(os.path.join(template, "template.json"), "w") as f:
            json.dump({"name": "Europass CV", "fields": FIELDS}, f, indent=2)
        shutil.copy(os.path.join(self.corpus, "signature.png"), os.path.join(self.work, "signature.png"))
        with open(os.path.join(self.corpus, "rows200.tsv"), encoding="utf-8") as f:
            rows = [line.rstrip("\n") for line in f if line.strip()]
        self.source_rows = len(rows)
        self.data = {}
        for count in {self.args.rows, self.args.big_rows, self.args.huge_rows} - {0}:
            path = os.path.join(self.work, f"rows-{count}.tsv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\t".join(COLUMNS + ["signature"]) + "\n")
                for i in range(count):
                    f.write(rows[i % len(rows)] + "\tsignature.png\n")
            self.data[count] = path
        return template

    def signet(self, template, rows, jobs, fsync=False, pin=None):
        out = os.path.join(self.work, f"signet-{rows}-j{jobs}{'-fsync' if fsync else ''}{'-pin-' + pin if pin else ''}")
        shutil.rmtree(out, ignore_errors=True)
        settle()
        argv = [self.bin, "batch", template, "--data", self.data[rows], "--out", out, "--jobs", str(jobs), "--json"]
        if not fsync:
            argv.append("--no-fsync")
        if pin:
            argv += ["--pin", pin]
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        watch = WorkerWatch(proc.pid)
        out_text, err = proc.communicate()
        wall = time.perf_counter() - started
        peak, workers, parent = watch.stop()
        if proc.returncode != 0:
            raise RuntimeError(f"signet batch failed ({proc.returncode}): {err.decode()[-800:]}")
        summary = json.loads(out_text)
        if summary["written"] != rows:
            raise RuntimeError(f"signet batch wrote {summary['written']} of {rows} rows")
        return {"wall": wall, "filesPerSecond": rows / wall, "batchSeconds": summary["seconds"],
                "workerPeakMB": peak, "workers": workers, "parentPeakMB": parent,
                "reportedPeakMB": summary.get("workerPeakMB"), "out": out}

    def machine_pair(self):
        """How two CPU-bound processes scale on this machine right now: one `gzip -6` over 16 MB of
        text (read from the page cache, written to /dev/null) timed alone, then two at once; the
        ratio is what two jobs can gain at best. On a shared host that gives the guest less than
        its two CPUs (steal), this falls below 2 just as signet's figure does."""
        data = os.path.join(self.work, "machine-16mb.txt")
        if not os.path.exists(data):
            import base64
            import random
            rng = random.Random(7)
            with open(data, "wb") as f:
                f.write(base64.b64encode(rng.randbytes(12 << 20)))

        def gzip(count):
            started = time.perf_counter()
            procs = [subprocess.Popen(["gzip", "-6", "-c", data], stdout=subprocess.DEVNULL) for _ in range(count)]
            for p in procs:
                p.wait()
            return time.perf_counter() - started
        one = gzip(1)
        return 2 * one / gzip(2)

    def pymupdf(self, template, rows):
        out = os.path.join(self.work, f"pymupdf-{rows}")
        shutil.rmtree(out, ignore_errors=True)
        settle()
        started = time.perf_counter()
        p = subprocess.run([self.args.python, os.path.join(HERE, "pymupdf_batch.py"), "--template",
                            os.path.join(template, "document.pdf"), "--fields", os.path.join(template, "template.json"),
                            "--data", self.data[rows], "--out-dir", out],
                           check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - started
        figures = json.loads(p.stdout)
        return {"wall": wall, "filesPerSecond": rows / wall, "loopFilesPerSecond": rows / figures["loopSeconds"],
                "peakMB": figures["peakMB"], "version": f"PyMuPDF {figures['pymupdf']} (MuPDF {figures['mupdf']})", "out": out}

    def check(self, out, rows):
        """Every row has its PDF; the last one reads back with its values (pdftotext, qpdf --check)."""
        problems = []
        pdfs = [n for n in os.listdir(out) if n.endswith(".pdf")]
        if len(pdfs) != rows:
            problems.append(f"{out}: {len(pdfs)} PDFs for {rows} rows")
        last = os.path.join(out, f"row-{rows:06d}.pdf")
        if shutil.which("qpdf") and subprocess.run(["qpdf", "--check", last], stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL).returncode not in (0, 3):
            problems.append(f"{last}: qpdf --check finds errors")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", last, "-"], stdout=subprocess.PIPE, text=True).stdout
            with open(self.data[rows], encoding="utf-8") as f:
                expected = f.readlines()[rows].split("\t")[0]
            if expected.split()[0] not in text:
                problems.append(f"{last}: the name {expected!r} is not in the text")
        return problems


def placement(cpus):
    """What `signet batch --pin auto` did with one and two jobs on a machine with `cpus` CPUs (it
    pins only when there is one job per CPU)."""
    pinned = {1: cpus == 1, 2: cpus == 2}
    return (f"On these {cpus} CPUs, one job ran {'pinned' if pinned[1] else 'unpinned'} and two jobs "
            f"{'pinned, one per CPU' if pinned[2] else 'unpinned'} (`--pin auto` pins only when there is one job per CPU).")


def settle():
    """Flushes the page cache's dirty pages before a timed run: otherwise the kernel writes the
    previous run's PDFs back (and frees the deleted ones) during this one, which costs a run with
    an idle CPU (one job) nothing and a run using both (two jobs) real time."""
    os.sync()


def machine_cpu():
    """(CPU seconds spent by everything on the machine, seconds stolen by the host) so far."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    # user nice system idle iowait irq softirq steal ...
    return (sum(ticks[:3]) + sum(ticks[5:7])) / hz, ticks[7] / hz


def own_cpu():
    """CPU seconds of this script and every process it waited for (signet and its workers, PyMuPDF)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def summarise(samples):
    """The median run by wall time, with the highest memory peak seen over all runs."""
    middle = sorted(samples, key=lambda s: s["wall"])[len(samples) // 2]
    return dict(middle, peak=max(s.get("workerPeakMB", s.get("peakMB", 0)) for s in samples),
                parentPeak=max(s.get("parentPeakMB", 0) for s in samples))


def section(r, args):
    one, two, fsync, big1, big, py = r["j1"], r["j2"], r["j2fsync"], r["big1"], r["big"], r["pymupdf"]
    vs_py = two["filesPerSecond"] / py["filesPerSecond"]
    speedup = statistics.median(r["speedups"])
    # The batch phase alone, as `signet batch` itself reports it (process start and template check left out).
    phase = statistics.median(a["batchSeconds"] / b["batchSeconds"] for a, b in zip(r["samples"]["j1"], r["samples"]["j2"]))
    huge = r.get("huge")
    peak = max(one["peak"], two["peak"], big1["peak"], big["peak"], huge["peak"] if huge else 0)
    last, last_rows = (huge, args.huge_rows) if huge else (big, args.big_rows)
    lines = ["## Batch fill", "",
             f"Written by `Benchmarks/batch.py` on {r['date']}. `template2p.pdf` as a template with five text fields "
             "(page 1) and a signature image (page 2, `signature.png`), filled from `rows200.tsv` repeated to "
             f"{args.rows:,} rows (a TSV with a header and a signature column). signet: `signet batch`, the whole "
             "process timed (template check, worker start-up and the report included), `--no-fsync` like PyMuPDF's "
             f"save; median of {args.runs} runs, one job and two jobs back to back (the speed-up is the median of "
             "those pairs' ratios). PyMuPDF: `pymupdf_batch.py`, one Python process opening the "
             "template's bytes per row, five `insert_textbox`, one `insert_image`, `save(garbage=3, deflate=True)`; "
             f"median of {args.peer_runs} runs. Worker memory: the peak resident set (VmHWM) of each worker process, "
             f"read from /proc while it runs. Machine: {r['nproc']} cores, load before {r['loadBefore']}, after "
             f"{r['loadAfter']}; while it ran, other processes used {r['otherCPU']:.0f} CPU s and the host took "
             f"{r['stolen']:.0f} s (steal) in {r['wall']:.0f} s, which skews the figures. signet: {r['binary']}; "
             f"{py['version']}.", "",
             "| run | files/s | seconds | peak memory |", "| --- | ---: | ---: | ---: |",
             f"| signet batch --jobs 1 | {one['filesPerSecond']:.1f} | {one['wall']:.2f} | {one['peak']:.1f} MB per worker |",
             f"| signet batch --jobs 2 | {two['filesPerSecond']:.1f} | {two['wall']:.2f} | {two['peak']:.1f} MB per worker |",
             f"| signet batch --jobs 2, fsync each PDF (the default) | {fsync['filesPerSecond']:.1f} | {fsync['wall']:.2f} | "
             f"{fsync['peak']:.1f} MB per worker |",
             f"| PyMuPDF, whole process (import included) | {py['filesPerSecond']:.1f} | {py['wall']:.2f} | {py['peak']:.1f} MB |",
             f"| PyMuPDF, fill loop only | {py['loopFilesPerSecond']:.1f} | | |",
             f"| signet batch --jobs 1, {args.big_rows:,} rows | {big1['filesPerSecond']:.1f} | {big1['wall']:.2f} | "
             f"{big1['peak']:.1f} MB per worker |",
             f"| signet batch --jobs 2, {args.big_rows:,} rows | {big['filesPerSecond']:.1f} | {big['wall']:.2f} | "
             f"{big['peak']:.1f} MB per worker |"]
    if huge:
        lines.append(f"| signet batch --jobs 2, {args.huge_rows:,} rows | {huge['filesPerSecond']:.1f} | {huge['wall']:.2f} | "
                     f"{huge['peak']:.1f} MB per worker |")
    lines += ["",
             f"Speed-up from 1 to 2 jobs: {speedup:.2f}x for {args.rows:,} rows, whole processes (pairs: "
             f"{', '.join(f'{x:.2f}' for x in r['speedups'])}); {phase:.2f}x for the batch phase alone as `signet batch` "
             f"reports it (about {one['wall'] - one['batchSeconds']:.2f} s of process start and template check is the "
             f"same for both); {big1['wall'] / big['wall']:.2f}x for {args.big_rows:,} rows. The machine itself, "
             f"in the same minutes: two `gzip -6` processes {statistics.median(r['machine']):.2f}x one (pairs: "
             f"{', '.join(f'{x:.2f}' for x in r['machine'])}), about the most two jobs can gain here. " + placement(len(os.sched_getaffinity(0))) + " Against one job pinned (`--pin on`, "
             f"{r['j1pinned']['wall']:.2f} s) the speed-up is {statistics.median(r['pinnedSpeedups']):.2f}x (pairs: "
             f"{', '.join(f'{x:.2f}' for x in r['pinnedSpeedups'])}): the difference is placement, not parallelism.", "",
             f"Worker peak at {args.rows:,} rows: {two['peak']:.1f} MB; at {args.big_rows:,} rows: {big['peak']:.1f} MB"
             + (f"; at {args.huge_rows:,} rows: {huge['peak']:.1f} MB" if huge else "")
             + " (the template is parsed once per worker; rows are streamed). The `signet batch` process itself: "
             f"{two['parentPeak']:.1f} MB at {args.rows:,} rows, {last['parentPeak']:.1f} MB at {last_rows:,}.", ""]
    targets = [
        (f"signet batch (2 jobs) >= {TARGET_VS_PYMUPDF}x PyMuPDF files/s (whole processes)", vs_py >= TARGET_VS_PYMUPDF,
         f"{vs_py:.2f}x ({two['filesPerSecond']:.1f} vs {py['filesPerSecond']:.1f}; vs PyMuPDF's loop alone "
         f"{two['filesPerSecond'] / py['loopFilesPerSecond']:.2f}x)"),
        (f"Worker peak <= {TARGET_WORKER_MB} MB, flat from {args.rows:,} to {last_rows:,} rows",
         peak <= TARGET_WORKER_MB and last["peak"] <= two["peak"] * 1.1 + 2,
         f"{two['peak']:.1f} MB at {args.rows:,} rows, {last['peak']:.1f} MB at {last_rows:,}"),
        (f"2 jobs >= {TARGET_SPEEDUP}x 1 job ({args.rows:,} rows, whole processes)", speedup >= TARGET_SPEEDUP,
         f"{speedup:.2f}x ({phase:.2f}x for the batch phase; {big1['wall'] / big['wall']:.2f}x for {args.big_rows:,} rows; "
         f"the machine gave two gzip processes {statistics.median(r['machine']):.2f}x)"),
    ]
    lines += ["| target | result | figure |", "| --- | --- | --- |"]
    lines += [f"| {t} | {'PASS' if ok else 'FAIL'} | {fig} |" for t, ok, fig in targets]
    if r["problems"]:
        lines += ["", "Problems seen:", ""] + [f"- {p}" for p in r["problems"]]
    return "\n".join(lines) + "\n", targets


def main():
    # Benchmarks/run passes bench.py's options too: unknown ones are ignored, never abbreviated.
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     allow_abbrev=False)
    parser.add_argument("--bin", required=True, help="the signet binary (release build)")
    parser.add_argument("--python", default=sys.executable, help="the Python that has pymupdf")
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "perf-corpus"))
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--big-rows", type=int, default=10000, help="rows of the longer runs (1 and 2 jobs)")
    parser.add_argument("--huge-rows", type=int, default=0,
                        help="also one 2-job run of this many rows, for memory (e.g. 100000; ~5 GB of PDFs, deleted after)")
    parser.add_argument("--runs", type=int, default=7, help="signet runs per series (pairs of one job and two)")
    parser.add_argument("--peer-runs", type=int, default=3, help="PyMuPDF runs")
    args, _ = parser.parse_known_args()
    missing = [n for n in ("template2p.pdf", "signature.png", "rows200.tsv") if not os.path.isfile(os.path.join(args.corpus, n))]
    if missing:
        log(f"batch: the perf corpus is not at {os.path.abspath(args.corpus)} (missing {', '.join(missing)}); pass --corpus DIR")
        return 2
    bench = Batch(args)
    template = bench.prepare()
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(bench.bin)))
    r = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "nproc": os.cpu_count(), "binary": f"{args.bin} (built {built})",
         "loadBefore": "%.2f %.2f %.2f" % os.getloadavg(), "problems": []}
    log(f"batch: {args.rows} rows, {args.runs} runs each")
    busy0, steal0, own0, wall0 = *machine_cpu(), own_cpu(), time.monotonic()
    bench.signet(template, args.rows, 2)  # warm-up: page cache, fonts
    # Interleaved, so a change in the machine's load skews every series alike; the speed-up is
    # the median of back-to-back pairs (one job, then two), which a shared machine skews least.
    samples = {"j1": [], "j2": [], "j1pinned": [], "pymupdf": []}
    r["machine"] = []
    for i in range(args.runs):
        log(f"  run {i + 1}: signet --jobs 1, --jobs 2, --jobs 1 --pin on, gzip 1 and 2{', PyMuPDF' if i < args.peer_runs else ''}")
        samples["j1"].append(bench.signet(template, args.rows, 1))
        samples["j2"].append(bench.signet(template, args.rows, 2))
        samples["j1pinned"].append(bench.signet(template, args.rows, 1, pin="on"))
        r["machine"].append(bench.machine_pair())
        if i < args.peer_runs:
            samples["pymupdf"].append(bench.pymupdf(template, args.rows))
    for key, series in samples.items():
        r[key] = summarise(series)
    r["speedups"] = [a["wall"] / b["wall"] for a, b in zip(samples["j1"], samples["j2"])]
    r["pinnedSpeedups"] = [a["wall"] / b["wall"] for a, b in zip(samples["j1pinned"], samples["j2"])]
    r["samples"] = {k: [{"wall": x["wall"], "batchSeconds": x.get("batchSeconds")} for x in v] for k, v in samples.items()}
    log("  signet --jobs 2 with fsync")
    r["j2fsync"] = summarise([bench.signet(template, args.rows, 2, fsync=True)])
    log(f"  signet --jobs 1 and --jobs 2 over {args.big_rows} rows")
    r["big1"] = summarise([bench.signet(template, args.big_rows, 1)])
    r["big"] = summarise([bench.signet(template, args.big_rows, 2)])
    if args.huge_rows:
        log(f"  signet --jobs 2 over {args.huge_rows} rows")
        r["huge"] = summarise([bench.signet(template, args.huge_rows, 2)])
        r["problems"] += bench.check(r["huge"]["out"], args.huge_rows)
        shutil.rmtree(r["huge"]["out"], ignore_errors=True)
    r["loadAfter"] = "%.2f %.2f %.2f" % os.getloadavg()
    busy1, steal1 = machine_cpu()
    r["otherCPU"] = max(0.0, (busy1 - busy0) - (own_cpu() - own0))
    r["stolen"] = steal1 - steal0
    r["wall"] = time.monotonic() - wall0
    r["problems"] += bench.check(r["j2"]["out"], args.rows) + bench.check(r["big"]["out"], args.big_rows)
    r["problems"] += bench.check(r["pymupdf"]["out"], args.rows)
    for key in ("big1", "big"):  # hundreds of MB of PDFs, checked above
        shutil.rmtree(r[key]["out"], ignore_errors=True)
    text, targets = section(r, args)
    replace_section(args.results, "## Batch fill", text)
    with open(os.path.join(bench.work, "results.json"), "w") as f:
        json.dump(r, f, indent=2)
    print(text)
    return 0 if all(ok for _, ok, _ in targets) and not r["problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
