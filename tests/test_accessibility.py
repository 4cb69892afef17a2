"""axe-core audits of the main page types, and the Material integration in a real browser."""

from __future__ import annotations

import contextlib
import re

import pytest

from conftest import shoot

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "index": "/cases/",
    "case": "/cases/ozzys-archive-facebook-complaints-disappear/",
    "case-good": "/cases/title-9-refunds-entry-fees/",
    "lesson": "/lessons/engage-public-criticism/",
    "lessons": "/lessons/",
    "module": "/training/handling-public-complaints/",
    "facilitator": "/training/facilitator/handling-public-complaints/",
    "stats": "/stats/",
    "propose": "/propose/",
}


def switch_to_dark(page) -> None:
    """Use Material's own palette toggle, as a reader would."""
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")


@contextlib.contextmanager
def opened(tabs, url: str, width: int, scheme: str):
    """A clean tab `width` px wide on `url`, switched to the dark scheme when `scheme` is 'slate'."""
    with tabs.open(viewport={"width": width, "height": 844}) as tab:
        tab.goto(url)
        if scheme == "slate":
            switch_to_dark(tab)
        yield tab


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(page, site_url, artifacts, name, scheme):
    page.goto(site_url + PAGES[name])
    if scheme == "slate":
        switch_to_dark(page)
    serious = serious_violations(page, colours_only=scheme == "slate")
    shoot(page, artifacts / f"axe-{name}-{scheme}.png", full_page=True)
    assert serious == [], "\n".join(serious)


#: Waits for every transition and animation that ends to end: a colour measured half-way
#: through one (a button the pointer just left fades back over 250 ms) is neither state's.
#: One that has not ended after 5 s is made to (`finish`): an animation inside a part of the
#: page the browser skips drawing (`content-visibility: auto`, far down a long list) may never
#: advance, and waiting for it hung a run. Either way the colours read are the end state's.
_SETTLED = """() => {
  const running = document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  const ended = Promise.all(running.map(a => a.finished.catch(() => null)));
  return Promise.race([ended, new Promise(resolve => setTimeout(resolve, 5000))])
    .then(() => running.forEach(a => { if (a.playState !== "finished") try { a.finish(); } catch (e) {} }));
}"""


def settled(page) -> None:
    """Return once the page's transitions and animations are over, however busy the machine."""
    page.evaluate(_SETTLED)


#: axe's rules about colour that a default run has (its tag `cat.color` would switch on the
#: AAA rule too). The dark scheme changes colours alone (Material's palette and the casebook's
#: colour variables), so an audit there runs these; the light scheme's audit of the same page
#: at the same width runs every rule.
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}


def serious_violations(page, context: dict | None = None, colours_only: bool = False) -> list[str]:
    """axe's serious and critical findings on the page, or on the part `context` names; with
    `colours_only`, of the rules about colour alone (`COLOUR_RULES`)."""
    from axe_playwright_python.sync_playwright import Axe

    settled(page)
    # Items of long lists are laid out only once near the screen (content-visibility: auto): when
    # axe scrolls to one, its colours may start a transition then, from before a scheme switch.
    # Without transitions, axe reads the colours every reader sees once they are drawn.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    options = {"resultTypes": ["violations"], **(COLOUR_RULES if colours_only else {})}  # passes left out: faster
    results = Axe().run(page, context=context, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_or_critical_axe_violations_on_a_phone(phone, site_url):
    """Every page type at 390 px, the cases index with its filter panel open and a filter chosen."""
    tab = phone
    found = {}
    for name, path in PAGES.items():
        tab.goto(site_url + path)
        if name == "index":
            tab.locator("[data-casebook-toggle]").click()
            tab.locator('input[name="verdict"][value="good"]').check()
        found[name] = serious_violations(tab)
        if name == "index":  # the open panel's buttons in the dark scheme too
            switch_to_dark(tab)
            found["index-dark"] = serious_violations(tab, {"include": [["[data-casebook-filters]"]]}, colours_only=True)
            tab.evaluate("localStorage.clear()")
    tab.goto(site_url + "/cases/?verdict=good&channel=voicemail")  # the empty state
    found["index-empty"] = serious_violations(tab)
    assert {name: v for name, v in found.items() if v} == {}


def test_phone_viewport_index_and_case(tabs, site_url, artifacts):
    with tabs.open(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                   has_touch=True) as tab:
        for name in ("index", "case"):
            tab.goto(site_url + PAGES[name])
            # Nothing wider than the screen: no sideways scrolling on a phone.
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390
            shoot(tab, artifacts / f"phone-{name}.png", full_page=True)


def test_dark_mode_toggle_keeps_verdicts_readable(page, site_url):
    page.goto(site_url + PAGES["case"])
    switch_to_dark(page)
    colour = page.locator(".casebook-glance .casebook-verdict").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(255, 138, 128)"  # the dark scheme's red


def test_instant_navigation_sets_up_filters(page, site_url):
    page.goto(site_url + "/")
    page.locator(".md-tabs__link", has_text="Cases").click()
    page.wait_for_url(re.compile(r"/cases/$"))
    assert page.locator("[data-casebook-filters]").is_visible()
    page.locator('input[name="verdict"][value="bad"]').check()
    assert page.locator("li.casebook-case:visible").count() == 5
    assert page.js_errors == []


def test_tags_page_lists_case_tags(page, site_url):
    page.goto(site_url + "/tags/")
    article = page.locator("article")
    assert article.get_by_text("moderation", exact=True).first.is_visible()
    assert article.locator("a", has_text="complaints disappear from Ozzy's & Archive's").count() >= 1


def test_the_training_indexs_print_links_are_targets_a_thumb_can_hit(phone, site_url):
    phone.goto(site_url + "/training/")
    links = phone.locator(".casebook-print-links a")
    assert links.count() >= 9
    heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
    assert min(heights) >= 24, heights


def _contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two opaque `rgb(...)` colours."""
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_filter_button_keeps_its_contrast_in_every_state(tabs, site_url, scheme):
    """At rest, tapped open (it keeps the focus) and tapped closed, on a phone: at least 4.5:1."""
    colours = """e => { const s = getComputedStyle(e); let bg = s.backgroundColor, n = e;
      while (bg === 'rgba(0, 0, 0, 0)' && (n = n.parentElement)) bg = getComputedStyle(n).backgroundColor;
      return [s.color, bg]; }"""
    ratios = {}
    with tabs.open(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme=scheme) as tab:
        tab.goto(site_url + "/cases/")
        button = tab.locator("[data-casebook-toggle]")
        for state in ("rest", "open", "closed"):
            if state != "rest":
                button.tap()
            settled(tab)
            ratios[state] = round(_contrast(*button.evaluate(colours)), 2)
    assert min(ratios.values()) >= 4.5, ratios
