"""Make contributors' text safe to put in a page: plain text stays literal, Markdown is sanitised.

Two paths, and no third:
- plain fields (titles, summaries, names) are escaped for both HTML and Markdown, so
  `<script>`, `[x](javascript:...)`, `{: onclick=... }` and `{{ jinja }}` show as the
  characters typed;
- Markdown fields are rendered here with a fixed set of extensions and cleaned by nh3
  (an allow-list HTML sanitiser), then handed to the page as a finished HTML block.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

#: Tags a contributor's Markdown may produce.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub", "abbr",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Characters Python-Markdown (and CommonMark) accept backslash escapes for, that can start syntax.
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]()!])")
_LINE_START = re.compile(r"^(\s*)([#+\->]|\d+[.)])")
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def escape_text(value: object) -> str:
    """Plain text for a Markdown line: HTML-escaped, Markdown syntax backslash-escaped, one line."""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def escape_attr(value: object) -> Markup:
    """Text for an HTML attribute or element written by a template."""
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables", "fenced_code"], output_format="html")
    # Raw HTML in a contributor's Markdown is shown as the text typed, never passed on.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def _shift_heading(match: re.Match) -> str:
    return f"<{match.group(1)}h{min(int(match.group(2)) + 2, 6)}"


def render_markdown(text: str) -> str:
    """A contributor's Markdown as clean HTML: no scripts, handlers, comments or unsafe links."""
    md = _converter()
    md.reset()
    raw = _HEADING.sub(_shift_heading, md.convert(text))
    return nh3.clean(
        raw,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener nofollow",
        strip_comments=True,
    ).strip()


def prose(text: str | None, css_class: str = "casebook-prose") -> Markup:
    """A Markdown field as an HTML block that any Markdown engine passes through untouched."""
    if not text:
        return Markup("")
    body = render_markdown(text)
    # Blank lines inside would end the raw block in some engines; the HTML needs none.
    body = re.sub(r"\n\s*\n", "\n", body)
    return Markup(f'<div class="{css_class}">\n{body}\n</div>')

