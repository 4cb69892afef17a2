"""Whose account a case is and how far it goes, in words a reader understands.

The case page's provenance line, the source list, the JSON and CSV exports and the cases
index's filters all take their wording from here, so they say the same thing.
"""

from __future__ import annotations

from typing import Callable

from casebook.i18n import N_
from casebook.model import Case, Provenance, Source

#: How a case's teller tells it, by first- or second-hand, as a sentence opens.
TOLD = {
    ("customer", True): N_("As told by the customer"),
    ("business", True): N_("As told by the business"),
    ("employee", True): N_("As told by an employee of the business"),
    ("bystander", True): N_("As told by a bystander"),
    ("reporter", True): N_("As told by a reporter who was not involved"),
    ("customer", False): N_("Heard second-hand and retold by the customer"),
    ("business", False): N_("Heard second-hand and retold by the business"),
    ("employee", False): N_("Heard second-hand and retold by an employee of the business"),
    ("bystander", False): N_("Heard second-hand and retold by a bystander"),
    ("reporter", False): N_("Heard second-hand and retold by a reporter who was not involved"),
}
#: A kind of source, as a sentence names it: "a blog post"; where a case was told, "in a blog post".
SOURCE_KINDS = {
    "blog-post": (N_("a blog post"), N_("in a blog post")),
    "article": (N_("an article"), N_("in an article")),
    "talk": (N_("a talk"), N_("in a talk")),
    "review": (N_("a review"), N_("in a review")),
    "social-post": (N_("a social media post"), N_("in a social media post")),
    "report": (N_("a report"), N_("in a report")),
}
#: Labels of the cases index's filters, by facet and value.
FACET_LABELS = {
    "told-by": {"customer": N_("The customer"), "business": N_("The business"), "employee": N_("An employee"),
                "bystander": N_("A bystander"), "reporter": N_("A reporter")},
    "witness": {"first-hand": N_("First-hand"), "second-hand": N_("Second-hand")},
    "business-side": {"not-sought": N_("Not sought"), "sought-no-reply": N_("Sought, no reply"), "given": N_("Given")},
}


def _same(text: str) -> str:
    """Text as it is: the wording for exports, and English, the source, for the words."""
    return text


def source_name(source: Source, _: Callable[[str], str] = _same) -> str:
    """The source's own title, or, when it has none, what it is and who wrote it: 'a blog post by …'."""
    if source.title:
        return source.title
    what = _(SOURCE_KINDS[source.kind][0]) if source.kind else _("an untitled source")
    return _("%(what)s by %(author)s") % {"what": what, "author": source.author} if source.author else what


def source_label(source: Source, _: Callable[[str], str] = _same) -> str:
    """The source's name at the head of a list item: its title, or 'A blog post by …'."""
    name = source_name(source, _)
    return name if source.title else name[:1].upper() + name[1:]


def _where(source: Source | None, isolate: Callable[[str], str], _: Callable[[str], str]) -> str:
    if source is None:
        return ""
    if source.kind:
        where = _(SOURCE_KINDS[source.kind][1])
    elif source.title:
        where = _("in “%(title)s”") % {"title": isolate(source.title)}
    else:
        return ""
    return f" {where}" + (f" ({source.published[:4]})" if source.published else "")


def business_side(prov: Provenance, isolate: Callable[[str], str] = _same, _: Callable[[str], str] = _same) -> str:
    """One sentence on whether the other side of the story is known; `isolate` wraps the
    contributor's words in it (a page isolates them from the sentence's own); `_` gives the
    sentence in the site's language (`casebook.i18n`)."""
    if prov.told_by == "business":
        return _("This is the business's own account; the customer's side is not given.")
    if prov.business_side == "given":
        where = prov.business_side_where or _("elsewhere")
        return _("The business gave its side: %(where)s.") % {
            "where": isolate(where[:1].lower() + where[1:].rstrip("."))}
    if prov.business_side == "sought-no-reply":
        return _("The business was asked for its side and did not reply.")
    return _("The business's side was not sought.")


def line(case: Case, isolate: Callable[[str], str] = _same, _: Callable[[str], str] = _same) -> str:
    """'As told by the customer in a blog post (2012). The business's side was not sought.'

    `isolate` wraps the contributor's words in it; a page isolates them from its own. `_` gives
    it in the site's language; exports keep the English."""
    prov = case.provenance
    first_hand = prov.witness == "first-hand"
    told = _(TOLD[prov.told_by, first_hand])
    where = _where(case.sources[0] if case.sources else None, isolate, _)
    if not first_hand and where:
        where = "," + where
    return f"{told}{where}. {business_side(prov, isolate, _)}"


def one_sided(prov: Provenance) -> bool:
    """Whether only one side of the story is known."""
    return prov.told_by == "business" or prov.business_side != "given"


def facets(case: Case) -> dict[str, str]:
    """The case's value for each provenance filter of the cases index."""
    prov = case.provenance
    return {"told-by": prov.told_by, "witness": prov.witness, "business-side": prov.business_side}
