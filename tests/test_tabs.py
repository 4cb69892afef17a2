"""The tests' tab pool: a tab given back and taken again keeps nothing of the test before."""

from __future__ import annotations

from tabs import Tabs


def test_a_reused_tab_keeps_nothing_of_the_last_test(browser, site_url):
    pool = Tabs(browser)
    try:
        tab = pool.take(viewport={"width": 390, "height": 844})
        heard: list[str] = []
        tab.on("console", lambda message: heard.append(message.text))
        tab.route("**/cases/", lambda route: route.fulfill(body="routed"))
        tab.goto(site_url + "/")
        tab.evaluate("""() => { localStorage.setItem('kept', '1'); sessionStorage.kept = '1';
                                document.cookie = 'kept=1; path=/';
                                addEventListener('pagehide', () => { localStorage.late = '1'; }); }""")
        tab.emulate_media(media="print", reduced_motion="reduce")
        tab.set_default_timeout(1)
        tab.context.set_extra_http_headers({"x-kept": "1"})
        tab.mouse.move(200, 300)
        pool.done(tab)
        heard.clear()  # what the page said while it was this test's

        again = pool.take(viewport={"width": 1280, "height": 900})
        assert again is tab and pool.reused == 1  # the same tab, not a new one
        assert again.url == "about:blank" and again.js_errors == []
        again.goto(site_url + "/cases/")
        assert "routed" not in again.content()
        stored = again.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage), document.cookie]")
        assert not {"kept", "late", "kept=1"} & set(stored), stored  # the page's own keys are written anew
        assert again.evaluate("[innerWidth, matchMedia('print').matches]") == [1280, False]
        assert again.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches") is False
        again.evaluate("console.log('after')")
        again.locator("h1").first.wait_for()  # the default timeout is back: 1 ms would fail here
        assert heard == []
        pool.done(again)

        # What cannot be taken back closes the tab: two sites visited, a script for every page,
        # a fake clock.
        for lasting in (lambda t: (t.goto(site_url + "/"), t.goto(site_url.replace("127.0.0.1", "localhost") + "/")),
                        lambda t: t.context.add_init_script("window.kept = 1"),
                        lambda t: t.add_init_script("window.kept = 1"),
                        lambda t: t.clock.install()):
            other = pool.take()
            lasting(other)
            pool.done(other)
            fresh = pool.take()
            assert fresh is not other and fresh.evaluate("window.kept") is None
            pool.done(fresh)
            tab = fresh
    finally:
        pool.close()
