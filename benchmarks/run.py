"""Benchmarks of govtext on this machine; the last line printed is one JSON object.

Usage::

    python benchmarks/run.py --quick            # under 3 minutes
    python benchmarks/run.py                    # the full run: builds 100,000 generated reports
    python benchmarks/run.py --n 5000 --markdown benchmarks/RESULTS.md

Keys of the JSON line (ratios > 1 mean govtext is faster):

- ``html_vs_read_html``: ``pandas.read_html`` time to read one HTML report's tables
  divided by govtext's full parse of it (sections, tables, checks);
- ``pdf_vs_pdfplumber``: bare ``pdfplumber`` text + table extraction of one PDF
  divided by govtext's full parse of it;
- ``tokenize_vs_jieba``: raw ``jieba.lcut`` time divided by govtext's tokenizer
  (from ``benchmarks/bench_tokenize.py``; null when that file is absent);
- ``reports_per_s``: files per second of ``govtext build`` (all cores, derived
  tables included) on generated txt+html reports;
- ``rebuild_fraction``: time of a build with nothing changed divided by the full build;
- ``dask_vs_local``: local-engine build time divided by the Dask ``LocalCluster`` time
  (parsed frames only), both on one corpus of ``--dask-n`` reports (default 1,000
  quick, 5,000 full; printed): large enough that starting and stopping the
  cluster (a few seconds) does not decide the ratio, as it did at 300;
- ``peak_rss_mb``: peak memory (sum of PSS over the build process and its workers,
  sampled every 0.5 s or less often, see PeakMemory) of the largest build.

A key whose measurement could not be made is null, with the reason under ``notes``.
Single-file timings are the best of several repetitions (the machine may be shared).
"""
from __future__ import annotations

import argparse
import importlib.metadata as md
import importlib.util
import json
import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
import timeit
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------- machine

def machine() -> dict:
    """nproc, memory, CPU, load, Python and package versions."""
    mem = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), None)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    versions = {}
    for pkg in ("govtext", "pandas", "pyarrow", "lxml", "pdfplumber", "jieba", "rjieba", "dask", "distributed", "pebble", "tqdm"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    return {"nproc": os.cpu_count(), "memory_mb": mem, "cpu": cpu, "load_avg_at_start": os.getloadavg(),
            "python": platform.python_version(), "platform": platform.platform(), "packages": versions}


# ---------------------------------------------------------------- memory sampling

class PeakMemory:
    """Sample the PSS (RSS when PSS is unavailable) of this process and its children every ``interval`` s,
    or less often: reading PSS makes the kernel walk every page (0.1-0.2 s for a 2 GB build), so the
    sampler waits at least ``1 / duty - 1`` times as long as a sample took and never uses more than
    ``duty`` of a core (at 0.2 s it took a third of one, taken from the build it measured)."""

    def __init__(self, interval: float = 0.5, duty: float = 0.05):
        import psutil

        self.proc, self.interval, self.duty, self.peak, self._stop = psutil.Process(), interval, duty, 0, threading.Event()
        self.peak_time = 0.0  # time.perf_counter() of the highest sample

    def _sample(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                info = p.memory_full_info()
                total += getattr(info, "pss", info.rss)
            except Exception:  # a worker that exits while sampled
                continue
        return total

    def _run(self):
        while not self._stop.is_set():
            started = time.perf_counter()
            if (sample := self._sample()) > self.peak:
                self.peak, self.peak_time = sample, started
            self._stop.wait(max(self.interval, (time.perf_counter() - started) * (1 / self.duty - 1)))

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


# ---------------------------------------------------------------- single-file comparisons

def best_times(ours, theirs, repeat: int) -> tuple[float, float]:
    """Best wall times of ``repeat`` calls of ``ours`` and of ``theirs``, the calls alternating.

    Alternating keeps a change of the machine's load from favouring one side.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((ours, times[0]), (theirs, times[1])):
            out.append(timeit.timeit(fn, number=1))
    return min(times[0]), min(times[1])


def _govtext_parse(path: Path):
    from govtext.corpus import parse_file

    report, failure = parse_file(path)
    if report is None:
        raise RuntimeError(failure["message"])
    return report


def _govtext_parse_with_frames(path: Path):
    """The parse, then every pandas frame of the report (a Report builds its frames on first access)."""
    from govtext.report import REPORT_FRAMES

    report = _govtext_parse(path)
    for name in REPORT_FRAMES:
        getattr(report, name)
    return report


def html_vs_read_html(html: Path, repeat: int) -> tuple[float | None, dict]:
    """pandas.read_html time / govtext full-parse time on one HTML report (also noted: with the pandas frames built)."""
    import pandas as pd

    try:
        report = _govtext_parse(html)
    except RuntimeError as exc:
        return None, {"html": f"govtext cannot parse HTML yet: {exc}"}
    ours, theirs = best_times(lambda: _govtext_parse(html), lambda: pd.read_html(html, flavor="lxml"), repeat)
    framed, _ = best_times(lambda: _govtext_parse_with_frames(html), lambda: None, repeat)
    return round(theirs / ours, 3), {"html_file_kb": html.stat().st_size // 1024, "html_govtext_s": round(ours, 4),
                                     "html_read_html_s": round(theirs, 4), "html_govtext_with_frames_s": round(framed, 4),
                                     "html_cells_ok": report.meta["cells_ok"]}


def _pdfplumber_bare(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def pdf_vs_pdfplumber(pdf: Path | None, repeat: int) -> tuple[float | None, dict]:
    """bare pdfplumber time / govtext full-parse time on one PDF."""
    if pdf is None:
        return None, {"pdf": "no PDF available (LibreOffice could not render one and ../shared has none)"}
    try:
        report = _govtext_parse(pdf)
    except RuntimeError as exc:
        return None, {"pdf": f"govtext cannot parse this PDF: {exc}"}
    ours, theirs = best_times(lambda: _govtext_parse(pdf), lambda: _pdfplumber_bare(pdf), repeat)
    return round(theirs / ours, 3), {"pdf_file": pdf.name, "pdf_govtext_s": round(ours, 4),
                                     "pdf_pdfplumber_s": round(theirs, 4), "pdf_cells_ok": report.meta["cells_ok"]}


def tokenize_vs_jieba(quick: bool) -> tuple[float | None, dict]:
    """From ``benchmarks/bench_tokenize.py`` (its ``run(quick=...)`` returns the ratio) when it exists."""
    path = HERE / "bench_tokenize.py"
    if not path.is_file():
        return None, {"tokenize": "benchmarks/bench_tokenize.py is absent: not measured"}
    spec = importlib.util.spec_from_file_location("bench_tokenize", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result = mod.run(quick=quick)
    if isinstance(result, dict):
        return result.get("tokenize_vs_jieba"), {f"tokenize_{k}": v for k, v in result.items() if k != "tokenize_vs_jieba"}
    return result, {}


# ---------------------------------------------------------------- builds

#: marker written into a generated corpus once it is complete: what it was generated with
CORPUS_MARKER = ".bench-corpus.json"


def make_corpus(where: Path, n: int, formats: list[str], seed: int = 0) -> tuple[Path, float]:
    """Generate ``n`` reports into ``where``, unless the complete corpus of these settings is already there.

    A finished corpus carries a hidden marker file (``CORPUS_MARKER``: ``n``,
    ``seed`` and ``formats``); a folder without it, or with other settings, is
    removed and generated again. Returns the folder and the seconds spent (0.0
    when the corpus was reused).
    """
    from govtext.synth import write_corpus

    settings = {"n": n, "seed": seed, "formats": list(formats)}
    marker = where / CORPUS_MARKER
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == settings:
        return where, 0.0
    start = time.perf_counter()
    shutil.rmtree(where, ignore_errors=True)
    write_corpus(where, n, seed, formats)
    marker.write_text(json.dumps(settings), encoding="utf-8")
    return where, time.perf_counter() - start


def timed_build(corpus: Path, out: Path, *, fresh: bool = True, **kw) -> tuple[float, object]:
    """Seconds of one build of ``corpus`` into ``out`` (``fresh``: ``out`` is removed first, nothing cached), and its result."""
    from govtext.build import build

    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = build(corpus, out, progress=False, **kw)
    return time.perf_counter() - start, result


def phase_at(seconds: float, phases: dict[str, float]) -> str:
    """The phase of a build (``build_phases_s``, in order) that ``seconds`` after the build's start falls in.

    >>> phase_at(12.0, {"plan": 2.0, "parse": 10.0, "finish": 5.0})
    'parse'
    """
    end = 0.0
    for name, length in phases.items():
        end += length
        if seconds <= end:
            return name
    return "after"


def pick_pdf(work: Path) -> Path | None:
    """A generated PDF (LibreOffice), else a real one from ../shared/corpus_real."""
    pdf_dir = work / "pdf"
    try:
        make_corpus(pdf_dir, 1, ["pdf"], seed=1)
    except Exception as exc:  # no LibreOffice: fall back to a real PDF
        print(f"could not generate a PDF: {exc}", file=sys.stderr)
    found = sorted(pdf_dir.glob("*.pdf")) or sorted((HERE.parent.parent / "shared" / "corpus_real").glob("*.pdf"))
    return found[0] if found else None


def single_file_comparisons(html: Path, work: Path, repeat: int, quick: bool) -> tuple[dict, dict]:
    """``html_vs_read_html``, ``pdf_vs_pdfplumber`` and ``tokenize_vs_jieba`` with their notes. :func:`main` runs
    them in a separate process, so that what they load (jieba's own dictionaries, about 200 MB, for the
    tokenizer comparison) is not counted in the build's ``peak_rss_mb``."""
    out, notes = {}, {}
    for key, (ratio, extra) in (("html_vs_read_html", html_vs_read_html(html, repeat)),
                                ("pdf_vs_pdfplumber", pdf_vs_pdfplumber(pick_pdf(work), repeat)),
                                ("tokenize_vs_jieba", tokenize_vs_jieba(quick))):
        out[key] = ratio
        notes.update(extra)
    return out, notes


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a small corpus: finishes in under 3 minutes")
    ap.add_argument("--n", type=int, default=None, help="reports in the build benchmark (default 300 quick, 100000 full)")
    ap.add_argument("--dask-n", type=int, default=None, help="reports in the Dask comparison (default 1000 quick, 5000 full)")
    ap.add_argument("--work", type=Path, default=None,
                    help="scratch folder, kept: a complete generated corpus in it is reused (default: a temporary folder, removed)")
    ap.add_argument("--markdown", type=Path, default=None, help="append a results section to this Markdown file")
    args = ap.parse_args(argv)
    n = args.n or (300 if args.quick else 100_000)
    dask_n = args.dask_n or (1000 if args.quick else 5000)
    repeat = 3 if args.quick else 10
    work = args.work or Path(tempfile.mkdtemp(prefix="govtext-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    info, notes, out = machine(), {}, {}
    try:
        corpus, gen_s = make_corpus(work / "corpus", n, ["txt", "html"])
        notes["generate_s"] = round(gen_s, 1)
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as apart:
            ratios, extra = apart.submit(single_file_comparisons, sorted(corpus.glob("*.html"))[0], work, repeat,
                                         args.quick).result()
        out.update(ratios)
        notes.update(extra)

        with PeakMemory() as mem:
            full_s, full = timed_build(corpus, work / "out")
            peak_s = mem.peak_time - (time.perf_counter() - full_s)  # seconds after the build started
        rebuild_s, again = timed_build(corpus, work / "out", fresh=False)
        out["reports_per_s"] = round(n / full_s, 1)
        out["rebuild_fraction"] = round(rebuild_s / full_s, 4)
        out["peak_rss_mb"] = mem.peak_mb
        notes.update({"build_n": n, "build_s": round(full_s, 1), "build_parsed": full.parsed, "build_failed": full.failed,
                      "build_failure_codes": full.manifest["code"].value_counts().to_dict(),
                      "build_phases_s": full.phases, "peak_at_s": round(peak_s, 1),
                      "peak_phase": phase_at(peak_s, full.phases), "rebuild_s": round(rebuild_s, 2), "rebuild_phases_s": again.phases,
                      "rebuild_cached": again.cached})

        dask_corpus, dask_gen_s = (corpus, 0.0) if dask_n == n else make_corpus(work / "dask_corpus", dask_n, ["txt", "html"], seed=2)
        print(f"dask_vs_local: both engines on the same {dask_n} reports", file=sys.stderr)
        notes["dask_generate_s"] = round(dask_gen_s, 1)
        local_s, _ = timed_build(dask_corpus, work / "local", finish=False)
        try:
            import dask

            dask.config.set({"logging.distributed": "error"})
            dask_s, _ = timed_build(dask_corpus, work / "dask", engine="dask", finish=False)
            out["dask_vs_local"] = round(local_s / dask_s, 3)
            notes.update({"dask_n": dask_n, "dask_local_s": round(local_s, 1), "dask_s": round(dask_s, 1)})
        except ImportError as exc:
            out["dask_vs_local"] = None
            notes["dask"] = f"dask.distributed is not installed: {exc}"
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    notes["total_s"] = round(time.perf_counter() - started, 1)
    record = {**out, "mode": "quick" if args.quick else "full", "machine": info, "notes": notes}
    if args.markdown:
        append_markdown(args.markdown, record)
    print(json.dumps(record, ensure_ascii=False))
    return record


def append_markdown(path: Path, record: dict) -> None:
    """Append one run as a Markdown section."""
    m = record["machine"]
    keys = ["html_vs_read_html", "pdf_vs_pdfplumber", "tokenize_vs_jieba", "reports_per_s", "rebuild_fraction",
            "dask_vs_local", "peak_rss_mb"]
    lines = [f"\n## Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {record['mode']}, "
             f"{record['notes'].get('build_n')} reports\n",
             f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_mb']} MB, load average at start "
             f"{', '.join(f'{x:.1f}' for x in m['load_avg_at_start'])}; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + "\n",
             "| key | value |", "|---|---|", *[f"| `{k}` | {record[k]} |" for k in keys],
             "", "Notes: `" + json.dumps(record["notes"], ensure_ascii=False) + "`", ""]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    main()
