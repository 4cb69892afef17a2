"""The casebook beside other MkDocs plugins: mkdocs-redirects writes the old pages of renamed
items, mkdocs-static-i18n copies the generated files, mkdocs-print-site-plugin prints every
generated page, and mkdocs-git-revision-date-localized-plugin reads a case page's YAML file."""

from __future__ import annotations

import os
import posixpath
from urllib.parse import quote

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from casebook.mkdocs.pages import ConvertedPage


class Redirects:
    """The entries this plugin adds to mkdocs-redirects' `redirect_maps`, so that the entries of
    an earlier build of `serve` can go."""

    def __init__(self) -> None:
        self.added: list[str] = []

    def update(self, plugin, moved: dict[str, str]) -> None:
        """Give mkdocs-redirects the old pages of renamed items, as paths in the site (it runs
        after this, and writes them); the site's own entries come first."""
        maps = plugin.config.setdefault("redirect_maps", {})
        for old in self.added:
            maps.pop(old, None)
        self.added = []
        for old, new in moved.items():
            if old not in maps:
                maps[old] = new
                self.added.append(old)


def keep_contents(files: Files, generated: dict[str, File], config: MkDocsConfig) -> None:
    """A plugin may have replaced a generated file by a copy that reads from the docs folder,
    where the page is not (mkdocs-static-i18n): the copy gets the page's content back."""
    for file in files:
        ours = generated.get(file.src_uri)
        if ours is not None and file is not ours:
            file.content_bytes = ours.content_bytes
            file.edit_uri = ours.edit_uri
            file.generated_by = ours.generated_by
            if isinstance(ours.page, ConvertedPage) and file.page is None:
                ConvertedPage(file, config, ours.page.converter)


def source_for_history(file: File, source: str | None, generated: dict[str, File]) -> None:
    """A case or lesson page is written from its YAML file: plugins that ask a page's source for
    its history (mkdocs-git-revision-date-localized-plugin) are given that file."""
    if source is not None and file is generated.get(file.src_uri):
        file.abs_src_path = source
        file.generated_by = None


def title_sections(items: list, titles: dict[str, str]) -> None:
    """Give each section of the nav that a folder made its index page's title, by the index
    page's path (`titles`): the folder's name is not in the site's language."""
    for item in items:
        if item.is_section:
            index = next((c for c in item.children if c.is_page and c.file.src_uri in titles), None)
            if index is not None and index.file.src_uri.endswith("/index.md"):
                item.title = titles[index.file.src_uri]
            title_sections(item.children, titles)


def print_site(config: MkDocsConfig):
    """mkdocs-print-site-plugin's renderer, when the site runs it."""
    printer = _plugin(config, "print-site")
    renderer = getattr(printer, "renderer", None)
    return renderer if renderer is not None and getattr(renderer, "items", None) is not None else None


def print_items(items: list, sections: dict[str, list[str]], files: Files) -> list:
    """The print page's items with every case, lesson and module too, each after its index
    page (`sections`: index page -> its pages, paths in the site), though the nav leaves them
    out; the pages of an index the nav lacks come last."""

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


def _plugin(config: MkDocsConfig, name: str):
    """The site's plugin `name`, named with or without its theme's or package's prefix, or None."""
    return next((p for key, p in config.plugins.items() if key.split("/")[-1] == name), None)


def i18n_build(config: MkDocsConfig) -> tuple[str, str] | None:
    """The build of mkdocs-static-i18n under way, (its language, the site's default language),
    or None on a site without it. It builds the default language first, then each other one
    into a folder of its own (`de/`), running every plugin again."""
    plugin = _plugin(config, "i18n")
    if plugin is None or not hasattr(plugin, "default_language"):
        return None
    default = plugin.default_language
    return getattr(plugin, "current_language", None) or default, default


def i18n_building_others(config: MkDocsConfig) -> bool:
    """Whether mkdocs-static-i18n is building its other languages: a build within the default
    language's, which ends once they are all built."""
    return bool(getattr(_plugin(config, "i18n"), "building", False))


def move_under(file: File, folder: str, config: MkDocsConfig) -> None:
    """Write `file` into `folder` of the site, where a language's pages of mkdocs-static-i18n
    are: its pages find it there by the same relative links."""
    url = file.url  # worked out from where it was: a page's address ends with its folder
    file.dest_uri = posixpath.join(folder, file.dest_uri)
    file.url = quote(folder) + "/" + url
    file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_uri))


def has_plugin(config: MkDocsConfig, name: str) -> bool:
    """Whether a plugin is on, named with or without its theme's prefix (`tags`, `material/tags`)."""
    return _plugin(config, name) is not None


def feed_tags(config: MkDocsConfig, pages: list[Page], kept: dict[str, tuple[str, dict]]) -> None:
    """Give the tags plugins the tags of those `pages` this build does not read again.

    Material's tags plugin learns a page's tags as it reads the page, and starts afresh with
    every build; `mkdocs serve --dirty` reads only the pages that changed, so its tags page would
    list those alone. Building every tagged case again for it took seconds an edit; instead the
    plugin is given each page as a read would give it (its title and tags, from the front
    matter the casebook wrote), before it lists them (its `on_env`). `kept` keeps each page's
    front matter, read once for each content of the page, from one build to the next."""
    taggers = [p for p in config.plugins.values() if hasattr(getattr(p, "mappings", None), "add")
               and hasattr(p, "listings") and getattr(getattr(p, "config", None), "enabled", True)]
    if not taggers:
        return
    for page in pages:
        if page.markdown is not None:  # read by this build: the plugin has seen it
            continue
        content = page.file.content_string
        known = kept.get(page.file.src_uri)
        if known is None or known[0] != content:
            known = kept[page.file.src_uri] = (content, front_matter(content))
        page.meta = dict(known[1])
        if not page.meta.get("tags"):
            continue
        page.markdown = ""  # `page.title` is read from the front matter only once there is Markdown
        for plugin in taggers:
            matches = getattr(plugin, "filter", None)
            if matches is None or matches(page.file):
                plugin.mappings.add(page, "")


def front_matter(markdown: str) -> dict:
    """The YAML front matter at the top of a page the casebook wrote, or {}."""
    if not markdown.startswith("---\n"):
        return {}
    end = markdown.find("\n---\n", 3)
    if end < 0:
        return {}
    meta = yaml.load(markdown[4:end + 1], Loader=yaml.CSafeLoader)
    return meta if isinstance(meta, dict) else {}
