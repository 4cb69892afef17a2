"""Material's theme features, and which of them are known to keep contributors' text inert.

Some features read a page's text back and build HTML from it in the browser: tooltips
(`content.tooltips` copies a cut-off title into `innerHTML`), link previews, search results
and highlighting. A site owner may turn any of them on, so each one the plugin allows is
turned on in `tests/test_hostile.py`, which builds a site full of hostile text and finds no
script run. A feature in neither list below is refused: the plugin cannot vouch for it.
"""

from __future__ import annotations

from typing import Iterable

#: Features that read page text in the browser, each turned on by the hostile-content test.
TEXT_FEATURES = frozenset({
    "content.code.annotate", "content.code.copy", "content.code.select", "content.footnote.tooltips",
    "content.tabs.link", "content.tooltips", "navigation.footer", "navigation.instant",
    "navigation.instant.prefetch", "navigation.instant.preview", "navigation.path",
    "search.highlight", "search.share", "search.suggest", "toc.follow",
})

#: Features that change layout or behaviour only and never read a page's text.
LAYOUT_FEATURES = frozenset({
    "announce.dismiss", "content.action.edit", "content.action.view", "header.autohide",
    "navigation.expand", "navigation.indexes", "navigation.prune", "navigation.sections",
    "navigation.instant.progress", "navigation.tabs", "navigation.tabs.sticky", "navigation.top",
    "navigation.tracking", "toc.integrate",
})

VERIFIED = TEXT_FEATURES | LAYOUT_FEATURES


def unverified(features: Iterable[object]) -> list[str]:
    """The features in a theme's `features` list that the plugin has not verified, in order."""
    return [str(f) for f in features if str(f) not in VERIFIED]


def refusal(features: Iterable[object]) -> str | None:
    """Why the plugin refuses to build with these theme features, or None when it need not."""
    names = unverified(features)
    if not names:
        return None
    listed = ", ".join(f"'{n}'" for n in names)
    return (f"casebook: theme feature{'s' * (len(names) != 1)} {listed} {'are' if len(names) != 1 else 'is'} "
            f"not known to keep contributors' text from being turned into HTML; remove "
            f"{'them' if len(names) != 1 else 'it'} from theme.features in mkdocs.yml")
