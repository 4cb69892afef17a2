"""Browser tabs for the tests, kept open between tests and wiped clean in between.

A new browser context costs Chromium a new renderer process: about 0.8 s of CPU before the page
even loads, which across a hundred browser tests was a sixth of the suite's time on two cores.
So a tab a test is done with goes back to a pool, and the next test that asks for the same kind
of context gets it, wiped: what a test leaves in a tab and its context is removed, or else the
tab is closed and never reused.

What is wiped: the page (it goes to `about:blank`, so no script of it runs on), the origin's
local and session storage, cookies, permissions, the HTTP cache, routes, event handlers,
emulated media, the default timeout and the viewport. A tab is closed instead when the test
left it on more than one origin (only the last one's session storage could be wiped), closed
it, opened another page in its context, or added scripts to run on every page.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

#: The page's own storage, cleared while it is still open; writes after that (a script saving
#: a draft as the page unloads) are dropped, so the next test starts with nothing stored.
_WIPE_STORAGE = """() => {
  for (const store of [window.localStorage, window.sessionStorage]) { try { store.clear(); } catch (e) {} }
  try { Storage.prototype.setItem = function () {}; } catch (e) {}
}"""

DEFAULT_TIMEOUT_MS = 30_000


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


class Tabs:
    """Tabs of `browser`, one pool for each kind of context (its options but the viewport)."""

    def __init__(self, browser):
        self.browser = browser
        self.idle: dict[tuple, list] = {}
        self.opened = self.reused = 0

    @contextlib.contextmanager
    def open(self, viewport: dict | None = None, **options):
        """A clean tab (`take`), given back when the block ends (`done`)."""
        tab = self.take(viewport, **options)
        try:
            yield tab
        finally:
            self.done(tab)

    def take(self, viewport: dict | None = None, **options):
        """A clean tab `viewport` wide and high, in a context made with `options` (as for
        `browser.new_context`). Its script errors are collected in `tab.js_errors`."""
        viewport = viewport or {"width": 1280, "height": 720}
        pool = self.idle.setdefault(self._key(options), [])
        if pool:
            context, tab = pool.pop()
            tab.set_viewport_size(viewport)
            self.reused += 1
        else:
            context = self.browser.new_context(viewport=viewport, **options)
            tab = context.new_page()
            self.opened += 1
        self._watch(context, tab, options)
        return tab

    def done(self, tab) -> None:
        """Give `tab` back, wiped for the next test, or close it when it cannot be wiped."""
        context = tab.context
        if self._wipe(context, tab):
            self.idle[self._key(tab.casebook_options)].append((context, tab))
        else:
            context.close()

    @staticmethod
    def _key(options: dict) -> tuple:
        return tuple(sorted(options.items()))

    def _watch(self, context, tab, options: dict) -> None:
        impl = tab._impl_obj
        #: Playwright's own handlers, kept when the test's are removed.
        tab.casebook_handlers = {event: list(impl.raw_listeners(event)) for event in impl.event_names()}
        tab.casebook_options = options
        errors: list[str] = []
        origins: set[str] = set()
        tab.js_errors = errors
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("framenavigated", lambda frame: frame == tab.main_frame and _origin(frame.url)
               and origins.add(_origin(frame.url)))
        tab.casebook_origins = origins
        tab.casebook_scripts = False
        add_init_script = tab.add_init_script

        def marked(*args, **kwargs):  # a script for every page cannot be taken back: no reuse
            tab.casebook_scripts = True
            return add_init_script(*args, **kwargs)

        tab.add_init_script = marked

    def _wipe(self, context, tab) -> bool:
        """Make the tab as a new one would be; False when that cannot be done."""
        if tab.is_closed() or context.pages != [tab] or tab.casebook_scripts or len(tab.casebook_origins) > 1:
            return False
        try:
            if _origin(tab.url):
                tab.evaluate(_WIPE_STORAGE)
            impl = tab._impl_obj
            for event in impl.event_names():
                for handler in impl.raw_listeners(event):
                    if handler not in tab.casebook_handlers.get(event, ()):
                        impl.remove_listener(event, handler)
            tab.unroute_all(behavior="ignoreErrors")
            context.unroute_all(behavior="ignoreErrors")
            tab.emulate_media(media="null", color_scheme=tab.casebook_options.get("color_scheme", "null"))
            tab.set_default_timeout(DEFAULT_TIMEOUT_MS)
            tab.goto("about:blank")
            context.clear_cookies()
            context.clear_permissions()
            session = context.new_cdp_session(tab)
            session.send("Network.clearBrowserCache")
            session.detach()
        except Exception:  # a crashed or hung page: a new one is made instead
            return False
        del tab.add_init_script  # the method again, for the next test
        return True

    def close(self) -> None:
        for pool in self.idle.values():
            for context, _ in pool:
                context.close()
        self.idle.clear()
