"""Make contributors' text safe to put in a page: plain text stays literal, Markdown is sanitised.

Two paths, and no third:
- plain fields (titles, summaries, names) are escaped for both HTML and Markdown, so
  `<script>`, `[x](javascript:...)`, `{: onclick=... }` and `{{ jinja }}` show as the
  characters typed;
- Markdown fields are rendered here as GitHub-flavoured CommonMark (comrak), with raw
  HTML shown as typed, and cleaned by nh3 (an allow-list HTML sanitiser), then handed to
  the page as a finished HTML block, so the site's own Markdown extensions never see them.
"""

from __future__ import annotations

import html
import re

import comrak
import nh3
from markupsafe import Markup

#: Tags a contributor's Markdown may produce.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub", "abbr",
})
#: No `title`, on any tag (`"*"` replaces the sanitiser's default `lang` and `title`): a theme
#: may turn a title into HTML (Material's `content.tooltips` builds its tooltips with
#: `innerHTML`), so contributors' text never goes in one.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# HTML's three, and the characters Python-Markdown (and CommonMark) accept backslash escapes
# for that can start inline syntax.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_{}[]()!"}})
_LINE_START_CHARS = frozenset("#+->0123456789")
_LINE_START = re.compile(r"^([#+\-]|\d+[.)])")
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def upper_first(text: str) -> str:
    """`text` with its first letter in capitals, the rest as it is (a phrase at a line's start,
    a record's name as a heading): unlike `str.capitalize`, it leaves "SCORM" and "Fall" be."""
    return text[:1].upper() + text[1:]


def escape_text(value: object) -> str:
    """Plain text for a Markdown line: HTML-escaped, Markdown syntax backslash-escaped, one line.

    A heading's text comes back as text in the table of contents, which the theme may copy
    into `innerHTML` (see `inert_text`), so it is made inert too."""
    text = inert_text(" ".join(str(value).split()))
    hashes = len(text) - len(text.rstrip("#"))  # a heading's closing sequence would swallow them
    text = text[: len(text) - hashes].translate(_TEXT_ESCAPES)
    if text[:1] in _LINE_START_CHARS:
        text = _LINE_START.sub(_escape_line_start, text, count=1)
    return text + "\\#" * hashes


def _escape_line_start(match: re.Match) -> str:
    """'# x' -> '\\# x', but '1984. x' -> '1984\\. x': what would start a heading or a list."""
    marker = match.group()
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker


#: `<` followed by what could start a tag, an end tag, a comment or a processing instruction.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
WORD_JOINER = "\u2060"


def inert_text(value: str) -> str:
    """Text that stays text even where a theme copies it into `innerHTML`.

    Material shows a title cut off by an ellipsis (in the header, the navigation, the
    breadcrumbs) again as a tooltip, and with `content.tooltips` builds that tooltip from the
    element's text with `innerHTML`. An invisible word joiner after each `<` that could start
    a tag keeps the HTML parser from ever reading one; the text looks the same.
    """
    return _TAG_START.sub("<" + WORD_JOINER, value)


def escape_attr(value: object) -> Markup:
    """Text for an HTML attribute or element written by a template."""
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


def isolated(value: object) -> Markup:
    """Text set beside the page's own words, in a `<bdi>`: a right-to-left business name
    (or any direction control) cannot reorder the template's text around it."""
    return Markup("<bdi>") + escape_attr(value) + Markup("</bdi>")


#: The plain-text `<bdi>`, for where no element may go (a page's `<title>`, a heading that
#: the table of contents repeats as text).
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """`text` between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE."""
    return FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE


def isolated_text(value: object) -> Markup:
    """`escape_text`, isolated from the words around it as a `<bdi>` would be."""
    return Markup(isolate(escape_text(value)))


def _comrak_options() -> tuple:
    extensions = comrak.ExtensionOptions()
    extensions.table = True
    extensions.strikethrough = True
    rendering = comrak.RenderOptions()
    rendering.escape = True  # raw HTML is shown as the characters typed
    rendering.unsafe_ = True  # links to any scheme are kept, so the unsafe ones can be shown as typed
    return extensions, rendering


_EXTENSIONS, _RENDERING = _comrak_options()
_LINK = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>(.*?)</a>', re.DOTALL)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def _scheme_allowed(url: str) -> bool:
    """Whether a URL is relative or uses one of `URL_SCHEMES`, as nh3 will judge it."""
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _unsafe_link_as_typed(match: re.Match) -> str:
    """A link to javascript:, data: or another scheme not allowed, shown as the text typed."""
    href = match.group(1)
    if _scheme_allowed(href):
        return match.group(0)
    return f"[{match.group(3)}]({href})"


_IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="[^"]*")? />')


def _image_as_link(match: re.Match) -> str:
    """Pages show no images from contributors' text (they would load from anywhere), so an
    image becomes a link to it, named by its description, and keeps what was written."""
    src, alt = match.group(1), match.group(2)
    if not _scheme_allowed(src):
        return f"![{alt}]({src})"
    return f'<a href="{src}">{alt or src}</a>'


def _shift_heading(match: re.Match) -> str:
    return f"<{match.group(1)}h{min(int(match.group(2)) + 2, 6)}"


def render_markdown(text: str) -> str:
    """A contributor's Markdown as clean HTML: no scripts, handlers, comments or unsafe links.

    The dialect is GitHub's (CommonMark with tables and strikethrough), rendered by comrak
    (Rust), which shows raw HTML as the characters typed. Images become links to them; links
    to schemes that are not allowed are shown as typed; then nh3 keeps only the allowed
    tags, attributes and URL schemes.
    """
    raw = comrak.render_markdown(text, extension_options=_EXTENSIONS, render_options=_RENDERING)
    if "<img " in raw:
        raw = _IMAGE.sub(_image_as_link, raw)
    if "<a " in raw:
        raw = _LINK.sub(_unsafe_link_as_typed, raw)
    if "<h" in raw:
        raw = _HEADING.sub(_shift_heading, raw)
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

