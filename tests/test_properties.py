"""Property-based tests: whatever arrives, validate and render neither crash nor lose a location."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casebook.check import schema
from casebook.link import casefiles
from casebook.mkdocs.config import defaults, render_options
from casebook.read import characters, yamlfile
from casebook.render.markdown_pages import Renderer

YAML_TOKENS = ["\n", "  ", "\t", "- ", ": ", "title", "lessons", "id", "verdict", "bad", "&a ", "*a", "!!python/object ",
               "!x ", "[", "]", "{", "}", ",", "'", '"', "|", ">", "#", "---\n", "...\n", "? ", "<<: ", "%YAML 1.1\n",
               "\\", "é", "\u2028", "\ufeff", "\x00", "\x85", "0x1F", "~", "null", "2012-13-40", ":"]

yamlish = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=8), max_size=60).map("".join)


def assert_located(problems, path="x.yml"):
    for p in problems:
        assert p.path == path
        assert p.line >= 1 and p.column >= 1
        assert p.level in ("error", "warning", "notice")
        assert p.message and p.rule


@given(yamlish)
@example("<<: ")  # YAML 1.1 merge key, without the anchor it needs
@example("a: =")  # YAML 1.1 value key
def test_parse_never_raises_and_locates_every_problem(text):
    doc, problems = yamlfile.parse(text, "x.yml")
    assert_located(problems)
    if doc.data is not None:
        issues = schema.check(schema.CASE, doc.data, schema.DEFAULT_VOCABULARIES)
        assert_located([doc.problem(i.path, i.message, i.rule, key=i.key) for i in issues])


@given(yamlish)
@example("? 0x1F")  # a key read in another base: both paths warn (the fast one by handing over)
def test_fast_path_agrees_with_the_careful_path(text):
    fast = yamlfile.parse_fast(text, "x.yml")
    if fast is not None:
        careful, problems = yamlfile.parse_events(text, "x.yml")
        assert problems == []
        assert fast.data == careful.data  # positions always come from the careful path


def test_fast_path_takes_the_seed_cases():
    from conftest import ROOT

    for path in sorted((ROOT / "cases").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        fast = yamlfile.parse_fast(text, "x.yml")
        assert fast is not None, path.name
        careful, _ = yamlfile.parse_events(text, "x.yml")
        assert fast.data == careful.data
        for at in careful.marks:
            assert fast.at(at) == careful.at(at) and fast.at(at, key=True) == careful.at(at, key=True), at
            assert fast.at(at + ("missing",)) == careful.at(at + ("missing",))


@given(st.binary(max_size=300))
def test_decode_and_parse_arbitrary_bytes(raw):
    text, problems = yamlfile.decode(raw, "x.yml")
    assert_located(problems)
    if text is not None:
        assert_located(yamlfile.parse(text, "x.yml")[1])


# --- valid-shaped cases with arbitrary text ---------------------------------------------

VOCAB = schema.DEFAULT_VOCABULARIES
any_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("<>&\"'`*_[](){}#!|\n"),
                   min_size=1, max_size=80).filter(
    lambda s: s.strip() and not s.strip().startswith("TODO") and not all(characters.is_invisible(c) for c in s.strip()))
line = any_text.map(lambda s: " ".join(s.split()) or "x").filter(lambda s: not s.startswith("TODO"))
ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True).filter(
    lambda s: s not in casefiles.RESERVED_IDS)


@st.composite
def casebooks(draw):
    lesson_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    case_ids = draw(st.lists(ids.filter(lambda i: i not in lesson_ids), min_size=1, max_size=4, unique=True))
    lessons = {
        lid: {"title": draw(line)[:120], "theme": draw(st.sampled_from(VOCAB["themes"])), "summary": draw(line)[:400],
              "why": draw(any_text), "do": draw(st.lists(line, min_size=1, max_size=3)),
              "avoid": draw(st.lists(line, min_size=1, max_size=3))}
        for lid in lesson_ids
    }
    cases = {}
    for cid in case_ids:
        verdict = draw(st.sampled_from(schema.VERDICTS))
        used = draw(st.lists(st.sampled_from(lesson_ids), min_size=1, max_size=3, unique=True))
        cases[cid] = {
            "title": draw(line)[:120], "summary": draw(line)[:400], "verdict": verdict,
            "business": {"name": draw(line), "sector": draw(st.sampled_from(VOCAB["sectors"]))},
            "channels": draw(st.lists(st.sampled_from(VOCAB["channels"]), min_size=1, max_size=3, unique=True)),
            "what_happened": draw(any_text), "response": draw(any_text), "outcome": draw(any_text),
            "lessons": [{"id": lid, "stance": draw(st.sampled_from(schema.STANCES)), "note": draw(any_text)}
                        for lid in used],
            "discussion": draw(st.lists(line, max_size=2)),
            "related": [c for c in draw(st.lists(st.sampled_from(case_ids), max_size=2, unique=True)) if c != cid],
            "provenance": {"told_by": draw(st.sampled_from(schema.TELLERS)), "witness": draw(st.sampled_from(schema.WITNESS)),
                           "business_side": "given", "business_side_where": draw(line)},
            "sources": [draw(st.sampled_from([{"title": draw(line)}, {"kind": "blog-post", "author": draw(line)}]))],
        }
    for lid in lesson_ids:  # every lesson used, so no warnings
        if not any(lid == link["id"] for c in cases.values() for link in c["lessons"]):
            cases[case_ids[0]]["lessons"].append({"id": lid, "stance": "followed"})
    return cases, lessons


def write(root: Path, cases: dict, lessons: dict) -> Path:
    folder = root / "cases"
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    for old in folder.rglob("*.yml"):
        old.unlink()
    for cid, data in cases.items():
        (folder / f"{cid}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for lid, data in lessons.items():
        (folder / "lessons" / f"{lid}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


#: A whole casebook written, loaded and rendered is costly: `make test` draws fewer of them than of
#: the single documents above; `make fuzz` (its own profile, many more examples) draws them all.
WHOLE_CASEBOOKS = settings(max_examples=60) if settings.default.max_examples <= 200 else settings.default


@WHOLE_CASEBOOKS
@given(casebooks())
def test_valid_shaped_casebooks_load_and_render(tmp_path, drawn):
    cases, lessons = drawn
    folder = write(tmp_path, cases, lessons)
    book, problems = casefiles.load(str(folder), root=str(tmp_path))
    errors = [str(p) for p in problems if p.is_error]
    assert errors == []
    for p in problems:
        assert p.path.startswith("cases/") and p.line >= 1 and p.column >= 1
    assert set(book.cases) == set(cases) and set(book.lessons) == set(lessons)
    pages = Renderer(book, render_options(defaults())).pages()
    for cid in cases:
        page = pages[f"cases/{cid}.md"]
        assert "<script" not in page.lower()
        assert not re.search(r"(href=[\"']?|\]\()\s*javascript:", page, re.IGNORECASE)


def test_control_characters_in_text_are_errors(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "x.yml").write_text('title: "bell \\a"\n', encoding="utf-8")
    _, problems = casefiles.load(str(folder), root=str(tmp_path))
    assert "cases/x.yml:1:8: error: contains a control character (U+0007); remove it [control-character]" in [
        str(p) for p in problems]


def test_printable_ascii_round_trips_through_yaml():
    text = string.printable.strip()
    doc, problems = yamlfile.parse(yaml.safe_dump({"title": text}), "x.yml")
    assert problems == [] and doc.data == {"title": text}


@given(yamlish, st.lists(st.sampled_from(["title", "lessons", "id", 0, 1, 2, "verdict", "x"]), max_size=4),
       st.booleans())
@example("\ufeff&a 0", ["title"], False)  # an anchor right after a byte-order mark
def test_fast_documents_locate_like_careful_ones(text, path, key):
    fast = yamlfile.parse_fast(text, "x.yml")
    if fast is not None:
        careful, _ = yamlfile.parse_events(text, "x.yml")
        assert fast.at(tuple(path), key=key) == careful.at(tuple(path), key=key)



def _tags(node):
    """A composed node as (tag, value) all the way down."""
    if node is None or not isinstance(node.value, list):
        return node and (node.tag, node.value)
    return node.tag, [(_tags(i[0]), _tags(i[1])) if isinstance(i, tuple) else _tags(i) for i in node.value]


@given(yamlish | st.lists(st.sampled_from(["", "~", "null", "Null", "yes", "No", "on", "0x1F", "0o7", "1_000", "3.5e3",
                                           ".inf", "-.NaN", "2012-03-04", "<<", "=", "abc", "0b101", "190:20:30"]),
                          max_size=5).map(lambda xs: "\n".join(f"k{i}: {x}" for i, x in enumerate(xs))))
def test_the_lean_resolver_tags_every_node_as_pyyaml_does(text):
    try:
        expected = _tags(yaml.compose(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return
    assert _tags(yaml.compose(text, Loader=yamlfile._ComposeLoader)) == expected
