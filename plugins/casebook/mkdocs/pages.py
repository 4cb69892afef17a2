"""The casebook's files as MkDocs files and pages: generated files that know whether a dirty
rebuild must write them again, and case and lesson pages turned into HTML by the core."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from casebook.render.page_html import PageConverter, TocOptions


class GeneratedFile(File):
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


def always_modified() -> bool:
    """`File.is_modified` of a page that every build must build again."""
    return True


class ConvertedPage(Page):
    """A case or lesson page whose Markdown the core turns into HTML, instead of MkDocs'
    Python-Markdown pass: it is the casebook's own Markdown, and there are thousands of them."""

    def __init__(self, file: File, config: MkDocsConfig, converter: PageConverter) -> None:
        super().__init__(None, file, config)
        self.converter = converter

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        result = self.converter.convert(self.markdown, self.file.src_uri)
        self.content = result.content
        self.toc = get_toc(result.toc)
        self._title_from_render = result.title
        self.present_anchor_ids = result.anchors


#: The templates of the converted pages; a site that replaces one may write Markdown that
#: needs its own extensions, so its pages take the usual path.
_CONVERTED_TEMPLATES = ("case.md.j2", "lesson.md.j2", "_macros.md.j2")


def page_converter(config: MkDocsConfig, templates_dir: str | None) -> PageConverter | None:
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


def templates_stamp(folder: str | None) -> tuple:
    """The page templates a site replaced, and when each was last changed."""
    if not folder or not os.path.isdir(folder):
        return ()
    return tuple(sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(folder) if e.is_file()))


def anchors(links) -> list:
    """Every entry of a table of contents, nested ones too."""
    found = []
    for link in links:
        found.append(link)
        found += anchors(link.children)
    return found


def rename_toc(toc, renamed: dict[str, str]) -> None:
    """Give the entries of a table of contents the ids their headings were renamed to."""
    for link in anchors(toc):
        link.id = renamed.get(link.id, link.id)
