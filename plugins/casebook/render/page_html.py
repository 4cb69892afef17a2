"""A generated page's Markdown as finished HTML, for site engines that can take HTML directly.

The generated pages are the casebook's own Markdown: contributors' text in them is
already escaped or rendered to clean HTML (`markup`), and what is left is headings, lists,
links between pages and finished HTML blocks. Converting that here with markdown-it-py
(CommonMark) is about three times faster than a full Python-Markdown pass per page, and
gives the engine what it needs besides the HTML: the table of contents, the page title and
the ids a link may point at. Headings get ids and permalinks the way Python-Markdown's `toc`
extension writes them, so a page reads the same whichever path built it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markdown_it import MarkdownIt
from markdown_it.token import Token

from casebook import paths

_TAG = re.compile(r"<[^>]*>")
_ID_ATTR = re.compile(r'\bid="([^"]+)"')

#: Ids that scripts look up by name, or that the casebook's pages write themselves: Material
#: names its own `__config`, `__search`, `__drawer`, `__toc`, `__palette_0`, `__nav_2`, ...;
#: MkDocs' own search `mkdocs-search-query`; the casebook `exercise-1` and `chart-verdicts`.
#: A heading made from contributor text never takes one: it gets `RESERVED_PREFIX` in front.
RESERVED_ID = re.compile(r"__|mkdocs-search|exercise-\d+$|chart-")
RESERVED_PREFIX = "casebook-"
_HEADING_ID = re.compile(r'(<h[1-6] id=")([^"]+)(")')


#: The `markdown` attribute of the generated pages' boxes: it asks an engine that parses HTML
#: blocks as Python-Markdown does (Zensical, with `md_in_html`) to read the headings inside as
#: Markdown. The plugin's own pass reads them anyway, and the finished page has no use for it.
_MARKDOWN_ATTR = re.compile(r'(<(?:div|section)\b[^<>]*?) markdown(?:="[^"]*")?>')


def drop_markdown_attributes(content: str) -> str:
    """A page's HTML without the `markdown` attributes of its boxes."""
    return _MARKDOWN_ATTR.sub(r"\1>", content)


def is_reserved(anchor: str) -> bool:
    return RESERVED_ID.match(anchor) is not None


def safe_anchor(anchor: str) -> str:
    """`anchor`, or `casebook-anchor` when a script or the page itself already uses that id."""
    return RESERVED_PREFIX + anchor if is_reserved(anchor) else anchor


def rename_reserved_headings(content: str) -> tuple[str, dict[str, str]]:
    """A page's HTML with every heading whose id is reserved renamed by `safe_anchor` (and
    its permalink with it), and the renames made, old id -> new id."""
    renamed: dict[str, str] = {}
    taken = set(_ID_ATTR.findall(content))

    def rename(match: re.Match) -> str:
        old = match.group(2)
        if not is_reserved(old):
            return match.group(0)
        new = unique(safe_anchor(old), taken)
        renamed[old] = new
        return match.group(1) + new + match.group(3)

    if 'id="' not in content:
        return content, renamed
    content = _HEADING_ID.sub(rename, content)
    for old, new in renamed.items():
        content = content.replace(f'href="#{old}"', f'href="#{new}"')
    return content, renamed


@dataclass
class TocOptions:
    """The `toc` extension's options that shape headings; see Python-Markdown's documentation."""

    permalink: bool | str | None = False
    permalink_class: str = "headerlink"
    permalink_title: str | None = "Permanent link"
    slugify: Callable[[str, str], str] = slugify
    separator: str = "-"
    #: The deepest heading listed (`3`), or the levels listed (`"2-3"`).
    toc_depth: int | str = 6

    def levels(self) -> tuple[int, int]:
        """The first and last heading levels the table of contents lists, as `toc` reads them."""
        depth = self.toc_depth
        if isinstance(depth, str) and "-" in depth:
            top, bottom = (int(x) for x in depth.split("-"))
            return top, bottom
        return 1, int(depth)

    #: Options this converter writes exactly as the extension does; any other option set in a
    #: site's configuration means its pages should go through the engine's own Markdown pass.
    SUPPORTED = frozenset({"permalink", "permalink_class", "permalink_title", "slugify", "separator", "toc_depth"})


@dataclass
class PageHtml:
    content: str
    #: Headings as Python-Markdown's `toc` extension lists them (`level`, `id`, `name`,
    #: `html`, `data-toc-label`, `children`), nested.
    toc: list[dict] = field(default_factory=list)
    #: The first heading's text when the page starts with a level-1 heading.
    title: str | None = None
    #: Every id on the page, headings and HTML blocks alike.
    anchors: set[str] = field(default_factory=set)


class PageConverter:
    """Turns generated pages into HTML, with links to other pages as the site serves them."""

    def __init__(self, *, directory_urls: bool, toc: TocOptions | None = None) -> None:
        self.directory_urls = directory_urls
        self.toc = toc or TocOptions()
        self._md = MarkdownIt("commonmark", {"html": True}).enable("table")

    def convert(self, markdown: str, src: str) -> PageHtml:
        """The HTML of the page at `src` (a docs-relative `.md` path) written in `markdown`."""
        tokens = self._md.parse(markdown)
        page = PageHtml("")
        flat: list[dict] = []
        for i, token in enumerate(tokens):
            if token.type == "inline" and token.children:
                self._links(token.children, src)
            elif token.type == "heading_open":
                flat.append(self._heading(token, tokens[i + 1], page.anchors))
            elif token.type in ("html_block", "html_inline") and "id=" in token.content:
                page.anchors.update(_ID_ATTR.findall(token.content))
        if tokens and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
            page.title = flat[0]["name"]
        top, bottom = self.toc.levels()
        page.toc = nest_toc_tokens([t for t in flat if top <= t["level"] <= bottom])
        page.content = self._md.renderer.render(tokens, self._md.options, {})
        return page

    def _heading(self, opening: Token, inline: Token, used: set[str]) -> dict:
        inner = self._md.renderer.renderInline(inline.children or [], self._md.options, {})
        # Text with `&`, `<` and `>` escaped and quotes as typed, as Python-Markdown names it.
        name = html.escape(html.unescape(" ".join(_TAG.sub("", inner).split())), quote=False)
        slug = safe_anchor(self.toc.slugify(html.unescape(name), self.toc.separator))
        anchor = unique(slug, used)  # adds it to `used`
        opening.attrSet("id", anchor)
        permalink, title = self.toc.permalink, self.toc.permalink_title
        if permalink not in (False, None):
            symbol = "&para;" if permalink is True else html.escape(str(permalink), quote=False)
            link = Token("html_inline", "", 0)
            link.content = (f'<a class="{html.escape(self.toc.permalink_class)}" href="#{anchor}"'
                            + (f' title="{html.escape(title)}"' if title else "") + f">{symbol}</a>")
            inline.children = [*(inline.children or []), link]
        return {"level": int(opening.tag[1]), "id": anchor, "name": name, "html": inner,
                "data-toc-label": "", "children": []}

    def _links(self, children: list[Token], src: str) -> None:
        for token in children:
            if token.type == "link_open":
                href = token.attrGet("href")
                if isinstance(href, str):
                    token.attrSet("href", paths.page_link(href, src, self.directory_urls))
