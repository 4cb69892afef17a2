"""Hostile and broken input: located errors, never a crash, and nothing live reaches a page."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
import yaml

from casebook.link import casefiles
from casebook.mkdocs import theme_features
from casebook.mkdocs.config import defaults, render_options
from casebook.problems import format_text
from casebook.read import yamlfile
from casebook.render import markup
from conftest import (CASE, LESSON, MINIMAL_MKDOCS, make_project, peak_memory, run_cli, run_mkdocs, serve_directory,
                      shared, shoot)

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "[click me](javascript:window.__pwned='link')",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:window.__pwned='a'\">raw link</a>",
    "<!-- swallow the page",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
    "{: onclick=\"window.__pwned='attr'\" }",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
]
#: Material prints a page's title inside <title>; a title must not be able to close it.
TITLE_BREAK = "</title><script>window.__pwned = 'title'</script>"
TEXT = " ".join(PAYLOADS)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the validator refuses anchors, so write values out
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def hostile_case() -> dict:
    line = " ".join(p for p in PAYLOADS if "\n" not in p)
    return {
        "title": "Hostile " + TITLE_BREAK,
        "summary": PAYLOADS[1] + " " + PAYLOADS[6],
        "situation": PAYLOADS[0] + " " + PAYLOADS[1][:60],
        "verdict": "bad",
        "business": {"name": PAYLOADS[0], "sector": "retail"},
        "customer": PAYLOADS[8],
        "channels": ["email"],
        "what_happened": TEXT,
        "response": "\n\n".join(PAYLOADS),
        "outcome": "- " + "\n- ".join(PAYLOADS),
        "timeline": [{"when": PAYLOADS[3], "who": PAYLOADS[4], "what": line}],
        "lessons": [{"id": "hostile-lesson", "note": TEXT}],
        "discussion": PAYLOADS,
        "provenance": {"told_by": "business", "witness": "first-hand", "business_side": "given",
                       "business_side_where": PAYLOADS[1]},
        "sources": [{"title": PAYLOADS[2], "author": PAYLOADS[5], "url": "https://example.com/a?b=<c>&d=\"e\"",
                     "published": "2012"}, {"kind": "talk", "author": PAYLOADS[5]}],
    }


def hostile_lesson() -> dict:
    return {"title": TITLE_BREAK, "theme": "empathy", "summary": PAYLOADS[7], "why": TEXT,
            "do": PAYLOADS, "avoid": PAYLOADS}


def hostile_module() -> dict:
    return {"title": TITLE_BREAK, "audience": PAYLOADS[0], "duration": 30, "summary": PAYLOADS[6],
            "objectives": PAYLOADS, "facilitator_notes": TEXT,
            "cases": [{"case": "hostile", "minutes": 20, "focus": PAYLOADS[4], "model_answer": TEXT}]}


# --- a second set, for the theme's own scripts: each payload calls a trap the test defines -----

#: Markup that would run `casebookTrap(...)` if it ever became HTML, one per way in.
TRAPS = [
    "<script>casebookTrap('script')</script>",
    "<img src=/missing.png onerror=\"casebookTrap('onerror')\">",
    "<svg><animate onbegin=casebookTrap('svg') attributeName=x dur=1s></svg>",
    "<details open ontoggle=casebookTrap('toggle')><summary>x</summary></details>",
    "<style>html{visibility:hidden}</style>",
    "<noscript><p title=\"</noscript><img src=/n.png onerror=casebookTrap('mxss')>\"></noscript>",
    "[help](https://example.org/help \"<img src=/t.png onerror=casebookTrap('link-title')>\")",
    "[go](JaVaScRiPt:casebookTrap('scheme'))",
    "<a href=\"&#106;avascript:casebookTrap('entity')\">go</a>",
    "{: onmouseover=\"casebookTrap('attr-list')\" }",
]
#: One line each, for fields that must be one line.
TRAP_LINE = " ".join(TRAPS)
#: A title Material cuts off in the header, and then shows again as a tooltip.
TRAP_TITLE = "Refund refused <img src=/h.png onerror=casebookTrap('header-tooltip')> while the courier waits"
#: A word with no break opportunity, 10,000 characters long.
LONG_WORD = "W" * 10_000


def trap_case(title: str, **fields) -> dict:
    case = {
        "title": title,
        "summary": TRAPS[1] + " " + TRAPS[6],
        "situation": title,
        "verdict": "mixed",
        "date": "2014",
        "business": {"name": "שירות " + TRAP_LINE + " " + LONG_WORD, "sector": "retail", "size": "small"},
        "customer": LONG_WORD + " " + TRAP_LINE,
        "channels": ["email", "phone"],
        "what_happened": "\n\n".join(TRAPS) + "\n\n" + LONG_WORD,
        "response": "- " + "\n- ".join(TRAPS),
        "outcome": "| a | b |\n|---|---|\n| " + " | ".join(TRAPS[:2]) + " |\n\n" + TRAP_LINE,
        "timeline": [{"when": TRAP_LINE, "who": LONG_WORD, "channel": "email", "what": TRAP_LINE}],
        "lessons": [{"id": "hostile-lesson", "stance": "broken", "note": "\n\n".join(TRAPS)},
                    {"id": "clash-lesson", "stance": "followed", "note": TRAP_LINE}],
        "discussion": [*TRAPS, LONG_WORD],
        "tags": ["trap"],
        "provenance": {"told_by": "bystander", "witness": "second-hand", "business_side": "given",
                       "business_side_where": TRAP_LINE + " " + LONG_WORD},
        "sources": [{"title": TRAP_LINE, "author": TRAP_LINE + LONG_WORD, "url": "https://example.com/s",
                     "published": "2014"}, {"kind": "review", "author": TRAP_LINE}],
    }
    case.update(fields)
    return case


def trap_lesson(title: str) -> dict:
    return {"title": title, "theme": "honesty", "summary": TRAPS[0] + " " + TRAPS[8], "why": "\n\n".join(TRAPS),
            "do": [*TRAPS, LONG_WORD], "avoid": TRAPS, "related": ["hostile-lesson"],
            "sources": [{"title": TRAP_LINE, "url": "https://example.com/l"}]}


def trap_module(title: str) -> dict:
    return {"title": title, "audience": LONG_WORD + " " + TRAP_LINE, "duration": 90, "summary": TRAPS[3],
            "objectives": [*TRAPS, LONG_WORD], "facilitator_notes": "\n\n".join(TRAPS),
            "cases": [{"case": "header-trap", "minutes": 20, "focus": TRAP_LINE + " " + LONG_WORD,
                       "model_answer": "\n\n".join(TRAPS)},
                      {"case": "config-clash", "minutes": 20, "focus": TRAP_LINE}]}


#: Every theme feature that reads page text in the browser, the permalinks of `toc`, and the
#: tags plugin, which shows the cases' tags.
HOSTILE_MKDOCS = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  font: false\n  features:\n" + "".join(
    f"    - {name}\n" for name in sorted(theme_features.TEXT_FEATURES))).replace(
    "  - casebook\n", "  - tags\n  - casebook\n") + "markdown_extensions:\n  - toc:\n      permalink: true\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return shared(tmp_path_factory, "hostile", build_hostile_site) / "site"


def build_hostile_site(root: Path) -> None:
    project = make_project(root / "project", {
        "cases/hostile.yml": dump(hostile_case()),
        "cases/lessons/hostile-lesson.yml": dump(hostile_lesson()),
        "cases/modules/hostile-module.yml": dump(hostile_module()),
        "cases/header-trap.yml": dump(trap_case(TRAP_TITLE)),
        # Titles whose heading ids would be ids Material's own scripts look up.
        "cases/config-clash.yml": dump(trap_case("__config", verdict="good",
                                                  lessons=[{"id": "clash-lesson", "note": TRAP_LINE}])),
        "cases/lessons/clash-lesson.yml": dump(trap_lesson("__search")),
        "cases/modules/clash-module.yml": dump(trap_module("__drawer")),
    }, HOSTILE_MKDOCS)
    result = run_mkdocs(project, root / "site")
    assert result.returncode == 0, result.stderr


def test_the_hostile_site_turns_on_every_feature_that_reads_text():
    assert all(f"    - {name}\n" in HOSTILE_MKDOCS for name in theme_features.TEXT_FEATURES)


def test_the_published_json_keeps_raw_strings_and_no_page_inlines_it(hostile_site):
    import json

    data = (hostile_site / "casebook.json").read_text(encoding="utf-8")
    case = next(c for c in json.loads(data)["cases"] if c["id"] == "header-trap")
    assert case["title"] == TRAP_TITLE  # as written: consumers escape it (see README)
    fragment = json.dumps(case["business"]["name"], ensure_ascii=False)[:80]
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "casebook.json" not in html and fragment not in html, page


def test_meta_description_stays_inside_its_attribute(hostile_site):
    from bs4 import BeautifulSoup

    html = BeautifulSoup((hostile_site / "cases" / "hostile" / "index.html").read_text(), "html.parser")
    description = html.select_one('meta[name="description"]')["content"]
    assert description == hostile_case()["summary"]
    assert html.head.find("img") is None and html.head.find("svg") is None


@pytest.mark.parametrize("page", ["cases/hostile", "lessons/hostile-lesson", "training/hostile-module",
                                  "training/facilitator/hostile-module"])
def test_a_title_cannot_close_the_title_element(hostile_site, page):
    from bs4 import BeautifulSoup

    html = BeautifulSoup((hostile_site / page / "index.html").read_text(), "html.parser")
    title = html.head.title.get_text()
    # The contributor's part is isolated from the site name after it, and cannot start a tag.
    assert title.startswith((markup.FIRST_STRONG_ISOLATE, "Facilitator pack: " + markup.FIRST_STRONG_ISOLATE))
    assert f"{markup.POP_DIRECTIONAL_ISOLATE} - Test casebook" in title
    assert TITLE_BREAK in title.replace(markup.WORD_JOINER, "")
    assert not [s for s in html.find_all("script") if "__pwned" in s.get_text()]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "JAVASCRIPT:alert(1)", "vbscript:x", "//evil.example/x", "https://exa mple.com"])
def test_unsafe_source_urls_are_errors(tmp_path, url):
    case = hostile_case()
    case["sources"][0]["url"] = url
    (tmp_path / "cases" / "lessons").mkdir(parents=True)
    (tmp_path / "cases" / "hostile.yml").write_text(dump(case))
    (tmp_path / "cases" / "lessons" / "hostile-lesson.yml").write_text(dump(hostile_lesson()))
    _, problems = casefiles.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert [p.rule for p in problems if p.is_error] == ["url"]


# --- files that are too big, too long, too deep, or not where they seem -------------------

def load(tmp_path, files: dict[str, bytes | str]):
    for rel, content in files.items():
        path = tmp_path / "cases" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return casefiles.load(str(tmp_path / "cases"), root=str(tmp_path))


def test_a_10_mb_file_is_refused_without_being_read(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "huge.yml").write_bytes(b"title: " + b"x" * 10_000_000 + b"\n")
    with peak_memory() as peak:
        _, problems = load(tmp_path, {})
    assert peak() < 2_000_000  # the 10 MB were never read into memory, let alone parsed
    assert format_text(problems) == (
        "cases/huge.yml:1:1: error: file is 10.0 MB; files are limited to 1 MB [file-size]\n")


def test_extremely_long_lines_are_read_and_located(tmp_path):
    long_value = "word " * 150_000  # a 750 kB line
    _, problems = load(tmp_path, {"long.yml": f"title: {long_value}\nsumary: x\n"})
    lines = format_text(problems).splitlines()
    assert "cases/long.yml:2:1: error: unknown field 'sumary' in case (did you mean 'summary'?)" in lines[-1] or any(
        line.startswith("cases/long.yml:2:1: error: unknown field 'sumary'") for line in lines)
    assert any("is 749999 characters long; at most 120 allowed" in line for line in lines)


def test_deep_nesting_is_refused_without_recursion_error(tmp_path):
    _, problems = load(tmp_path, {"deep.yml": "a: " + "[" * 50 + "]" * 50 + "\n"})
    assert format_text(problems) == "cases/deep.yml:1:23: error: nesting is deeper than 20 levels [yaml-depth]\n"
    _, problems = load(tmp_path, {"deep.yml": "a: " + "[" * 50_000 + "]" * 50_000 + "\n"})
    assert format_text(problems) == (
        "cases/deep.yml:1:1003: error: YAML syntax: exceeded maximum nesting depth (while increasing flow level) "
        "[yaml-syntax]\n")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlinks_out_of_the_cases_folder_are_refused(tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text("title: a file outside cases/\n")
    (tmp_path / "cases" / "lessons").mkdir(parents=True)
    os.symlink(secret, tmp_path / "cases" / "outside.yml")
    os.symlink(tmp_path, tmp_path / "cases" / "lessons" / "loop.yml")
    _, problems = casefiles.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert [str(p) for p in problems] == [
        "cases:1:1: warning: no case files in this folder, so the site has no cases; "
        "start one with `casebook new \"A title\"` [no-cases]",
        "cases/lessons/loop.yml:1:1: error: symbolic link points outside the cases folder; copy the folder in instead "
        "[symlink]",
        "cases/outside.yml:1:1: error: symbolic link points outside the cases folder; copy the file in instead [symlink]",
    ]


def test_symlink_inside_the_cases_folder_is_fine(tmp_path):
    (tmp_path / "cases" / "lessons").mkdir(parents=True)
    (tmp_path / "cases" / "lessons" / "real.yml").write_text(LESSON)
    os.symlink(tmp_path / "cases" / "lessons" / "real.yml", tmp_path / "cases" / "lessons" / "alias.yml")
    _, problems = casefiles.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert all(p.rule != "symlink" for p in problems)


def test_cli_never_shows_a_traceback_on_hostile_files(tmp_path):
    project = make_project(tmp_path / "p", {
        "cases/utf16.yml": "title: x\n".encode("utf-16"),
        "cases/bomb.yml": textwrap.dedent("""\
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            """),
        "cases/python.yml": "title: !!python/object/apply:os.system ['touch pwned']\n",
        "cases/latin1.yml": "title: caf\xe9\n".encode("latin-1"),
        "cases/lessons/dir.yml/x.yml": "title: x\n",
    })
    for args in (["validate"], ["validate", "--format", "json"], ["export"], ["render", str(tmp_path / "out")]):
        result = run_cli(*args, cwd=project)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "pwned").exists()
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_mkdocs_build_never_shows_a_traceback_on_hostile_files(tmp_path):
    project = make_project(tmp_path / "p", {"cases/bad.yml": b"\xff\xfe t\x00i\x00", "cases/lessons/x.yml": "[1, 2"})
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cases/bad.yml:1:1: error: file is encoded as UTF-16; save it as UTF-8 [encoding]" in result.stderr


def test_loader_keeps_plain_values_exactly():
    doc, problems = yamlfile.parse("title: '1984'\nyes: no\nn: 0x1F\nd: 2012-03-05\nf: 1.50\nq: \"a: b\"\n", "x.yml")
    assert [str(p) for p in problems] == [  # read as YAML 1.1 does, with a word about the base
        "x.yml:3:4: warning: 0x1F is read as 31: YAML reads a number starting with 0x or 0b in base 16 or 2; "
        "write the number you mean, as plain digits [number-base]"]
    assert doc.data == {"title": "1984", "yes": False, "n": 31, "d": "2012-03-05", "f": 1.5, "q": "a: b"}


# --- the browser: every page, every element hovered and focused, with the theme's scripts ----

#: Defined before any page script: a payload that ever runs calls it, and the test sees it.
TRAP_SCRIPT = """window.casebookTrap = (tag) => { (window.__trapped = window.__trapped || []).push(String(tag)); };"""

#: Hover and focus every element the way Material listens for them, then let its tooltips open.
POKE_EVERYTHING = """async () => {
  const all = Array.from(document.querySelectorAll('body *'));
  for (const e of all) {
    for (const type of ['mouseover', 'mouseenter', 'pointerenter']) e.dispatchEvent(new MouseEvent(type));
    if (typeof e.focus === 'function') { e.focus(); e.dispatchEvent(new FocusEvent('focusin', {bubbles: true})); }
  }
  await new Promise(r => setTimeout(r, 250));
  for (const e of all) for (const type of ['mouseout', 'mouseleave']) e.dispatchEvent(new MouseEvent(type));
}"""

#: Anything live that contributor text could have become, anywhere in the document.
LIVE = """() => Array.from(document.querySelectorAll('*')).filter(e =>
    (e.tagName === 'SCRIPT' && !e.src && /casebookTrap/.test(e.textContent)) ||
    ['IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName) ||
    (e.tagName === 'STYLE' && /visibility/.test(e.textContent)) ||
    Array.from(e.attributes).some(a => a.name.startsWith('on') ||
      (/^(href|src|action|formaction|xlink:href)$/.test(a.name) && /^\\s*(javascript|data):/i.test(a.value) && a.value !== 'javascript:void(0)')))
  .map(e => e.outerHTML.slice(0, 100))"""


def site_pages(site) -> list[str]:
    return sorted(str(p.parent.relative_to(site)).replace(".", "") + "/" for p in site.rglob("index.html"))


def _poke_page(tab, url: str) -> list[str]:
    """Open `url`, hover and focus everything, and return the text of the tooltips shown."""
    tab.goto(url)
    tab.wait_for_load_state("load")
    # The header shows the page's title once the page scrolls; cut off, it is what Material
    # turns into a tooltip, as it does with a cut-off entry of the table of contents.
    tab.mouse.wheel(0, 600)
    shown = []
    topic = tab.locator(".md-header__topic .md-ellipsis").last
    if topic.is_visible():
        topic.hover(force=True)
        if topic.evaluate("e => e.scrollWidth > e.clientWidth"):  # cut off: the theme shows a tooltip
            tab.locator(".md-tooltip2").first.wait_for(state="attached")
        shown += tab.locator(".md-tooltip2").all_text_contents()
    tab.evaluate(POKE_EVERYTHING)
    assert tab.evaluate("window.__trapped || []") == [], url
    assert tab.evaluate(LIVE) == [], url
    assert tab.evaluate("getComputedStyle(document.documentElement).visibility") == "visible", url
    return shown


@pytest.mark.browser
def test_no_script_runs_under_the_themes_tooltips_previews_and_search(browser, hostile_site, artifacts):
    base, stop = serve_directory(hostile_site)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(TRAP_SCRIPT)
    tooltips: list[str] = []
    dialogs: list[str] = []
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pages = site_pages(hostile_site)
        assert len(pages) >= 15
        for path in pages:
            tooltips += _poke_page(tab, f"{base}/{path.lstrip('/')}")
        # Wide, the table of contents shows beside the text, listing each exercise by its case:
        # should the theme ever copy an entry into a tooltip, it is inert text too.
        tab.set_viewport_size({"width": 1280, "height": 900})
        for path in ("training/clash-module/", "training/facilitator/clash-module/"):
            tooltips += _poke_page(tab, f"{base}/{path}")
            entry = tab.locator(".md-nav--secondary .md-ellipsis", has_text="Exercise 1").first.inner_text()
            assert entry.startswith("Exercise 1: \u2068Refund refused <\u2060img"), entry
        tab.set_viewport_size({"width": 390, "height": 844})
        # Pages titled __config, __search and __drawer: Material still finds its own elements, so
        # search works there; results and highlighting show the payloads' text, never their markup.
        for path in ("cases/config-clash/", "lessons/clash-lesson/", "training/clash-module/"):
            tab.goto(f"{base}/{path}")
            assert tab.evaluate("['__config', '__search', '__drawer'].map(id => document.getElementById(id).tagName)"
                                ) == ["SCRIPT", "INPUT", "INPUT"], path
            assert tab.locator("h1").first.get_attribute("id").startswith("casebook-__"), path
            tab.locator("label[for=__search]").first.click()
            search = tab.locator("input.md-search__input")
            search.press_sequentially("courier", delay=30)  # typed, as the search reacts to key presses
            tab.locator(".md-search-result__link").first.wait_for(timeout=15000)
            tab.evaluate(POKE_EVERYTHING)
        tab.locator(".md-search-result__link").first.click()
        tab.wait_for_load_state("load")
        tab.evaluate(POKE_EVERYTHING)
        assert tab.evaluate("window.__trapped || []") == []
        assert tab.evaluate(LIVE) == []
        # Text shows as typed: nothing swallowed, evaluated or turned into attributes.
        tab.goto(f"{base}/cases/hostile/")
        text = tab.locator("article").inner_text()
        assert "<script>window.__pwned = 'script'</script>" in text
        assert "{{ 7 * 7 }}" in text and "49" not in text
        assert "{: onclick=" in text
        assert "<!-- swallow the page" in text
        assert tab.locator("footer.md-footer").count() == 1
        # A Markdown link with a script URL keeps its text but loses its target.
        assert tab.get_by_text("click me").first.evaluate("e => e.closest('a') && e.closest('a').getAttribute('href')") is None
        assert tab.evaluate("window.__pwned") is None
    finally:
        context.close()
        stop()
    assert dialogs == []
    # The tooltip Material built from the cut-off title shows its text as typed.
    assert any("<\u2060img src=/h.png onerror=casebookTrap('header-tooltip')>" in t for t in tooltips), tooltips[:5]


def test_link_titles_never_reach_the_page():
    html = markup.render_markdown('[help](https://example.org/h "<b>bold</b>")')
    assert html == '<p><a href="https://example.org/h" rel="noopener nofollow">help</a></p>'
    assert not any("title" in names for names in markup.ALLOWED_ATTRIBUTES.values())


def test_a_page_title_cannot_start_a_tag_even_when_copied_into_html():
    from casebook.render.markdown_pages import page_title

    assert page_title("a <img src=x> b < c </p> <!-- d") == (
        f"\u2068a &lt;{markup.WORD_JOINER}img src=x&gt; b &lt; c &lt;{markup.WORD_JOINER}/p&gt; "
        f"&lt;{markup.WORD_JOINER}!-- d\u2069")


def test_an_unverified_theme_feature_stops_the_build(tmp_path, small_project):
    (small_project / "mkdocs.yml").write_text(MINIMAL_MKDOCS.replace(
        "  name: material\n", "  name: material\n  features:\n    - content.tooltips\n    - navigation.magic\n"))
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 1
    assert ("casebook: theme feature 'navigation.magic' is not known to keep contributors' text from being "
            "turned into HTML; remove it from theme.features in mkdocs.yml") in result.stderr
    assert "Traceback" not in result.stderr


WIDE_PAGES = ["cases/", "cases/header-trap/", "lessons/clash-lesson/", "training/", "training/clash-module/",
              "training/facilitator/clash-module/", ""]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_a_10000_character_word_leaves_every_page_no_wider_than_the_screen(tabs, hostile_site, artifacts, width):
    base, stop = serve_directory(hostile_site)
    tab = tabs.take(viewport={"width": width, "height": 900})
    try:
        for path in WIDE_PAGES:
            tab.goto(f"{base}/{path}")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
            # Nothing sticks out of the article (over the table of contents) either; a table
            # scrolls inside the theme's own wrapper, which reaches to the content's edges.
            assert tab.evaluate("""() => {
              const article = document.querySelector('article'), right = article.getBoundingClientRect().right;
              return Array.from(article.querySelectorAll('*'))
                .filter(e => !e.closest('.md-typeset__scrollwrap') && e.getBoundingClientRect().right > right + 1)
                .map(e => e.outerHTML.slice(0, 80));
            }""") == [], path
        for path, name in (("cases/header-trap/", "case"), ("cases/", "index")):
            tab.goto(f"{base}/{path}")
            shoot(tab, artifacts / f"hostile-{name}-{width}.png")
    finally:
        tabs.done(tab)
        stop()


def _reversed_runs(tab, selector: str, words: list[str]) -> list[str]:
    """The words of the page's own text in `selector` whose letters are not drawn left to right."""
    return tab.evaluate("""([selector, words]) => {
      const bad = [];
      for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
          for (const word of words) {
            const at = node.data.indexOf(word);
            if (at < 0) continue;
            const boxes = Array.from(word, (_, i) => {
              const range = document.createRange();
              range.setStart(node, at + i); range.setEnd(node, at + i + 1);
              return range.getBoundingClientRect();
            });
            if (boxes.some(b => !b.width)) continue;  // not drawn (a hidden form)
            if (boxes.some((b, i) => i && b.left <= boxes[i - 1].left)) bad.push(word);
          }
        }
      }
      return bad;
    }""", [selector, words])


@pytest.mark.browser
def test_a_right_to_left_override_cannot_reverse_the_pages_own_words(tabs, tmp_path):
    """Should one ever get past the validator, a direction control stays inside its own text."""
    from casebook.render.markdown_pages import Renderer
    from casebook.render.page_html import PageConverter
    from conftest import ROOT

    (tmp_path / "cases" / "lessons").mkdir(parents=True)
    (tmp_path / "cases" / "lessons" / "acknowledge-first.yml").write_text(LESSON)
    (tmp_path / "cases" / "shop.yml").write_text(CASE + 'date: "2013"\n')
    book, problems = casefiles.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert not [p for p in problems if p.is_error]
    case = book.cases["shop"]
    rlo = "\u202e"
    case.title = "Orders " + rlo + "cancelled"
    case.business = type(case.business)(**{**case.business.__dict__, "name": "Example " + rlo + "Shop"})
    pages = Renderer(book, render_options(defaults())).pages()
    converter = PageConverter(directory_urls=True)
    css = (ROOT / "plugins" / "casebook" / "assets" / "casebook.css").read_text()
    tab = tabs.take(viewport={"width": 1280, "height": 900})
    try:
        for src in ("cases/index.md", "cases/shop.md", "index.md"):
            body = converter.convert(pages[src].split("---\n", 2)[-1], src).content
            tab.set_content(f"<style>{css}</style><article class='md-typeset'>{body}</article>")
            # List items are laid out once drawn near the screen (content-visibility: auto): wait
            # for two frames, or their text is not there yet on a busy machine.
            tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            words = ["Bad", "practice", "retail", "email", "2013", "Business", "Sector", "Broken"]
            assert tab.locator("article").inner_text().count(rlo) >= 1, src
            assert _reversed_runs(tab, "article", words) == [], src
    finally:
        tabs.done(tab)


# --- the validator: direction controls, invisible padding, line breaks, terminal output -----

def test_direction_controls_invisible_padding_and_line_breaks_are_located_errors(tmp_path):
    case = {"title": "Shop \u2067cancels an order", "summary": "A shop cancels.", "verdict": "bad",
            "business": {"name": "\u200dExample Shop", "sector": "retail"}, "customer": "\ufeff\u200b",
            "channels": ["email"], "what_happened": "The customer \u202bordered shoes.", "response": "Sorry.",
            "outcome": "Gone.", "lessons": ["acknowledge-first"], "discussion": ["Why?\u2060"],
            "sources": [{"title": "A post", "author": "Blog\u2028Post", "url": "https://example.com/p"}],
            "provenance": {"told_by": "customer", "witness": "first-hand", "business_side": "not-sought"}}
    _, problems = load(tmp_path, {"lessons/acknowledge-first.yml": LESSON, "shop.yml": dump(case)})
    assert format_text(problems) == (
        "cases/shop.yml:1:13: error: contains a right-to-left isolate (U+2067), which reorders the text around "
        "it; remove it [bidi-control]\n"
        "cases/shop.yml:5:9: error: starts with a zero width joiner (U+200D), an invisible character that makes "
        "it look like another value; remove it [invisible]\n"
        "cases/shop.yml:7:11: error: holds only invisible characters, starting with a byte-order mark (U+FEFF) "
        "[empty]\n"
        "cases/shop.yml:10:29: error: contains a right-to-left embedding (U+202B), which reorders the text around "
        "it; remove it [bidi-control]\n"
        "cases/shop.yml:19:16: error: a line separator (U+2028): YAML reads it as a line break, editors do not; "
        "delete it (press Enter if a new line was meant) [invisible-character]\n")


@pytest.mark.parametrize("char", ["\r", "\u2028", "\u2029", "\x85"])
def test_one_line_fields_refuse_every_line_break(char):
    from casebook.check import schema

    issues = list(schema.CASE.fields[0].kind.check(f"Shop{char}cancels", ("title",), {}))
    assert [(i.rule, i.offset) for i in issues] == [("one-line", 4)]
    assert schema.char_name(char) in issues[0].message


def test_validator_messages_cannot_drive_the_terminal(tmp_path):
    project = make_project(tmp_path / "p", {
        "cases/lessons/acknowledge-first.yml": LESSON,
        "cases/shop.yml": CASE.replace("sector: retail", 'sector: "retail\\e[2K\\r\\u2028\\u202eok"'),
    })
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert "unknown sector 'retail\\u001b[2K\\u000d\\u2028\\u202eok'" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\r\u2028\u202e")
