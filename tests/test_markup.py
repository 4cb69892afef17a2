"""Contributors' plain text shows exactly as typed; their Markdown renders without live HTML."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.render.markup import escape_text, inert_text, render_markdown

PAGE_EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html", "admonition", "def_list", "abbr"]
plain = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
                | st.sampled_from(list("#+-*_`[](){}<>&!|:=~^1.)\\")), min_size=1, max_size=60)


@given(plain)
def test_plain_text_renders_literally_in_the_site_markdown(text):
    # As typed, but for an invisible word joiner after a '<' that could start a tag.
    expected = inert_text(" ".join(text.split()))
    if not expected:
        return
    rendered = markdown.markdown(escape_text(text), extensions=PAGE_EXTENSIONS)
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    assert html.unescape(rendered[3:-4]) == expected


@given(plain)
def test_plain_text_is_a_heading_exactly_as_typed_on_either_path(text):
    """Titles head their pages, converted by Python-Markdown or by the core's converter."""
    from casebook.render.page_html import PageConverter

    expected = inert_text(" ".join(text.split()))
    if not expected:
        return
    line = "# " + escape_text(text)
    theirs = markdown.Markdown(extensions=PAGE_EXTENSIONS)
    theirs.convert(line)
    ours = PageConverter(directory_urls=True).convert(line, "x.md")
    assert html.unescape(theirs.toc_tokens[0]["name"]) == expected
    assert html.unescape(ours.title) == expected


def test_markdown_fields_keep_raw_html_as_text_and_drop_script_links():
    out = render_markdown("Hi <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com)\n\n# Big")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="https://example.com"' in out and "javascript:alert(1)" in out and 'href="javascript' not in out
    assert "<h3>Big</h3>" in out  # headings sit below the page's own


@pytest.mark.parametrize(("text", "expected"), [
    ("a <https://example.com/x> b", '<p>a <a href="https://example.com/x" rel="noopener nofollow">https://example.com/x</a> b</p>'),
    ("<me@example.org>", '<p><a href="mailto:me@example.org" rel="noopener nofollow">me@example.org</a></p>'),
    ("`<b>` and\n\n    <i>x</i>", "<p><code>&lt;b&gt;</code> and</p>\n<pre><code>&lt;i&gt;x&lt;/i&gt;\n</code></pre>"),
    ("<div>\nblock\n</div>", "&lt;div&gt;\nblock\n&lt;/div&gt;"),  # an HTML block, as typed
    ("<!-- hidden --> shown", "&lt;!-- hidden --&gt; shown"),
    ("if a < b and c > d", "<p>if a &lt; b and c &gt; d</p>"),
    ("[x](javascript:alert(1)) [y](VBScript:z)", "<p>[x](javascript:alert(1)) [y](VBScript:z)</p>"),
    ("[b](https://example.com/<q>)", '<p><a href="https://example.com/%3Cq%3E" rel="noopener nofollow">b</a></p>'),
    ("about ~5 minutes, ~~struck~~", "<p>about ~5 minutes, <del>struck</del></p>"),
    ('![the "queue" <board>](https://example.com/q.png "T")',
     '<p><a href="https://example.com/q.png" rel="noopener nofollow">the "queue" &lt;board&gt;</a></p>'),
    ("![](https://example.com/b.png)",
     '<p><a href="https://example.com/b.png" rel="noopener nofollow">https://example.com/b.png</a></p>'),
    ("![a diagram](javascript:alert(1))", "<p>![a diagram](javascript:alert(1))</p>"),
    ("| a | b |\n|---|:-:|\n| 1 | 2 |", None),
])
def test_markdown_fields_render_as_github_does_with_raw_html_as_typed(text, expected):
    out = render_markdown(text)
    if expected is None:
        assert "<table>" in out and "<td>1</td>" in out
    else:
        assert out == expected


RAW_HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:x">a</a>', "<!--",
            "<b>", "</p>", "<?php ?>", "<![CDATA[x]]>", "<div>", "< x"]
AROUND = ["", " ", "\n", "\n\n", "- ", "> ", "# ", "*", "**", "word", "1. ", "|", "&amp;", "\\"]


@given(st.lists(st.tuples(st.sampled_from(AROUND), st.sampled_from(RAW_HTML)), min_size=1, max_size=6))
def test_raw_html_anywhere_shows_as_the_text_typed(parts):
    text = "".join(before + snippet + " " for before, snippet in parts)
    out = render_markdown(text)
    visible = html.unescape(re.sub(r"<[^>]*>", "", out))
    for _, snippet in parts:
        assert snippet.replace("*", "") in visible.replace("*", "")
    assert not re.search(r"<(script|img|div|b>|a href=\"javascript)", out)


def test_ordered_list_markers_and_headings_are_escaped_at_the_start_only():
    assert escape_text("1984. A year") == "1984\\. A year"
    assert escape_text("# not a heading") == "\\# not a heading"
    assert escape_text("a # b 1. c") == "a # b 1. c"


@given(st.lists(st.sampled_from(["a", "b", "cases", "x.md", "index.md"]), max_size=4),
       st.lists(st.sampled_from(["a", "b", "cases", "lessons"]), max_size=4))
def test_relpath_matches_the_standard_library(target, start):
    import posixpath

    from casebook.paths import relpath

    t, s = "/".join(target), "/".join(start)
    assert relpath(t, s) == posixpath.relpath(t or ".", s or ".")
