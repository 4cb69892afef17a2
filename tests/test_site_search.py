"""The site's search built with Pagefind (`search: pagefind`, as this repository's site sets
it): what it indexes, the theme's search box answering from it in a real browser, on a phone
and a desktop, in both colour schemes, and in someone else's site."""

from __future__ import annotations

import json
import re
import time

import pytest
from bs4 import BeautifulSoup

from casebook.publish import pagefind_index

from conftest import CASE, is_redirect, LESSON, make_project, pagefind_pages, read, ROOT, run_mkdocs, serve_directory, shoot

LIFETOUCH = "/cases/lifetouch-full-voicemail-box/"


def open_search(tab, width: int):
    """Open the search box as a reader of that width would: the header's button on a phone."""
    if width < 960:
        tab.locator("label.md-header__button[for=__search]").click()
    else:
        tab.locator("input.md-search__input").click()
    return tab.locator("input.md-search__input")


def results(tab) -> list[str]:
    """Each result's text, its title's bidi isolation marks (U+2068, U+2069) left out."""
    return [" ".join(t.replace("\u2068", "").replace("\u2069", "").split())
            for t in tab.locator(".md-search-result__link:visible").all_inner_texts()]


# -- what is indexed --------------------------------------------------------------------------


def test_every_page_is_indexed_by_its_content_not_the_navigation(site):
    pages = pagefind_pages(site)
    built = {("/" + p.parent.relative_to(site).as_posix() + "/").replace("/./", "/") for p in site.glob("**/index.html")
             if not is_redirect(p)}
    # What the pages' front matter leaves out of the theme's search (`search: {exclude: true}`)
    # stays out: the cases index (its cards are each a page), the tags page, the facilitator
    # notes and the printable cards of training modules.
    left_out = {"/cases/", "/tags/"} | {u for u in built if u.startswith(("/training/facilitator/", "/training/cards/"))}
    assert len(left_out) == 2 + 2 * 3
    assert set(pages) == built - left_out
    # The theme's own index, unread, is left empty.
    assert json.loads(read(site, "search/search_index.json"))["docs"] == []
    for url, page in pages.items():
        assert page["meta"]["title"], url
        assert "Skip to content" not in page["content"], url  # the theme's chrome is not indexed
        assert "¶" not in page["content"], url


def test_a_lesson_page_is_not_found_by_the_cases_it_lists(site):
    """The lists of cases on a lesson page are marked `data-search-exclude`; Pagefind leaves them out too."""
    pages = pagefind_pages(site)
    for path in (p for p in site.glob("lessons/*/index.html") if not is_redirect(p)):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        listed = [" ".join(li.get_text(" ", strip=True).split()) for li in html.select("ul.casebook-uses li")]
        content = pages["/" + path.parent.relative_to(site).as_posix() + "/"]["content"]
        for text in listed:
            assert text not in content, (path, text)


def test_the_theme_search_is_drawn_by_the_casebook_and_left_idle(site):
    html = read(site, "index.html")
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one("[data-casebook-search]")
    assert box is not None and box["data-casebook-search"] == "pagefind/"
    # The theme's script fetches its own index only for a form named "search".
    assert soup.select_one('form[name="search"]') is None
    assert soup.select_one("[data-md-component=search]") is None
    assert "assets/casebook/search.js" in html
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not list((site / "pagefind").glob("pagefind-*ui*"))  # Pagefind's own interfaces are not published


def test_document_keeps_what_the_theme_search_would_and_escapes_the_title():
    doc = pagefind_index.document('A "quoted" &lt;b&gt; title', '<h2 id="x">Why<a class="headerlink" href="#x">¶</a></h2>'
                              '<ul class="casebook-uses" data-search-exclude><li>Listed</li></ul>'
                              '<p>data-search-exclude in text</p>', "fr")
    assert '<html lang="fr">' in doc
    assert 'content="A &quot;quoted&quot; &lt;b&gt; title"' in doc
    assert '<ul class="casebook-uses" data-pagefind-ignore>' in doc
    assert "<p>data-search-exclude in text</p>" in doc and "¶" not in doc


# -- in the browser ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_finds_a_case_and_opens_it(tabs, site_url, artifacts, width):
    tab = tabs.take(viewport={"width": width, "height": 844}, is_mobile=width < 960, has_touch=width < 960)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto(site_url + "/lessons/")
        box = open_search(tab, width)
        assert tab.evaluate("document.activeElement === document.querySelector('input.md-search__input')")
        assert tab.locator(".md-search-result__meta").inner_text() == "Type to start searching"
        box.press_sequentially("voicemail", delay=40)
        tab.locator(".md-search-result__link:visible").first.wait_for(timeout=15000)
        found = results(tab)
        assert any(text.startswith("CASE A parent calling LifeTouch finds the voicemail box full") for text in found), found
        # Each result says what kind of page it comes from, above its title.
        links = tab.locator(".md-search-result__link:visible")
        kinds = {links.nth(i).locator("h1").text_content().replace("\u2068", "").replace("\u2069", ""):
                 links.nth(i).locator(".casebook-search-kind").all_text_contents() for i in range(links.count())}
        assert kinds["A parent calling LifeTouch finds the voicemail box full, and is still waiting for the promised "
                     "callback"] == ["Case"], kinds
        assert any(kind == ["Lesson"] for kind in kinds.values()), kinds
        assert re.fullmatch(r"\d+ matching documents?", tab.locator(".md-search-result__meta").inner_text())
        assert tab.locator(".md-search-result mark").first.inner_text().lower() == "voicemail"
        # The dialog fits the screen, and each result is a target a thumb can hit.
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        link = tab.locator(".md-search-result__link:visible").first.bounding_box()
        assert link["width"] <= width and link["height"] >= 44
        shoot(tab, artifacts / f"search-results-{width}.png")
        # The arrow keys walk the results; Enter opens one; the dialog closes behind it.
        href = tab.locator(".md-search-result__link:visible").first.get_attribute("href")
        tab.keyboard.press("ArrowDown")
        assert tab.evaluate("document.activeElement.getAttribute('href')") == href
        tab.keyboard.press("Enter")
        tab.wait_for_url(href)
        tab.wait_for_function("!document.getElementById('__search').checked")  # the dialog closes
        assert errors == []
    finally:
        tabs.done(tab)


def test_keys_open_and_close_the_search_and_enter_takes_the_first_result(page, site_url):
    page.goto(site_url + "/about/")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.name") == "query"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")
    box.press_sequentially("LifeTouch", delay=40)
    first = page.locator(".md-search-result__link:visible").first
    first.wait_for(timeout=15000)
    target = first.get_attribute("href")
    box.press("Enter")
    page.wait_for_url(target)
    assert page.js_errors == []


def test_focus_leaving_the_search_closes_it_on_a_phone(phone, site_url):
    """Tab past the last result closes the search, as the theme's own does: the open search
    covers the page on a phone, and focus must not move on unseen behind it."""
    phone.goto(site_url + "/about/")
    phone.locator("label[for=__search]").first.click()
    box = phone.locator("input.md-search__input")
    box.press_sequentially("refund", delay=20)
    phone.locator(".md-search-result__link:visible").first.wait_for(timeout=15000)
    assert phone.evaluate("document.getElementById('__search').checked")
    box.press("Tab")  # into the results: still open
    assert phone.evaluate("document.getElementById('__search').checked")
    for _ in range(60):  # through every result and past the last
        phone.keyboard.press("Tab")
        if not phone.evaluate("document.querySelector('[data-casebook-search]').contains(document.activeElement)"):
            break
    assert not phone.evaluate("document.getElementById('__search').checked")
    # The page shows again where the search covered it.
    phone.wait_for_function("!document.elementFromPoint(innerWidth / 2, innerHeight / 2).closest('.md-search')")
    phone.keyboard.press("/")  # and it opens again
    assert phone.evaluate("document.getElementById('__search').checked")
    box.press("Shift+Tab")  # before the box: closed
    assert not phone.evaluate("document.getElementById('__search').checked")


def test_a_word_found_nowhere_says_so_and_clearing_the_box_starts_again(page, site_url):
    page.goto(site_url + "/")
    box = open_search(page, 1280)
    box.press_sequentially("zqxwvy", delay=30)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() === 'No matching documents'")
    assert results(page) == []
    page.locator("button[type=reset].md-search__icon").click()
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() === 'Type to start searching'")
    assert page.evaluate("document.activeElement.name") == "query"


def _shown(page, query: str) -> list[str]:
    """Types `query` into the open search one key at a time, and returns the results shown for it."""
    box = page.locator("input[name=query]")
    box.fill("")
    box.press_sequentially(query, delay=30)
    page.wait_for_function("q => document.querySelector('[data-casebook-search]').dataset.casebookShown === q", arg=query)
    return results(page)


def test_a_near_word_is_no_match_and_the_word_typed_comes_first(page, site_url):
    page.goto(site_url + "/")
    open_search(page, 1280)
    # Pagefind answers a word it cannot find with the longest word the query starts with
    # ("refnd" finds "re", from "we're"): that is no match.
    assert _shown(page, "refnd") == []
    assert page.locator(".md-search-result__meta").inner_text() == "No matching documents"
    assert _shown(page, "refund")  # the word itself is found
    # "Converse" and "conversation" have one stem; the page with the word typed comes first.
    found = _shown(page, "Converse")
    assert len(found) >= 2 and "Ozzy's & Archive" in found[0], found
    assert "Converse" in found[0]
    assert page.js_errors == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_open_search_passes_axe(tabs, site_url, artifacts, width, scheme):
    from test_accessibility import opened, serious_violations

    with opened(tabs, site_url + "/", width, scheme) as tab:
        box = open_search(tab, width)
        box.press_sequentially("refund", delay=30)
        tab.locator(".md-search-result__link:visible").first.wait_for(timeout=15000)
        assert serious_violations(tab, {"include": [[".md-search"]]}, colours_only=scheme == "slate") == []
        shoot(tab, artifacts / f"search-{width}-{scheme}.png")


# -- in someone else's site -------------------------------------------------------------------


OWNER_MKDOCS = """\
site_name: Support handbook
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  features: [navigation.instant]
plugins:
  - search
  - tags
  - casebook:
      mount: playbook
      search: pagefind
nav:
  - Home: index.md
  - Rota: team/rota.md
  - Playbook: playbook/index.md
  - Cases: playbook/cases/index.md
"""


def test_in_someone_elses_site_their_pages_and_the_cases_are_found(tmp_path, tabs):
    project = make_project(tmp_path / "owner", {
        "docs/index.md": "# Support handbook\n\nWelcome to the team.\n",
        "docs/team/rota.md": "# Weekend rota\n\nThe quarterdeck shift starts at eight.\n",
        "docs/team/secret.md": "---\nsearch:\n  exclude: true\n---\n# Private\n\nThe zebrafinch drawer.\n",
        "cases/lessons/acknowledge-first.yml": LESSON, "cases/shop-cancels.yml": CASE,
    }, OWNER_MKDOCS)
    site = tmp_path / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    pages = pagefind_pages(site)
    assert "quarterdeck" in pages["/team/rota.html"]["content"]
    assert "/team/secret.html" not in pages  # the theme's front matter `search: {exclude: true}`
    assert "/playbook/cases/shop-cancels.html" in pages
    base, stop = serve_directory(site)
    tab = tabs.take(viewport={"width": 1280, "height": 844})
    try:
        # From a page two folders down, the results still lead to the right pages.
        tab.goto(base + "/playbook/cases/shop-cancels.html")
        for word, target in (("quarterdeck", "/team/rota.html"), ("shoes", "/playbook/cases/shop-cancels.html")):
            box = open_search(tab, 1280)
            box.fill("")
            box.press_sequentially(word, delay=30)
            link = tab.locator(f'.md-search-result__link[href="{base}{target}"]')
            link.wait_for(timeout=15000)
        link.click()
        tab.wait_for_url(base + "/playbook/cases/shop-cancels.html")
        assert tab.locator("h1").first.inner_text().startswith("A shop cancels an order")
    finally:
        tabs.done(tab)
        stop()


@pytest.mark.parametrize("changes, message", [
    ({"  name: material\n": "  name: mkdocs\n", "  features: [navigation.instant]\n": "", "  - tags\n": ""},
     "shows its results in Material's search box; this site's theme is 'mkdocs'"),
    ({"  - search\n": ""}, "add 'search' to 'plugins'"),
    ({"      search: pagefind\n": "      search: lunr\n"}, "Expected one of: ('theme', 'pagefind')"),
])
def test_a_search_option_that_cannot_work_is_refused_with_the_reason(tmp_path, changes, message):
    config = OWNER_MKDOCS
    for old, new in changes.items():
        assert old in config
        config = config.replace(old, new)
    project = make_project(tmp_path / "owner", {"docs/index.md": "# Home\n", "cases/lessons/acknowledge-first.yml": LESSON,
                                                "cases/shop-cancels.yml": CASE}, config)
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "pagefind").exists()


def test_a_pagefind_failure_fails_the_build_and_keeps_the_last_index(tmp_path, monkeypatch):
    output = tmp_path / "bundle"
    pagefind_index.write({"a/index.html": pagefind_index.document("A", "<p>alpha</p>", "en")}, str(output))
    before = sorted(p.name for p in output.iterdir())
    monkeypatch.setattr(pagefind_index.sys, "executable", str(tmp_path / "no-such-python"))
    with pytest.raises(pagefind_index.SearchBuildError, match="Pagefind could not be run"):
        pagefind_index.write({"b/index.html": pagefind_index.document("B", "<p>beta</p>", "en")}, str(output))
    assert sorted(p.name for p in output.iterdir()) == before


def test_a_big_index_written_by_pagefind_before_1_6_is_told_of(tmp_path, monkeypatch, caplog):
    """A site of thousands of pages indexed by Pagefind 1.5 hears that 1.6 searches them five
    times faster: a line of information, not a warning, so that a strict build goes on. Built in
    this process with the threshold at 5 pages."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "owner", {"docs/index.md": "# Home\n", "cases/lessons/acknowledge-first.yml": LESSON,
                                                "cases/shop-cancels.yml": CASE}, OWNER_MKDOCS.replace("  - Rota: team/rota.md\n", ""))
    monkeypatch.setattr(pagefind_index, "SLOW_PAGES", 5)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.casebook"):
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True))
    entry = json.loads(read(tmp_path / "site", "pagefind/pagefind-entry.json"))
    pages, version = entry["languages"]["en"]["page_count"], entry["version"]
    said = [r.getMessage() for r in caplog.records if "search index holds" in r.getMessage()]
    if version.startswith("1.5"):  # what `pip install 'mkdocs-casebook[pagefind]'` brings today
        assert said == [f"casebook: the search index holds {pages} pages, and Pagefind {version} takes a time growing "
                        "with the square of the pages to rank a word found on most of them (about a second at 8,000); "
                        "Pagefind 1.6 takes a fifth of that. The README says how to use it (Search in a big casebook)."]
        assert "\n## Search in a big casebook\n" in (ROOT / "README.md").read_text(encoding="utf-8")
    else:
        assert said == []


@pytest.mark.parametrize("version, pages, told", [("1.5.2", 4000, True), ("1.4.0", 9000, True), ("1.5.2", 3999, False),
                                                  ("1.6.0", 8000, False), ("2.0.0-beta.1", 8000, False), ("", 8000, False)])
def test_only_pagefind_before_1_6_with_thousands_of_pages_is_told_of(tmp_path, version, pages, told):
    (tmp_path / "pagefind-entry.json").write_text(json.dumps(
        {"version": version, "languages": {"en": {"page_count": pages - 10}, "de": {"page_count": 10}}}), encoding="utf-8")
    assert (pagefind_index.advice(str(tmp_path)) is not None) == told
    (tmp_path / "pagefind-entry.json").write_text("{not json", encoding="utf-8")
    assert pagefind_index.advice(str(tmp_path)) is None and pagefind_index.advice(str(tmp_path / "none")) is None


# -- while serving ----------------------------------------------------------------------------


def pagefind_urls(tab, base: str, query: str) -> list[str]:
    """The address of every page Pagefind finds for `query`, asked afresh from a file of the
    site that is not a page (a page would reload itself as the server rebuilds); None when
    the index changed under the search (the server replaced it between two of its files)."""
    tab.goto(base + "/pagefind/pagefind-entry.json")
    return tab.evaluate("""async query => {
      try {
        const pagefind = await import(new URL("pagefind.js", document.baseURI).href);
        const found = await pagefind.search(query);
        return await Promise.all(found.results.map(async r => (await r.data()).url));
      } catch (error) {
        return null;
      }
    }""", query)


def until(deadline: float, ask, what: str):
    """`ask()` again until it gives a true value, or fail saying `what` never happened."""
    while not (answer := ask()):
        assert time.monotonic() < deadline, what
        time.sleep(0.3)
    return answer


@pytest.mark.parametrize("dirty", [True, False])
def test_serving_the_index_follows_each_edit(tmp_path, page, dirty):
    """`mkdocs serve` shows an edited page at once and indexes it in the background: the new
    words are found a moment later, and a removed case no longer is. Without `--dirty` every
    rebuild empties the site's folder, and the last index is put back until the new one is done."""
    from test_serve import serving, wait_for

    project = make_project(tmp_path / "owner", {"docs/index.md": "# Home\n", "cases/lessons/acknowledge-first.yml": LESSON,
                                                "cases/shop-cancels.yml": CASE}, OWNER_MKDOCS.replace("use_directory_urls: false\n", ""))
    with serving(project, *(["--dirty"] if dirty else [])) as base:
        case = f"{base}/playbook/cases/shop-cancels/"
        wait_for(case, lambda status, body: status == 200, timeout=120)
        wait_for(f"{base}/pagefind/pagefind.js", lambda status, body: status == 200, timeout=60)
        deadline = time.monotonic() + 60
        until(deadline, lambda: "/playbook/cases/shop-cancels/" in (pagefind_urls(page, base, "shoes") or []),
              "the case was never found")
        path = project / "cases" / "shop-cancels.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("ordered shoes", "ordered quibblewick shoes"), encoding="utf-8")
        wait_for(case, lambda status, body: "quibblewick" in body, timeout=60)
        until(deadline, lambda: pagefind_urls(page, base, "quibblewick") == ["/playbook/cases/shop-cancels/"],
              "the edit was never indexed")
        path.unlink()
        wait_for(case, lambda status, body: status == 404, timeout=60)
        until(deadline + 60, lambda: pagefind_urls(page, base, "quibblewick") == [], "the removed case is still found")


def pages(n: int, words: int) -> dict[str, str]:
    """`n` pages of `words` words each, for Pagefind to take a while over."""
    return {f"p{i}/index.html": pagefind_index.document(f"Page {i}", f"<p>word{i} " + "text " * words + "</p>", "en")
            for i in range(n)}


def test_a_rebuild_cancels_the_index_being_written_and_the_latest_is_written(tmp_path):
    reports: list[str | None] = []
    index = pagefind_index.BackgroundIndex(str(tmp_path / "keep"), reports.append)
    output = tmp_path / "site" / "pagefind"
    index.submit(pages(300, 2000), str(output))
    until(time.monotonic() + 30, lambda: index._process, "Pagefind never started")
    index.cancel()
    index.submit({"last/index.html": pagefind_index.document("Last", "<p>latest</p>", "en")}, str(output))
    index.wait(timeout=120)
    assert reports and set(reports) == {None}, reports  # a cancelled run is not reported as a failure
    assert (output / "pagefind.js").is_file() and (tmp_path / "keep" / "pagefind.js").is_file()
    assert len(list((output / "fragment").iterdir())) == 1


def test_closing_the_server_stops_the_index_at_once(tmp_path):
    reports: list[str | None] = []
    index = pagefind_index.BackgroundIndex(str(tmp_path / "keep"), reports.append, quiet=0)
    many = pages(400, 4000)
    index.submit(many, str(tmp_path / "site" / "pagefind"))
    process = until(time.monotonic() + 30, lambda: index._process, "Pagefind never started")
    index.close()
    index.wait(timeout=60)
    # Pagefind was stopped by a signal, not left running, nor left to finish the index.
    assert process.poll() is not None and process.returncode < 0, process.returncode
    assert reports == [] and not (tmp_path / "site" / "pagefind").exists()
    index.submit(many, str(tmp_path / "site" / "pagefind"))  # closed: nothing more is written
    index.wait(timeout=10)
    assert not (tmp_path / "site" / "pagefind").exists()


def test_serving_writes_only_the_documents_that_changed(tmp_path):
    source = tmp_path / "documents"
    written: dict[str, str] = {}
    pagefind_index._sync(str(source), {"a/index.html": "<p>a</p>", "b/index.html": "<p>b</p>"}, written)
    (source / "a" / "index.html").write_text("touched", encoding="utf-8")  # would be overwritten if written again
    pagefind_index._sync(str(source), {"a/index.html": "<p>a</p>", "c/index.html": "<p>c</p>"}, written)
    assert (source / "a" / "index.html").read_text(encoding="utf-8") == "touched"
    assert not (source / "b" / "index.html").exists()
    assert (source / "c" / "index.html").read_text(encoding="utf-8") == "<p>c</p>"
    assert written == {"a/index.html": "<p>a</p>", "c/index.html": "<p>c</p>"}
    # Stopped half-way, it still says what the folder holds.
    many = {f"p{i}/index.html": f"<p>{i}</p>" for i in range(200)}
    with pytest.raises(pagefind_index._Stopped):
        pagefind_index._sync(str(source), many, written, stopped=lambda: len(written) > 100)
    assert 100 < len(written) < 200
    assert all((source / path).read_text(encoding="utf-8") == text for path, text in written.items() if path in many)
