"""The cases index of a big casebook: a few plain links per verdict, a compact data block the
filters read, cards fetched as a reader asks for more, and numbered pages that list every case
for a reader without JavaScript. Built once a test process from generated cases (conftest's
`big_site`), with the index showing 5 cases of each verdict, so that the numbered pages and
card files are there at a small size."""

from __future__ import annotations

import dataclasses
import json
import posixpath
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from casebook.link import casefiles
from casebook.mkdocs.config import defaults, render_options
from casebook.render import case_listing

from conftest import BIG_CASES as N_CASES, BIG_SHOWN as SHOWN, ROOT, serve_directory, shoot


@pytest.fixture(scope="module")
def big(big_site) -> Path:
    return big_site


@pytest.fixture(scope="module")
def book(big):
    loaded, problems = casefiles.load(str(big / "cases"), root=str(big))
    assert not [p for p in problems if p.is_error]
    return loaded


@pytest.fixture(scope="module")
def served(big):
    base, stop = serve_directory(big / "site")
    yield base
    stop()


def soup_of(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser")


def decode(data: dict) -> list[dict[str, list[str]]]:
    """The data block's columns back into each case's values, as the script reads them."""
    cases: list[dict[str, list[str]]] = [{} for _ in range(data["total"])]
    for facet, column in data["cases"].items():
        names = data["values"][facet]
        for case, cell in zip(cases, column.split(",")):
            case[facet] = [names[int(n, 36)] for n in cell.split(".")] if cell else []
    return cases


def resolves(site: Path, page_url: str, href: str) -> bool:
    """Whether `href`, on the page at site path `page_url`, leads to a built file."""
    target = urlparse(urljoin("http://x/" + page_url, href)).path.lstrip("/")
    path = site / posixpath.normpath(target) if target else site
    return (path / "index.html").is_file() if target.endswith("/") or not target else path.is_file()


def test_the_data_block_gives_every_case_its_filter_values(big, book):
    soup = soup_of(big / "site", "cases")
    data = json.loads(soup.select_one("[data-casebook-index] > script").string)[0]
    ids = case_listing.order(book)
    assert data["total"] == N_CASES and data["shown"] == SHOWN
    assert data["pages"] == -(-N_CASES // case_listing.PAGE)
    assert decode(data) == [case_listing.facet_values(book.cases[i]) for i in ids]
    # Every checkbox names a value of the data, and every value has a checkbox.
    for facet, values in data["values"].items():
        boxes = {box["value"] for box in soup.select(f'input[name="{facet}"]')}
        assert boxes == set(values), facet


def test_without_javascript_every_case_is_a_plain_link(big, book):
    site = big / "site"
    index = soup_of(site, "cases")
    groups = case_listing.groups(book)
    for group in groups:
        links = [a["href"] for a in index.select(f'[data-casebook-list="{group.verdict}"] li.casebook-case > a')]
        assert links == [f"{i}/" for i in group.ids[:SHOWN]]
        more = index.select_one(f'[data-casebook-more="{group.verdict}"] a')
        assert f"{len(group.ids) - SHOWN} more" in more.get_text()
        assert resolves(site, "cases/", more["href"])
        # The link lands on the group's heading on the page that lists its next case.
        page, anchor = more["href"].split("#")
        assert soup_of(site, "cases/" + page).find(id=anchor) is not None
    pager = index.select("[data-casebook-pager] a")
    assert pager and all(resolves(site, "cases/", a["href"]) for a in pager)

    listed = []
    for n in range(1, -(-N_CASES // case_listing.PAGE) + 1):
        page = soup_of(site, f"cases/page/{n}")
        items = page.select("article li.casebook-case > a")
        assert 0 < len(items) <= case_listing.PAGE
        assert all(resolves(site, f"cases/page/{n}/", a["href"]) for a in page.select("article a[href]")
                   if not a["href"].startswith(("#", "http")))
        listed += [a["href"] for a in items]
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in listed] == case_listing.order(book)  # each once, in order
    # The card files hold the same items, linking the same way, for the index to fetch.
    cards = []
    for n in range(1, -(-N_CASES // case_listing.CARDS) + 1):
        cards += json.loads((site / "cases" / "page" / f"cards-{n}.json").read_text(encoding="utf-8"))
    assert [BeautifulSoup(c, "html.parser").li.a["href"] for c in cards] == listed

    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d for d in search if d["location"].startswith(("cases/page/", "cases/#"))]


def expected_titles(book, chosen: dict[str, str], limit: int) -> dict[str, list[str]]:
    """The titles each verdict's list shows with the filters `chosen`, at most `limit` each."""
    shown = {}
    for group in case_listing.groups(book):
        matching = [i for i in group.ids
                    if all(value in case_listing.facet_values(book.cases[i])[facet] for facet, value in chosen.items())]
        shown[group.verdict] = [book.cases[i].title for i in matching[:limit]]
    return shown


def scroll_through(tab) -> None:
    """Scroll each card still loading into view until none is left: cards load as they come
    near the screen, and only then."""
    for _ in range(100):
        # In one step in the page: a card may finish loading between a count and a scroll.
        scrolled = tab.evaluate("""() => {
          const card = [...document.querySelectorAll("li.casebook-case--loading")].find(li => li.offsetParent);
          if (card) card.scrollIntoView();
          return Boolean(card);
        }""")
        if not scrolled:
            return
        tab.wait_for_timeout(50)
    raise AssertionError("cards still loading after 100 scrolls")


def visible_titles(tab, verdict: str) -> list[str]:
    # textContent: cards off the screen are not laid out (content-visibility), so they have no innerText.
    return [t.strip() for t in tab.locator(f'[data-casebook-list="{verdict}"] li.casebook-case:visible > a').all_text_contents()]


def test_show_more_and_the_filters_reach_every_case(big, book, served, page):
    page.goto(served + "/cases/")
    assert page.locator("[data-casebook-status]").inner_text() == f"{N_CASES} cases"
    assert page.locator("[data-casebook-pager]").is_hidden()
    groups = case_listing.groups(book)
    for verdict, titles in expected_titles(book, {}, SHOWN).items():
        assert visible_titles(page, verdict) == titles

    biggest = max(groups, key=lambda g: len(g.ids))
    button = page.locator(f'[data-casebook-more="{biggest.verdict}"] button')
    assert button.inner_text() == "Show 50 more"
    button.click()
    # Only the cards near the screen are fetched; the others wait until the reader gets there.
    assert page.locator("li.casebook-case--loading").count() > 0
    scroll_through(page)
    titles = visible_titles(page, biggest.verdict)
    assert titles == expected_titles(book, {}, SHOWN + 50)[biggest.verdict]
    # Cards from the card files link their cases from the index, like the cards in the page.
    hrefs = page.locator(f'[data-casebook-list="{biggest.verdict}"] li.casebook-case:visible > a').evaluate_all(
        "links => links.map(a => a.href)")
    assert [urlparse(h).path for h in hrefs] == [f"/cases/{i}/" for i in biggest.ids[:SHOWN + 50]]
    # Focus moves to the first new case, so a keyboard user carries on from there.
    assert page.evaluate("document.activeElement.textContent") == titles[SHOWN]

    # A lesson chosen: counts, lists and status follow the data, over all the cases.
    uses = Counter(link.id for case in book.cases.values() for link in case.lessons)
    lesson = min(uses, key=lambda lid: (uses[lid], lid))
    box = page.locator(f'input[name="lesson"][value="{lesson}"]')
    box.evaluate("el => { const more = el.closest('details'); if (more) more.open = true; }")
    box.check()
    page.wait_for_function(f"document.querySelector('[data-casebook-status]').textContent.startsWith('{uses[lesson]} of')")
    assert page.locator("[data-casebook-status]").inner_text() == f"{uses[lesson]} of {N_CASES} cases match"
    scroll_through(page)
    for verdict, titles in expected_titles(book, {"lesson": lesson}, SHOWN).items():
        assert visible_titles(page, verdict) == titles
        heading = page.locator(f'[data-casebook-list="{verdict}"]').locator("xpath=preceding-sibling::*[1]")
        assert heading.is_visible() == bool(titles)
    with_lesson = [c for c in book.cases.values() if lesson in {link.id for link in c.lessons}]
    sectors = Counter(c.business.sector for c in with_lesson)
    for sector, count in sectors.items():
        assert page.locator(f'[data-count-for="sector:{sector}"]').text_content() == str(count)
    assert "lesson=" + lesson in page.url
    assert page.js_errors == []


def test_a_card_file_that_does_not_load_links_its_numbered_page(big, book, served, page):
    page.route("**/cases/page/cards-*.json", lambda route: route.abort())
    page.goto(served + "/cases/")
    biggest = max(case_listing.groups(book), key=lambda g: len(g.ids))
    page.locator(f'[data-casebook-more="{biggest.verdict}"] button').click()
    failed = page.locator("li.casebook-case:visible", has_text="This case did not load.")
    failed.first.wait_for()
    link = failed.first.locator("a")
    number = case_listing.page_of(biggest.start + SHOWN)
    assert link.inner_text() == f"It is on page {number} of the cases"
    assert urlparse(link.get_attribute("href")).path == f"/cases/page/{number}/"


def test_on_a_phone_without_javascript(big, tabs, served, artifacts):
    tab = tabs.take(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        tab.goto(served + "/cases/")
        assert tab.locator("#casebook-filters").is_hidden()
        assert tab.locator("li.casebook-case:visible").count() == SHOWN * 3
        assert tab.locator("[data-casebook-pager]").is_visible()
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        shoot(tab, artifacts / "cases-index-nojs-390.png", full_page=True)
        shoot(tab.locator("[data-casebook-pager]"), artifacts / "cases-index-pager-390.png")
        pager = tab.locator("[data-casebook-pager] li").first.bounding_box()
        article = tab.locator("article").bounding_box()
        assert pager["x"] - article["x"] < 2  # the pager starts at the text's edge, not indented like a list
        tab.goto(served + "/cases/page/2/")
        current = tab.locator(".casebook-pager a[aria-current=page]").first
        assert current.inner_text() == "2"
        box = current.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44  # a finger-sized target
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        shoot(tab, artifacts / "cases-page-2-390.png", full_page=False)
    finally:
        tabs.done(tab)


# -- the pure parts, without a build ---------------------------------------------------------


def test_the_pager_keeps_first_last_and_neighbours():
    def labels(current, pages):
        return [(link.label, link.current) for link in case_listing.pager(current, pages)]

    assert labels(1, 1) == [("1", True)]
    assert labels(5, 80) == [("1", False), ("…", False), ("3", False), ("4", False), ("5", True), ("6", False),
                             ("7", False), ("…", False), ("80", False)]
    assert [label for label, _ in labels(0, 3)] == ["1", "2", "3"]  # the index: no current page


def test_the_data_block_cannot_end_its_script_element(tmp_path):
    from casebook.render import markdown_pages

    from conftest import CASE, LESSON, make_project

    title = "Shop </script><!-- & friends"
    project = make_project(tmp_path / "p", {
        "cases/lessons/acknowledge-first.yml": LESSON,
        "cases/shop-cancels.yml": CASE,
    })
    book, problems = casefiles.load(str(project / "cases"), root=str(project))
    assert not [p for p in problems if p.is_error]
    case = next(iter(book.cases.values()))
    object.__setattr__(case.business, "sector", title)  # as if a vocabulary allowed it
    block = case_listing.data_block(book, 20, 0, numbered_url="page/{n}/", cards_url="page/cards-{n}.json")
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["values"]["sector"] == [title]
    # Without directory URLs the numbered pages are .html files; the data says where they are.
    options = dataclasses.replace(render_options(defaults()), directory_urls=False, index_cases=0)
    pages = markdown_pages.Renderer(book, options).pages()
    index = BeautifulSoup(pages["cases/index.md"], "html.parser")
    data = json.loads(index.select_one("[data-casebook-index] > script").string)[0]
    assert data["pageUrl"] == "page/{n}.html" and data["cardsUrl"] == "page/cards-{n}.json"
    assert "cases/page/1.md" in pages


def test_render_for_another_engine_follows_the_listing_options_and_labels(tmp_path):
    from conftest import run_cli

    project = tmp_path / "p"
    (project / "docs").mkdir(parents=True)
    import shutil

    shutil.copytree(ROOT / "cases", project / "cases")
    (project / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - casebook:\n      index_cases: 2\n      lesson_cases: 1\n"
        "      labels:\n        social-media: Social networks\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("render", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    index = (out / "cases" / "index.md").read_text(encoding="utf-8")
    assert "Social networks" in index
    assert (out / "cases" / "page" / "1.md").is_file() and (out / "cases" / "page" / "cards-1.json").is_file()
    lessons = [p.read_text(encoding="utf-8") for p in (out / "lessons").glob("*.md")]
    assert any("The first 1 of" in text for text in lessons)

    (project / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - casebook:\n      index_cases: none\n",
                                        encoding="utf-8")
    result = run_cli("render", str(tmp_path / "out2"), cwd=project)
    assert result.returncode == 1
    assert "casebook option 'index_cases': Expected a whole number of at least 1, but received: 'none'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out2").exists()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_show_more_and_the_numbered_pages_pass_axe_in_both_schemes(big, book, served, tabs, artifacts, scheme):
    from test_accessibility import opened, serious_violations

    # The casebook's content only: the theme's header, tabs and footer take the site's own
    # colours (this repository's site sets them in docs/stylesheets/extra.css, and
    # test_accessibility audits whole pages there; a generated site has no such file).
    article = {"include": [["article"]]}

    for width in (390, 1280):
        with opened(tabs, served + "/cases/", width, scheme) as tab:
            biggest = max(case_listing.groups(book), key=lambda g: len(g.ids))
            more = tab.locator(f'[data-casebook-more="{biggest.verdict}"]')
            more.locator("button").click()
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            assert serious_violations(tab, article, colours_only=scheme == "slate") == []
            more.scroll_into_view_if_needed()
            shoot(tab, artifacts / f"cases-index-more-{width}-{scheme}.png")
            # A numbered page is a plain list: every rule on a phone in the light scheme, the
            # colours wide in the dark one.
            if (width == 390) == (scheme == "default"):
                tab.goto(served + "/cases/page/2/")
                assert serious_violations(tab, article, colours_only=scheme == "slate") == []
                shoot(tab, artifacts / f"cases-page-2-{width}-{scheme}.png")
