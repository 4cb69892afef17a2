"""Browser tabs for the tests, kept open between tests and wiped clean in between.

A new browser context costs Chromium a new renderer process: about 0.8 s of CPU before the page
even loads, which across a hundred browser tests was a sixth of the suite's time on two cores.
So a tab a test is done with goes back to a pool, and the next test that asks for the same kind
of context gets it, wiped: what a test leaves in a tab and its context is removed, or else the
tab is closed and never reused.

What is wiped: the page (it goes to `about:blank` first, so no script of it runs on or writes
anything after), then everything the visited origin stored (local and session storage,
IndexedDB, caches, service workers), cookies, permissions, the HTTP cache, routes, the test's
event handlers, emulated media, offline mode, extra headers, default timeouts, the pointer and
held keys, and the viewport. A tab is closed instead when the test left it on more than one
origin, closed it, opened another page in its context, added scripts or functions to every
page, or installed a fake clock; or when the wipe itself fails or takes too long.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

#: How long the wipe may wait for the page to go: a page stuck in a script is not reused.
LEAVE_TIMEOUT_MS = 10_000
#: What a test may add to a tab or its context that cannot be taken back: a tab given any of
#: these, or a fake clock, is closed at the end.
_LASTING = ("add_init_script", "expose_function", "expose_binding")
DEFAULT_TIMEOUT_MS = 30_000


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def _handlers(owner) -> dict[str, list]:
    """The handlers of each event of a tab or context, as Playwright holds them."""
    impl = owner._impl_obj
    return {event: list(impl.raw_listeners(event)) for event in impl.event_names()}


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
        #: Playwright's own handlers, kept when the test's are removed.
        tab.casebook_handlers = {owner: _handlers(owner) for owner in (tab, context)}
        tab.casebook_options = options
        errors: list[str] = []
        origins: set[str] = set()
        tab.js_errors = errors
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("framenavigated", lambda frame: frame == tab.main_frame and _origin(frame.url)
               and origins.add(_origin(frame.url)))
        tab.casebook_origins = origins
        tab.casebook_lasting = []
        for owner, name in self._lasting(context, tab):
            setattr(owner, name, self._marking(tab, getattr(owner, name)))

    @staticmethod
    def _lasting(context, tab):
        """Each (object, method name) whose call cannot be taken back."""
        return [(owner, name) for owner in (tab, context) for name in _LASTING] + [(tab.clock, "install")]

    @staticmethod
    def _marking(tab, method):
        """`method`, which marks `tab` as not to be reused when called."""
        def marked(*args, **kwargs):
            tab.casebook_lasting.append(method.__name__)
            return method(*args, **kwargs)
        return marked

    def _wipe(self, context, tab) -> bool:
        """Make the tab as a new one would be; False when that cannot be done."""
        for owner, name in self._lasting(context, tab):
            owner.__dict__.pop(name, None)  # the method again, for the next test
        if (tab.is_closed() or context.pages != [tab] or tab.casebook_lasting
                or len(tab.casebook_origins) > 1):
            return False
        try:
            for owner, kept in tab.casebook_handlers.items():  # first: an open dialog is dismissed
                for event, handlers in _handlers(owner).items():
                    for handler in handlers:
                        if handler not in kept.get(event, ()):
                            owner._impl_obj.remove_listener(event, handler)
            tab.unroute_all(behavior="ignoreErrors")
            context.unroute_all(behavior="ignoreErrors")
            tab.goto("about:blank", timeout=LEAVE_TIMEOUT_MS)
            session = context.new_cdp_session(tab)
            for origin in tab.casebook_origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.send("Network.clearBrowserCache")
            session.detach()
            context.clear_cookies()
            context.clear_permissions()
            context.set_offline(False)
            context.set_extra_http_headers({})
            tab.set_extra_http_headers({})
            tab.emulate_media(media="null", color_scheme=tab.casebook_options.get("color_scheme", "null"),
                              reduced_motion="null", forced_colors="null", contrast="null")
            for owner in (context, tab):
                owner.set_default_timeout(DEFAULT_TIMEOUT_MS)
                owner.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
            tab.mouse.move(0, 0)
            tab.mouse.up()
            for key in ("Shift", "Control", "Alt", "Meta"):
                tab.keyboard.up(key)
        except Exception:  # a crashed or hung page: a new one is made instead
            return False
        return True

    def close(self) -> None:
        for pool in self.idle.values():
            for context, _ in pool:
                context.close()
        self.idle.clear()
