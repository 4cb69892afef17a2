"""Whose account a case is and how far it goes, in words a reader understands.

The case page's provenance line, the source list, the JSON and CSV exports and the cases
index's filters all take their wording from here, so they say the same thing.
"""

from __future__ import annotations

from typing import Callable

from casebook.model import Case, Provenance, Source

#: The teller of a case, as a sentence names them.
TELLERS = {
    "customer": "the customer",
    "business": "the business",
    "employee": "an employee of the business",
    "bystander": "a bystander",
    "reporter": "a reporter who was not involved",
}
#: A kind of source, as a sentence names it (without its article).
SOURCE_KINDS = {
    "blog-post": "blog post",
    "article": "article",
    "talk": "talk",
    "review": "review",
    "social-post": "social media post",
    "report": "report",
}
#: Labels of the cases index's filters, by facet and value.
FACET_LABELS = {
    "told-by": {"customer": "The customer", "business": "The business", "employee": "An employee",
                "bystander": "A bystander", "reporter": "A reporter"},
    "witness": {"first-hand": "First-hand", "second-hand": "Second-hand"},
    "business-side": {"not-sought": "Not sought", "sought-no-reply": "Sought, no reply", "given": "Given"},
}


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def source_name(source: Source) -> str:
    """The source's own title, or, when it has none, what it is and who wrote it: 'a blog post by …'."""
    if source.title:
        return source.title
    what = _a(SOURCE_KINDS[source.kind]) if source.kind else "an untitled source"
    return f"{what} by {source.author}" if source.author else what


def source_label(source: Source) -> str:
    """The source's name at the head of a list item: its title, or 'A blog post by …'."""
    name = source_name(source)
    return name if source.title else name[:1].upper() + name[1:]


def _same(text: str) -> str:
    """Text as it is: the wording for exports."""
    return text


def _where(source: Source | None, isolate: Callable[[str], str] = _same) -> str:
    if source is None:
        return ""
    if source.kind:
        where = _a(SOURCE_KINDS[source.kind])
    elif source.title:
        where = f"“{isolate(source.title)}”"
    else:
        return ""
    return f" in {where}" + (f" ({source.published[:4]})" if source.published else "")


def business_side(prov: Provenance, isolate: Callable[[str], str] = _same) -> str:
    """One sentence on whether the other side of the story is known; `isolate` wraps the
    contributor's words in it (a page isolates them from the sentence's own)."""
    if prov.told_by == "business":
        return "This is the business's own account; the customer's side is not given."
    if prov.business_side == "given":
        where = prov.business_side_where or "elsewhere"
        return f"The business gave its side: {isolate(where[:1].lower() + where[1:].rstrip('.'))}."
    if prov.business_side == "sought-no-reply":
        return "The business was asked for its side and did not reply."
    return "The business's side was not sought."


def line(case: Case, isolate: Callable[[str], str] = _same) -> str:
    """'As told by the customer in a blog post (2012). The business's side was not sought.'

    `isolate` wraps the contributor's words in it; a page isolates them from its own."""
    prov = case.provenance
    teller = TELLERS[prov.told_by]
    told = f"As told by {teller}" if prov.witness == "first-hand" else f"Heard second-hand and retold by {teller}"
    where = _where(case.sources[0] if case.sources else None, isolate)
    if prov.witness != "first-hand" and where:
        where = "," + where
    return f"{told}{where}. {business_side(prov, isolate)}"


def one_sided(prov: Provenance) -> bool:
    """Whether only one side of the story is known."""
    return prov.told_by == "business" or prov.business_side != "given"


def facets(case: Case) -> dict[str, str]:
    """The case's value for each provenance filter of the cases index."""
    prov = case.provenance
    return {"told-by": prov.told_by, "witness": prov.witness, "business-side": prov.business_side}
