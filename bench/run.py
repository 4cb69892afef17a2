"""Benchmark the casebook plugin against the designs it replaces; see bench/README.md.

    python bench/run.py                 # full run: several minutes
    python bench/run.py --scale 0.005   # smoke run (CI): targets printed, not enforced
    python bench/run.py --only build,validate --out bench/out

Comparisons (N at --scale 1):
  build     casebook site vs the same pages pre-rendered, plain MkDocs    2,000 cases  <= 1.05x
  nav       naive design (every case in the nav) vs casebook              1,000 cases  >= 5x, pages <= 40 KB
  validate  casebook validate vs bare yaml.load(CSafeLoader)             10,000 cases  <= 1.3x
  scaling   casebook build at 8,000 vs 2,000 cases, interleaved                        <= 4.1x
  memory    peak RSS of the 8,000-case build                                           (reported)
  search    search index gzip at 2,000; first search in Chromium at 2,000 / 8,000  < 1 MB; < 0.5 s / 1.5 s
            (and a fixed list of queries that must find their cases); common words    < 0.3 s / 0.5 s
            typed one letter at a time, results after the last key, at 2,000 / 8,000
  pages     biggest lesson page; cases index gzip, time to `load` and filter        < 100 KB; < 150 KB, < 1 s,
            changes to the next frame, at 8,000 (beside a 100-case index)          < 50 ms
  serve     mkdocs serve --dirty, edit a case's summary, title, tags and lessons     < 2 s / <= 1.2x plain
            until shown, at 2,000 / 8,000 (plain MkDocs with tags beside it, and the idle CPU of both)
  profile   cProfile of one 2,000-case casebook build -> profile.txt                   (reported)
  baseline  with --baseline REV: build and serve --dirty at 2,000, this checkout vs   <= 1.05x / 1.10x
            the casebook package of git revision REV, interleaved (A B A B)

Exit status: 1 if a site fails to build or generated data does not validate; with
--strict also when a target is missed at full scale.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import glob
import gzip
import io
import json
import os
import platform
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from textwrap import indent

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import yaml  # noqa: E402

from casebook.check import schema  # noqa: E402
from casebook.link import casefiles  # noqa: E402

import browser  # noqa: E402
import gen  # noqa: E402
import phases  # noqa: E402
import searchcheck  # noqa: E402
import sites  # noqa: E402

BUILDONE = os.path.join(HERE, "buildone.py")
COMPARISONS = ("build", "nav", "validate", "scaling", "memory", "search", "pages", "serve", "profile", "baseline")
#: N of each data set at --scale 1.
SIZES = {"build": 2000, "nav": 1000, "validate": 10000, "large": 8000, "floor": 100}
TARGETS = {"build": 1.05, "nav": 5.0, "page_kb": 40.0, "validate": 1.3, "scaling": 4.1,
           "index_kb": 1024.0, "search_small_s": 0.5, "search_large_s": 1.5, "lesson_kb": 100.0,
           "cases_index_kb": 150.0, "cases_index_load_s": 1.0, "filter_s": 0.05, "correction_kb": 50.0,
           "serve_small_s": 2.0, "serve_large_ratio": 1.2, "baseline_build": 1.05, "baseline_serve": 1.10,
           "typed_small_s": 0.3, "typed_large_s": 0.5}
#: Cases in the sanity data set, checked with `casebook validate` before anything is timed.
SANITY_CASES = 120
KB = 1024


class BenchError(Exception):
    """A site failed to build or the generated data is not valid."""


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Build:
    wall_s: float
    maxrss_kb: int
    cpu_s: float
    child_maxrss_kb: int = 0  # the build's largest child process (Pagefind), measured apart


@dataclass
class Site:
    key: str
    config: str
    site_dir: str
    n_cases: int
    runs: list[Build] = field(default_factory=list)
    #: Environment variables of its builds beside this process's (`PYTHONPATH` of a baseline).
    env: dict[str, str] = field(default_factory=dict)

    @property
    def best(self) -> float:
        return min(b.wall_s for b in self.runs)

    @property
    def best_cpu(self) -> float:
        """CPU seconds (user + system) of the build process: less sensitive to a busy machine."""
        return min(b.cpu_s for b in self.runs)

    @property
    def peak_kb(self) -> int:
        return max(b.maxrss_kb for b in self.runs)


def build_once(site: Site, verbose: bool) -> Build:
    """`mkdocs build -q` in a fresh interpreter, wall-timed from here, into an emptied site dir."""
    shutil.rmtree(site.site_dir, ignore_errors=True)
    result = site.site_dir + ".json"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **site.env)
    gc.collect()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, BUILDONE, site.config, site.site_dir, result],
                          env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise BenchError(f"{site.key}: mkdocs build failed (exit {proc.returncode}):\n{tail}")
    with open(result, encoding="utf-8") as f:
        info = json.load(f)
    # CPU time counts the build's child processes too (Pagefind, with `search: pagefind`).
    build = Build(wall, int(info["maxrss_kb"]), float(info["cpu_s"]) + float(info.get("child_cpu_s", 0)),
                  int(info.get("child_maxrss_kb", 0)))
    site.runs.append(build)
    if verbose:
        print(f"  built {site.key:<18} {wall:7.2f} s  peak {build.maxrss_kb / KB:7.0f} MB", flush=True)
    return build


def measure(sites_: list[Site], repeat: int, verbose: bool) -> None:
    """At least `repeat` builds of each site, interleaved (A B A B ...)."""
    for r in range(repeat):
        for site in sites_:
            if len(site.runs) <= r:
                build_once(site, verbose)


def built(site: Site, verbose: bool) -> Site:
    """`site`, built once if no comparison has built it yet."""
    if not os.path.isfile(os.path.join(site.site_dir, "search", "search_index.json")):
        build_once(site, verbose)
    return site


def gzip_kb(path: str) -> float:
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 6)) / KB


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return ""


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_edits(config: str, url_path: str, source: str, edit, edits: int, idle_s: float,
                settle_s: float = 2.0, env: dict[str, str] | None = None) -> tuple[list[float], float]:
    """Start `mkdocs serve --dirty` on `config`; `edits` times, change `source` with `edit(text,
    marker)` and time until `url_path` shows the marker. `edit` may be a list of (name, edit): the
    edits take turns. Then the server's CPU use while idle (%).
    `settle_s` is the pause after the first build and after each edit, so that the server's work
    in the background (the search index) is done before the next is timed."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", config, "-a", f"127.0.0.1:{port}"],
                            cwd=os.path.dirname(config), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = open(source, encoding="utf-8").read()
    try:
        deadline = time.monotonic() + 1800
        while "</html>" not in fetch(base + url_path):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"mkdocs serve of {config} did not start")
            time.sleep(0.5)
        time.sleep(settle_s)
        times = []
        turns = [e for _, e in edit] if isinstance(edit, list) else [edit]
        for k in range(edits):
            marker = f"editedmarker{k}x"  # lowercase: a tag takes it as it is
            with open(source, "w", encoding="utf-8") as f:
                f.write(turns[k % len(turns)](original, marker))
            start = time.perf_counter()
            while marker not in fetch(base + url_path):
                if time.perf_counter() - start > 600:
                    raise BenchError(f"the edit of {source} never showed on {url_path}")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            time.sleep(settle_s)
        time.sleep(1.5 * settle_s)
        before = cpu_seconds(proc.pid)
        time.sleep(idle_s)
        idle = (cpu_seconds(proc.pid) - before) / idle_s * 100
        return times, idle
    finally:
        with open(source, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _retitle(text: str, marker: str) -> str:
    return re.sub(r"^title: .*$", f"title: A case retitled {marker}", text, count=1, flags=re.M)


def _link_lesson(text: str, marker: str) -> str:
    lesson = next(i for i in gen.lesson_ids() if f" {i}\n" not in text and f"id: {i}\n" not in text)
    return text.replace("lessons:\n", f"lessons:\n  - id: {lesson}\n    note: Linked {marker}.\n", 1)


#: The edits a contributor makes to a generated case while the site is served: each puts its
#: marker where the case's page shows it.
CASE_EDITS = [
    ("summary", lambda text, marker: text.replace("summary: >-\n  ", f"summary: >-\n  {marker} ", 1)),
    ("title", _retitle),
    ("tag", lambda text, marker: text.replace("tags:\n", f"tags:\n  - {marker}\n", 1)),
    ("lesson", _link_lesson),
]


def html_sizes(site_dir: str) -> list[int]:
    """Sizes of the built single-case pages (cases/<id>/index.html), in bytes."""
    pages = glob.glob(os.path.join(site_dir, "cases", "*", "index.html"))
    return sorted(os.path.getsize(p) for p in pages)


# -- results ---------------------------------------------------------------------------------


@dataclass
class Row:
    comparison: str
    measured: str
    ratio: str
    target: str
    ok: bool | None  # None: nothing to compare against


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.scale = args.scale
        self.smoke = args.scale < 1.0
        self.repeat = args.repeat
        self.verbose = not args.quiet
        self.out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="casebook-bench-"))
        os.makedirs(self.out, exist_ok=True)
        #: profile.txt, results.json and results.md: in --out, or else in bench/out/ (bench/out/smoke/
        #: below scale 1, so that a smoke run never overwrites the reports of a full one).
        self.reports = os.path.abspath(args.out or os.path.join(HERE, "out", *(["smoke"] if self.smoke else [])))
        os.makedirs(self.reports, exist_ok=True)
        self.rows: list[Row] = []
        self.sites: dict[str, Site] = {}
        self.facts: dict = {}

    def n(self, name: str) -> int:
        return max(1, round(SIZES[name] * self.scale))

    def log(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    def row(self, comparison: str, measured: str, ratio: str, target: str, ok: bool | None) -> None:
        self.rows.append(Row(comparison, measured, ratio, target, ok))

    # -- data and sites --------------------------------------------------------------------

    def sanity(self) -> None:
        """Generated data must pass `casebook validate` with no errors (and, here, no warnings)."""
        folder = os.path.join(self.out, "sanity", "cases")
        shutil.rmtree(os.path.dirname(folder), ignore_errors=True)
        gen.write_casebook(folder, SANITY_CASES)
        proc = subprocess.run([sys.executable, "-m", "casebook", "validate", folder],
                              capture_output=True, text=True, cwd=self.out)
        summary = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
        if proc.returncode != 0:
            raise BenchError(f"generated cases do not validate:\n{proc.stdout[-2000:]}\n{summary}")
        _, problems = casefiles.load(folder, root=self.out)
        if problems:
            raise BenchError(f"generated cases have {len(problems)} problems, e.g. {problems[0]}")
        self.log(f"sanity: casebook validate on {SANITY_CASES} generated cases: {summary}")

    def casebook_site(self, n: int) -> Site:
        key = f"casebook-{n}"
        if key not in self.sites:
            project = os.path.join(self.out, key)
            start = time.perf_counter()
            config = sites.casebook_project(project, n, **sites.REPO_OPTIONS)
            self.log(f"generated {key}: {n} cases, {gen.LESSON_COUNT} lessons ({time.perf_counter() - start:.1f} s)")
            self.sites[key] = Site(key, config, os.path.join(project, "site"), n)
        return self.sites[key]

    def prerendered_site(self, n: int, naive: bool) -> Site:
        key = f"{'naive' if naive else 'plain'}-{n}"
        if key not in self.sites:
            source = self.casebook_site(n)
            project = os.path.join(self.out, key)
            start = time.perf_counter()
            cases_dir = os.path.join(os.path.dirname(source.config), "cases")
            config = sites.prerendered_project(project, cases_dir, every_page_in_nav=naive)
            self.log(f"pre-rendered {key}: pages written to docs/ ({time.perf_counter() - start:.1f} s)")
            self.sites[key] = Site(key, config, os.path.join(project, "site"), n)
        return self.sites[key]

    # -- comparisons -----------------------------------------------------------------------

    def compare_build(self) -> None:
        n = self.n("build")
        a, b = self.casebook_site(n), self.prerendered_site(n, naive=False)
        self.log(f"\n[build] casebook vs pre-rendered plain MkDocs, {n} cases")
        measure([a, b], self.repeat, self.verbose)
        ratio = a.best / b.best
        self.row(f"1 build @{n}: casebook / plain", f"{a.best:.2f} s vs {b.best:.2f} s", f"{ratio:.3f}x",
                 f"<= {TARGETS['build']}x", ratio <= TARGETS["build"])
        self.facts["build"] = {"n": n, "casebook_s": a.best, "plain_s": b.best, "ratio": ratio,
                               "casebook_runs": [r.wall_s for r in a.runs], "plain_runs": [r.wall_s for r in b.runs],
                               "cpu_ratio": a.best_cpu / b.best_cpu}

    def compare_nav(self) -> None:
        n = self.n("nav")
        a, b = self.casebook_site(n), self.prerendered_site(n, naive=True)
        self.log(f"\n[nav] casebook vs naive (every case in the nav), {n} cases")
        measure([a, b], self.repeat, self.verbose)
        speedup = b.best / a.best
        self.row(f"2 nav @{n}: naive / casebook", f"{b.best:.2f} s vs {a.best:.2f} s", f"{speedup:.1f}x faster",
                 f">= {TARGETS['nav']:g}x", speedup >= TARGETS["nav"])
        ours, theirs = html_sizes(a.site_dir), html_sizes(b.site_dir)
        if not ours:
            raise BenchError(f"{a.key}: no case pages found in {a.site_dir}")
        biggest, median = ours[-1] / KB, statistics.median(ours) / KB
        naive_max = theirs[-1] / KB if theirs else float("nan")
        self.row(f"2 nav @{n}: case page HTML", f"max {biggest:.1f} KB, median {median:.1f} KB (naive max {naive_max:.0f} KB)",
                 "", f"<= {TARGETS['page_kb']:g} KB", biggest <= TARGETS["page_kb"])
        self.facts["nav"] = {"n": n, "casebook_s": a.best, "naive_s": b.best, "speedup": speedup,
                             "page_kb_max": biggest, "page_kb_median": median, "naive_page_kb_max": naive_max,
                             "naive_page_kb_median": statistics.median(theirs) / KB if theirs else None,
                             "cpu_speedup": b.best_cpu / a.best_cpu}

    def compare_validate(self) -> None:
        n = self.n("validate")
        project = os.path.join(self.out, f"validate-{n}")
        cases_dir = os.path.join(project, "cases")
        shutil.rmtree(project, ignore_errors=True)
        gen.write_casebook(cases_dir, n)
        files = sorted(glob.glob(os.path.join(cases_dir, "*.yml"))) + sorted(
            glob.glob(os.path.join(cases_dir, "lessons", "*.yml")))
        self.log(f"\n[validate] casebook validate vs bare yaml.load(CSafeLoader), {n} cases ({len(files)} files)")

        def bare() -> None:
            for path in files:
                with open(path, encoding="utf-8") as f:
                    yaml.load(f, Loader=yaml.CSafeLoader)

        def casebook() -> None:
            book, problems = casefiles.load(cases_dir, root=project, vocab=schema.DEFAULT_VOCABULARIES)
            errors = [p for p in problems if p.is_error]
            if errors or len(book.cases) != n:
                raise BenchError(f"validate: {len(errors)} errors in generated data, e.g. {errors[:1]}")

        times: dict[str, list[float]] = {"yaml": [], "casebook": []}
        for _ in range(3):
            for name, fn in (("yaml", bare), ("casebook", casebook)):
                gc.collect()
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
                self.log(f"  {name:<9} {times[name][-1]:7.2f} s")
        a, b = min(times["casebook"]), min(times["yaml"])
        ratio = a / b
        self.row(f"3 validate @{n}: casebook / yaml.load", f"{a:.2f} s vs {b:.2f} s", f"{ratio:.2f}x",
                 f"<= {TARGETS['validate']}x", ratio <= TARGETS["validate"])
        stages = phases.load_stages(cases_dir, project)
        self.log("  where casebook's time goes (one more run, stages timed):\n" + indent(phases.report(stages), "    "))
        self.facts["validate"] = {"n": n, "files": len(files), "casebook_s": a, "yaml_s": b, "ratio": ratio,
                                  "casebook_runs": times["casebook"], "yaml_runs": times["yaml"], "stages": stages}
        shutil.rmtree(project, ignore_errors=True)

    def compare_scaling(self) -> None:
        # Fresh runs of both sizes, built in turn (A B A B): builds of the 2,000-case site
        # from an earlier comparison ran under other load and are not reused.
        small_src, large_src = self.casebook_site(self.n("build")), self.casebook_site(self.n("large"))
        small = self.sites.setdefault("scaling-small", Site("scaling-small", small_src.config, small_src.site_dir,
                                                            small_src.n_cases))
        large = self.sites.setdefault("scaling-large", Site("scaling-large", large_src.config, large_src.site_dir,
                                                            large_src.n_cases))
        self.log(f"\n[scaling] casebook build at {large.n_cases} vs {small.n_cases} cases, interleaved")
        measure([large, small], self.repeat, self.verbose)
        ratio = large.best / small.best
        cases_ratio = large.n_cases / small.n_cases
        self.row(f"4 scaling: {large.n_cases} / {small.n_cases} cases", f"{large.best:.2f} s vs {small.best:.2f} s",
                 f"{ratio:.2f}x", f"<= {TARGETS['scaling']}x", ratio <= TARGETS["scaling"])
        self.facts["scaling"] = {"small_n": small.n_cases, "large_n": large.n_cases, "small_s": small.best,
                                 "large_s": large.best, "ratio": ratio, "cases_ratio": cases_ratio,
                                 "small_runs": [r.wall_s for r in small.runs],
                                 "large_runs": [r.wall_s for r in large.runs],
                                 "cpu_ratio": large.best_cpu / small.best_cpu}

    def compare_memory(self) -> None:
        large = self.sites.get("scaling-large") or self.casebook_site(self.n("large"))
        if not large.runs:
            self.log(f"\n[memory] casebook build at {large.n_cases} cases")
            build_once(large, self.verbose)
        peak = large.peak_kb / KB
        extra = ""
        small = self.sites.get("scaling-small") or self.sites.get(f"casebook-{self.n('build')}")
        if small and small.runs:
            extra = f" ({small.peak_kb / KB:.0f} MB at {small.n_cases})"
        child = max(b.child_maxrss_kb for b in large.runs) / KB
        if child:
            extra += f"; Pagefind, its own process after the pages: {child:.0f} MB"
        self.row(f"5 memory @{large.n_cases}: peak RSS", f"{peak:.0f} MB{extra}", "", "report", None)
        self.facts["memory"] = {"n": large.n_cases, "peak_mb": peak, "pagefind_peak_mb": child,
                                "small_peak_mb": small.peak_kb / KB if small and small.runs else None}

    def compare_search(self) -> None:
        """What a first search downloads and how long it takes in Chromium, at both sizes, and
        the fixed queries that must find their cases. The casebook sites search with Pagefind
        (`search: pagefind`), as the repository's site does."""
        rows = []
        with browser.chromium() as chrome:
            sizes = (("build", "search_small_s"), ("large", "search_large_s"))
            for name, target in sizes[:1] if self.smoke else sizes:  # a smoke run: one size is enough
                site = built(self.casebook_site(self.n(name)), self.verbose)
                cases_dir = os.path.join(os.path.dirname(site.config), "cases")
                queries = searchcheck.queries(cases_dir, site.n_cases)
                common = searchcheck.common_words(cases_dir, 3)
                # A title, a rare word, a common word and two common words, each pasted at once.
                timed = [q for q in queries if q.kind in ("title", "distinctive word")][-2:] + [
                    searchcheck.Query("common word", common[0], ""), searchcheck.Query("common words", f"{common[0]} {common[1]}", "")]
                if self.smoke:  # each way of measuring once: two common words
                    timed = timed[-1:]
                with browser.served(site.site_dir) as base:
                    finds = browser.pagefind_finds(chrome, base, [(q.text, "/" + q.location) for q in queries])
                    missed = [q for q, found in zip(queries, finds) if not found]
                    fetched = browser.search_downloads(chrome, base, timed[0].text)
                    kb = sum(gzip_kb(os.path.join(site.site_dir, *p.split("/"))) for p in fetched)
                    bundle_kb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in
                                    os.walk(os.path.join(site.site_dir, "pagefind")) for f in fs) / KB
                    self.log(f"\n[search] {site.n_cases} cases: a first search fetches {len(fetched)} files, "
                             f"{kb:.0f} KB gzip, of a {bundle_kb / KB:.1f} MB index; {len(queries) - len(missed)} of "
                             f"{len(queries)} queries find their case; first search in Chromium:")
                    times = []
                    # Two common words pasted into the box, and the same query to Pagefind alone,
                    # side by side: how much of the time is the casebook's.
                    pair = timed[-1]
                    boxed: list[float] = []
                    alone: list[float] = []
                    for _ in range(self.repeat):
                        for q in timed:
                            # Timed to the first result shown, and for a distinctive word to its case.
                            href = q.location if q.kind == "distinctive word" else None
                            times.append(browser.first_search(chrome, base, q.text, href))
                            self.log(f"  {q.kind:<17} {q.text[:40]!r:<44} {times[-1] * 1000:7.0f} ms")
                            if q is pair:
                                boxed.append(times[-1])
                                alone.append(browser.pagefind_alone(chrome, base, q.text))
                                self.log(f"  {'Pagefind alone':<17} {q.text[:40]!r:<44} {alone[-1] * 1000:7.0f} ms")
                # Words a reader types to find a kind of story, one letter at a time, and two of them.
                typed_queries = common + [f"{common[0]} {common[1]}"]
                if self.smoke:
                    typed_queries = typed_queries[-1:]
                typed: dict[str, list[float]] = {q: [] for q in typed_queries}
                with browser.served(site.site_dir) as base:
                    for _ in range(self.repeat):
                        for q in typed_queries:
                            typed[q].append(browser.typed_search(chrome, base, q))
                for q, shown in typed.items():
                    self.log(f"  typed             {q!r:<44} {', '.join(f'{s * 1000:.0f}' for s in shown)} ms after the last key")
                slowest = max(statistics.median(shown) for shown in typed.values())
                typed_target = TARGETS["typed_small_s" if name == "build" else "typed_large_s"]
                self.row(f"7 search @{site.n_cases}: typed, results after the last key",
                         f"{slowest * 1000:.0f} ms, the slowest query's median ("
                         + ", ".join(f"{q} {statistics.median(s) * 1000:.0f}" for q, s in typed.items()) + ")",
                         f"{slowest / typed_target:.2f} of target", f"< {typed_target * 1000:.0f} ms",
                         slowest < typed_target)
                self.facts.setdefault("typed_search", {})[site.n_cases] = typed
                best = min(times)
                median = statistics.median(times)
                rows.append((site.n_cases, kb, best, median, times, len(queries), missed, bundle_kb))
                self.row(f"7 search @{site.n_cases}: first search", f"{best * 1000:.0f} ms best, {median * 1000:.0f} ms median "
                         f"(fetches {kb:.0f} KB gzip)", f"{best / TARGETS[target]:.2f} of target",
                         f"< {TARGETS[target] * 1000:.0f} ms", best < TARGETS[target])
                if name == "build":
                    self.row(f"7 search @{site.n_cases}: downloaded by a first search", f"{kb:.0f} KB gzip",
                             f"{kb / TARGETS['index_kb']:.2f} of target", f"< {TARGETS['index_kb']:.0f} KB",
                             kb < TARGETS["index_kb"])
                self.row(f"7 search @{site.n_cases}: {pair.text!r} pasted, / Pagefind alone",
                         f"median {statistics.median(boxed) * 1000:.0f} ms vs {statistics.median(alone) * 1000:.0f} ms",
                         f"{statistics.median(boxed) / statistics.median(alone):.2f}x", "report", None)
                self.facts.setdefault("search_alone", {})[site.n_cases] = {"query": pair.text, "box_s": boxed,
                                                                           "alone_s": alone}
                self.row(f"7 search @{site.n_cases}: fixed queries", f"{len(queries) - len(missed)} of {len(queries)} found",
                         "", "all", not missed)
        self.facts["search"] = [{"n": n, "fetched_kb_gzip": kb, "first_search_s": best, "median_s": median, "runs": times,
                                 "queries": total, "missed": [q.__dict__ for q in missed], "bundle_kb": bundle_kb}
                                for n, kb, best, median, times, total, missed, bundle_kb in rows]

    def compare_pages(self) -> None:
        """What a reader downloads and waits for at the large size: the biggest lesson page, and
        the cases index (bytes, gzip, the time to `load` in Chromium, and filter changes until
        the next frame, beside the same changes on a 100-case index)."""
        site = built(self.casebook_site(self.n("large")), self.verbose)
        lessons = glob.glob(os.path.join(site.site_dir, "lessons", "*", "index.html"))
        biggest = max(os.path.getsize(p) for p in lessons) / KB
        index = os.path.join(site.site_dir, "cases", "index.html")
        raw, packed = os.path.getsize(index) / KB, gzip_kb(index)
        floor = built(self.casebook_site(self.n("floor")), self.verbose)
        # Interleaved, a fresh load each time: the index at the large size, then at the floor
        # size, whose rendering costs are the same but whose data is 80 times smaller.
        loads, filters = [], {site.n_cases: [], floor.n_cases: []}
        with browser.chromium() as chrome, browser.served(site.site_dir) as base, \
                browser.served(floor.site_dir) as floor_base:
            for _ in range(1 if self.smoke else max(3, self.repeat)):
                loads.append(browser.page_load(chrome, base + "/cases/"))
                for n, url in ((site.n_cases, base), (floor.n_cases, floor_base)):
                    filters[n] += [t for _, t in browser.filter_changes(chrome, url + "/cases/")]
            # "Suggest a correction" from a case page, as a reader follows it.
            case_id = sorted(os.listdir(os.path.join(site.site_dir, "propose-cases")))[0].removesuffix(".json")
            sent: list = []
            with browser.served(site.site_dir, sent) as logged:
                context = chrome.new_context(viewport={"width": 390, "height": 844})
                try:
                    correction = browser.correction_download(context.new_page(), logged, site.site_dir, sent, case_id)
                finally:
                    context.close()
        load = min(loads)
        fetched = sum(packed for _, _, packed in correction) / KB
        self.log(f"  a correction downloads {fetched:.1f} KB gzip: " + ", ".join(
            f"{path} {packed / KB:.1f} KB" for path, _, packed in correction))
        self.log(f"\n[pages] {site.n_cases} cases: biggest lesson page {biggest:.0f} KB; cases index {raw:.0f} KB "
                 f"({packed:.0f} KB gzip), load {load * 1000:.0f} ms")
        big, small = filters[site.n_cases], filters[floor.n_cases]
        median, worst = statistics.median(big), max(big)
        self.log(f"  filter change to next frame at {site.n_cases}: median {median * 1000:.0f} ms, max {worst * 1000:.0f} "
                 f"ms; at {floor.n_cases}: median {statistics.median(small) * 1000:.0f} ms, max {max(small) * 1000:.0f} ms")
        self.row(f"8 pages @{site.n_cases}: biggest lesson page", f"{biggest:.0f} KB",
                 f"{biggest / TARGETS['lesson_kb']:.2f} of target", f"< {TARGETS['lesson_kb']:.0f} KB",
                 biggest < TARGETS["lesson_kb"])
        self.row(f"8 pages @{site.n_cases}: cases index", f"{packed:.0f} KB gzip ({raw:.0f} KB)",
                 f"{packed / TARGETS['cases_index_kb']:.2f} of target", f"< {TARGETS['cases_index_kb']:.0f} KB gzip",
                 packed < TARGETS["cases_index_kb"])
        self.row(f"8 pages @{site.n_cases}: cases index load", f"{load * 1000:.0f} ms",
                 f"{load / TARGETS['cases_index_load_s']:.2f} of target",
                 f"< {TARGETS['cases_index_load_s'] * 1000:.0f} ms", load < TARGETS["cases_index_load_s"])
        self.row(f"8 pages @{site.n_cases}: cases index filter change", f"median {median * 1000:.0f} ms, max "
                 f"{worst * 1000:.0f} ms ({len(big)} changes; at {floor.n_cases} cases: median "
                 f"{statistics.median(small) * 1000:.0f} ms, max {max(small) * 1000:.0f} ms)",
                 f"{median / statistics.median(small):.2f}x the {floor.n_cases}-case index",
                 f"< {TARGETS['filter_s'] * 1000:.0f} ms", worst < TARGETS["filter_s"])
        self.row(f"8 pages @{site.n_cases}: a correction downloads", f"{fetched:.1f} KB gzip ({len(correction)} files)",
                 f"{fetched / TARGETS['correction_kb']:.2f} of target", f"< {TARGETS['correction_kb']:.0f} KB gzip",
                 fetched < TARGETS["correction_kb"])
        self.facts["pages"] = {"n": site.n_cases, "correction": correction, "lesson_kb_max": biggest,
                               "cases_index_kb": raw, "cases_index_kb_gzip": packed, "cases_index_load_s": load, "load_runs": loads,
                               "filter_s": big, "floor_n": floor.n_cases, "floor_filter_s": small}

    def compare_serve(self) -> None:
        """`mkdocs serve --dirty`, with the `tags` plugin on as the README's setup has it: edit one
        case's summary, title, tags and lesson links in turn, each until the served page shows it;
        the same number of edits of the pre-rendered page under plain MkDocs (with `tags` too);
        and idle CPU of each server."""
        case = gen.case_id(1)
        edit_yaml = CASE_EDITS

        def edit_md(text: str, marker: str) -> str:
            return text.replace('<p class="casebook-summary">', f'<p class="casebook-summary">{marker} ', 1)

        small = self.casebook_site(self.n("build"))
        plain = self.prerendered_site(self.n("build"), naive=False)
        large = self.casebook_site(self.n("large"))
        # MkDocs' own floor at the large size: the same pages written out, served by plain MkDocs.
        plain_large = self.prerendered_site(self.n("large"), naive=False) if not self.smoke else None

        def yaml_of(site):
            return os.path.join(os.path.dirname(site.config), "cases", f"{case}.yml")

        def markdown_of(site):
            return os.path.join(os.path.dirname(site.config), "docs", "cases", f"{case}.md")

        runs = [("casebook", small, yaml_of(small), edit_yaml), ("plain", plain, markdown_of(plain), edit_md)]
        if not self.smoke:
            runs += [("casebook", large, yaml_of(large), edit_yaml), ("plain", plain_large, markdown_of(plain_large), edit_md)]
        self.log("\n[serve] mkdocs serve --dirty: edit one case, until the page shows it")
        facts = {}
        edits = len(CASE_EDITS) * (1 if self.smoke else 2)  # each kind of edit, twice at full scale
        for kind, site, source, edit in runs:
            times, idle = serve_edits(site.config, f"/cases/{case}/", source, edit, edits=edits,
                                      idle_s=0.5 if self.smoke else 10, settle_s=0.2 if self.smoke else 2.0)
            by_edit = {name: [s for k, s in enumerate(times) if k % len(CASE_EDITS) == i]
                       for i, (name, _) in enumerate(CASE_EDITS)}
            worst = max(min(shown) for shown in by_edit.values())  # the slowest kind of edit, at its best
            facts[f"{kind}-{site.n_cases}"] = {"edit_s": times, "by_edit": by_edit, "best_s": worst,
                                               "idle_cpu_pct": idle}
            self.log(f"  {kind}-{site.n_cases}: edits shown after "
                     + "; ".join(f"{name} {', '.join(f'{s:.2f}' for s in shown)}" for name, shown in by_edit.items())
                     + f" s; idle CPU {idle:.1f} %")
        cb, pl = facts[f"casebook-{small.n_cases}"], facts[f"plain-{plain.n_cases}"]
        f = facts[f"casebook-{small.n_cases}"]
        floor = facts[f"plain-{small.n_cases}"]
        self.row(f"9 serve @{small.n_cases}: slowest kind of edit until shown", f"{f['best_s']:.2f} s ("
                 + ", ".join(f"{name} {min(shown):.2f}" for name, shown in f["by_edit"].items()) + ")"
                 + f" (plain MkDocs --dirty: {floor['best_s']:.2f} s)",
                 f"{f['best_s'] / TARGETS['serve_small_s']:.2f} of target", f"< {TARGETS['serve_small_s']:g} s",
                 f["best_s"] < TARGETS["serve_small_s"])
        f, floor = facts.get(f"casebook-{large.n_cases}"), facts.get(f"plain-{large.n_cases}")
        if f is not None and floor is not None:
            # At this size MkDocs itself, with the tags plugin, takes seconds an edit: the target
            # is a ratio to it, of the medians of every edit.
            ratio = statistics.median(f["edit_s"]) / statistics.median(floor["edit_s"])
            self.row(f"9 serve @{large.n_cases}: edits until shown, / plain MkDocs --dirty",
                     f"median {statistics.median(f['edit_s']):.2f} s vs {statistics.median(floor['edit_s']):.2f} s ("
                     + ", ".join(f"{name} {min(shown):.2f}" for name, shown in f["by_edit"].items()) + ")",
                     f"{ratio:.2f}x", f"<= {TARGETS['serve_large_ratio']}x", ratio <= TARGETS["serve_large_ratio"])
        self.row(f"9 serve @{small.n_cases}: idle CPU", f"{cb['idle_cpu_pct']:.1f} % (plain MkDocs: "
                 f"{pl['idle_cpu_pct']:.1f} %)", "", "report", None)
        self.facts["serve"] = facts

    def baseline_package(self, revision: str) -> str:
        """The folder holding the casebook package of git `revision`, to put ahead of the installed
        one on PYTHONPATH. The installed entry point names the plugin's module of this checkout;
        where the revision keeps its plugin elsewhere, a one-line module there imports it."""
        dest = os.path.join(self.out, "baseline")
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        repo = os.path.dirname(HERE)
        archive = subprocess.run(["git", "-C", repo, "archive", revision, "plugins"], capture_output=True)
        if archive.returncode != 0:
            raise BenchError(f"--baseline {revision}: {archive.stderr.decode(errors='replace').strip()}")
        subprocess.run(["tar", "-x", "-C", dest], input=archive.stdout, check=True)
        package = os.path.join(dest, "plugins")
        entry = next(e for e in metadata.entry_points(group="mkdocs.plugins") if e.name == "casebook")
        module, _, name = entry.value.partition(":")
        where = os.path.join(package, *module.split("."))
        if not os.path.exists(where + ".py"):
            for depth in range(2, len(module.split("."))):  # casebook/mkdocs/__init__.py, say
                init = os.path.join(package, *module.split(".")[:depth], "__init__.py")
                os.makedirs(os.path.dirname(init), exist_ok=True)
                open(init, "a").close()
            with open(where + ".py", "w", encoding="utf-8") as f:
                f.write(f"from casebook.plugin import {name}  # noqa: F401  (where {revision} keeps it)\n")
        commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", revision], capture_output=True, text=True)
        self.facts.setdefault("baseline", {})["revision"] = commit.stdout.strip() or revision
        return package

    def compare_baseline(self) -> None:
        """This checkout against the casebook package of `--baseline REV`, on one generated site
        and one Python: builds interleaved (before, after, before, after ...), then `mkdocs serve
        --dirty` with the same edit, the servers in turn."""
        revision = self.args.baseline
        if not revision:
            return
        env = {"PYTHONPATH": self.baseline_package(revision)}
        source = self.casebook_site(self.n("build"))
        n = source.n_cases
        before = self.sites.setdefault("baseline-before", Site("baseline-before", source.config, source.site_dir, n,
                                                               env=env))
        after = self.sites.setdefault("baseline-after", Site("baseline-after", source.config, source.site_dir, n))
        self.log(f"\n[baseline] {n} cases: the casebook of {revision} vs this checkout, interleaved")
        measure([before, after], self.repeat + 1, self.verbose)
        # The machine's speed drifts over minutes: each build is set against the one just before
        # it, and the median of those ratios is the figure (the best of each is shown beside it).
        pairs = [a.wall_s / b.wall_s for b, a in zip(before.runs, after.runs)]
        ratio = statistics.median(pairs)
        self.row(f"10 baseline @{n}: build, now / {revision}",
                 f"best {after.best:.2f} s vs {before.best:.2f} s; pairs {', '.join(f'{p:.2f}' for p in pairs)}",
                 f"{ratio:.3f}x", f"<= {TARGETS['baseline_build']}x (median pair)",
                 ratio <= TARGETS["baseline_build"])
        case = gen.case_id(1)
        source_file = os.path.join(os.path.dirname(source.config), "cases", f"{case}.yml")

        def edit(text: str, marker: str) -> str:
            return text.replace("summary: >-\n  ", f"summary: >-\n  {marker} ", 1)

        served: dict[str, list[float]] = {"before": [], "after": []}
        for r in range(1 if self.smoke else self.repeat):
            # The servers take turns going first: a server's work may run on a moment after it
            # stops (its search index), and should not weigh on the same side every time.
            order = (("before", env), ("after", {}))
            for kind, extra in order if r % 2 == 0 else order[::-1]:
                times, _ = serve_edits(source.config, f"/cases/{case}/", source_file, edit,
                                       edits=1 if self.smoke else 3, idle_s=0.2, settle_s=0.2 if self.smoke else 2.0,
                                       env=extra)
                served[kind] += times
        best_before, best_after = min(served["before"]), min(served["after"])
        serve_ratio = statistics.median(served["after"]) / statistics.median(served["before"])
        self.row(f"10 baseline @{n}: serve --dirty edit, now / {revision}",
                 f"median {statistics.median(served['after']):.2f} s vs {statistics.median(served['before']):.2f} s "
                 f"(best {best_after:.2f} vs {best_before:.2f})",
                 f"{serve_ratio:.3f}x", f"<= {TARGETS['baseline_serve']}x (medians)",
                 serve_ratio <= TARGETS["baseline_serve"])
        self.facts["baseline"].update({"n": n, "build_pair_ratios": pairs,
                                       "build_before_runs": [r.wall_s for r in before.runs],
                                       "build_after_runs": [r.wall_s for r in after.runs], "build_ratio": ratio,
                                       "cpu_ratio": after.best_cpu / before.best_cpu,
                                       "serve_before_s": served["before"], "serve_after_s": served["after"],
                                       "serve_ratio": serve_ratio})

    def profile(self) -> None:
        site = self.casebook_site(self.n("build"))
        stats_file = os.path.join(self.out, "profile.stats")
        result = os.path.join(self.out, "profile.json")
        self.log(f"\n[profile] cProfile of one casebook build, {site.n_cases} cases")
        shutil.rmtree(site.site_dir, ignore_errors=True)
        proc = subprocess.run([sys.executable, BUILDONE, site.config, site.site_dir, result, "--profile", stats_file],
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
        if proc.returncode != 0:
            raise BenchError(f"profiled build failed:\n{proc.stderr[-2000:]}")
        text, summary = profile_report(stats_file, site.n_cases)
        # Plain wall times (no profiler): MkDocs' stages for casebook and plain, and the plugin's own stages.
        plain = self.prerendered_site(site.n_cases, naive=False)
        walls: dict[str, dict] = {}
        for _ in range(self.repeat):  # interleaved; each figure is the best of the runs
            for each in (site, plain):
                shutil.rmtree(each.site_dir, ignore_errors=True)
                staged = each.site_dir + ".stages.json"
                proc = subprocess.run([sys.executable, BUILDONE, each.config, each.site_dir, staged, "--stages"],
                                      env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
                if proc.returncode != 0:
                    raise BenchError(f"staged build of {each.key} failed:\n{proc.stderr[-2000:]}")
                with open(staged, encoding="utf-8") as f:
                    run = json.load(f)
                best = walls.setdefault(each.key, run)
                for key in ("build_s", "startup_s", "build_fn_s"):
                    best[key] = min(best[key], run[key])
                for key, value in run["stages"].items():
                    best["stages"][key] = min(best["stages"].get(key, value), value)
        staged = os.path.join(self.out, "plugin-stages.json")
        proc = subprocess.run([sys.executable, os.path.join(HERE, "phases.py"), site.config, "--json", staged],
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
        if proc.returncode != 0:
            raise BenchError(f"timing the plugin's stages failed:\n{proc.stderr[-2000:]}")
        with open(staged, encoding="utf-8") as f:
            plugin = json.load(f)
        head = [f"Wall times without a profiler, {site.n_cases} cases", "",
                f"== MkDocs stages: {site.key} vs {plain.key} (stages timed; best of {self.repeat} builds each) ==", ""]
        a_st, b_st = walls[site.key], walls[plain.key]
        head.append(f"{'':<55} {site.key:>13} {plain.key:>13}")
        head.append(f"{'whole process (start-up, imports, build)':<55} {a_st['build_s']:11.2f} s {b_st['build_s']:11.2f} s")
        head.append(f"{'  start-up: imports, config, plugins':<55} {a_st['startup_s']:11.2f} s {b_st['startup_s']:11.2f} s")
        head.append(f"{'  mkdocs.commands.build.build':<55} {a_st['build_fn_s']:11.2f} s {b_st['build_fn_s']:11.2f} s")
        for label in a_st["stages"]:
            head.append(f"{'    ' + label:<55} {a_st['stages'][label]:11.2f} s {b_st['stages'].get(label, 0.0):11.2f} s")
        head += ["", "== casebook's own work: CasebookPlugin.on_files, stages timed ==", "", phases.report(plugin), "", ""]
        text = "\n".join(head) + text
        summary["stages"] = {k: {"build_s": v["build_s"], "startup_s": v["startup_s"], "build_fn_s": v["build_fn_s"],
                                 **v["stages"]} for k, v in walls.items()}
        summary["plugin_stages"] = plugin
        path = os.path.join(self.reports, "profile.txt")
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.log(f"  wrote {path}")
        share = summary["casebook_on_files_s"] / summary["total_s"] if summary["total_s"] else 0.0
        self.row(f"6 profile @{site.n_cases}: casebook on_files", f"{summary['casebook_on_files_s']:.2f} s of "
                 f"{summary['total_s']:.2f} s (under cProfile)", f"{share:.0%}", "report", None)
        self.facts["profile"] = summary | {"file": path}

    # -- output ----------------------------------------------------------------------------

    def table(self) -> str:
        header = ("comparison", "measured", "ratio", "target", "result")
        body = []
        for r in self.rows:
            if r.ok is None:
                verdict = "-"
            elif self.smoke:
                verdict = "smoke"
            else:
                verdict = "PASS" if r.ok else "MISS"
            body.append((r.comparison, r.measured, r.ratio, r.target, verdict))
        widths = [max(len(str(x)) for x in col) for col in zip(header, *body)]
        line = "  ".join("{:<%d}" % w for w in widths)
        out = [line.format(*header), line.format(*("-" * w for w in widths))]
        out += [line.format(*row) for row in body]
        return "\n".join(out)

    def markdown(self, info: dict, elapsed: float) -> str:
        """The results as Markdown, for bench/RESULTS.md."""
        lines = [f"Run on {datetime.date.today()}: `{' '.join(['python', 'bench/run.py', *sys.argv[1:]])}` "
                 f"({elapsed / 60:.1f} min, best of {self.repeat} builds each"
                 + (", smoke run: targets not enforced)" if self.smoke else ")"), "",
                 f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, {info['os']}; Python "
                 f"{info['python']}, MkDocs {info['mkdocs']}, Material {info['mkdocs-material']}, Markdown "
                 f"{info['markdown']}, markdown-it-py {info['markdown-it-py']}, comrak {info['comrak']}, PyYAML {info['pyyaml']}, Jinja2 "
                 f"{info['jinja2']}, nh3 {info['nh3']}", "", f"casebook under test: {info['casebook']}", "",
                 "| comparison | measured | ratio | target | result |", "| --- | --- | --- | --- | --- |"]
        for r in self.rows:
            verdict = "-" if r.ok is None else "smoke" if self.smoke else "PASS" if r.ok else "**MISS**"
            lines.append(f"| {r.comparison} | {r.measured} | {r.ratio} | {r.target} | {verdict} |")
        return "\n".join(lines) + "\n"

    def missed(self) -> list[Row]:
        return [r for r in self.rows if r.ok is False]


# -- profile ---------------------------------------------------------------------------------

#: (label, file name fragment, function name[, caller's file fragment, caller's name]): the
#: cumulative time of each is reported; with a caller, only the time of calls made from it.
#: "~" is the file of built-in (C) functions, matched by a fragment of their name.
PROFILE_POINTS = [
    ("mkdocs build (total)", "mkdocs/commands/build.py", "build"),
    ("  casebook: CasebookPlugin.on_files", "casebook/mkdocs/plugin.py", "_add_files"),
    ("    casefiles.load (read + validate YAML)", "casebook/link/casefiles.py", "load"),
    ("      yamlfile.parse (YAML -> values)", "casebook/read/yamlfile.py", "parse"),
    ("        yamlfile.parse_fast (C composer, no marks)", "casebook/read/yamlfile.py", "parse_fast"),
    ("          yaml.compose (C)", "yaml/__init__.py", "compose", "casebook/read/yamlfile.py", "parse_fast"),
    ("        yamlfile.parse_events (marks, problems)", "casebook/read/yamlfile.py", "parse_events"),
    ("      schema.check", "casebook/check/schema.py", "check", "casebook/link/casefiles.py", "load"),
    ("      model.case_from", "casebook/model.py", "case_from"),
    ("      casefiles.check_links", "casebook/link/casefiles.py", "check_links"),
    ("      casefiles.review_hints", "casebook/link/casefiles.py", "review_hints"),
    ("    markdown_pages.Renderer.__init__ (incl. graph.build)", "casebook/render/markdown_pages.py", "__init__"),
    ("      graph.build", "casebook/link/graph.py", "build"),
    ("    markdown_pages.Renderer.pages", "casebook/render/markdown_pages.py", "pages"),
    ("      Renderer.case (case pages)", "casebook/render/markdown_pages.py", "case"),
    ("      Renderer.lesson (lesson pages)", "casebook/render/markdown_pages.py", "lesson"),
    ("      markup.prose (Markdown fields)", "casebook/render/markup.py", "prose"),
    ("        markup.render_markdown", "casebook/render/markup.py", "render_markdown"),
    ("          comrak render", "~", "render_markdown", "casebook/render/markup.py", "render_markdown"),
    ("          nh3.clean", "~", "nh3", "casebook/render/markup.py", "render_markdown"),
    ("      markup.escape_text (plain fields)", "casebook/render/markup.py", "escape_text"),
    ("      markdown_pages.front_matter", "casebook/render/markdown_pages.py", "front_matter"),
    ("    export.to_json (casebook.json)", "casebook/publish/export.py", "to_json"),
    ("    File.generated", "mkdocs/structure/files.py", "generated", "casebook/mkdocs/plugin.py", "_add_pages"),
    ("  mkdocs: get_files", "mkdocs/structure/files.py", "get_files"),
    ("  mkdocs: get_navigation", "mkdocs/structure/nav.py", "get_navigation"),
    ("  mkdocs: _populate_page (read + Markdown -> HTML)", "mkdocs/commands/build.py", "_populate_page"),
    ("    Python-Markdown convert (other pages)", "markdown/core.py", "convert", "mkdocs/structure/pages.py", "render"),
    ("    page_html.convert (case and lesson pages)", "casebook/render/page_html.py", "convert"),
    ("  mkdocs: _build_page (theme template + write)", "mkdocs/commands/build.py", "_build_page"),
    ("    search: on_page_context (index each page)", "material/plugins/search/plugin.py", "on_page_context"),
    ("  mkdocs: copy_static_files", "mkdocs/structure/files.py", "copy_static_files"),
    ("  search: on_post_build (write the index)", "material/plugins/search/plugin.py", "on_post_build"),
    ("  validate_anchor_links", "mkdocs/structure/pages.py", "validate_anchor_links"),
]


def _matches(key: tuple, fragment: str, func: str) -> bool:
    filename, _line, name = key
    if fragment == "~":
        return filename == "~" and func in name
    return name == func and filename.replace(os.sep, "/").endswith(fragment)


def _cumulative(stats: pstats.Stats, fragment: str, func: str, *caller: str) -> tuple[float, int]:
    total, calls = 0.0, 0
    for key, (_cc, nc, _tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if not _matches(key, fragment, func):
            continue
        if not caller:
            total += ct
            calls += nc
            continue
        for caller_key, entry in callers.items():
            if _matches(caller_key, *caller):
                total += entry[3]
                calls += entry[1]
    return total, calls


def _package(filename: str) -> str:
    path = filename.replace(os.sep, "/")
    if filename == "~":
        return "built-in (C)"
    if "/plugins/casebook/" in path or "/site-packages/casebook/" in path:
        return "casebook"
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/lib/python" in path:
        return "stdlib: " + path.rsplit("/lib/", 1)[1].split("/", 2)[1].removesuffix(".py")
    return path


def profile_report(stats_file: str, n_cases: int) -> tuple[str, dict]:
    stats = pstats.Stats(stats_file)
    total = _cumulative(stats, "mkdocs/commands/build.py", "build")[0] or stats.total_tt  # type: ignore[attr-defined]
    out = io.StringIO()
    out.write(f"cProfile of one casebook build at {n_cases} cases (mkdocs.commands.build.build)\n")
    out.write(f"written by bench/run.py on {datetime.date.today()}; times are inflated by the profiler\n\n")
    out.write("== Where the time goes (cumulative seconds, calls) ==\n\n")
    summary: dict = {"total_s": total}
    for label, *point in PROFILE_POINTS:
        ct, calls = _cumulative(stats, *point)
        if not calls:  # not in this version of the code
            continue
        out.write(f"{label:<52} {ct:8.2f} s  {ct / total:6.1%}  {calls:>9} calls\n")
        summary[label.strip()] = ct
    summary["casebook_on_files_s"] = _cumulative(stats, "casebook/mkdocs/plugin.py", "_add_files")[0]

    out.write("\n== Own time (tottime) by package ==\n\n")
    by_package: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        pkg = _package(filename)
        by_package[pkg] = by_package.get(pkg, 0.0) + tt
    for pkg, tt in sorted(by_package.items(), key=lambda kv: -kv[1])[:20]:
        out.write(f"{pkg:<40} {tt:8.2f} s  {tt / total:6.1%}\n")
    summary["tottime_by_package"] = {k: round(v, 3) for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]}

    casebook_funcs = {k: v for k, v in stats.stats.items() if _package(k[0]) == "casebook"}  # type: ignore[attr-defined]
    out.write("\n== casebook functions by own time (tottime) ==\n\n")
    for (filename, line, name), (_cc, nc, tt, ct, _c) in sorted(casebook_funcs.items(), key=lambda kv: -kv[1][2])[:15]:
        short = filename.replace(os.sep, "/").split("/casebook/", 1)[-1]
        out.write(f"{short}:{line}({name}){'':<4} tottime {tt:7.3f} s  cumtime {ct:7.3f} s  {nc:>8} calls\n")

    for title, key in (("cumulative", pstats.SortKey.CUMULATIVE), ("own time", pstats.SortKey.TIME)):
        out.write(f"\n== Top 25 by {title} ==\n\n")
        buffer = io.StringIO()
        pstats.Stats(stats_file, stream=buffer).sort_stats(key).print_stats(25)
        out.write(buffer.getvalue().strip("\n") + "\n")
    return out.getvalue(), summary


# -- machine ---------------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                    break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    import casebook

    where = os.path.dirname(os.path.abspath(casebook.__file__))
    source = where
    try:
        commit = subprocess.run(["git", "-C", where, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", where, "status", "--porcelain", "--", "."], capture_output=True,
                               text=True, timeout=10).stdout.strip()
        if commit:
            source += f" (commit {commit}{', with uncommitted changes' if dirty else ''})"
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "casebook": source,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "markdown": version("markdown"),
        "markdown-it-py": version("markdown-it-py"),
        "comrak": version("comrak"),
        "pyyaml": version("pyyaml"),
        "jinja2": version("jinja2"),
        "nh3": version("nh3"),
    }


# -- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="factor applied to every N (default 1.0; 0.005 for a smoke run). "
                             "Below 1, targets are printed but not enforced.")
    parser.add_argument("--only", default=",".join(COMPARISONS),
                        help=f"comma-separated comparisons to run (default: all of {','.join(COMPARISONS)})")
    parser.add_argument("--out", default=None,
                        help="work directory for generated projects, sites and reports (default: a new temp "
                             "dir, removed afterwards unless --keep, with the reports written to bench/out/, or "
                             "bench/out/smoke/ below scale 1; bench/out/ is git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each site; the best is kept (default 2)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed at full scale")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the table")
    parser.add_argument("--baseline", metavar="REV", default=None,
                        help="a git revision to measure this checkout against (comparison 'baseline'): the same "
                             "site built and served with the casebook package of REV")
    args = parser.parse_args(argv)
    chosen = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in COMPARISONS]
    if unknown:
        parser.error(f"unknown comparison(s) {', '.join(unknown)}; choose from {', '.join(COMPARISONS)}")
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.only = chosen
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    bench = Bench(args)
    temporary = args.out is None and not args.keep
    started = time.perf_counter()
    info = machine()
    bench.log(f"casebook bench: scale {args.scale}{' (smoke: targets not enforced)' if bench.smoke else ''}, "
              f"work dir {bench.out}")
    bench.log(f"machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM, Python {info['python']}, "
              f"MkDocs {info['mkdocs']}, Material {info['mkdocs-material']}")
    bench.log(f"casebook under test: {info['casebook']}")
    status = 0
    try:
        bench.sanity()
        steps = {"build": bench.compare_build, "nav": bench.compare_nav, "validate": bench.compare_validate,
                 "scaling": bench.compare_scaling, "memory": bench.compare_memory, "search": bench.compare_search,
                 "pages": bench.compare_pages, "serve": bench.compare_serve, "profile": bench.profile,
                 "baseline": bench.compare_baseline}
        for name in COMPARISONS:
            if name in args.only:
                steps[name]()
    except BenchError as exc:
        print(f"\nbench: FAILED: {exc}", file=sys.stderr)
        status = 1
    elapsed = time.perf_counter() - started
    print()
    print(bench.table())
    print(f"\nscale {args.scale}, best of {args.repeat} builds each, {elapsed:.0f} s in all"
          + ("; smoke run: targets not enforced" if bench.smoke else ""))
    report = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "command": " ".join(sys.argv),
              "scale": args.scale, "repeat": args.repeat, "machine": info, "elapsed_s": elapsed,
              "rows": [r.__dict__ for r in bench.rows], "facts": bench.facts,
              "runs": {k: [b.__dict__ for b in s.runs] for k, s in bench.sites.items()}}
    with open(os.path.join(bench.reports, "results.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(bench.reports, "results.md"), "w", encoding="utf-8") as f:
        f.write(bench.markdown(info, elapsed))
    bench.log(f"wrote results.json and results.md to {bench.reports}")
    if temporary:
        shutil.rmtree(bench.out, ignore_errors=True)
    if status == 0 and args.strict and not bench.smoke and bench.missed():
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
