"""Pages that survive how people move through them under Material's instant navigation (this
repository's site turns it on): the keyboard's first key press (Tab to the skip link, Enter), a
table-of-contents link and a heading's permalink (same-page links, which Material fetches and
swaps in again), Back, and arriving from another page by an instant link. The filters, the
form and the search must work after each, and no page may throw."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: Each kind of page, and a check that its own script still works.
PAGES = {
    "home": "/",
    "index": "/cases/?channel=email",
    "case": "/cases/ozzys-archive-facebook-complaints-disappear/",
    "lesson": "/lessons/engage-public-criticism/",
    "module": "/training/handling-public-complaints/",
    "facilitator": "/training/facilitator/handling-public-complaints/",
    "stats": "/stats/",
    "propose": "/propose/",
}


#: The pages with a script of their own, which must set up again after each way of arriving.
SCRIPTED = ("index", "propose")


def works(tab, name: str, search: bool = False) -> None:
    """The page's own script is set up and answers; with `search`, the search box too."""
    if name == "index":
        status = tab.locator("[data-casebook-status]")
        tab.wait_for_function("document.querySelector('[data-casebook-status]').textContent.includes('match')")
        before = status.inner_text()
        good = tab.locator('input[name="verdict"][value="good"]')
        good.check()  # the filter panel stands beside the list at this width
        tab.wait_for_function(f"document.querySelector('[data-casebook-status]').textContent !== {before!r}")
        good.uncheck()
    elif name == "propose":
        tab.wait_for_selector("[data-casebook-form-ready]")
        assert tab.locator("[data-casebook-form] [data-field]").count() > 30
        assert tab.get_by_text("This form needs JavaScript").count() == 0
    if not search:
        return
    tab.keyboard.press("Escape")
    search = tab.locator("input.md-search__input")
    search.click()
    search.fill("")  # the box keeps an earlier query across a same-page link, as Material's does
    search.press_sequentially("refund", delay=20)
    found = tab.locator(".md-search-result__link").first
    try:
        found.wait_for(timeout=5000)
    except PlaywrightTimeout:
        # Material closes the search when it swaps a page in, and on a busy machine the page
        # Back asked for can arrive after the box was opened, taking keys typed meanwhile with
        # it: open it again and type the word again, as a reader would.
        search.click()
        search.fill("")
        search.press_sequentially("refund", delay=20)
        found.wait_for(timeout=15000)
    tab.keyboard.press("Escape")


@pytest.mark.parametrize("name", list(PAGES))
def test_every_kind_of_page_survives_same_page_links_and_back(tabs, site_url, name):
    tab = tabs.take(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        # The keyboard's first key press on a page just opened: the skip link, then Enter.
        tab.goto(site_url + PAGES[name])
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.classList.contains('md-skip')")
        tab.keyboard.press("Enter")
        tab.wait_for_load_state()
        works(tab, name)
        # A table-of-contents link and a heading's permalink, where the page has them.
        toc = tab.locator(".md-sidebar--secondary a.md-nav__link:visible")
        if toc.count():
            toc.first.click()
            works(tab, name)
        permalink = tab.locator("article .headerlink")
        if permalink.count():
            permalink.first.click()
            works(tab, name)
        tab.go_back()
        works(tab, name, search=True)
        if name in SCRIPTED:  # pages without a script of their own are swapped or loaded whole
            # Arriving by an instant link from another page, and a reload.
            tab.goto(site_url + "/about/")
            tab.evaluate("url => { const a = document.createElement('a'); a.href = url; a.textContent = 'go there';"
                         " document.querySelector('article').append(a); }", site_url + PAGES[name])
            tab.get_by_role("link", name="go there").click()
            tab.wait_for_url("**" + PAGES[name].split("?")[0] + "*")
            works(tab, name)
            tab.reload()
            works(tab, name)
    finally:
        tabs.done(tab)
    assert errors == [], errors
