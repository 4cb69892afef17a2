"""Cases, lessons and training modules as plain data, built from validated YAML values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casebook.i18n import N_
from casebook.read.yamlfile import Document

VERDICT_LABELS = {"good": N_("Good practice"), "bad": N_("Bad practice"), "mixed": N_("Mixed practice")}
DEFAULT_STANCE = {"good": "followed", "bad": "broken"}


@dataclass(frozen=True)
class Source:
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Whose account a case is and how far it goes (see `provenance` for the words)."""

    told_by: str
    witness: str
    business_side: str
    business_side_where: str | None = None


@dataclass(frozen=True)
class Business:
    name: str
    sector: str
    size: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    who: str
    what: str
    channel: str | None = None


@dataclass(frozen=True)
class LessonLink:
    """A case's use of a lesson; `index` is its position in the case's `lessons` list."""

    id: str
    stance: str
    note: str | None
    index: int
    explicit_stance: bool = True


@dataclass
class Case:
    """One customer-service story as its YAML file tells it, checked and typed: what happened,
    how the business responded, the outcome, the lessons it follows or breaks and where the
    story comes from. Its `id` is its file name and its page's address. Nothing here is
    inferred: a page shows what the contributor wrote."""

    id: str
    title: str
    summary: str
    verdict: str
    business: Business
    channels: list[str]
    what_happened: str
    response: str
    outcome: str
    lessons: list[LessonLink]
    sources: list[Source]
    provenance: Provenance
    date: str | None = None
    customer: str | None = None
    #: What the staff member faces, before anything is decided: shown to learners instead of the title.
    situation: str | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)
    discussion: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    #: The ids the case had before it was renamed; their addresses lead to its page.
    former_ids: list[str] = field(default_factory=list)
    path: str = ""  # where the YAML was read from, relative to the project
    doc: Document | None = field(default=None, repr=False, compare=False)
    #: The values as the file wrote them, kept for the form's "Suggest a correction".
    data: dict | None = field(default=None, repr=False, compare=False)

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def story_year(self) -> str | None:
        """The year of the events, or else the year the earliest dated source was published."""
        if self.date:
            return self.date[:4]
        published = sorted(s.published[:4] for s in self.sources if s.published)
        return published[0] if published else None

    @property
    def verdict_label(self) -> str:
        """The verdict's built-in English label, for a site's own copies of older templates; the
        casebook's templates use `verdict_labels`, the site's labels in its language."""
        return VERDICT_LABELS[self.verdict]


@dataclass
class Lesson:
    """A practice the playbook teaches, as its YAML file under `lessons/` states it: why it
    matters, what to do and avoid, what to say and not to say. Cases link to it as followed or
    broken; which cases those are is the `Graph`'s to work out, not the lesson's to list."""

    id: str
    title: str
    theme: str
    summary: str
    why: str
    do: list[str]
    avoid: list[str]
    say: list[str] = field(default_factory=list)
    dont_say: list[str] = field(default_factory=list)
    for_team_leads: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    former_ids: list[str] = field(default_factory=list)
    path: str = ""
    doc: Document | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Activity:
    """One step of a session's agenda: what learners do, for how long, on which case."""

    activity: str
    minutes: int
    case: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DiscussionQuestion:
    question: str
    good_answers_cover: str


@dataclass(frozen=True)
class RubricCriterion:
    criterion: str
    weak: str
    sound: str
    strong: str


@dataclass(frozen=True)
class RolePlay:
    title: str
    situation: str
    customer: str
    staff: str
    case: str | None = None


@dataclass(frozen=True)
class Objection:
    objection: str
    handling: str


@dataclass(frozen=True)
class ModuleItem:
    """A case a module teaches: for how long, what learners look at, and the answers a
    facilitator listens for (never shown on a learner's handout)."""

    case: str
    minutes: int
    focus: str
    model_answer: str | None = None
    practises: tuple[int, ...] = ()
    discussion: tuple[DiscussionQuestion, ...] = ()


@dataclass
class Module:
    """A training session built from cases, as its YAML file under `modules/` plans it: who it
    is for, its objectives and timings, the cases in order, and what only the facilitator sees
    (model answers, facilitator notes). Learner pages are written from the learner-facing
    fields alone, so that a handout gives nothing away."""

    id: str
    title: str
    audience: str
    duration: int
    objectives: list[str]
    cases: list[ModuleItem]
    summary: str | None = None
    learner_summary: str | None = None
    facilitator_notes: str | None = None
    group_size: str | None = None
    materials: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    pre_questions: list[str] = field(default_factory=list)
    post_questions: list[str] = field(default_factory=list)
    role_plays: list[RolePlay] = field(default_factory=list)
    rubric: list[RubricCriterion] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    apply_at_work: str | None = None
    former_ids: list[str] = field(default_factory=list)
    path: str = ""
    doc: Document | None = field(default=None, repr=False, compare=False)


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _source(data: dict) -> Source:
    title = data.get("title")
    return Source(title.strip() if title else None, data.get("url"), data.get("author"),
                  _date(data.get("published")), data.get("kind"))


def case_from(case_id: str, data: dict, doc: Document) -> Case:
    verdict = data["verdict"]
    links = []
    for i, item in enumerate(data["lessons"]):
        if isinstance(item, str):
            item = {"id": item}
        stance = item.get("stance")
        links.append(
            LessonLink(item["id"], stance or DEFAULT_STANCE.get(verdict, "followed"), item.get("note"), i, stance is not None)
        )
    business = data["business"]
    return Case(
        id=case_id,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        verdict=verdict,
        business=Business(business["name"].strip(), business["sector"], business.get("size")),
        channels=list(data["channels"]),
        what_happened=data["what_happened"],
        response=data["response"],
        outcome=data["outcome"],
        lessons=links,
        sources=[_source(s) for s in data["sources"]],
        provenance=Provenance(**data["provenance"]),
        date=_date(data.get("date")),
        customer=data.get("customer"),
        situation=data.get("situation"),
        timeline=[TimelineEntry(t["when"], t["who"], t["what"], t.get("channel")) for t in data.get("timeline", [])],
        discussion=list(data.get("discussion", [])),
        tags=list(data.get("tags", [])),
        related=list(data.get("related", [])),
        former_ids=list(data.get("former_ids", [])),
        path=doc.path,
        doc=doc,
        data=data,
    )


def lesson_from(lesson_id: str, data: dict, doc: Document) -> Lesson:
    return Lesson(
        id=lesson_id,
        title=data["title"].strip(),
        theme=data["theme"],
        summary=data["summary"].strip(),
        why=data["why"],
        do=list(data["do"]),
        avoid=list(data["avoid"]),
        say=list(data.get("say", [])),
        dont_say=list(data.get("dont_say", [])),
        for_team_leads=list(data.get("for_team_leads", [])),
        related=list(data.get("related", [])),
        sources=[_source(s) for s in data.get("sources", [])],
        former_ids=list(data.get("former_ids", [])),
        path=doc.path,
        doc=doc,
    )


def module_from(module_id: str, data: dict, doc: Document) -> Module:
    return Module(
        id=module_id,
        title=data["title"].strip(),
        audience=data["audience"],
        duration=data["duration"],
        objectives=list(data["objectives"]),
        cases=[ModuleItem(c["case"], c["minutes"], c["focus"], c.get("model_answer"), tuple(c.get("practises", ())),
                          tuple(DiscussionQuestion(**q) for q in c.get("discussion", ()))) for c in data["cases"]],
        summary=data.get("summary"),
        learner_summary=data.get("learner_summary"),
        facilitator_notes=data.get("facilitator_notes"),
        group_size=data.get("group_size"),
        materials=list(data.get("materials", [])),
        activities=[Activity(**a) for a in data.get("activities", [])],
        pre_questions=list(data.get("pre_questions", [])),
        post_questions=list(data.get("post_questions", [])),
        role_plays=[RolePlay(**r) for r in data.get("role_plays", [])],
        rubric=[RubricCriterion(**r) for r in data.get("rubric", [])],
        objections=[Objection(**o) for o in data.get("objections", [])],
        apply_at_work=data.get("apply_at_work"),
        former_ids=list(data.get("former_ids", [])),
        path=doc.path,
        doc=doc,
    )


BUILDERS = {"case": case_from, "lesson": lesson_from, "module": module_from}
