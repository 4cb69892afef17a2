"""Contributors' plain text shows exactly as typed; their Markdown renders without live HTML."""

from __future__ import annotations

import html

import markdown
from hypothesis import given
from hypothesis import strategies as st

from casebook.markup import escape_text, render_markdown

PAGE_EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html", "admonition", "def_list", "abbr"]
plain = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
                | st.sampled_from(list("#+-*_`[](){}<>&!|:=~^1.)\\")), min_size=1, max_size=60)


@given(plain)
def test_plain_text_renders_literally_in_the_site_markdown(text):
    expected = " ".join(text.split())
    if not expected:
        return
    rendered = markdown.markdown(escape_text(text), extensions=PAGE_EXTENSIONS)
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    assert html.unescape(rendered[3:-4]) == expected


def test_markdown_fields_keep_raw_html_as_text_and_drop_script_links():
    out = render_markdown("Hi <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com)\n\n# Big")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="https://example.com"' in out and "javascript:alert(1)" in out and 'href="javascript' not in out
    assert "<h3>Big</h3>" in out  # headings sit below the page's own


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
