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
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from casebook.link.casefiles import Casebook
from casebook.model import Case

#: A word appears in at most this share of the cases to be distinctive...
DISTINCTIVE_SHARE = 0.01
#: ...or in at most this many cases, whichever is more (so every word of a small casebook counts).
DISTINCTIVE_MIN = 10
#: The rarest words of a case kept in its search terms, at most.
MAX_TERMS = 80

#: A word of three letters or more, or one holding a digit, with any apostrophes inside it.
_WORD = re.compile(r"(?:[^\W\d_]{3,}|[^\W_]*\d[^\W_]*)(?:['’][^\W_]+)*")


def _words(text: str) -> list[str]:
    """The distinct words of `text`, lower case, in the order they first appear."""
    return list(dict.fromkeys(_WORD.findall(text.lower())))


def case_text(case: Case) -> Iterable[str]:
    """The free text of a case beyond its summary fields."""
    for value in (case.customer, case.what_happened, case.response, case.outcome):
        if value:
            yield value
    for entry in case.timeline:
        yield entry.who or ""
        yield entry.what or ""
    for link in case.lessons:
        if link.note:
            yield link.note
    yield from case.discussion
    for source in case.sources:
        if source.title:
            yield source.title
        if source.author:
            yield source.author


def _summary_words(case: Case) -> set[str]:
    return set(_words("\n".join([case.title, case.summary, case.business.name, case.business.sector,
                                  *case.channels, *case.tags])))


def case_words(case: Case) -> list[str]:
    """The distinct words of a case's free text that its summary fields do not hold."""
    summary = _summary_words(case)
    return [w for w in _words("\n".join(case_text(case))) if w not in summary]


def distinctive_words(book: Casebook, words: Mapping[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Each case's words that at most 1 % of the cases (or 10, if more) use, rarest first, at
    most MAX_TERMS of them; words already in its summary fields are left out. `words` may
    give `case_words` of the cases, found earlier."""
    if words is None:
        words = {case_id: case_words(case) for case_id, case in book.cases.items()}
    return find_terms(words).result


@dataclass
class Terms:
    """Each case's distinctive words (`result`), and what finding them again after a change
    of a few cases needs: each case's words, how many cases use each word, and which cases
    use each rare word."""

    words: dict[str, list[str]]
    frequency: Counter
    limit: int
    rare: dict[str, frozenset[str]]
    result: dict[str, list[str]] = field(default_factory=dict)


def _rarest(own: list[str], frequency: Mapping[str, int], limit: int) -> list[str]:
    rare = [w for w in own if frequency[w] <= limit]
    if len(rare) > MAX_TERMS:
        order = {w: n for n, w in enumerate(rare)}
        rare = sorted(rare, key=lambda w: (frequency[w], order[w]))[:MAX_TERMS]
    return rare


def find_terms(words: Mapping[str, list[str]], previous: Terms | None = None) -> Terms:
    """The distinctive words of cases whose words (`case_words`) are `words`. With `previous`,
    found for an earlier version of the same casebook (as `mkdocs serve` keeps it), only the
    cases that changed (a different list of words) and those sharing a rare word with them
    are looked at again: a word that is common before and after moves no case's terms."""
    limit = max(DISTINCTIVE_MIN, int(len(words) * DISTINCTIVE_SHARE))
    if previous is None or previous.limit != limit:
        frequency: Counter[str] = Counter()
        for own in words.values():
            frequency.update(own)
        rare: dict[str, set[str]] = {}
        for case_id, own in words.items():
            for w in own:
                if frequency[w] <= limit:
                    rare.setdefault(w, set()).add(case_id)
        frozen = {w: frozenset(ids) for w, ids in rare.items()}
        terms = Terms(dict(words), frequency, limit, frozen)
        terms.result = {case_id: _rarest(own, frequency, limit) for case_id, own in words.items()}
        return terms
    old = previous.words
    changed = {i for i in words.keys() | old.keys() if old.get(i) is not words.get(i)}
    frequency = previous.frequency.copy()
    touched: set[str] = set()
    for case_id in changed:
        for w in old.get(case_id, ()):
            frequency[w] -= 1
        for w in words.get(case_id, ()):
            frequency[w] += 1
        touched.update(old.get(case_id, ()), words.get(case_id, ()))
    rare_now = dict(previous.rare)
    affected = {i for i in changed if i in words}
    for w in touched:
        before, after = previous.frequency.get(w, 0), frequency.get(w, 0)
        if after <= 0:
            del frequency[w]
        if before > limit and after > limit:
            continue  # common before and after: in no case's terms, now or then
        if after > limit:
            users: frozenset[str] = frozenset()
        elif before > limit:  # it has just become rare: which cases use it is looked up once
            users = frozenset(i for i, own in words.items() if w in own)
        else:
            users = frozenset((previous.rare.get(w, frozenset()) - changed) |
                              {i for i in changed if w in words.get(i, ())})
        affected |= previous.rare.get(w, frozenset()) | users
        if users:
            rare_now[w] = users
        else:
            rare_now.pop(w, None)
    affected &= words.keys()
    terms = Terms(dict(words), frequency, limit, rare_now)
    terms.result = {case_id: _rarest(own, frequency, limit) if case_id in affected else previous.result[case_id]
                    for case_id, own in words.items()}
    return terms


_HEADING = re.compile(r"<h[2-6](?=[\s>])")


def first_section(html: str) -> str:
    """`html` up to its second heading: the page's title and the summary below it, which hold
    its search terms. A site search given only this indexes the case by it, and parses none
    of the rest of the page."""
    found = _HEADING.search(html)
    return html[:found.start()] if found else html
