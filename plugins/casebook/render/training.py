"""What each training handout of a module holds, worked out once for every format.

A module is taught from two sides. The learner works from a handout that must give nothing
away before an exercise is done: it names each exercise by the case's `situation` (a title
can tell how it ended), shows the module's `learner_summary` (the `summary` names the
endings), and holds nothing of the business's response, the outcome, the verdict, the
lessons' stances, the model answers or the facilitator's notes. `learner_handout` is that
rule, as data: the site's module page, the Word handout and the SCORM package are written
from it alone before their reveals. The facilitator sees everything: `agenda`, `activities`
and `practised` are the running order the facilitator pack, the slides and the module page
share.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass

from casebook.i18n import N_
from casebook.link.casefiles import Casebook
from casebook.model import Business, Module, ModuleItem

#: How each kind of activity is named in an agenda (in English; translated where shown).
ACTIVITY_LABELS = {
    "introduction": N_("Introduction"), "check-before": N_("Check before the session"), "reading": N_("Reading"),
    "individual-writing": N_("Individual writing"), "pair-work": N_("Work in pairs"), "role-play": N_("Role-play"),
    "group-discussion": N_("Group discussion"), "debrief": N_("Debrief"),
    "check-after": N_("Check after the session"), "break": N_("Break"), "wrap-up": N_("Wrap-up"),
}
#: The casebook's words when none are given: English, the source.
ENGLISH = gettext.NullTranslations()


@dataclass(frozen=True)
class AgendaRow:
    """One step of a session as the facilitator pack lists it."""

    label: str
    minutes: int
    clock: str  # "0:05–0:15", from the start of the session
    note: str | None = None
    #: The case the step works on, if any.
    case: str | None = None


def clock(minutes: int) -> str:
    """Minutes from the start of a session as a running clock: 75 -> '1:15'."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(book: Casebook, module: Module) -> tuple[list[tuple[ModuleItem, int]], int]:
    """Each case of a module with the minute it starts at, and the minutes left over. A case
    that did not load (a preview while a file has errors) is left out."""
    items, start, first = [], 0, {}
    for step in module.activities:  # a case starts with its first activity
        first.setdefault(step.case, start)
        start += step.minutes
    start = 0
    for item in module.cases:
        if item.case in book.cases:
            items.append((item, first.get(item.case, start)))
        start += item.minutes
    return items, module.duration - start


def activities(book: Casebook, module: Module, words: gettext.NullTranslations = ENGLISH) -> list[AgendaRow]:
    """The session step by step with its running clock, in the language of `words`: the
    module's activities, or one step per case and the time left over when it lists none."""
    _ = words.gettext
    exercise = {item.case: n for n, item in enumerate(module.cases, start=1)}

    def label(kind: str | None, case_id: str | None) -> str:
        if case_id is None:
            return kind or ""
        case = book.cases.get(case_id)
        if kind:
            return _("%(activity)s (exercise %(num)s)") % {"activity": kind, "num": exercise[case_id]}
        return exercise_heading(exercise[case_id], case.title if case else case_id, words)

    steps = [(_(ACTIVITY_LABELS[a.activity]), a.case, a.minutes, a.note) for a in module.activities] or [
        *((None, item.case, item.minutes, None) for item in module.cases),
        *(((_("Introduction, checks and wrap-up"), None, spare, None),) if (spare := module.duration - sum(
            item.minutes for item in module.cases)) > 0 else ()),
    ]
    rows, start = [], 0
    for kind, case_id, minutes, note in steps:
        rows.append(AgendaRow(label(kind, case_id), minutes, f"{clock(start)}–{clock(start + minutes)}", note, case_id))
        start += minutes
    return rows


def exercise_heading(number: int, title: str | None, words: gettext.NullTranslations = ENGLISH) -> str:
    """"Exercise 2: <title>", or "Exercise 2" without a title, in the language of `words`."""
    if title:
        return words.gettext("Exercise {num}: {title}").replace("{num}", str(number)).replace("{title}", title)
    return words.gettext("Exercise %(num)s") % {"num": number}


def practised(module: Module) -> dict[int, list[int]]:
    """The exercises (numbered from 1) that practise each objective (numbered from 1)."""
    found: dict[int, list[int]] = {}
    for n, item in enumerate(module.cases, start=1):
        for number in item.practises:
            found.setdefault(number, []).append(n)
    return found


@dataclass(frozen=True)
class LearnerExercise:
    """One exercise as a learner meets it, before any reveal: what happened and the task."""

    number: int
    #: The case's id, for a link to the whole case once the exercise is done.
    case: str
    #: What the staff member faces (the case's `situation`); None when the case has none.
    situation: str | None
    what_happened: str
    focus: str
    minutes: int
    #: The minute of the session it starts at.
    start: int
    practises: tuple[int, ...]
    #: Who and where, as the case states them (its business, sector and channels).
    business: Business
    channels: tuple[str, ...]
    #: The exercise's name in an agenda: its situation, never the case's title ("Exercise 2"
    #: without one); and its heading ("Exercise 2: <situation>"), in the handout's language.
    name: str
    heading: str


@dataclass(frozen=True)
class LearnerHandout:
    """A module as its learners see it before the exercises: nothing here gives an answer away."""

    module: str
    title: str
    audience: str
    duration: int
    group_size: str | None
    #: The module's `learner_summary` (never its `summary`, which can tell the endings).
    summary: str | None
    objectives: tuple[str, ...]
    exercises: tuple[LearnerExercise, ...]
    #: Minutes of the session outside the exercises.
    spare: int
    #: Whether the module plans its activities (the spare minutes are then the introduction,
    #: checks and wrap-up; otherwise discussion and wrap-up at the end).
    planned: bool
    pre_questions: tuple[str, ...]
    post_questions: tuple[str, ...]
    apply_at_work: str | None


def learner_handout(book: Casebook, module: Module, words: gettext.NullTranslations = ENGLISH) -> LearnerHandout:
    """What the learner's handout of `module` holds, in every format, in the language of `words`."""
    items, spare = agenda(book, module)
    exercises = []
    for number, (item, start) in enumerate(items, start=1):
        case = book.cases[item.case]
        exercises.append(LearnerExercise(
            number=number, case=case.id, situation=case.situation, what_happened=case.what_happened,
            focus=item.focus, minutes=item.minutes, start=start, practises=item.practises,
            business=case.business, channels=tuple(case.channels),
            name=case.situation or exercise_heading(number, None, words),
            heading=exercise_heading(number, case.situation, words)))
    return LearnerHandout(
        module=module.id, title=module.title, audience=module.audience, duration=module.duration,
        group_size=module.group_size, summary=module.learner_summary, objectives=tuple(module.objectives),
        exercises=tuple(exercises), spare=spare, planned=bool(module.activities),
        pre_questions=tuple(module.pre_questions), post_questions=tuple(module.post_questions),
        apply_at_work=module.apply_at_work)
