"""Generated pages converted in the core read as Python-Markdown's `toc` extension writes them."""

from __future__ import annotations

import re

import markdown
import pytest

from casebook.render.page_html import PageConverter, TocOptions, rename_reserved_headings

HEADINGS = """# Ozzy's &amp; Archive: "deleted" &lt;complaints&gt;

Intro with a [link](other.md).

## What happened

## What happened

## Café *crème* & `code`

### Deeper, still — here

## 1984
"""


def _python_markdown(text: str, **toc) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": toc})
    md.html = md.convert(text)
    return md


def _headings(html: str) -> list[str]:
    return re.findall(r"<h\d[^>]*>.*?</h\d>", html.replace("&quot;", '"'))  # the same character


def _unquoted(tokens: list[dict]) -> list[dict]:
    return [{**t, "html": t["html"].replace("&quot;", '"'), "children": _unquoted(t["children"])} for t in tokens]


@pytest.mark.parametrize("toc", [{"permalink": True}, {}, {"permalink": "#", "permalink_title": "Link here",
                                                         "separator": "_"},
                                 {"permalink": "<i>#</i>", "permalink_title": None, "toc_depth": "2-3"},
                                 {"permalink": True, "permalink_title": "", "toc_depth": "3"}])
def test_headings_ids_permalinks_and_toc_match_python_markdown(toc):
    ours = PageConverter(directory_urls=True, toc=TocOptions(**toc)).convert(HEADINGS, "cases/x.md")
    theirs = _python_markdown(HEADINGS, **toc)
    assert _headings(ours.content) == _headings(theirs.html)
    assert _unquoted(ours.toc) == theirs.toc_tokens
    assert ours.title == "Ozzy's &amp; Archive: \"deleted\" &lt;complaints&gt;"
    assert set(re.findall(r' id="([^"]+)"', theirs.html)) <= ours.anchors


RESERVED = """# __config

## Exercise 2

## {"__search": []}

<h2 class="casebook-case-break" id="exercise-1">Exercise 1</h2>
"""


def test_a_heading_never_takes_an_id_the_themes_scripts_look_up():
    ours = PageConverter(directory_urls=True, toc=TocOptions(permalink=True)).convert(RESERVED, "cases/x.md")
    theirs, renamed = rename_reserved_headings(_python_markdown(RESERVED, permalink=True).html)
    assert re.findall(r' id="([^"]+)"', ours.content) == [
        "casebook-__config", "casebook-exercise-2", "casebook-__search", "exercise-1"]
    assert _headings(ours.content) == _headings(theirs)  # whichever path converts the page
    assert renamed == {"__config": "casebook-__config", "exercise-2": "casebook-exercise-2",
                       "__search": "casebook-__search"}
    assert 'href="#casebook-__config"' in theirs and 'href="#__config"' not in theirs


def test_toc_depth_limits_the_table_of_contents_not_the_ids():
    page = PageConverter(directory_urls=True, toc=TocOptions(toc_depth=2)).convert(HEADINGS, "x.md")
    assert [c["id"] for c in page.toc[0]["children"]] == ["what-happened", "what-happened_1", "cafe-creme-code", "1984"]
    assert all(c["children"] == [] for c in page.toc[0]["children"])
    assert 'id="deeper-still-here"' in page.content


def test_no_title_unless_the_page_starts_with_a_level_one_heading():
    assert PageConverter(directory_urls=True).convert("Text\n\n# Late", "x.md").title is None
    assert PageConverter(directory_urls=True).convert("## Two", "x.md").title is None


@pytest.mark.parametrize(("directory_urls", "expected"), [
    (True, ['../other/', '../../lessons/l/#why', '../?channel=email', '../../', 'https://example.com/a.md',
            '#here', '../y/']),
    (False, ['other.html', '../lessons/l.html#why', 'index.html?channel=email', '../index.html',
             'https://example.com/a.md', '#here', 'y.html']),
])
def test_links_to_pages_become_the_urls_the_site_serves(directory_urls, expected):
    text = ("[a](other.md) [b](../lessons/l.md#why) [c](index.md?channel=email) [d](../index.md) "
            "[e](https://example.com/a.md) [f](#here) [g](./y.md)")
    page = PageConverter(directory_urls=directory_urls).convert(text, "cases/x.md")
    assert re.findall(r'href="([^"]*)"', page.content) == expected


def test_finished_html_blocks_pass_through_and_their_ids_are_anchors():
    text = '# T\n\n<div class="x" id="facts">\n<p>Kept <b>as is</b></p>\n</div>\n\n<!--casebook-block-0-->\n\n- item'
    page = PageConverter(directory_urls=True).convert(text, "x.md")
    assert '<div class="x" id="facts">\n<p>Kept <b>as is</b></p>\n</div>' in page.content
    assert "<!--casebook-block-0-->" in page.content
    assert "<li>item</li>" in page.content
    assert "facts" in page.anchors


def test_deferred_blocks_skip_the_markdown_pass_and_come_back_whole():
    from casebook.render.deferred import DeferredBlocks

    page = "# T\n\n<div>\n<p>a</p>\n</div>\n\n<!-- a comment -->\n\nText *here*\n\n\n<p class=\"x\">end</p>\n"
    blocks = DeferredBlocks()
    taken = blocks.take(page)
    assert "<div>" not in taken and "<p" not in taken  # both blocks, even after three newlines
    assert "<!-- a comment -->" in taken and "Text *here*" in taken
    html = PageConverter(directory_urls=True).convert(taken, "x.md").content
    restored = blocks.restore(html)
    assert "<div>\n<p>a</p>\n</div>" in restored and '<p class="x">end</p>' in restored
    assert "<em>here</em>" in restored and "casebook-block" not in restored
    assert blocks.blocks == {}  # each block is put back once, then forgotten
