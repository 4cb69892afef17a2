"""A module as a SCORM 1.2 package: the zip a learning management system imports.

It holds `imsmanifest.xml` (IMS Content Packaging 1.1.2 with ADL's SCORM 1.2 extensions: one
organization whose item points at one resource, a SCO, which lists every file) and the module's
learner page, self-contained: the casebook's stylesheet and the package's own stylesheet and
script are files of the package, and the page requests nothing else. Learners write their
answers, reveal what the business did after each exercise, as on the site's module page, and
rate themselves on the after-session questions: the self-check, whose mean is the score
`scorm.js` reports with the module's completion through the SCORM 1.2 API. The page's words,
and those its script shows (given it in `data-` attributes), are the casebook's, in the site's
language (`page_words`).
"""

from __future__ import annotations

import gettext
import io
import os
import zipfile
from xml.etree import ElementTree as ET

import jinja2

from casebook import i18n
from casebook.i18n import N_
from casebook.link.casefiles import Casebook
from casebook.model import Module
from casebook.publish.office import ZIP_TIME, stance, term
from casebook.publish.office.word import context_line
from casebook.render import markup, training
from casebook.render.training import ENGLISH

HERE = os.path.join(os.path.dirname(__file__), "scorm")
#: The casebook's stylesheet, as the site publishes it.
STYLESHEET = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "assets", "casebook.css")
#: The page, and the files beside it, in the order the manifest lists them.
PAGE = "index.html"
FILES = (PAGE, "casebook.css", "scorm.css", "scorm.js")

#: The answers of the self-check, with the score each gives (in English; translated where shown).
RATINGS = ((0, N_("Not yet")), (50, N_("Partly")), (100, N_("Well")))

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (f"{IMSCP} imscp_rootv1p1p2.xsd "
                    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                    f"{ADLCP} adlcp_rootv1p2.xsd")

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True, trim_blocks=True,
                          lstrip_blocks=True, undefined=jinja2.StrictUndefined)
_ENV.filters["prose"] = markup.prose


def page_words(words: gettext.NullTranslations) -> dict[str, str]:
    """What the page says around the module's own text, in the language of `words`, by the
    names `index.html.j2` uses; and what `scorm.js` says, `{name}` where it puts a value."""
    _ = words.gettext
    return {
        "audience": _("Audience"),
        "cases": _("Cases"),
        "objectives": _("Objectives"),
        "able": _("By the end of the module you will be able to:"),
        "before": _("Before you start"),
        "before_note": _("Answer these first; you will come back to them at the end."),
        "what_happened": _("What happened"),
        "task": _("Your task:"),
        "write_down": _("Write down what you would do, then reveal what the business did."),
        "reveal_response": _("Reveal how the business responded"),
        "reveal_outcome": _("Reveal the outcome"),
        "reveal_verdict": _("Reveal the verdict and the lessons"),
        "discuss": _("Discuss, after the reveal"),
        "check": _("Check yourself"),
        "check_note": _("Answer these again, compare with what you wrote at the start, and say how well you can "
                        "answer each now."),
        "answer_now": _("Your answer now"),
        "how_well": _("How well can you answer it now?"),
        "back_at_work": _("Back at work"),
        "finish": _("Finish the module"),
        # What scorm.js says.
        "recorded": _("Your progress is recorded by your learning platform."),
        "not_recorded": _("No learning platform found: you can work through the module, but nothing is recorded."),
        "you_wrote": _("At the start you wrote: %(text)s") % {"text": "{text}"},
        "rate_first": _("Say how well you can answer each question first."),
        "finished": _("Module finished."),
        "scored": _("Module finished: your self-check score is %(score)s out of 100.") % {"score": "{score}"},
        "kept": _("Your learning platform has recorded it."),
    }


def page(book: Casebook, module: Module, labels, words: gettext.NullTranslations = ENGLISH,
         language: str | None = None) -> str:
    """The learner's page: the learner handout (`training.learner_handout`), each exercise's
    reveals as the site's module page has them, and the self-check; its words in the language
    of `words`."""
    _ = words.gettext
    handout = training.learner_handout(book, module, words)
    items = {n: item for n, (item, _start) in enumerate(training.agenda(book, module)[0], start=1)}
    reveals, contexts = {}, {}
    for exercise in handout.exercises:
        case = book.cases[exercise.case]
        item = items[exercise.number]
        reveals[exercise.number] = {
            "answer_label": _("Exercise %(num)s: your answer") % {"num": exercise.number},
            "response": case.response, "outcome": case.outcome, "verdict": case.verdict,
            "verdict_label": term(case.verdict, labels, words),
            "lessons": [(link.stance, stance(link.stance, words),
                         book.lessons[link.id].title if link.id in book.lessons else link.id)
                        for link in case.lessons],
            "questions": [q.question for q in item.discussion] or case.discussion,
        }
        contexts[exercise.number] = context_line(exercise.business, exercise.channels, labels, words)
    return _ENV.get_template("index.html.j2").render(
        handout=handout, reveals=reveals, contexts=contexts, lang=i18n.language_code(language),
        say=page_words(words), ratings=[(value, _(label)) for value, label in RATINGS])


def manifest(module: Module) -> str:
    """`imsmanifest.xml`: the module as one SCO, which lists every file of the package."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": f"casebook-{module.id}", "version": "1.0",
                                               f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS})
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": "casebook"})
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", {"identifier": "casebook"})
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = module.title
    item = ET.SubElement(organization, f"{{{IMSCP}}}item", {"identifier": "module", "identifierref": "sco",
                                                            "isvisible": "true"})
    ET.SubElement(item, f"{{{IMSCP}}}title").text = module.title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    resource = ET.SubElement(resources, f"{{{IMSCP}}}resource", {"identifier": "sco", "type": "webcontent",
                                                                 f"{{{ADLCP}}}scormtype": "sco", "href": PAGE})
    for name in FILES:
        ET.SubElement(resource, f"{{{IMSCP}}}file", {"href": name})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def package(book: Casebook, module: Module, labels, words: gettext.NullTranslations = ENGLISH,
            language: str | None = None) -> bytes:
    """The SCORM 1.2 package of a module, as the bytes of its zip file; its page in the
    language of `words` (`language`)."""
    contents = {
        "imsmanifest.xml": manifest(module).encode("utf-8"),
        PAGE: page(book, module, labels, words, language).encode("utf-8"),
        "casebook.css": _read(STYLESHEET),
        "scorm.css": _read(os.path.join(HERE, "scorm.css")),
        "scorm.js": _read(os.path.join(HERE, "scorm.js")),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in contents.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()
