"""Hostile and broken input: located errors, never a crash, and nothing live reaches a page."""

from __future__ import annotations

import os
import textwrap
import time

import pytest
import yaml

from casebook import catalog, loading
from casebook.problems import format_text
from conftest import LESSON, make_project, run_cli, run_mkdocs, serve_directory

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
        "sources": [{"title": PAYLOADS[2], "author": PAYLOADS[5], "url": "https://example.com/a?b=<c>&d=\"e\"",
                     "published": "2012"}],
    }


def hostile_lesson() -> dict:
    return {"title": TITLE_BREAK, "theme": "empathy", "summary": PAYLOADS[7], "why": TEXT,
            "do": PAYLOADS, "avoid": PAYLOADS}


def hostile_module() -> dict:
    return {"title": TITLE_BREAK, "audience": PAYLOADS[0], "duration": 30, "summary": PAYLOADS[6],
            "objectives": PAYLOADS, "facilitator_notes": TEXT,
            "cases": [{"case": "hostile", "minutes": 20, "focus": PAYLOADS[4], "model_answer": TEXT}]}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = make_project(root / "project", {
        "cases/hostile.yml": dump(hostile_case()),
        "cases/lessons/hostile-lesson.yml": dump(hostile_lesson()),
        "cases/modules/hostile-module.yml": dump(hostile_module()),
    })
    result = run_mkdocs(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


HOSTILE_PAGES = ["", "cases/", "cases/hostile/", "lessons/", "lessons/hostile-lesson/", "training/",
                 "training/hostile-module/", "training/facilitator/hostile-module/", "stats/", "tags/"]


@pytest.mark.browser
def test_no_script_runs_and_text_shows_literally(browser, hostile_site):
    base, stop = serve_directory(hostile_site)
    context = browser.new_context()
    try:
        tab = context.new_page()
        dialogs = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in HOSTILE_PAGES:
            tab.goto(f"{base}/{path}")
            tab.wait_for_load_state("load")
            assert tab.evaluate("window.__pwned") is None, path
            # No element carries an event handler or a script URL.
            live = tab.evaluate("""() => Array.from(document.querySelectorAll('article *')).filter(e =>
                e.tagName === 'SCRIPT' || e.tagName === 'IFRAME' ||
                Array.from(e.attributes).some(a => a.name.startsWith('on') ||
                  /^\\s*(javascript|data):/i.test(a.value))).map(e => e.outerHTML.slice(0, 80))""")
            assert live == [], path
            # The page did not get swallowed by a comment: the footer is still rendered.
            assert tab.locator("footer.md-footer").count() == 1, path
        tab.goto(f"{base}/cases/hostile/")
        text = tab.locator("article").inner_text()
        assert "<script>window.__pwned = 'script'</script>" in text
        assert "{{ 7 * 7 }}" in text and "49" not in text
        assert "{: onclick=" in text
        assert "<!-- swallow the page" in text
        # A Markdown link with a script URL keeps its text but loses its target.
        assert tab.get_by_text("click me").first.evaluate("e => e.closest('a') && e.closest('a').getAttribute('href')") is None
        assert dialogs == []
    finally:
        context.close()
        stop()


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
    assert TITLE_BREAK in html.head.title.get_text()
    assert not [s for s in html.find_all("script") if "__pwned" in s.get_text()]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "JAVASCRIPT:alert(1)", "vbscript:x", "//evil.example/x", "https://exa mple.com"])
def test_unsafe_source_urls_are_errors(tmp_path, url):
    case = hostile_case()
    case["sources"][0]["url"] = url
    (tmp_path / "cases" / "lessons").mkdir(parents=True)
    (tmp_path / "cases" / "hostile.yml").write_text(dump(case))
    (tmp_path / "cases" / "lessons" / "hostile-lesson.yml").write_text(dump(hostile_lesson()))
    _, problems = catalog.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert [p.rule for p in problems if p.is_error] == ["url"]


# --- files that are too big, too long, too deep, or not where they seem -------------------

def load(tmp_path, files: dict[str, bytes | str]):
    for rel, content in files.items():
        path = tmp_path / "cases" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return catalog.load(str(tmp_path / "cases"), root=str(tmp_path))


def test_a_10_mb_file_is_refused_quickly(tmp_path):
    started = time.perf_counter()
    _, problems = load(tmp_path, {"huge.yml": b"title: " + b"x" * 10_000_000 + b"\n"})
    assert time.perf_counter() - started < 2
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
    _, problems = catalog.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert [str(p) for p in problems] == [
        "cases/lessons/loop.yml:1:1: warning: folder 'loop.yml' is not read; cases go in the top folder, "
        "lessons in lessons/, modules in modules/ [stray-file]",
        "cases/outside.yml:1:1: error: symbolic link points outside the cases folder; copy the file in instead [symlink]",
    ]


def test_symlink_inside_the_cases_folder_is_fine(tmp_path):
    (tmp_path / "cases" / "lessons").mkdir(parents=True)
    (tmp_path / "cases" / "lessons" / "real.yml").write_text(LESSON)
    os.symlink(tmp_path / "cases" / "lessons" / "real.yml", tmp_path / "cases" / "lessons" / "alias.yml")
    _, problems = catalog.load(str(tmp_path / "cases"), root=str(tmp_path))
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
    doc, problems = loading.parse("title: '1984'\nyes: no\nn: 0x1F\nd: 2012-03-05\nf: 1.50\nq: \"a: b\"\n", "x.yml")
    assert problems == []
    assert doc.data == {"title": "1984", "yes": False, "n": 31, "d": "2012-03-05", "f": 1.5, "q": "a: b"}
