"""Shared fixtures: real site builds with `mkdocs build --strict`, no mocks."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests draw the same examples on every run, so a CI result can be reproduced;
# `make fuzz` explores with fresh random examples, many more of them.
settings.register_profile("default", max_examples=200, derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("fuzz", max_examples=5_000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@functools.lru_cache(maxsize=None)
def seed(path: str) -> dict:
    """A file of the repository's own casebook (`cases/x.yml`), as plain YAML data: tests
    read titles and counts from the files, so that a correction of the content cannot break them."""
    import yaml

    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def _seed_verdicts() -> dict[str, int]:
    import collections

    counts = collections.Counter(seed(f"cases/{f.name}")["verdict"] for f in sorted((ROOT / "cases").glob("*.yml")))
    return {verdict: counts.get(verdict, 0) for verdict in ("good", "bad", "mixed")}


#: How many of the repository's own cases carry each verdict, for tests that count cards.
VERDICTS = _seed_verdicts()


def run_mkdocs(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    """Build `project` into `site` with the real MkDocs, returning the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True,
        text=True,
        cwd=project,
    )


def generated_site(project: Path, n_cases: int, **options) -> Path:
    """A project of `n_cases` generated cases (`bench/gen.py`) and the plugin's `options`,
    built with `mkdocs build --strict` into `project/site`."""
    sys.path.insert(0, str(ROOT / "bench"))
    import sites

    sites.casebook_project(str(project), n_cases, **options)
    result = run_mkdocs(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


@contextlib.contextmanager
def peak_memory():
    """Yields a function giving the most memory Python allocated inside the block, in bytes: a
    bound on work that does not depend on how busy the machine is, as a time would."""
    peak = [0]
    tracemalloc.start()
    try:
        yield lambda: peak[0]
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casebook", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The repository's own site, built once for the whole run (`shared`)."""

    def make(out: Path) -> None:
        result = run_mkdocs(ROOT, out)
        assert result.returncode == 0, result.stderr
        build_log(out).write_text(result.stderr, encoding="utf-8")

    return shared(tmp_path_factory, "site", make)


@pytest.fixture(scope="session", autouse=True)
def _run_store(tmp_path_factory):
    """The files builds keep between them (a module's Word, PowerPoint and SCORM files,
    `casebook.publish.office.store_folder`) go in a folder of this run's, shared by its
    processes and the builds they start, not in the user's cache."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    os.environ["CASEBOOK_CACHE_DIR"] = str(root / "casebook-store")


def shared(tmp_path_factory, name: str, make) -> Path:
    """A folder made once for the whole run, however many processes pytest-xdist starts: the
    first to ask makes it with `make(folder)` while the others wait, then all read it. The
    tests read it and never change it."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each process's own
    folder, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with FileLock(str(root / f"shared-{name}.lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


#: The generated casebook many tests share: big enough for numbered index pages, card files
#: and lesson pages that link on to the index, small enough to build in seconds.
BIG_CASES = 230
#: It lists 5 cases of each verdict on the cases index and 3 of each stance on a lesson page.
BIG_SHOWN = 5
BIG_LESSON_CASES = 3


@pytest.fixture(scope="session")
def big_site(tmp_path_factory) -> Path:
    """A project of `BIG_CASES` generated cases built once for the whole run (`shared`):
    `big_site / "site"` is the built site, `big_site / "cases"` its case files."""
    return shared(tmp_path_factory, "big", lambda folder: generated_site(
        folder, BIG_CASES, index_cases=BIG_SHOWN, lesson_cases=BIG_LESSON_CASES))


def pagefind_pages(site: Path) -> dict[str, dict]:
    """What the site's Pagefind index holds of each page, by its address (`/cases/x/`): its
    `content` (the words indexed) and `meta` (its `title`), read from the index's fragments."""
    import gzip

    pages = {}
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        entry = json.loads(data[len(b"pagefind_dcd"):])
        pages[entry["url"]] = entry
    return pages


def build_log(site: Path) -> Path:
    """Where the session's site build left its log: beside the site, not in it."""
    return site.parent / f"{site.name}.log"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


MINIMAL_MKDOCS = """\
site_name: Test casebook
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - casebook
"""

LESSON = """\
title: Acknowledge the disappointment first
theme: empathy
summary: Say you understand what the customer lost before explaining why.
why: |
  People hear reasons only once they feel heard.
do: [Say sorry for the disappointment.]
avoid: [Opening with your internal systems.]
say: ["I'm sorry. I know you were looking forward to these."]
dont_say: ["Our stock system is being changed."]
"""

CASE = """\
title: A shop cancels an order by email
summary: An online shop cancelled an order and blamed its stock system.
verdict: bad
business: {name: Example Shop, sector: retail}
channels: [email]
what_happened: |
  The customer ordered shoes.
response: |
  The shop emailed to cancel.
outcome: |
  The customer bought elsewhere.
lessons: [acknowledge-first]
discussion: [What should the email have said?]
provenance: {told_by: customer, witness: first-hand, business_side: not-sought}
sources:
  - {kind: blog-post, url: "https://example.com/post", published: "2012"}
"""


#: A module that teaches the case `CASE` written as cases/shop-cancels.yml.
MODULE = """\
title: Cancellations
audience: New staff
duration: 30
objectives: [Say sorry first.]
cases:
  - {case: shop-cancels, minutes: 20, focus: What would you write?}
"""


def make_project(root: Path, files: dict[str, str | bytes], mkdocs_yml: str = MINIMAL_MKDOCS) -> Path:
    """A small project: mkdocs.yml, an empty docs/ and the given files (paths relative to root)."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def small_project(tmp_path) -> Path:
    return make_project(tmp_path / "project", {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop-cancels.yml": CASE})


#: The environment of a test that installs into a fresh virtual environment: pip does not compile
#: the packages' bytecode (a third of the time), which Python does on first import anyway, nor
#: ask the package index at each run whether a newer pip is out.
QUICK_INSTALL = {"PIP_NO_COMPILE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def repository_copy(dest: Path, commit: bool = False) -> Path:
    """This repository as it stands (its tracked files, uncommitted changes too) copied to `dest`,
    as a clean clone of it would be; with `commit`, a Git repository of its own with one commit."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, tracked.stdout.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    if commit:
        git = ["git", "-c", "user.name=casebook", "-c", "user.email=casebook@example.org"]
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "as it stands"]):
            subprocess.run(git + args, cwd=dest, check=True, capture_output=True)
    return dest


def broken_links(site: Path) -> dict[str, list[str]]:
    """Every link, stylesheet, script and image of the built `site` that leads to no file of it,
    by the page (site-relative) that holds it: the site crawled as a browser would follow it."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    from bs4 import BeautifulSoup

    broken: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        here = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                parts = urlsplit(url or "")
                if not parts.path or parts.scheme or parts.netloc:
                    continue  # a place on this page, or another site
                path = unquote(parts.path)
                target = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(here), path)
                found = site / posixpath.normpath(target)
                if not (found.is_file() or (found / "index.html").is_file()):
                    broken.setdefault(here, []).append(url)
    return broken


def is_redirect(page: Path) -> bool:
    """Whether a built HTML file is the page at a renamed item's old address (`redirects.py`)."""
    return '<meta http-equiv="refresh"' in page.read_text(encoding="utf-8")


def copy_repo_cases(dest: Path) -> Path:
    shutil.copytree(ROOT / "cases", dest / "cases")
    return dest


#: Screenshots for a person to look at are taken with CASEBOOK_SCREENSHOTS=1 (`make screenshots`):
#: a full page in both schemes costs seconds, and no test reads them.
SCREENSHOTS = os.environ.get("CASEBOOK_SCREENSHOTS") == "1"


def shoot(target, path: Path, **options) -> None:
    """Screenshot `target` (a page or a locator) to `path` in test-artifacts/, when asked for."""
    if SCREENSHOTS:
        target.screenshot(path=str(path), **options)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


os.environ.setdefault("NO_COLOR", "1")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")  # the same notice, from ProperDocs' side


# --- A real browser on the built site ---------------------------------------------------

sys.path.insert(0, str(ROOT / "bench"))
import browser as bench_browser  # noqa: E402  (the bench's Chromium and file server, shared)

CHROMIUM = bench_browser.CHROMIUM
CHROMIUM_ARGS = bench_browser.CHROMIUM_ARGS


def serve_directory(directory: Path, sent: list | None = None):
    """Serve `directory` on a free localhost port in a thread, with the bench's quiet server (a
    browser hanging up mid-file prints nothing); returns (base_url, stop). Each answer is logged
    to `sent`, if given (`bench/browser.served`)."""
    served = bench_browser.served(str(directory), sent)
    base = served.__enter__()
    return base, lambda: served.__exit__(None, None, None)


@pytest.fixture(scope="session")
def site_url(site):
    base, stop = serve_directory(site)
    yield base
    stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "the browser tests need Debian's chromium (make test installs it)"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def tabs(browser):
    """Clean tabs, kept open between tests (`tabs.Tabs`): `with tabs.open(viewport=...) as tab`."""
    from tabs import Tabs

    pool = Tabs(browser)
    yield pool
    pool.close()


@pytest.fixture
def page(tabs):
    with tabs.open(viewport={"width": 1280, "height": 900}) as tab:
        yield tab


@pytest.fixture
def phone(tabs):
    """A tab on a 390 px wide phone screen."""
    with tabs.open(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as tab:
        yield tab


# --- Parallel: `-n auto` -----------------------------------------------------------------------


def pytest_xdist_auto_num_workers(config):
    """A process for each core, and one more. A test waiting on a server, a rebuild or a fresh
    environment leaves its core idle; the extra process uses it. Measured on 2 cores, in one
    session: 257 s with 2 processes, 235 s with 3, 261 s with 4."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + 1


# --- Tiers: `make test` runs every test, `make test-fast` leaves out `browser` and `slow` ----

#: Fixtures that open Chromium: a test that asks for one, directly or through another fixture,
#: is a browser test, so the mark cannot be forgotten.
BROWSER_FIXTURES = frozenset({"browser", "tabs", "page", "phone"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES.intersection(item.fixturenames):
            item.add_marker(pytest.mark.browser)
    # The longest tests start first, so that a parallel run does not end waiting on one of
    # them; the order is the same in every process, as pytest-xdist requires.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    workers = getattr(config, "workerinput", {}).get("workercount")
    if workers and workers > 1:
        items[:] = spread_slow_tests(items, workers)


def spread_slow_tests(items: list, workers: int) -> list:
    """`items` laid out so that each process starts on its own share of the slow tests.

    pytest-xdist's worksteal scheduler first hands each process a run of consecutive tests, of
    the sizes worked out here, and an idle process later takes tests from the end of another's
    run. With every slow test at the front, one process would run them all one after another
    (about 200 s of the 240 the suite may take). Each run now starts with the slow tests that
    balance it, by the seconds each is marked with, longest first."""
    slow = sorted((i for i in items if i.get_closest_marker("slow")),
                  key=lambda i: -i.get_closest_marker("slow").kwargs.get("seconds", 0))
    rest = [i for i in items if not i.get_closest_marker("slow")]
    sizes, left = [], len(items)
    for k in range(workers):  # as the scheduler splits the pending tests among idle processes
        sizes.append(left // (workers - k))
        left -= sizes[-1]
    shares: list[list] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for item in slow:
        k = min(range(workers), key=lambda k: (loads[k], k))
        shares[k].append(item)
        loads[k] += item.get_closest_marker("slow").kwargs.get("seconds", 0)
    ordered, taken = [], 0
    for k in range(workers):
        fill = max(0, sizes[k] - len(shares[k]))
        ordered += shares[k] + rest[taken:taken + fill]
        taken += fill
    return ordered + rest[taken:]
