"""A module's learner handout and facilitator pack as Word documents.

Both use Word's own heading styles (so that the navigation pane and a table of contents work),
tables for the agenda and the rubric, and ruled lines to write on, as the printed pages have.
The learner handout is written from `training.learner_handout` alone, so it holds what the
printed handout holds and nothing of the answers.

The documents are python-docx's default template (its styles, numbering and theme) with a body
written here as WordprocessingML. Building the body through python-docx's objects cost a
tenth of a second a document, which every build of a site would pay for every module; written
as text it costs a few milliseconds, and the template's parts are read once.
"""

from __future__ import annotations

import functools
import gettext
import importlib.util
import io
import os
import re
import zipfile
from xml.sax.saxutils import escape

from casebook.link.casefiles import Casebook
from casebook.model import Module
from casebook.publish.office import (TEMPLATE_LANGUAGE, ZIP_TIME, colon, document_language, minutes, prose, stance,
                                     term)
from casebook.publish.office.prose import clean
from casebook.render import training
from casebook.render.markup import upper_first
from casebook.render.markdown_pages import LONG_SCENARIO, and_list
from casebook.render.training import ENGLISH

#: Ruled lines for each check question, for "back at work", and for an answer on a page of its own.
CHECK_LINES, WORK_LINES, PAGE_OF_LINES = 5, 4, 26
#: The fewest lines an answer gets below its scenario; with less room, it gets the next page.
FEWEST_LINES = 8
CM = 567  # twentieths of a point in a centimetre, Word's unit for lengths
LINE_HEIGHT_CM = 0.9
#: An A4 page's height inside its margins, in cm, less a margin for error: nothing here lays
#: text out, so `_lines_left` estimates what the exercise's text takes.
PAGE_ROOM = 25.7 - 2.0
#: The page's width inside its margins, in cm.
TEXT_WIDTH = 17.0
MUTED, ACCENT, RULE = "555555", "4051B5", "888888"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The parts of the document that are written for each document; the template gives the rest.
_WRITTEN = ("word/document.xml", "word/numbering.xml", "docProps/core.xml")
#: The parts whose default run properties say which language the text is in.
_STYLES = ("word/styles.xml", "word/stylesWithEffects.xml")
#: The language of the template's text, in its default run properties.
_DEFAULT_LANGUAGE = re.compile(rb'(<w:rPrDefault>.*?<w:lang w:val=")' + re.escape(TEMPLATE_LANGUAGE.encode()) + rb'"',
                               re.S)


@functools.lru_cache(maxsize=4)
def _template(language: str = TEMPLATE_LANGUAGE) -> tuple[bytes, str, int]:
    """python-docx's default template as a zip without the parts written for each document,
    its text marked as in `language` (Word's spelling checks follow it), its numbering part,
    and the abstract numbering of its "List Number" style."""
    # The template is python-docx's (without it, the `office` extra, no Word files), found
    # without importing the library, which the documents do not use.
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("python-docx is not installed")
    path = os.path.join(spec.submodule_search_locations[0], "templates", "default.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in _WRITTEN:
                member = zipfile.ZipInfo(info.filename, ZIP_TIME)
                member.compress_type = zipfile.ZIP_DEFLATED
                data = source.read(info)
                if info.filename in _STYLES and language != TEMPLATE_LANGUAGE:
                    data = _DEFAULT_LANGUAGE.sub(lambda m: m.group(1) + escape(language, {'"': "&quot;"}).encode()
                                                 + b'"', data, count=1)
                target.writestr(member, data)
        numbering = source.read("word/numbering.xml").decode("utf-8")
        styles = source.read("word/styles.xml").decode("utf-8")
    list_number = re.search(r'w:styleId="ListNumber".*?<w:numId w:val="(\d+)"/>', styles, re.S).group(1)
    abstract = re.search(rf'<w:num w:numId="{list_number}">\s*<w:abstractNumId w:val="(\d+)"/>', numbering).group(1)
    return out.getvalue(), numbering, int(abstract)


def _esc(text: str) -> str:
    return escape(clean(text))


class _Doc:
    """A Word document's body, written paragraph by paragraph."""

    def __init__(self, title: str, subject: str, language: str = TEMPLATE_LANGUAGE) -> None:
        self.title, self.subject, self.language = title, subject, language
        self.body: list[str] = []
        self.lists: list[int] = []  # the numbering instances made, one for each numbered list
        self.first_num = 100

    # -- runs and paragraphs -------------------------------------------------------------------

    @staticmethod
    def run(text: str, *, bold: bool = False, italic: bool = False, code: bool = False, color: str | None = None) -> str:
        props = ('<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>' if code else "") + \
            ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (f'<w:color w:val="{color}"/>' if color else "")
        pieces = _NOT_IN_TEXT.sub("", text).split("\n")
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in pieces)
        return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{body}</w:r>"

    def para(self, runs: str = "", style: str | None = None, *, new_page: bool = False, keep_next: bool = False,
             num: int | None = None, level: int = 0, border_left: bool = False, indent_cm: float = 0) -> None:
        """A paragraph of `runs` in the style with id `style`; its properties in the schema's order."""
        props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "") + \
            ("<w:pageBreakBefore/>" if new_page else "") + \
            (f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>' if num is not None else "") + \
            (f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{ACCENT}"/></w:pBdr>' if border_left else "") + \
            (f'<w:ind w:left="{round(indent_cm * CM)}"/>' if indent_cm else "")
        self.body.append(f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>")

    def text(self, text: str, style: str | None = None, **options) -> None:
        self.para(self.run(clean(text)) if text else "", style, **options)

    def heading(self, text: str, level: int, new_page: bool = False) -> None:
        """A heading in Word's own style (`Title` for level 0), which its navigation pane lists;
        `new_page` starts a page with it."""
        self.text(text, "Title" if level == 0 else f"Heading{level}", new_page=new_page)

    def meta(self, text: str) -> None:
        self.para(self.run(clean(text), italic=True, color=MUTED))

    def labelled(self, label: str, text: str, style: str | None = None, **options) -> None:
        self.para(self.run(label, bold=True) + self.run(clean(text)), style, **options)

    # -- lists -----------------------------------------------------------------------------------

    def new_list(self) -> int:
        """A numbering instance that starts at 1: the "List Number" style alone would carry on
        from one list to the next."""
        self.lists.append(self.first_num + len(self.lists))
        return self.lists[-1]

    def numbered(self, items, **options) -> int:
        num = self.new_list()
        for text in items:
            self.text(text, "ListNumber", num=num, **options)
        return num

    # -- tables ----------------------------------------------------------------------------------

    @staticmethod
    def _cell(width_cm: float, content: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="{round(width_cm * CM)}" w:type="dxa"/></w:tcPr>{content}</w:tc>'

    def table(self, header: list[str], rows: list[list[str]], widths: list[float], first_bold: bool = False) -> None:
        """A table with a header row that repeats on each page; no row splits across two pages."""
        grid = "".join(f'<w:gridCol w:w="{round(w * CM)}"/>' for w in widths)
        head = "".join(self._cell(w, f"<w:p>{self.run(clean(h), bold=True)}</w:p>") for h, w in zip(header, widths))
        body = [f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"]
        for values in rows:
            cells = "".join(self._cell(w, f"<w:p>{self.run(clean(str(v)), bold=first_bold and i == 0)}</w:p>")
                            for i, (v, w) in enumerate(zip(values, widths)))
            body.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        self.body.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{round(sum(widths) * CM)}" '
                         f'w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                         f'{"".join(body)}</w:tbl>')
        self.para()

    def lines(self, count: int) -> None:
        """Ruled space to write on: a table of `count` empty rows with a rule under each, which a
        learner can also type into."""
        rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
        none = 'w:val="nil"'
        borders = (f"<w:tblBorders><w:top {none}/><w:left {none}/><w:bottom {rule}/><w:right {none}/>"
                   f"<w:insideH {rule}/><w:insideV {none}/></w:tblBorders>")
        row = (f'<w:tr><w:trPr><w:trHeight w:val="{round(LINE_HEIGHT_CM * CM)}" w:hRule="exact"/></w:trPr>'
               f"{self._cell(TEXT_WIDTH, '<w:p/>')}</w:tr>")
        self.body.append(f'<w:tbl><w:tblPr><w:tblW w:w="{round(TEXT_WIDTH * CM)}" w:type="dxa"/>{borders}'
                         f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="{round(TEXT_WIDTH * CM)}"/>'
                         f"</w:tblGrid>{row * count}</w:tbl>")
        self.para()

    # -- contributors' Markdown ------------------------------------------------------------------

    def prose(self, markdown: str | None) -> None:
        """A Markdown field as Word paragraphs, list items and quotations."""
        lists: dict[int, int] = {}  # the numbering instance of the numbered list open at each level
        for block in prose.blocks(markdown):
            runs = "".join(self.run(r.text, bold=r.bold, italic=r.italic, code=r.code) for r in block.runs)
            if block.kind == "number":
                if block.number == 1 or block.level not in lists:
                    lists[block.level] = self.new_list()
                self.para(runs, "ListNumber", num=lists[block.level], indent_cm=0.63 * (block.level + 1) if block.level else 0)
                continue
            if block.kind != "paragraph" or block.level == 0:
                lists.clear()
            style = {"bullet": "ListBullet" if block.level == 0 else "ListBullet2", "quote": "Quote",
                     "heading": "Heading3"}.get(block.kind)
            indent = 1 if block.quoted and block.kind != "quote" else 0.63 * block.level if block.kind == "paragraph" else 0
            self.para(runs, style, indent_cm=indent)

    def task(self, focus: str, label: str) -> None:
        """The prompt after its `label` ("Your task: "), set off by a rule at its left as on the page."""
        self.para(self.run(label, bold=True) + self.run(clean(focus)), border_left=True, indent_cm=0.4)

    def glance(self, rows: list[tuple[str, str]], words: gettext.NullTranslations) -> None:
        for label, value in rows:
            self.labelled(colon(label, words) + " ", value)
        self.para()

    # -- the file --------------------------------------------------------------------------------

    def saved(self) -> bytes:
        base, numbering, abstract = _template(self.language)
        nums = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{abstract}"/><w:lvlOverride w:ilvl="0">'
                       f'<w:startOverride w:val="1"/></w:lvlOverride></w:num>' for n in self.lists)
        document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" '
                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>'
                    + "".join(self.body) +
                    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" '
                    'w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>')
        core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:title>{_esc(self.title)}</dc:title><dc:subject>{_esc(self.subject)}</dc:subject>"
                "<cp:lastModifiedBy>casebook</cp:lastModifiedBy></cp:coreProperties>")
        out = io.BytesIO(base)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            for name, text in (("word/document.xml", document),
                               ("word/numbering.xml", numbering.replace("</w:numbering>", nums + "</w:numbering>")),
                               ("docProps/core.xml", core)):
                member = zipfile.ZipInfo(name, ZIP_TIME)
                member.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(member, text.encode("utf-8"))
        return out.getvalue()


#: What XML cannot hold, beside the line breaks a run turns into breaks.
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def context_line(business, channels, labels, words: gettext.NullTranslations = ENGLISH) -> str:
    """Who and where, as the pages say it: the business, its sector and the channels (in the
    language of `words`), leaving out what the source does not state."""
    parts = [business.name]
    if business.sector != "not-stated":
        parts.append(term(business.sector, labels, words))
    stated = [term(c, labels, words) for c in channels if c != "not-stated"]
    if stated:
        parts.append(", ".join(stated))
    return " · ".join(parts)


def _height(text: str, per_line: int, line: float, after: float) -> float:
    """About how many cm a paragraph of `text` takes: its lines and the space after it."""
    return -(-max(len(text), 1) // per_line) * line + after


def _lines_left(exercise: training.LearnerExercise, meta: str, task: str) -> int | None:
    """How many ruled lines fit on the exercise's page below its text (`task` the prompt's
    label), or None when fewer than `FEWEST_LINES` would (the printed handout does the same for
    a long scenario)."""
    if len(exercise.what_happened) > LONG_SCENARIO:
        return None
    used = _height(exercise.heading, 68, 0.65, 0.9) + _height(meta, 100, 0.45, 0.4) + 0.9  # "What happened"
    used += sum(_height(block.text, 92 if block.kind != "quote" else 80, 0.47, 0.4)
                for block in prose.blocks(exercise.what_happened))
    used += _height(task + exercise.focus, 88, 0.47, 0.5) + 0.9  # and "your answer"
    lines = int((PAGE_ROOM - used) / LINE_HEIGHT_CM)
    return lines if lines >= FEWEST_LINES else None


def learner_handout(handout: training.LearnerHandout, labels, words: gettext.NullTranslations = ENGLISH,
                    language: str | None = None) -> bytes:
    """The learner handout of a module: what `training.learner_handout` holds (made in the same
    language), with ruled space for every answer; its words in the language of `words`."""
    _, ngettext = words.gettext, words.ngettext
    doc = _Doc(handout.title, _("Learner handout"), document_language(language))
    doc.heading(handout.title, 0)
    if handout.summary:
        doc.text(handout.summary)
    glance = [(_("Audience"), handout.audience), (_("Duration"), minutes(handout.duration, words, language))]
    if handout.group_size:
        glance.append((_("Group size"), handout.group_size))
    doc.glance(glance + [(_("Cases"), str(len(handout.exercises)))], words)

    doc.heading(_("Objectives"), 1)
    doc.text(_("By the end of the session you will be able to:"))
    doc.numbered(handout.objectives)

    doc.heading(_("Agenda"), 1)
    rows = [[str(e.number), e.name, str(e.minutes), _("%(num)s min") % {"num": e.start}] for e in handout.exercises]
    if handout.spare:
        rows.append(["", _("Introduction, checks and wrap-up"), str(handout.spare), ""] if handout.planned else
                    ["", _("Discussion and wrap-up"), str(handout.spare),
                     _("%(num)s min") % {"num": handout.duration - handout.spare}])
    doc.table(["#", _("Exercise"), _("Minutes"), _("Starts at")], rows, [1, 11, 2.2, 2.8])

    if handout.pre_questions:
        doc.heading(_("Before the session"), 1, new_page=True)
        doc.text(_("Answer these before the first exercise; you will come back to them at the end."))
        _check(doc, handout.pre_questions)

    task = _("Your task:") + " "
    for exercise in handout.exercises:
        doc.heading(exercise.heading, 1, new_page=True)
        meta = f"{minutes(exercise.minutes, words, language)} · " \
               f"{context_line(exercise.business, exercise.channels, labels, words)}"
        if exercise.practises:
            meta += " · " + ngettext("Practises objective %(list)s", "Practises objectives %(list)s",
                                     len(exercise.practises)) % {"list": and_list(exercise.practises, language)}
        doc.meta(meta)
        doc.heading(_("What happened"), 2)
        doc.prose(exercise.what_happened)
        doc.task(exercise.focus, task)
        lines = _lines_left(exercise, meta, task)
        # A scenario that leaves too little room below it: the writing space gets the next page.
        doc.heading(_("Exercise %(num)s: your answer") % {"num": exercise.number}, 2, new_page=lines is None)
        doc.lines(lines or PAGE_OF_LINES)

    if handout.post_questions or handout.apply_at_work:
        doc.heading(_("After the session"), 1, new_page=True)
        if handout.post_questions:
            doc.text(_("Answer these again, then compare with what you wrote before the session."))
            _check(doc, handout.post_questions)
        if handout.apply_at_work:
            doc.heading(_("Back at work"), 2)
            doc.prose(handout.apply_at_work)
            doc.lines(WORK_LINES)
    return doc.saved()


def _check(doc: _Doc, questions) -> None:
    num = doc.new_list()
    for question in questions:
        doc.text(question, "ListNumber", num=num, keep_next=True)
        doc.lines(CHECK_LINES)


def facilitator_pack(book: Casebook, module: Module, labels, words: gettext.NullTranslations = ENGLISH,
                     language: str | None = None) -> bytes:
    """The facilitator pack of a module: the running order, every answer, the role-play briefs,
    the rubric and the likely objections, as the site's facilitator pack has them; its words in
    the language of `words`."""
    _, ngettext = words.gettext, words.ngettext
    title = _("Facilitator pack: {title}").replace("{title}", module.title)
    doc = _Doc(title, _("Facilitator pack"), document_language(language))
    doc.heading(title, 0)
    doc.meta(_("For the facilitator only. Learners work from the learner handout; after the exercises, "
               "hand out the case cards."))
    glance = [(_("Audience"), module.audience), (_("Duration"), minutes(module.duration, words, language))]
    if module.group_size:
        glance.append((_("Group size"), module.group_size))
    if module.materials:
        glance.append((_("Materials"), "; ".join(module.materials)))
    doc.glance(glance, words)
    if module.summary:
        doc.text(module.summary)

    doc.heading(_("Objectives"), 1)
    by = training.practised(module)
    doc.numbered(objective + (" (" + ngettext("exercise %(list)s", "exercises %(list)s", len(by[n]))
                              % {"list": and_list(by[n], language)} + ")" if n in by else "")
                 for n, objective in enumerate(module.objectives, start=1))

    doc.heading(_("Agenda"), 1)
    doc.table([_("Clock"), _("Minutes"), _("Activity"), _("Notes")],
              [[row.clock, str(row.minutes), row.label, row.note or ""]
               for row in training.activities(book, module, words)],
              [3.0, 2.4, 5.4, 6.2])

    if module.facilitator_notes:
        doc.heading(_("Running the session"), 1)
        doc.prose(module.facilitator_notes)
    if module.pre_questions or module.post_questions:
        doc.heading(_("Checks before and after"), 1)
        for label, questions in ((_("Before the session"), module.pre_questions),
                                 (_("After the session"), module.post_questions)):
            if questions:
                doc.para(doc.run(label, bold=True), keep_next=True)
                doc.numbered(questions)

    items, _spare = training.agenda(book, module)
    for n, (item, start) in enumerate(items, start=1):
        case = book.cases[item.case]
        doc.heading(training.exercise_heading(n, case.title, words), 1, new_page=True)
        meta = _("Starts at %(num)s min") % {"num": start} + " · " + minutes(item.minutes, words, language)
        if item.practises:
            meta += " · " + ngettext("practises objective %(list)s", "practises objectives %(list)s",
                                     len(item.practises)) % {"list": and_list(item.practises, language)}
        doc.meta(f"{meta} · {term(case.verdict, labels, words)}")
        doc.task(item.focus, _("Prompt to learners:") + " ")
        doc.heading(_("How the business responded"), 2)
        doc.prose(case.response)
        doc.heading(_("Outcome"), 2)
        doc.prose(case.outcome)
        if item.model_answer:
            doc.heading(_("Model answer"), 2)
            doc.prose(item.model_answer)
        doc.heading(_("Discussion questions"), 2)
        num = doc.new_list()
        for question in item.discussion:
            doc.text(question.question, "ListNumber", num=num, keep_next=True)
            doc.labelled(_("Good answers cover:") + " ", question.good_answers_cover, indent_cm=0.63)
        if not item.discussion:
            for question in case.discussion:
                doc.text(question, "ListNumber", num=num)
        doc.heading(_("Lessons to draw out"), 2)
        for link in case.lessons:
            lesson = book.lessons.get(link.id)
            doc.labelled(colon(stance(link.stance, words), words) + " ", lesson.title if lesson else link.id,
                         style="ListBullet")
            if link.note:
                doc.para(doc.run(prose.plain(link.note), italic=True), indent_cm=0.63)

    if module.role_plays:
        doc.heading(_("Role-play briefs"), 1, new_page=True)
        for play in module.role_plays:
            doc.heading(play.title, 2)
            if play.case and play.case in book.cases:
                doc.meta(upper_first(_("from “%(title)s”") % {"title": book.cases[play.case].title}))
            for label, text in ((_("The situation (both players)"), play.situation),
                                (_("Brief for the customer"), play.customer),
                                (_("Brief for the staff member"), play.staff)):
                doc.para(doc.run(label, bold=True), keep_next=True)
                doc.prose(text)
    if module.rubric:
        doc.heading(_("Rubric"), 1, new_page=True)
        doc.text(_("For the learners' written answers: for each criterion, find the description closest to the answer."))
        doc.table([_("Criterion"), _("Weak"), _("Sound"), _("Strong")],
                  [[r.criterion, r.weak, r.sound, r.strong] for r in module.rubric],
                  [3.8, 4.4, 4.4, 4.4], first_bold=True)
    if module.objections:
        doc.heading(_("Likely objections"), 1)
        for row in module.objections:
            doc.para(doc.run(_("“%(text)s”") % {"text": clean(row.objection)}, bold=True, italic=True),
                     keep_next=True)
            doc.text(row.handling)
    if module.apply_at_work:
        doc.heading(_("Back at work"), 1)
        doc.prose(module.apply_at_work)
    return doc.saved()
