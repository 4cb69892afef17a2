"""Whose account each case is: the provenance line, the source names, the exports and the filter."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from casebook import provenance
from casebook.check import editorial
from casebook.link import casefiles
from casebook.model import Provenance, Source
from casebook.publish import export
from conftest import read, ROOT, shoot


def _case(told_by="customer", witness="first-hand", side="not-sought", where=None, sources=None, title="A title"):
    from casebook.model import Business, Case

    return Case("x", title, "s", "bad", Business("Shop", "retail"), ["email"], "w", "r", "o", [],
                sources if sources is not None else [Source(kind="blog-post", published="2012-03")],
                Provenance(told_by, witness, side, where))


@pytest.mark.parametrize("case, expected", [
    (_case(), "As told by the customer in a blog post (2012). The business's side was not sought."),
    (_case("reporter", "second-hand", sources=[Source(kind="talk")]),
     "Heard second-hand and retold by a reporter who was not involved, in a talk. The business's side was not sought."),
    (_case("employee", side="sought-no-reply", sources=[Source(title="Inside the shop", published="2020")]),
     "As told by an employee of the business in “Inside the shop” (2020). "
     "The business was asked for its side and did not reply."),
    (_case("bystander", side="given", where="In a reply under the post.", sources=[Source(kind="article")]),
     "As told by a bystander in an article. The business gave its side: in a reply under the post."),
    (_case("business", side="given", where="Its own post"),
     "As told by the business in a blog post (2012). This is the business's own account; "
     "the customer's side is not given."),
])
def test_the_provenance_line_in_plain_words(case, expected):
    assert provenance.line(case) == expected


def test_a_source_without_a_title_is_named_by_kind_and_author():
    assert provenance.source_name(Source(kind="blog-post", author="Michele Arduengo")) == "a blog post by Michele Arduengo"
    assert provenance.source_label(Source(kind="article")) == "An article"
    assert provenance.source_label(Source(title="how it went", kind="article")) == "how it went"


def test_one_sided_titles_that_assert_wrongdoing_get_a_notice():
    assert editorial.asserted_wrongdoing(_case(title="A shop Deletes comments")) == "Deletes"
    assert editorial.asserted_wrongdoing(_case(title="A customer says a shop deleted comments")) == "deleted"
    assert editorial.asserted_wrongdoing(_case(title="Comments disappear from a shop's page")) is None
    both = _case(side="given", where="In a statement", title="A shop never replies")
    assert editorial.asserted_wrongdoing(both) is None


def test_every_case_page_shows_its_provenance_line_near_the_top(site):
    book, _ = casefiles.load(str(ROOT / "cases"), root=str(ROOT))
    for case in book.cases.values():
        page = BeautifulSoup(read(site, f"cases/{case.id}/index.html"), "html.parser").select_one("article")
        line = page.select_one("p.casebook-provenance")
        assert line is not None, case.id
        # Words the contributor wrote (where the business gave its side) are isolated (U+2068 ... U+2069).
        assert line.get_text().replace("\u2068", "").replace("\u2069", "") == provenance.line(case)
        # Before the story: the provenance comes ahead of every section.
        assert line.find_next("h2").get_text(strip=True).rstrip("¶") == "What happened", case.id
        assert not line.find_all_previous("h2"), case.id


def test_casebook_json_and_csv_carry_the_provenance(site):
    data = json.loads(read(site, "casebook.json"))
    for case in data["cases"]:
        prov = case["provenance"]
        assert prov["told_by"] in {teller for teller, _ in provenance.TOLD} and prov["statement"].startswith(("As told", "Heard"))
    book, _ = casefiles.load(str(ROOT / "cases"), root=str(ROOT))
    rows = list(csv.DictReader(io.StringIO(export.to_csv(book, "cases"))))
    assert len(rows) == len(book.cases)
    for row in rows:
        case = book.cases[row["id"]]
        assert row["told_by"] == case.provenance.told_by and row["provenance"] == provenance.line(case)
        assert row["sources"] == "; ".join(provenance.source_name(s) for s in case.sources)


def test_cases_index_filters_by_provenance(site):
    page = BeautifulSoup(read(site, "cases/index.html"), "html.parser")
    facets = {fs["data-facet"]: fs for fs in page.select("fieldset[data-facet]")}
    assert {"told-by", "witness", "business-side"} <= set(facets)
    assert "The customer" in facets["told-by"].get_text()
    for item in page.select("li.casebook-case"):
        assert item["data-told-by"] in {teller for teller, _ in provenance.TOLD}
        assert item["data-witness"] in ("first-hand", "second-hand")


@pytest.mark.browser
def test_filtering_by_provenance_in_the_browser(tabs, site_url, artifacts):
    page = tabs.take(viewport={"width": 390, "height": 844})
    page.goto(site_url + "/cases/?witness=second-hand")
    assert page.locator('input[name="witness"][value="second-hand"]').is_checked()
    shown = page.locator("li.casebook-case:visible")
    assert shown.count() >= 1
    assert set(shown.evaluate_all("els => els.map(e => e.dataset.witness)")) == {"second-hand"}
    page.goto(site_url + "/cases/title-9-refunds-entry-fees/")
    line = page.locator(".casebook-provenance")
    assert line.is_visible() and "second-hand" in line.inner_text()
    box = line.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shoot(page, artifacts / "provenance-390.png", full_page=False)
    tabs.done(page)


def test_contributing_page_shows_the_editorial_standards(site):
    page = BeautifulSoup(read(site, "contributing/index.html"), "html.parser")
    standards = page.select_one("h2#editorial-standards").find_next_sibling("ul").get_text(" ", strip=True)
    for rule, _ in editorial.STANDARDS:
        assert rule in standards
    assert "Name businesses, never private people." in standards
    rows = {tr.td.get_text(strip=True): tr for tr in page.select("table tr") if tr.td}
    assert "when 'business_side' is 'given'" in rows["business_side_where"].get_text()


def test_lesson_page_shows_front_line_wording_apart_from_team_lead_actions(site):
    page = BeautifulSoup(read(site, "lessons/keep-contact-channels-open/index.html"), "html.parser").select_one("article")
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")]
    assert headings[:6] == ["Why it matters", "Do", "Avoid", "What to say", "What not to say", "For team leads"]
    assert "Our voicemail is full at the moment" in page.select_one("ul.casebook-say").get_text()
    assert "Please do not reply to this email." in page.select_one("ul.casebook-dont-say").get_text()
    leads = page.select_one("ul.casebook-team-leads").get_text()
    assert "Monitor mailbox and voicemail capacity" in leads
    assert "Monitor mailbox" not in page.select_one("ul.casebook-do").get_text()
