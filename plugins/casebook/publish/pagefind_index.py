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
Pagefind's own command does the work (`python -m pagefind`, from the `pagefind` package).
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from typing import Mapping

from casebook import paths
from casebook.i18n import N_

#: Where the index is published, under the site's root.
BUNDLE = "pagefind"

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
    into the folder `output`, replacing what is there only once the new index is whole."""
    with tempfile.TemporaryDirectory(prefix="casebook-search-") as work:
        source = os.path.join(work, "site")
        _sync(source, documents, {})
        _index(source, os.path.join(work, "bundle"), output)


#: Pages from which Pagefind before 1.6 keeps a reader waiting for a common word: its time to rank
#: a word grows with the square of the pages the word is on (about a second at 8,000 cases on a
#: 2-core machine; 1.6 takes a fifth of that: bench/RESULTS.md).
SLOW_PAGES = 4000


def advice(output: str) -> str | None:
    """What to tell the site's owner of the index written in the folder `output`, or None: with
    `SLOW_PAGES` pages or more, that a Pagefind older than 1.6 searches them slowly."""
    try:
        with open(os.path.join(output, "pagefind-entry.json"), encoding="utf-8") as f:
            entry = json.load(f)
        pages = sum(int(language.get("page_count", 0)) for language in entry["languages"].values())
        version = str(entry["version"])
        numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if pages < SLOW_PAGES or len(numbers) < 2 or numbers >= (1, 6):
        return None
    return (f"the search index holds {pages:,} pages, and Pagefind {version} takes a time growing with the "
            "square of the pages to rank a word found on most of them (about a second at 8,000); Pagefind 1.6 "
            "takes a fifth of that. The README says how to use it (Search in a big casebook).")


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


def _index(source: str, fresh: str, output: str, *, background: bool = False, running=None) -> None:
    """Run Pagefind over the folder `source` into the new folder `fresh`, then put it at
    `output`. `background`: at a low priority, so that the next rebuild of `mkdocs serve`
    comes first; `running` is called with Pagefind's process as it starts, and None after."""
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
    _replace(fresh, output)


def _replace(fresh: str, output: str) -> None:
    """Put the folder `fresh` at `output`: the old index stays whole until the new one is there.
    Its files are linked, not copied, where the system allows: Pagefind never changes a file
    it has written, it writes a new folder."""
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    staged = output + ".new"
    shutil.rmtree(staged, ignore_errors=True)
    try:
        shutil.copytree(fresh, staged, copy_function=os.link)
    except OSError:  # another file system, or no hard links
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(fresh, staged)
    old = output + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.isdir(output):
        os.rename(output, old)
    os.rename(staged, output)
    shutil.rmtree(old, ignore_errors=True)


class BackgroundIndex:
    """Writes the index in a thread, for `mkdocs serve`: a page shows as soon as it is built,
    and its words are found a moment later. A submission while one is being written waits,
    and only the latest waiting one is written; `cancel` stops the one being written when a
    rebuild starts, so that the rebuild has the machine and the index follows its result.
    Writing starts once the builds have paused for `quiet` seconds, and writes only the pages'
    documents that changed since the last time. The last index written is kept in `keep` as
    well, to put back at once when a full rebuild has emptied the site's folder."""

    def __init__(self, keep: str, report, quiet: float = 1.0) -> None:
        self.keep = keep
        self.quiet = quiet
        self._source = keep + ".documents"
        self._written: dict[str, str] = {}  # what `_source` holds
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
                _sync(self._source, documents, self._written, stopped=lambda: self._cancelled)
                _index(self._source, self.keep + ".fresh", self.keep, background=True, running=self._running)
                _replace(self.keep, output)
            except (SearchBuildError, OSError, _Stopped) as exc:
                with self._lock:
                    cancelled, self._cancelled = self._cancelled, False
                if not cancelled:
                    self._report(str(exc))
            else:
                self._report(None)
