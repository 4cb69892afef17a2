"""The cases index at any size: the order it lists cases in, the data its filters read, the
files of cards it fetches as a reader asks for more, and the numbered pages that list every
case without JavaScript.

The index shows the first `index_cases` cases of each verdict as plain links. Its filters do
not read those links: they read a data block of a few small numbers per case (`data_block`),
so counting and matching stay fast at 10,000 cases, and the page does not grow with the text
of every case. When a verdict has more cases than the index shows, the rest of its cards are
published in files of `CARDS` cards (`cases/page/cards-<n>.json`), fetched as they scroll into view,
and the same cards are listed as plain links on numbered pages (`cases/page/<n>/`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable

from casebook import provenance
from casebook.link.casefiles import Casebook
from casebook.model import Case

#: Cards per numbered page.
PAGE = 100
#: Cards per card file: small, as a filtered list needs a few cards from many files.
CARDS = 25
#: The order of the index's groups.
VERDICT_ORDER = ("good", "bad", "mixed")
#: Where the numbered pages and card files live, beside the index (`cases/index.md`).
FOLDER = "cases/page"
#: The index's filters, as its checkboxes name them, in the order of `facet_values`.
FACETS = ("verdict", "channel", "sector", "lesson", "year", *provenance.FACET_LABELS)


def numbered_page(n: int) -> str:
    """The path of numbered page `n` (from 1) in the docs tree."""
    return f"{FOLDER}/{n}.md"


def card_file(n: int) -> str:
    """Card file `n` (from 1): the list items of the cases at positions `(n - 1) * CARDS` to
    `n * CARDS - 1` in `order`, as a JSON list of HTML, linking as the numbered pages do."""
    return f"{FOLDER}/cards-{n}.json"


@dataclass(frozen=True)
class Group:
    verdict: str
    #: Where the group's first case stands in `order`.
    start: int
    ids: tuple[str, ...]


def groups(book: Casebook) -> list[Group]:
    """The index's verdict groups, in order, each in the casebook's order."""
    result, start = [], 0
    for verdict in VERDICT_ORDER:
        ids = tuple(i for i, case in book.cases.items() if case.verdict == verdict)
        if ids:
            result.append(Group(verdict, start, ids))
            start += len(ids)
    return result


def order(book: Casebook) -> list[str]:
    """Every case id in the order the index and its numbered pages list them."""
    return [i for group in groups(book) for i in group.ids]


def page_count(book: Casebook, shown: int) -> int:
    """How many numbered pages there are: none when the index shows every case."""
    if all(len(g.ids) <= shown for g in groups(book)):
        return 0
    return -(-len(book.cases) // PAGE)


def facet_values(case: Case) -> dict[str, list[str]]:
    """The case's values for each filter of the index, as the filters' checkboxes name them."""
    values = {
        "verdict": [case.verdict],
        "channel": list(case.channels),
        "sector": [case.business.sector],
        "lesson": [link.id for link in case.lessons],
        "year": [case.story_year] if case.story_year else [],
    }
    values.update({facet: [value] for facet, value in provenance.facets(case).items()})
    return values


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, r = divmod(n, 36)
        text = digits[r] + text
        if not n:
            return text


def data_block(book: Casebook, shown: int, pages: int, numbered_url: str, cards_url: str,
               values_of: Callable[[Case], dict[str, list[str]]] = facet_values) -> str:
    """The filters' data as JSON, safe inside `<script type="application/json">`.

    `values[facet]` lists each facet's values once; `cases[facet]` holds one entry per case in
    `order`, separated by commas, each the base-36 indexes of its values in `values[facet]`
    joined by dots (`"3"`, `"0.a.1f"`, or empty). `groups` gives each verdict's first
    position and count; `shown` how many of each the page lists; `pages` how many numbered
    pages there are, of `page` cases each, and `pageUrl` where numbered page `{n}` is, relative
    to the index; `cards` how many cases each card file holds, and `cardsUrl` where card file
    `{n}` (from 1) is, relative to the index.
    `values_of` gives a case's `facet_values` (a caller may keep them between builds).
    """
    ids = order(book)
    per_case = [values_of(book.cases[i]) for i in ids]
    values: dict[str, list[str]] = {}
    columns: dict[str, str] = {}
    for facet in FACETS:
        index: dict[str, int] = {}
        cells = []
        for case_values in per_case:
            cells.append(".".join(_base36(index.setdefault(v, len(index))) for v in case_values[facet]))
        values[facet] = list(index)
        columns[facet] = ",".join(cells)
    data = {
        "total": len(ids),
        "shown": shown,
        "page": PAGE,
        "cards": CARDS,
        "pages": pages,
        "pageUrl": numbered_url,
        "cardsUrl": cards_url,
        "groups": [[g.verdict, g.start, len(g.ids)] for g in groups(book)],
        "values": values,
        "cases": columns,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Nothing in it may close the script element or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def card_files(items: Iterable[str]) -> dict[str, str]:
    """The card files: `items` (each case's list item, in `order`) in runs of `CARDS`."""
    cards = list(items)
    return {card_file(k // CARDS + 1): json.dumps(cards[k:k + CARDS], ensure_ascii=False, separators=(",", ":"))
            for k in range(0, len(cards), CARDS)}


@dataclass(frozen=True)
class PagerLink:
    label: str
    #: The page's number, or None for a gap ("…").
    number: int | None
    current: bool = False


def pager(current: int, pages: int, window: int = 2) -> list[PagerLink]:
    """The numbered links of a pager: the first and last pages, and `window` pages each side
    of `current`, with a gap where numbers are left out."""
    wanted = {1, pages} | set(range(max(1, current - window), min(pages, current + window) + 1))
    links: list[PagerLink] = []
    last = 0
    for n in sorted(wanted):
        if n > last + 1:
            links.append(PagerLink("…", None))
        links.append(PagerLink(str(n), n, n == current))
        last = n
    return links


def page_of(position: int) -> int:
    """The numbered page (from 1) that lists the case at `position` in `order`."""
    return position // PAGE + 1
