"""What a server keeps between builds of the site, and what each rebuild changed.

`mkdocs serve` builds the site again after every save. `Rebuilds` keeps what the last build
loaded and rendered, so that the next reads only the files that changed and renders only the
pages and fields whose inputs changed; and, for `mkdocs serve --dirty`, it compares the new
site's files with the last build's and says which outputs changed, so that only those are
written again. Nothing here knows MkDocs: the plugin hands in the casebook's folder and the
options, and acts on the `Changes` it gets back.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from casebook import paths
from casebook.link import casefiles
from casebook.link.casefiles import Casebook
from casebook.problems import Problem
from casebook.publish.assembly import SiteFiles, site_files
from casebook.render.markdown_pages import Renderer, RenderOptions, broken_page


#: The kinds of item a server keeps showing when their file breaks: as their last version that
#: loaded, or as a page of their problems.
_KEPT_ON_SCREEN = ("case", "lesson")


@dataclass
class Changes:
    """What one build changed since the last, each file by its path inside the casebook."""

    #: The generated pages whose Markdown changed, or None: build every page.
    pages: set[str] | None = None
    #: Every page of the site must be built again, the site's own ones too: the error banner
    #: every page shows changed, or the site's settings did.
    everything: bool = False
    #: The generated pages of the last build that this one no longer has (a deleted case, a
    #: page turned off): their written files are stale.
    gone: set[str] = field(default_factory=set)
    #: The data files (`casebook.json`, card files, the form's data) and downloads whose content
    #: changed, or None: write them all.
    data: set[str] | None = None


@dataclass
class _Built:
    """What the last build made, to compare the next one with."""

    pages: dict[str, str]
    data: dict[str, str]
    downloads: dict[str, bytes]
    banner: str
    settings: Hashable


class Rebuilds:
    """The memory of a server between builds: what each file gave when it was last read, what
    each page and field rendered to, the links between cases, the cases' search words, each
    case's entry in `casebook.json`, and the last build's files.

    With `keep` off (a one-off build) nothing is kept and every build is a first build. With
    `dirty` on (`mkdocs serve --dirty`), `build` also says what changed since the last build."""

    def __init__(self, *, keep: bool, dirty: bool = False) -> None:
        self.keep = keep
        self.dirty = keep and dirty
        self._loaded: dict = {}  # what each YAML file gave (`casefiles.load`'s cache)
        self._render_key: Hashable = None  # what the kept pages and fields were rendered with
        self._prose: dict = {}
        self._pages: dict = {}
        self._items: dict = {}
        self._words: dict = {}  # case id -> (the case, its words), for its search terms
        self._graph = None
        self._terms = None
        self._exported: dict = {}  # each case's entry in casebook.json
        self._downloads: dict = {}  # each module's Word, PowerPoint and SCORM files
        self._last: _Built | None = None
        self._good: dict[tuple[str, str], object] = {}  # each case and lesson as it last loaded
        self._problems: list[Problem] = []

    def load(self, cases_dir: str, *, root: str, vocab: Mapping[str, Sequence[str]] | None = None
             ) -> tuple[Casebook, list[Problem]]:
        """Every file of the casebook, read again only where it changed since the last build.

        A server keeps showing what a contributor broke: a case or lesson whose file has errors
        now is its last version that loaded (listed in `book.stale`), and a case or lesson that
        never loaded gets a page of its problems (`assemble`)."""
        book, problems = casefiles.load(cases_dir, root=root, vocab=vocab, cache=self._loaded if self.keep else None)
        if self.keep:
            self._keep_last_good(book)
            self._problems = problems
        return book, problems

    def _keep_last_good(self, book: Casebook) -> None:
        shelves = {"case": book.cases, "lesson": book.lessons}  # the kinds in _KEPT_ON_SCREEN
        for (kind, item_id), shown in book.left_out.items():
            last = self._good.get((kind, item_id))
            if last is None or kind not in shelves:
                continue
            if kind == "case" and any(link.id not in book.lessons for link in last.lessons):
                continue  # a lesson it links is gone: its page would link nowhere
            shelves[kind][item_id] = last
            book.stale[(kind, item_id)] = shown
        if book.stale:
            book.cases = dict(sorted(book.cases.items()))
            book.lessons = dict(sorted(book.lessons.items()))
        self._good = {(kind, i): item for kind, shelf in shelves.items() for i, item in shelf.items()}

    def assemble(self, book: Casebook, options: RenderOptions, *, key: Hashable, mount: str = "",
                 redirect_pages: bool = True, folder: str = "") -> SiteFiles:
        """Every file of the site (`assembly.site_files`), reusing what the last build rendered
        when it was rendered with the same `key`: every value, beside `options`, that any page
        depends on (the site's links, the templates' dates, ...)."""
        if key != self._render_key:  # rendered another way: render every page again
            self._prose, self._pages, self._items, self._render_key = {}, {}, {}, key
        words = {i: w for i, (case, w) in self._words.items() if book.cases.get(i) is case}
        renderer = Renderer(book, options, previous=self._prose, previous_pages=self._pages,
                            previous_items=self._items, previous_graph=self._graph, previous_terms=self._terms,
                            case_words=words)
        site = site_files(renderer, mount, export_cache=self._exported if self.keep else None,
                          redirect_pages=redirect_pages, download_cache=self._downloads if self.keep else None,
                          folder=folder)
        if self.keep:
            for (kind, item_id), shown in book.left_out.items():
                page = paths.ITEM_PAGE[kind](item_id)
                if kind in _KEPT_ON_SCREEN and (kind, item_id) not in book.stale and page not in site.pages:
                    site.pages[page] = broken_page(shown, self._problems)
        if self.keep:  # the next build renders only the fields and pages that changed
            self._prose, self._pages, self._items = renderer.prose_cache, renderer.page_cache, renderer.item_cache
            self._words = {i: (book.cases[i], w) for i, w in renderer.case_words.items()}
            self._graph = renderer.graph
            self._terms = renderer.terms or self._terms
        return site

    def changes(self, site: SiteFiles, *, banner: str = "", settings: Hashable = None,
                tags_listed: bool = False) -> Changes:
        """What `site` changed since the last build's. `banner` is what every page shows above
        it (`problems_banner`, or ""), and `settings` stands for the site's own settings (when
        mkdocs.yml was saved, say): when either changes, every page is built again.
        `tags_listed`: a tags plugin lists the tagged pages on the tags page. That page is built
        again each time, and only that page: the tags plugin reads the tags of the pages it does
        not build again from the plugin, not from a rebuild of each (see `mkdocs.compat`)."""
        if not self.dirty:
            return Changes()
        last, self._last = self._last, _Built(site.pages, site.data, site.downloads, banner, settings)
        if last is None:
            return Changes()
        gone = last.pages.keys() - site.pages.keys()
        data = {src for src, content in site.data.items() if last.data.get(src) != content}
        data |= {src for src, content in site.downloads.items() if last.downloads.get(src) != content}
        if banner != last.banner or settings != last.settings:
            return Changes(pages=None, everything=True, gone=gone, data=data)
        pages = {src for src, content in site.pages.items() if last.pages.get(src) != content}
        if tags_listed and paths.TAGS in site.pages:
            pages.add(paths.TAGS)
        return Changes(pages=pages, gone=gone, data=data)
