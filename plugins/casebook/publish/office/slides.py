"""A module as a PowerPoint deck to run the session from (python-pptx).

The slides follow the session: a title slide, the objectives, the agenda with its timings;
for each exercise the situation and the prompt, then the reveal on the slide after, and the
questions to discuss; the role-plays, the checks and the wrap-up. What only the facilitator
reads (the facilitator's notes, the model answers, what good answers cover, the expected
objections) is in the speaker notes. Every slide uses a layout of PowerPoint's default
template, so that a trainer's own template restyles the deck.
"""

from __future__ import annotations

import gettext
import io

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from casebook.link.casefiles import Casebook
from casebook.model import Module
from casebook.publish.office import (TEMPLATE_LANGUAGE, colon, document_language, minutes, prose, stance, steady_zip,
                                     term)
from casebook.publish.office.prose import clean
from casebook.render import training
from casebook.render.markdown_pages import and_list
from casebook.render.training import ENGLISH

#: The layouts of the default template, by their place in it.
TITLE, TITLE_AND_CONTENT, SECTION, TWO_CONTENT, TITLE_ONLY = 0, 1, 2, 3, 5


def _fit(frame, text_length: int, base: int = 24) -> None:
    """A body's text size for its length (python-pptx cannot measure text), and PowerPoint's
    own shrink-on-overflow besides."""
    size = base if text_length < 300 else base - 4 if text_length < 550 else base - 6 if text_length < 800 else base - 8
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.word_wrap = True
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def _bullets(frame, items: list[tuple[str, int]] | list[str], base: int = 24, numbered: bool = False) -> None:
    """`items` (text, or (text, level)) as the paragraphs of a body placeholder; `numbered`:
    each item is numbered in place of its bullet."""
    items = [item if isinstance(item, tuple) else (item, 0) for item in items]
    frame.text = ""
    for i, (text, level) in enumerate(items):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = clean(f"{i + 1}. {text}" if numbered else text)
        paragraph.level = level
        if numbered:  # the number stands where the bullet was
            properties = paragraph._p.get_or_add_pPr()
            properties.set("marL", "0")
            properties.set("indent", "0")
            properties.insert(0, properties.makeelement(qn("a:buNone"), {}))
    _fit(frame, sum(len(text) for text, _ in items), base)


def _notes(slide, parts: list[tuple[str, str | None]]) -> None:
    """Speaker notes: each part as a heading line and its text."""
    lines = []
    for heading, text in parts:
        if text:
            lines.append(f"{heading}\n{text}" if heading else text)
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n\n".join(lines)


def _markdown_notes(markdown: str | None) -> str:
    """A Markdown field as lines of plain text for the notes."""
    out = []
    for block in prose.blocks(markdown):
        prefix = "• " if block.kind == "bullet" else f"{block.number}. " if block.kind == "number" else ""
        out.append("  " * block.level + prefix + clean(block.text))
    return "\n".join(out)


def _slide(deck, layout: int, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[layout])
    slide.shapes.title.text = clean(title)
    # A long title (a module's, an exercise's situation) shrinks to its box, not over the body.
    slide.shapes.title.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    return slide


def _body(slide):
    return next(shape for shape in slide.placeholders if shape.placeholder_format.idx == 1).text_frame


def _table(slide, header: list[str], rows: list[list[str]], widths: list[float], size: int = 14) -> None:
    """A table below the title, across the slide's width; `widths` are shares of it."""
    deck_width = slide.part.package.presentation_part.presentation.slide_width
    title = slide.shapes.title
    left, top = title.left, title.top + title.height + Emu(100_000)
    width = deck_width - 2 * left
    height = Emu(int(Pt(size * 2.2)) * (len(rows) + 1))
    table = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width, height).table
    for i, share in enumerate(widths):
        table.columns[i].width = Emu(int(width * share))
    for r, values in enumerate([header, *rows]):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            cell.text = clean(str(text))
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = True if r == 0 else None


def _mark_language(deck, language: str) -> None:
    """Marks the deck's text as written in `language`, for PowerPoint's spelling checks: each
    run of its slides and notes, and the presentation's default, which new text takes."""
    if language == TEMPLATE_LANGUAGE:  # the template's text is marked so already
        return
    default = deck._element.find(f"{qn('p:defaultTextStyle')}/{qn('a:defPPr')}/{qn('a:defRPr')}")
    if default is not None:
        default.set("lang", language)
    for slide in deck.slides:
        parts = [slide, slide.notes_slide] if slide.has_notes_slide else [slide]
        for part in parts:
            for run in part._element.iter(qn("a:r")):
                run.get_or_add_rPr().set("lang", language)


def deck(book: Casebook, module: Module, labels, words: gettext.NullTranslations = ENGLISH,
         language: str | None = None) -> bytes:
    """The slides of a module, with the facilitator's notes as speaker notes; their words in the
    language of `words`."""
    _, ngettext = words.gettext, words.ngettext
    deck = Presentation()
    props = deck.core_properties
    props.title, props.subject, props.author, props.last_modified_by = \
        clean(module.title), _("Training slides"), "", "casebook"
    props.comments = ""
    items, _spare = training.agenda(book, module)

    def labelled(label: str, text: str) -> str:
        return f"{colon(label, words)} {text}"

    slide = _slide(deck, TITLE, module.title)
    slide.placeholders[1].text = clean(f"{module.audience} · {minutes(module.duration, words, language)}")
    _notes(slide, [("", module.summary), (_("Group size"), module.group_size),
                   (_("Materials"), "\n".join(f"• {m}" for m in module.materials)),
                   (_("Running the session"), _markdown_notes(module.facilitator_notes))])

    slide = _slide(deck, TITLE_AND_CONTENT, _("Objectives"))
    _bullets(_body(slide), module.objectives, numbered=True)
    by = training.practised(module)
    _notes(slide, [(_("Practised in"), "\n".join(
        labelled(_("Objective %(num)s") % {"num": n},
                 ngettext("exercise %(list)s", "exercises %(list)s", len(by[n])) % {"list": and_list(by[n], language)})
        for n in sorted(by)))])

    rows = training.activities(book, module, words)
    slide = _slide(deck, TITLE_ONLY, _("Agenda"))
    _table(slide, [_("Clock"), _("Minutes"), _("Activity")], [[row.clock, row.minutes, row.label] for row in rows],
           [0.22, 0.16, 0.62], size=14 if len(rows) < 10 else 12)
    _notes(slide, [("", "\n".join(f"{row.clock} {labelled(row.label, row.note)}" for row in rows if row.note))])

    if module.pre_questions:
        slide = _slide(deck, TITLE_AND_CONTENT, _("Before we start"))
        _bullets(_body(slide), module.pre_questions, numbered=True)
        _notes(slide, [("", _("Learners answer on their handout; they come back to these at the end."))])

    for n, (item, start) in enumerate(items, start=1):
        case = book.cases[item.case]
        steps = [row for row in rows if row.case == item.case]
        slide = _slide(deck, TITLE_AND_CONTENT, training.exercise_heading(n, case.situation, words))
        _bullets(_body(slide), [(_("Your task"), 0), (item.focus, 1)])
        _notes(slide, [(_("Timing"), _("Starts at %(num)s min") % {"num": start} + ", "
                        + minutes(item.minutes, words, language)
                        + "".join(f"\n{row.clock} " + (labelled(row.label, row.note) if row.note else row.label)
                                  for row in steps)),
                       (_("Case"), case.title),
                       (_("Model answer"), _markdown_notes(item.model_answer))])

        slide = _slide(deck, TITLE_AND_CONTENT, _("Exercise %(num)s: what happened next") % {"num": n})
        lines = [(case.title, 0), (term(case.verdict, labels, words), 1)]
        for link in case.lessons:
            lesson = book.lessons.get(link.id)
            lines.append((labelled(stance(link.stance, words), lesson.title if lesson else link.id), 1))
        _bullets(_body(slide), lines, base=22)
        _notes(slide, [(_("How the business responded"), _markdown_notes(case.response)),
                       (_("Outcome"), _markdown_notes(case.outcome)),
                       (_("Lesson notes"), "\n".join(f"• {prose.plain(link.note)}"
                                                      for link in case.lessons if link.note))])

        questions = [q.question for q in item.discussion] or case.discussion
        if questions:
            slide = _slide(deck, TITLE_AND_CONTENT, _("Exercise %(num)s: discuss") % {"num": n})
            _bullets(_body(slide), questions, base=22, numbered=True)
            _notes(slide, [(_("Good answers cover"), "\n".join(f"{i}. {q.good_answers_cover}"
                                                                for i, q in enumerate(item.discussion, start=1)))])

    for play in module.role_plays:
        slide = _slide(deck, TITLE_AND_CONTENT, labelled(_(training.ACTIVITY_LABELS["role-play"]), play.title))
        _bullets(_body(slide), [(block.text, 0) for block in prose.blocks(play.situation)], base=22)
        _notes(slide, [("", _("Hand each player their brief from the facilitator pack.")),
                       (_("Brief for the customer"), _markdown_notes(play.customer)),
                       (_("Brief for the staff member"), _markdown_notes(play.staff))])
    if module.rubric:
        slide = _slide(deck, TITLE_ONLY, _("Rubric"))
        _table(slide, [_("Criterion"), _("Weak"), _("Sound"), _("Strong")],
               [[r.criterion, r.weak, r.sound, r.strong] for r in module.rubric], [0.22, 0.26, 0.26, 0.26], size=10)
        _notes(slide, [("", _("For the learners' written answers: for each criterion, find the description "
                              "closest to the answer."))])

    if module.post_questions:
        slide = _slide(deck, TITLE_AND_CONTENT, _("Check yourself again"))
        _bullets(_body(slide), module.post_questions, numbered=True)
        _notes(slide, [("", _("Learners answer again, then compare with what they wrote before the session."))])

    slide = _slide(deck, TITLE_AND_CONTENT, _("Wrap-up: back to the objectives"))
    _bullets(_body(slide), module.objectives, numbered=True)
    _notes(slide, [(_("Likely objections"), "\n\n".join(_("“%(text)s”") % {"text": o.objection} + "\n" + o.handling
                                                          for o in module.objections))])
    if module.apply_at_work:
        slide = _slide(deck, TITLE_AND_CONTENT, _("Back at work"))
        _bullets(_body(slide), [block.text for block in prose.blocks(module.apply_at_work)])

    _mark_language(deck, document_language(language))
    out = io.BytesIO()
    deck.save(out)
    return steady_zip(out.getvalue())
