"""The MkDocs plugin: load the casebook, report its problems, and add its pages as virtual files."""

from __future__ import annotations

import dataclasses
import logging
import os
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from casebook import i18n, paths
from casebook.link import casefiles
from casebook.mkdocs import compat, theme_features
from casebook.mkdocs.config import CasebookConfig, render_options, site_language, vocabularies
from casebook.mkdocs.pages import ConvertedPage, GeneratedFile, always_modified, anchors, page_converter, \
    rename_toc, templates_stamp
from casebook.mkdocs.search import Search, page_kind
from casebook.mkdocs.watch import watch_cases
from casebook.problems import ERROR, NOTICE, WARNING, Problem, count_errors
from casebook.publish import assembly
from casebook.publish.rebuild import Changes, Rebuilds
from casebook.render import markdown_pages
from casebook.render.deferred import DeferredBlocks
from casebook.render.page_html import drop_markdown_attributes, is_reserved, rename_reserved_headings

log = logging.getLogger("mkdocs.plugins.casebook")

_LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING, NOTICE: logging.INFO}


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """The casebook in a MkDocs build. It loads the case files and reports their problems in
    MkDocs' log, then adds every file of `assembly.site_files` as a virtual file, and turns the
    casebook's own pages into HTML. What a server keeps between builds is a `Rebuilds`; the
    site's search is a `Search`; other plugins are met in `compat`; `watch` watches the cases
    folder. The instance lives as long as `mkdocs serve` (it defines `on_startup`)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False  # `mkdocs serve --dirty`: rebuild only the pages that changed
        self.root = ""  # the folder of mkdocs.yml, which problems are reported relative to
        self.cases_dir = ""
        self.mount = ""
        self.problems: list[Problem] = []
        self.banner = ""  # the problems every page shows while serving (`problems_banner`)
        self.rebuilds = Rebuilds(keep=False)
        self.search = Search(pagefind=False, serving=False)
        self.words = i18n.translations(None)  # the site's language, once its options are read
        self.redirects = compat.Redirects()
        self.deferred = DeferredBlocks()
        #: Every file of the casebook in the last build, by its path inside the casebook.
        self.site: assembly.SiteFiles | None = None
        #: Each generated file by its path in the site, and the YAML file of each case and lesson page.
        self.generated: dict[str, File] = {}
        self.sources: dict[str, str] = {}
        self.case_pages: set[str] = set()
        self.stale: dict[str, str] = {}  # the pages shown as their file's last version that loaded
        self.tag_meta: dict[str, tuple[str, dict]] = {}  # each case page's front matter (`compat.feed_tags`)
        self.built_files: dict[str, File] = {}  # each generated page's file, last build, by its path in the casebook
        self.docs_paths: dict = {}  # each YAML file's path from the docs folder (`_from_docs`)
        self.observers: list = []
        self._section = None  # the nav page shown active while a page under it is built
        #: With mkdocs-static-i18n, the language being built and the folder of the site its
        #: files go in ("" for the default language); the assets' entries this build added.
        self.i18n: tuple[str, str] | None = None
        self.folder = ""
        self.listed: list[tuple[list, str]] = []
        #: What a server keeps between builds, for each language of mkdocs-static-i18n (by its
        #: folder): each build compares itself with the last build of its own language.
        self.languages: dict[str, tuple[Rebuilds, dict, dict]] = {}
        self.assets: set[str] = set()
        self.told_missing = False  # said what the training modules' downloads need

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across rebuilds of `mkdocs serve`.
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        self.rebuilds = Rebuilds(keep=self.serving, dirty=self.dirty)
        self.languages = {}

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
        self.i18n = compat.i18n_build(config)
        self.folder = self.i18n[0] if self.i18n and self.i18n[0] != self.i18n[1] else ""
        if self.i18n is not None:
            kept = self.languages.setdefault(self.folder, (
                self.rebuilds if not self.languages else Rebuilds(keep=self.serving, dirty=self.dirty), {}, {}))
            self.rebuilds, self.built_files, self.tag_meta = kept
        # Each language of mkdocs-static-i18n loads the stylesheet and scripts in its folder,
        # where its words are; the entries of the language built before go.
        for items, path in self.listed:
            if path in items:
                items.remove(path)
        self.listed = []
        if self.search.pagefind != (self.config.search == "pagefind") or self.search.serving != self.serving:
            self.search.close()
            self.search = Search(pagefind=self.config.search == "pagefind", serving=self.serving)
        self.search.configure(config)
        scripts = [*assembly.SCRIPTS, *([f"{paths.ASSET_DEST}/search.js"] if self.search.pagefind else [])]
        for items, path in [(config.extra_css, assembly.STYLESHEET), *((config.extra_javascript, s) for s in scripts)]:
            path = posixpath.join(self.folder, self.path(path))
            if path not in [str(item) for item in items]:
                items.append(path)
                self.listed.append((items, path))
        return config

    def _from_docs(self, path: str, config: MkDocsConfig) -> str:
        """A project path (`cases/x.yml`) as seen from the docs folder (`../cases/x.yml`); kept
        for the next rebuild of `mkdocs serve`, which asks again for every file."""
        key = (path, config.docs_dir, self.root)
        rel = self.docs_paths.get(key)
        if rel is None:
            rel = self.docs_paths[key] = paths.from_folder(os.path.join(self.root, path), config.docs_dir)
        return rel

    def _home_steps_aside(self, files: Files, config: MkDocsConfig) -> bool:
        """Whether the site has its own page where the home page would go (then it is not generated)."""
        existing = files.get_file_from_path(self.path(paths.HOME))
        if existing is None or existing.generated_by is not None:
            return False
        log.info("casebook: " + paths.own_home_message(posixpath.join(os.path.basename(config.docs_dir),
                                                                       existing.src_uri)))
        return True

    def _language(self, config: MkDocsConfig) -> str:
        """The language of this build: the site's (`site_language`), or with mkdocs-static-i18n
        the language being built."""
        return self.i18n[0] if self.folder else site_language(self.config, config)

    @event_priority(50)  # before plugins that look at every file: redirects, i18n, blog, print-site
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The build's words: its problems, in MkDocs' log and on the pages while serving, and
        # what the search shows.
        self.words = i18n.translations(self._language(config), self.config.locale_dir)
        with i18n.speaking(self.words):
            book, self.problems = self.rebuilds.load(self.cases_dir, root=self.root, vocab=vocabularies(self.config))
            for problem in self.problems if not self.folder else ():  # said once, by the default language's build
                log.log(_LEVELS[problem.level], str(problem))
            errors = count_errors(self.problems)
            if errors and not self.serving:
                raise PluginError("casebook: " + i18n.ngettext(
                    "%(num)s error in %(folder)s; fix it and build again",
                    "%(num)s errors in %(folder)s; fix them and build again", errors) % {
                    "num": errors, "folder": self.config.cases_dir + "/"})
            # While serving, every page says what is broken, so a contributor sees it as they edit.
            self.banner = markdown_pages.problems_banner(self.problems, self.config.cases_dir) if errors else ""
        options = render_options(self.config, config, from_docs=lambda path: self._from_docs(path, config),
                                 cases_dir=paths.from_folder(self.cases_dir, self.root),
                                 home=not (self.config.home and self._home_steps_aside(files, config)))
        if self.folder:  # a language of mkdocs-static-i18n other than the default: its words, its cases
            options = dataclasses.replace(options, language=self._language(config))
            book = casefiles.in_language(book, *self.i18n)
        tags_plugin = compat.has_plugin(config, "tags")
        if options.tags_page and any(case.tags for case in book.cases.values()) and not tags_plugin:
            log.warning("casebook: cases have tags, but no tags plugin is on, so they are not shown; "
                        "add 'tags' to the plugins in mkdocs.yml, or set the casebook's 'tags_page: false'")
        key = (config.use_directory_urls, config.repo_url, config.edit_uri, config.edit_uri_template,
               tuple(getattr(options, name) for name in markdown_pages.SWITCHES),
               self.config.lesson_cases, self.config.index_cases, self.config.search,
               templates_stamp(self.config.templates_dir), options.language, options.locale_dir)
        redirects_plugin = config.plugins.get("redirects")
        with i18n.speaking(self.words):  # a broken file's page says so in the site's language
            site = self.site = self.rebuilds.assemble(book, options, key=key, mount=self.mount,
                                                      redirect_pages=redirects_plugin is None, folder=self.folder)
        if not self.told_missing:  # once, not at every rebuild of a server
            missing = assembly.missing_downloads(book, options)
            if missing:
                log.info("casebook: " + missing)
                self.told_missing = True
        if redirects_plugin is not None:
            self.redirects.update(redirects_plugin, {self.path(old): self.path(new) for old, new in site.moved.items()})
        settings = os.stat(config.config_file_path).st_mtime_ns if config.config_file_path else None
        changes = self.rebuilds.changes(site, banner=self.banner, settings=settings, tags_listed=tags_plugin)
        self._forget(changes, files)
        sources = {paths.case_page(i): x.path for i, x in book.cases.items()}
        self.case_pages = {self.path(src) for src in sources}
        sources.update({paths.lesson_page(i): x.path for i, x in book.lessons.items()})
        self.sources = {self.path(src): os.path.join(self.root, path) for src, path in sources.items()}
        self.stale = {self.path(paths.ITEM_PAGE[kind](i)): shown for (kind, i), shown in book.stale.items()}
        self._add_pages(files, site.pages, sources, changes, config)
        for src, content in {**site.data, **site.downloads}.items():
            file = GeneratedFile.generated(config, self.path(src), content=content)
            file.changed = changes.data is None or src in changes.data  # unchanged card files stay
            self._add(files, file, config)
        self.assets = set()
        for src, path in site.assets.items():
            files.append(File.generated(config, self.path(src), abs_src_path=path))
            self.assets.add(self.path(src))
        return files

    def _forget(self, changes: Changes, files: Files) -> None:
        """Remove the written pages of a case or lesson that is gone, and mark every page to be
        built again when the rebuild needs them all."""
        for src in changes.gone:
            file = self.built_files.get(src)
            if file is not None and os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)
        if changes.everything:  # a new error banner, or mkdocs.yml changed: the site's own pages too
            for file in files.documentation_pages():
                file.is_modified = always_modified  # type: ignore[method-assign]
        self.deferred = DeferredBlocks()
        self.generated = {}

    def _add_pages(self, files: Files, pages: dict[str, str], sources: dict[str, str], changes: Changes,
                   config: MkDocsConfig) -> None:
        converter = page_converter(config, self.config.templates_dir)
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
            if changes.pages is None or page_src in changes.pages:
                file = GeneratedFile.generated(config, src_uri, content=self.deferred.take(content), inclusion=inclusion)
            else:  # not read again by this build
                file = GeneratedFile.generated(config, src_uri, content=content, inclusion=inclusion)
                file.changed = False
            if page_src in sources:
                file.edit_uri = self._from_docs(sources[page_src], config)  # Material's edit button
                if converter is not None and src_uri not in in_nav:
                    ConvertedPage(file, config, converter)  # becomes file.page
            self._add(files, file, config)

    def _add(self, files: Files, file: File, config: MkDocsConfig) -> None:
        # A path in the docs tree, as if the file were there: plugins that sort files by where
        # they come from (mkdocs-static-i18n) need one.
        file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, *file.src_uri.split("/")))
        self.generated[file.src_uri] = file
        files.append(file)

    @event_priority(-200)  # after plugins that copy every file (mkdocs-static-i18n)
    def _keep_contents(self, files: Files, *, config: MkDocsConfig) -> Files:
        compat.keep_contents(files, self.generated, config)
        if self.folder:  # the language's pages are in its folder: its data, words and scripts too
            present = set()
            for file in files:
                present.add(file.src_uri)
                if (file.src_uri in self.generated or file.src_uri in self.assets) and not file.is_documentation_page():
                    compat.move_under(file, self.folder, config)
            # Without `fallback_to_default`, mkdocs-static-i18n leaves out every file not written
            # in the language; the casebook's are written in it, so they come back.
            for src_uri, file in self.generated.items():
                if src_uri not in present:
                    compat.move_under(file, self.folder, config)
                    files.append(file)
        return files

    on_files = CombinedEvent(_add_files, _keep_contents)

    @event_priority(-100)  # after mkdocs-print-site-plugin has taken the nav
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """A site without a `nav` names the casebook's sections after their folders ("Cases"):
        each gets its title in the site's language instead. The print page of
        mkdocs-print-site-plugin holds every case, lesson and module too."""
        if not config.nav:
            titles = {self.path(src): self.words.gettext(title) for src, title in paths.NAV}
            compat.title_sections(nav.items, titles)
        printer = compat.print_site(config)
        if printer is not None:
            sections = {self.path(index): [self.path(src) for src in self.generated_pages(prefix)]
                        for index, prefix in ((paths.CASES_INDEX, "cases/"), (paths.LESSONS_INDEX, "lessons/"),
                                              (paths.TRAINING_INDEX, "training/"))}
            printer.items = compat.print_items(printer.items, sections, files)
        return nav

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
        compat.source_for_history(page.file, self.sources.get(page.file.src_uri), self.generated)
        return page

    def _ours(self, page: Page) -> bool:
        """Whether the casebook wrote this page; asked of the page's file, since `on_pre_page`
        clears `generated_by` on case and lesson pages for plugins that read their source."""
        return page.file.generated_by is not None or self.generated.get(page.file.src_uri) is page.file

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """While serving, every page says what is broken (`banner`), and a page shown as its file's
        last version that loaded says so."""
        if self.banner:
            stale = self.stale.get(page.file.src_uri)
            with i18n.speaking(self.words):
                note = markdown_pages.stale_note(stale) + "\n\n" if stale and self._ours(page) else ""
            return self.banner + "\n\n" + note + markdown
        return markdown

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Put back the finished HTML blocks that skipped the Markdown pass, and keep headings
        made from contributors' titles off the ids the theme's scripts look up."""
        if self._ours(page):
            html = drop_markdown_attributes(self.deferred.restore(html))
            html = paths.resolve_html_links(html, page.file.src_uri, config.use_directory_urls, self.generated)
            html, renamed = rename_reserved_headings(html)
            if renamed:
                rename_toc(page.toc, renamed)
            clash = [a.id for a in anchors(page.toc) if is_reserved(a.id)]
            if clash:
                raise PluginError(f"casebook: a heading of {page.file.src_uri} has the id '{clash[0]}', "
                                  f"which the theme's scripts look up; rename the heading")
        return self.deferred.restore(html)

    @event_priority(110)  # before Material's tags plugin lists the tagged pages
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.dirty:
            compat.feed_tags(config, [f.page for src, f in self.generated.items() if src in self.case_pages and f.page],
                             self.tag_meta)
        if self.serving and env.bytecode_cache is None:
            # MkDocs makes the theme's templates anew for every rebuild; compiling them again
            # took about half a second of each (checked against each template's source).
            env.bytecode_cache = markdown_pages.THEME_TEMPLATES
        pages = files.documentation_pages()
        self.search.built_pages(pages, more=bool(self.folder))  # every language's pages are searched
        if self.dirty and self.site:  # where each page was written, for removing it once it is gone
            built = {self.path(src): src for src in self.site.pages}
            self.built_files.clear()  # kept for this language (`languages`): changed in place
            self.built_files.update({built[f.src_uri]: f for f in pages if f.src_uri in built})
        return env

    @event_priority(100)  # before the search plugin reads the page
    def _offer_search(self, context, *, page, config: MkDocsConfig, nav):
        src = page.file.src_uri
        kind = page_kind(src, self.mount, src in self.generated) if self.search.pagefind else None
        kind = self.words.gettext(kind) if kind else None
        self.search.offer(page, config, case_page=src in self.case_pages, kind=kind)
        return context

    @event_priority(-100)  # after the search plugin has read the page, before the theme shows it
    def _whole_page(self, context, *, page, config: MkDocsConfig, nav):
        self.search.restore(page)
        return context

    def _active_section(self, context, *, page, config: MkDocsConfig, nav):
        """A case, lesson or module page is out of the nav; its index's tab and entry show active."""
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

    @event_priority(50)  # before the search plugin writes its index
    def _write_search(self, *, config: MkDocsConfig) -> None:
        self.deferred = DeferredBlocks()  # free the memory between builds
        # With mkdocs-static-i18n, one Pagefind index holds every language (it tells them apart
        # by each page's lang): written once all are built (`_write_every_language`).
        self.search.write(config, dirty=self.dirty, pagefind=self.i18n is None)

    @event_priority(-100)  # after every other plugin's work of the build
    def _wait_for_search(self, *, config: MkDocsConfig) -> None:
        self.search.wait()

    @event_priority(-150)  # after mkdocs-static-i18n has built the other languages, in the default one's build
    def _write_every_language(self, *, config: MkDocsConfig) -> None:
        if self.i18n is not None and not compat.i18n_building_others(config):
            self.search.write(config, dirty=False, pagefind=True)
            self.search.wait()

    on_post_build = CombinedEvent(_write_search, _wait_for_search, _write_every_language)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        for observer in self.observers:
            observer.stop()
        self.observers = watch_cases(server, self.cases_dir)
        if self.config.templates_dir:
            server.watch(self.config.templates_dir)
        return server

    def on_shutdown(self) -> None:
        self.search.close()
        for observer in self.observers:
            observer.stop()
        self.observers = []
