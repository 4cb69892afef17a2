"""The site's search in a MkDocs build: what the theme's search plugin reads of each page, its
index after a dirty rebuild, and Pagefind's index (`search: pagefind`) written beside the
other plugins' last work, or in the background while serving."""

from __future__ import annotations

import concurrent.futures
import logging
import os
import tempfile

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from casebook import paths
from casebook.mkdocs.compat import has_plugin
from casebook.publish import pagefind_index
from casebook.render import search_entry

log = logging.getLogger("mkdocs.plugins.casebook")

#: The casebook's partial that draws the theme's search box over Pagefind's index.
THEME_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "theme")


class Search:
    """What the casebook does for the site's search, build after build: with the theme's search,
    a case page offers it only its first section; with Pagefind, every page is kept whole for
    Pagefind, which indexes them at the end of the build."""

    def __init__(self, *, pagefind: bool, serving: bool) -> None:
        self.pagefind = pagefind
        self.serving = serving
        #: What Pagefind indexes of each page, by the page's path in the site.
        self.documents: dict[str, str] = {}
        self._full_content: str | None = None  # a page's HTML while the search plugin reads less of it
        self._job: concurrent.futures.Future | None = None  # Pagefind, while a build ends
        self._output = ""  # where it writes the index
        self._background: pagefind_index.BackgroundIndex | None = None
        #: Each page's url as search entries name it, and each page rebuilt, in the last build.
        self.live_urls: set[str] = set()
        self.rebuilt_urls: set[str] = set()
        self.live_dests: set[str] = set()

    def configure(self, config: MkDocsConfig) -> None:
        """Check the site can show Pagefind's results, and draw the theme's search box with the
        casebook's partial (after the site's own overrides, before the theme's templates); the
        plugin adds the script that fills it (`search.js`)."""
        if self._background is not None:
            self._background.cancel()  # a rebuild of `mkdocs serve` starts: it comes first
        if not self.pagefind:
            return
        refusal = pagefind_index.missing()
        if refusal is None and config.theme.name != "material":
            refusal = f"the search option 'pagefind' shows its results in Material's search box; this site's theme is '{config.theme.name}'"
        if refusal is None and not has_plugin(config, "search"):
            refusal = "the search option 'pagefind' shows its results in the search box of the theme's 'search' plugin: add 'search' to 'plugins'"
        if refusal:
            raise PluginError(f"casebook: {refusal}")
        dirs = config.theme.dirs
        if THEME_DIR not in dirs:
            material = next((i for i, d in enumerate(dirs) if os.path.isfile(os.path.join(d, "partials", "search.html"))
                             and d != config.theme.custom_dir), len(dirs))
            dirs.insert(material, THEME_DIR)

    def offer(self, page: Page, config: MkDocsConfig, *, case_page: bool, kind: str | None) -> None:
        """Before the theme's search plugin reads `page`: a case page (`case_page`) offers it only
        its first section (see `casebook.render.search_entry`). With Pagefind, the page is kept
        whole for it (`kind`: which of the casebook's pages it is), and the theme's search is
        handed nothing."""
        self.rebuilt_urls.add(page.url)
        if self.pagefind:  # it reads the whole page, in pieces, at no cost to a reader
            self._keep_for_pagefind(page, config, kind)
            offered = ""
        else:
            offered = search_entry.first_section(page.content) if case_page else page.content
        if offered is not page.content:
            self._full_content = page.content
            page.content = offered

    def _keep_for_pagefind(self, page: Page, config: MkDocsConfig, kind: str | None) -> None:
        """Keep the whole of `page` for Pagefind, unless its front matter says
        `search: {exclude: true}` as the theme's search plugin reads it."""
        setting = page.meta.get("search")
        if isinstance(setting, dict) and setting.get("exclude"):
            self.documents.pop(page.file.dest_uri, None)
            return
        # Pagefind finds a reader's index by the page's lang, and falls back on its first part:
        # Material writes `pt` for `pt-BR`, so each page is indexed by that first part.
        language = str(config.theme.get("language") or "en").replace("_", "-").split("-")[0].lower()
        self.documents[page.file.dest_uri] = pagefind_index.document(page.title or config.site_name, page.content,
                                                                    language, kind)

    def restore(self, page: Page) -> None:
        """After the search plugin has read the page, before the theme shows it: the whole page."""
        if self._full_content is not None:
            page.content, self._full_content = self._full_content, None

    def built_pages(self, pages, *, more: bool = False) -> None:
        """The site's pages in this build (MkDocs files), before any is built; with `more`, the
        pages of another language of the same site (mkdocs-static-i18n), whose index is one."""
        # A page's url as search entries name it: the home page's file says './', its entries ''.
        self.live_urls = {"" if f.url == "./" else f.url for f in pages}
        dests = {f.dest_uri for f in pages}
        self.live_dests = self.live_dests | dests if more else dests
        self.rebuilt_urls = set()

    def write(self, config: MkDocsConfig, *, dirty: bool, pagefind: bool = True) -> None:
        """At the end of a build, before the theme's search plugin writes its index; Pagefind's
        index too, unless `pagefind` is false (it waits for the site's other languages)."""
        if dirty:
            self._merge_theme_index(config)
        if self.pagefind and pagefind:
            self._write_pagefind(config)

    def _merge_theme_index(self, config: MkDocsConfig) -> None:
        """Material's search plugin, in a dirty rebuild, keeps its last index and replaces the
        entries of one rebuilt page; here the entries of every rebuilt or removed page are."""
        for plugin in config.plugins.values():
            index, previous = getattr(plugin, "search_index", None), getattr(plugin, "search_index_prev", None)
            if index is None or previous is None or not hasattr(index, "entries"):
                continue
            kept = [entry for entry in previous.entries
                    if (url := entry["location"].split("#", 1)[0]) in self.live_urls and url not in self.rebuilt_urls]
            index.entries = kept + index.entries
            plugin.search_index_prev = None  # it writes index.entries as they are, and keeps them for next time

    def _write_pagefind(self, config: MkDocsConfig) -> None:
        """Index the pages with Pagefind: beside the other plugins' last work in a build, in the
        background while serving (the page shows first; its words are found a moment later)."""
        for gone in set(self.documents) - self.live_dests:
            del self.documents[gone]
        output = os.path.join(config.site_dir, pagefind_index.BUNDLE)
        if self.serving:
            if self._background is None:
                keep = os.path.join(tempfile.mkdtemp(prefix="casebook-search-"), pagefind_index.BUNDLE)
                self._background = pagefind_index.BackgroundIndex(keep, _report)
            self._background.restore(output)
            self._background.submit(self.documents, output)
            return
        pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="casebook-search")
        self._job = pool.submit(pagefind_index.write, self.documents, output)
        self._output = output
        pool.shutdown(wait=False)  # the job runs on beside the other plugins; `wait` waits for it

    def wait(self) -> None:
        """After every other plugin's work of the build: Pagefind's index is written."""
        job, self._job = self._job, None
        if job is not None:
            try:
                job.result()
            except pagefind_index.SearchBuildError as exc:
                raise PluginError(f"casebook: {exc}") from None
            if note := pagefind_index.advice(self._output):
                log.info(f"casebook: {note}")

    def close(self) -> None:
        """The server stops: it does not wait for an index nobody will read."""
        if self._background is not None:
            self._background.close()
            self._background.wait(timeout=10)


def _report(error: str | None) -> None:
    if error:
        log.error(f"casebook: the search index was not updated: {error}")
    else:
        log.info("casebook: search index updated")


def page_kind(src_uri: str, mount: str, generated: bool) -> str | None:
    """Which of the casebook's pages a page is, for Pagefind's filters; None for the site's own."""
    return pagefind_index.page_kind(paths.unmounted(src_uri, mount)) if generated else None
