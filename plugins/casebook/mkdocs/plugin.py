"""The MkDocs plugin: load the casebook, report its problems, and add its pages as virtual files."""

from __future__ import annotations

import concurrent.futures
import logging
import os
import posixpath
import tempfile

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserverVFS

from casebook import paths
from casebook.link import casefiles
from casebook.mkdocs import theme_features
from casebook.mkdocs.config import CasebookConfig, render_options, vocabularies
from casebook.problems import ERROR, NOTICE, WARNING, Problem, count_errors
from casebook.publish import assembly, pagefind_index
from casebook.render import markdown_pages, search_entry
from casebook.render.deferred import DeferredBlocks
from casebook.render.page_html import PageConverter, TocOptions, drop_markdown_attributes, is_reserved, rename_reserved_headings

log = logging.getLogger("mkdocs.plugins.casebook")

ASSET_DEST = paths.ASSET_DEST
_LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING, NOTICE: logging.INFO}


class _GeneratedFile(File):
    """A generated page, or a file the pages fetch, that knows whether it differs from the
    last build of `mkdocs serve --dirty`. MkDocs takes every in-memory file for modified, so
    each save would rebuild every page and write every file again; with this, a dirty rebuild
    skips the pages whose Markdown did not change, and the files whose content did not."""

    changed = True
    _found: bool | None = None  # whether the last build's file is there, looked up once a build

    def is_modified(self) -> bool:
        if self.changed:
            return True
        if self._found is None:  # MkDocs asks twice a page
            self._found = os.path.isfile(self.abs_dest_path)
        return not self._found


def _always_modified() -> bool:
    return True


class _ConvertedPage(Page):
    """A case or lesson page whose Markdown the core turns into HTML, instead of MkDocs'
    Python-Markdown pass: it is the casebook's own Markdown, and there are thousands of them."""

    def __init__(self, file: File, config: MkDocsConfig, converter: PageConverter) -> None:
        super().__init__(None, file, config)
        self._converter = converter

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        result = self._converter.convert(self.markdown, self.file.src_uri)
        self.content = result.content
        self.toc = get_toc(result.toc)
        self._title_from_render = result.title
        self.present_anchor_ids = result.anchors


#: The templates of the converted pages; a site that replaces one may write Markdown that
#: needs its own extensions, so its pages take the usual path.
_CONVERTED_TEMPLATES = ("case.md.j2", "lesson.md.j2", "_macros.md.j2")


def _page_converter(config: MkDocsConfig, templates_dir: str | None) -> PageConverter | None:
    """A converter that writes headings as the site's `toc` extension would, or None when the
    site sets `toc` options it does not write or replaces the pages' templates."""
    if templates_dir and any(os.path.exists(os.path.join(templates_dir, t)) for t in _CONVERTED_TEMPLATES):
        return None
    given = [c for name in ("toc", "markdown.extensions.toc") if (c := config.mdx_configs.get(name)) is not None]
    if len(given) > 1:  # the extension twice: leave it to Python-Markdown
        return None
    options = dict(given[0] if given else {})
    if not set(options) <= TocOptions.SUPPORTED:
        return None
    if "separator" in options:
        options["separator"] = str(options["separator"])
    toc = TocOptions(**options)
    try:
        toc.levels()
    except (TypeError, ValueError):  # Python-Markdown will say what is wrong with it
        return None
    return PageConverter(directory_urls=config.use_directory_urls, toc=toc)


def _templates_stamp(folder: str | None) -> tuple:
    """The page templates a site replaced, and when each was last changed."""
    if not folder or not os.path.isdir(folder):
        return ()
    return tuple(sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(folder) if e.is_file()))


def _anchors(links) -> list:
    """Every entry of a table of contents, nested ones too."""
    found = []
    for link in links:
        found.append(link)
        found += _anchors(link.children)
    return found


def _rename_toc(toc, renamed: dict[str, str]) -> None:
    for link in _anchors(toc):
        link.id = renamed.get(link.id, link.id)


def _add_once(assets: list, path: str) -> None:
    """Add `path` to the site's `extra_css` or `extra_javascript`, unless the site lists it."""
    if path not in [str(item) for item in assets]:
        assets.append(path)


def _has_plugin(config: MkDocsConfig, name: str) -> bool:
    """Whether a plugin is on, named with or without its theme's prefix (`tags`, `material/tags`)."""
    return any(key == name or key.endswith("/" + name) for key in config.plugins)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """The casebook in a MkDocs build: it loads the case files, reports their problems in MkDocs'
    log, and adds every file of `assembly.site_files` as a virtual file. Beyond that it
    keeps what `mkdocs serve --dirty` reuses between builds, runs Pagefind, watches the cases
    folder, and steps around other plugins (i18n, print-site, git dates)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.root = ""  # the folder of mkdocs.yml, which problems are reported relative to
        self.cases_dir = ""
        self.problems: list[Problem] = []
        self.deferred = DeferredBlocks()
        self.prose_cache: dict = {}
        self.links_observer = None  # watches the cases folder's symbolic links while serving
        self.case_pages: set[str] = set()
        self.redirected: list[str] = []  # the entries this plugin added to mkdocs-redirects' map
        self.dirty = False
        self.load_cache: dict = {}  # what each YAML file gave, while serving
        self.page_cache: dict = {}  # each case, lesson and numbered page, and what it was rendered from
        self.item_cache: dict = {}  # each case's item on the cases index and its numbered pages
        self.docs_paths: dict = {}  # each YAML file's path from the docs folder (`_from_docs`)
        self.export_cache: dict = {}  # each case's entry in casebook.json
        self.graph_cache = None  # the last build's links between cases, while serving
        self.terms_cache = None  # and its cases' distinctive words (`search_entry.Terms`)
        self.words_cache: dict = {}  # each case's words, for its search terms
        self._full_content: str | None = None  # a case page's HTML while search reads its first section
        self.render_key: tuple | None = None  # the options the caches were made with
        self.built: dict[str, str] = {}  # the Markdown of each generated page last built
        self.built_files: dict[str, File] = {}  # and its file, which says where it was written
        self.built_data: dict[str, str] = {}  # what each file the pages fetch held in the last build
        self.built_banner = ""
        self.built_tags: dict | None = None
        self.built_settings: int | None = None  # when mkdocs.yml was last changed
        self.rebuilt_urls: set[str] = set()
        self.live_urls: set[str] = set()
        self._section = None  # the nav page shown active while a page under it is built
        self.mount = ""
        #: Each generated file by its path in the site, and the YAML file of each case and lesson page.
        self.generated: dict[str, File] = {}
        self.sources: dict[str, str] = {}
        #: What Pagefind indexes of each page (`search: pagefind`), by the page's path in the site.
        self.search_documents: dict[str, str] = {}
        self._search_job: concurrent.futures.Future | None = None  # Pagefind, while a build ends
        self._background_index: pagefind_index.BackgroundIndex | None = None
        self.live_dests: set[str] = set()  # each page's path in the site, as of the last build
        #: Every file of the casebook in the last build, by its path inside the casebook.
        self.site: assembly.SiteFiles | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across rebuilds of `mkdocs serve`.
        self.serving = command == "serve"
        #: `mkdocs serve --dirty`: rebuild only the pages that changed.
        self.dirty = self.serving and dirty

    def path(self, src: str) -> str:
        """A path inside the casebook (`cases/index.md`) at its place in the site."""
        return paths.mounted(src, self.mount)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = os.path.dirname(os.path.abspath(config.config_file_path))
        self.cases_dir = os.path.normpath(os.path.join(self.root, self.config.cases_dir))
        refusal = theme_features.refusal(config.theme.get("features") or [])
        if refusal:
            raise PluginError(refusal)
        self.mount = self.config.mount
        _add_once(config.extra_css, self.path(assembly.STYLESHEET))
        _add_once(config.extra_javascript, self.path(assembly.SCRIPT))
        if self.config.search == "pagefind":
            self._use_pagefind(config)
        if self._background_index is not None:
            self._background_index.cancel()  # a rebuild of `mkdocs serve` starts: it comes first
        return config

    def _use_pagefind(self, config: MkDocsConfig) -> None:
        """Draw the theme's search box with the casebook's partial, which searches Pagefind's index."""
        refusal = pagefind_index.missing()
        if refusal is None and config.theme.name != "material":
            refusal = f"the search option 'pagefind' shows its results in Material's search box; this site's theme is '{config.theme.name}'"
        if refusal is None and not _has_plugin(config, "search"):
            refusal = "the search option 'pagefind' shows its results in the search box of the theme's 'search' plugin: add 'search' to 'plugins'"
        if refusal:
            raise PluginError(f"casebook: {refusal}")
        theme_dir = os.path.join(os.path.dirname(os.path.dirname(__file__)), "theme")
        dirs = config.theme.dirs
        if theme_dir not in dirs:
            # After the site's own overrides (custom_dir), before the theme's templates.
            material = next((i for i, d in enumerate(dirs) if os.path.isfile(os.path.join(d, "partials", "search.html"))
                             and d != config.theme.custom_dir), len(dirs))
            dirs.insert(material, theme_dir)
        _add_once(config.extra_javascript, self.path(f"{ASSET_DEST}/search.js"))

    def _from_docs(self, path: str, config: MkDocsConfig) -> str:
        """A project path (`cases/x.yml`) as seen from the docs folder (`../cases/x.yml`); kept
        for the next rebuild of `mkdocs serve`, which asks again for every file."""
        key = (path, config.docs_dir, self.root)
        rel = self.docs_paths.get(key)
        if rel is None:
            rel = self.docs_paths[key] = paths.from_folder(os.path.join(self.root, path), config.docs_dir)
        return rel

    def _from_root(self, path: str) -> str:
        """A folder as the repository names it, relative to the folder of `mkdocs.yml`."""
        return paths.from_folder(path, self.root)

    def _home_steps_aside(self, files: Files, config: MkDocsConfig) -> bool:
        """Whether the site has its own page where the home page would go (then it is not generated)."""
        existing = files.get_file_from_path(self.path(paths.HOME))
        if existing is None or existing.generated_by is not None:
            return False
        log.info("casebook: " + paths.own_home_message(posixpath.join(os.path.basename(config.docs_dir),
                                                                       existing.src_uri)))
        return True

    def _options(self, files: Files, config: MkDocsConfig) -> markdown_pages.RenderOptions:
        return render_options(self.config, config, from_docs=lambda path: self._from_docs(path, config),
                              cases_dir=self._from_root(self.cases_dir),
                              home=not (self.config.home and self._home_steps_aside(files, config)))

    def _add(self, files: Files, file: File, config: MkDocsConfig) -> None:
        # A path in the docs tree, as if the file were there: plugins that sort files by where
        # they come from (mkdocs-static-i18n) need one.
        file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, *file.src_uri.split("/")))
        self.generated[file.src_uri] = file
        files.append(file)

    @event_priority(50)  # before plugins that look at every file: redirects, i18n, blog, print-site
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        book, self.problems = casefiles.load(self.cases_dir, root=self.root, vocab=vocabularies(self.config),
                                           cache=self.load_cache if self.serving else None)
        for problem in self.problems:
            log.log(_LEVELS[problem.level], str(problem))
        errors = count_errors(self.problems)
        if errors and not self.serving:
            raise PluginError(f"casebook: {errors} error{'s' * (errors != 1)} in {self.config.cases_dir}/; fix them and build again")
        options = self._options(files, config)
        if options.tags_page and any(case.tags for case in book.cases.values()) and not _has_plugin(config, "tags"):
            log.warning("casebook: cases have tags, but no tags plugin is on, so they are not shown; "
                        "add 'tags' to the plugins in mkdocs.yml, or set the casebook's 'tags_page: false'")
        render_key = (config.use_directory_urls, config.repo_url, config.edit_uri, config.edit_uri_template,
                      tuple(getattr(options, name) for name in markdown_pages.SWITCHES),
                      self.config.lesson_cases, self.config.index_cases, self.config.search,
                      _templates_stamp(self.config.templates_dir))
        if render_key != self.render_key:  # rendered another way: render every page again
            self.prose_cache, self.page_cache, self.item_cache, self.render_key = {}, {}, {}, render_key
        words = {i: w for i, (case, w) in self.words_cache.items() if book.cases.get(i) is case}
        renderer = markdown_pages.Renderer(book, options, previous=self.prose_cache, previous_pages=self.page_cache,
                                   previous_items=self.item_cache, previous_graph=self.graph_cache,
                                   previous_terms=self.terms_cache,
                                   case_words=words)
        redirects_plugin = config.plugins.get("redirects")
        site = self.site = assembly.site_files(renderer, self.mount,
                                                 export_cache=self.export_cache if self.serving else None,
                                                 redirect_pages=redirects_plugin is None)
        if redirects_plugin is not None:
            self._redirect(redirects_plugin, site.moved)
        pages = site.pages
        if self.serving:  # the next rebuild renders only the fields and pages that changed
            self.prose_cache, self.page_cache, self.item_cache = (renderer.prose_cache, renderer.page_cache,
                                                                  renderer.item_cache)
            self.words_cache = {i: (book.cases[i], w) for i, w in renderer.case_words.items()}
            self.graph_cache = renderer.graph
            self.terms_cache = renderer.terms or self.terms_cache
        changed = self._changed_pages(pages, book, config, files)
        self.deferred = DeferredBlocks()
        self.generated = {}
        sources = {paths.case_page(i): x.path for i, x in book.cases.items()}
        self.case_pages = {self.path(src) for src in sources}
        sources.update({paths.lesson_page(i): x.path for i, x in book.lessons.items()})
        self.sources = {self.path(src): os.path.join(self.root, path) for src, path in sources.items()}
        converter = _page_converter(config, self.config.templates_dir)
        in_nav = paths.nav_paths(config.nav)  # a page there takes its title from the nav, as usual
        docs = os.path.basename(config.docs_dir)
        for page_src, content in pages.items():
            src_uri = self.path(page_src)
            existing = files.get_file_from_path(src_uri)
            if existing is not None and existing.generated_by is None:
                raise PluginError(
                    f"casebook: {posixpath.join(docs, src_uri)} is a generated page; remove that file, "
                    f"set the casebook's 'mount' to a folder of its own, or turn that page off"
                )
            # Single cases and lessons stay out of the nav: hundreds of entries would make every
            # page large and the build quadratic. The index pages link them.
            inclusion = InclusionLevel.UNDEFINED if page_src in paths.IN_NAV else InclusionLevel.NOT_IN_NAV
            if changed is None or page_src in changed:
                file = _GeneratedFile.generated(config, src_uri, content=self.deferred.take(content), inclusion=inclusion)
            else:  # not read again by this build
                file = _GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion)
                file.changed = False
            if page_src in sources:
                file.edit_uri = self._from_docs(sources[page_src], config)  # Material's edit button
                if converter is not None and src_uri not in in_nav:
                    _ConvertedPage(file, config, converter)  # becomes file.page
            self._add(files, file, config)
        previous, self.built_data = self.built_data, site.data if self.dirty else {}
        for src, content in site.data.items():
            file = _GeneratedFile.generated(config, self.path(src), content=content)
            file.changed = previous.get(src) != content  # the card files of the cases an edit did not touch stay
            self._add(files, file, config)
        for src, path in site.assets.items():
            files.append(File.generated(config, self.path(src), abs_src_path=path))
        return files

    def _redirect(self, plugin, moved: dict[str, str]) -> None:
        """Give mkdocs-redirects the old pages of renamed items (it runs after this, and writes them);
        the site's own entries come first, and the entries of an earlier build of `serve` go."""
        maps = plugin.config.setdefault("redirect_maps", {})
        for old in self.redirected:
            maps.pop(old, None)
        self.redirected = []
        for old, new in moved.items():
            old, new = self.path(old), self.path(new)
            if old not in maps:
                maps[old] = new
                self.redirected.append(old)

    def _changed_pages(self, pages: dict[str, str], book, config: MkDocsConfig, files: Files) -> set[str] | None:
        """The generated pages a `mkdocs serve --dirty` rebuild must build, or None for all."""
        if not self.dirty:
            return None
        banner = markdown_pages.problems_banner(self.problems, self.config.cases_dir) if count_errors(self.problems) else ""
        tagged = {paths.case_page(i): (c.title, tuple(c.tags)) for i, c in book.cases.items() if c.tags}
        settings = os.stat(config.config_file_path).st_mtime_ns if config.config_file_path else None
        previous, previous_banner, previous_tags, previous_settings = (
            self.built, self.built_banner, self.built_tags, self.built_settings)
        self.built, self.built_banner, self.built_tags, self.built_settings = pages, banner, tagged, settings
        self.rebuilt_urls = set()
        for src in previous.keys() - pages.keys():  # a case or lesson that is gone, or left out
            file = self.built_files.get(src)
            if file is not None and os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)
        if not previous:
            return None
        if banner != previous_banner or settings != previous_settings:
            # Every page shows the banner, and mkdocs.yml may change any page: build them all,
            # hand-written ones too.
            for file in files.documentation_pages():
                file.is_modified = _always_modified  # type: ignore[method-assign]
            return None
        changed = {src for src, content in pages.items() if previous.get(src) != content}
        if tagged != previous_tags and any(p.startswith(("tags", "material/tags")) for p in config.plugins):
            # Material's tags plugin lists the tagged pages it read in this build on the tags page.
            changed |= set(tagged) | {paths.TAGS}
        return changed

    @event_priority(-200)  # after plugins that copy every file (mkdocs-static-i18n)
    def _keep_contents(self, files: Files, *, config: MkDocsConfig) -> Files:
        """A plugin may have replaced a generated file by a copy that reads from the docs folder,
        where the page is not: the copy gets the page's content back."""
        for file in files:
            ours = self.generated.get(file.src_uri)
            if ours is not None and file is not ours:
                file.content_bytes = ours.content_bytes
                file.edit_uri = ours.edit_uri
                file.generated_by = ours.generated_by
                if isinstance(ours.page, _ConvertedPage) and file.page is None:
                    _ConvertedPage(file, config, ours.page._converter)
        return files

    on_files = CombinedEvent(_add_files, _keep_contents)

    @event_priority(-100)  # after mkdocs-print-site-plugin has taken the nav
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """The print page of mkdocs-print-site-plugin holds every case, lesson and module too,
        each after its index page, though the nav leaves them out."""
        printer = next((p for key, p in config.plugins.items() if key.split("/")[-1] == "print-site"), None)
        renderer = getattr(printer, "renderer", None)
        if renderer is not None and getattr(renderer, "items", None) is not None:
            renderer.items = self._print_items(renderer.items, files)
        return nav

    def _print_items(self, items: list, files: Files) -> list:
        sections = {self.path(index): [self.path(src) for src in self.generated_pages(prefix)]
                    for index, prefix in ((paths.CASES_INDEX, "cases/"), (paths.LESSONS_INDEX, "lessons/"),
                                          (paths.TRAINING_INDEX, "training/"))}

        def pages_of(index: str) -> list:
            return [f.page for src in sections[index] if (f := files.get_file_from_path(src)) and f.page]

        placed: set[str] = set()

        def walk(items: list) -> list:
            out = []
            for item in items:
                if item.is_page and item.file.src_uri in sections and item.file.src_uri not in placed:
                    placed.add(item.file.src_uri)
                    out.append(Section(item.title or "", [item, *pages_of(item.file.src_uri)]))
                elif item.is_section:
                    out.append(Section(item.title, walk(item.children)))
                else:
                    out.append(item)
            return out

        printed = walk(items)
        rest = [page for index in sections if index not in placed for page in pages_of(index)]
        return printed + rest

    def generated_pages(self, prefix: str) -> list[str]:
        """The single cases, lessons or modules generated (paths inside the casebook), in order,
        leaving out index pages and what sits in sub-folders (facilitator notes, case cards)."""
        found = []
        for src_uri in self.generated:
            src = paths.unmounted(src_uri, self.mount)
            if (src.startswith(prefix) and src.endswith(".md") and not src.endswith("/index.md")
                    and "/" not in src[len(prefix):]):
                found.append(src)
        return found

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A case or lesson page is written from its YAML file: plugins that ask a page's source
        for its history (mkdocs-git-revision-date-localized-plugin) are given that file."""
        source = self.sources.get(page.file.src_uri)
        if source is not None and page.file is self.generated.get(page.file.src_uri):
            page.file.abs_src_path = source
            page.file.generated_by = None
        return page

    def _ours(self, page: Page) -> bool:
        """Whether the casebook wrote this page; asked of the page's file, since `on_pre_page`
        clears `generated_by` on case and lesson pages for plugins that read their source."""
        return page.file.generated_by is not None or self.generated.get(page.file.src_uri) is page.file

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """While serving, every page says what is broken, so a contributor sees it as they edit."""
        if self.serving and count_errors(self.problems):
            return markdown_pages.problems_banner(self.problems, self.config.cases_dir) + "\n\n" + markdown
        return markdown

    @event_priority(100)  # before the search plugin reads the page
    def _offer_search(self, context, *, page, config: MkDocsConfig, nav):
        """A case page offers the theme's search only its first section (see `casebook.render.search_entry`):
        the search plugin is handed that much of the page, and parses no more. With Pagefind,
        the page is kept whole for it, and the theme's search is handed nothing."""
        if self.config.search == "pagefind":  # it reads the whole page, in pieces, at no cost to a reader
            self._index_for_pagefind(page, config)
            offered = ""  # the theme's own index is not read: it is handed titles only
        else:
            offered = search_entry.first_section(page.content) if page.file.src_uri in self.case_pages else page.content
        if offered is not page.content:
            self._full_content = page.content
            page.content = offered
        return context

    def _index_for_pagefind(self, page: Page, config: MkDocsConfig) -> None:
        """Keep what Pagefind will index of `page`, the whole of it, unless its front matter
        says `search: {exclude: true}` as the theme's search plugin reads it."""
        setting = page.meta.get("search")
        if isinstance(setting, dict) and setting.get("exclude"):
            self.search_documents.pop(page.file.dest_uri, None)
            return
        language = str(config.theme.get("language") or "en")
        src = page.file.src_uri
        kind = pagefind_index.page_kind(paths.unmounted(src, self.mount)) if src in self.generated else None
        self.search_documents[page.file.dest_uri] = pagefind_index.document(page.title or config.site_name, page.content,
                                                                         language, kind)

    @event_priority(-100)  # after the search plugin has read the page, before the theme shows it
    def _whole_page(self, context, *, page, config: MkDocsConfig, nav):
        if self._full_content is not None:
            page.content, self._full_content = self._full_content, None
        return context

    def _active_section(self, context, *, page, config: MkDocsConfig, nav):
        """A case, lesson or module page is out of the nav; its index's tab and entry show active."""
        self.rebuilt_urls.add(page.url)
        self._section = None
        if page.parent is None and self._ours(page) and page not in nav.pages:
            index = paths.section_index(page.file.src_uri)
            found = next((p for p in nav.pages if p.file.src_uri == index), None) if index else None
            if found is not None and not found.active:
                found.active = True
                self._section = found
        return context

    on_page_context = CombinedEvent(_offer_search, _active_section, _whole_page)

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self._section is not None:
            self._section.active = False
            self._section = None
        return output

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Put back the finished HTML blocks that skipped the Markdown pass, and keep headings
        made from contributors' titles off the ids the theme's scripts look up."""
        if self._ours(page):
            html = drop_markdown_attributes(self.deferred.restore(html))
            html = paths.resolve_html_links(html, page.file.src_uri, config.use_directory_urls)
            html, renamed = rename_reserved_headings(html)
            if renamed:
                _rename_toc(page.toc, renamed)
            clash = [a.id for a in _anchors(page.toc) if is_reserved(a.id)]
            if clash:
                raise PluginError(f"casebook: a heading of {page.file.src_uri} has the id '{clash[0]}', "
                                  f"which the theme's scripts look up; rename the heading")
        return self.deferred.restore(html)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.serving and env.bytecode_cache is None:
            # MkDocs makes the theme's templates anew for every rebuild; compiling them again
            # took about half a second of each (checked against each template's source).
            env.bytecode_cache = markdown_pages.THEME_TEMPLATES
        # A page's url as search entries name it: the home page's file says './', its entries ''.
        pages = files.documentation_pages()
        self.live_urls = {"" if f.url == "./" else f.url for f in pages}
        self.live_dests = {f.dest_uri for f in pages}
        built = {self.path(src): src for src in self.built}
        self.built_files = {built[f.src_uri]: f for f in pages if f.src_uri in built}
        return env

    @event_priority(50)  # before the search plugin writes its index
    def _before_search_index(self, *, config: MkDocsConfig) -> None:
        self.deferred = DeferredBlocks()  # free the memory between builds
        if self.dirty:
            self._merge_search_index(config)
        if self.config.search == "pagefind":
            self._write_pagefind_index(config)

    @event_priority(-100)  # after every other plugin's work of the build
    def _after_search_index(self, *, config: MkDocsConfig) -> None:
        job, self._search_job = self._search_job, None
        if job is not None:
            try:
                job.result()
            except pagefind_index.SearchBuildError as exc:
                raise PluginError(f"casebook: {exc}") from None

    on_post_build = CombinedEvent(_before_search_index, _after_search_index)

    def _write_pagefind_index(self, config: MkDocsConfig) -> None:
        """Index the pages with Pagefind: beside the other plugins' last work in a build, in the
        background while serving (the page shows first; its words are found a moment later)."""
        for gone in set(self.search_documents) - self.live_dests:
            del self.search_documents[gone]
        output = os.path.join(config.site_dir, pagefind_index.BUNDLE)
        if self.serving:
            if self._background_index is None:
                keep = os.path.join(tempfile.mkdtemp(prefix="casebook-search-"), pagefind_index.BUNDLE)
                self._background_index = pagefind_index.BackgroundIndex(keep, _report_search)
            self._background_index.restore(output)
            self._background_index.submit(self.search_documents, output)
            return
        pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="casebook-search")
        self._search_job = pool.submit(pagefind_index.write, self.search_documents, output)
        pool.shutdown(wait=False)  # the job runs on beside the other plugins; `_after_search_index` waits for it

    def _merge_search_index(self, config: MkDocsConfig) -> None:
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

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # MkDocs polls every watched file twice a second; thousands of case files kept an idle
        # server busy. The cases folder is watched by the system's file events instead.
        self._observer = _watch_natively(server, self.cases_dir)
        if self._observer is None:
            server.watch(self.cases_dir)
            # System file events name a link itself when it comes, goes or changes; polling does not.
            self._watch_links(server)
        if self.config.templates_dir:
            server.watch(self.config.templates_dir)
        return server

    def _watch_links(self, server) -> None:
        """Rebuild when a symbolic link is added, removed or changed in the cases folder.

        MkDocs' watcher follows links, so it skips one that is broken or loops (adding it
        or removing it changes nothing it sees) and mistakes a new link for the file it
        points to. A second watcher looks at the links themselves and asks the server for a
        rebuild as MkDocs' own watcher does (LiveReloadServer has no public call for it)."""
        if not all(hasattr(server, a) for a in ("_rebuild_cond", "_want_rebuild")) or self.links_observer is not None:
            return

        def rebuild(event) -> None:
            if event.is_directory:
                return
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

        handler = FileSystemEventHandler()
        handler.on_any_event = rebuild  # type: ignore[method-assign]
        self.links_observer = PollingObserverVFS(os.lstat, os.scandir, polling_interval=0.5)
        self.links_observer.schedule(handler, self.cases_dir, recursive=True)
        self.links_observer.start()

    def on_shutdown(self) -> None:
        if self._background_index is not None:
            # Closing the server does not wait for an index nobody will read.
            self._background_index.close()
            self._background_index.wait(timeout=10)
        observer, self._observer = getattr(self, "_observer", None), None
        if observer is not None:
            observer.stop()
        if self.links_observer is not None:
            self.links_observer.stop()
            self.links_observer = None


def _report_search(error: str | None) -> None:
    if error:
        log.error(f"casebook: the search index was not updated: {error}")
    else:
        log.info("casebook: search index updated")


def _watch_natively(server, path: str):
    """Ask `server` (MkDocs' LiveReloadServer) to rebuild whenever a file under `path` changes,
    through the system's file events (inotify, FSEvents, ...); None when that is not possible,
    and the caller falls back to MkDocs' polling."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        if Observer is PollingObserver:
            return None

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                    return
                with condition:
                    server._want_rebuild = True
                    condition.notify_all()

        observer = Observer()
        observer.daemon = True
        observer.schedule(Handler(), path, recursive=True)
        observer.start()
        return observer
    except (ImportError, OSError) as exc:
        log.debug(f"casebook: watching {path} by polling ({exc})")
        return None
