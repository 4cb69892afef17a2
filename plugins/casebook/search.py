"""What the site's search index holds of a case: its summary fields and its distinctive words.

A case page is long (what happened, the response, the outcome, the timeline, notes...), and
a site search that indexes all of it for thousands of cases makes every reader download and
index megabytes before their first search shows anything. So a case page offers search only
its first section (title, verdict, business, sector, channels, date, customer, summary) plus
a hidden line of search terms: the titles of its lessons and the words of its text that few
other cases use. Common words ("refund", "email") find too many cases to help anyone; a rare
one (a product, a place, a name of a business) finds the case.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .catalog import Casebook
from .model import Case

#: A word appears in at most this share of the cases to be distinctive...
DISTINCTIVE_SHARE = 0.01
#: ...or in at most this many cases, whichever is more (so every word of a small casebook counts).
DISTINCTIVE_MIN = 10
#: The rarest words of a case kept in its search terms, at most.
MAX_TERMS = 80

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str) -> Iterable[str]:
    for word in _WORD.findall(text.lower()):
        if len(word) > 2 or any(ch.isdigit() for ch in word):
            yield word


def case_text(case: Case) -> Iterable[str]:
    """The free text of a case beyond its summary fields."""
    for value in (case.customer, case.what_happened, case.response, case.outcome):
        if value:
            yield value
    for entry in case.timeline:
        yield entry.who
        yield entry.what
    for link in case.lessons:
        if link.note:
            yield link.note
    yield from case.discussion
    for source in case.sources:
        yield source.title
        if source.author:
            yield source.author


def _summary_words(case: Case) -> set[str]:
    texts = [case.title, case.summary, case.business.name, case.business.sector, *case.channels, *case.tags]
    return {w for text in texts for w in _words(text)}


def distinctive_words(book: Casebook) -> dict[str, list[str]]:
    """Each case's words that at most 1 % of the cases (or 10, if more) use, rarest first, at
    most MAX_TERMS of them; words already in its summary fields are left out."""
    words: dict[str, list[str]] = {}
    frequency: Counter[str] = Counter()
    for case_id, case in book.cases.items():
        seen: dict[str, None] = {}
        for text in case_text(case):
            for word in _words(text):
                seen[word] = None
        own = list(seen)
        words[case_id] = own
        frequency.update(own)
    limit = max(DISTINCTIVE_MIN, int(len(book.cases) * DISTINCTIVE_SHARE))
    result: dict[str, list[str]] = {}
    for case_id, own in words.items():
        summary = _summary_words(book.cases[case_id])
        rare = [w for w in own if frequency[w] <= limit and w not in summary]
        if len(rare) > MAX_TERMS:
            order = {w: n for n, w in enumerate(rare)}
            rare = sorted(rare, key=lambda w: (frequency[w], order[w]))[:MAX_TERMS]
        result[case_id] = rare
    return result


_HEADING = re.compile(r"<h([2-6])(?=[\s>])(?![^>]*data-search-exclude)")


def exclude_sections(html: str) -> str:
    """`html` with every heading below the first marked `data-search-exclude`: a site search
    (Material's) then indexes only the page's first section."""
    return _HEADING.sub(r"<h\1 data-search-exclude", html)
