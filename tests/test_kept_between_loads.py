"""What `mkdocs serve` keeps between loads of the casebook and finds again only for what
changed: related cases and the cases to read beside each (`graph.build(book, previous=...)`),
each case's distinctive words (`search_entry.find_terms(words, previous=...)`), and the pages
rendered from what the last build kept. After any edit, addition or removal, each equals what
is found from nothing."""

from __future__ import annotations

import random
from collections import Counter
import re
import sys

import pytest

from casebook.link import casefiles, graph
from casebook.mkdocs.config import defaults, render_options
from casebook.render import markdown_pages, search_entry

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import gen  # noqa: E402

#: Enough cases for numbered index pages, card files, shared lessons and a word of the pool to
#: cross the limit of a distinctive word and fall back (the tests assert each happened).
N_CASES = 40


def related(g: graph.Graph) -> dict[str, list[tuple]]:
    """Each case's related cases as plain values, and which Case object each names."""
    return {case_id: [(r.case.id, r.shared, r.explicit, id(r.case)) for r in rels]
            for case_id, rels in g.related_cases.items()}


def like(g: graph.Graph) -> dict[str, list[tuple]]:
    """Each case's cases to read beside it, as plain values, and which Case object each names."""
    return {case_id: [(x.case.id, x.lesson, x.stance, x.shared, id(x.case)) for x in graph.cases_like(g, case_id)]
            for case_id in g.book.cases}


def edit(path, rng: random.Random, case_ids: list[str], lesson_ids: list[str], vocabulary: list[str],
         kind: str | None = None) -> str:
    """One change to the case file at `path` of the kinds that move related cases or words."""
    text = path.read_text(encoding="utf-8")
    kind = kind or rng.choice(["verdict", "lesson", "related", "title", "text"])
    if kind == "verdict":
        text = re.sub(r"^verdict: \w+", f"verdict: {rng.choice(['good', 'bad', 'mixed'])}", text, count=1, flags=re.M)
    elif kind == "lesson":
        lessons = re.search(r"^lessons:\n((?:  - .*\n(?:    .*\n)*)+)", text, re.M)
        assert lessons, text
        new = rng.choice(lesson_ids)
        text = text.replace(lessons.group(0), f"lessons:\n  - {{id: {new}, stance: broken}}\n", 1)
    elif kind == "related":
        text += f"related: [{rng.choice(case_ids)}]\n"
    elif kind == "text":
        text = retold(text, " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 12))))
    else:
        text = re.sub(r"^title: ", "title: Edited ", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return kind


def change(cases, rng: random.Random, step: int, lesson_ids: list[str], vocabulary: list[str], done: list[str]) -> None:
    """One to three edits, additions or removals of case files, each noted in `done`."""
    files = sorted(cases.glob("*.yml"))
    ids = [f.stem for f in files]
    for _ in range(rng.randint(1, 3)):
        action = rng.choice(["edit", "edit", "add", "remove"])
        if action == "add":
            source = rng.choice(files)
            new_id = f"case-9{step:02d}{rng.randint(0, 999):03d}-added"
            (cases / f"{new_id}.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
            done.append("add")
        elif action == "remove" and len(files) > 20:
            victim = rng.choice(files)
            if victim.exists():
                victim.unlink()
                done.append("remove")
        else:
            victim = rng.choice(files)
            if victim.exists():
                done.append(edit(victim, rng, ids, lesson_ids, vocabulary))


def retold(text: str, story: str) -> str:
    """A case file's text with `what_happened` replaced by `story`."""
    text, n = re.subn(r"^what_happened: \|\n(?:(?:  .*)?\n)*", f"what_happened: |\n  {story}.\n\n", text,
                      count=1, flags=re.M)
    assert n == 1
    return text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_graph_kept_between_loads_equals_a_fresh_one(tmp_path, seed):
    cases = tmp_path / "cases"
    gen.write_casebook(str(cases), N_CASES)
    cache: dict = {}
    book, problems = casefiles.load(str(cases), root=str(tmp_path), cache=cache)
    assert not [p for p in problems if p.is_error]
    previous = graph.build(book)
    words = {i: search_entry.case_words(c) for i, c in book.cases.items()}
    terms = search_entry.find_terms(words)
    kept_words = {i: (c, words[i]) for i, c in book.cases.items()}
    frequency = Counter(w for own in words.values() for w in own)
    vocabulary = sorted(w for w, n in frequency.items() if n == 1)[:3]  # made-up words, one case each
    rng = random.Random(seed)
    crossed: set[str] = set()  # words of the pool that were used by more cases than the limit
    fell: set[str] = set()  # and then by fewer
    lesson_ids = sorted(book.lessons)
    done = []
    for step in range(36):
        change(cases, rng, step, lesson_ids, vocabulary, done)
        # Stories told anew in words of a small pool for the first steps, then those stories told
        # without them: so that a word of the pool is used by more cases than the limit of a
        # distinctive word, and then by fewer again.
        pooled = [f for f in sorted(cases.glob("*.yml")) if any(w in f.read_text(encoding="utf-8") for w in vocabulary)]
        if pooled and step >= 18:
            for story in rng.sample(pooled, min(3, len(pooled))):
                story.write_text(retold(story.read_text(encoding="utf-8"), "The customer waited"), encoding="utf-8")
        else:
            done.append(edit(rng.choice(sorted(cases.glob("*.yml"))), rng, [], lesson_ids, vocabulary, kind="text"))
        book, problems = casefiles.load(str(cases), root=str(tmp_path), cache=cache)
        if seed == 1:  # the links of unchanged files are not checked again unless a file came or went
            assert [str(p) for p in problems] == [str(p) for p in casefiles.load(str(cases), root=str(tmp_path))[1]]
        kept = graph.build(book, previous)
        fresh = graph.build(book)
        assert related(kept) == related(fresh), (seed, step, done)
        assert like(kept) == like(fresh), (seed, step, done)
        previous = kept
        # As the renderer does: an unchanged case keeps its list of words, the same object.
        words = {i: w if (hit := kept_words.get(i)) and hit[0] is c and (w := hit[1]) is not None
                 else search_entry.case_words(c) for i, c in book.cases.items()}
        kept_words = {i: (c, words[i]) for i, c in book.cases.items()}
        terms = search_entry.find_terms(words, terms)
        assert terms.result == search_entry.find_terms(words).result, (seed, step, done)
        assert terms.frequency == search_entry.find_terms(words).frequency
        fell |= {w for w in crossed if terms.frequency[w] <= terms.limit}
        crossed |= {w for w in vocabulary if terms.frequency[w] > terms.limit}
    assert crossed and fell, "no word of the pool became common and then rare again"
    assert {"add", "remove", "verdict", "lesson", "related", "text"} <= set(done)


def test_pages_rendered_with_what_the_last_build_kept_equal_pages_rendered_afresh(tmp_path):
    """Everything a Renderer reuses from the last one (pages, items, the index's data block and
    numbered pages, related cases) gives the same pages and files as rendering from nothing."""
    cases = tmp_path / "cases"
    gen.write_casebook(str(cases), N_CASES)
    options = render_options(defaults(index_cases=2, lesson_cases=3))  # numbered pages and card files
    cache: dict = {}
    book, _ = casefiles.load(str(cases), root=str(tmp_path), cache=cache)
    kept = markdown_pages.Renderer(book, options)
    kept.pages()
    rng = random.Random(7)
    lesson_ids, done = sorted(book.lessons), []
    for step in range(14):
        change(cases, rng, step, lesson_ids, ["parcel", "waited", "refund"], done)
        book, _ = casefiles.load(str(cases), root=str(tmp_path), cache=cache)
        kept = markdown_pages.Renderer(book, options, previous=kept.prose_cache, previous_pages=kept.page_cache,
                               previous_items=kept.item_cache, previous_graph=kept.graph, previous_terms=kept.terms)
        fresh = markdown_pages.Renderer(book, options)
        assert kept.pages() == fresh.pages(), (step, done)
        assert kept.data_files() == fresh.data_files(), (step, done)
    assert {"add", "remove", "verdict", "lesson", "related", "title"} <= set(done), done
