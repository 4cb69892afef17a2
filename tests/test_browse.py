"""Reading at a glance, in headless Chromium at 1280 px and 390 px: what a reader sees."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, VERDICTS, seed

pytestmark = pytest.mark.browser

OZZY = "/cases/ozzys-archive-facebook-complaints-disappear/"
LESSON = "/lessons/engage-public-criticism/"
OZZY_LESSONS = seed("cases/ozzys-archive-facebook-complaints-disappear.yml")["lessons"]
LESSON_IDS = sorted(p.stem for p in (ROOT / "cases" / "lessons").glob("*.yml"))


def cases(n: int) -> str:
    return f"{n} case" + ("s" if n != 1 else "")


CARD_LISTS = ".casebook-cases, .casebook-uses, .casebook-lessons, .casebook-lesson-list, .casebook-like, .casebook-takeaway-list"


def markers(tab) -> list[str]:
    """For every card in a card list: its list style, and whether it starts left of its list."""
    return tab.evaluate(f"""() => [...document.querySelectorAll('article :is({CARD_LISTS}) > li')].map(li => {{
        const style = getComputedStyle(li);
        const outside = li.getBoundingClientRect().left < li.parentElement.getBoundingClientRect().left;
        return style.listStyleType + (outside ? ' outside' : '') + ' ' + getComputedStyle(li, '::marker').content;
    }})""")


@pytest.mark.parametrize("path", ["/", "/cases/", OZZY, LESSON, "/lessons/"])
def test_cards_have_no_list_marker(phone, site_url, path):
    phone.goto(site_url + path)
    seen = markers(phone)
    assert seen, "no card on the page"
    assert set(seen) == {"none normal"}, seen


def test_separators_are_in_the_rendered_text(page, site_url):
    page.goto(site_url + "/cases/")
    good, bad, mixed = VERDICTS["good"], VERDICTS["bad"], VERDICTS["mixed"]
    assert (f"{cases(good + bad + mixed)}: Good practice {good}, Bad practice {bad}, Mixed practice {mixed}."
            in page.locator(".casebook-lead").inner_text())
    page.goto(site_url + "/")
    titles = page.locator(".casebook-column-title").all_inner_texts()
    assert [t.rstrip("¶").strip() for t in titles] == [f"Good practice · {cases(VERDICTS['good'])}",
                                                                   f"Bad practice · {cases(VERDICTS['bad'])}"]
    browse = page.locator("h2#browse + ul > li").all_inner_texts()
    assert browse == ["All cases, filtered by verdict, channel, sector, lesson and year", "All lessons, by theme"]


def test_search_snippet_keeps_spaces_between_labels_and_values(page, site_url):
    page.goto(site_url + "/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("photography", delay=50)  # a word of the labelled values
    result = page.locator(".md-search-result__article:visible").first
    result.wait_for(timeout=15000)
    text = " ".join(" ".join(t.split()) for t in page.locator(".md-search-result__article:visible").all_inner_texts())
    assert "Business LifeTouch Sector Photography Channels Phone Voicemail" in text
    assert "BusinessLifeTouch" not in text


def test_case_page_opens_with_the_story_then_its_lessons(page, phone, site_url):
    page.goto(site_url + "/cases/?lesson=engage-public-criticism")
    page.goto(site_url + OZZY)
    article = page.locator("article")
    top = lambda locator: locator.first.bounding_box()["y"]  # noqa: E731
    verdict = article.locator(".casebook-glance .casebook-verdict")
    instead = article.locator("h2#what-to-do-instead")
    story = article.locator("h2#what-happened")
    assert verdict.inner_text() == "Bad practice"
    assert top(verdict) < top(story) < top(article.locator("h2#outcome")) < top(instead)
    # On a phone the story's summary is on the first screen, and its first section soon after.
    phone.goto(site_url + OZZY)
    summary = phone.locator("article .casebook-summary")
    assert summary.bounding_box()["y"] < phone.viewport_size["height"] * 0.9
    assert phone.locator("article h2#what-happened").bounding_box()["y"] < phone.viewport_size["height"] * 1.25
    # "Suggest a correction" is a button a thumb can hit, in the text's own size; so are the crumbs.
    suggest = phone.locator(".casebook-suggest a")
    assert suggest.bounding_box()["height"] >= 24
    assert min(box["height"] for box in (a.bounding_box() for a in phone.locator(".casebook-crumbs a").all())) >= 24
    assert float(suggest.evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 14
    box = article.locator(".casebook-takeaway--broken")
    assert box.locator("li").count() == sum(1 for lesson in OZZY_LESSONS if lesson["stance"] == "broken")
    assert "leave the comment visible" in " ".join(box.inner_text().split())
    assert article.locator(".casebook-takeaway--followed li").inner_text().startswith("Tell customers about delays")
    # The breadcrumb leads back to the index as it was last filtered.
    crumbs = article.locator("nav.casebook-crumbs a")
    assert crumbs.all_inner_texts() == ["Cases", "Bad practice"]
    assert crumbs.first.get_attribute("href").endswith("?lesson=engage-public-criticism")
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "Cases"
    page.goto(site_url + LESSON)
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "Lessons"
    assert page.js_errors == []


def test_cases_like_this_lead_with_the_opposite_stance(page, site_url):
    page.goto(site_url + OZZY)
    cards = page.locator("article .casebook-like > li")
    assert 1 <= cards.count() <= 4
    first = cards.first.inner_text()
    assert "Followed:" in first  # a case that followed a lesson this one broke
    assert cards.first.locator(".casebook-verdict").inner_text() != "Bad practice"


def test_lesson_page_sets_followed_and_broken_side_by_side(page, phone, site_url):
    def boxes(tab):
        tab.goto(site_url + LESSON)
        return [tab.locator(f".casebook-side--{s}").bounding_box() for s in ("followed", "broken")]

    followed, broken = boxes(page)
    assert followed["y"] == broken["y"] and broken["x"] > followed["x"] + followed["width"] - 1
    followed, broken = boxes(phone)
    assert broken["y"] >= followed["y"] + followed["height"] - 1


def test_phone_filter_panel_is_one_button_with_chips(phone, site_url):
    phone.goto(site_url + "/cases/")
    form = phone.locator("[data-casebook-filters]")
    toggle = phone.locator("[data-casebook-toggle]")
    assert toggle.inner_text() == "Filter"
    assert toggle.is_visible() and form.is_hidden()
    # The first case is on the first screen.
    assert phone.locator("li.casebook-case").first.bounding_box()["y"] < 844
    toggle.click()
    assert form.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    # Readable labels, and the long lesson list folded to its most used choices, with counts.
    assert phone.get_by_label("Social media").count() == 1
    assert phone.get_by_text("social-media", exact=True).count() == 0
    lessons = phone.locator("fieldset[data-facet=lesson] label")
    assert sum(1 for i in range(lessons.count()) if lessons.nth(i).is_visible()) == 6
    assert re.fullmatch(r"\d+", phone.locator('[data-count-for="lesson:keep-contact-channels-open"]').inner_text())
    assert phone.get_by_text(f"Show {len(LESSON_IDS) - 6} more").is_visible()
    reset = phone.get_by_role("button", name="Clear filters")
    assert reset.evaluate("b => getComputedStyle(b).borderTopWidth") != "0px"
    # The year filter the home page promises.
    assert phone.locator('fieldset[data-facet=year] input[value="2012"]').count() == 1

    phone.get_by_label("Social media").check()
    assert toggle.inner_text() == "Filter (1)"
    # The panel ends with a button that says how many cases the filters leave, and shows them.
    done = phone.locator("[data-casebook-done]")
    assert done.inner_text() == "Show 3 cases"
    box, panel = done.bounding_box(), form.bounding_box()
    assert panel["y"] + panel["height"] - (box["y"] + box["height"]) < 24  # it ends the panel
    assert done.bounding_box()["height"] >= 24
    done.click()
    assert form.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    assert phone.evaluate("document.activeElement.hasAttribute('data-casebook-toggle')")
    header = phone.locator(".md-header").bounding_box()
    assert toggle.bounding_box()["y"] >= header["y"] + header["height"]  # not under the sticky header
    first = phone.locator("li.casebook-case:visible").first.bounding_box()
    assert 0 <= first["y"] < 844  # the cases are on the screen
    chip = phone.get_by_role("button", name="Remove filter Channel: Social media")
    assert chip.is_visible()
    assert "channel=social-media" in phone.url
    assert phone.locator("li.casebook-case:visible").count() == 3
    chip.click()
    assert phone.locator("li.casebook-case:visible").count() == 7
    assert "channel" not in phone.url
    assert phone.js_errors == []


def test_no_match_offers_to_remove_the_last_filter(page, site_url):
    page.goto(site_url + "/cases/?verdict=good&channel=voicemail")
    assert page.locator("li.casebook-case:visible").count() == 0
    empty = page.locator("[data-casebook-empty]")
    assert empty.is_visible() and "No case matches these filters." in empty.inner_text()
    # The sections the filter hid are gone from the table of contents too.
    toc = page.locator(".md-sidebar--secondary .md-nav__link:visible").all_inner_texts()
    assert not any("Good practice" in t or "Bad practice" in t for t in toc)
    page.get_by_role("button", name="Remove Channel: Voicemail").click()
    assert page.locator("li.casebook-case:visible").count() == VERDICTS["good"]
    assert empty.is_hidden()
    assert "verdict=good" in page.url and "channel" not in page.url
    assert "Good practice" in " ".join(page.locator(".md-sidebar--secondary .md-nav__link:visible").all_inner_texts())


def contrast(a: str, b: str) -> float:
    def luminance(rgb: str) -> float:
        r, g, b_ = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b_)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_stats_charts_read_on_a_phone(phone, site_url):
    phone.goto(site_url + "/stats/")
    sizes = phone.evaluate("""() => [...document.querySelectorAll('.casebook-chart th, .casebook-chart td, .casebook-legend')]
        .filter(e => e.getClientRects().length && !e.closest('.casebook-sr'))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12, min(sizes)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    text = phone.locator("article").inner_text()
    assert "…" not in text
    assert "Keep every contact channel open and able to take a message" in phone.locator("#chart-broken").inner_text()
    # No caption repeats its heading; the heat map has a legend and a count in each filled cell.
    assert phone.locator("figure figcaption").count() == 0
    assert phone.locator("#chart-coverage .casebook-legend").is_visible()
    assert "no case yet" in phone.locator("#chart-coverage .casebook-legend").inner_text()
    counts = phone.locator("#chart-coverage td.casebook-cell--1, #chart-coverage td.casebook-cell--2").all_inner_texts()
    assert counts and all(re.fullmatch(r"\d+", c) for c in counts)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_heat_map_steps_stand_apart(tabs, site_url, scheme):
    tab = tabs.take(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab.goto(site_url + "/stats/")
    expected = "slate" if scheme == "dark" else "default"
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    colours = [tab.locator(f".casebook-legend .casebook-cell--{i}").evaluate("e => getComputedStyle(e).backgroundColor")
               for i in range(3)]
    assert contrast(colours[0], colours[1]) >= 3 and contrast(colours[1], colours[2]) >= 3, colours
    tabs.done(tab)


#: The long pages a phone reader scrolls through, and the tables on them.
LONG_PAGES = ("/cases/ozzys-archive-facebook-complaints-disappear/", "/training/handling-public-complaints/",
              "/training/facilitator/difficult-customers/", "/training/cards/keeping-promises/", "/contributing/")


def test_on_a_phone_tables_fit_or_show_that_they_scroll(phone, site_url):
    for path in ("/training/handling-public-complaints/", "/training/facilitator/difficult-customers/",
                 "/contributing/", "/stats/"):
        phone.goto(site_url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        tables = phone.evaluate("""() => [...document.querySelectorAll('.md-content table')].map(t => {
            const box = t.closest('.md-typeset__scrollwrap, .casebook-scroll');
            return {fits: box ? box.scrollWidth <= box.clientWidth + 1 : t.getBoundingClientRect().right <= innerWidth,
                    cue: !!box && box.classList.contains('casebook-more-right'), focusable: !!box && box.tabIndex === 0};
        })""")
        assert tables, path
        for table in tables:
            # A table either fits, or fades at its right edge and can be scrolled with the keyboard.
            assert table["fits"] or (table["cue"] and table["focusable"]), (path, table)
        if path != "/stats/":
            assert all(t["fits"] for t in tables), (path, tables)  # the agendas, rubrics and field tables fit
    # The heat map is wider than a phone: its edge fades until it is scrolled to the end.
    wrap = phone.locator("#chart-coverage .casebook-scroll")
    assert "casebook-more-right" in wrap.get_attribute("class")
    wrap.evaluate("e => e.scrollTo(e.scrollWidth, 0)")
    phone.wait_for_function("e => !e.classList.contains('casebook-more-right')", arg=wrap.element_handle())
    # The contributing page's fields are a block each, their description across the page.
    phone.goto(site_url + "/contributing/")
    description = phone.locator(".casebook-fields td:nth-child(4)").first.bounding_box()
    assert description["width"] >= 300
    assert phone.evaluate("document.documentElement.scrollHeight") < 16000


def test_long_pages_have_a_contents_list_on_a_phone(phone, page, site_url):
    for path in LONG_PAGES:
        phone.goto(site_url + path)
        contents = phone.locator(".casebook-contents")
        headings = phone.locator(".md-content h2[id]")
        summary = contents.locator("summary")
        assert summary.is_visible(), path
        summary.click()
        links = contents.locator("a")
        assert links.count() == headings.count() >= 3, path
        assert min(links.nth(i).bounding_box()["height"] for i in range(links.count())) >= 24
        # Its last entry leads to the last section, which comes into view.
        last = links.last
        target = last.get_attribute("href")
        assert "¶" not in last.inner_text()
        last.click()
        phone.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                                " return r.top >= 0 && r.top < innerHeight; }", arg=target[1:])
    # A wide screen has the theme's own contents in the sidebar, and no second list.
    page.goto(site_url + LONG_PAGES[2])
    assert page.locator(".casebook-contents").is_hidden()
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    assert phone.js_errors == [] and page.js_errors == []
