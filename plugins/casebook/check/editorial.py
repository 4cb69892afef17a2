"""The editorial standards a case is held to, and the one check of them `validate` can make.

The contributing page prints the standards and the `casebook new` template lists them;
both read them from here.
"""

from __future__ import annotations

import re

from casebook.i18n import N_, gettext as _
from casebook.model import Case
from casebook.provenance import one_sided

#: Each standard: a short rule (for the template) and its explanation (for the contributing page).
STANDARDS: tuple[tuple[str, str], ...] = (
    (N_("Report what the source says, as a claim where it is one."),
     N_("Where the source makes a claim, keep it a claim, in reported speech: \"the customer reports that the "
     "comment disappeared\", not \"the shop deleted the comment\". Quote the source's own words where they "
     "matter. Titles too: \"A customer's comments disappear from a shop's Facebook page\", not \"A shop "
     "deletes complaints\".")),
    (N_("Name businesses, never private people."),
     N_("Describe customers, staff and bystanders (\"a parent buying shoes online\", \"the owner-operator\"). "
     "Only a source's public author is named, and only in sources.")),
    (N_("No motive or outcome the source does not give."),
     N_("If the source does not say why the business acted, or how the story ended, neither does the case. "
     "A writer's guess stays the writer's (\"the blogger offers a 'worrisome theory' that ...\").")),
    (N_("A lesson link needs a sentence of evidence from the case in its note."),
     N_("Every entry under lessons has a note showing, from the case, how the lesson was followed or "
     "broken. If the case cannot show it, leave the lesson out.")),
    (N_("Date the story."),
     N_("Give date (when it happened) and the source's published date wherever the source gives them, "
     "to the precision it gives them. Never guess one.")),
    (N_("Say whose account it is, and give a source's title only if it has one."),
     N_("Fill in provenance: who tells the story, whether they saw it or heard it second-hand, and whether "
     "the business's side was sought or given; every case page shows it near the top. A source without a "
     "title of its own gets its kind and author, and the page calls it \"a blog post by ...\"; never "
     "use a blog's or site's name as a title.")),
)

#: Words that, in a title, state wrongdoing as a fact. A case told by one side only should
#: report them as a claim instead; `validate` gives a notice (never an error) when it does not.
ASSERTING_WORDS = (
    "censors", "censored", "cheats", "cheated", "deletes", "deleted", "ignores", "ignored", "lies", "lied",
    "never", "refuses", "refused", "scams", "scammed", "steals", "stole",
)
_ASSERTING_RE = re.compile(r"\b(" + "|".join(ASSERTING_WORDS) + r")\b", re.IGNORECASE)


def asserted_wrongdoing(case: Case) -> str | None:
    """The first word of the title that states wrongdoing as fact, when only one side is known."""
    if not one_sided(case.provenance):
        return None
    match = _ASSERTING_RE.search(case.title)
    return match.group(1) if match else None


def rephrase_hint(word: str) -> str:
    """The notice for a title that states `word` as fact, in the language being spoken."""
    return _("the title states '%(word)s' as fact, but only one side of the story is known: report it as a claim "
             "('A customer reports that ...', 'says', 'writes') or describe what was seen "
             "('comments disappear', 'no reply came')") % {"word": word}
