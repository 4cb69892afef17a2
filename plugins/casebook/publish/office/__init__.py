"""A training module as files for a trainer's own tools: Word documents, a PowerPoint deck and
a SCORM 1.2 package for a learning management system.

The site publishes them beside each module's page (`paths.module_download`), and `casebook
export module` writes them. Word and PowerPoint need python-docx and python-pptx, the
`office` extra; SCORM needs nothing more than the casebook. Nothing here knows MkDocs.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import importlib.metadata
import importlib.util
import io
import os
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Callable, Mapping

from casebook import i18n, paths
from casebook.check.schema import term_label
from casebook.i18n import N_
from casebook.link.casefiles import Casebook

#: The formats, and what each holds.
FORMATS = {
    "docx": "Word: the learner handout and the facilitator pack",
    "pptx": "PowerPoint: the slides to run the session from",
    "scorm": "SCORM 1.2: the module for a learning management system",
}
#: The Python package each format needs beyond the casebook's own, as it is imported.
LIBRARIES = {"docx": "docx", "pptx": "pptx"}
#: What installs them.
INSTALL = "pip install 'mkdocs-casebook[office]'"


@dataclass(frozen=True)
class Download:
    """One file made from a module: its format, the end of its name, and how a link names it."""

    format: str
    name: str
    label: str


DOWNLOADS = (
    Download("docx", "learner-handout.docx", N_("learner handout (Word)")),
    Download("docx", "facilitator-pack.docx", N_("facilitator pack (Word)")),
    Download("pptx", "slides.pptx", N_("slides (PowerPoint)")),
    Download("scorm", "scorm12.zip", N_("SCORM 1.2 package, for a learning management system")),
)


def _installed(name: str) -> bool:
    """Whether the library `name` can be imported, found without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # ValueError: set aside in sys.modules
        return False


def available() -> tuple[str, ...]:
    """The formats whose libraries are installed, in the order of `FORMATS`."""
    return tuple(fmt for fmt in FORMATS if fmt not in LIBRARIES or _installed(LIBRARIES[fmt]))


def missing_note(formats=tuple(FORMATS)) -> str | None:
    """What to install for `formats`, in one line; None when nothing is missing."""
    missing = [fmt for fmt in formats if fmt not in available()]
    if not missing:
        return None
    names = " and ".join({"docx": "Word", "pptx": "PowerPoint"}[fmt] for fmt in missing)
    libraries = " and ".join(f"python-{LIBRARIES[fmt]}" for fmt in missing)
    return f"{names} files of the training modules need {libraries}: {INSTALL}"


#: When the files inside a document were written, as every document says it: fixed, so that the
#: same module gives the same bytes (a dirty rebuild writes again only what changed).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_STAMP = struct.pack("<HH", 0, (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2])


def steady_zip(data: bytes) -> bytes:
    """A zip file (a .docx or .pptx as its library saved it) with every member dated `ZIP_TIME`.
    The dates are written over in the members' headers, where they sit at fixed places; the
    compressed data is left as it is."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        record = archive.start_dir  # the first entry of the central directory
        for info in archive.infolist():
            local = info.header_offset
            if out[local:local + 4] != b"PK\x03\x04" or out[record:record + 4] != b"PK\x01\x02":
                raise ValueError("not a zip file as expected")
            out[local + 10:local + 14] = _DOS_STAMP
            out[record + 12:record + 16] = _DOS_STAMP
            name, extra, comment = struct.unpack("<HHH", out[record + 28:record + 34])
            record += 46 + name + extra + comment
    return bytes(out)


# -- the casebook's words in a document, as its pages say them ------------------------------------


def term(value: str, labels: Mapping[str, str], words: gettext.NullTranslations) -> str:
    """A verdict's or vocabulary term's label in the language of `words`, as the pages show it
    (`Renderer.term`): the site's own label or the built-in one, looked up in the catalogs."""
    return words.gettext(term_label(value, labels))


def stance(value: str, words: gettext.NullTranslations) -> str:
    """How a lesson's stance is named beside it ("Followed"), as the pages name it."""
    from casebook.render.markdown_pages import STANCE_LABELS

    label = STANCE_LABELS.get(value)
    return words.gettext(label) if label else value.capitalize()


def minutes(number: int, words: gettext.NullTranslations, language: str | None) -> str:
    """"1 minute", "90 minutes", in the language of `words`, the number as `language` writes it."""
    return words.ngettext("%(num)s minute", "%(num)s minutes", number) % {"num": i18n.format_number(number, language)}


def colon(label: str, words: gettext.NullTranslations) -> str:
    """A label before its value ("Audience:"), punctuated as the language of `words` does it
    (French puts a space before the colon); the value follows after a space."""
    return words.gettext("%(label)s:") % {"label": label}


#: The language python-docx's and python-pptx's templates mark their text as written in.
TEMPLATE_LANGUAGE = "en-US"


def document_language(language: str | None) -> str:
    """The language as Word and PowerPoint mark text with it, for their spelling and grammar
    checks: with a region, as their proofing tools go (`de-DE`, `pt-BR`), the one CLDR says the
    language most likely means where the site names none (`en` is `en-US`, the templates' own)."""
    code = i18n.language_code(language)
    if "-" in code:
        return code
    from babel.core import get_global

    likely = (get_global("likely_subtags").get(code.lower()) or "").split("_")
    region = likely[-1] if len(likely) > 1 else ""
    return f"{code}-{region}" if region.isupper() or region.isdigit() else code


def module_files(book: Casebook, module_id: str, fmt: str, labels: Mapping[str, str],
                 words: gettext.NullTranslations | None = None, language: str | None = None) -> dict[str, bytes]:
    """The files of one format made from a module, by the end of their names (`Download.name`),
    their words in `language` (`words`, the casebook's catalogs for it by default; English
    without either). Raises ImportError when the format's library is not installed."""
    from casebook.render import training

    words = i18n.translations(language) if words is None else words
    module = book.modules[module_id]
    if fmt == "docx":
        from casebook.publish.office import word

        return {"learner-handout.docx": word.learner_handout(training.learner_handout(book, module, words), labels,
                                                             words, language),
                "facilitator-pack.docx": word.facilitator_pack(book, module, labels, words, language)}
    if fmt == "pptx":
        from casebook.publish.office import slides

        return {"slides.pptx": slides.deck(book, module, labels, words, language)}
    if fmt == "scorm":
        from casebook.publish.office import scorm

        return {"scorm12.zip": scorm.package(book, module, labels, words, language)}
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _inputs(book: Casebook, module_id: str, labels: Mapping[str, str], language_key: tuple = ()) -> tuple:
    """Everything a module's files are made from: the module, its cases, their lessons' titles,
    the labels, and the language (`_language_key`)."""
    module = book.modules[module_id]
    cases = tuple(book.cases.get(item.case) for item in module.cases)
    titles = tuple(book.lessons[link.id].title if link.id in book.lessons else None
                   for case in cases if case is not None for link in case.lessons)
    return module, cases, titles, tuple(sorted(labels.items())), language_key


def _language_key(language: str | None, locale_dir: str | None) -> tuple:
    """What the files' words come from: the language, and the contents of the site's own
    catalogs for it (`locale_dir`), which a site may change between builds. The casebook's own
    catalogs are among its files, which `_fingerprint` reads."""
    found = []
    if locale_dir:
        for name in i18n.candidates(language):
            for ext in (".mo", ".po"):
                path = os.path.join(locale_dir, name, "LC_MESSAGES", i18n.DOMAIN + ext)
                try:
                    with open(path, "rb") as f:
                        found.append((name + ext, hashlib.sha256(f.read()).hexdigest()))
                except OSError:
                    pass
    return (language or "en", tuple(found))


@functools.lru_cache(maxsize=1)
def _fingerprint() -> str:
    """What made the files, besides their inputs: the casebook's own files (its code, templates
    and stylesheet), its version and the libraries'; a change to any of them makes every file
    again."""
    digest = hashlib.sha256()
    package = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sources = [os.path.join(folder, name) for folder, _, names in os.walk(package) for name in names
               if "__pycache__" not in folder]
    for path in sorted(sources):
        with open(path, "rb") as f:
            digest.update(os.path.relpath(path, package).encode() + b"\0" + f.read())
    for package in ("mkdocs-casebook", "python-docx", "python-pptx"):
        try:
            digest.update(f"{package} {importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


def store_folder() -> str:
    """Where made files are kept between builds: `CASEBOOK_CACHE_DIR`, or the user's cache
    folder (`$XDG_CACHE_HOME/casebook/office`, `~/.cache/casebook/office`)."""
    own = os.environ.get("CASEBOOK_CACHE_DIR")
    if own:
        return os.path.join(own, "office")
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "casebook", "office")


def _stored(fmt: str, inputs: tuple, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    """A module's files in `fmt`, as made from `inputs` by `make`, kept on disk between builds:
    a build writes the same bytes from the same inputs, so a module that has not changed since
    any earlier build (of this site or another) is read, not made again. Any trouble with the
    folder, and the files are made as if it were not there."""
    key = hashlib.sha256(repr((fmt, inputs, _fingerprint())).encode()).hexdigest()
    path = os.path.join(store_folder(), key[:2], f"{key}.zip")
    try:
        with zipfile.ZipFile(path) as kept:
            return {name: kept.read(name) for name in kept.namelist()}
    except (OSError, zipfile.BadZipFile, KeyError):
        pass
    files = make()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as out:
                for name, data in files.items():
                    out.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
            os.replace(partial, path)
        finally:
            if os.path.exists(partial):
                os.remove(partial)
    except OSError:
        pass
    return files


def site_downloads(book: Casebook, formats, labels: Mapping[str, str], cache: dict | None = None, *,
                   language: str | None = None, locale_dir: str | None = None) -> dict[str, bytes]:
    """Every module's files in `formats`, each by its path in the site (`paths.module_download`),
    their words in the site's `language` (its own catalogs in `locale_dir` first, as its pages;
    English without it). With `cache` (kept by a server between builds), a module's files are
    made again only when what they are made from changed."""
    files: dict[str, bytes] = {}
    kept = {} if cache is None else cache
    language_key = _language_key(language, locale_dir)
    words = i18n.translations(language, locale_dir)  # the site's own catalogs as they are now
    for module_id in book.modules:
        for fmt in formats:
            inputs = _inputs(book, module_id, labels, language_key)
            entry = kept.get((module_id, fmt))
            if entry is None or entry[0] != inputs:
                made = _stored(fmt, inputs,
                               lambda: module_files(book, module_id, fmt, labels, words, language))  # noqa: B023
                entry = kept[(module_id, fmt)] = (inputs, made)
            files.update({paths.module_download(module_id, name): data for name, data in entry[1].items()})
    if cache is not None:
        for key in [k for k in cache if k[0] not in book.modules or k[1] not in formats]:
            del cache[key]
    return files


def links(module_id: str, formats, href: Callable[[str], str]) -> list[tuple[str, str]]:
    """(address, label) of each file of a module in `formats`, `href` making an address of a path."""
    return [(href(paths.module_download(module_id, d.name)), d.label) for d in DOWNLOADS if d.format in formats]
