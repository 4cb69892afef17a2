"""The published playbook in headless Chromium: filtering, following links, search, reveal, print."""

from __future__ import annotations

import re

import pytest

from conftest import shoot

pytestmark = pytest.mark.browser


def heading(page) -> str:
    """The page's h1 without Material's permalink mark."""
    return page.locator("h1").inner_text().rstrip("¶").strip()


def test_home_page_opens_and_links_to_both_verdicts(page, site_url, artifacts):
    page.goto(site_url + "/")
    assert heading(page) == "Customer experience playbook"
    assert page.locator(".casebook-column--good li.casebook-case").count() >= 1
    assert page.locator(".casebook-column--bad li.casebook-case").count() >= 1
    shoot(page, artifacts / "home.png", full_page=True)
    assert page.js_errors == []


def test_index_filters_instantly_with_counts_and_url(page, site_url, artifacts):
    page.goto(site_url + "/cases/")
    cases = page.locator("li.casebook-case")
    total = cases.count()
    assert total == 7
    form = page.locator("[data-casebook-filters]")
    assert form.is_visible()
    assert page.locator("[data-casebook-status]").inner_text() == f"{total} cases"

    page.get_by_label(re.compile(r"Bad practice")).check()
    visible = page.locator("li.casebook-case:visible")
    assert visible.count() == 5
    assert page.locator("[data-casebook-status]").inner_text() == f"5 of {total} cases match"
    assert all(v == "bad" for v in visible.evaluate_all("els => els.map(e => e.dataset.verdict)"))
    assert "verdict=bad" in page.url
    # Counts in other facets follow the selection: only bad cases are counted now.
    assert page.locator('[data-count-for="channel:voicemail"]').inner_text() == "1"
    assert page.locator("h2#good-practice").is_hidden()

    page.locator('input[name="channel"][value="voicemail"]').check()
    assert page.locator("li.casebook-case:visible").count() == 1
    assert "channel=voicemail" in page.url
    shoot(page, artifacts / "index-filtered.png", full_page=True)

    # A shared filtered link opens filtered.
    page.goto(site_url + "/cases/?verdict=good")
    assert page.locator('input[name="verdict"][value="good"]').is_checked()
    assert page.locator("li.casebook-case:visible").count() == 1
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("document.querySelectorAll('li.casebook-case:not([hidden])').length === 7")
    assert "verdict" not in page.url
    assert page.js_errors == []


def test_index_is_a_usable_list_without_javascript(tabs, site_url):
    tab = tabs.take(java_script_enabled=False)
    tab.goto(site_url + "/cases/")
    assert tab.locator("li.casebook-case").count() == 7
    assert tab.locator("li.casebook-case a").first.is_visible()
    assert tab.locator("[data-casebook-filters]").is_hidden()  # controls that need the script stay hidden
    tabs.done(tab)


def test_case_to_lesson_to_backlinked_case(page, site_url, artifacts):
    page.goto(site_url + "/cases/ozzys-archive-facebook-complaints-disappear/")
    shoot(page, artifacts / "case.png", full_page=True)
    page.get_by_role("link", name="Acknowledge the disappointment before explaining the cause").first.click()
    page.wait_for_url(re.compile(r"/lessons/acknowledge-disappointment-first/$"))
    assert heading(page).startswith("Acknowledge the disappointment")
    shoot(page, artifacts / "lesson.png", full_page=True)
    followed = page.locator(".casebook-uses--followed a").first
    name = followed.inner_text()
    followed.click()
    page.wait_for_url(re.compile(r"/cases/"))
    assert heading(page) == name
    page.go_back()
    page.wait_for_url(re.compile(r"/lessons/acknowledge-disappointment-first/$"))
    assert page.js_errors == []


def test_search_finds_a_case_by_a_word_of_its_summary(page, site_url):
    page.goto(site_url + "/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("voicemail", delay=50)  # typed, as the search reacts to key presses
    result = page.locator(".md-search-result__link:visible").filter(has_text="LifeTouch").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url(re.compile(r"/cases/lifetouch-full-voicemail-box/"))


def test_exercise_reveals_on_demand_and_facilitator_notes_stay_off(page, site_url):
    page.goto(site_url + "/training/handling-public-complaints/")
    response_text = page.get_by_text("within 10 minutes that comment was taken down too", exact=False).first
    assert response_text.is_hidden()
    page.get_by_text("Reveal how the business responded").first.click()
    assert response_text.is_visible()
    body = page.locator("article").inner_text()
    assert "Model answer" not in body and "Run the exercises in order" not in body


def test_printing_a_case_hides_navigation(page, site_url):
    page.goto(site_url + "/cases/title-9-refunds-entry-fees/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-tabs").count() == 0 or page.locator(".md-tabs").is_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
