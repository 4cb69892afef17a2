"""The site's search built ahead of time, with Pagefind (option `search: pagefind`).

The theme's search fetches one index of every page and builds it in the reader's browser on
every first page load: seconds before the first result, in a casebook of thousands of
cases. Pagefind writes its index in small files at build time, and a search fetches only
the few that hold its words.

What it indexes: for each page one small HTML document (`document`), its title and its
content without the theme's navigation, a case page whole (which the theme's search cannot
afford: `casebook.render.search_entry`), less what is marked `data-search-exclude`. They are written
under a folder of their own, mirroring the site's paths so that Pagefind names each result
by its page's address, and Pagefind reads that folder instead of the built site, whose
every page carries the whole navigation.
Pagefind's own command does the work (`python -m pagefind`, from the `pagefind` package), once
for each part of the index (`PART_PAGES`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import html
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from typing import Mapping

from casebook import paths
from casebook.i18n import N_

#: Where the index is published, under the site's root.
BUNDLE = "pagefind"

#: The pages one part of the index holds, at most. To rank a word's pages, Pagefind (1.5) compares
#: each of them with every page the word is on: its time grows with the square of the pages one
#: index holds. The search box searches every part and merges what they find (Pagefind's
#: `mergeIndex`); each part is fetched its own piece of the index for each word searched, so
#: smaller parts download more. Measured at 8,000 cases (bench/RESULTS.md): one index, a common
#: word typed took up to 836 ms to show; in parts of 1,000 pages, up to 365 ms, and a first
#: search downloads at most 905 KB; parts of 250 downloaded 2.1 MB.
PART_PAGES = 1000

#: Where each part of the index keeps its list of the site's words (`split`), by language.
WORDS_PAGE = "casebook-words/{language}/index.html"

#: How many parts Pagefind indexes at once in a build: one a core.
_WORKERS = max(1, min(4, os.cpu_count() or 1))

#: The file of the bundle naming its other parts, for the search box to merge.
PARTS_FILE = "casebook-parts.json"

#: The package to install for `search: pagefind`.
INSTALL_HINT = "pip install 'mkdocs-casebook[pagefind]'"

#: An element the theme's search leaves out (`data-search-exclude`, Material's attribute):
#: Pagefind leaves it out too.
_EXCLUDED = re.compile(r"(<[a-zA-Z][^>]*?\s)data-search-exclude(?=[\s/>=])")
#: The permalink a heading ends with (the `toc` extension's `permalink`): not words of the page.
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


#: Files of the bundle the casebook's search box does not use.
_UNUSED = frozenset({"pagefind-highlight.js"})


class SearchBuildError(Exception):
    """Pagefind could not be run, or failed; the message says why."""


def missing() -> str | None:
    """What to install when Pagefind is not there, or None."""
    if importlib.util.find_spec("pagefind") is None or importlib.util.find_spec("pagefind_bin") is None:
        return f"the search option 'pagefind' needs Pagefind: {INSTALL_HINT}"
    return None


#: The kind of each generated page a result names, by the section index it belongs under.
KINDS = {paths.CASES_INDEX: N_("Case"), paths.LESSONS_INDEX: N_("Lesson"), paths.TRAINING_INDEX: N_("Training")}


def page_kind(src: str) -> str | None:
    """What a result from the generated page at `src` (inside the casebook) is: a case, a lesson or
    training; None for the other pages."""
    return KINDS.get(paths.section_index(src) or "")


def document(title: str, content: str, language: str, kind: str | None = None) -> str:
    """The HTML Pagefind indexes for one page: its `content` (the page's HTML, without the
    theme's navigation), titled `title` (as MkDocs gives it, with `&` written `&amp;`); `kind`
    (`page_kind`) is kept for the result to show."""
    title = html.unescape(title)
    content = _PERMALINK.sub("", _EXCLUDED.sub(r"\1data-pagefind-ignore", content))
    kind_meta = f'<meta data-pagefind-meta="kind[content]" content="{html.escape(kind)}">' if kind else ""
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<meta data-pagefind-meta="title[content]" content="{html.escape(title)}">{kind_meta}</head>'
            f"<body><main data-pagefind-body>{content}</main></body></html>")


def write(documents: Mapping[str, str], output: str) -> None:
    """Index `documents` (each page's `document`, by its path in the site: `cases/x/index.html`)
    into the folder `output`, in parts (`split`), replacing what is there only once the new
    index is whole."""
    with tempfile.TemporaryDirectory(prefix="casebook-search-") as work:
        def index(n: int, part: Mapping[str, str]) -> str:
            source = os.path.join(work, "site", str(n))
            _sync(source, part, {})
            return _index(source, os.path.join(work, "parts", str(n)))

        parts = [(n, part) for n, part in enumerate(split(documents)) if part] or [(0, {})]
        with concurrent.futures.ThreadPoolExecutor(_WORKERS, thread_name_prefix="casebook-search") as pool:
            built = list(pool.map(index, *zip(*parts)))
        _replace(_assemble(built, os.path.join(work, "bundle")), output)


def split(documents: Mapping[str, str]) -> list[dict[str, str]]:
    """`documents` in parts of about `PART_PAGES` pages (a part may be empty). A page stays in its
    part from one build to the next while the number of parts stays, so that serving indexes
    again only the part of the page edited.

    A word Pagefind cannot find in an index it answers with the longest word of that index the
    query starts with ("refnd" finds "re"). A word on a page of one part would then bring every
    page of the other parts holding "re". So each part, when there are several, also holds a
    page of every word of the site (`WORDS_PAGE`), weighted 0: a word is found in every part or
    in none, and that page scores 0, which the search box leaves out of the results."""
    count = max(1, math.ceil(len(documents) / PART_PAGES))
    parts: list[dict[str, str]] = [{} for _ in range(count)]
    for path, text in documents.items():
        parts[zlib.crc32(path.encode("utf-8")) % count][path] = text
    if count > 1:
        vocabulary: dict[str, set[str]] = {}
        for text in documents.values():
            language = _LANGUAGE.match(text)
            vocabulary.setdefault(language[1] if language else "", set()).update(
                html.unescape(_TAG.sub(" ", text)).split())
        words = {WORDS_PAGE.format(language=language or "-"): _words_page(language, found)
                 for language, found in sorted(vocabulary.items())}
        for part in parts:
            if part:
                part.update(words)
    return parts


#: A tag, and the language `document` gives a page.
_TAG = re.compile(r"<[^>]*>")
_LANGUAGE = re.compile(r'<!doctype html><html lang="([^"]*)"')


def _words_page(language: str, words: set[str]) -> str:
    """The page of `words` each part holds (`split`): found, it scores 0."""
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body><p data-pagefind-weight="0">{html.escape(" ".join(sorted(words)))}</p>'
            "</main></body></html>")


def _assemble(parts: list[str], target: str) -> str:
    """The bundle of the built `parts` (folders): the first at its root, each other in a folder of
    its own named in `PARTS_FILE`, without the script and WebAssembly the first part's serve for
    all (Pagefind's `mergeIndex`). Returns `target`."""
    shutil.rmtree(target, ignore_errors=True)
    _copy_tree(parts[0], target)
    others = []
    for n, part in enumerate(parts[1:], start=1):
        others.append(f"part-{n}/")
        _copy_tree(part, os.path.join(target, f"part-{n}"), ignore=lambda folder, names, top=part: [
            name for name in names if folder == top and (name.endswith(".js") or name.startswith("wasm."))])
    with open(os.path.join(target, PARTS_FILE), "w", encoding="utf-8") as f:
        json.dump({"parts": others}, f)
    return target


class _Stopped(Exception):
    """A rebuild started while the documents were being written."""


def _sync(source: str, documents: Mapping[str, str], written: dict[str, str], stopped=lambda: False) -> None:
    """Make the folder `source`, which holds `written`, hold `documents`: only the files that
    changed are written, and those of pages gone are removed. `written` is kept up to date
    file by file, so that it stays true when `stopped()` says to stop half-way (_Stopped)."""
    os.makedirs(source, exist_ok=True)
    for path in written.keys() - documents.keys():
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(source, *path.split("/")))
        del written[path]
    for n, (path, text) in enumerate(documents.items()):
        if written.get(path) != text:
            if n % 64 == 0 and stopped():
                raise _Stopped
            target = os.path.join(source, *path.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            written[path] = text


def _index(source: str, fresh: str, *, background: bool = False, running=None) -> str:
    """Run Pagefind over the folder `source` into the new folder `fresh`, and return it.
    `background`: at a low priority, so that the next rebuild of `mkdocs serve` comes first;
    `running` is called with Pagefind's process as it starts, and None after."""
    shutil.rmtree(fresh, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", source, "--output-path", fresh, "--silent"]
    nice = shutil.which("nice") if background else None
    try:
        process = subprocess.Popen([nice, "-n", "10", *command] if nice else command,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise SearchBuildError(f"Pagefind could not be run: {exc}") from None
    if running:
        running(process)
    try:
        out, err = process.communicate(timeout=3600)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise SearchBuildError("Pagefind took more than an hour and was stopped") from None
    finally:
        if running:
            running(None)
    if process.returncode != 0 or not os.path.isfile(os.path.join(fresh, "pagefind.js")):
        said = (err or out).strip().splitlines()
        raise SearchBuildError("Pagefind failed" + (f": {said[-1]}" if said else f" (exit {process.returncode})"))
    for name in os.listdir(fresh):
        if name in _UNUSED or name.startswith("pagefind-") and "-ui." in name:
            os.remove(os.path.join(fresh, name))  # Pagefind's own search interfaces: the theme's box is used
    return fresh


def _replace(fresh: str, output: str) -> None:
    """Put the folder `fresh` at `output`: the old index stays whole until the new one is there.
    Its files are linked, not copied, where the system allows: Pagefind never changes a file
    it has written, it writes a new folder."""
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    staged = output + ".new"
    shutil.rmtree(staged, ignore_errors=True)
    _copy_tree(fresh, staged)
    old = output + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.isdir(output):
        os.rename(output, old)
    os.rename(staged, output)
    shutil.rmtree(old, ignore_errors=True)


def _copy_tree(source: str, target: str, ignore=None) -> None:
    """Copy the folder `source` to `target`, linking its files where the system allows."""
    try:
        shutil.copytree(source, target, ignore=ignore, copy_function=os.link)
    except OSError:  # another file system, or no hard links
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=ignore)


class BackgroundIndex:
    """Writes the index in a thread, for `mkdocs serve`: a page shows as soon as it is built,
    and its words are found a moment later. A submission while one is being written waits,
    and only the latest waiting one is written; `cancel` stops the one being written when a
    rebuild starts, so that the rebuild has the machine and the index follows its result.
    Writing starts once the builds have paused for `quiet` seconds, and writes only the pages'
    documents that changed since the last time, and indexes again only their parts (`split`). The last index written is kept in `keep` as
    well, to put back at once when a full rebuild has emptied the site's folder."""

    def __init__(self, keep: str, report, quiet: float = 1.0) -> None:
        self.keep = keep
        self.quiet = quiet
        self._source = keep + ".documents"  # a folder a part, named by its number
        self._parts = keep + ".parts"  # each part's index, built from its folder of documents
        self._written: list[dict[str, str]] = []  # what each part's folder of documents holds
        self._stale: set[int] = set()  # the parts whose documents changed since their index was built
        self._last = time.monotonic()  # when a build last ended or started
        self._report = report  # called with (error message or None) after each index is written
        self._lock = threading.Lock()
        self._pending: tuple[dict[str, str], str] | None = None
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen | None = None
        self._cancelled = False  # the submission being written is to stop (cleared as each one starts)
        self._closed = False

    def restore(self, output: str) -> None:
        """Put the last index written at `output`, if that folder has none."""
        if not os.path.isdir(output) and os.path.isdir(self.keep):
            _replace(self.keep, output)

    def submit(self, documents: Mapping[str, str], output: str) -> None:
        with self._lock:
            self._pending = (dict(documents), output)
            self._last = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="casebook-search", daemon=True)
                self._thread.start()

    def cancel(self) -> None:
        """Stop the index being written, if any; the next submission writes a whole one."""
        with self._lock:
            self._last = time.monotonic()
            self._cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()

    def close(self) -> None:
        """Stop for good: what waits is dropped and what runs is stopped (the server is closing)."""
        with self._lock:
            self._closed, self._pending = True, None
        self.cancel()

    def _running(self, process: subprocess.Popen | None) -> None:
        with self._lock:
            self._process = process
            if process is not None and self._closed:
                process.terminate()

    def wait(self, timeout: float | None = None) -> None:
        """Wait until every submitted index is written (tests, shutting down)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _write(self, documents: Mapping[str, str]) -> None:
        """Index `documents` into `keep`, running Pagefind only on the parts that changed."""
        parts = split(documents)
        if len(parts) != len(self._written):  # the pages are parted anew
            shutil.rmtree(self._source, ignore_errors=True)
            shutil.rmtree(self._parts, ignore_errors=True)
            self._written = [{} for _ in parts]
            self._stale = set(range(len(parts)))
        for n, part in enumerate(parts):
            if part != self._written[n]:
                self._stale.add(n)  # before writing: a stop half-way leaves it to index next time
                _sync(os.path.join(self._source, str(n)), part, self._written[n], stopped=lambda: self._cancelled)
        indexed = [n for n, part in enumerate(parts) if part] or [0]
        for n in sorted(self._stale):
            built = os.path.join(self._parts, str(n))
            if n in indexed:
                _index(os.path.join(self._source, str(n)), built + ".fresh", background=True, running=self._running)
            shutil.rmtree(built, ignore_errors=True)
            if n in indexed:
                os.rename(built + ".fresh", built)
            self._stale.discard(n)
        _replace(_assemble([os.path.join(self._parts, str(n)) for n in indexed], self.keep + ".fresh"), self.keep)

    def _run(self) -> None:
        while True:
            with self._lock:
                pause = self._last + self.quiet - time.monotonic()
                if self._closed:
                    self._thread = None
                    return
                if pause <= 0:
                    job, self._pending, self._cancelled = self._pending, None, False
                    if job is None:
                        self._thread = None
                        return
            if pause > 0:
                time.sleep(pause)
                continue
            documents, output = job
            try:
                self._write(documents)
                _replace(self.keep, output)
            except (SearchBuildError, OSError, _Stopped) as exc:
                with self._lock:
                    cancelled, self._cancelled = self._cancelled, False
                if not cancelled:
                    self._report(str(exc))
            else:
                self._report(None)
