"""The casebook as data for other tools: one JSON document, or CSV tables."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Callable

from casebook import provenance
from casebook.link.casefiles import Casebook
from casebook.link.graph import Graph, build
from casebook.paths import cards_page, case_page, facilitator_page, lesson_page, module_page

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
        "situation": case.situation,
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
            "learner_summary": module.learner_summary,
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


def _timeline(case) -> str:
    """The timeline as lines: `when - who (channel): what`."""
    return "\n".join(f"{t.when} - {t.who}{f' ({t.channel})' if t.channel else ''}: {t.what}" for t in case.timeline)


#: The cases table: every field of a case, a column each, as (heading, value of a case). Lists of
#: ids and names are joined with "; ", lists of sentences (timeline, discussion) one a line.
CASE_COLUMNS: tuple[tuple[str, Callable], ...] = (
    ("id", lambda c: c.id),
    ("title", lambda c: c.title),
    ("summary", lambda c: c.summary),
    ("situation", lambda c: c.situation or ""),
    ("verdict", lambda c: c.verdict),
    ("date", lambda c: c.date or ""),
    ("business", lambda c: c.business.name),
    ("sector", lambda c: c.business.sector),
    ("size", lambda c: c.business.size or ""),
    ("customer", lambda c: c.customer or ""),
    ("channels", lambda c: "; ".join(c.channels)),
    ("what_happened", lambda c: c.what_happened),
    ("response", lambda c: c.response),
    ("outcome", lambda c: c.outcome),
    ("timeline", _timeline),
    ("lessons", lambda c: "; ".join(f"{link.id} ({link.stance})" for link in c.lessons)),
    ("discussion", lambda c: "\n".join(c.discussion)),
    ("tags", lambda c: "; ".join(c.tags)),
    ("related", lambda c: "; ".join(c.related)),
    ("told_by", lambda c: c.provenance.told_by),
    ("witness", lambda c: c.provenance.witness),
    ("business_side", lambda c: c.provenance.business_side),
    ("business_side_where", lambda c: c.provenance.business_side_where or ""),
    ("provenance", provenance.line),
    ("sources", lambda c: "; ".join(provenance.source_name(s) for s in c.sources)),
    ("source_urls", lambda c: "; ".join(s.url or "" for s in c.sources)),
    ("file", lambda c: c.path),
)


def _rows(book: Casebook, table: str) -> tuple[list[str], list[list]]:
    if table == "cases":
        header = [name for name, _ in CASE_COLUMNS]
        rows = [[value(c) for _, value in CASE_COLUMNS] for c in book.cases.values()]
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


#: Put first in a CSV file, so that spreadsheets (Excel above all) read it as UTF-8.
BOM = "\ufeff"

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv(book: Casebook, table: str = "cases") -> str:
    """One table as CSV (without the byte-order mark the command puts first).

    The guard against formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
    carriage return, which a spreadsheet would run as a formula, gets an apostrophe first
    (`'=HYPERLINK(...)`). A spreadsheet shows the text with the apostrophe and runs nothing;
    the rest of the text is unchanged, and `casebook.json` holds it exactly."""
    header, rows = _rows(book, table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
