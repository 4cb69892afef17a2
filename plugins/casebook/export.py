"""The casebook as data for other tools: one JSON document, or CSV tables."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Callable

from . import provenance
from .catalog import Casebook
from .graph import Graph, build
from .paths import cards_page, case_page, facilitator_page, lesson_page, module_page

FORMAT_VERSION = 1
#: The CSV tables `export --format csv` can write.
TABLES = ("cases", "lessons", "modules", "links")


def _source(source) -> dict:
    return {k: v for k, v in asdict(source).items() if v is not None}


def _plain(value):
    """A module field as JSON data: records become mappings without their empty fields."""
    if isinstance(value, list):
        return [_source(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
    return value


def case_data(case, graph: Graph, url: Callable[[str], str]) -> dict:
    """One case's entry: its fields, its page's address and the cases related to it."""
    return {
        "id": case.id,
        "url": url(case_page(case.id)),
        "title": case.title,
        "summary": case.summary,
        "verdict": case.verdict,
        "date": case.date,
        "business": {k: v for k, v in asdict(case.business).items() if v is not None},
        "customer": case.customer,
        "channels": case.channels,
        "what_happened": case.what_happened,
        "response": case.response,
        "outcome": case.outcome,
        "timeline": [{k: v for k, v in asdict(t).items() if v is not None} for t in case.timeline],
        "lessons": [{"id": link.id, "stance": link.stance, "note": link.note} for link in case.lessons],
        "discussion": case.discussion,
        "tags": case.tags,
        "related": [rel.case.id for rel in graph.related_cases.get(case.id, [])],
        "provenance": {**{k: v for k, v in asdict(case.provenance).items() if v is not None},
                       "statement": provenance.line(case)},
        "sources": [_source(s) for s in case.sources],
        "file": case.path,
    }


def to_data(book: Casebook, graph: Graph | None = None, url: Callable[[str], str] = lambda src: src) -> dict:
    """Cases, lessons and modules with their links; `url` maps a page's Markdown path to its address."""
    graph = graph or build(book)
    return {"format": "casebook", "version": FORMAT_VERSION,
            "cases": [case_data(case, graph, url) for case in book.cases.values()],
            **_others(book, graph, url)}


def _others(book: Casebook, graph: Graph, url: Callable[[str], str]) -> dict:
    """The lessons and modules of `to_data`."""
    lessons = []
    for lesson in book.lessons.values():
        lessons.append({
            "id": lesson.id,
            "url": url(lesson_page(lesson.id)),
            "title": lesson.title,
            "theme": lesson.theme,
            "summary": lesson.summary,
            "why": lesson.why,
            "do": lesson.do,
            "avoid": lesson.avoid,
            "say": lesson.say,
            "dont_say": lesson.dont_say,
            "for_team_leads": lesson.for_team_leads,
            "followed_in": [use.case.id for use in graph.followed(lesson.id)],
            "broken_in": [use.case.id for use in graph.broken(lesson.id)],
            "related": [other.id for other in graph.related_lessons.get(lesson.id, [])],
            "sources": [_source(s) for s in lesson.sources],
            "file": lesson.path,
        })
    modules = []
    for module in book.modules.values():
        modules.append({
            "id": module.id,
            "url": url(module_page(module.id)),
            "facilitator_url": url(facilitator_page(module.id)),
            "cards_url": url(cards_page(module.id)),
            "title": module.title,
            "audience": module.audience,
            "duration": module.duration,
            "summary": module.summary,
            "objectives": module.objectives,
            "cases": [{k: v for k, v in asdict(item).items() if v not in (None, ())} for item in module.cases],
            "facilitator_notes": module.facilitator_notes,
            **{name: _plain(getattr(module, name)) for name in (
                "group_size", "materials", "activities", "pre_questions", "post_questions", "role_plays", "rubric",
                "objections", "apply_at_work")},
            "file": module.path,
        })
    return {"lessons": lessons, "modules": modules}


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_json(book: Casebook, *, compact: bool = False, cache: dict | None = None, graph: Graph | None = None,
            url: Callable[[str], str] = lambda src: src) -> str:
    """The casebook as JSON: indented for people, or `compact` (and much faster) for the site.

    With `cache` (compact only), each case's entry is written once and kept there with what
    it was written from (the case, its related cases, its address): `mkdocs serve` keeps the
    cache between rebuilds, and writes again only the entries of cases that changed. The text
    is the same as without it."""
    graph = graph or build(book)
    if not compact:
        return json.dumps(to_data(book, graph, url), indent=2, ensure_ascii=False) + "\n"
    if cache is None:
        return _compact(to_data(book, graph, url)) + "\n"
    entries = []
    for case in book.cases.values():
        key = (case, tuple(rel.case.id for rel in graph.related_cases.get(case.id, [])), url(case_page(case.id)))
        kept = cache.get(case.id)
        if kept is None or kept[0] != key:
            kept = cache[case.id] = (key, _compact(case_data(case, graph, url)))
        entries.append(kept[1])
    for gone in cache.keys() - book.cases.keys():
        del cache[gone]
    others = _compact(_others(book, graph, url))
    return joined(f'{{"format":"casebook","version":{_compact(FORMAT_VERSION)},"cases":[', entries,
                   f'],{others[1:]}\n')


def joined(head: str, entries: list[str], tail: str) -> str:
    """`head + ",".join(entries) + tail`, copied once: at 8,000 cases the text is tens of
    megabytes, and `mkdocs serve` writes it again after each edit."""
    if not entries:
        return head + tail
    if len(entries) == 1:
        return head + entries[0] + tail
    return ",".join([head + entries[0], *entries[1:-1], entries[-1] + tail])


def _rows(book: Casebook, table: str) -> tuple[list[str], list[list]]:
    if table == "cases":
        header = ["id", "title", "verdict", "date", "business", "sector", "size", "channels", "lessons", "tags", "summary",
                  "told_by", "witness", "business_side", "business_side_where", "provenance", "sources"]
        rows = [[c.id, c.title, c.verdict, c.date or "", c.business.name, c.business.sector, c.business.size or "",
                 "; ".join(c.channels), "; ".join(f"{link.id} ({link.stance})" for link in c.lessons),
                 "; ".join(c.tags), c.summary, c.provenance.told_by, c.provenance.witness, c.provenance.business_side,
                 c.provenance.business_side_where or "", provenance.line(c),
                 "; ".join(provenance.source_name(s) for s in c.sources)] for c in book.cases.values()]
    elif table == "lessons":
        graph = build(book)
        header = ["id", "title", "theme", "summary", "followed_in", "broken_in"]
        rows = [[lesson.id, lesson.title, lesson.theme, lesson.summary,
                 len(graph.followed(lesson.id)), len(graph.broken(lesson.id))] for lesson in book.lessons.values()]
    elif table == "modules":
        header = ["module", "position", "case", "minutes", "focus"]
        rows = [[m.id, i + 1, item.case, item.minutes, item.focus]
                for m in book.modules.values() for i, item in enumerate(m.cases)]
    else:
        header = ["case", "lesson", "stance", "note"]
        rows = [[c.id, link.id, link.stance, link.note or ""] for c in book.cases.values() for link in c.lessons]
    return header, rows


def to_csv(book: Casebook, table: str = "cases") -> str:
    """One table as CSV; cells that a spreadsheet would run as a formula are quoted with a '."""
    header, rows = _rows(book, table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _cell(value) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
