"""Every file the casebook adds to a site, assembled once: for the MkDocs plugin, which adds them
as virtual files, and for `casebook render`, which writes them for another engine (Zensical,
plain MkDocs without the plugin, ...). Nothing here knows MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from casebook import i18n, paths
from casebook.publish import export, office, redirects
from casebook.render.markdown_pages import Renderer

#: The casebook's stylesheet and scripts, shipped with the package.
ASSETS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "assets")


#: What every page loads; the propose page loads the form's scripts itself, and the plugin adds
#: `search.js` with `search: pagefind`. The scripts' words come first (`i18n.words_script`).
STYLESHEET = f"{paths.ASSET_DEST}/casebook.css"
WORDS = f"{paths.ASSET_DEST}/{i18n.SCRIPT_WORDS}"
SCRIPTS = (WORDS, f"{paths.ASSET_DEST}/casebook.js")


def asset_names() -> list[str]:
    return sorted(os.listdir(ASSETS))


@dataclass
class SiteFiles:
    """What the site gets, each file by its path inside the casebook (`cases/x.md`; the caller
    puts it under the `mount` folder with `paths.mounted`)."""

    #: Every generated Markdown page.
    pages: dict[str, str]
    #: The files the pages fetch: `casebook.json`, the cases index's card files and the
    #: correction form's data (a file a case).
    data: dict[str, str]
    #: The stylesheet and scripts, as the files on disk to copy.
    assets: dict[str, str]
    #: The pages of renamed cases, lessons and modules: old page path -> new page path. Their
    #: redirect pages are in `data`, unless the site makes them with mkdocs-redirects.
    moved: dict[str, str]
    #: Each training module's Word, PowerPoint and SCORM files (`office.site_downloads`), which
    #: its page and the training index link.
    downloads: dict[str, bytes] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        """The pages and data files together."""
        return {**self.pages, **self.data}


def site_files(renderer: Renderer, mount: str = "", export_cache: dict | None = None,
               redirect_pages: bool = True, download_cache: dict | None = None, folder: str = "") -> SiteFiles:
    """Every file of the casebook rendered by `renderer`, published under `mount`. `export_cache`
    keeps each case's entry of `casebook.json` between calls (`export.to_json`), and
    `download_cache` each module's downloads (`office.site_downloads`). Without
    `redirect_pages`, the old addresses of renamed pages are left to the site (mkdocs-redirects).
    `folder` is where the site puts this language's pages (mkdocs-static-i18n's `de/`), which
    `casebook.json` gives their addresses under."""
    pages = renderer.pages()
    options = renderer.options
    under = "/".join(part for part in (folder, mount) if part)  # where the pages are in the site
    data = {paths.EXPORT: export.to_json(renderer.book, compact=True, graph=renderer.graph, cache=export_cache,
                                         url=lambda src: paths.page_url(paths.mounted(src, under),
                                                                        options.directory_urls)),
            WORDS: i18n.words_script(renderer.translations), **renderer.data_files()}
    if options.propose_page:
        data.update(renderer.propose_data())
    moved = redirects.moved(renderer.book, pages)
    if redirect_pages:
        with i18n.speaking(renderer.translations):
            data.update(redirects.redirect_pages(moved, options.directory_urls, options.language))
    assets = {f"{paths.ASSET_DEST}/{name}": os.path.join(ASSETS, name) for name in asset_names()}
    downloads = (office.site_downloads(renderer.book, options.downloads, options.labels, download_cache,
                                       language=options.language, locale_dir=options.locale_dir)
                 if renderer.training and options.downloads else {})
    return SiteFiles(pages=pages, data=data, assets=assets, moved={old: new for old, (new, _) in moved.items()},
                     downloads=downloads)


def missing_downloads(book, options) -> str | None:
    """What to install for the training modules' Word and PowerPoint files, when the site
    publishes modules and those libraries are not installed; None otherwise."""
    return office.missing_note() if book.modules and options.training is not False else None


#: The engines `casebook render` writes for, and how each reads a link in a page's HTML: Zensical
#: resolves a link to a page's `.md` file there as in Markdown; MkDocs (and ProperDocs) without
#: the plugin resolve links in Markdown only, so the HTML links are written as the site's addresses.
ENGINES = {"zensical": "links to pages' .md files", "mkdocs": "links as the built site's addresses"}


def for_engine(site: SiteFiles, engine: str, mount: str, directory_urls: bool) -> SiteFiles:
    """`site` as `engine` (one of `ENGINES`) reads it. The pages link each other by their `.md`
    files, in their HTML blocks as in their Markdown; for an engine that leaves HTML as it is,
    those links become the addresses the site serves the pages at (`paths.resolve_html_links`)."""
    if engine == "zensical":
        return site
    if engine != "mkdocs":
        raise ValueError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    downloads = {paths.mounted(src, mount) for src in site.downloads}
    pages = {src: paths.resolve_html_links(text, paths.mounted(src, mount), directory_urls, downloads)
             for src, text in site.pages.items()}
    return SiteFiles(pages=pages, data=site.data, assets=site.assets, moved=site.moved, downloads=site.downloads)


#: The Markdown extension that reads the Markdown inside the pages' boxes (`<div markdown>`).
MARKDOWN_IN_HTML = "md_in_html"


def casebook_nav(pages, mount: str, words=i18n.translations(None)) -> list[tuple[str, str]]:
    """The nav entries of the section pages generated (paths inside the casebook), under `mount`,
    titled in the language of `words` (`casebook.i18n`)."""
    pages = set(pages)
    return [(words.gettext(title), paths.mounted(src, mount)) for src, title in paths.NAV if src in pages]


def config_snippet(pages: dict[str, str], mount: str, engine: str = "zensical", words=i18n.translations(None)) -> str:
    """The nav of the section pages generated, and the stylesheet and script to load on every
    page; for MkDocs, the extension that reads the Markdown inside the pages' boxes."""
    nav = [{title: page} for title, page in casebook_nav(pages, mount, words)]
    config = {
        "nav": nav,
        "extra_css": [paths.mounted(STYLESHEET, mount)],
        "extra_javascript": [paths.mounted(script, mount) for script in SCRIPTS],
    }
    if engine == "mkdocs":
        config["markdown_extensions"] = [MARKDOWN_IN_HTML]
    head = "# The casebook's pages: add these lines to mkdocs.yml (merge them with a nav you have).\n"
    return head + yaml.dump(config, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)
