"""What a reader waits for, measured in headless Chromium (Playwright) on a built site served
from this machine: the first search after a fresh page load, and loading the cases index.

Every measurement opens a new browser context (an empty cache, as on a first visit) and
times inside the page with `performance.now()`, so Playwright's own round trips are not
counted. The site is served by Python's threaded HTTP server, without compression: the
download is local and fast, so what is timed is the browser's work, not a network.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import sys
import threading
import urllib.parse

CHROMIUM = "/usr/bin/chromium"
#: No network of its own (this machine reaches only package registries), and none of the work a
#: desktop browser does in the background: together about a tenth less CPU a page.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-extensions", "--disable-breakpad", "--mute-audio",
                 "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]

#: Resolves with the time the first search result (linking to `href`, if given) is on the page.
_WATCH_RESULT = """href => {
  window.__casebookFound = new Promise(resolve => {
    const seen = () => document.querySelector(href ? `.md-search-result__item a[href*="${href}"]` : ".md-search-result__item");
    const observer = new MutationObserver(() => {
      if (seen()) { observer.disconnect(); requestAnimationFrame(() => resolve(performance.now())); }
    });
    observer.observe(document.body, {childList: true, subtree: true});
  });
}"""


@contextlib.contextmanager
def served(directory: str, sent: list | None = None):
    """Serve `directory` on a free localhost port; yields the base URL. Each answer is appended
    to `sent`, if given, as (path, status): 200 for a file sent whole, 304 for one the browser
    already has."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def log_request(self, code="-", size="-"):
            if sent is not None:
                path = getattr(self, "path", "")  # unset when the request line itself was refused
                sent.append((urllib.parse.unquote(urllib.parse.urlsplit(path).path), int(code)))

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A page closed while a file was still on its way: the browser hung up, nothing
            # is wrong with the site. Anything else is printed as usual.
            if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def first_search(browser, base: str, query: str, href: str | None = None, timeout_ms: int = 120_000) -> float:
    """Seconds from typing `query` into the search box, as soon as a fresh load of the home page
    has fired `load`, until the first result is shown (a result linking to `href`, if given)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        page.evaluate(_WATCH_RESULT, href or "")
        page.click("input.md-search__input")
        start = page.evaluate("performance.now()")
        page.keyboard.insert_text(query)
        page.keyboard.press("End")  # a key event: Material searches on keyup
        found = page.evaluate(f"Promise.race([window.__casebookFound, new Promise(r => setTimeout(() => r(-1), {timeout_ms}))])")
        if found < 0:
            raise TimeoutError(f"no search result for {query!r} linking to {href} within {timeout_ms} ms")
        return (found - start) / 1000
    finally:
        context.close()


#: Pagefind by itself in a fresh page: load it, search, and read the first page of results
#: (what a search box needs to show them), timed from the import to the last result's data.
_PAGEFIND_ALONE = """async query => {
  const start = performance.now();
  const pagefind = await import(new URL("pagefind.js", document.baseURI).href);
  await pagefind.options({ noWorker: true });
  await pagefind.init();
  const found = await pagefind.search(query);
  await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return performance.now() - start;
}"""


def pagefind_alone(browser, base: str, query: str) -> float:
    """Seconds Pagefind alone takes, in a fresh page, to answer `query` with a first page of
    results: the floor under the casebook's search box for the same index and query."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "/pagefind/pagefind-entry.json")
        return page.evaluate(_PAGEFIND_ALONE, query) / 1000
    finally:
        context.close()


#: Records when the reader last pressed a key, and resolves with the time the box
#: shows the results of `query` (search.js marks the results it shows with `data-casebook-shown`).
_WATCH_TYPED = """query => {
  const root = document.querySelector("[data-casebook-search]");
  const input = root.querySelector("input[name=query]");
  // The time the key went down (the event's own time stamp): the search may run, and even
  // finish, inside the handling of that key, before a later listener would see it.
  window.addEventListener("keydown", event => { window.__casebookTyped = event.timeStamp; }, {capture: true});
  window.__casebookShown = new Promise(resolve => {
    const done = () => root.dataset.casebookShown === query;
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); requestAnimationFrame(() => resolve(performance.now())); }
    });
    observer.observe(root, {attributes: true, attributeFilter: ["data-casebook-shown"]});
  });
}"""


def typed_search(browser, base: str, query: str, delay_ms: int = 150, timeout_ms: int = 120_000) -> float:
    """Seconds from the last key of `query`, typed one letter at a time (`delay_ms` apart, as a
    person types) into the search box of a freshly loaded home page, until the box shows the
    results of the whole query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        page.evaluate(_WATCH_TYPED, query)
        page.click("input.md-search__input")
        page.keyboard.type(query, delay=delay_ms)
        shown = page.evaluate(f"Promise.race([window.__casebookShown, new Promise(r => setTimeout(() => r(-1), {timeout_ms}))])")
        if shown < 0:
            raise TimeoutError(f"the results of {query!r} were not shown within {timeout_ms} ms")
        return (shown - page.evaluate("window.__casebookTyped")) / 1000
    finally:
        context.close()


#: Whether Pagefind finds the page `url` among its results for `query` (`search: pagefind`), asked
#: from the bundle's own folder: the results in their ranked order, until that page comes.
_PAGEFIND_FINDS = """async ([query, url]) => {
  const pagefind = await import(new URL("pagefind.js", document.baseURI).href);
  const found = await pagefind.search(query);
  for (let i = 0; i < found.results.length; i += 100) {  // a hundred at a time, not thousands at once
    const urls = await Promise.all(found.results.slice(i, i + 100).map(async r => (await r.data()).url));
    if (urls.includes(url)) return true;
  }
  return false;
}"""


def pagefind_finds(browser, base: str, queries: list[tuple[str, str]]) -> list[bool]:
    """For each (query, address of a page: `/cases/x/`), whether the site's Pagefind index finds that page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "/pagefind/pagefind-entry.json")
        return [page.evaluate(_PAGEFIND_FINDS, [query, url]) for query, url in queries]
    finally:
        context.close()


def search_downloads(browser, base: str, query: str) -> list[str]:
    """The site paths a fresh page load plus one search fetch from the search's own files
    (under `pagefind/` or `search/`), found by waiting out the search as `first_search` does."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        page.evaluate(_WATCH_RESULT, "")
        page.click("input.md-search__input")
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        page.evaluate("window.__casebookFound")
        page.wait_for_timeout(500)
        names = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    finally:
        context.close()
    paths = [n[len(base) + 1:].split("?")[0] for n in names if n.startswith(base + "/")]
    return [p for p in dict.fromkeys(paths) if p.startswith(("pagefind/", "search/"))]


def correction_download(tab, base: str, site_dir: str, sent: list, case_id: str) -> list[tuple[str, int, int]]:
    """What "Suggest a correction" downloads, opened from the page of `case_id` in `tab` on the
    site in `site_dir` served at `base` (by `served`, logging to `sent`): each file the server
    sent whole once the link is followed, as (path, bytes, bytes gzipped, as GitHub Pages sends
    it). The theme's files are in the cache by then, from the case page, as they are for a reader."""
    tab.goto(f"{base}/cases/{case_id}/", wait_until="networkidle")
    del sent[:]
    tab.get_by_role("link", name="Suggest a correction").click()
    tab.wait_for_selector(f'[data-casebook-loaded="{case_id}"]')
    tab.wait_for_load_state("networkidle")
    files = []
    for path in dict.fromkeys(path for path, status in sent if status == 200):
        name = os.path.join(site_dir, path.lstrip("/"))
        with open(os.path.join(name, "index.html") if path.endswith("/") else name, "rb") as f:
            data = f.read()
        files.append((path, len(data), len(gzip.compress(data))))
    return files


def page_load(browser, url: str) -> float:
    """Seconds from navigation start to the `load` event of a fresh load of `url`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart") / 1000
    finally:
        context.close()


#: Clicks a filter and resolves with the milliseconds until the next frame is on screen: the
#: click's handlers, then style, layout and paint (a message posted from the frame's
#: requestAnimationFrame callback is handled once that frame is done).
_TIME_CLICK = """selector => new Promise(resolve => {
  const target = document.querySelector(selector);
  const details = target.closest("details");
  if (details) details.open = true;
  requestAnimationFrame(() => setTimeout(() => {
    const start = performance.now();
    target.click();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - start);
      channel.port2.postMessage(null);
    });
  }, 0));
})"""

#: The filter changes timed on the cases index, in this order: each adds or removes one filter.
FILTER_STEPS = (
    ("choose the most used lesson", 'input[name="lesson"]'),
    ("add a channel", 'input[name="channel"]'),
    ("clear the lesson", 'input[name="lesson"]'),
    ("add a verdict", 'input[name="verdict"]'),
    ("clear all filters", 'form[data-casebook-filters] button[type="reset"]'),
)


def filter_changes(browser, url: str) -> list[tuple[str, float]]:
    """Seconds from a click on a filter of the cases index at `url` until the next frame is
    shown, for each of `FILTER_STEPS`, after a fresh load."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_selector("[data-casebook-status]:not(:empty)")
        return [(name, page.evaluate(_TIME_CLICK, selector) / 1000) for name, selector in FILTER_STEPS]
    finally:
        context.close()
