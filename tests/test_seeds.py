"""The seed casebook says no more about its sources than the sources say of themselves.

Each seed is a blog post kept outside the repository. What each one says of itself (its
title, if it has one; its author; its date) is written down here by hand, with a phrase
from the seed that shows it; where the seeds are on disk, the phrases are checked too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from casebook.link import casefiles
from conftest import ROOT

#: Where the seeds are kept beside a checkout (`../shared/seeds`), or CASEBOOK_SEEDS.
SEEDS_DIR = next((p for p in [Path(os.environ.get("CASEBOOK_SEEDS", ROOT / "seeds")), ROOT.parent / "shared" / "seeds",
                              ROOT.parent.parent / "shared" / "seeds"] if p.is_dir()), ROOT / "seeds")


@dataclass(frozen=True)
class Seed:
    #: The post's own title, or None when the post has none (a blog's name is not a title).
    title: str | None
    author: str | None
    published: str | None
    #: Phrases from the seed that show the facts above (and, for None, what stands in their place).
    evidence: tuple[str, ...]
    #: case id -> (told_by, witness, business_side)
    cases: dict


SEEDS = {
    "000_70c5ce87015309a3.txt": Seed(
        "How not to engage with customers", None, None,
        ("How not to engage with customers\nI don’t profess",),
        {"ozzys-archive-facebook-complaints-disappear": ("customer", "first-hand", "given")},
    ),
    "001_b5aeb9212d0b6414.txt": Seed(
        # "Grits and Purls" heads the page, but it is the blog's name ("Spinning yarns about
        # the grit of life" is its tagline); the post itself has no title.
        None, "Michele Arduengo", "2012",
        ("Grits and Purls\n\nSpinning yarns about the grit of life\n\nI recently had an experience",
         "© 2012 Michele Arduengo", "A coworker stopped by my desk"),
        {"stock-replies-then-a-fix-after-a-tweet": ("customer", "first-hand", "not-sought"),
         "local-affiliate-resolves-only-after-a-tweet": ("reporter", "second-hand", "not-sought")},
    ),
    "002_77d8788fa0b6298a.txt": Seed(
        None, None, None,
        ("I just got back from a very inspiring ecommerce conference", "My favorite was how Title 9"),
        {"lifetouch-full-voicemail-box": ("customer", "first-hand", "not-sought"),
         "familyvideo-unanswered-order-email": ("customer", "first-hand", "not-sought"),
         "title-9-refunds-entry-fees": ("reporter", "second-hand", "not-sought")},
    ),
    "003_5ad3b69c5e8f4336.txt": Seed(
        "The mutuality of networks", None, None,
        ("The mutuality of networks\n\nRelationships have to be two-way",),
        {},
    ),
    "004_a68cb97225a6a1ea.txt": Seed(
        # Opens with a quotation from Aldous Huxley, not a title.
        None, "Kevin W (@LEAP272)", None,
        ("“Actual happiness always looks pretty squalid", "Kevin W @LEAP272\nOwner-Operator",
         "It’s not word for word but it’s the gist of an email correspondence with a customer"),
        {"second-hand-buyer-threatens-reviews": ("business", "first-hand", "given")},
    ),
}
SEED_CASES = {case_id: (name, seed) for name, seed in SEEDS.items() for case_id in seed.cases}
#: Sources may only carry titles the seeds really have.
SEED_TITLES = {seed.title for seed in SEEDS.values() if seed.title}


@pytest.fixture(scope="module")
def book():
    loaded, problems = casefiles.load(str(ROOT / "cases"), root=str(ROOT))
    assert not [p for p in problems if p.is_error]
    return loaded


def test_every_case_is_a_seed_case(book):
    assert sorted(book.cases) == sorted(SEED_CASES)


@pytest.mark.parametrize("case_id", sorted(SEED_CASES))
def test_seed_case_provenance_and_source_match_the_seed(book, case_id):
    name, seed = SEED_CASES[case_id]
    case = book.cases[case_id]
    prov = case.provenance
    assert (prov.told_by, prov.witness, prov.business_side) == seed.cases[case_id]
    assert len(case.sources) == 1
    source = case.sources[0]
    assert source.kind == "blog-post"
    assert source.title == seed.title, "a title only where the seed has one, and then its own"
    assert source.author == seed.author
    assert source.published == seed.published
    if seed.published:
        assert case.year is None or case.year <= seed.published[:4]


def test_no_source_carries_a_title_the_seeds_do_not_have(book):
    for item in list(book.cases.values()) + list(book.lessons.values()):
        for source in item.sources:
            assert source.title is None or source.title in SEED_TITLES, (item.id, source.title)
            if source.title is None:
                assert source.kind, item.id


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed posts are not on this machine")
@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_seed_facts_are_read_from_the_seeds(name):
    text = (SEEDS_DIR / name).read_text(encoding="utf-8").replace("\xa0", " ")  # no-break spaces
    seed = SEEDS[name]
    for phrase in seed.evidence:
        assert phrase in text, phrase
    if seed.title:
        assert text.startswith(seed.title + "\n")
    if seed.author:
        assert seed.author.replace("(", "").replace(")", "") in text
    if seed.published:
        assert f"© {seed.published}" in text
    else:
        assert "©" not in text


def test_every_lesson_link_carries_its_evidence(book):
    for case in book.cases.values():
        for link in case.lessons:
            assert link.explicit_stance and link.note and '"' in link.note, (case.id, link.id)


def test_every_lesson_has_front_line_wording_and_team_lead_actions(book):
    for lesson in book.lessons.values():
        assert lesson.say and lesson.dont_say and lesson.for_team_leads, lesson.id
