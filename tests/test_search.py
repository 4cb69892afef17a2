"""A big casebook stays quick to search and its lesson pages stay small, and nothing is lost:
the benchmark's fixed queries still find their cases in the built search index, and a lesson
page links to the cases index for the cases it does not list. Built once, small, not timed."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIG_CASES as N_CASES, BIG_LESSON_CASES as LIMIT, ROOT

sys.path.insert(0, str(ROOT / "bench"))

import searchcheck  # noqa: E402


@pytest.fixture(scope="module")
def generated(big_site) -> Path:
    return big_site


def index_docs(project: Path) -> list[dict]:
    return json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_fixed_queries_find_their_cases(generated):
    items = searchcheck.queries(str(generated / "cases"), N_CASES)
    assert {q.kind for q in items} == {"title", "summary", "business", "lesson", "distinctive word"}
    missed = [q for q, ok in searchcheck.found(str(generated / "site" / "search" / "search_index.json"), items) if not ok]
    assert not missed


def test_a_case_page_offers_search_its_first_section_only(generated):
    docs = index_docs(generated)
    case_entries = [d for d in docs if re.match(r"cases/case-", d["location"])]
    assert len(case_entries) == N_CASES  # one entry per case, none for "What happened", "Timeline", ...
    first = next(d for d in case_entries if d["location"] == "cases/case-00000-cedar-pharmacy/")
    assert "Business Cedar Pharmacy" in first["text"] and "Lessons: " in first["text"]
    # The page itself still shows every section, and the search terms stay hidden.
    html = (generated / "site" / "cases" / "case-00000-cedar-pharmacy" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    story = ["What happened", "How the business responded", "Outcome"]
    assert [h for h in headings if h in story] == story
    assert soup.select_one(".casebook-search-terms").has_attr("hidden")


def test_lesson_pages_list_the_first_cases_and_link_to_the_rest(generated):
    cut = 0
    for page in sorted((generated / "site" / "lessons").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for uses in soup.select("ul.casebook-uses"):
            assert len(uses.find_all("li", recursive=False)) <= LIMIT
            assert uses.has_attr("data-search-exclude")
        for more in soup.select(".casebook-more"):
            cut += 1
            total = int(re.search(r"of (\d+) cases", more.get_text()).group(1))
            assert total > LIMIT
            assert more.a["href"] == f"../../cases/?lesson={page.parent.name}"
    assert cut  # the most used lessons are cut short
    # The lists are not in the search index; the lesson itself is.
    docs = index_docs(generated)
    assert not any("Where it was" in d["title"] and d["text"].count("<li>") > 0 for d in docs)
