"""Links between cases and lessons: backlinks, related cases, related lessons and counts.

Every function here is linear in the number of cases (times a small constant): a lesson
shared by thousands of cases must not make the build quadratic.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from casebook.link.casefiles import Casebook
from casebook.model import Case, Lesson, LessonLink

#: How many related cases a case page lists.
RELATED_LIMIT = 6
#: How many neighbours in each lesson's case list are considered for related cases.
RELATED_WINDOW = 12


@dataclass(frozen=True)
class Use:
    """One case's use of a lesson."""

    case: Case
    link: LessonLink


@dataclass(frozen=True)
class Related:
    case: Case
    shared: tuple[str, ...]  # lesson ids both cases teach
    explicit: bool


@dataclass
class Graph:
    """The links between the loaded casebook's records, worked out once a build and read by every
    page: for each lesson the cases that followed or broke it (`uses`), each case's related cases
    and lessons, and the training modules that use each case. Kept so that a page shows the
    same links wherever they appear, and so that `mkdocs serve` can work out again only what an
    edit touched (`build(book, previous=...)`)."""

    book: Casebook
    uses: dict[str, dict[str, list[Use]]] = field(default_factory=dict)  # lesson id -> stance -> uses
    related_cases: dict[str, list[Related]] = field(default_factory=dict)
    related_lessons: dict[str, list[Lesson]] = field(default_factory=dict)
    modules_of_case: dict[str, list] = field(default_factory=dict)
    #: Each lesson's case ids, in id order, and the two-way `related` links between cases:
    #: what the next `build(book, previous=...)` compares against.
    by_lesson: dict[str, list[str]] = field(default_factory=dict)
    explicit: dict[str, set[str]] = field(default_factory=dict)
    #: Each case's cases to read beside it (`cases_like`), and the cases of each lesson's
    #: followed and broken lists they were chosen from, by (lesson id, stance).
    like: dict[str, list[Like]] = field(default_factory=dict)
    lists: dict[tuple[str, str], tuple[Case, ...]] = field(default_factory=dict)

    def followed(self, lesson_id: str) -> list[Use]:
        return self.uses.get(lesson_id, {}).get("followed", [])

    def broken(self, lesson_id: str) -> list[Use]:
        return self.uses.get(lesson_id, {}).get("broken", [])


def build(book: Casebook, previous: Graph | None = None) -> Graph:
    """The links of `book`. `previous`, the graph of an earlier load of the same casebook (as
    `mkdocs serve` keeps it), lets a case's related cases be kept when nothing they were
    ranked from changed: the cases that changed are told by identity (a load with a cache
    keeps the objects of unchanged files)."""
    graph = Graph(book)
    by_lesson: dict[str, list[str]] = defaultdict(list)
    for case in book.cases.values():  # id order, so each list below is sorted
        for link in case.lessons:
            if link.id in book.lessons:
                graph.uses.setdefault(link.id, {"followed": [], "broken": []})[link.stance].append(Use(case, link))
                by_lesson[link.id].append(case.id)
    graph.by_lesson = dict(by_lesson)
    graph.explicit = _two_way(book.cases)
    stale = _stale(book, graph, previous)
    graph.related_cases = _related_cases(book, graph, previous, stale)
    graph.like = _cases_like(book, graph, previous, stale)
    graph.related_lessons = _related_lessons(book)
    for module in book.modules.values():
        for item in module.cases:
            graph.modules_of_case.setdefault(item.case, []).append(module)
    return graph


def _two_way(items: dict) -> dict[str, set[str]]:
    """`related` lists made symmetric: if A names B, B is related to A too."""
    links: dict[str, set[str]] = defaultdict(set)
    for item in items.values():
        for other in item.related:
            if other in items and other != item.id:
                links[item.id].add(other)
                links[other].add(item.id)
    return links


def _stale(book: Casebook, graph: Graph, previous: Graph | None) -> set[str] | None:
    """The cases whose related cases may differ from `previous`'s, or None for all of them.

    A case's related cases are ranked from its lessons' neighbours (RELATED_WINDOW each side
    in each lesson's list of cases) and its `related` links, so a changed, added or removed
    case touches itself, the cases at most the window away from it in the lists of its
    lessons, before and after (a case further away keeps the same neighbours), and the cases
    it links or linked."""
    if previous is None or previous.book.lessons.keys() != book.lessons.keys():
        return None
    old = previous.book.cases
    changed = {i for i, case in book.cases.items() if old.get(i) is not case} | (old.keys() - book.cases.keys())
    stale = set(changed)
    for case_id in changed:
        for cases, lists in ((old, previous.by_lesson), (book.cases, graph.by_lesson)):
            case = cases.get(case_id)
            for link in case.lessons if case is not None else ():
                ids = lists.get(link.id) or []
                at = bisect.bisect_left(ids, case_id)
                stale.update(ids[max(0, at - RELATED_WINDOW): at + RELATED_WINDOW + 1])
        stale |= graph.explicit.get(case_id, set()) | previous.explicit.get(case_id, set())
    return stale


def _related_cases(book: Casebook, graph: Graph, previous: Graph | None,
                   stale: set[str] | None) -> dict[str, list[Related]]:
    by_lesson, explicit = graph.by_lesson, graph.explicit
    verdicts = {case_id: case.verdict for case_id, case in book.cases.items()}
    result = {}
    for case in book.cases.values():
        if stale is not None and case.id not in stale:
            result[case.id] = previous.related_cases[case.id]
            continue
        shared: dict[str, list[str]] = defaultdict(list)
        for link in case.lessons:
            ids = by_lesson.get(link.id)
            if not ids:
                continue
            at = bisect.bisect_left(ids, case.id)
            for other in ids[max(0, at - RELATED_WINDOW): at + RELATED_WINDOW + 1]:
                if other != case.id:
                    shared[other].append(link.id)
        named = explicit[case.id]
        # Named in `related` first, then by lessons shared, then the other verdicts, then by id:
        # sorted as tuples, which is quicker than a key function for each of thousands of cases.
        ranked = sorted((o not in named, -len(shared.get(o, ())), verdicts[o] == case.verdict, o)
                        for o in named | shared.keys())[:RELATED_LIMIT]
        result[case.id] = [
            Related(book.cases[o], tuple(dict.fromkeys(shared.get(o, ()))), o in named) for *_, o in ranked
        ]
    return result


@dataclass(frozen=True)
class Like:
    """A case to read beside another: through `lesson`, which it `stance`d the other way, or
    else a related case sharing `shared` lessons."""

    case: Case
    lesson: str | None = None
    stance: str | None = None
    shared: int = 0


#: How many cases the "Cases like this" strip shows.
LIKE_LIMIT = 4
OPPOSITE = {"followed": "broken", "broken": "followed"}


def cases_like(graph: Graph, case_id: str) -> list[Like]:
    """Cases to read beside this one: first those that took one of its lessons the other way
    (a bad case leads to a good case that followed the lesson it broke), then its related
    cases. Of the cases that took a lesson the other way, the one nearest in id order is
    shown, so that each case is shown beside a few cases near it, not beside every case of
    its lessons: an edit to one case then changes a few pages, at any size. Each lesson's
    list is looked at only up to the limit, so this stays linear."""
    return graph.like.get(case_id, [])


def _nearest(uses: list[Use], ids: list[str], case_id: str, seen: set[str]) -> Use | None:
    """The use in `uses` (in id order; `ids` their case ids) nearest to `case_id` whose case is
    not `seen`, looking at no more than LIKE_LIMIT + 1 of them."""
    at = bisect.bisect_left(ids, case_id)
    order = [at - (k + 1) // 2 if k % 2 else at + k // 2 for k in range(LIKE_LIMIT + 1)]
    for i in order:  # at, at - 1, at + 1, at - 2, at + 2, ...
        if 0 <= i < len(uses) and uses[i].case.id not in seen:
            return uses[i]
    return None


def _like(graph: Graph, case: Case, ids: dict[tuple[str, str], list[str]]) -> list[Like]:
    seen = {case.id}
    found: list[Like] = []
    for link in case.lessons:
        key = (link.id, OPPOSITE[link.stance])
        use = _nearest(graph.uses.get(link.id, {}).get(key[1], []), ids.get(key, []), case.id, seen)
        if use is not None:  # one per lesson first, so the strip spans several lessons
            seen.add(use.case.id)
            found.append(Like(use.case, link.id, use.link.stance))
    for rel in graph.related_cases.get(case.id, []):
        if rel.case.id not in seen:
            seen.add(rel.case.id)
            found.append(Like(rel.case, shared=len(rel.shared)))
    return found[:LIKE_LIMIT]


def _cases_like(book: Casebook, graph: Graph, previous: Graph | None, stale: set[str] | None) -> dict[str, list[Like]]:
    """`cases_like` of every case. With `previous` and its `stale` cases, a case's list is kept
    unless the case is stale (it changed, or its related cases may have) or a list it draws
    from (its lessons' lists of the other stance) changed."""
    graph.lists = {(lesson_id, stance): tuple(use.case for use in uses)
                   for lesson_id, by_stance in graph.uses.items() for stance, uses in by_stance.items()}
    moved: set[tuple[str, str]] = set()
    if stale is not None and previous is not None:
        before = previous.lists
        moved = {key for key in before.keys() | graph.lists.keys()
                 if len(now := graph.lists.get(key, ())) != len(old := before.get(key, ()))
                 or any(a is not b for a, b in zip(now, old))}
    ids = {key: [case.id for case in cases] for key, cases in graph.lists.items()}
    result = {}
    for case in book.cases.values():
        if stale is not None and case.id not in stale and not any(
                (link.id, OPPOSITE[link.stance]) in moved for link in case.lessons):
            result[case.id] = previous.like[case.id]
        else:
            result[case.id] = _like(graph, case, ids)
    return result


def _related_lessons(book: Casebook) -> dict[str, list[Lesson]]:
    links = _two_way(book.lessons)
    return {lid: [book.lessons[o] for o in sorted(others)] for lid, others in links.items()}


@dataclass
class Stats:
    verdicts: Counter
    channels: Counter
    sectors: Counter
    years: Counter
    followed: Counter
    broken: Counter
    coverage: dict[tuple[str, str], int]  # (lesson id, channel) -> cases


def stats(graph: Graph) -> Stats:
    book = graph.book
    verdicts, channels, sectors, years = Counter(), Counter(), Counter(), Counter()
    followed, broken = Counter(), Counter()
    coverage: Counter = Counter()
    for case in book.cases.values():
        verdicts[case.verdict] += 1
        channels.update(case.channels)
        sectors[case.business.sector] += 1
        if case.story_year:
            years[case.story_year] += 1
    for lesson_id, by_stance in graph.uses.items():
        followed[lesson_id] = len(by_stance["followed"])
        broken[lesson_id] = len(by_stance["broken"])
        for use in by_stance["followed"] + by_stance["broken"]:
            for channel in use.case.channels:
                coverage[(lesson_id, channel)] += 1
    return Stats(verdicts, channels, sectors, years, followed, broken, dict(coverage))
